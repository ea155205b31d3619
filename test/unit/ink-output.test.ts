import {test} from 'node:test';
import assert from 'node:assert/strict';
import {BLANK, type Cell} from '../../source/ui/cells.js';
import {frameGrid} from '../../source/ui/frame-diff.js';
import Output, {madeFrameCells, widestLine} from '../../source/ui/ink-output.js';
import {random, randomLine} from '../support/random-text.js';

type Transformer = (line: string, index: number) => string;

interface OutputLike {
	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
}

// Ink's own frame maker, which the build replaces with berth's: both must make the same screen.
// Ink does not export it, so it is loaded by its path.
const inkOutputPath = new URL('../../node_modules/ink/build/output.js', import.meta.url).href;
const InkOutput = ((await import(inkOutputPath)) as {default: new (size: {width: number; height: number}) => OutputLike}).default;

/**
 * Styles a line as Ink's colour transforms do (with chalk): a close code inside the line is
 * followed by the style's open code again, so the outer style resumes after an inner one.
 */
function styled(open: string, close: string): Transformer {
	return line => `${open}${line.replaceAll(close, close + open)}${close}`;
}

// No bold: Ink reads chalk's way of nesting dim inside bold ("22" then "1" again) as not bold,
// which a terminal does not; berth's frame maker reads it as a terminal does.
const TRANSFORMERS: Transformer[][] = [
	[],
	[styled('\u001B[3m', '\u001B[23m')],
	[(line, index) => (index % 2 === 0 ? styled('\u001B[36m', '\u001B[39m')(line, index) : line)],
	[styled('\u001B[7m', '\u001B[27m'), styled('\u001B[44m', '\u001B[49m')],
];

/**
 * The screen cells show at `width` columns: each cell's text and style, rows without trailing
 * default blanks. A wide character cut by the right edge shows as a blank (Ink writes it whole,
 * and the terminal would wrap it; berth's frame maker writes a blank).
 */
function screen(grid: ReadonlyArray<readonly Cell[]>, width: number): string[][] {
	return grid.map(row => {
		const cells = row.slice(0, width);
		if (row[width - 1]?.text !== '' && row[width]?.text === '') {
			cells[width - 1] = BLANK;
		}

		const shown = cells.map(cell => `${cell.text}\u0000${cell.style}`);
		while (shown.at(-1) === ' \u0000') {
			shown.pop();
		}

		return shown;
	});
}

/**
 * The same random writes, clips included, to both frame makers. With wide characters the writes
 * do not overlap and clips are only vertical: where a write or a clip's left edge covers half of
 * a wide character, Ink leaves the other half behind or moves the rest of the line a column left;
 * berth's draws a blank in its place (tested on its own below).
 */
function drawRandomFrame(next: () => number, targets: OutputLike[], width: number, height: number, wide: boolean): void {
	let clipped = 0;
	let freeRow = 0;
	for (let write = Math.floor(next() * 15); write >= 0; write--) {
		const roll = next();
		if (roll < 0.15) {
			const x1 = Math.floor(next() * width);
			const y1 = Math.floor(next() * height);
			const clip = wide || next() < 0.2 ? {y1, y2: y1 + Math.floor(next() * height)} : {x1, x2: x1 + 1 + Math.floor(next() * (width - x1)), y1, y2: y1 + 1 + Math.floor(next() * (height - y1))};
			for (const target of targets) {
				target.clip(clip);
			}

			clipped++;
			continue;
		}

		if (roll < 0.25 && clipped > 0) {
			for (const target of targets) {
				target.unclip();
			}

			clipped--;
			continue;
		}

		const x = Math.floor(next() * (width / 2));
		// Ink draws nothing of a text that starts above the frame; berth's layout never puts one there.
		const y = wide ? freeRow : Math.floor(next() * height);
		const lines = Array.from({length: 1 + Math.floor(next() * 3)}, () => randomLine(next, width - x, {wide}));
		freeRow = y + lines.length;
		const transformers = TRANSFORMERS[Math.floor(next() * TRANSFORMERS.length)]!;
		for (const target of targets) {
			target.write(x, y, lines.join('\n'), {transformers});
		}
	}
}

test("berth's frame maker makes the screen Ink's makes, for random writes, styles, wide characters and clips", () => {
	const width = 40;
	const height = 12;
	for (const seed of [1, 2, 3, 7, 42, 99, 1234, 2026]) {
		const next = random(seed);
		// Several frames in a row, so rows reused from the frame before are checked too.
		for (let frame = 0; frame < 40; frame++) {
			const ours = new Output({width, height});
			const inks = new InkOutput({width, height});
			drawRandomFrame(next, [ours, inks], width, height, frame % 2 === 0);
			const made = ours.get();
			const expected = inks.get();
			assert.equal(made.height, expected.height);
			assert.deepEqual(screen(frameGrid(made.output), width), screen(frameGrid(expected.output), width), `seed ${seed}, frame ${frame}`);
			// The cells handed to the frame writer are those of the text.
			assert.deepEqual(screen(madeFrameCells(made.output)!, width), screen(frameGrid(made.output), width), `seed ${seed}, frame ${frame}: cells`);
		}
	}
});

test('an unchanged row of the next frame is the same array of cells, so the diff can skip it', () => {
	const draw = (status: string): ReadonlyArray<readonly unknown[]> => {
		const output = new Output({width: 20, height: 2});
		output.write(0, 0, '\u001B[1mheader\u001B[22m', {transformers: []});
		output.write(0, 1, status, {transformers: []});
		return madeFrameCells(output.get().output)!;
	};

	const first = draw('up 3 minutes');
	const second = draw('up 4 minutes');
	assert.equal(second[0], first[0]);
	assert.notEqual(second[1], first[1]);
});

test('a write or clip over half of a wide character leaves a blank in its other half', () => {
	const output = new Output({width: 10, height: 3});
	output.write(0, 0, '文字文', {transformers: []});
	output.write(1, 0, 'ab', {transformers: []});
	output.write(0, 1, 'x文字', {transformers: []});
	output.write(4, 1, 'y', {transformers: []});
	output.clip({x1: 1, x2: 10, y1: 2, y2: 3});
	output.write(0, 2, '文字', {transformers: []});
	output.unclip();
	const [first, second, third] = madeFrameCells(output.get().output)!;
	assert.deepEqual(first!.map(cell => cell.text).join('|'), ' |a|b| |文|| | | | ');
	assert.deepEqual(second!.map(cell => cell.text).join('|'), 'x|文|| |y| | | | | ');
	assert.deepEqual(third!.map(cell => cell.text).join('|'), ' | |字|| | | | | | ');
});

test('frame text that berth did not make is not taken for a made frame', () => {
	const output = new Output({width: 10, height: 1});
	output.write(0, 0, 'abc', {transformers: []});
	output.get();
	assert.equal(madeFrameCells('something else'), undefined);
});

test('widestLine measures cells, not characters or escape sequences', () => {
	assert.equal(widestLine('ab\n\u001B[31m文字文\u001B[39m\nabcd'), 6);
	assert.equal(widestLine(''), 0);
	assert.equal(widestLine('😀 x'), 4);
});
