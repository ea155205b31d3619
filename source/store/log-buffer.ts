import type {Engine, LogLine} from '../engine/types.js';
import {sanitizeLogLine, type StyleRun} from '../format/index.js';
import {dataFrames, Observable} from './observable.js';

export interface LogEntry {
	/** Position in the whole stream, so a view can keep its place while old lines are dropped. */
	seq: number;
	stream: LogLine['stream'];
	/** Sanitised: safe to print. */
	text: string;
	styles: StyleRun[];
	timestamp?: string;
}

export interface LogSnapshot {
	/** Shared and appended to in place; `version` tells that it changed. */
	lines: readonly LogEntry[];
	version: number;
	status: 'loading' | 'streaming' | 'ended' | 'error';
	error?: string;
}

export interface LogLimits {
	maxLines: number;
	maxChars: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = {maxLines: 10_000, maxChars: 8_000_000};

/** A capped line buffer: however long a stream runs, it holds at most `maxLines` / `maxChars`. */
export class LogBuffer extends Observable<LogSnapshot> {
	readonly #lines: LogEntry[] = [];
	readonly #limits: LogLimits;
	#chars = 0;
	#seq = 0;

	constructor(limits: LogLimits = DEFAULT_LOG_LIMITS) {
		super({lines: [], version: 0, status: 'loading'}, dataFrames.policy);
		this.#limits = limits;
	}

	append(lines: readonly LogLine[]): void {
		for (const line of lines) {
			const clean = sanitizeLogLine(line.text);
			this.#lines.push({seq: this.#seq++, stream: line.stream, text: clean.text, styles: clean.styles, timestamp: line.timestamp});
			this.#chars += clean.text.length;
		}

		this.#trim();
		this.update(state => ({...state, lines: this.#lines, version: state.version + 1, status: 'streaming'}));
	}

	finish(error?: string): void {
		this.update(state => ({
			...state,
			version: state.version + 1,
			status: error === undefined ? 'ended' : 'error',
			error,
		}));
	}

	#trim(): void {
		const {maxLines, maxChars} = this.#limits;
		if (this.#lines.length <= maxLines && this.#chars <= maxChars) {
			return;
		}

		// Drop a tenth more than needed so trimming (an O(n) splice) happens rarely.
		let drop = Math.max(0, this.#lines.length - maxLines + Math.ceil(maxLines / 10));
		let chars = this.#chars;
		for (let i = 0; i < drop; i++) {
			chars -= this.#lines[i]!.text.length;
		}

		while (chars > maxChars * 0.9 && drop < this.#lines.length - 1) {
			chars -= this.#lines[drop]!.text.length;
			drop++;
		}

		this.#lines.splice(0, drop);
		this.#chars = chars;
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
 * Follows a container's logs into a new buffer, starting `tail` lines back; with a range, every
 * line of it (as far as the buffer holds), following only while the range is open-ended.
 */
export function openLogs(engine: Engine, id: string, tail: number, limits?: LogLimits, range: LogRange = {}): LogSession {
	const buffer = new LogBuffer(limits);
	const ranged = range.since !== undefined || range.until !== undefined;
	const subscription = engine.streamLogs(
		id,
		{tail: ranged ? Number.POSITIVE_INFINITY : tail, timestamps: true, follow: range.until === undefined, ...range},
		{
			onLines(lines) {
				buffer.append(lines);
			},
			onError(message) {
				buffer.finish(message);
			},
			onEnd() {
				buffer.finish();
			},
		},
	);
	return {buffer, stop: () => subscription.stop()};
}
