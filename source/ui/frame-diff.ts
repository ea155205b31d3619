import {BLANK, lineCells, recordedRowText, rememberRowText, sameCell, sameRow, type Cell} from './cells.js';
import {RESET_STYLE} from './sequences.js';

const ERASE_TO_END = '\u001B[K';
/** Unchanged cells between two changes cheaper to rewrite than to jump over with a cursor move. */
const BRIDGE = 4;

export type Grid = ReadonlyArray<readonly Cell[]>;

export function frameGrid(frame: string): Grid {
	return frame.split('\n').map(line => {
		const cells = lineCells(line);
		rememberRowText(cells, line);
		return cells;
	});
}

const ESC = '\u001B[';

/** A cursor move by `count` in one direction: the count is left out when it is 1. */
function step(count: number, final: string): string {
	return count === 1 ? `${ESC}${final}` : `${ESC}${count}${final}`;
}

/** Up to this many rows down, a line tabulation (VT, one byte) a row is shorter than CUD (3+ bytes). */
const TABULATED_ROWS = 3;

/**
 * A move by `count` rows, down when positive. Down a few rows is a line tabulation (VT) per row:
 * terminals move down a row on it as on a line feed, and the tty's output processing, which turns
 * a line feed into a carriage return and a line feed, leaves it alone. Up one row is a reverse
 * index (ESC M), two bytes where CUU takes three. Both scroll when the cursor is on the screen's
 * last or first row, which a move down or up never starts from.
 */
function rowMove(count: number): string {
	if (count > 0) {
		return count <= TABULATED_ROWS ? '\v'.repeat(count) : step(count, 'B');
	}

	return count === -1 ? '\u001BM' : step(-count, 'A');
}

/** The shortest way to the column, staying on the row: backspaces, a relative move or an absolute one. */
function horizontal(from: number, to: number): string {
	if (to === from) {
		return '';
	}

	if (to < from) {
		// A backspace moves one column left, never past the first.
		const back = from - to;
		const relative = step(back, 'D');
		return back <= relative.length ? '\b'.repeat(back) : shortest(relative, to === 0 ? '\r' : `${ESC}${to + 1}G`);
	}

	return shortest(step(to - from, 'C'), `${ESC}${to + 1}G`);
}

function shortest(...moves: string[]): string {
	return moves.reduce((best, move) => (move.length < best.length ? move : best));
}

/**
 * The bytes that move the cursor from `from` (undefined when its place is not known) to
 * row/column: the absolute move, or relative ones when shorter. None of them scrolls.
 */
export function moveTo(from: {row: number; column: number} | undefined, row: number, column: number): string {
	const absolute = column === 0 ? `${ESC}${row + 1}H` : `${ESC}${row + 1};${column + 1}H`;
	if (from === undefined) {
		return absolute;
	}

	const vertical = row === from.row ? '' : rowMove(row - from.row);
	return shortest(absolute, vertical + horizontal(from.column, column));
}

const digits = (count: number): number => (count < 10 ? 1 : count < 100 ? 2 : count < 1000 ? 3 : String(count).length);

/** The length of a step() move. */
const stepLength = (count: number): number => (count === 1 ? 3 : 3 + digits(count));

/** moveTo(from, row, column).length, worked out without making the string: frames weigh many candidate moves. */
export function moveCost(from: {row: number; column: number} | undefined, row: number, column: number): number {
	const absolute = column === 0 ? 3 + digits(row + 1) : 4 + digits(row + 1) + digits(column + 1);
	if (from === undefined) {
		return absolute;
	}

	const distance = Math.abs(row - from.row);
	const down = row > from.row;
	const vertical = distance === 0 ? 0 : down && distance <= TABULATED_ROWS ? distance : distance === 1 ? 2 : stepLength(distance);
	let across = 0;
	if (column < from.column) {
		const back = from.column - column;
		const relative = stepLength(back);
		across = back <= relative ? back : Math.min(relative, column === 0 ? 1 : 3 + digits(column + 1));
	} else if (column > from.column) {
		across = Math.min(stepLength(column - from.column), 3 + digits(column + 1));
	}

	return Math.min(absolute, vertical + across);
}

/** True when every cell from `from` on is a default blank: the end of the row can be erased instead. */
function blankFrom(cells: readonly Cell[], from: number): boolean {
	for (let index = from; index < cells.length; index++) {
		if (!sameCell(cells[index], BLANK)) {
			return false;
		}
	}

	return true;
}

/** A stretch of changed cells in one row; `erase` when the row is blank from `start` on. */
type Run = {row: number; start: number; end: number; erase: boolean};

