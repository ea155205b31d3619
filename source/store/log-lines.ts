import type {LogBytes, LogLine} from '../engine/types.js';
import {sanitizeLogLine, type StyleRun} from '../format/index.js';

export interface LogEntry {
	/** Position in the whole stream, so a view can keep its place while old lines are dropped. */
	seq: number;
	stream: LogLine['stream'];
	/** Sanitised: safe to print. */
	text: string;
	styles: StyleRun[];
	timestamp?: string;
	/** In merged logs (a compose project's): which replica the line came from. */
	source?: LogOrigin;
}

/** A replica in merged logs: its place among the sources (for its colour) and its sanitised label. */
export interface LogOrigin {
	index: number;
	label: string;
}

/** Lines are written into chunks of this size; a longer line gets a chunk of its own. */
const CHUNK_BYTES = 64 * 1024;
const FIRST_CAPACITY = 256;
/** Unstyled lines share one empty list. */
const NO_STYLES: StyleRun[] = [];
const STDERR = 1;

/** Spans up to this long are copied byte by byte. */
const LOOP_COPY_BYTES = 256;

/**
 * Copies bytes `start` to `end` of `source` into `target` from `at`. Buffer#copy makes a view of
 * the source each time it takes part of one, which under a log flood was two objects a line and
 * half of what the flood allocated; a loop over a line's few bytes makes none.
 */
function copyBytes(source: Buffer, start: number, end: number, target: Buffer, at: number): void {
	if (end - start > LOOP_COPY_BYTES) {
		source.copy(target, at, start, end);
		return;
	}

	for (let index = start; index < end; index++) {
		target[at++] = source[index]!;
	}
}

/**
 * The lines of a log buffer, oldest first, numbered from `firstSeq`. They are kept as UTF-8 in
 * chunks outside V8's heap, with an index of where each one starts, and an entry (sanitised text
 * and styles) is made only for a line someone reads: the rows on screen, a search, a copy. Under
 * a log flood the buffer turns over several times a second; as JavaScript objects every kept line
 * was copied by the garbage collector on its way to the old generation and collected there again,
 * which was most of what a flood cost.
 */
export class LogLines implements Iterable<LogEntry> {
	/** `#chunks[i]` is chunk number `#firstChunk + i`; only the last one is written to. */
	readonly #chunks: Buffer[] = [];
	/**
	 * The last chunk dropped, written to again when a new one is needed: a flood turns the buffer
	 * over several times a second, and memory outside V8's heap is given back only when its
	 * collector runs.
	 */
	#spare: Buffer | undefined;
	#firstChunk = 0;
	#used = 0;
	/** The index: a ring of `#capacity` slots, the oldest line at `#head`. */
	#capacity = 0;
	#head = 0;
	#count = 0;
	#chunkOf = new Int32Array(0);
	#offset = new Int32Array(0);
	#timeBytes = new Uint16Array(0);
	#textBytes = new Int32Array(0);
	/** Bit 0: stderr; the rest: the origin's place in `#origins` plus one (0: none). */
	#flags = new Uint32Array(0);
	readonly #origins: LogOrigin[] = [];
	readonly #originIndex = new Map<LogOrigin, number>();
	#firstSeq = 0;
	#bytes = 0;

	get length(): number {
		return this.#count;
	}

	/** The number of the oldest line kept; line `index` is number `firstSeq + index`. */
	get firstSeq(): number {
		return this.#firstSeq;
	}

	/** The number the next line will get: how many lines came in all. */
	get nextSeq(): number {
		return this.#firstSeq + this.#count;
	}

	/** Bytes of text and timestamps kept. */
	get bytes(): number {
		return this.#bytes;
	}

