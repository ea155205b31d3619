// The plumbing shared by the engine's long operations (pull, push, build, load): one streaming
// request, its newline-delimited JSON answer read to the end, cancellation through a signal.
import type {IncomingMessage} from 'node:http';
import type {Readable} from 'node:stream';
import type Docker from 'dockerode';
import {toEngineError} from './errors.js';
import {NdjsonSplitter} from './events.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

/** One message of the engine's JSON progress stream (moby's jsonmessage.JSONMessage). */
export interface JsonMessage {
	status?: string;
	id?: string;
	progress?: string;
	progressDetail?: {current?: number; total?: number};
	stream?: string;
	error?: string;
	errorDetail?: {code?: number; message?: string};
	aux?: unknown;
}

/** The failure a message reports, if it reports one. */
export function messageError(message: JsonMessage): string | undefined {
	const text = message.errorDetail?.message ?? message.error;
	return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

// Every status is handed back as a stream: the client otherwise turns a streamed error body into
// "(HTTP code 404) not found - …" and keeps no JSON of it, so the engine's reason would be lost.
export const everyStatus: Record<number, true> = {};
for (let code = 100; code < 600; code++) {
	everyStatus[code] = true;
}

export interface StreamRequest {
	path: string;
	method: 'GET' | 'POST';
	query?: Record<string, unknown>;
	/** Sent as the X-Registry-Auth header, base64 JSON as dockerode does. */
	authconfig?: Record<string, string>;
	/** The request body (a tar, an image archive). */
	body?: Readable;
	signal: AbortSignal;
}

async function readAll(stream: Readable): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) {
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The engine's reason from an error body: `{"message": …}` JSON, or the text itself. */
function reasonFrom(body: string, statusCode: number): string {
	try {
		const parsed = JSON.parse(body) as {message?: unknown};
		if (typeof parsed.message === 'string' && parsed.message.trim() !== '') {
			return parsed.message.trim();
		}
	} catch {
		// Not JSON: the text is the reason.
	}
	return body.trim() === '' ? `HTTP ${statusCode}` : body.trim();
}

/**
 * Opens a streaming request and resolves with the response once it has succeeded. A failed
 * request rejects with an EngineError carrying the engine's reason and status code.
 */
export function openStream(docker: Docker, request: StreamRequest, endpoint: string): Promise<IncomingMessage> {
	return new Promise<IncomingMessage>((resolve, reject) => {
		docker.modem.dial(
			{
				path: `${request.path}?`,
				method: request.method,
				options: {...request.query},
				isStream: true,
				abortSignal: request.signal,
				statusCodes: everyStatus,
				...(request.authconfig ? {authconfig: request.authconfig} : {}),
				...(request.body ? {file: request.body} : {}),
			},
			(error, response) => (error ? reject(toEngineError(error, endpoint)) : resolve(response as IncomingMessage)),
		);
	}).then(async response => {
		const status = response.statusCode ?? 0;
		if (status >= 200 && status < 300) {
			return response;
		}
		const body = await readAll(response).catch(() => '');
		throw new EngineError(reasonFrom(body, status), status);
	});
}

/**
 * Reads a JSON-lines response to its end, handing each message to `onMessage`. A message handler
 * that throws ends the read (the response is closed) and the read rejects with that error. A
 * response cut before its end rejects too: an operation that stopped half-way has not succeeded.
 */
export function readMessages(
	stream: Readable,
	signal: AbortSignal,
	onMessage: (message: JsonMessage) => void,
): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		const splitter = new NdjsonSplitter();
		let settled = false;
		const finish = (error?: unknown): void => {
			if (settled) {
				return;
			}
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (error === undefined) {
				resolve();
			} else {
				stream.destroy();
				reject(error);
			}
		};
		const onAbort = (): void => finish(new EngineError(t('cancelled')));
		const handle = (values: unknown[]): void => {
			for (const value of values) {
				if (value && typeof value === 'object' && !settled) {
					onMessage(value as JsonMessage);
				}
			}
		};
		if (signal.aborted) {
			onAbort();
			return;
		}
		signal.addEventListener('abort', onAbort, {once: true});
		stream.on('data', (chunk: Buffer) => {
			try {
				handle(splitter.push(chunk));
			} catch (error) {
				finish(error);
			}
		});
		stream.on('end', () => {
			try {
				// The engine ends every message with a newline; this flushes one that lacks it.
				handle(splitter.push('\n'));
				finish();
			} catch (error) {
				finish(error);
			}
		});
		stream.on('error', error => finish(error));
		stream.on('close', () => finish(new EngineError(t('the engine closed the connection before the operation finished'))));
	});
}

/**
 * Runs a long operation so that however it ends after `signal` fired (a closed request, a cut
 * stream), it rejects with "<what> cancelled"; any other failure becomes an EngineError.
 */
export async function asJob<T>(what: string, signal: AbortSignal, endpoint: string, run: () => Promise<T>): Promise<T> {
	if (signal.aborted) {
		throw new EngineError(t('{what} cancelled', {what}));
	}
	try {
		return await run();
	} catch (error) {
		if (signal.aborted) {
			throw new EngineError(t('{what} cancelled', {what}));
		}
		throw toEngineError(error, endpoint);
	}
}
