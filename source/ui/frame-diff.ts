import {BLANK, lineCells, sameCell, type Cell} from './cells.js';

const RESET = '\u001B[0m';
const ERASE_TO_END = '\u001B[K';
/** Unchanged cells between two changes cheaper to rewrite than to jump over with a cursor move. */
const BRIDGE = 4;

export type Grid = ReadonlyArray<readonly Cell[]>;

export function frameGrid(frame: string): Grid {
	return frame.split('\n').map(line => lineCells(line));
}

const ESC = '\u001B[';

/** A cursor move by `count` in one direction: the count is left out when it is 1. */
function step(count: number, final: string): string {
	return count === 1 ? `${ESC}${final}` : `${ESC}${count}${final}`;
}

/**
 * A move by `count` rows, down when positive: one row is an index (ESC D) or a reverse index
 * (ESC M), two bytes where CUD and CUU take three. Those scroll the screen when the cursor is on
 * its last or first row, which a move down or up never starts from.
 */
function rowMove(count: number): string {
	return count === 1 ? '\u001BD' : count === -1 ? '\u001BM' : count > 0 ? step(count, 'B') : step(-count, 'A');
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
	const vertical = distance === 0 ? 0 : distance === 1 ? 2 : stepLength(distance);
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
 * The bytes that turn a screen showing `previous` into one showing `next`: a cursor move and the
 * changed cells for each run of changes, nothing for unchanged cells. Rows and columns beyond
 * `rows`/`columns` are not drawn. A frame of a few runs (figures ticking in a column of rows)
 * writes each next the run its cursor reaches in the fewest bytes: down the column rather than
 * back and forth along each row.
 */
export function diffFrames(previous: Grid, next: Grid, rows: number, columns: number): string {
	const runs = changedRuns(previous, next, rows, columns);
	let out = '';
	let style = '';
	// Where the cursor is: unknown at first (whatever was written before is not ours to know), and
	// again after a write reaches the last column, where terminals differ in what a move does next.
	let cursor: {row: number; column: number} | undefined;
	const setStyle = (wanted: string): void => {
		if (wanted !== style) {
			out += wanted === '' ? RESET : `\u001B[0;${wanted}m`;
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
		out += RESET;
	}

	return out;
}
