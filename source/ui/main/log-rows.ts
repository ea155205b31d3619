import {textWidth, truncate, wrapLine, type StyleRun} from '../../format/index.js';
import type {LogEntry, LogLines, LogOrigin} from '../../store/log-lines.js';
import {glyph} from '../glyphs.js';

export type SegmentStyle = StyleRun['style'];

export interface Segment {
	text: string;
	style?: SegmentStyle;
}

/** One object for every cut line's '…', so a row that shows the same is seen to be the same. */
const CUT_STYLE: SegmentStyle = {dim: true};

export interface LogRow {
	seq: number;
	stream: LogEntry['stream'];
	/** The timestamp column, or '' (also for a wrapped line's continuation rows). */
	time: string;
	segments: Segment[];
	/** In merged logs, the replica the line came from (on the line's first row only). */
	source?: LogOrigin;
}

export interface LogRowOptions {
	anchor?: number;
	rows: number;
	/** Cells for the line itself, after the gutter and timestamp. */
	width: number;
	timestamps: boolean;
	wrap: boolean;
}

/** "2026-11-22T10:59:19.123Z" from the engine's nanosecond timestamp. */
export function shortTimestamp(timestamp: string | undefined): string {
	if (!timestamp) {
		return '';
	}

	const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,3})?\d*(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
	return match ? `${match[1]}${(match[2] ?? '.').padEnd(4, '0')}${match[3]}` : timestamp.slice(0, 24);
}

/** The parts of `text[start, end)` with the styles that cover them. */
export function styledSegments(text: string, styles: readonly StyleRun[], start: number, end: number): Segment[] {
	const segments: Segment[] = [];
	let at = start;
	for (const run of styles) {
		if (run.end <= at || run.start >= end) {
			continue;
		}

		if (run.start > at) {
			segments.push({text: text.slice(at, run.start)});
		}

		const runEnd = Math.min(run.end, end);
		segments.push({text: text.slice(Math.max(run.start, at), runEnd), style: run.style});
		at = runEnd;
	}

	if (at < end) {
		segments.push({text: text.slice(at, end)});
	}

	return segments;
}

function rowsOf(entry: LogEntry, options: LogRowOptions): LogRow[] {
	const time = options.timestamps ? shortTimestamp(entry.timestamp) : '';
	if (!options.wrap) {
		const shown = truncate(entry.text, options.width);
		const cut = shown.length < entry.text.length;
		// truncate() ends a cut line with one ellipsis character after the kept text.
		const kept = cut ? shown.length - 1 : entry.text.length;
		const segments = styledSegments(entry.text, entry.styles, 0, kept);
		if (cut) {
			segments.push({text: glyph.ellipsis, style: CUT_STYLE});
		}

		return [{seq: entry.seq, stream: entry.stream, time, segments, ...(entry.source ? {source: entry.source} : {})}];
	}

	const pieces = textWidth(entry.text) <= options.width ? [entry.text] : wrapLine(entry.text, options.width);
	let offset = 0;
	return pieces.map((piece, index) => {
		const row = {
			seq: entry.seq,
			stream: entry.stream,
			time: index === 0 ? time : '',
			segments: styledSegments(entry.text, entry.styles, offset, offset + piece.length),
			...(index === 0 && entry.source ? {source: entry.source} : {}),
		};
		offset += piece.length;
		return row;
	});
}

/** The rows made for a buffer's last window, by line: a frame mostly shows the lines of the one before. */
interface MadeRows {
	/** The options rows depend on (not where the window is). */
	shape: string;
	bySeq: Map<number, LogRow[]>;
}

const madeRows = new WeakMap<LogLines, MadeRows>();

/**
 * The rows that fill the view, ending at the anchor line (or the newest). Only the lines that
 * end up on screen are wrapped, however many the buffer holds. An anchor too near the oldest line
 * kept (or already dropped from the buffer) shows the oldest lines from the top, and as many newer
 * ones as fit: the view never scrolls past the oldest line. This is the one window of the logs:
 * what the tab draws, what the copy key calls "on screen", and where a selection's cursor is seen.
 * A line's rows are made once while it stays in the window (a buffer's lines never change).
 */
export function logRows(lines: LogLines, options: LogRowOptions): LogRow[] {
	if (lines.length === 0 || options.rows <= 0) {
		return [];
	}

	const shape = `${options.width} ${options.timestamps} ${options.wrap}`;
	const made = madeRows.get(lines);
	const before = made?.shape === shape ? made.bySeq : undefined;
	const bySeq = new Map<number, LogRow[]>();
	const rowsAt = (index: number): LogRow[] => {
		const seq = lines.firstSeq + index;
		const entryRows = before?.get(seq) ?? rowsOf(lines.at(index)!, options);
		bySeq.set(seq, entryRows);
		return entryRows;
	};

	const bottom = options.anchor === undefined ? lines.length - 1 : Math.max(0, Math.min(lines.length - 1, options.anchor - lines.firstSeq));
	const rows: LogRow[] = [];
	for (let index = bottom; index >= 0 && rows.length < options.rows; index--) {
		const entryRows = rowsAt(index);
		rows.unshift(...entryRows.slice(Math.max(0, entryRows.length - (options.rows - rows.length))));
	}

	for (let index = bottom + 1; index < lines.length && rows.length < options.rows; index++) {
		rows.push(...rowsAt(index).slice(0, options.rows - rows.length));
	}

	madeRows.set(lines, {shape, bySeq});
	return rows;
}

/**
 * The anchor that shows line `seq` whole, moving the view as little as it must: the view's own
 * bottom line when the line is on screen already, the line itself when it is below, and when it
 * is above (or cut at the top), the anchor that puts it at the top.
 */
export function anchorShowing(lines: LogLines, seq: number, options: LogRowOptions): number {
	const rows = logRows(lines, options);
	const bottom = rows.at(-1)?.seq ?? seq;
	if (seq >= bottom) {
		return seq;
	}

	const index = seq - lines.firstSeq;
	const entry = lines.at(index);
	const whole = entry === undefined ? 0 : rowsOf(entry, options).length;
	if (rows.filter(row => row.seq === seq).length >= whole) {
		return bottom;
	}

	// Down from the line, as many lines as fit whole below it.
	let used = whole;
	let last = index;
	while (last + 1 < lines.length) {
		const next = rowsOf(lines.at(last + 1)!, options).length;
		if (used + next > options.rows) {
			break;
		}

		used += next;
		last++;
	}

	return lines.firstSeq + last;
}
