import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {diffFrames, frameGrid} from '../../source/ui/frame-diff.js';
import {random, randomLine} from '../support/random-text.js';
import {startTerminal} from '../support/terminal.js';

// The relative cursor moves and backspaces of the frame diff, written into a real terminal (tmux):
// the screen it shows must be the last frame, character for character.
test('a real terminal shows the last frame after a sequence of diffs with relative moves', async () => {
	const rows = 20;
	const columns = 60;
	const next = random(7);
	const ticking = (tick: number, row: number): string => `${String(row).padStart(2)} web-${row}`.padEnd(20) + `${(row * 3 + tick) % 97}.${tick % 10}%`.padEnd(12) + `up ${tick + row}s`;
	let previous = frameGrid('');
	let output = '';
	let frame = '';
	for (let tick = 0; tick < 40; tick++) {
		// Figures that tick in every row, and now and then a line of ASCII replaced at random.
		const lines = Array.from({length: rows}, (_unused, row) => (next() < 0.1 ? randomLine(next, columns).replaceAll(/[^\x20-\x7e]/g, '#') : ticking(tick, row)));
		frame = lines.join('\n');
		const grid = frameGrid(frame);
		output += diffFrames(previous, grid, rows, columns);
		previous = grid;
	}

	// The sequence does use them: relative moves in every direction that occurs, and backspaces.
	assert.match(output, /\u001B\[\d*C/);
	assert.match(output, /\u001B\[\d+B|\u001B\[\d+A/);
	assert.match(output, /\v/);
	assert.match(output, /\u001BM/);
	await assertShown(output, frame, rows, columns);
});

// Scrolls of part of the screen (a region set, a line tabulation or a reverse index on its edge
// row, and set back), beside rows that keep their place: the real terminal must move exactly those
// rows.
test('a real terminal shows the last frame after diffs that scroll logs beside a list', async () => {
	const rows = 20;
	const columns = 70;
	const logLine = (index: number): string => `${String(index).padStart(4, '0')} ${['GET /api', 'POST /orders', 'upstream timeout', 'cache miss'][index % 4]} ${index * 37}`;
	const screen = (first: number, tick: number): string =>
		Array.from({length: rows}, (_unused, row) => (row < 8 ? `web-${row} ${(row + tick) % 10}.${tick}%` : '').padEnd(24) + `│ ${logLine(first + row)}`).join('\n');
	let previous = frameGrid('');
	let output = '';
	let frame = '';
	// Lines arrive one, two or three at a time; then the logs are scrolled back up and down again.
	for (const [tick, first] of [0, 1, 2, 4, 7, 8, 5, 6, 6].entries()) {
		frame = screen(first, tick);
		const grid = frameGrid(frame);
		output += diffFrames(previous, grid, rows, columns);
		previous = grid;
	}

	assert.match(output, /\u001B\[\d+;\d+r[^r]*\v\u001B\[r/);
	assert.match(output, /\u001B\[\d+;\d+r[^r]*\u001BM\u001B\[r/);
	await assertShown(output, frame, rows, columns);
});

/** Writes `output` into a real terminal (tmux) of this size and checks that it shows `frame`. */
async function assertShown(output: string, frame: string, rows: number, columns: number): Promise<void> {
	const directory = await mkdtemp(join(tmpdir(), 'berth-frame-diff-'));
	const file = join(directory, 'frames');
	await writeFile(file, output);
	const script = `process.stdout.write(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8') + '\\u001B[?25l'); setInterval(() => {}, 1000);`;
	const terminal = await startTerminal({cols: columns, rows, command: [process.execPath, '-e', script]});
	try {
		const wanted = frame
			.split('\n')
			.map(line => line.slice(0, columns).trimEnd())
			.join('\n');
		const screen = await terminal.waitFor(shown => shown.trimEnd() === wanted, 5000).catch(async () => terminal.screen());
		assert.equal(screen.trimEnd(), wanted);
	} finally {
		await terminal.kill();
		await rm(directory, {recursive: true, force: true});
	}
}