/** The runs of changed cells, row by row. Runs never split a wide character. */
function changedRuns(previous: Grid, next: Grid, rows: number, columns: number): Run[] {
	const runs: Run[] = [];
	const height = Math.min(rows, Math.max(previous.length, next.length));
	for (let row = 0; row < height; row++) {
		const before = previous[row] ?? [];
		const after = next[row] ?? [];
		if (before === after) {
			// The frame maker reuses the cells of a row that did not change.
			continue;
		}

		const width = Math.min(columns, Math.max(before.length, after.length));
		let column = 0;
		while (column < width) {
			if (sameCell(before[column], after[column])) {
				column++;
				continue;
			}

			// A change: extend the run over later changes close enough to be worth bridging.
			let start = column;
			while (start > 0 && after[start]?.text === '') {
				start--;
			}

			if (blankFrom(after, start)) {
				runs.push({row, start, end: width, erase: true});
				break;
			}

			let end = column + 1;
			let gap = 0;
			while (end < width && gap <= BRIDGE) {
				gap = sameCell(before[end], after[end]) ? gap + 1 : 0;
				end++;
			}

			end -= gap;
			while (end < width && after[end]?.text === '') {
				end++;
			}

			runs.push({row, start, end, erase: false});
			column = end;
		}
	}

	return runs;
}

/** Up to this many runs in a frame are written in the order that moves the cursor least; more go row by row. */
const ORDERED_RUNS = 160;

/**
 * Rows `top`..`bottom` scrolled by `by` rows: up (their content moves up) when positive. The rows
 * it brings in are blank.
 */
interface Scroll {
	top: number;
	bottom: number;
	by: number;
}

/** Rows that moved farther than this are not looked for. */
const SCROLL_LIMIT = 16;
/** Bytes a scroll must save beyond its estimated cost. */
const SCROLL_MARGIN = 24;

/** About what writing the cells of `after` that differ from `before` takes: the cells and a move. */
function rewriteCost(before: readonly Cell[] | undefined, after: readonly Cell[] | undefined, columns: number): number {
	let cost = 0;
	for (let column = 0; column < columns; column++) {
		cost += sameCell(before?.[column], after?.[column]) ? 0 : 1;
	}

	return cost === 0 ? 0 : cost + 3;
}

/**
 * The distances worth trying, up (positive) or down: those by which at least two changed rows
 * moved, found from where each row's text was; every distance when some row's text is not known.
 */
function scrollDistances(before: ReadonlyArray<string | undefined>, after: ReadonlyArray<string | undefined>, changed: readonly boolean[]): number[] {
	if (before.includes(undefined) || after.includes(undefined)) {
		return Array.from({length: Math.min(SCROLL_LIMIT, before.length - 1)}, (_unused, index) => [index + 1, -index - 1]).flat();
	}

	const sources = new Map<string | undefined, number>();
	for (let row = 0; row < before.length; row++) {
		sources.set(before[row], row);
	}

	const seen = new Map<number, number>();
	for (let row = 0; row < after.length; row++) {
		const source = changed[row] ? sources.get(after[row]) : undefined;
		if (source !== undefined && Math.abs(source - row) <= SCROLL_LIMIT) {
			seen.set(source - row, (seen.get(source - row) ?? 0) + 1);
		}
	}

	return [...seen].filter(([, rows]) => rows >= 2).map(([by]) => by);
}

/**
 * The scroll of part of the screen that saves the most bytes, if one does: logs gaining lines, a
 * list scrolled. What it saves is the rewriting of the rows it puts right; what it costs is its
 * own bytes and the writing of the rows it brings in blank.
 */
function bestScroll(previous: Grid, next: Grid, rows: number, columns: number): Scroll | undefined {
	const height = Math.min(rows, previous.length, next.length);
	// Two rows whose texts are recorded compare as those: the same text is the same cells, and the
	// frame maker writes the same cells as the same text (a text from elsewhere may say them
	// otherwise, and then they only count as changed). Each row is compared with many: the texts
	// are looked up once.
	const before = previous.slice(0, height).map(recordedRowText);
	const after = next.slice(0, height).map(recordedRowText);
	const moved = (source: number, row: number): boolean =>
		before[source] !== undefined && after[row] !== undefined ? before[source] === after[row] : sameRow(previous[source], next[row], columns);
	const changed = Array.from({length: height}, (_unused, row) => previous[row] !== next[row] && !moved(row, row));
	if (changed.filter(Boolean).length < 2) {
		return undefined;
	}

	let best: Scroll | undefined;
	let bestSaving = 0;
	const consider = (first: number, last: number, by: number): void => {
		let saving = 0;
		for (let row = first; row <= last; row++) {
			saving += changed[row] ? rewriteCost(previous[row], next[row], columns) : 0;
		}

		// Too few rows put right to pay for a scroll's own bytes, whatever the rest.
		if (saving <= SCROLL_MARGIN) {
			return;
		}

		const scroll = by > 0 ? {top: first, bottom: last + by, by} : {top: first + by, bottom: last, by};
		const blank = by > 0 ? scroll.bottom - by + 1 : scroll.top;
		let cost = scrollBytes(scroll).length;
		for (let row = blank; row < blank + Math.abs(by); row++) {
			cost += rewriteCost(undefined, next[row], columns) - (changed[row] ? rewriteCost(previous[row], next[row], columns) : 0);
		}

		// The estimate leaves out the moves of the other changes, which start again from the top left
		// after a scroll: a scroll must save clearly more than it costs.
		if (saving - cost > Math.max(bestSaving, SCROLL_MARGIN)) {
			best = scroll;
			bestSaving = saving - cost;
		}
	};

	for (const by of scrollDistances(before, after, changed)) {
		// Runs of rows whose content was `by` rows below them (scrolling up) or above them before. A
		// run starts at a changed row; an unchanged row that the scroll leaves right too does not end it.
		let first = -1;
		for (let row = 0; row <= height; row++) {
			const source = row + by;
			const fits = row < height && source >= 0 && source < height;
			if (fits && (changed[row] || first !== -1) && moved(source, row)) {
				first = first === -1 ? row : first;
			} else if (first !== -1) {
				consider(first, row - 1, by);
				first = -1;
			}
		}
	}

	return best;
}

