import {BLANK, lineCells, sameCell, type Cell} from './cells.js';

const RESET = '\u001B[0m';
const ERASE_TO_END = '\u001B[K';
/** Unchanged cells between two changes cheaper to rewrite than to jump over with a cursor move. */
const BRIDGE = 4;

export type Grid = ReadonlyArray<readonly Cell[]>;

export function frameGrid(frame: string): Grid {
	return frame.split('\n').map(line => lineCells(line));
}

function moveTo(row: number, column: number): string {
	return `\u001B[${row + 1};${column + 1}H`;
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

			out += moveTo(row, start);
			if (blankFrom(after, start)) {
				// The rest of the row is blank: erase it (with default colours) rather than writing spaces.
				setStyle('');
				out += ERASE_TO_END;
				break;
			}

			for (let index = start; index < end; index++) {
				const cell = after[index] ?? BLANK;
				if (cell.text !== '') {
					setStyle(cell.style);
					out += cell.text;
				}
			}

			column = end;
		}
	}

	if (style !== '') {
		out += RESET;
	}

	return out;
}
