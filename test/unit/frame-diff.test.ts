import {test} from 'node:test';
import assert from 'node:assert/strict';
import {lineCells} from '../../source/ui/cells.js';
import {diffFrames, frameGrid, moveCost, moveTo} from '../../source/ui/frame-diff.js';
import {random, randomLine} from '../support/random-text.js';
import {VirtualTerminal} from '../support/virtual-terminal.js';

function expected(frame: string, rows: number, columns: number): string[] {
	return Array.from({length: rows}, (_unused, row) => {
		const cells = lineCells(frame.split('\n')[row] ?? '');
		return cells
			.slice(0, columns)
			.map(cell => cell.text)
			.join('')
			.trimEnd();
	});
}

function styles(terminal: VirtualTerminal, frame: string): void {
	const lines = frame.split('\n');
	for (const [row, line] of lines.entries()) {
		for (const [column, cell] of lineCells(line).entries()) {
			const shown = terminal.cells[row]![column]!;
			if (cell.text !== '') {
				assert.equal(shown.style, cell.style, `style at ${row},${column}`);
			}
		}
	}
}

test('applying the diffs of a random sequence of frames always yields the last frame', () => {
	for (const seed of [1, 2, 3, 42, 1234]) {
		const next = random(seed);
		const rows = 12;
		const columns = 40;
		const terminal = new VirtualTerminal(rows, columns);
		let previous = frameGrid('');
		let lines = Array.from({length: rows}, () => randomLine(next, columns));
		for (let step = 0; step < 200; step++) {
			// Change a few lines, sometimes shorten or drop them.
			lines = lines.map(line => (next() < 0.3 ? randomLine(next, columns) : line));
			const frame = lines.slice(0, rows - Math.floor(next() * 2)).join('\n');
			const grid = frameGrid(frame);
			terminal.write(diffFrames(previous, grid, rows, columns));
			previous = grid;
			assert.deepEqual(terminal.text(), expected(frame, rows, columns), `seed ${seed}, step ${step}`);
			styles(terminal, frame);
		}
	}
});

test('an unchanged frame writes nothing; a ticking number writes a few bytes', () => {
	const before = frameGrid('  \u001B[32m●\u001B[39m web   Up 3 minutes   \u001B[1m12.5%\u001B[22m   1.2MiB\nline two');
	assert.equal(diffFrames(before, before, 24, 80), '');
	const after = frameGrid('  \u001B[32m●\u001B[39m web   Up 3 minutes   \u001B[1m12.7%\u001B[22m   1.2MiB\nline two');
	const out = diffFrames(before, after, 24, 80);
	assert.ok(Buffer.byteLength(out) < 20, `${JSON.stringify(out)} is ${Buffer.byteLength(out)} bytes`);
	assert.match(out, /7/);
});

test('a shorter line is erased to its end instead of padded with spaces', () => {
	const out = diffFrames(frameGrid('abcdefghijklmnop'), frameGrid('abc'), 24, 80);
	assert.equal(out, '\u001B[1;4H\u001B[K');
});

test('a style set from the default one is its attributes alone; from another, they follow a reset; the default is ESC [ m', () => {
	const frame = 'a\u001B[2mbc\u001B[22m\u001B[1;35md\u001B[0m e';
	const out = diffFrames(frameGrid(''), frameGrid(frame), 1, 10);
	assert.equal(out, '\u001B[1Ha\u001B[2mbc\u001B[0;1;35md\u001B[m e');
	// A frame starts from the default style; the terminal applies each sequence to the style in force.
	const terminal = new VirtualTerminal(1, 10);
	terminal.write(out);
	assert.deepEqual(terminal.cells[0]!.slice(0, 6), lineCells(frame));
});

test('rows and columns beyond the terminal are never drawn', () => {
	const out = diffFrames(frameGrid(''), frameGrid('x'.repeat(100) + '\nsecond\nthird'), 2, 10);
	const terminal = new VirtualTerminal(2, 10);
	terminal.write(out);
	assert.deepEqual(terminal.text(), ['xxxxxxxxxx', 'second']);
	assert.doesNotMatch(out, /third/);
});

/** A list like berth's: a figure per row at column 50 and a log line's seconds at column 123. */
function listFrame(tick: number): string {
	return Array.from({length: 40}, (_unused, row) => {
		const figure = row < 21 ? `${(row * 7 + tick) % 10}.${tick % 10}%`.padEnd(10) + `${100 + tick}KiB` : '';
		return `  ● bench-${String(row).padStart(2, '0')}`.padEnd(50) + figure.padEnd(73) + `line 04:14:${String((row + tick) % 60).padStart(2, '0')}`;
	}).join('\n');
}

