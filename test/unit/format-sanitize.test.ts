import {test} from 'node:test';
import assert from 'node:assert/strict';
import {paletteColor, sanitize, sanitizeLogLine} from '../../source/format/sanitize.js';

const ESC = '\x1b';

// Anything that a terminal would act on, or that reorders text, must not survive.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A small deterministic generator, so that random cases are the same on every run. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
}

const PIECES = [
	'a', 'Z', ' ', '0', ';', '[', ']', '\\', 'P', 'm', '\x07', '\x00', '\t', '\n', '\r', '\x18', '\x1a', '\x7f',
	ESC, ESC, ESC, '\x9b', '\x9d', '\x90', '\x9c', '\x85', '\u202e', '\u2066', '\ud800', '\udc00', '中', '👍', 'é', '\u0301',
];

function randomText(next: () => number, length: number): string {
	let text = '';
	for (let i = 0; i < length; i++) {
		text += PIECES[Math.floor(next() * PIECES.length)];
	}
	return text;
}

test('sanitize leaves ordinary text alone', () => {
	for (const text of ['', 'web-1', 'nginx:1.25-alpine', 'Grüße, 世界 👍🏽 e\u0301', 'a\u200db']) {
		assert.equal(sanitize(text), text);
	}
});

test('sanitize removes CSI sequences with their parameters', () => {
	assert.equal(sanitize(`a${ESC}[31mb${ESC}[0m`), 'ab');
	assert.equal(sanitize(`${ESC}[?1049h${ESC}[2J${ESC}[10;20Hx`), 'x');
	assert.equal(sanitize(`${ESC}[2 qcursor`), 'cursor');
	assert.equal(sanitize(`${ESC}[>4;2mkeys`), 'keys');
});

test('sanitize removes OSC strings ended by BEL, ESC \\ or 8-bit ST', () => {
	assert.equal(sanitize(`${ESC}]0;evil title\x07name`), 'name');
	assert.equal(sanitize(`${ESC}]52;c;ZWNobyBoaQ==${ESC}\\name`), 'name');
	assert.equal(sanitize(`${ESC}]2;t\x9cname`), 'name');
	assert.equal(sanitize(`${ESC}]8;;https://example.com${ESC}\\link${ESC}]8;;${ESC}\\`), 'link');
});

test('sanitize removes DCS, SOS, PM and APC strings up to ST', () => {
	for (const introducer of ['P', 'X', '^', '_']) {
		assert.equal(sanitize(`a${ESC}${introducer}payload;1\x07still${ESC}\\b`), 'ab', introducer);
	}
	assert.equal(sanitize(`a${ESC}Ppass;${ESC}${ESC}]52;c;x\x07${ESC}\\b`), 'ab');
});

test('sanitize removes two-character and charset escapes', () => {
	assert.equal(sanitize(`a${ESC}cb`), 'ab');
	assert.equal(sanitize(`a${ESC}7b${ESC}8c`), 'abc');
	assert.equal(sanitize(`a${ESC}(Bb${ESC}#8c`), 'abc');
	assert.equal(sanitize(`a${ESC}=b`), 'ab');
});

test('sanitize removes 8-bit C1 sequences and drops other C1 controls', () => {
	assert.equal(sanitize('a\x9b31mb'), 'ab');
	assert.equal(sanitize('a\x9d0;title\x07b'), 'ab');
	assert.equal(sanitize('a\x90q#0;2;0;0;0\x9cb'), 'ab');
	assert.equal(sanitize('a\x98sos\x9cb\x9epm\x9cc\x9fapc\x9cd'), 'abcd');
	assert.equal(sanitize('a\x85b\x9cc\x80d\x9ae'), 'abcde');
});

test('sanitize drops unterminated sequences to the end of the text', () => {
	assert.equal(sanitize(`abc${ESC}`), 'abc');
	assert.equal(sanitize(`abc${ESC}[12;4`), 'abc');
	assert.equal(sanitize(`abc${ESC}]0;a title that never ends`), 'abc');
	assert.equal(sanitize(`abc${ESC}Pdcs`), 'abc');
	assert.equal(sanitize(`abc${ESC}(`), 'abc');
	assert.equal(sanitize('abc\x9b1;2'), 'abc');
	assert.equal(sanitize('abc\x9dtitle'), 'abc');
});

