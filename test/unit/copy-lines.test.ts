import {test} from 'node:test';
import assert from 'node:assert/strict';
import {copiedLine} from '../../source/actions/copy.js';
import type {LogLine} from '../../source/engine/types.js';
import {LogLines} from '../../source/store/log-lines.js';
import {container} from '../support/build.js';
import {testContext, type TestContext} from '../support/context.js';
import {dialogOf, press} from '../support/keys.js';

function entry(line: LogLine, source?: {index: number; label: string}): ReturnType<LogLines['at']> & {} {
	const lines = new LogLines();
	lines.push(line, source);
	return lines.at(0)!;
}

test('a copied log line is its text made safe, after its timestamp when shown and its replica in merged logs', () => {
	const line = entry({stream: 'stderr', text: '\u001B[31mred\u001B[0m \u001B]0;title\u0007done', timestamp: '2026-11-30T10:00:00.123456789Z'});
	assert.equal(copiedLine(line, false), 'red done');
	assert.equal(copiedLine(line, true), '2026-11-30T10:00:00.123456789Z red done');
	const merged = entry({stream: 'stdout', text: 'hello', timestamp: '2026-11-30T10:00:00Z'}, {index: 0, label: 'web-1'});
	assert.equal(copiedLine(merged, true), '2026-11-30T10:00:00Z web-1 | hello');
	assert.equal(copiedLine(merged, false), 'web-1 | hello');
});

async function logsScene(count: number): Promise<TestContext> {
	const ctx = testContext({containers: [container({name: 'api', image: 'shop/api'})], images: [], volumes: [], networks: []});
	ctx.engine.logLines = Array.from({length: count}, (_, index) => ({stream: 'stdout', text: `line ${index}`}));
	ctx.logs.follow([...ctx.model.get().containers.values()][0]!.id);
	for (let turn = 0; turn < 20 && (ctx.logs.get().buffer?.get().lines.length ?? 0) < count; turn++) {
		await new Promise(resolve => setTimeout(resolve, 10));
	}

	press(ctx, 'enter');
	return ctx;
}

test('the copy key offers the selected lines first; copied, the selection ends', async () => {
	const ctx = await logsScene(5);
	press(ctx, 'v', 'k', 'ctrl+y');
	const values = dialogOf(ctx, 'choice').choices.map(choice => choice.value);
	assert.deepEqual(values, ['selection', 'id', 'name', 'logs']);
	press(ctx, 'enter');
	assert.deepEqual(ctx.clipboard.copied, ['line 3\nline 4\n']);
	assert.match(ctx.model.get().notice?.text ?? '', /copied the 2 selected log lines to the clipboard \(14 bytes\)/);
	assert.equal(ctx.view.get().logs.selection, undefined);
});

test('a selection made in another stream is not offered, and keys act as without one', async () => {
	const ctx = await logsScene(5);
	press(ctx, 'v', 'k');
	assert.ok(ctx.view.get().logs.selection);
	// The same container followed anew (another range, or its tab drawn again): its lines are numbered anew.
	ctx.logs.close();
	ctx.logs.follow([...ctx.model.get().containers.values()][0]!.id);
	await new Promise(resolve => setTimeout(resolve, 20));
	press(ctx, 'ctrl+y');
	assert.deepEqual(
		dialogOf(ctx, 'choice').choices.map(choice => choice.value),
		['id', 'name', 'logs'],
	);
	press(ctx, 'escape', 'v');
	// v starts a new selection rather than ending the stale one.
	assert.equal(ctx.view.get().logs.selection?.buffer, ctx.logs.get().buffer);
});

test('with no log lines, v says there is nothing to select', async () => {
	const ctx = await logsScene(0);
	press(ctx, 'v');
	assert.match(ctx.model.get().notice?.text ?? '', /no log lines to select/);
	assert.equal(ctx.view.get().logs.selection, undefined);
});
