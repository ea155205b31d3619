import {test} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {pad, textWidth, truncate, wrapLine} from '../../source/format/width.js';

const FAMILY = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}';
const FLAG = '\u{1f1e9}\u{1f1ea}';
const KEYCAP = '1\ufe0f\u20e3';

// Characters that join or have unusual widths: marks, spacing marks, joiners, jamo (including the
// extended blocks), prepended signs, regional indicators, skin tones, variation selectors, tags,
// Thai and Devanagari, halfwidth voiced marks, keycap bases, wide and narrow letters.
const PIECES = [
	'a', 'b', '1', ' ', '-', 'e', '\u0301', '\u0308', '\u0903', '\u200d', '\u200c', '\ufe0f', '\u20e3', '中', '文', 'ｱ',
	'\uff9e', '\uff9f', '\u1100', '\u1161', '\u11a8', '\ua960', '\ud7b0', '\ud7cb', '가', '\u0600', '\u0915', '\u094d',
	'\u0937', '\u0e01', '\u0e33', '\u{1f1e9}', '\u{1f1ea}', '👍', '\u{1f3fd}', '\u{1f468}', '\u{1f469}', '❤', '©', '\u2424',
	'\u00e9', '\u0627', '\u05d0', '\u{e0067}',
];

// Randomized tests run from fixed seeds so that a failure reproduces; their messages show the input.
const SEED = 0x5eed;

/** mulberry32: a tiny seeded generator of numbers in [0, 1). */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomText(next: () => number, length: number): string {
	let text = '';
	for (let i = 0; i < length; i++) {
		text += PIECES[Math.floor(next() * PIECES.length)];
	}
	return text;
}

const boundaries = (text: string): Set<number> =>
	new Set([...new Intl.Segmenter().segment(text)].map(({index}) => index).concat(text.length));

test('textWidth counts terminal cells', () => {
	assert.equal(textWidth(''), 0);
	assert.equal(textWidth('hello'), 5);
	assert.equal(textWidth('中文'), 4);
	assert.equal(textWidth('e\u0301'), 1);
	assert.equal(textWidth('👍🏽'), 2);
	assert.equal(textWidth(FAMILY), 2);
	assert.equal(textWidth(FLAG), 2);
	assert.equal(textWidth(KEYCAP), 2);
	assert.equal(textWidth('\u2400\u2424…'), 3);
	assert.equal(textWidth('a\u200bb'), 2);
	// Rules of string-width 8, which Ink 6.6 measures with: modern jamo L+V is one syllable block,
	// and a halfwidth voiced mark or a spacing mark adds a cell to its cluster.
	assert.equal(textWidth('\u1100\u1161'), 2);
	assert.equal(textWidth('\u1100\u1100\u1161'), 4);
	assert.equal(textWidth('ｶ\uff9e'), 2);
	assert.equal(textWidth('\u1100\uff9e'), 3);
	assert.equal(textWidth('\u0915\u0903'), 2);
});

test('textWidth agrees with string-width on text full of joining characters', () => {
	const next = random(SEED);
	for (let round = 0; round < 3000; round++) {
		const text = randomText(next, 1 + Math.floor(next() * 30));
		assert.equal(textWidth(text), stringWidth(text), JSON.stringify(text));
	}
});

test('every character alone is as wide as string-width says, without its segmenter', () => {
	// Every assigned character of the planes with scripts, symbols, emoji and tags (0, 1, 14); of
	// the planes of ideographs (2, 3) and private use (15, 16), which are alike throughout, a
	// sample: string-width takes some 15 µs a character. Unassigned characters are left out: they
	// may join (MAY_JOIN), so berth hands them to string-width itself.
	const ranges: Array<[from: number, to: number, step: number]> = [
		[0, 0x1ffff, 1],
		[0x20000, 0x3ffff, 7],
		[0xe0000, 0xe0fff, 1],
		[0xf0000, 0x10ffff, 251],
	];
	const unassigned = /\p{Cn}/u;
	const differ: string[] = [];
	for (const [from, to, step] of ranges) {
		for (let code = from; code <= to; code += step) {
			// Lone surrogates never reach here: sanitize() shows them as replacement characters.
			if (code >= 0xd800 && code <= 0xdfff) {
				continue;
			}
			const character = String.fromCodePoint(code);
			if (!unassigned.test(character) && textWidth(character) !== stringWidth(character)) {
				differ.push(code.toString(16));
			}
		}
	}
	assert.deepEqual(differ, []);
});

test('long runs of joining text are cut into the same clusters as the whole string', () => {
	// Mostly joiners, so that runs needing the segmenter outgrow its first window.
	const joiners = [
		'\u0301', '\u0308', '\u200d', '\u{1f3fd}', '\u{1f1e9}', '\u{1f1ea}', '\u094d', '\u0e33',
		'\u1100', '\u1161', '\u11a8', '\ufe0f', '\u20e3', '\u0600', '👍', 'e',
	];
	const next = random(SEED + 1);
	for (let round = 0; round < 40; round++) {
		let text = '';
		for (let i = 0; i < 600; i++) {
			text += joiners[Math.floor(next() * joiners.length)];
		}
		assert.equal(textWidth(text), stringWidth(text), JSON.stringify(text));
		const cuts = boundaries(text);
		let offset = 0;
		for (const line of wrapLine(text, 7)) {
			assert.ok(cuts.has(offset), JSON.stringify({text, offset}));
			offset += line.length;
		}
		const width = Math.floor(next() * 300);
		const kept = truncate(text, width).replace(/…$/, '');
		assert.ok(cuts.has(kept.length) && text.startsWith(kept), JSON.stringify({text, width, kept}));
	}
});