test('moves between nearby changes are relative: a column of ticking figures costs a few bytes a row', () => {
	const terminal = new VirtualTerminal(45, 160);
	let previous = frameGrid('');
	terminal.write(diffFrames(previous, (previous = frameGrid(listFrame(0))), 45, 160));
	let bytes = 0;
	for (let tick = 1; tick <= 5; tick++) {
		const grid = frameGrid(listFrame(tick));
		const out = diffFrames(previous, grid, 45, 160);
		terminal.write(out);
		previous = grid;
		bytes += Buffer.byteLength(out);
		assert.deepEqual(terminal.text(), expected(listFrame(tick), 45, 160), `tick ${tick}`);
	}

	// Absolute positions alone took 797 bytes a frame here; relative moves row by row 554; the
	// nearest run next (down each column of figures), 512.
	assert.ok(bytes / 5 < 520, `${bytes / 5} bytes a frame`);
});

test('a move of one row is a line tabulation or a reverse index, and the screen never scrolls', () => {
	assert.equal(diffFrames(frameGrid('a\nb\nc'), frameGrid('x\ny\nc'), 3, 10), '\u001B[1Hx\v\by');
	// Down to the last row; then a frame whose first move is cheapest to the last row, and which
	// goes up from there. A line tabulation from the last row would scroll, as would a reverse
	// index from the first.
	const frames = ['a\nb\nc', 'a\nx\ny', 'a\nx y\nz', 'p\nx y\nz'];
	const terminal = new VirtualTerminal(3, 10);
	let previous = frameGrid('');
	let output = '';
	for (const frame of frames) {
		const grid = frameGrid(frame);
		const out = diffFrames(previous, grid, 3, 10);
		terminal.write(out);
		output += out;
		previous = grid;
		assert.deepEqual(terminal.text(), frame.split('\n'));
	}

	assert.match(output, /\v/);
	assert.match(output, /\u001BM/);
});

