import type {Engine, LogBytes, LogLine, LogOptions, Subscription} from '../engine/types.js';
import {t} from '../i18n/translate.js';
import {sanitize} from '../format/index.js';
import {LogLines, NO_LOG_LINES, type LogOrigin} from './log-lines.js';
import {dataFrames, Observable} from './observable.js';

/**
 * More lines a second than a screen has rows over a few frames: most scroll past unseen. The
 * buffer then asks for a frame at most every FLOOD_FRAME_MS (still well inside a second, so the
 * newest line is never old), and the lines between two frames cost only their keeping.
 */
const FLOOD_LINES_PER_SECOND = 250;
const FLOOD_FRAME_MS = 500;
const floodFrames = dataFrames.within(FLOOD_FRAME_MS);

export interface LogSnapshot {
	/** Shared and appended to in place; `version` tells that it changed. */
	lines: LogLines;
	version: number;
	status: 'loading' | 'streaming' | 'ended' | 'error';
	error?: string;
}

export interface LogLimits {
	maxLines: number;
	/** Bytes of text (UTF-8) and timestamps. */
	maxBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = {maxLines: 10_000, maxBytes: 8_000_000};

/** A capped line buffer: however long a stream runs, it holds at most `maxLines` / `maxBytes`. */
export class LogBuffer extends Observable<LogSnapshot> {
	readonly #lines = new LogLines();
	readonly #limits: LogLimits;
	/** Lines appended in the second that began at #rateSince; and whether the second before was a flood. */
	#rateLines = 0;
	#rateSince = 0;
	#flooded = false;

	constructor(limits: LogLimits = DEFAULT_LOG_LIMITS) {
		super({lines: NO_LOG_LINES, version: 0, status: 'loading'}, dataFrames.policy);
		this.#limits = limits;
	}

	append(lines: readonly LogLine[], source?: LogOrigin): void {
		const first = this.#lines.nextSeq === 0;
		for (const line of lines) {
			this.#lines.push(line, source);
		}

		this.#appended(first ? 0 : lines.length);
	}

	/** Lines as the engine sent them, kept without being decoded (a flood makes no object per line). */
	appendBytes(batch: LogBytes): void {
		const first = this.#lines.nextSeq === 0;
		this.#lines.pushBytes(batch);
		this.#appended(first ? 0 : batch.length);
	}

