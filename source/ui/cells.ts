import {graphemeSegments, textWidth} from '../format/width.js';

/** One terminal cell: what it shows and the SGR parameters that style it ('' is the default). */
export interface Cell {
	/** The grapheme; '' for the second cell of a wide character. */
	text: string;
	style: string;
}

export const BLANK: Cell = {text: ' ', style: ''};

const FLAG_ON: Readonly<Record<number, number>> = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 7: 5, 8: 6, 9: 7};
const FLAG_CODES = [1, 2, 3, 4, 5, 7, 8, 9];
// 22 ends both bold and dim; the others end one attribute each.
const FLAG_OFF: Readonly<Record<number, number[]>> = {22: [0, 1], 23: [2], 24: [3], 25: [4], 27: [5], 28: [6], 29: [7]};

/** The styling in force at a point of a line: colours as SGR parameter strings, and flags. */
interface SgrState {
	fg: string;
	bg: string;
	flags: number;
}

function serialize(state: SgrState): string {
	const parts: Array<string | number> = FLAG_CODES.filter((_code, bit) => (state.flags & (1 << bit)) !== 0);
	if (state.fg) {
		parts.push(state.fg);
	}

	if (state.bg) {
		parts.push(state.bg);
	}

	return parts.join(';');
}

/** Applies one SGR sequence's parameters ("1;38;5;196") to the state. */
function applySgr(state: SgrState, parameters: string): void {
	const codes = parameters === '' ? [0] : parameters.split(';').map(Number);
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index]!;
		if (code === 0) {
			state.fg = '';
			state.bg = '';
			state.flags = 0;
		} else if (FLAG_ON[code] !== undefined) {
			state.flags |= 1 << FLAG_ON[code];
		} else if (FLAG_OFF[code]) {
			for (const bit of FLAG_OFF[code]) {
				state.flags &= ~(1 << bit);
			}
		} else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) {
			state.fg = String(code);
		} else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) {
			state.bg = String(code);
		} else if (code === 39) {
			state.fg = '';
		} else if (code === 49) {
			state.bg = '';
		} else if (code === 38 || code === 48) {
			// Extended colours take the next two (5;n) or four (2;r;g;b) parameters.
			const length = codes[index + 1] === 5 ? 2 : codes[index + 1] === 2 ? 4 : 0;
			const colour = codes.slice(index, index + 1 + length).join(';');
			index += length;
			if (code === 38) {
				state.fg = colour;
			} else {
				state.bg = colour;
			}
		}
	}
}

/** Style after style: an SGR sequence's parameters applied to a style, as lines repeat their colour changes. */
const transitions = new Map<string, string>();
/** Log colours make many; past this many they are worked out again. */
const TRANSITION_LIMIT = 4096;

/**
 * The style in force after `parameters` are applied where `style` was. A style is the canonical
 * parameters of its state, so applying it to a blank state gives that state back.
 */
function nextStyle(style: string, parameters: string): string {
	const key = `${style}m${parameters}`;
	let next = transitions.get(key);
	if (next === undefined) {
		const state: SgrState = {fg: '', bg: '', flags: 0};
		applySgr(state, style);
		applySgr(state, parameters);
		next = serialize(state);
		if (transitions.size >= TRANSITION_LIMIT) {
			transitions.clear();
		}

		transitions.set(key, next);
	}

	return next;
}

/** Where the SGR sequence (ESC [ digits and semicolons m) at `escape` ends (its "m"), else -1. */
function sgrEnd(line: string, escape: number): number {
	if (line.charCodeAt(escape + 1) !== 0x5b) {
		return -1;
	}

	for (let at = escape + 2; at < line.length; at++) {
		const code = line.charCodeAt(at);
		if (code === 0x6d) {
			return at;
		}

		// Digits and ';' only.
		if ((code < 0x30 || code > 0x39) && code !== 0x3b) {
			return -1;
		}
	}

	return -1;
}
/**
 * Characters that join with their neighbours into one cell (marks, joiners, variation selectors,
 * flags, skin tones, Hangul jamo): text holding any of them is split by the grapheme segmenter;
 * the rest, box drawing and glyphs included, one character a cell, which is much faster.
 */
