import {test} from 'node:test';
import assert from 'node:assert/strict';
import {sanitize, sanitizeLogLine} from '../../source/format/sanitize.js';
import {textWidth, truncate, wrapLine} from '../../source/format/width.js';

// A log line or field of 1 MB must come out right; how fast is `npm run bench`'s (scripts/bench/text.ts).
const MB = 1 << 20;

function repeatTo(unit: string, length: number): string {
	return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const ascii = repeatTo('{"level":"info","msg":"request served","path":"/api/v1/items","status":200} ', MB);
const cjk = repeatTo('容器日志中文字符', MB);
const emoji = repeatTo('ok 👍🏽 done ✅ ', MB);
const colored = repeatTo('\x1b[32mINFO\x1b[0m\tserver started on port 8080 with 中文 and 👍 \x1b[1;31mERR\x1b[0m\n', MB);
const controls = repeatTo('\x00\x07\x1b]0;t\x07\x9b2J\u202e\ud800', MB);

test('sanitize returns clean 1 MB text as it is', () => {
	for (const text of [ascii, cjk, emoji]) {
		assert.equal(sanitize(text), text);
	}
});

test('sanitize leaves no escape or control character in 1 MB of them', () => {
	for (const text of [colored, controls]) {
		const clean = sanitize(text);
		assert.doesNotMatch(clean, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
		assert.ok(clean.length > 0);
	}
});

test('sanitizeLogLine parses the colours of a 1 MB line', () => {
	const line = sanitizeLogLine(colored);
	assert.ok(line.styles.length > 1000);
	assert.doesNotMatch(line.text, /\u001B/);
});

test('truncate reads only the shown part of a 1 MB string and fits the width', () => {
	for (const text of [ascii, cjk, emoji, `${'a'.repeat(MB)}${cjk}`]) {
		assert.ok(textWidth(truncate(text, 120)) <= 120);
	}
});

test('wrapLine cuts a 1 MB line into rows that each fit, losing nothing', () => {
	for (const text of [ascii, cjk, emoji]) {
		const rows = wrapLine(text, 120);
		assert.ok(rows.every(row => textWidth(row) <= 120));
		assert.equal(rows.join(''), text);
	}
});
