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
function moveTo(from: {row: number; column: number} | undefined, row: number, column: number): string {
	const absolute = column === 0 ? `${ESC}${row + 1}H` : `${ESC}${row + 1};${column + 1}H`;
	if (from === undefined) {
		return absolute;
	}

	const vertical = row === from.row ? '' : row > from.row ? step(row - from.row, 'B') : step(from.row - row, 'A');
	return shortest(absolute, vertical + horizontal(from.column, column));
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

/**
 * The bytes that turn a screen showing `previous` into one showing `next`: a cursor move and the
 * changed cells for each run of changes, nothing for unchanged cells. Runs never split a wide
 * character. Rows and columns beyond `rows`/`columns` are not drawn.
 */
export function diffFrames(previous: Grid, next: Grid, rows: number, columns: number): string {
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

			out += moveTo(cursor, row, start);
			if (blankFrom(after, start)) {
				// The rest of the row is blank: erase it (with default colours) rather than writing spaces.
				setStyle('');
				out += ERASE_TO_END;
				cursor = {row, column: start};
				break;
			}

			// Only printable ASCII has one width in every terminal: after anything else the cursor's
			// column is the terminal's to decide, and the next move is an absolute one.
			let ascii = true;
			for (let index = start; index < end; index++) {
				const cell = after[index] ?? BLANK;
				if (cell.text !== '') {
					setStyle(cell.style);
					out += cell.text;
					ascii &&= cell.text.length === 1 && cell.text >= ' ' && cell.text <= '~';
				}
			}

			cursor = ascii && end < columns ? {row, column: end} : undefined;
			column = end;
		}
	}

	if (style !== '') {
		out += RESET;
	}

	return out;
}
