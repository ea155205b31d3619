// The text budgets: a log line or field of 1 MB must not stall a frame. Each case runs once to
// warm up, then the best of five runs is printed beside its budget.
import {sanitize, sanitizeLogLine} from '../../source/format/sanitize.js';
import {textWidth, truncate, wrapLine} from '../../source/format/width.js';

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

const texts = {
	ascii: repeatTo('{"level":"info","msg":"request served","path":"/api/v1/items","status":200} ', MB),
	cjk: repeatTo('容器日志中文字符', MB),
	emoji: repeatTo('ok 👍🏽 done ✅ ', MB),
	colored: repeatTo('\x1b[32mINFO\x1b[0m\tserver started on port 8080 with 中文 and 👍 \x1b[1;31mERR\x1b[0m\n', MB),
	controls: repeatTo('\x00\x07\x1b]0;t\x07\x9b2J\u202e\ud800', MB),
};

/**
 * Reads a result once, as the screen would: text that was appended piece by piece is copied into
 * one string on its first read, and that copy belongs to the figure.
 */
function read(text: string): number {
	return text.indexOf('\0');
}

/** Each case: what it does, its budget, and how long it took. Clean text is returned as it is, at a tenth of the budget. */
export function textFigures(): Array<{name: string; ms: number; budgetMs: number}> {
	const clean = ['ascii', 'cjk', 'emoji'] as const;
	return [
		...clean.map(name => ({name: `sanitize clean ${name}`, ms: bestOf(() => read(sanitize(texts[name]))), budgetMs: BUDGET_MS / 10})),
		...(['colored', 'controls'] as const).map(name => ({name: `sanitize ${name}`, ms: bestOf(() => read(sanitize(texts[name]))), budgetMs: BUDGET_MS})),
		{name: 'sanitizeLogLine colored', ms: bestOf(() => read(sanitizeLogLine(texts.colored).text)), budgetMs: BUDGET_MS},
		...clean.map(name => ({name: `truncate ${name} to 120`, ms: bestOf(() => truncate(texts[name], 120)), budgetMs: BUDGET_MS})),
		...clean.map(name => ({name: `wrapLine ${name}`, ms: bestOf(() => wrapLine(texts[name], 120)), budgetMs: BUDGET_MS})),
		...clean.map(name => ({name: `textWidth ${name}`, ms: bestOf(() => textWidth(texts[name])), budgetMs: BUDGET_MS})),
	];
}

export function printTextFigures(): void {
	console.log('text handling, 1 MB inputs (best of 5):');
	for (const {name, ms, budgetMs} of textFigures()) {
		console.log(`  ${name.padEnd(26)} ${ms.toFixed(2).padStart(8)} ms  budget < ${budgetMs} ms  ${ms < budgetMs ? 'ok' : 'MISSED'}`);
	}
}