test('sanitize ends a broken sequence where a terminal would and shows what follows', () => {
	// A control inside CSI is handled on its own; ESC, CAN and SUB abort a string.
	assert.equal(sanitize(`${ESC}[1\x07x`), '\u2407x');
	assert.equal(sanitize(`${ESC}[1\u00e9x`), '\u00e9x');
	assert.equal(sanitize(`${ESC}]0;t${ESC}[31mred`), 'red');
	assert.equal(sanitize(`${ESC}]0;t\x18x`), '\u2418x');
	assert.equal(sanitize(`${ESC}\nx`), '\u2424x');
	assert.equal(sanitize(`${ESC}\u00e9`), '\u00e9');
});

test('sanitize shows C0 controls and DEL as control pictures', () => {
	assert.equal(sanitize('\x00\x01\x07\x08\x0b\x0c\x0d\x1f'), '\u2400\u2401\u2407\u2408\u240b\u240c\u240d\u241f');
	assert.equal(sanitize('a\x7fb'), 'a\u2421b');
	assert.equal(sanitize('line 1\nline 2'), 'line 1\u2424line 2');
	assert.equal(sanitize('line 1\r\nline 2'), 'line 1\u240d\u2424line 2');
	assert.equal(sanitize('a\tb'), 'a b');
});

test('sanitize drops bidi overrides and isolates', () => {
	const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
	for (const control of bidi) {
		assert.equal(sanitize(`file${control}txt.exe`), 'filetxt.exe', control.codePointAt(0)?.toString(16));
	}
	assert.equal(sanitize('\u200f\u200e'), '\u200f\u200e', 'marks do not override and stay');
});

test('sanitize replaces lone surrogates and keeps pairs', () => {
	assert.equal(sanitize('a\ud800b'), 'a\ufffdb');
	assert.equal(sanitize('a\udc00b'), 'a\ufffdb');
	assert.equal(sanitize('end\ud83d'), 'end\ufffd');
	assert.equal(sanitize('\udc00\ud800'), '\ufffd\ufffd');
	assert.equal(sanitize('\x00👍'), '\u2400👍');
});

test('sanitize output never holds anything unsafe, and sanitizing again changes nothing', () => {
	const next = random(7);
	for (let round = 0; round < 2000; round++) {
		const text = randomText(next, 1 + Math.floor(next() * 40));
		const clean = sanitize(text);
		assert.doesNotMatch(clean, UNSAFE, JSON.stringify(text));
		assert.equal(sanitize(clean), clean, JSON.stringify(text));
	}
});

test('sanitizeLogLine returns text without escapes as it is, with no styles', () => {
	assert.deepEqual(sanitizeLogLine('plain line 中文'), {text: 'plain line 中文', styles: []});
	assert.deepEqual(sanitizeLogLine(''), {text: '', styles: []});
});

test('sanitizeLogLine turns basic SGR colours into runs over the clean text', () => {
	assert.deepEqual(sanitizeLogLine(`${ESC}[31merror${ESC}[0m done`), {
		text: 'error done',
		styles: [{start: 0, end: 5, style: {color: 'red'}}],
	});
	assert.deepEqual(sanitizeLogLine(`a ${ESC}[1;4;33mwarn${ESC}[m b ${ESC}[42mok`), {
		text: 'a warn b ok',
		styles: [
			{start: 2, end: 6, style: {bold: true, underline: true, color: 'yellow'}},
			{start: 9, end: 11, style: {backgroundColor: 'green'}},
		],
	});
});