	/** The LogBuffer's own: keeps a line as it came from the engine (sanitised when read). */
	push(line: LogLine, source?: LogOrigin): void {
		const timestamp = line.timestamp ?? '';
		// UTF-16 to UTF-8 takes at most three bytes a code unit.
		const chunk = this.#room((timestamp.length + line.text.length) * 3);
		const timeBytes = timestamp === '' ? 0 : chunk.write(timestamp, this.#used);
		const textBytes = chunk.write(line.text, this.#used + timeBytes);
		this.#index(timeBytes, textBytes, line.stream === 'stderr', source);
	}

	/** The LogBuffer's own: keeps the lines of a batch as they came, copying their bytes. */
	pushBytes(batch: LogBytes, source?: LogOrigin): void {
		for (let index = 0; index < batch.length; index++) {
			const data = batch.data[index]!;
			const start = batch.starts[index]!;
			const timeBytes = batch.timeEnds[index]! - start;
			const textStart = batch.textStarts[index]!;
			const textBytes = batch.ends[index]! - textStart;
			const chunk = this.#room(timeBytes + textBytes);
			copyBytes(data, start, start + timeBytes, chunk, this.#used);
			copyBytes(data, textStart, textStart + textBytes, chunk, this.#used + timeBytes);
			this.#index(timeBytes, textBytes, batch.stderr[index] === 1, source);
		}
	}

	/** The chunk to write the next line to, with at least `bytes` free from `#used`. */
	#room(bytes: number): Buffer {
		if (this.#count === this.#capacity) {
			this.#grow();
		}

		if (this.#chunks.length === 0 || this.#chunks.at(-1)!.length - this.#used < bytes) {
			const spare = this.#spare;
			this.#spare = undefined;
			this.#chunks.push(spare && bytes <= spare.length ? spare : Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes)));
			this.#used = 0;
		}

		return this.#chunks.at(-1)!;
	}

	/** Enters the line just written at `#used` into the index. */
	#index(timeBytes: number, textBytes: number, stderr: boolean, source: LogOrigin | undefined): void {
		const slot = (this.#head + this.#count) % this.#capacity;
		this.#chunkOf[slot] = this.#firstChunk + this.#chunks.length - 1;
		this.#offset[slot] = this.#used;
		this.#timeBytes[slot] = timeBytes;
		this.#textBytes[slot] = textBytes;
		this.#flags[slot] = (stderr ? STDERR : 0) | (source === undefined ? 0 : (this.#originOf(source) + 1) << 1);
		this.#used += timeBytes + textBytes;
		this.#bytes += timeBytes + textBytes;
		this.#count++;
	}

	/** The LogBuffer's own: drops the oldest lines until at most `maxLines` and `maxBytes` are kept (always the newest line). */
	trim(maxLines: number, maxBytes: number): void {
		while (this.#count > 1 && (this.#count > maxLines || this.#bytes > maxBytes)) {
			this.#bytes -= this.#timeBytes[this.#head]! + this.#textBytes[this.#head]!;
			this.#head = (this.#head + 1) % this.#capacity;
			this.#count--;
			this.#firstSeq++;
		}

		const oldest = this.#chunkOf[this.#head]!;
		while (this.#firstChunk < oldest) {
			const dropped = this.#chunks.shift()!;
			// A line longer than a chunk had one of its own: only the usual size is kept.
			this.#spare = dropped.length === CHUNK_BYTES ? dropped : this.#spare;
			this.#firstChunk++;
		}
	}

	/** The line at `index` (negative: from the newest), made when asked for. */
	at(index: number): LogEntry | undefined {
		const at = index < 0 ? this.#count + index : index;
		if (at < 0 || at >= this.#count) {
			return undefined;
		}

		const slot = (this.#head + at) % this.#capacity;
		const chunk = this.#chunks[this.#chunkOf[slot]! - this.#firstChunk]!;
		const start = this.#offset[slot]!;
		const textStart = start + this.#timeBytes[slot]!;
		const clean = sanitizeLogLine(chunk.toString('utf8', textStart, textStart + this.#textBytes[slot]!));
		const flags = this.#flags[slot]!;
		const entry: LogEntry = {
			seq: this.#firstSeq + at,
			stream: flags & STDERR ? 'stderr' : 'stdout',
			text: clean.text,
			styles: clean.styles.length === 0 ? NO_STYLES : clean.styles,
		};
		if (textStart > start) {
			entry.timestamp = chunk.toString('utf8', start, textStart);
		}

		if (flags > STDERR) {
			entry.source = this.#origins[(flags >> 1) - 1];
		}

		return entry;
	}

	/** Lines `start` to `end` (exclusive), as `Array.prototype.slice` takes them. */
	slice(start = 0, end = this.#count): LogEntry[] {
		const from = Math.max(0, start < 0 ? this.#count + start : start);
		const to = Math.min(this.#count, end < 0 ? this.#count + end : end);
		const entries: LogEntry[] = [];
		for (let index = from; index < to; index++) {
			entries.push(this.at(index)!);
		}

		return entries;
	}

	*[Symbol.iterator](): Iterator<LogEntry> {
		for (let index = 0; index < this.#count; index++) {
			yield this.at(index)!;
		}
	}

	#originOf(source: LogOrigin): number {
		let index = this.#originIndex.get(source);
		if (index === undefined) {
			index = this.#origins.length;
			this.#origins.push(source);
			this.#originIndex.set(source, index);
		}

		return index;
	}

	/** Twice the slots, the oldest line moved to the first. */
	#grow(): void {
		const capacity = Math.max(FIRST_CAPACITY, this.#capacity * 2);
		const reorder = <T extends Int32Array | Uint16Array | Uint32Array>(from: T, to: T): T => {
			for (let index = 0; index < this.#count; index++) {
				to[index] = from[(this.#head + index) % this.#capacity]!;
			}

			return to;
		};

		this.#chunkOf = reorder(this.#chunkOf, new Int32Array(capacity));
		this.#offset = reorder(this.#offset, new Int32Array(capacity));
		this.#timeBytes = reorder(this.#timeBytes, new Uint16Array(capacity));
		this.#textBytes = reorder(this.#textBytes, new Int32Array(capacity));
		this.#flags = reorder(this.#flags, new Uint32Array(capacity));
		this.#capacity = capacity;
		this.#head = 0;
	}
}

/** No lines: what a view shows before a buffer is open. */
export const NO_LOG_LINES = new LogLines();
