import {lineCells, type Cell} from '../../source/ui/cells.js';

/**
 * A screen that understands what berth's frame writer emits (cursor moves, erase, clear, SGR,
 * scroll regions, text), so a test can check that the bytes written really produce the intended
 * frame.
 */
export class VirtualTerminal {
	readonly rows: number;
	readonly columns: number;
	cells: Cell[][];
	#row = 0;
	#column = 0;
	#style = '';
	/** The scroll region's first and last rows (DECSTBM): index and reverse index scroll only these. */
	#top = 0;
	#bottom: number;

	constructor(rows: number, columns: number) {
		this.rows = rows;
		this.columns = columns;
		this.#bottom = rows - 1;
		this.cells = this.#blank();
	}

	#blank(): Cell[][] {
		return Array.from({length: this.rows}, () => this.#blankRow());
	}

	#blankRow(): Cell[] {
		return Array.from({length: this.columns}, () => ({text: ' ', style: ''}));
	}

	write(data: string): void {
		const pattern = /\u001B\[([\d;]*)([HJKmABCDGr])|\u001B(M)|([\b\r\v])|([^\u001B\b\r\v]+)/y;
		let read = 0;
		let match: RegExpExecArray | null;
		while ((match = pattern.exec(data)) !== null) {
			read = pattern.lastIndex;
			const [, parameters = '', command, reverseIndex, control, text] = match;
			// Relative moves stop at the screen's edges, as a terminal's do.
			const count = Number(parameters || 1);
			if (text !== undefined) {
				this.#text(text);
			} else if (reverseIndex !== undefined) {
				this.#index(-1);
			} else if (control === '\v') {
				// A line tabulation moves as a line feed does: an index, while new line mode is off.
				this.#index(1);
			} else if (control === '\r') {
				this.#column = 0;
			} else if (control === '\b') {
				this.#column = Math.max(0, this.#column - 1);
			} else if (command === 'A') {
				this.#row = Math.max(0, this.#row - count);
			} else if (command === 'B') {
				this.#row = Math.min(this.rows - 1, this.#row + count);
			} else if (command === 'C') {
				this.#column = Math.min(this.columns - 1, this.#column + count);
			} else if (command === 'D') {
				this.#column = Math.max(0, this.#column - count);
			} else if (command === 'G') {
				this.#column = Math.min(this.columns - 1, count - 1);
			} else if (command === 'H') {
				const [row = 1, column = 1] = parameters.split(';').map(part => Number(part || 1));
				this.#row = row - 1;
				this.#column = column - 1;
			} else if (command === 'J') {
				this.cells = this.#blank();
			} else if (command === 'r') {
				const [top, bottom] = parameters.split(';').map(part => (part === '' ? undefined : Number(part)));
				this.#top = (top ?? 1) - 1;
				this.#bottom = Math.min(this.rows, bottom ?? this.rows) - 1;
				// Setting the region moves the cursor home.
				this.#row = 0;
				this.#column = 0;
			} else if (command === 'K') {
				for (let column = this.#column; column < this.columns; column++) {
					this.cells[this.#row]![column] = {text: ' ', style: ''};
				}
			} else {
				// Reuse the production SGR reading, so styles compare as cells do. The parameters apply to
				// the style in force, as a terminal's do.
				this.#style = lineCells(`\u001B[${this.#style}m\u001B[${parameters}mx`)[0]!.style;
			}
		}

		if (read !== data.length) {
			throw new Error(`unexpected output at ${read}: ${JSON.stringify(data.slice(read, read + 20))}`);
		}
	}

	/**
	 * A line tabulation (down) or a reverse index (up): a row, scrolling the scroll region when the
	 * cursor is on its edge row; never past the screen's edges.
	 */
	#index(direction: 1 | -1): void {
		if (direction === 1 && this.#row === this.#bottom) {
			this.cells.splice(this.#top, 1);
			this.cells.splice(this.#bottom, 0, this.#blankRow());
		} else if (direction === -1 && this.#row === this.#top) {
			this.cells.splice(this.#bottom, 1);
			this.cells.splice(this.#top, 0, this.#blankRow());
		} else {
			this.#row = Math.min(this.rows - 1, Math.max(0, this.#row + direction));
		}
	}

	#text(text: string): void {
		for (const cell of lineCells(text)) {
			if (this.#row < this.rows && this.#column < this.columns) {
				this.cells[this.#row]![this.#column] = {text: cell.text, style: this.#style};
			}

			this.#column++;
		}
	}

	/** Rows as plain text, trailing blanks trimmed. */
	text(): string[] {
		return this.cells.map(row => row.map(cell => cell.text).join('').trimEnd());
	}
}