test('sanitizeLogLine reads every whitelisted attribute and its reset', () => {
	const style = (sgr: string) => sanitizeLogLine(`${ESC}[${sgr}mx`).styles[0]?.style;
	assert.deepEqual(style('1'), {bold: true});
	assert.deepEqual(style('2'), {dim: true});
	assert.deepEqual(style('3'), {italic: true});
	assert.deepEqual(style('4'), {underline: true});
	assert.deepEqual(style('7'), {inverse: true});
	assert.deepEqual(style('1;2;22'), undefined);
	assert.deepEqual(style('3;23'), undefined);
	assert.deepEqual(style('4;24'), undefined);
	assert.deepEqual(style('7;27'), undefined);
	assert.deepEqual(style('31;39'), undefined);
	assert.deepEqual(style('41;49'), undefined);
	assert.deepEqual(style('1;31;0'), undefined);
	assert.deepEqual(style(';1'), {bold: true}, 'an empty parameter is a reset');
	assert.deepEqual(style('4:3'), {underline: true});
	assert.deepEqual(style('4;4:0'), undefined);
});

test('sanitizeLogLine maps the 16 colours to names Ink knows', () => {
	const names = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
	names.forEach((name, n) => {
		assert.deepEqual(sanitizeLogLine(`${ESC}[${30 + n}mx`).styles[0]?.style, {color: name});
		assert.deepEqual(sanitizeLogLine(`${ESC}[${40 + n}mx`).styles[0]?.style, {backgroundColor: name});
		assert.deepEqual(sanitizeLogLine(`${ESC}[${90 + n}mx`).styles[0]?.style, {color: `${name}Bright`});
		assert.deepEqual(sanitizeLogLine(`${ESC}[${100 + n}mx`).styles[0]?.style, {backgroundColor: `${name}Bright`});
	});
});

test('sanitizeLogLine reads 256-colour and truecolour, in semicolon and colon forms', () => {
	const style = (sgr: string) => sanitizeLogLine(`${ESC}[${sgr}mx`).styles[0]?.style;
	assert.deepEqual(style('38;5;208'), {color: '#ff8700'});
	assert.deepEqual(style('48;5;1'), {backgroundColor: 'red'});
	assert.deepEqual(style('38;5;9'), {color: 'redBright'});
	assert.deepEqual(style('38;2;255;100;0'), {color: '#ff6400'});
	assert.deepEqual(style('48;2;0;0;0;1'), {backgroundColor: '#000000', bold: true});
	assert.deepEqual(style('38:5:196'), {color: '#ff0000'});
	assert.deepEqual(style('38:2::1:2:3'), {color: '#010203'});
	assert.deepEqual(style('38:2:1:2:3'), {color: '#010203'});
	assert.deepEqual(style('48:2:0:16:32:48'), {backgroundColor: '#102030'});
});

test('sanitizeLogLine ignores invalid and unsupported codes without misreading their values', () => {
	const style = (sgr: string) => sanitizeLogLine(`${ESC}[${sgr}mx`).styles[0]?.style;
	assert.deepEqual(style('38;2;300;0;0;1'), {bold: true});
	assert.deepEqual(style('38;5;256;3'), {italic: true});
	assert.deepEqual(style('58;2;1;2;3;4'), {underline: true}, 'underline colour values are not codes');
	assert.deepEqual(style('58:5:3;1'), {bold: true});
	assert.deepEqual(style('5;8;9;21;53'), undefined, 'blink, conceal, strike and others are not shown');
	assert.deepEqual(style('38;5'), undefined);
});

