import type {TlsSettings} from './connect.js';
import {t} from '../i18n/translate.js';
import {EngineError, type Unreachable} from './types.js';

// Network failures carry a code; the short gloss keeps the code searchable while saying what it means
// (in the user's language, looked up when said).
export const connectionCodes: Readonly<Record<string, () => string>> = {
	ECONNREFUSED: () => t('connection refused'),
	ENOENT: () => t('no such socket'),
	EACCES: () => t('permission denied'),
	EPERM: () => t('permission denied'),
	ECONNRESET: () => t('connection reset'),
	EPIPE: () => t('connection closed'),
	ETIMEDOUT: () => t('timed out'),
	EHOSTUNREACH: () => t('host unreachable'),
	ENETUNREACH: () => t('network unreachable'),
	ENOTFOUND: () => t('host not found'),
	EAI_AGAIN: () => t('host name lookup failed'),
	// Node's fetch (registries) names its socket failures so.
	UND_ERR_SOCKET: () => t('connection closed'),
	UND_ERR_CONNECT_TIMEOUT: () => t('timed out'),
};

// Certificate and handshake failures, from Node's TLS layer and OpenSSL.
const tlsCode = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_)/;

/** The engine's certificate does not chain up to a CA we were told to trust. */
const untrustedServerCodes = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_SIGNATURE_FAILURE',
	'CERT_UNTRUSTED',
]);

/** Alerts the engine sends when it does not accept our client certificate, or got none. */
const clientCertificateAlert = /^ERR_SSL_(TLSV13_ALERT_CERTIFICATE_REQUIRED|SSLV3_ALERT_BAD_CERTIFICATE|TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT_CERTIFICATE_UNKNOWN|TLSV1_ALERT_ACCESS_DENIED|SSLV3_ALERT_HANDSHAKE_FAILURE)$/;

/** What OpenSSL makes of a plain (non-TLS) server's answer to its hello. */
const notTls = /^(wrong version number|packet length too long|http request)$/;

export type {Unreachable} from './types.js';

/** A failure to reach the engine at all; the message is `title: reason; hint`. */
export class UnreachableError extends EngineError {
	readonly details: Unreachable;
	constructor(details: Unreachable) {
		super(`${details.title}: ${details.reason}${details.hint === undefined ? '' : `; ${details.hint}`}`);
		this.details = details;
	}
}

/** The title, reason and hint of an error that says the engine cannot be reached, or undefined for any other error. */
export function unreachableDetails(error: unknown): Unreachable | undefined {
	return error instanceof UnreachableError ? error.details : undefined;
}

/** The TLS files each failed connection presented, so its message can name them (see client.ts). */
const tlsOfFailure = new WeakMap<object, TlsSettings>();

/** Remembers that `error` happened on a connection that presented `tls`. */
export function noteTlsSettings(error: unknown, tls: TlsSettings): void {
	if (error && typeof error === 'object') {
		tlsOfFailure.set(error, tls);
	}
}

interface DockerodeErrorShape {
	code?: unknown;
	statusCode?: unknown;
	json?: unknown;
	message?: unknown;
	reason?: unknown;
	/** Set by the SSH client: "client-authentication", "client-socket", "client-timeout". */
	level?: unknown;
	/** Set on failed connections: the socket path or IP address, and the TCP port. */
	address?: unknown;
	port?: unknown;
	hostname?: unknown;
}

/** The engine's own reason for a failed request, from the body dockerode attached to the error. */
function reasonFromBody(json: unknown): string | undefined {
	if (json && typeof json === 'object' && !Buffer.isBuffer(json)) {
		const message = (json as {message?: unknown}).message;
		if (typeof message === 'string' && message.trim() !== '') {
			return message.trim();
		}
	}
	const text = Buffer.isBuffer(json) ? json.toString('utf8') : typeof json === 'string' ? json : '';
	return text.trim() === '' ? undefined : text.trim();
}

/** What to try when a connection failed with `code`. */
function connectionHint(code: string, shape: DockerodeErrorShape, endpoint: string): string | undefined {
	const overSsh = /\bssh:\/\//.test(endpoint);
	const overNetwork = typeof shape.port === 'number' || overSsh || /\btcp:\/\//.test(endpoint);
	switch (code) {
		case 'ENOENT':
		case 'ECONNREFUSED': {
			if (overSsh) {
				return t('is sshd running on that host and port?');
			}
			return overNetwork ? t('is the Docker daemon running there, and listening on that port?') : t('is the Docker daemon running?');
		}
		case 'EACCES':
		case 'EPERM': {
			return overNetwork ? undefined : t('add your user to the docker group, or run as root');
		}
		case 'ENOTFOUND': {
			return typeof shape.hostname === 'string' ? t('check the host name "{host}"', {host: shape.hostname}) : t('check the host name');
		}
		case 'EAI_AGAIN': {
			return t("check the host name, and this machine's DNS settings");
		}
		case 'ETIMEDOUT':
		case 'EHOSTUNREACH':
		case 'ENETUNREACH': {
			return t('check the address, and that no firewall drops the connection');
		}
		default: {
			return undefined;
		}
	}
}

