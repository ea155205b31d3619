import type {LogLine, LogOptions} from './types.js';

export type OutputStream = 'stdout' | 'stderr';

export interface StreamPiece {
	stream: OutputStream;
	data: Buffer;
}

const frameHeaderBytes = 8;

/**
 * Demultiplexes Docker's framed stream (1 byte stream type, 3 zero bytes, 4 bytes big-endian
 * length, then the payload). Headers and payloads may be split across chunks; payload bytes are
 * passed on as they arrive, so a huge frame is never held in memory whole.
 */
export class FrameDemuxer {
	/** A header split across chunks, gathered until whole; empty between frames. */
	#header = Buffer.alloc(0);
	#stream: OutputStream = 'stdout';
	#remaining = 0;

	push(chunk: Buffer): StreamPiece[] {
		const pieces: StreamPiece[] = [];
		this.forEach(chunk, (stream, data, start, end) => {
			pieces.push({stream, data: data.subarray(start, end)});
		});
		return pieces;
	}

	/**
	 * Hands each payload piece of `chunk` to `take` as a range of a buffer, without making a
	 * buffer for it: under a log flood the engine sends a chunk per line, each a frame of its own.
	 */
	forEach(chunk: Buffer, take: (stream: OutputStream, data: Buffer, start: number, end: number) => void): void {
		let offset = 0;
		while (offset < chunk.length) {
			if (this.#remaining > 0) {
				const end = Math.min(chunk.length, offset + this.#remaining);
				take(this.#stream, chunk, offset, end);
				this.#remaining -= end - offset;
				offset = end;
				continue;
			}
			let header: Buffer = chunk;
			let at = offset;
			if (this.#header.length > 0 || chunk.length - offset < frameHeaderBytes) {
				const headerPart = chunk.subarray(offset, offset + frameHeaderBytes - this.#header.length);
				this.#header = Buffer.concat([this.#header, headerPart]);
				offset += headerPart.length;
				if (this.#header.length < frameHeaderBytes) {
					break;
				}
				header = this.#header;
				at = 0;
				this.#header = Buffer.alloc(0);
			} else {
				offset += frameHeaderBytes;
			}
			// 0 is stdin echoed back, 1 stdout, 2 stderr, 3 an engine-side error about the stream.
			const type = header.readUInt8(at);
			this.#stream = type === 2 || type === 3 ? 'stderr' : 'stdout';
			this.#remaining = header.readUInt32BE(at + 4);
		}
	}
}

const maxLineBytes = 64 * 1024;

export interface LinePiece {
	text: string;
	/** False for the second and later pieces of a line cut because it was too long. */
	startsLine: boolean;
}

/** A line, or a piece of an over-long one, as bytes `start` to `end` of `data` (no newline, no CR). */
export type TakeLine = (data: Buffer, start: number, end: number, startsLine: boolean) => void;

/** The start of the UTF-8 character at or before `limit`, so a cut never splits a character. */
function characterBoundary(buffer: Buffer, limit: number): number {
	for (let cut = limit; cut > 0 && cut > limit - 4; cut--) {
		if (((buffer[cut] ?? 0) & 0xc0) !== 0x80) {
			return cut;
		}
	}
	return limit;
}

/** The pieces `split` hands to its taker, decoded. */
function decoded(split: (take: TakeLine) => void): LinePiece[] {
	const pieces: LinePiece[] = [];
	split((bytes, start, end, startsLine) => pieces.push({text: bytes.toString('utf8', start, end), startsLine}));
	return pieces;
}

/**
 * Splits bytes into lines across chunk boundaries. A line is handed on once it is complete, so
 * characters split across chunks stay whole (invalid bytes become U+FFFD when it is decoded). A
 * partial line is held until its newline, but never more than `maxBytes` of it: longer lines are
 * passed on in pieces.
 */
export class LineSplitter {
	readonly #maxBytes: number;
	#pending: Buffer[] = [];
	#pendingBytes = 0;
	#atLineStart = true;

	constructor(maxBytes = maxLineBytes) {
		this.#maxBytes = maxBytes;
	}

	/** The lines `data` completes, decoded. */
	push(data: Buffer): LinePiece[] {
		return decoded(take => this.split(data, 0, data.length, take));
	}

	/** The unterminated last line, if any, decoded. */
	end(): LinePiece[] {
		return decoded(take => this.finish(take));
	}

	/** Hands each line that bytes `start` to `end` of `data` complete to `take`, as bytes. */
	split(data: Buffer, start: number, end: number, take: TakeLine): void {
		let offset = start;
		while (offset < end) {
			const found = data.indexOf(0x0a, offset);
			const newline = found === -1 || found >= end ? -1 : found;
			if (newline === -1) {
				this.#append(data.subarray(offset, end), take);
				break;
			}
			if (this.#pendingBytes === 0 && newline - offset <= this.#maxBytes) {
				// A whole line in one piece, the usual case: handed on as a range of the chunk.
				const cr = newline > offset && data[newline - 1] === 0x0d ? 1 : 0;
				take(data, offset, newline - cr, this.#atLineStart);
				this.#atLineStart = true;
			} else {
				this.#append(data.subarray(offset, newline), take);
				this.#take(take);
			}
			offset = newline + 1;
		}
	}

	/** Hands the unterminated last line, if any, to `take`. */
	finish(take: TakeLine): void {
		if (this.#pendingBytes > 0) {
			this.#take(take);
		}
	}

	#append(data: Buffer, take: TakeLine): void {
		if (data.length === 0) {
			return;
		}
		this.#pending.push(data);
		this.#pendingBytes += data.length;
		while (this.#pendingBytes > this.#maxBytes) {
			const joined = this.#joined();
			const cut = characterBoundary(joined, this.#maxBytes);
			take(joined, 0, cut, this.#atLineStart);
			this.#atLineStart = false;
			this.#pending = [joined.subarray(cut)];
			this.#pendingBytes = joined.length - cut;
		}
	}

	#joined(): Buffer {
		return this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
	}

	/** Ends the pending line; a CR before the newline (TTY output) is not part of it. */
	#take(take: TakeLine): void {
		const joined = this.#joined();
		const cr = joined.length > 0 && joined[joined.length - 1] === 0x0d ? 1 : 0;
		const startsLine = this.#atLineStart;
		this.#pending = [];
		this.#pendingBytes = 0;
		this.#atLineStart = true;
		take(joined, 0, joined.length - cr, startsLine);
	}
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** RFC 3339 up to the seconds, `d` a digit: `2024-05-01T10:20:30`. */
const TIMESTAMP_SHAPE = Buffer.from('dddd-dd-ddTdd:dd:dd');

function isDigit(byte: number | undefined): boolean {
	return byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9;
}

/**
 * The length of the engine's RFC3339Nano timestamp (requested with `timestamps`) at `start`, read
 * from the bytes (seconds, an optional fraction, then `Z` or an offset); 0 when the line has none.
 */
export function timestampBytes(data: Buffer, start: number, end: number): number {
	if (end - start <= TIMESTAMP_SHAPE.length) {
		return 0;
	}
	for (let index = 0; index < TIMESTAMP_SHAPE.length; index++) {
		const shape = TIMESTAMP_SHAPE[index]!;
		const byte = data[start + index]!;
		if (shape === 0x64 ? !isDigit(byte) : byte !== shape) {
			return 0;
		}
	}
	let at = start + TIMESTAMP_SHAPE.length;
	if (data[at] === 0x2e && isDigit(data[at + 1])) {
		at += 2;
		while (at < end && isDigit(data[at])) {
			at++;
		}
	}
	if (data[at] === 0x5a) {
		return at + 1 - start;
	}
	const sign = data[at];
	const offset = at + 6 <= end && (sign === 0x2b || sign === 0x2d) && isDigit(data[at + 1]) && isDigit(data[at + 2]) && data[at + 3] === 0x3a && isDigit(data[at + 4]) && isDigit(data[at + 5]);
	return offset ? at + 6 - start : 0;
}

/** Lines a batch has room for before its arrays grow. */
const FIRST_LINES = 256;

function grown<T extends Int32Array | Uint8Array>(array: T, make: (length: number) => T): T {
	const larger = make(array.length * 2);
	larger.set(array);
	return larger;
}

/**
 * Lines of a log stream as ranges of the chunks they came in, not yet decoded: a store that keeps
 * lines as bytes copies them from here, and a line becomes a string only for those who ask. A
 * decoder fills the same batch again for each chunk (under a log flood, hundreds a second), so
 * its arrays are made once: a batch is read while it is handed on, not kept.
 */
export class LogBytes {
	/** The chunk each line is in; past `length`, nothing. */
	readonly data: Array<Buffer | undefined> = [];
	#starts: Int32Array = new Int32Array(FIRST_LINES);
	#textStarts: Int32Array = new Int32Array(FIRST_LINES);
	#timeEnds: Int32Array = new Int32Array(FIRST_LINES);
	#ends: Int32Array = new Int32Array(FIRST_LINES);
	#stderr: Uint8Array = new Uint8Array(FIRST_LINES);
	#length = 0;

	get length(): number {
		return this.#length;
	}

	/** Where each line starts: its timestamp, if it has one, else its text. */
	get starts(): Int32Array {
		return this.#starts;
	}

	/** Where each line's text starts: after its timestamp and the space after it. */
	get textStarts(): Int32Array {
		return this.#textStarts;
	}

	/** Where the timestamp ends (equal to `starts` when there is none). */
	get timeEnds(): Int32Array {
		return this.#timeEnds;
	}

	get ends(): Int32Array {
		return this.#ends;
	}

	/** 1 where the line came on stderr. */
	get stderr(): Uint8Array {
		return this.#stderr;
	}

	add(stderr: boolean, data: Buffer, start: number, timeEnd: number, textStart: number, end: number): void {
		if (this.#length === this.#ends.length) {
			const int32 = (length: number): Int32Array => new Int32Array(length);
			this.#starts = grown(this.#starts, int32);
			this.#textStarts = grown(this.#textStarts, int32);
			this.#timeEnds = grown(this.#timeEnds, int32);
			this.#ends = grown(this.#ends, int32);
			this.#stderr = grown(this.#stderr, length => new Uint8Array(length));
		}

		const index = this.#length++;
		this.data[index] = data;
		this.#starts[index] = start;
		this.#timeEnds[index] = timeEnd;
		this.#textStarts[index] = textStart;
		this.#ends[index] = end;
		this.#stderr[index] = stderr ? 1 : 0;
	}

	/** Empties the batch to be filled again; it lets go of the chunks it held. */
	clear(): void {
		this.data.fill(undefined, 0, this.#length);
		this.#length = 0;
	}

	/** Each line decoded (invalid UTF-8 becomes U+FFFD). */
	lines(): LogLine[] {
		const lines: LogLine[] = [];
		for (let index = 0; index < this.length; index++) {
			const data = this.data[index]!;
			const stream = this.stderr[index] ? 'stderr' : 'stdout';
			const text = data.toString('utf8', this.textStarts[index], this.ends[index]);
			const start = this.starts[index]!;
			const timeEnd = this.timeEnds[index]!;
			lines.push(timeEnd === start ? {stream, text} : {stream, text, timestamp: data.toString('latin1', start, timeEnd)});
		}
		return lines;
	}
}

/**
 * Turns a logs response into lines: demultiplexed unless the container has a TTY (then it is
 * all stdout), one splitter per stream so stdout and stderr never mix within a line.
 */
export class LogDecoder {
	readonly #demuxer: FrameDemuxer | undefined;
	readonly #timestamps: boolean;
	readonly #splitters: Record<OutputStream, LineSplitter> = {stdout: new LineSplitter(), stderr: new LineSplitter()};
	readonly #batch = new LogBytes();
	readonly #takeStdout: TakeLine = (data, start, end, startsLine) => this.#add(false, data, start, end, startsLine);
	readonly #takeStderr: TakeLine = (data, start, end, startsLine) => this.#add(true, data, start, end, startsLine);

	constructor(options: {multiplexed: boolean; timestamps: boolean}) {
		this.#demuxer = options.multiplexed ? new FrameDemuxer() : undefined;
		this.#timestamps = options.timestamps;
	}

	/** The lines `chunk` completes, decoded. */
	push(chunk: Buffer): LogLine[] {
		return this.pushBytes(chunk).lines();
	}

	/** The last lines, unterminated, decoded. */
	end(): LogLine[] {
		return this.endBytes().lines();
	}

	/** The lines `chunk` completes, as bytes: the decoder's one batch, which its next call fills again. */
	pushBytes(chunk: Buffer): LogBytes {
		this.#batch.clear();
		if (this.#demuxer) {
			this.#demuxer.forEach(chunk, this.#takePiece);
		} else {
			this.#splitters.stdout.split(chunk, 0, chunk.length, this.#takeStdout);
		}
		return this.#batch;
	}

	/** The last lines, unterminated, as bytes (the decoder's one batch, as from pushBytes). */
	endBytes(): LogBytes {
		this.#batch.clear();
		this.#splitters.stdout.finish(this.#takeStdout);
		this.#splitters.stderr.finish(this.#takeStderr);
		return this.#batch;
	}

	readonly #takePiece = (stream: OutputStream, data: Buffer, start: number, end: number): void => {
		this.#splitters[stream].split(data, start, end, stream === 'stderr' ? this.#takeStderr : this.#takeStdout);
	};

	#add(stderr: boolean, data: Buffer, start: number, end: number, startsLine: boolean): void {
		// A piece after the first of a cut line is text through and through.
		const time = this.#timestamps && startsLine ? timestampBytes(data, start, end) : 0;
		const timeEnd = start + time;
		const textStart = time > 0 && timeEnd < end && data[timeEnd] === 0x20 ? timeEnd + 1 : timeEnd;
		this.#batch.add(stderr, data, start, timeEnd, textStart, end);
	}
}

/** The query of a logs request; a container's and a service's take the same words. */
export function logsQuery(options: LogOptions): Record<string, unknown> {
	return {
		follow: options.follow,
		stdout: true,
		stderr: true,
		timestamps: options.timestamps,
		tail: Number.isFinite(options.tail) && options.tail >= 0 ? Math.floor(options.tail) : 'all',
		...(options.since === undefined ? {} : {since: options.since}),
		...(options.until === undefined ? {} : {until: options.until}),
	};
}
