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

/** The start of the UTF-8 character at or before `limit`, so a cut never splits a character. */
function characterBoundary(buffer: Buffer, limit: number): number {
	for (let cut = limit; cut > 0 && cut > limit - 4; cut--) {
		if (((buffer[cut] ?? 0) & 0xc0) !== 0x80) {
			return cut;
		}
	}
	return limit;
}

/**
 * Splits bytes into lines across chunk boundaries. Bytes are decoded only once a line (or a
 * piece of an over-long one) is complete, so characters split across chunks stay whole and
 * invalid bytes become U+FFFD. A partial line is held until its newline, but never more than
 * `maxBytes` of it: longer lines are passed on in pieces.
 */
export class LineSplitter {
	readonly #maxBytes: number;
	#pending: Buffer[] = [];
	#pendingBytes = 0;
	#atLineStart = true;

	constructor(maxBytes = maxLineBytes) {
		this.#maxBytes = maxBytes;
	}

	push(data: Buffer, pieces: LinePiece[] = [], start = 0, end = data.length): LinePiece[] {
		let offset = start;
		while (offset < end) {
			const found = data.indexOf(0x0a, offset);
			const newline = found === -1 || found >= end ? -1 : found;
			if (newline === -1) {
				this.#append(data.subarray(offset, end), pieces);
				break;
			}
			if (this.#pendingBytes === 0 && newline - offset <= this.#maxBytes) {
				// A whole line in one piece, the usual case: decoded straight from the chunk.
				const cr = newline > offset && data[newline - 1] === 0x0d ? 1 : 0;
				pieces.push({text: data.toString('utf8', offset, newline - cr), startsLine: this.#atLineStart});
				this.#atLineStart = true;
			} else {
				this.#append(data.subarray(offset, newline), pieces);
				pieces.push(this.#take());
			}
			offset = newline + 1;
		}
		return pieces;
	}

	/** The unterminated last line, if any. */
	end(): LinePiece[] {
		return this.#pendingBytes > 0 ? [this.#take()] : [];
	}

	#append(data: Buffer, pieces: LinePiece[]): void {
		if (data.length === 0) {
			return;
		}
		this.#pending.push(data);
		this.#pendingBytes += data.length;
		while (this.#pendingBytes > this.#maxBytes) {
			const joined = this.#joined();
			const cut = characterBoundary(joined, this.#maxBytes);
			pieces.push({text: joined.subarray(0, cut).toString('utf8'), startsLine: this.#atLineStart});
			this.#atLineStart = false;
			this.#pending = [joined.subarray(cut)];
			this.#pendingBytes = joined.length - cut;
		}
	}

	#joined(): Buffer {
		return this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
	}

	/** Ends the pending line; a CR before the newline (TTY output) is not part of it. */
	#take(): LinePiece {
		let text = this.#joined().toString('utf8');
		if (text.endsWith('\r')) {
			text = text.slice(0, -1);
		}
		const piece = {text, startsLine: this.#atLineStart};
		this.#pending = [];
		this.#pendingBytes = 0;
		this.#atLineStart = true;
		return piece;
	}
}

const timestampPattern = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

/** Splits the engine's leading RFC3339Nano timestamp (requested with `timestamps`) off a line. */
export function splitTimestamp(text: string): {timestamp?: string; text: string} {
	const match = timestampPattern.exec(text);
	return match ? {timestamp: match[1], text: text.slice(match[0].length)} : {text};
}

/**
 * Turns a logs response into lines: demultiplexed unless the container has a TTY (then it is
 * all stdout), one splitter per stream so stdout and stderr never mix within a line.
 */
export class LogDecoder {
	readonly #demuxer: FrameDemuxer | undefined;
	readonly #timestamps: boolean;
	readonly #splitters: Record<OutputStream, LineSplitter> = {stdout: new LineSplitter(), stderr: new LineSplitter()};

	constructor(options: {multiplexed: boolean; timestamps: boolean}) {
		this.#demuxer = options.multiplexed ? new FrameDemuxer() : undefined;
		this.#timestamps = options.timestamps;
	}

	push(chunk: Buffer): LogLine[] {
		const lines: LogLine[] = [];
		if (this.#demuxer) {
			this.#demuxer.forEach(chunk, (stream, data, start, end) => {
				this.#lines(stream, this.#splitters[stream].push(data, [], start, end), lines);
			});
		} else {
			this.#lines('stdout', this.#splitters.stdout.push(chunk), lines);
		}
		return lines;
	}

	end(): LogLine[] {
		const lines: LogLine[] = [];
		this.#lines('stdout', this.#splitters.stdout.end(), lines);
		this.#lines('stderr', this.#splitters.stderr.end(), lines);
		return lines;
	}

	#lines(stream: OutputStream, pieces: LinePiece[], into: LogLine[]): void {
		for (const piece of pieces) {
			if (!this.#timestamps || !piece.startsLine) {
				into.push({stream, text: piece.text});
				continue;
			}
			const {timestamp, text} = splitTimestamp(piece.text);
			into.push(timestamp === undefined ? {stream, text} : {stream, text, timestamp});
		}
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