	/** `counted` lines were appended: the first ones are the history (the tail), read in one go, no sign of a flood. */
	#appended(counted: number): void {
		this.#lines.trim(this.#limits.maxLines, this.#limits.maxBytes);
		// Built whole rather than spread from the state before: under a log flood this runs for every chunk.
		this.update(state => ({lines: this.#lines, version: state.version + 1, status: 'streaming'}), this.#flooding(counted) ? floodFrames : undefined);
	}

	/** True while lines come faster than a screen can show them. */
	get flooded(): boolean {
		return this.#flooded || this.#rateLines > FLOOD_LINES_PER_SECOND;
	}

	/** Counts `count` more lines and says whether they are a flood. */
	#flooding(count: number): boolean {
		const now = performance.now();
		if (now - this.#rateSince >= 1000) {
			this.#flooded = this.#rateLines > FLOOD_LINES_PER_SECOND && now - this.#rateSince < 2000;
			this.#rateSince = now;
			this.#rateLines = 0;
		}

		this.#rateLines += count;
		return this.flooded;
	}

	finish(error?: string): void {
		this.update(state => ({
			...state,
			version: state.version + 1,
			status: error === undefined ? 'ended' : 'error',
			error,
		}));
	}
}

export interface LogSession {
	buffer: LogBuffer;
	stop(): void;
}

/** A window of a container's logs, in seconds since the epoch (`docker logs --since/--until`). */
export interface LogRange {
	since?: number;
	until?: number;
}

/**
 * How far a flooded log may fall behind before it skips to the present. Under a flood the engine
 * cannot send lines as fast as a container writes them (a bare reader of its stream falls further
 * behind every second), so a view that took every line would show older and older ones.
 */
const CATCH_UP_MS = 250;

/** The engine time of a batch's newest line, in ms since the epoch (NaN without one). */
function newestTime(batch: LogBytes): number {
	const last = batch.length - 1;
	return Date.parse(batch.data[last]!.toString('latin1', batch.starts[last], batch.timeEnds[last]));
}

/**
 * Follows a container's logs into a new buffer, starting `tail` lines back; with a range, every
 * line of it (as far as the buffer holds), following only while the range is open-ended. While
 * lines come faster than the engine can send them, the view stays live: once the stream is
 * CATCH_UP_MS behind, it is opened again from the newest line on, and a line in the log says how
 * much was skipped (the range view, R, reads it). Behind is measured against the best the stream
 * has been, engine time against the clock here, so an engine whose clock differs is not behind.
 */
export function openLogs(engine: Engine, id: string, tail: number, limits?: LogLimits, range: LogRange = {}): LogSession {
	const buffer = new LogBuffer(limits);
	const ranged = range.since !== undefined || range.until !== undefined;
	let lead = Number.NEGATIVE_INFINITY;
	let subscription: Subscription;
	const follow = (options: LogOptions): void => {
		subscription = engine.streamLogs(id, options, {
			onLines(lines) {
				buffer.append(lines);
			},
			onBytes(batch) {
				buffer.appendBytes(batch);
				const time = newestTime(batch);
				if (ranged || Number.isNaN(time)) {
					return;
				}
				const ahead = time - Date.now();
				lead = Math.max(lead, ahead);
				if (lead - ahead > CATCH_UP_MS && buffer.flooded) {
					subscription.stop();
					buffer.append([{stream: 'stderr', text: t('berth: skipped to the newest lines, {seconds} s behind the engine in this flood; R shows any time range in full', {seconds: ((lead - ahead) / 1000).toFixed(1)})}]);
					follow({tail: 0, timestamps: true, follow: true});
				}
			},
			onError(message) {
				buffer.finish(message);
			},
			onEnd() {
				buffer.finish();
			},
		});
	};
	follow({tail: ranged ? Number.POSITIVE_INFINITY : tail, timestamps: true, follow: range.until === undefined, ...range});
	return {buffer, stop: () => subscription.stop()};
}

/**
 * A timestamp as text that sorts in time order: the engine's RFC 3339 times drop trailing zeros
 * of the fraction ("…05.1Z" is later than "…05.12Z" as text), so the fraction is padded to nine digits.
 */
export function timeKey(timestamp: string | undefined): string {
	const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(timestamp ?? '');
	return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}` : (timestamp ?? '');
}

/** Whole seconds since the epoch of an engine timestamp. */
function epochSeconds(timestamp: string): number | undefined {
	const ms = Date.parse(timestamp);
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Follows several containers' logs into one buffer (`docker compose logs -f`), each line tagged with
 * its replica. Their history (the last `tail` lines each, or the range) is read first and put in
 * time order across replicas; then each is followed from where its history ended, lines shown as
 * they come. The follow starts at the last history line's second, so the lines of that second
 * already shown are skipped.
 */
export function openMergedLogs(
	engine: Engine,
	sources: ReadonlyArray<{id: string; label: string}>,
	tail: number,
	limits?: LogLimits,
	range: LogRange = {},
): LogSession {
	const buffer = new LogBuffer(limits);
	const ranged = range.since !== undefined || range.until !== undefined;
	const origins = sources.map((source, index): LogOrigin => ({index, label: sanitize(source.label)}));
	const histories = sources.map((): LogLine[] => []);
	const subscriptions: Subscription[] = [];
	let pending = sources.length;
	let following = 0;
	let stopped = false;

	const ended = (): void => {
		if (--following === 0) {
			buffer.finish();
		}
	};

	const follow = (index: number): void => {
		const last = histories[index]!.at(-1)?.timestamp;
		const lastKey = timeKey(last);
		const from = last === undefined ? range.since : Math.max(range.since ?? 0, epochSeconds(last) ?? 0);
		following++;
		subscriptions.push(
			engine.streamLogs(
				sources[index]!.id,
				{tail: last === undefined && !ranged ? 0 : Number.POSITIVE_INFINITY, timestamps: true, follow: true, ...(from === undefined ? {} : {since: from})},
				{
					onLines(lines) {
						const fresh = last === undefined ? lines : lines.filter(line => timeKey(line.timestamp) > lastKey);
						if (fresh.length > 0) {
							buffer.append(fresh, origins[index]);
						}
					},
					onError(message) {
						buffer.append([{stream: 'stderr', text: `logs ended: ${message}`}], origins[index]);
						ended();
					},
					onEnd: ended,
				},
			),
		);
	};

	const historyRead = (): void => {
		if (--pending > 0 || stopped) {
			return;
		}

		const merged = histories
			.flatMap((lines, index) => lines.map(line => ({line, index, key: timeKey(line.timestamp)})))
			.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		// In runs of one replica, so each keeps its tag.
		let start = 0;
		for (let at = 1; at <= merged.length; at++) {
			if (at === merged.length || merged[at]!.index !== merged[start]!.index) {
				buffer.append(
					merged.slice(start, at).map(entry => entry.line),
					origins[merged[start]!.index],
				);
				start = at;
			}
		}

		if (range.until !== undefined || sources.length === 0) {
			buffer.finish();
			return;
		}

		for (const index of sources.keys()) {
			follow(index);
		}
	};

	for (const [index, source] of sources.entries()) {
		subscriptions.push(
			engine.streamLogs(
				source.id,
				{tail: ranged ? Number.POSITIVE_INFINITY : tail, timestamps: true, follow: false, ...range},
				{
					onLines(lines) {
						histories[index]!.push(...lines);
					},
					onError(message) {
						histories[index]!.push({stream: 'stderr', text: `logs: ${message}`});
						historyRead();
					},
					onEnd: historyRead,
				},
			),
		);
	}

	if (sources.length === 0) {
		buffer.finish();
	}

	return {
		buffer,
		stop() {
			stopped = true;
			for (const subscription of subscriptions) {
				subscription.stop();
			}
		},
	};
}
