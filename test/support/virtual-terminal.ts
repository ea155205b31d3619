import {lineCells, type Cell} from '../../source/ui/cells.js';

/**
 * A screen that understands what berth's frame writer emits (cursor moves, erase, clear, SGR,
 * text), so a test can check that the bytes written really produce the intended frame.
 */
export class VirtualTerminal {
	readonly rows: number;
	readonly columns: number;
	cells: Cell[][];
	#row = 0;
	#column = 0;
	#style = '';

	constructor(rows: number, columns: number) {
		this.rows = rows;
		this.columns = columns;
		this.cells = this.#blank();
	}

	#blank(): Cell[][] {
		return Array.from({length: this.rows}, () => Array.from({length: this.columns}, () => ({text: ' ', style: ''})));
	}

	write(data: string): void {
		const pattern = /\u001B\[([\d;]*)([HJKm])|([^\u001B]+)/y;
		let read = 0;
		let match: RegExpExecArray | null;
		while ((match = pattern.exec(data)) !== null) {
			read = pattern.lastIndex;
			const [, parameters = '', command, text] = match;
			if (text !== undefined) {
				this.#text(text);
			} else if (command === 'H') {
				const [row = 1, column = 1] = parameters.split(';').map(part => Number(part || 1));
				this.#row = row - 1;
				this.#column = column - 1;
			} else if (command === 'J') {
				this.cells = this.#blank();
			} else if (command === 'K') {
				for (let column = this.#column; column < this.columns; column++) {
					this.cells[this.#row]![column] = {text: ' ', style: ''};
				}
			} else {
				// Reuse the production SGR reading, so styles compare as cells do.
				this.#style = lineCells(`\u001B[${parameters}mx`)[0]!.style;
			}
		}

		if (read !== data.length) {
			throw new Error(`unexpected output at ${read}: ${JSON.stringify(data.slice(read, read + 20))}`);
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
