// The input parser on mouse reports: SGR presses, releases and the wheel are never keys, whether
// they come alone, between keys, or cut across two reads as SSH can deliver them.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {InputReader, parseInput, parseKeys, type InputEvent} from '../../source/actions/keys.js';

const sgr = (button: number, column: number, row: number, final = 'M'): string => `\u001B[<${button};${column};${row}${final}`;

/** Events as short words: key names, and mouse events as "press left 4,9". */
function words(events: readonly InputEvent[]): string[] {
	return events.map(event => (event.type === 'key' ? event.name : `${event.kind} ${event.button} ${event.x},${event.y}`));
}

test('SGR reports are presses, releases and wheel turns, at cells counted from 0', () => {
	assert.deepEqual(words(parseInput(sgr(0, 5, 10)).events), ['press left 4,9']);
	assert.deepEqual(words(parseInput(sgr(0, 5, 10, 'm')).events), ['release left 4,9']);
	assert.deepEqual(words(parseInput(sgr(2, 1, 1)).events), ['press right 0,0']);
	assert.deepEqual(words(parseInput(sgr(1, 300, 80)).events), ['press middle 299,79']);
	assert.deepEqual(words(parseInput(sgr(64, 20, 3)).events), ['wheel up 19,2']);
	assert.deepEqual(words(parseInput(sgr(65, 20, 3)).events), ['wheel down 19,2']);
	// Shift, Alt and Ctrl add 4, 8 and 16: still the same click.
	assert.deepEqual(words(parseInput(sgr(16, 2, 2)).events), ['press left 1,1']);
	// A sideways wheel and motion mean nothing to berth, and are not keys either.
	assert.deepEqual(words(parseInput(sgr(66, 2, 2) + sgr(35, 2, 2)).events), []);
});

test('the older report form (ESC [ M and three bytes) is read too, never as keys', () => {
	const x10 = (button: number, column: number, row: number): string => `\u001B[M${String.fromCodePoint(32 + button, 32 + column, 32 + row)}`;
	// Its release does not say which button.
	assert.deepEqual(words(parseInput(x10(0, 3, 4) + x10(3, 3, 4) + x10(65, 1, 1)).events), ['press left 2,3', 'release other 2,3', 'wheel down 0,0']);
	// Its bytes include a space and digits, which as keys would mark rows and switch panes.
	assert.deepEqual(parseKeys(x10(0, 17, 18)), []);
});

test('mouse reports between keys leave the keys as they were', () => {
	assert.deepEqual(words(parseInput(`j${sgr(0, 3, 4)}k\u001B[B${sgr(65, 1, 1)}q`).events), ['j', 'press left 2,3', 'k', 'down', 'wheel down 0,0', 'q']);
	assert.deepEqual(parseKeys(`j${sgr(0, 3, 4)}${sgr(0, 3, 4, 'm')}k`).map(key => key.name), ['j', 'k']);
});

test('a report cut across two reads waits for its rest and is never taken for keys', () => {
	const report = `${sgr(0, 12, 7)}${sgr(0, 12, 7, 'm')}`;
	for (let cut = 1; cut < report.length; cut++) {
		const reader = new InputReader();
		const first = reader.feed(`x${report.slice(0, cut)}`);
		const second = reader.feed(`${report.slice(cut)}y`);
		assert.deepEqual(words([...first.events, ...second.events]), ['x', 'press left 11,6', 'release left 11,6', 'y'], `cut at ${cut}`);
		assert.equal(second.waiting, false);
	}
});

test('a wheel burst cut anywhere gives every turn and nothing else', () => {
	const burst = sgr(65, 40, 20).repeat(5);
	const reader = new InputReader();
	const events: InputEvent[] = [];
	for (let at = 0; at < burst.length; at += 7) {
		events.push(...reader.feed(burst.slice(at, at + 7)).events);
	}

	assert.deepEqual(words(events), Array.from({length: 5}, () => 'wheel down 39,19'));
});

test('a lone Esc at the end of a read is held, then is the Escape key when nothing follows', () => {
	const reader = new InputReader();
	const held = reader.feed('\u001B');
	assert.deepEqual(held, {events: [], waiting: true});
	assert.deepEqual(words(reader.flush()), ['escape']);
	// An arrow key cut after its Esc is still the arrow.
	assert.equal(reader.feed('\u001B').waiting, true);
	assert.deepEqual(words(reader.feed('[A').events), ['up']);
	// Esc then a letter, as before, is the two keys.
	assert.deepEqual(words(reader.feed('\u001Bj').events), ['escape', 'j']);
});

test('a report cut after its ESC [ waits for its rest however late, and is not typed', () => {
	const reader = new InputReader();
	assert.equal(reader.feed('\u001B[<0;12').waiting, false, 'no time limit');
	assert.deepEqual(reader.flush(), []);
	assert.deepEqual(words(reader.feed(';7Mj').events), ['press left 11,6', 'j']);
	// Input that ends for good inside a report types nothing of it.
	assert.deepEqual(parseKeys('k\u001B[<65;3'), [{name: 'k', text: 'k'}]);
});

test('Esc and then [ typed quickly, in two reads, are the two keys, and the keys after them are not swallowed', () => {
	const reader = new InputReader();
	assert.equal(reader.feed('\u001B').waiting, true);
	const next = reader.feed('[');
	assert.deepEqual(words(next.events), ['escape', '[']);
	assert.equal(next.waiting, false);
	assert.deepEqual(words(reader.feed('u').events), ['u']);
	// A held Esc that starts a mouse report cut again after its [< still waits for the rest.
	assert.equal(reader.feed('\u001B').waiting, true);
	assert.deepEqual(reader.feed('[<0;3').events, []);
	assert.deepEqual(words(reader.feed(';4M').events), ['press left 2,3']);
});
