// Two engines watched at once, each a fake engine serving the same recorded data, so every
// container id is on both: rows, actions, the command log and a dropped engine are checked.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {MultiEngine} from '../../source/engine/multi-engine.js';
import {LogFollower} from '../../source/store/log-follower.js';
import {StatsCollector} from '../../source/store/stats-collector.js';
import {startSync} from '../../source/store/sync.js';
import {FakeEngine, recorded} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {assertFits, lineWith, listPart, renderApp, SIZES, unmountAll, waitFor, type Rendered} from '../support/render.js';

process.env['FORCE_COLOR'] = '1';

afterEach(unmountAll);

const SPACE = ' ';
const SGR = /\u001B\[[\d;]*m/g;

interface Two {
	app: Rendered;
	local: FakeEngine;
	prod: FakeEngine;
}

async function twoEngines(columns = 160, rows = 45): Promise<Two> {
	const data = recorded();
	const local = new FakeEngine(data);
	const prod = new FakeEngine(data);
	const engine = new MultiEngine([
		{name: 'local', engine: local, flags: ['--context', 'default']},
		{name: 'prod', engine: prod, flags: ['--context', 'prod']},
	]);
	const app = await renderApp(data, columns, rows, (ctx: TestContext) => {
		ctx.model.switchEngine(engine.endpoint);
		Object.assign(ctx, {
			engine,
			logs: new LogFollower(engine, 500),
			stats: new StatsCollector(engine, ctx.model, {intervalMs: 1000, historyPoints: 300}),
		});
		startSync(engine, ctx.model);
	});
	await waitFor(app, /prod/);
	return {app, local, prod};
}

/** The list rows that show `text`, without the pane's frame. */
function rowsWith(frame: string, text: string): string[] {
	return frame
		.split('\n')
		.map(line => listPart(line))
		.filter(line => line.includes(text) && !line.startsWith('─'));
}

async function select(app: Rendered, name: string, engine: string): Promise<void> {
	for (let guard = 0; guard < 20; guard++) {
		const row = rowsWith(app.frame(), name).find(line => line.startsWith('›'));
		if (row?.includes(engine)) {
			return;
		}

		await app.press('j');
	}

	assert.fail(`no row of ${name} on ${engine} in\n${app.frame()}`);
}

test('every list has an ENGINE column, each object once per engine, and totals per engine', async () => {
	for (const [columns, rows] of SIZES) {
		const {app} = await twoEngines(columns, rows);
		const frame = app.frame();
		assertFits(frame, columns, rows);
		assert.match(lineWith(frame, 'Containers'), /\(local 7\/8 · prod 7\/8\)/);
		assert.match(frame, /ENGINE/);
		const chatty = rowsWith(frame, 'berth-chatty');
		assert.equal(chatty.length, 2, `one row per engine:\n${frame}`);
		assert.ok(chatty.some(row => /chatty\s+local /.test(row)) && chatty.some(row => /chatty\s+prod /.test(row)), chatty.join('\n'));

		await app.press('2');
		const images = await waitFor(app, /Images/);
		assert.match(images, /ENGINE/);
		assert.match(lineWith(images, 'Images'), /local \d+ · prod \d+/);
		app.unmount();
	}
});

test('one engine: no ENGINE column, nothing changes', async () => {
	const app = await renderApp(recorded());
	assert.doesNotMatch(app.frame(), /ENGINE/);
	assert.doesNotMatch(lineWith(app.frame(), 'Containers'), /local/);
});

test('/engine:NAME keeps the rows of that engine', async () => {
	const {app} = await twoEngines();
	await app.press('/', ...'engine:prod', '\r');
	const frame = app.frame();
	assert.equal(rowsWith(frame, 'berth-shop-web-1').length, 1);
	assert.match(rowsWith(frame, 'berth-shop-web-1')[0]!, /web-1\s+prod /);
	assert.equal(frame.split('\n').filter(line => /^..\S berth-\S+\s+local /.test(listPart(line))).length, 0, frame);
});

test('an action goes to the engine of its row, and its command line names that engine', async () => {
	const {app, local, prod} = await twoEngines();
	await select(app, 'berth-shop-web-1', 'prod');
	await app.press('s');
	await waitFor(app, /stopped berth-shop-web-1/);
	const id = recorded().containers.find(container => container.name === 'berth-shop-web-1')!.id;
	assert.ok(prod.calls.includes(`stop ${id}`), prod.calls.join('\n'));
	assert.ok(!local.calls.some(call => call.startsWith('stop')), local.calls.join('\n'));
	assert.equal(app.ctx.commands.get().at(-1)?.command, 'docker --context prod stop berth-shop-web-1');
	assert.match(app.frame(), /\$ docker --context prod stop berth-shop-web-1/);
});

test('marked rows on both engines: each engine stops its own, one command line each', async () => {
	const {app, local, prod} = await twoEngines();
	await select(app, 'berth-healthy', 'local');
	await app.press(SPACE);
	await select(app, 'berth-healthy', 'prod');
	await app.press(SPACE);
	await app.press('s');
	await waitFor(app, /stopped berth-healthy, berth-healthy/);
	const id = recorded().containers.find(container => container.name === 'berth-healthy')!.id;
	assert.ok(local.calls.includes(`stop ${id}`));
	assert.ok(prod.calls.includes(`stop ${id}`));
	assert.deepEqual(
		app.ctx.commands.get().slice(-2).map(entry => entry.command).sort(),
		['docker --context default stop berth-healthy', 'docker --context prod stop berth-healthy'],
	);
});

test('a plain action that makes something goes to the engine of the selected row, and its dialog says so', async () => {
	const {app, local, prod} = await twoEngines();
	await app.press('3');
	await waitFor(app, /Volumes/);
	await select(app, '', 'prod');
	await app.press('n');
	const dialog = await waitFor(app, /\(engine prod\)/);
	assert.match(dialog, /engine prod/);
	await app.press(...'multi-vol', '\u0013');
	await waitFor(app, /multi-vol/);
	assert.ok(prod.calls.some(call => call.startsWith('create-volume') || call.includes('multi-vol')), prod.calls.join('\n'));
	assert.ok(!local.calls.some(call => call.includes('multi-vol')), local.calls.join('\n'));
});

test('an engine that drops: the status bar names it, only its rows are dimmed, the other stays live', async () => {
	for (const [columns, rows] of SIZES) {
		const {app, prod} = await twoEngines(columns, rows);
		prod.eventHandlers!.onState({status: 'reconnecting', error: 'connection refused', attempt: 2, retryInMs: 2000});
		const frame = await waitFor(app, /prod reconnecting/);
		assertFits(frame, columns, rows);
		assert.match(lineWith(frame, 'local, prod'), /prod reconnecting \(attempt 2/);
		const raw = app.raw().split('\n');
		// The list's part of the line: up to the border of the main area.
		const rowOf = (engine: string): string =>
			raw
				.map(line => line.slice(0, line.indexOf('│')).replace(/(?:\u001B\[[\d;]*m)+$/, ''))
				.find(line => {
					const shown = line.replaceAll(SGR, '');
					return new RegExp(`berth-chatty\\s+${engine} `).test(shown);
				}) ?? assert.fail(`no berth-chatty row of ${engine} in\n${app.frame()}`);
		// eslint-disable-next-line no-control-regex
		const dim = /\u001B\[(?:\d+;)*2(?:;\d+)*m/;
		assert.match(rowOf('prod'), dim, 'the dropped engine’s rows are dimmed');
		assert.doesNotMatch(rowOf('local'), dim, 'the other engine’s rows are not');
		app.unmount();
	}
});

test('the system pane lists each engine with its state; its tabs ask the selected one', async () => {
	const {app, local, prod} = await twoEngines();
	prod.eventHandlers!.onState({status: 'reconnecting', error: 'connection refused', attempt: 1, retryInMs: 1000});
	await app.press('6');
	const frame = await waitFor(app, /System/);
	assert.match(rowsWith(frame, 'local')[0] ?? '', /local\s+\S+\s+connected/);
	assert.match(rowsWith(frame, 'prod')[0] ?? '', /prod\s+\S*\s*reconnecting connection refused/);
	assert.ok(!prod.calls.includes('info'), 'the first row, local, is the one asked');
	await select(app, 'prod', 'prod');
	for (let guard = 0; guard < 50 && !prod.calls.includes('info'); guard++) {
		await app.press();
	}

	assert.ok(prod.calls.includes('info'), prod.calls.join('\n'));
	assert.ok(local.calls.includes('info'));
});