test('a frame of very many runs is drawn row by row, and right', () => {
	// Every other cell of every row changes: far more runs than are worth ordering.
	const frame = (tick: number): string =>
		Array.from({length: 45}, (_unused, row) =>
			Array.from({length: 160}, (_unused, column) => (column % 6 === 0 ? String((row + column + tick) % 10) : '.')).join(''),
		).join('\n');
	const terminal = new VirtualTerminal(45, 160);
	let previous = frameGrid('');
	for (let tick = 0; tick < 3; tick++) {
		const grid = frameGrid(frame(tick));
		const out = diffFrames(previous, grid, 45, 160);
		terminal.write(out);
		previous = grid;
		assert.deepEqual(terminal.text(), expected(frame(tick), 45, 160), `tick ${tick}`);
	}

	// Row by row, the cursor never goes back up.
	const out = diffFrames(frameGrid(frame(0)), frameGrid(frame(1)), 45, 160);
	assert.ok(!/\u001B\[\d*A/.test(out), 'a move up');
});

test('the length of a cursor move is worked out without making it, to the byte', () => {
	for (let fromRow = 0; fromRow < 60; fromRow += 7) {
		for (let fromColumn = 0; fromColumn < 220; fromColumn += 13) {
			for (let row = 0; row < 60; row += 3) {
				for (let column = 0; column < 220; column += 5) {
					const from = {row: fromRow, column: fromColumn};
					assert.equal(moveCost(from, row, column), moveTo(from, row, column).length, `${fromRow},${fromColumn} to ${row},${column}`);
					assert.equal(moveCost(undefined, row, column), moveTo(undefined, row, column).length);
				}
			}
		}
	}
});

test('after a character other than ASCII the next move is absolute, whatever width the terminal gave it', () => {
	const before = frameGrid('a●      x\nb  y');
	const after = frameGrid('a✔      z\nb  w');
	const out = diffFrames(before, after, 24, 80);
	// '●' and '✔' may be one cell or two: the move to 'z' does not count on either.
	assert.match(out, /✔\u001B\[1;9Hz/);
	const terminal = new VirtualTerminal(24, 80);
	terminal.write(diffFrames(frameGrid(''), before, 24, 80) + out);
	assert.deepEqual(terminal.text().slice(0, 2), ['a✔      z', 'b  w']);
});

/** Log lines as an application writes them: neighbours differ in most of their cells. */
function logLine(index: number): string {
	const words = ['GET', '/api/orders', 'POST', '/health', '200', '404', 'upstream', 'timeout', 'cache', 'miss'];
	return `${String(index).padStart(5, '0')} ${Array.from({length: 6}, (_unused, word) => words[(index * 7 + word * 3) % words.length]).join(' ')}`;
}

test('logs that gain lines are scrolled by the terminal: full width, and beside a list that keeps its rows', () => {
	const rows = 30;
	const columns = 100;
	// Full width (the logs alone), then beside a list of 12 rows whose figures tick.
	const layouts = [
		(first: number): string => Array.from({length: rows}, (_unused, row) => logLine(first + row)).join('\n'),
		(first: number): string =>
			Array.from({length: rows}, (_unused, row) => (row < 12 ? `web-${row} ${(first + row) % 10}.5%` : '').padEnd(40) + `│ ${logLine(first + row)}`).join('\n'),
	];
	// Rewritten where they are, the lines took 1,436 bytes a frame full width, and 1,515 beside the
	// list; the rows beside the list scroll only with it.
	for (const [layout, most] of [[layouts[0]!, 200], [layouts[1]!, 900]] as const) {
		const terminal = new VirtualTerminal(rows, columns);
		let previous = frameGrid('');
		terminal.write(diffFrames(previous, (previous = frameGrid(layout(0))), rows, columns));
		let bytes = 0;
		let first = 0;
		for (const added of [1, 1, 2, 3, 1]) {
			first += added;
			const frame = layout(first);
			const grid = frameGrid(frame);
			const out = diffFrames(previous, grid, rows, columns);
			terminal.write(out);
			previous = grid;
			bytes += out.length;
			assert.deepEqual(terminal.text(), expected(frame, rows, columns), `after ${first} lines`);
			styles(terminal, frame);
			// A region is set, scrolled, and set back to the whole screen.
			assert.match(out, /^\u001B\[\d+;\d+r.*\v\u001B\[r/);
		}

		assert.ok(bytes / 5 < most, `${bytes / 5} bytes a frame`);
	}
});

test('a list scrolled back down, and a scroll that would not pay, are drawn right', () => {
	const lines = Array.from({length: 60}, (_unused, index) => logLine(index));
	const rows = 20;
	const columns = 80;
	const terminal = new VirtualTerminal(rows, columns);
	let previous = frameGrid('');
	let output = '';
	// Down the list and back up, by one and by several rows; then lines that differ by a digit.
	for (const first of [30, 31, 35, 34, 30, 29, 20]) {
		const frame = lines.slice(first, first + rows).join('\n');
		const grid = frameGrid(frame);
		const out = diffFrames(previous, grid, rows, columns);
		terminal.write(out);
		output += out;
		previous = grid;
		assert.deepEqual(terminal.text(), expected(frame, rows, columns), `from line ${first}`);
	}

	assert.match(output, /\u001BM\u001B\[r/);
	// Beside a list, lines that differ in a digit or two: only the three rows under the list could
	// scroll, which would cost more than it saves.
	const quiet = (first: number): string =>
		Array.from({length: rows}, (_unused, row) => (row < 17 ? `web-${row}` : '').padEnd(20) + `│ line 10:00:${String(first + row).padStart(2, '0')}`).join('\n');
	const out = diffFrames(frameGrid(quiet(0)), frameGrid(quiet(1)), rows, columns);
	assert.doesNotMatch(out, /\u001B\[\d+;\d+r/);
	terminal.write(diffFrames(previous, frameGrid(quiet(0)), rows, columns) + out);
	assert.deepEqual(terminal.text(), expected(quiet(1), rows, columns));
});

test('applying the diffs of random frames that scroll parts of the screen always yields the last frame', () => {
	let scrolls = 0;
	for (const seed of [5, 6, 7, 99]) {
		const next = random(seed);
		const rows = 16;
		const columns = 50;
		const terminal = new VirtualTerminal(rows, columns);
		let previous = frameGrid('');
		let lines = Array.from({length: rows}, () => randomLine(next, columns));
		for (let step = 0; step < 150; step++) {
			// Move a stretch of rows up or down by a few, bring in new lines, and change a few others.
			const top = Math.floor(next() * rows);
			const bottom = Math.min(rows - 1, top + 2 + Math.floor(next() * rows));
			const by = Math.floor(next() * 7) - 3;
			const moved = lines.map((line, row) => {
				if (row < top || row > bottom) {
					return line;
				}

				const source = row + by;
				return source >= top && source <= bottom ? lines[source]! : randomLine(next, columns);
			});
			lines = moved.map(line => (next() < 0.1 ? randomLine(next, columns) : line));
			const frame = lines.join('\n');
			const grid = frameGrid(frame);
			const out = diffFrames(previous, grid, rows, columns);
			terminal.write(out);
			scrolls += /\u001B\[\d+;\d+r/.test(out) ? 1 : 0;
			previous = grid;
			assert.deepEqual(terminal.text(), expected(frame, rows, columns), `seed ${seed}, step ${step}`);
			styles(terminal, frame);
		}
	}

	assert.ok(scrolls > 100, `${scrolls} frames scrolled`);
});