const JOINING = /[\p{M}\u200C\u200D\uFE00-\uFE0F\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}\u1160-\u11FF\uD7B0-\uD7FF]/u;
const widths = new Map<string, number>();

/** Enough for every character a screen holds; log text in many scripts could otherwise grow it without end. */
const WIDTH_CACHE_SIZE = 10_000;

function widthOf(character: string): number {
	let width = widths.get(character);
	if (width === undefined) {
		width = textWidth(character);
		if (widths.size >= WIDTH_CACHE_SIZE) {
			widths.clear();
		}

		widths.set(character, width);
	}

	return width;
}

/**
 * A rendered line (text with SGR sequences, as Ink writes it) as cells. Other escape sequences
 * do not occur in a frame: everything from outside was sanitised before rendering.
 */
export function lineCells(line: string): Cell[] {
	// Made as long as the line and cut to the cells it holds, the array is allocated once rather
	// than grown (and copied) a step at a time; only wide characters can make it grow.
	const cells = Array<Cell>(line.length);
	let count = 0;
	let style = '';
	let at = 0;
	while (at < line.length) {
		const escape = line.indexOf('\u001B', at);
		const text = line.slice(at, escape === -1 ? line.length : escape);
		if (text !== '') {
			count = putText(cells, count, text, style);
		}

		if (escape === -1) {
			break;
		}

		const end = sgrEnd(line, escape);
		if (end === -1) {
			at = escape + 1;
		} else {
			style = nextStyle(style, line.slice(escape + 2, end));
			at = end + 1;
		}
	}

	cells.length = count;
	return cells;
}

/** Puts the cells of `text` from `cells[count]` on; the count after them. */
function putText(cells: Cell[], count: number, text: string, style: string): number {
	const graphemes = JOINING.test(text) ? Array.from(graphemeSegments(text), part => part.segment) : text;
	for (const segment of graphemes) {
		const width = widthOf(segment);
		if (width === 0) {
			// A mark with no width of its own belongs to the cell before it.
			const previous = cells[count - 1];
			if (previous) {
				cells[count - 1] = {text: previous.text + segment, style: previous.style};
			}

			continue;
		}

		cells[count++] = cellOf(segment, style);
		if (width === 2) {
			cells[count++] = {text: '', style};
		}
	}

	return count;
}

/**
 * Cells of ASCII characters, made once per style: most of every frame. Sharing them saves the
 * garbage of a cell per character of each changed line and makes equal cells identical.
 */
const asciiCells = new Map<string, Cell[]>([['', []]]);
asciiCells.get('')![0x20] = BLANK;
/** Log colours make many styles; past this many, the oldest set goes. */
const ASCII_STYLES = 256;

function cellOf(text: string, style: string): Cell {
	const code = text.length === 1 ? text.charCodeAt(0) : 0x80;
	if (code >= 0x80) {
		return {text, style};
	}

	let cells = asciiCells.get(style);
	if (cells === undefined) {
		if (asciiCells.size >= ASCII_STYLES) {
			// The oldest but the default style's, which holds BLANK.
			const [, oldest] = asciiCells.keys();
			asciiCells.delete(oldest!);
		}

		cells = [];
		asciiCells.set(style, cells);
	}

	return (cells[code] ??= {text, style});
}

export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
	const left = a ?? BLANK;
	const right = b ?? BLANK;
	return left.text === right.text && left.style === right.style;
}

/** The text each row of cells was made from: rows so known compare as their texts, in one step. */
const rowTexts = new WeakMap<readonly Cell[], string>();

/** Records that `cells` are the cells of `text` (as lineCells parses it). */
export function rememberRowText(cells: readonly Cell[], text: string): void {
	rowTexts.set(cells, text);
}

/** The text recorded for the row, if any. */
export function recordedRowText(cells: readonly Cell[] | undefined): string | undefined {
	return cells && rowTexts.get(cells);
}

/** Rows equal cell for cell over the first `columns` columns. */
export function sameRow(a: readonly Cell[] | undefined, b: readonly Cell[] | undefined, columns: number): boolean {
	if (a === b) {
		return true;
	}

	for (let column = 0; column < columns; column++) {
		if (!sameCell(a?.[column], b?.[column])) {
			return false;
		}
	}

	return true;
}
