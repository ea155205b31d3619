import type {Readable} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import {normalizeEvent, type RawEvent} from './normalize.js';
import type {EventHandlers, Subscription} from './types.js';

/**
 * Splits newline-delimited JSON whose chunks do not line up with messages (or with UTF-8
 * characters). A line that does not parse is dropped: it is one lost event, and the store
 * reconciles by listing anyway.
 */
export class NdjsonSplitter {
	readonly #decoder = new StringDecoder('utf8');
	#partial = '';

	push(chunk: Buffer | string): unknown[] {
		const text = this.#partial + (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
		const lines = text.split('\n');
		this.#partial = lines.pop() ?? '';
		const values: unknown[] = [];
		for (const line of lines) {
			if (line.trim() === '') {
				continue;
			}
			try {
				values.push(JSON.parse(line));
			} catch {
				continue;
			}
		}
		return values;
	}
}

const firstRetryDelayMs = 250;
const maxRetryDelayMs = 8000;

export function retryDelayMs(attempt: number): number {
	return Math.min(firstRetryDelayMs * 2 ** Math.max(0, attempt - 1), maxRetryDelayMs);
}

/**
 * Keeps an events stream open: each time it fails or ends, waits (doubling from 250 ms to 8 s,
 * back to 250 ms after a good connection) and opens it again, reporting every step through `handlers`.
 */
export function superviseEvents(
	open: (signal: AbortSignal) => Promise<Readable>,
	describe: (error: unknown) => string,
	handlers: EventHandlers,
): Subscription {
	let stopped = false;
	let attempt = 0;
	let timer: NodeJS.Timeout | undefined;
	let controller: AbortController | undefined;
	let stream: Readable | undefined;

	const scheduleRetry = (reason: string): void => {
		if (stopped) {
			return;
		}
		stream = undefined;
		attempt += 1;
		const retryInMs = retryDelayMs(attempt);
		handlers.onState({status: 'reconnecting', error: reason, attempt, retryInMs});
		timer = setTimeout(connect, retryInMs);
	};

	const follow = (opened: Readable): void => {
		stream = opened;
		attempt = 0;
		handlers.onState({status: 'connected', attempt});
		handlers.onConnected();
		const splitter = new NdjsonSplitter();
		let finished = false;
		const finish = (reason: string): void => {
			if (finished) {
				return;
			}
			finished = true;
			opened.destroy();
			scheduleRetry(reason);
		};
		opened.on('data', (chunk: Buffer | string) => {
			for (const value of splitter.push(chunk)) {
				const event = normalizeEvent(value as RawEvent);
				if (event && !stopped) {
					handlers.onEvent(event);
				}
			}
		});
		opened.on('end', () => finish('the engine closed the events stream'));
		opened.on('error', error => finish(describe(error)));
		opened.on('close', () => finish('the events stream was closed'));
	};

	function connect(): void {
		timer = undefined;
		const current = new AbortController();
		controller = current;
		open(current.signal).then(
			opened => {
				if (stopped || controller !== current) {
					opened.destroy();
					return;
				}
				follow(opened);
			},
			(error: unknown) => {
				if (!stopped && controller === current) {
					scheduleRetry(describe(error));
				}
			},
		);
	}

	handlers.onState({status: 'connecting', attempt});
	connect();

	return {
		stop() {
			if (stopped) {
				return;
			}
			stopped = true;
			clearTimeout(timer);
			controller?.abort();
			stream?.destroy();
		},
	};
}