test('textWidth reads a grapheme cluster longer than the first window whole', () => {
	const zalgo = `a${'\u0301'.repeat(1000)}b中`;
	assert.equal(textWidth(zalgo), 4);
	assert.equal(truncate(`${zalgo}tail`, 3), `a${'\u0301'.repeat(1000)}b…`);
});

test('truncate keeps text that fits and marks a cut with an ellipsis', () => {
	assert.equal(truncate('hello', 5), 'hello');
	assert.equal(truncate('hello', 10), 'hello');
	assert.equal(truncate('hello world', 5), 'hell…');
	assert.equal(truncate('hello', 1), '…');
	assert.equal(truncate('hello', 0), '');
	assert.equal(truncate('hello', -3), '');
	assert.equal(truncate('', 3), '');
});

test('truncate handles wide characters, combining marks and emoji sequences', () => {
	assert.equal(truncate('中文字', 6), '中文字');
	assert.equal(truncate('中文字', 5), '中文…');
	assert.equal(truncate('中文字', 4), '中…');
	assert.equal(truncate('中文字', 2), '…');
	assert.equal(truncate('e\u0301e\u0301e\u0301', 3), 'e\u0301e\u0301e\u0301');
	assert.equal(truncate('e\u0301e\u0301e\u0301', 2), 'e\u0301…');
	assert.equal(truncate(`${FAMILY}${FAMILY}`, 3), `${FAMILY}…`);
	assert.equal(truncate(`${FLAG}${FLAG}${FLAG}`, 5), `${FLAG}${FLAG}…`);
	assert.equal(truncate('ab\u200b', 2), 'ab\u200b', 'a zero-width tail still fits');
});

test('truncate never exceeds the width nor splits a cluster', () => {
	const next = random(SEED + 2);
	for (let round = 0; round < 3000; round++) {
		const text = randomText(next, Math.floor(next() * 30));
		const width = Math.floor(next() * 25);
		const cut = truncate(text, width);
		const message = JSON.stringify({text, width, cut});
		assert.ok(textWidth(cut) <= width, message);
		if (width === 0) {
			assert.equal(cut, '', message);
		} else if (cut !== text) {
			assert.ok(cut.endsWith('…'), message);
			const kept = cut.slice(0, -1);
			assert.ok(text.startsWith(kept) && boundaries(text).has(kept.length), message);
			assert.ok(textWidth(text) > width, message);
		}
	}
});

test('pad truncates and pads to exactly the width', () => {
	assert.equal(pad('abc', 6), 'abc   ');
	assert.equal(pad('abc', 6, 'left'), 'abc   ');
	assert.equal(pad('abc', 6, 'right'), '   abc');
	assert.equal(pad('abcdefgh', 6), 'abcde…');
	assert.equal(pad('中文字', 4), '中… ');
	assert.equal(pad('中文字', 4, 'right'), ' 中…');
	assert.equal(pad('中文', 5, 'right'), ' 中文');
	assert.equal(pad('x', 0), '');
	// Text starts with a letter: a leading mark would join the padding before it and be measured
	// differently as part of that cluster.
	const next = random(SEED + 3);
	for (let round = 0; round < 3000; round++) {
		const width = Math.floor(next() * 20);
		const text = `x${randomText(next, Math.floor(next() * 20))}`;
		assert.equal(textWidth(pad(text, width, next() < 0.5 ? 'left' : 'right')), width, JSON.stringify({text, width}));
	}
});

test('wrapLine hard-wraps by cells', () => {
	assert.deepEqual(wrapLine('', 10), ['']);
	assert.deepEqual(wrapLine('abc', 10), ['abc']);
	assert.deepEqual(wrapLine('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
	assert.deepEqual(wrapLine('abcdefgh', 4), ['abcd', 'efgh']);
	assert.deepEqual(wrapLine('中文字', 3), ['中', '文', '字']);
	assert.deepEqual(wrapLine('中文字', 4), ['中文', '字']);
	assert.deepEqual(wrapLine('a中文', 2), ['a', '中', '文']);
	assert.deepEqual(wrapLine('e\u0301e\u0301e\u0301', 2), ['e\u0301e\u0301', 'e\u0301']);
	assert.deepEqual(wrapLine('中a', 1), ['中', 'a'], 'a cluster wider than the line gets its own');
	assert.deepEqual(wrapLine('a\u1100\uff9eb', 2), ['a', '\u1100\uff9e', 'b'], 'so does one wider than two cells');
	assert.deepEqual(wrapLine('中\u200b文', 1), ['中\u200b', '文'], 'a zero-width cluster stays with the text before it');
	assert.deepEqual(wrapLine('abc', 0), ['a', 'b', 'c'], 'at least one cell per line');
});

test('wrapLine pieces rebuild the line, fit the width and keep clusters whole', () => {
	const next = random(SEED + 4);
	for (let round = 0; round < 3000; round++) {
		const text = randomText(next, 1 + Math.floor(next() * 40));
		const width = 1 + Math.floor(next() * 11);
		const lines = wrapLine(text, width);
		const message = JSON.stringify({text, width, lines});
		assert.equal(lines.join(''), text, message);
		const cuts = boundaries(text);
		let offset = 0;
		for (const line of lines) {
			assert.ok(cuts.has(offset), message);
			// A piece too wide holds one visible cluster (some are three or more cells wide); none
			// is zero-width unless the whole line is.
			const visible = [...new Intl.Segmenter().segment(line)].filter(({segment}) => stringWidth(segment) > 0);
			assert.ok(textWidth(line) <= width || visible.length === 1, message);
			assert.ok(lines.length === 1 || textWidth(line) > 0, message);
			offset += line.length;
		}
	}
});

// A container table: id, name, image, status, ports, age.
