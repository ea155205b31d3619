// A streaming GET spoken as HTTP/1.0, for log streams. Asked in HTTP/1.1, the engine sends every
// log line as a chunk of its own, and Node's HTTP client handles each chunk as an event through its
// parser and a stream: under a log flood that cost more than everything berth does with the lines.
// Asked in HTTP/1.0, the engine cannot use chunks and sends the body as plain bytes until it
// closes the connection, which arrive as a few large reads however many lines they hold.
import http, {type Agent} from 'node:http';
import https from 'node:https';
import {PassThrough, type Duplex, type Readable} from 'node:stream';
import type Docker from 'dockerode';

/** Where a connection goes, as the engine's client holds it. */
export interface PlainTarget {
	/** The client's agent: it opens a connection on any transport (socket, TCP, TLS, SSH). */
	agent: Agent;
	socketPath?: string;
	host?: string;
	port?: number | string;
}

/** The failure as the engine's client reports it, so the one error translation reads both. */
export class PlainStreamError extends Error {
	constructor(
		readonly statusCode: number,
		readonly json: unknown,
	) {
		super(`HTTP ${statusCode}`);
	}
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** A response whose head is larger than this is not the engine's. */
const MAX_HEAD_BYTES = 64 * 1024;

/** What a plain socket reads the engine's answer into: a read takes what the kernel holds, up to this. */
const READ_BUFFER_BYTES = 64 * 1024;
/**
 * After each read of a plain socket, reading stops this long. The engine writes a log line at a
 * time, and a reader that takes each as it comes makes a read (and the work around it) per line or
 * two; after a pause the kernel has gathered them into one read. Under a log flood a bare reader
 * spent half the CPU for the same bytes, and the engine sent more of them.
 */
const READ_PAUSE_MS = 1;

type Opener = (options: object, callback: (error?: Error | null, socket?: Duplex) => void) => Duplex | undefined;

/** Node's option for reading a socket into a buffer of one's own (net.connect's `onread`). */
interface ReadInto {
	buffer: Buffer;
	/** Returns false to stop reading until the socket is resumed. */
	callback(length: number, buffer: Buffer): boolean;
}

/**
 * A connection from the agent: net and TLS agents return it, the SSH agent hands it to the
 * callback. A plain socket reads through `onread`; the others ignore it and emit their data.
 */
function connect(target: PlainTarget, onread: ReadInto): Promise<Duplex> {
	const agent = target.agent as unknown as {createConnection: Opener; options?: object};
	const where = target.socketPath === undefined ? {host: target.host, port: Number(target.port)} : {path: target.socketPath};
	return new Promise((resolve, reject) => {
		let returned: Duplex | undefined;
		// The agent's own options (TLS material, keep-alive) come first, as its requests would have them.
		returned = agent.createConnection({...agent.options, ...where, onread}, (error, socket) => {
			if (error) {
				reject(error);
			} else if (socket !== undefined && returned === undefined) {
				resolve(socket);
			}
		});
		if (returned !== undefined) {
			resolve(returned);
		}
	});
}

/** The body of a failed answer: JSON when it parses, else its text. */
function failureBody(body: Buffer): unknown {
	try {
		return JSON.parse(body.toString('utf8')) as unknown;
	} catch {
		return body.toString('utf8');
	}
}

/**
 * Opens `path` (with its query) and resolves with the body as a stream once the engine answered
 * 200; any other answer rejects with its status and body. `signal` closes the connection.
 */
export async function openPlainStream(target: PlainTarget, path: string, signal: AbortSignal): Promise<Readable> {
	let receive: (chunk: Buffer) => void = () => undefined;
	let body: PassThrough | undefined;
	// Reading goes on once the body has room for more: a reader that stopped taking lines stops the engine.
	const whenRoom = (go: () => void): void => {
		if (body?.writableNeedDrain) {
			body.once('drain', go);
		} else {
			go();
		}
	};
	const socket = await connect(target, {
		buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
		callback(length, buffer) {
			// The buffer is read into again: what was read is copied out of it.
			receive(Buffer.from(buffer.subarray(0, length)));
			setTimeout(() => whenRoom(() => socket.resume()), READ_PAUSE_MS);
			return false;
		},
	});
	if (signal.aborted) {
		socket.destroy();
		throw signal.reason;
	}
	const close = (): void => {
		socket.destroy();
	};
	signal.addEventListener('abort', close, {once: true});
	socket.on('data', (chunk: Buffer) => {
		receive(chunk);
		if (body?.writableNeedDrain) {
			socket.pause();
			whenRoom(() => socket.resume());
		}
	});
	socket.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: berth\r\n\r\n`);

	return new Promise((resolve, reject) => {
		let head: Buffer = Buffer.alloc(0);
		const fail = (error: Error): void => {
			signal.removeEventListener('abort', close);
			socket.destroy();
			reject(error);
		};
		const ended = (): void => fail(new Error('the engine closed the connection without an answer'));
		receive = (chunk: Buffer): void => {
			head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
			const end = head.indexOf(HEADER_END);
			if (end === -1) {
				if (head.length > MAX_HEAD_BYTES) {
					fail(new Error('the engine answered with something other than HTTP'));
				}
				return;
			}
			socket.off('error', fail);
			socket.off('end', ended);
			const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'));
			const rest = head.subarray(end + HEADER_END.length);
			if (status === null) {
				fail(new Error('the engine answered with something other than HTTP'));
				return;
			}
			const opened = new PassThrough();
			body = opened;
			receive = chunk => opened.write(chunk);
			opened.on('close', () => {
				signal.removeEventListener('abort', close);
				socket.destroy();
			});
			socket.on('error', error => opened.destroy(error));
			// The answer ends when the engine closes; a close without an end is a cut connection.
			socket.on('end', () => opened.end());
			socket.on('close', () => {
				if (!opened.writableEnded) {
					opened.destroy();
				}
			});
			if (rest.length > 0) {
				opened.write(rest);
			}
			if (status[1] === '200') {
				resolve(opened);
				return;
			}
			const parts: Buffer[] = [];
			opened.on('data', (part: Buffer) => parts.push(part));
			opened.on('end', () => fail(new PlainStreamError(Number(status[1]), failureBody(Buffer.concat(parts)))));
			opened.on('error', fail);
		};
		socket.on('error', fail);
		socket.on('end', ended);
	});
}

/** The parts of the engine's client that say where it connects and how it writes a request. */
interface ModemFields {
	agent?: Agent;
	protocol?: string;
	ca?: string | Buffer;
	cert?: string | Buffer;
	key?: string | Buffer;
	socketPath?: string;
	host?: string;
	port?: number | string;
	version?: string;
	buildQuerystring(query: Record<string, unknown>): string;
}

/**
 * A log stream (`path` ends with `?`; `query` as the client would send it) from the engine the
 * client talks to, on a connection of the client's own agent, in HTTP/1.0.
 */
export function openLogStream(docker: Docker, path: string, query: Record<string, unknown>, signal: AbortSignal): Promise<Readable> {
	const modem = docker.modem as unknown as ModemFields;
	// berth's clients always carry an agent (client.ts); one made without gets the client's own kind.
	const agent = modem.agent ?? (modem.protocol === 'https' ? new https.Agent({ca: modem.ca, cert: modem.cert, key: modem.key}) : modem.protocol === 'ssh' ? undefined : new http.Agent());
	if (agent === undefined) {
		return Promise.reject(new Error('an SSH engine client needs its connection agent for log streams'));
	}
	const address = `${modem.version ? `/${modem.version}` : ''}${path}${modem.buildQuerystring(query)}`;
	return openPlainStream({agent, socketPath: modem.socketPath, host: modem.host, port: modem.port}, address, signal);
}
