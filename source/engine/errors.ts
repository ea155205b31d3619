import {EngineError} from './types.js';

// Network failures carry a code; the short gloss keeps the code searchable while saying what it means.
export const connectionCodes: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'connection refused',
	ENOENT: 'no such socket',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed',
	ETIMEDOUT: 'timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	// Node's fetch (registries) names its socket failures so.
	UND_ERR_SOCKET: 'connection closed',
	UND_ERR_CONNECT_TIMEOUT: 'timed out',
};

// Certificate and handshake failures, from Node's TLS layer and OpenSSL.
const tlsCode = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_)/;

interface DockerodeErrorShape {
	code?: unknown;
	statusCode?: unknown;
	json?: unknown;
	message?: unknown;
	reason?: unknown;
	/** Set by the SSH client: "client-authentication", "client-socket", "client-timeout". */
	level?: unknown;
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
		return new EngineError(reason, statusCode);
	}
	const message = typeof shape.message === 'string' ? shape.message.trim() : String(error);
	if (typeof shape.code === 'string' && shape.code in connectionCodes) {
		return new EngineError(
			`cannot connect to the Docker engine at ${endpoint}: ${shape.code} (${connectionCodes[shape.code]})`,
		);
	}
	if (typeof shape.code === 'string' && tlsCode.test(shape.code)) {
		return new EngineError(`TLS with the Docker engine at ${endpoint} failed: ${message} (${shape.code})`);
	}
	if (typeof shape.level === 'string' && shape.level.startsWith('client-')) {
		return new EngineError(`SSH to the Docker engine at ${endpoint} failed: ${message}`);
	}
	return new EngineError(message === '' ? 'unknown engine error' : message);
}

/** Runs an engine call, turning whatever it throws into an EngineError. */
export async function call<T>(endpoint: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw toEngineError(error, endpoint);
	}
}