/**
 * The bytes that scroll the region, from a cursor anywhere, leaving it at the screen's top left:
 * set the region (which moves the cursor home), a line tabulation on its bottom row (or a reverse
 * index on its top row) once per row, and set the whole screen as the region again. Scrolled in
 * rows are blank in the default colours, since every frame ends with its style reset.
 */
function scrollBytes({top, bottom, by}: Scroll): string {
	const home = {row: 0, column: 0};
	const edge = by > 0 ? moveTo(home, bottom, 0) : moveTo(home, top, 0);
	return `${ESC}${top + 1};${bottom + 1}r${edge}${(by > 0 ? '\v' : '\u001BM').repeat(Math.abs(by))}${ESC}r`;
}

/** `previous` as the terminal shows it after the scroll. */
function scrolledGrid(previous: Grid, {top, bottom, by}: Scroll, columns: number): Grid {
	const grid = previous.slice();
	const blank: Cell[] = Array<Cell>(columns).fill(BLANK);
	for (let row = top; row <= bottom; row++) {
		const source = row + by;
		grid[row] = source >= top && source <= bottom ? previous[source]! : blank;
	}

	return grid;
}

/**
 * The bytes that turn a screen showing `previous` into one showing `next`. When part of the screen
 * scrolled, the terminal is asked to scroll it (where that is shorter) and the rest is written as
 * changes. Rows and columns beyond `rows`/`columns` are not drawn.
 */
export function diffFrames(previous: Grid, next: Grid, rows: number, columns: number): string {
	const scroll = bestScroll(previous, next, rows, columns);
	return scroll
		? scrollBytes(scroll) + writeChanges(scrolledGrid(previous, scroll, columns), next, rows, columns, {row: 0, column: 0})
		: writeChanges(previous, next, rows, columns, undefined);
}

/**
 * A cursor move and the changed cells for each run of changes, nothing for unchanged cells, from
 * the cursor at `from` (undefined when its place is not known). A frame of a few runs (figures
 * ticking in a column of rows) writes each next the run its cursor reaches in the fewest bytes:
 * down the column rather than back and forth along each row.
 */
function writeChanges(previous: Grid, next: Grid, rows: number, columns: number, from: {row: number; column: number} | undefined): string {
	const runs = changedRuns(previous, next, rows, columns);
	let out = '';
	let style = '';
	// Where the cursor is: unknown at first (whatever was written before is not ours to know), and
	// again after a write reaches the last column, where terminals differ in what a move does next.
	let cursor = from;
	const setStyle = (wanted: string): void => {
		if (wanted !== style) {
			// From the default style a style's own attributes are enough; from another, they follow a
			// reset (0), so that none of the other's stays.
			out += wanted === '' ? RESET_STYLE : style === '' ? `\u001B[${wanted}m` : `\u001B[0;${wanted}m`;
			style = wanted;
		}
	};

	const ordered = runs.length <= ORDERED_RUNS;
	for (let written = 0; written < runs.length; written++) {
		if (ordered) {
			// The nearest of the runs not yet written goes next (the first of equals, in row order).
			let nearest = written;
			let cost = moveCost(cursor, runs[written]!.row, runs[written]!.start);
			for (let index = written + 1; index < runs.length && cost > 0; index++) {
				const candidate = moveCost(cursor, runs[index]!.row, runs[index]!.start);
				if (candidate < cost) {
					nearest = index;
					cost = candidate;
				}
			}

			runs.splice(written, 0, ...runs.splice(nearest, 1));
		}

		const {row, start, end, erase} = runs[written]!;
		out += moveTo(cursor, row, start);
		if (erase) {
			// The rest of the row is blank: erase it (with default colours) rather than writing spaces.
			setStyle('');
			out += ERASE_TO_END;
			cursor = {row, column: start};
			continue;
		}

		// Only printable ASCII has one width in every terminal: after anything else the cursor's
		// column is the terminal's to decide, and the next move is an absolute one.
		let ascii = true;
		const cells = next[row]!;
		for (let index = start; index < end; index++) {
			const cell = cells[index] ?? BLANK;
			if (cell.text !== '') {
				setStyle(cell.style);
				out += cell.text;
				ascii &&= cell.text.length === 1 && cell.text >= ' ' && cell.text <= '~';
			}
		}

		cursor = ascii && end < columns ? {row, column: end} : undefined;
	}

	if (style !== '') {
		out += RESET_STYLE;
	}

	return out;
}
