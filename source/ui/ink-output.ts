// berth's stand-in for Ink's Output class (ink/build/output.js), put in its place when the
// bundle is built (scripts/build.ts). Ink's own takes every line of every frame apart into
// per-character style objects and builds the frame text again from them: that was most of
// berth's CPU time and of the 36 MB/s of garbage it made with 21 containers. This one parses each distinct
// line once (lines repeat from frame to frame), lays the parsed cells out by reference, reuses
// the text of rows that did not change, and keeps the cells so the frame writer need not parse
// the frame again.
import {textWidth} from '../format/index.js';
import {BLANK, lineCells, rememberRowText, type Cell} from './cells.js';
import {FrameMemo} from './frame-memo.js';
import {RESET_STYLE} from './sequences.js';
import {sameItems} from '../store/memo.js';

type Transformer = (line: string, index: number) => string;

interface Clip {
	x1?: number;
	x2?: number;
	y1?: number;
	y2?: number;
}

type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};

/** A finished row: its cells and the text Ink writes for them. */
interface Row {
	cells: readonly Cell[];
	text: string;
}

/** The only escape sequences in Ink's text: styles from its colour transforms. */
const SGR = /\u001B\[[\d;]*m/g;

const parsedLines = new FrameMemo<readonly Cell[]>(lineCells);

/** The rows of the last frame made, so the next frame can reuse those that did not change. */
let lastRows: readonly Row[] = [];
let lastText: string | undefined;

/** Where a row's text is put together: one string made from it, not one per cell as `+=` makes. */
let textBytes = Buffer.allocUnsafe(1024);

function putAscii(text: string, at: number): number {
	for (let index = 0; index < text.length; index++) {
		textBytes[at++] = text.charCodeAt(index);
	}

	return at;
}

function rowText(cells: readonly Cell[]): string {
	// Like Ink, trailing default blanks are not written.
	let end = cells.length;
	while (end > 0 && cells[end - 1]!.text === ' ' && cells[end - 1]!.style === '') {
		end--;
	}

	let at = 0;
	let style = '';
	for (let index = 0; index < end; index++) {
		const cell = cells[index]!;
		// Room for a style change (its parameters and two sequences) and the cell's UTF-8.
		const room = cell.style.length + 16 + cell.text.length * 3;
		if (at + room > textBytes.length) {
			const larger = Buffer.allocUnsafe(Math.max(textBytes.length * 2, at + room));
			textBytes.copy(larger, 0, 0, at);
			textBytes = larger;
		}

		if (cell.style !== style) {
			if (style !== '') {
				at = putAscii(RESET_STYLE, at);
			}

			if (cell.style !== '') {
				at = putAscii(cell.style, putAscii('\u001B[', at));
				textBytes[at++] = 0x6d;
			}

			style = cell.style;
		}

		// UTF-8 of one BMP character by hand (box drawing and glyphs are on every row); else Buffer's.
		const code = cell.text.length === 1 ? cell.text.charCodeAt(0) : -1;
		if (code >= 0 && code < 0x80) {
			textBytes[at++] = code;
		} else if (code >= 0x80 && code < 0x800) {
			textBytes[at++] = 0xc0 | (code >> 6);
			textBytes[at++] = 0x80 | (code & 0x3f);
		} else if (code >= 0x800 && (code < 0xd800 || code > 0xdfff)) {
			textBytes[at++] = 0xe0 | (code >> 12);
			textBytes[at++] = 0x80 | ((code >> 6) & 0x3f);
			textBytes[at++] = 0x80 | (code & 0x3f);
		} else if (cell.text !== '') {
			at += textBytes.write(cell.text, at);
		}
	}

	if (style !== '') {
		at = putAscii(RESET_STYLE, at);
	}

	return textBytes.toString('utf8', 0, at);
}

/** The grid frames are drawn on, blank; kept between frames, as most rows are then dropped. */
let scratch: Cell[][] = [];

function scratchGrid(width: number, height: number): Cell[][] {
	if (scratch.length !== height || scratch[0]?.length !== width) {
		scratch = Array.from({length: height}, () => Array<Cell>(width));
	}

	for (const row of scratch) {
		row.fill(BLANK);
	}

	return scratch;
}

/**
 * The cells of the frame whose text is `frame`, when it is the last one this module made; the
 * frame writer then skips parsing it again. Rows that did not change are the same arrays as in
 * the frame before.
 */
export function madeFrameCells(frame: string): ReadonlyArray<readonly Cell[]> | undefined {
	return frame === lastText ? lastRows.map(row => row.cells) : undefined;
}

export default class Output {
	readonly width: number;
	readonly height: number;
	readonly #operations: Operation[] = [];

	constructor({width, height}: {width: number; height: number}) {
		this.width = width;
		this.height = height;
	}

	write(x: number, y: number, text: string, {transformers}: {transformers: Transformer[]}): void {
		if (text) {
			this.#operations.push({type: 'write', x, y, text, transformers});
		}
	}

	clip(clip: Clip): void {
		this.#operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.#operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		const grid = scratchGrid(this.width, this.height);
		const clips: Clip[] = [];
		for (const operation of this.#operations) {
			if (operation.type === 'clip') {
				clips.push(operation.clip);
			} else if (operation.type === 'unclip') {
				clips.pop();
			} else {
				this.#place(grid, operation, clips.at(-1));
			}
		}

		const rows = grid.map((cells, index): Row => {
			const last = lastRows[index];
			if (last && sameItems(last.cells, cells)) {
				return last;
			}

			// The scratch row is drawn on again next frame: a changed row keeps a copy.
			const row = {cells: cells.slice(), text: rowText(cells)};
			rememberRowText(row.cells, row.text);
			return row;
		});
		const output = rows.map(row => row.text).join('\n');
		lastRows = rows;
		lastText = output;
		parsedLines.nextFrame();
		measuredText.nextFrame();
		return {output, height: this.height};
	}

	#place(grid: Cell[][], {x, y, text, transformers}: Extract<Operation, {type: 'write'}>, clip: Clip | undefined): void {
		// As in Ink, a clip applies along an axis only when it has both ends there.
		const horizontal = clip?.x1 !== undefined && clip.x2 !== undefined;
		const vertical = clip?.y1 !== undefined && clip.y2 !== undefined;
		const left = Math.max(0, horizontal ? clip.x1! : 0);
		const right = Math.min(this.width, horizontal ? clip.x2! : this.width);
		const top = Math.max(0, vertical ? clip.y1! : 0);
		const bottom = Math.min(this.height, vertical ? clip.y2! : this.height);
		// Ink numbers the lines for its transformers from the first one the clip leaves.
		const clippedAbove = vertical && y < clip.y1! ? clip.y1! - y : 0;
		// The lines of the text, found without splitting it: most writes are one line.
		let lineEnd = -1;
		for (let index = 0; lineEnd < text.length; index++) {
			const lineStart = lineEnd + 1;
			lineEnd = text.indexOf('\n', lineStart);
			if (lineEnd === -1) {
				lineEnd = text.length;
			}

			const row = y + index;
			if (row < top || row >= bottom) {
				continue;
			}

			let line = text.slice(lineStart, lineEnd);
			for (const transformer of transformers) {
				line = transformer(line, index - clippedAbove);
			}

			const target = grid[row]!;
			const cells = parsedLines.get(line);
			const from = Math.max(0, left - x);
			let to = Math.min(cells.length, right - x);
			// As in Ink, a wide character that starts inside the clip is drawn whole.
			if (cells[to]?.text === '' && x + to < this.width) {
				to++;
			}

			if (from >= to) {
				continue;
			}

			// Half a wide character is drawn as a blank: the half left of the clip, the half at the
			// frame's right edge (a terminal would wrap it onto the next line), and the halves of
			// wide characters underneath that this write covers only in part.
			if (target[x + from]?.text === '' && x + from > 0) {
				target[x + from - 1] = BLANK;
			}

			for (let at = from; at < to; at++) {
				const cell = cells[at]!;
				const cut = (at === from && cell.text === '') || (at === to - 1 && cells[at + 1]?.text === '');
				target[x + at] = cut ? BLANK : cell;
			}

			if (target[x + to]?.text === '') {
				target[x + to] = BLANK;
			}
		}
	}
}

/** Text of the frame being made, measured once: Ink measures every text node on every frame. */
const measuredText = new FrameMemo<number>(text => {
	const plain = text.includes('\u001B') ? text.replace(SGR, '') : text;
	let widest = 0;
	for (const line of plain.split('\n')) {
		widest = Math.max(widest, textWidth(line));
	}

	return widest;
});

/**
 * Stands in for the widest-line package in Ink (scripts/build.ts): the width of the widest line
 * of `text`, in cells.
 */
export function widestLine(text: string): number {
	return measuredText.get(text);
}
