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
	#header = Buffer.alloc(0);
	#stream: OutputStream = 'stdout';
	#remaining = 0;

	push(chunk: Buffer): StreamPiece[] {
		const pieces: StreamPiece[] = [];
		let offset = 0;
		while (offset < chunk.length) {
			if (this.#remaining > 0) {
				const end = Math.min(chunk.length, offset + this.#remaining);
				pieces.push({stream: this.#stream, data: chunk.subarray(offset, end)});
				this.#remaining -= end - offset;
				offset = end;
				continue;
			}
			const headerPart = chunk.subarray(offset, offset + frameHeaderBytes - this.#header.length);
			this.#header = Buffer.concat([this.#header, headerPart]);
			offset += headerPart.length;
			if (this.#header.length < frameHeaderBytes) {
				break;
			}
			// 0 is stdin echoed back, 1 stdout, 2 stderr, 3 an engine-side error about the stream.
			const type = this.#header.readUInt8(0);
			this.#stream = type === 2 || type === 3 ? 'stderr' : 'stdout';
			this.#remaining = this.#header.readUInt32BE(4);
			this.#header = Buffer.alloc(0);
		}
		return pieces;
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

	push(data: Buffer): LinePiece[] {
		const pieces: LinePiece[] = [];
		let offset = 0;
		while (offset < data.length) {
			const newline = data.indexOf(0x0a, offset);
			if (newline === -1) {
				this.#append(data.subarray(offset), pieces);
				break;
			}
			this.#append(data.subarray(offset, newline), pieces);
			pieces.push(this.#take());
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
		const pieces = this.#demuxer ? this.#demuxer.push(chunk) : [{stream: 'stdout' as const, data: chunk}];
		return pieces.flatMap(piece => this.#lines(piece.stream, this.#splitters[piece.stream].push(piece.data)));
	}

	end(): LogLine[] {
		return [
			...this.#lines('stdout', this.#splitters.stdout.end()),
			...this.#lines('stderr', this.#splitters.stderr.end()),
		];
	}

	#lines(stream: OutputStream, pieces: LinePiece[]): LogLine[] {
		return pieces.map(piece => {
			if (!this.#timestamps || !piece.startsLine) {
				return {stream, text: piece.text};
			}
			const {timestamp, text} = splitTimestamp(piece.text);
			return timestamp === undefined ? {stream, text} : {stream, text, timestamp};
		});
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