test('256-colour palette conversion', () => {
	assert.equal(paletteColor(0), 'black');
	assert.equal(paletteColor(7), 'white');
	assert.equal(paletteColor(8), 'blackBright');
	assert.equal(paletteColor(15), 'whiteBright');
	assert.equal(paletteColor(16), '#000000');
	assert.equal(paletteColor(21), '#0000ff');
	assert.equal(paletteColor(67), '#5f87af');
	assert.equal(paletteColor(196), '#ff0000');
	assert.equal(paletteColor(231), '#ffffff');
	assert.equal(paletteColor(232), '#080808');
	assert.equal(paletteColor(244), '#808080');
	assert.equal(paletteColor(255), '#eeeeee');
	assert.equal(paletteColor(256), undefined);
	assert.equal(paletteColor(-1), undefined);
	assert.equal(paletteColor(1.5), undefined);
	for (let n = 0; n < 256; n++) {
		assert.match(paletteColor(n) ?? '', /^(?:#[\da-f]{6}|(?:black|red|green|yellow|blue|magenta|cyan|white)(?:Bright)?)$/);
	}
});

test('sanitizeLogLine drops every non-SGR sequence and neutralises controls like sanitize', () => {
	assert.deepEqual(sanitizeLogLine(`${ESC}[2J${ESC}]0;x\x07a\x00b\u202e${ESC}[>4;2mc\nd\ud800`), {
		text: 'a\u2400bc\u2424d\ufffd',
		styles: [],
	});
	assert.deepEqual(sanitizeLogLine('\x9b31mred'), {text: 'red', styles: [{start: 0, end: 3, style: {color: 'red'}}]});
});

test('sanitizeLogLine offsets count the clean text', () => {
	assert.deepEqual(sanitizeLogLine(`\x00${ESC}]0;t\x07${ESC}[1mb${ESC}[22m\x07c`), {
		text: '\u2400b\u2407c',
		styles: [{start: 1, end: 2, style: {bold: true}}],
	});
	assert.deepEqual(sanitizeLogLine(`${ESC}[32m👍 ok`), {text: '👍 ok', styles: [{start: 0, end: 5, style: {color: 'green'}}]});
});

test('sanitizeLogLine merges touching runs of the same style and skips empty ones', () => {
	assert.deepEqual(sanitizeLogLine(`${ESC}[31ma${ESC}[31mb${ESC}[32m${ESC}[31mc${ESC}[0m${ESC}[1m`).styles, [
		{start: 0, end: 3, style: {color: 'red'}},
	]);
	assert.deepEqual(sanitizeLogLine(`${ESC}[31ma${ESC}[1mb`).styles, [
		{start: 0, end: 1, style: {color: 'red'}},
		{start: 1, end: 2, style: {color: 'red', bold: true}},
	]);
});

test('sanitizeLogLine expands tabs to 8-column stops by cell width', () => {
	assert.equal(sanitizeLogLine('a\tb').text, 'a       b');
	assert.equal(sanitizeLogLine('12345678\tx').text, '12345678        x');
	assert.equal(sanitizeLogLine('\t\tx').text, `${' '.repeat(16)}x`);
	assert.equal(sanitizeLogLine('中\tx').text, '中      x');
	assert.equal(sanitizeLogLine('\x00\tx').text, '\u2400       x');
	const colored = sanitizeLogLine(`${ESC}[31mab${ESC}[0m\tc`);
	assert.deepEqual(colored, {text: 'ab      c', styles: [{start: 0, end: 2, style: {color: 'red'}}]});
});

test('a tab stop counts the cells of the text as shown, also where an escape sequence split a character', () => {
	// The joiner after the sequence makes one 2-cell emoji of the two, as the row will show them.
	assert.equal(sanitizeLogLine(`\u{1f468}${ESC}[0m\u200d\u{1f469}\tx`).text, '\u{1f468}\u200d\u{1f469}      x');
	assert.equal(sanitizeLogLine(`ab${ESC}[1m\x00${ESC}]0;t\x07c\td`).text, 'ab\u2400c    d');
});

test('sanitizeLogLine output never holds anything unsafe, and its runs stay inside the text', () => {
	const next = random(11);
	for (let round = 0; round < 2000; round++) {
		const text = randomText(next, 1 + Math.floor(next() * 40));
		const line = sanitizeLogLine(text);
		assert.doesNotMatch(line.text, UNSAFE, JSON.stringify(text));
		let previousEnd = 0;
		for (const run of line.styles) {
			assert.ok(run.start >= previousEnd && run.start < run.end && run.end <= line.text.length, JSON.stringify(text));
			previousEnd = run.end;
		}
	}
});
