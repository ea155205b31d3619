import {test} from 'node:test';
import assert from 'node:assert/strict';
import {lineCells} from '../../source/ui/cells.js';
import {diffFrames, frameGrid} from '../../source/ui/frame-diff.js';
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

test('rows and columns beyond the terminal are never drawn', () => {
	const out = diffFrames(frameGrid(''), frameGrid('x'.repeat(100) + '\nsecond\nthird'), 2, 10);
	const terminal = new VirtualTerminal(2, 10);
	terminal.write(out);
	assert.deepEqual(terminal.text(), ['xxxxxxxxxx', 'second']);
	assert.doesNotMatch(out, /third/);
});