/** The reason and hint of a TLS failure, naming the file that did not do its job. */
function tlsFailure(code: string, message: string, shape: DockerodeErrorShape, tls: TlsSettings): Omit<Unreachable, 'title'> {
	// OpenSSL's reason comes apart from the message, which adds codes and source lines; a socket's
	// EPROTO only has it inside the message ("...:SSL routines:ssl3_get_record:wrong version number:...").
	const detail =
		typeof shape.reason === 'string' && shape.reason.trim() !== ''
			? shape.reason.trim()
			: (/:SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message);
	const why = `${detail} (${code})`;
	if (untrustedServerCodes.has(code)) {
		return tls.caFile === undefined
			? {
					reason: t("the engine's certificate is not signed by a CA this machine trusts, and no ca.pem was given: {why}", {why}),
					hint: t("put the CA that signed the engine's certificate in DOCKER_CERT_PATH as ca.pem"),
				}
			: {
					reason: t("the engine's certificate is not signed by the CA in {file}: {why}", {file: tls.caFile, why}),
					hint: t("use the ca.pem of the CA that signed the engine's certificate"),
				};
	}
	if (code === 'CERT_HAS_EXPIRED') {
		return {reason: t("the engine's certificate has expired: {why}", {why})};
	}
	if (code === 'CERT_NOT_YET_VALID') {
		return {reason: t("the engine's certificate is not valid yet: {why}", {why}), hint: t("check this machine's clock")};
	}
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		return {
			reason: t("the engine's certificate is for another name: {why}", {why}),
			hint: t('connect by a name or address the certificate lists'),
		};
	}
	if (clientCertificateAlert.test(code)) {
		return tls.certFile === undefined
			? {
					reason: t('the engine wants a client certificate, and none was given: {why}', {why}),
					hint: t('put the client certificate and its key in cert.pem and key.pem (DOCKER_CERT_PATH)'),
				}
			: {
					reason: t('the engine refused the client certificate {file}: {why}', {file: tls.certFile, why}),
					hint: t('use a client certificate signed by the CA the engine trusts (its --tlscacert)'),
				};
	}
	if (notTls.test(detail)) {
		return {
			reason: t('the engine does not answer with TLS on this port: {why}', {why}),
			hint: t('unset DOCKER_TLS_VERIFY and DOCKER_TLS, or use the port the engine serves TLS on'),
		};
	}
	return {reason: why};
}

/** A plain-HTTP request reached a TLS port; Go's servers answer it with this 400. */
function answeredWithTls(statusCode: number, reason: string): boolean {
	return statusCode === 400 && /HTTP request to an HTTPS server/i.test(reason);
}

/** Turns whatever a dockerode call threw into an EngineError whose message is the reason in plain words. */
export function toEngineError(error: unknown, endpoint: string): EngineError {
	if (error instanceof EngineError) {
		return error;
	}
	const shape: DockerodeErrorShape = error && typeof error === 'object' ? error : {};
	const statusCode = typeof shape.statusCode === 'number' ? shape.statusCode : undefined;
	if (statusCode !== undefined) {
		const reason =
			reasonFromBody(shape.json) ?? (typeof shape.reason === 'string' ? shape.reason : `HTTP ${statusCode}`);
		if (answeredWithTls(statusCode, reason)) {
			return new UnreachableError({
				title: t('cannot connect to the Docker engine at {endpoint}', {endpoint}),
				reason: t('the engine answered with TLS, and berth spoke plain HTTP ("client sent an HTTP request to an HTTPS server")'),
				hint: t('set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem'),
			});
		}
		return new EngineError(reason, statusCode);
	}
	const message = typeof shape.message === 'string' ? shape.message.trim() : String(error);
	const code = typeof shape.code === 'string' ? shape.code : undefined;
	if (code !== undefined && code in connectionCodes) {
		return new UnreachableError({
			title: t('cannot connect to the Docker engine at {endpoint}', {endpoint}),
			reason: `${code} (${connectionCodes[code]?.()})`,
			hint: connectionHint(code, shape, endpoint),
		});
	}
	const tls = error && typeof error === 'object' ? tlsOfFailure.get(error) : undefined;
	if (code !== undefined && (tlsCode.test(code) || (code === 'EPROTO' && tls !== undefined))) {
		return new UnreachableError({
			title: t('TLS with the Docker engine at {endpoint} failed', {endpoint}),
			...(tls === undefined ? {reason: `${message} (${code})`} : tlsFailure(code, message, shape, tls)),
		});
	}
	if (typeof shape.level === 'string' && shape.level.startsWith('client-')) {
		return new UnreachableError({title: t('SSH to the Docker engine at {endpoint} failed', {endpoint}), reason: message});
	}
	return new EngineError(message === '' ? t('unknown engine error') : message);
}

/** Runs an engine call, turning whatever it throws into an EngineError. */
export async function call<T>(endpoint: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw toEngineError(error, endpoint);
	}
}
