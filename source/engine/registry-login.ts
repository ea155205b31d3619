// `docker login` and `docker logout`: the engine checks the credentials against the registry
// (POST /auth), and only credentials it accepted are stored, where the docker CLI stores them.
import type Docker from 'dockerode';
import {
	credentialKey,
	eraseCredentials,
	storeCredentials,
	type CredentialOptions,
} from './credentials.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

export interface LoginResult {
	/** The key the credentials were stored under ("127.0.0.1:5001", "https://index.docker.io/v1/"). */
	registry: string;
	/** Set when the password went into config.json unencrypted (no credential helper configured). */
	warning?: string;
}

/**
 * The engine's reason for a failed registry request, without the Go noise: the request line
 * (`Get "https://host/v2/": `), the dialled address, the resolver's address.
 */
export function cleanRegistryReason(reason: string): string {
	let text = reason.trim();
	text = text.replace(/^(?:Error response from daemon:\s*)/i, '');
	text = text.replace(/^(?:Get|Head|Post|Put)\s+"[^"]*":\s*/, '');
	const lookup = /dial tcp: lookup (\S+?)(?: on \S+)?: (.+)$/.exec(text);
	if (lookup) {
		const [, host = '', why = ''] = lookup;
		return /no such host/i.test(why) ? `host ${host} not found` : `looking up ${host} failed: ${why}`;
	}
	const dial = /dial tcp \S+: (?:connect: )?(.+)$/.exec(text);
	if (dial?.[1]) {
		return dial[1];
	}
	if (/(?:i\/o timeout|context deadline exceeded|Client\.Timeout exceeded)/i.test(text)) {
		return 'timed out';
	}
	return text;
}

/** Whether an engine's reason says it could not reach the other side at all. */
export function isUnreachableReason(reason: string): boolean {
	return /dial tcp|connection refused|no such host|network is unreachable|no route to host|i\/o timeout|context deadline exceeded|Client\.Timeout exceeded|connection reset/i.test(
		reason,
	);
}

const wrongCredentials = /401 Unauthorized|unauthorized|incorrect username or password|authentication required/i;

function reasonOf(error: unknown): {reason: string; statusCode?: number} {
	const shape = (error && typeof error === 'object' ? error : {}) as {
		json?: unknown;
		message?: unknown;
		statusCode?: unknown;
		code?: unknown;
	};
	const statusCode = typeof shape.statusCode === 'number' ? shape.statusCode : undefined;
	const json = shape.json;
	if (json && typeof json === 'object' && !Buffer.isBuffer(json)) {
		const message = (json as {message?: unknown}).message;
		if (typeof message === 'string' && message.trim() !== '') {
			return {reason: message.trim(), statusCode};
		}
	}
	if (typeof json === 'string' && json.trim() !== '') {
		return {reason: json.trim(), statusCode};
	}
	if (typeof shape.code === 'string') {
		return {reason: `the Docker engine is unreachable (${shape.code})`, statusCode};
	}
	const message = typeof shape.message === 'string' ? shape.message : String(error);
	return {reason: message.replace(/^\(HTTP code \d+\)\s*[a-z ]*-\s*/i, '').trim(), statusCode};
}

/**
 * Logs in to a registry: the engine checks the credentials, and only then are they stored. A
 * refusal rejects with an EngineError in plain words ("login to 127.0.0.1:5001 failed: wrong user
 * name or password"); the password is never part of a message.
 */
export async function login(
	docker: Docker,
	registry: string,
	username: string,
	password: string,
	options: CredentialOptions & {signal?: AbortSignal} = {},
): Promise<LoginResult> {
	const key = credentialKey(registry);
	const shown = key === 'https://index.docker.io/v1/' ? 'Docker Hub' : key;
	if (username.trim() === '') {
		throw new EngineError(t('login to {shown} failed: a user name is needed', {shown}));
	}
	if (password === '') {
		throw new EngineError(t('login to {shown} failed: a password is needed', {shown}));
	}
	let answer: unknown;
	try {
		answer = await docker.checkAuth({
			username,
			password,
			serveraddress: key,
			...(options.signal ? {abortSignal: options.signal} : {}),
		});
	} catch (error) {
		const {reason, statusCode} = reasonOf(error);
		if (options.signal?.aborted) {
			throw new EngineError(t('login to {shown} was cancelled', {shown}));
		}
		// The engine's reason may quote the request it made, never the password; blank it anyway.
		const safe = reason.split(password).join('***');
		if (statusCode === 401 || wrongCredentials.test(safe)) {
			throw new EngineError(t('login to {shown} failed: wrong user name or password', {shown}), statusCode);
		}
		if (isUnreachableReason(safe)) {
			throw new EngineError(
				`login to ${shown} failed: registry ${shown} is unreachable: ${cleanRegistryReason(safe)}`,
				statusCode,
			);
		}
		throw new EngineError(t('login to {shown} failed: {reason}', {shown, reason: cleanRegistryReason(safe)}), statusCode);
	}
	const status = answer && typeof answer === 'object' ? (answer as {Status?: unknown}).Status : undefined;
	if (typeof status !== 'string' || !/succeeded/i.test(status)) {
		throw new EngineError(t('login to {shown} failed: the engine did not confirm the login', {shown}));
	}
	const {warning} = await storeCredentials(key, username, password, options);
	return warning === undefined ? {registry: key} : {registry: key, warning};
}

/** Forgets a registry's stored credentials; false when there were none. */
export function logout(registry: string, options: CredentialOptions = {}): Promise<boolean> {
	return eraseCredentials(registry, options);
}
