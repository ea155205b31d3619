import {test} from 'node:test';
import assert from 'node:assert/strict';
import {sanitize, sanitizeLogLine} from '../../source/format/sanitize.js';
import {textWidth, truncate, wrapLine} from '../../source/format/width.js';

// A log line or field of 1 MB must not stall a frame. Each case runs once to warm up, then the
// best of five runs is compared with the budget, so a busy machine does not fail the test.
const BUDGET_MS = 50;
const MB = 1 << 20;

function bestOf(run: () => unknown): number {
	run();
	let best = Number.POSITIVE_INFINITY;
	for (let round = 0; round < 5; round++) {
		const start = performance.now();
		run();
		best = Math.min(best, performance.now() - start);
	}
	return best;
}

function repeatTo(unit: string, length: number): string {
	return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const ascii = repeatTo('{"level":"info","msg":"request served","path":"/api/v1/items","status":200} ', MB);
const cjk = repeatTo('容器日志中文字符', MB);
const emoji = repeatTo('ok 👍🏽 done ✅ ', MB);
const colored = repeatTo('\x1b[32mINFO\x1b[0m\tserver started on port 8080 with 中文 and 👍 \x1b[1;31mERR\x1b[0m\n', MB);
const controls = repeatTo('\x00\x07\x1b]0;t\x07\x9b2J\u202e\ud800', MB);

test('sanitize returns clean 1 MB text as it is, at once', t => {
	for (const [name, text] of [['ascii', ascii], ['cjk', cjk], ['emoji', emoji]] as const) {
		assert.equal(sanitize(text), text);
		const ms = bestOf(() => sanitize(text));
		t.diagnostic(`sanitize clean ${name} 1 MB: ${ms.toFixed(2)} ms`);
		assert.ok(ms < BUDGET_MS / 10, `${name}: ${ms} ms`);
	}
});

test('sanitize cleans 1 MB full of escapes and controls within budget', t => {
	for (const [name, text] of [['colored', colored], ['controls', controls]] as const) {
		const ms = bestOf(() => sanitize(text));
		t.diagnostic(`sanitize ${name} 1 MB: ${ms.toFixed(2)} ms`);
		assert.ok(ms < BUDGET_MS, `${name}: ${ms} ms`);
	}
});

test('sanitizeLogLine parses a coloured 1 MB line within budget', t => {
	const ms = bestOf(() => sanitizeLogLine(colored));
	t.diagnostic(`sanitizeLogLine colored 1 MB: ${ms.toFixed(2)} ms`);
	assert.ok(ms < BUDGET_MS, `${ms} ms`);
	assert.ok(sanitizeLogLine(colored).styles.length > 1000);
});

test('truncate reads only the shown part of a 1 MB string', t => {
	for (const [name, text] of [['ascii', ascii], ['cjk', cjk], ['emoji', emoji], ['ascii then cjk', `${'a'.repeat(MB)}${cjk}`]] as const) {
		const ms = bestOf(() => truncate(text, 120));
		t.diagnostic(`truncate ${name} ${(text.length / MB).toFixed(0)} MB to 120: ${ms.toFixed(3)} ms`);
		assert.ok(ms < BUDGET_MS, `${name}: ${ms} ms`);
		assert.ok(textWidth(truncate(text, 120)) <= 120);
	}
});

test('wrapLine and textWidth handle a 1 MB line within budget', t => {
	for (const [name, text] of [['ascii', ascii], ['cjk', cjk], ['emoji', emoji]] as const) {
		const wrap = bestOf(() => wrapLine(text, 120));
		const width = bestOf(() => textWidth(text));
		t.diagnostic(`wrapLine ${name} 1 MB: ${wrap.toFixed(2)} ms, textWidth: ${width.toFixed(2)} ms`);
		assert.ok(wrap < BUDGET_MS, `wrapLine ${name}: ${wrap} ms`);
		assert.ok(width < BUDGET_MS, `textWidth ${name}: ${width} ms`);
	}
});
