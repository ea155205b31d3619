import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import type {ContainerDetails, LogLine, TopResult} from '../../source/engine/types.js';
import {fixture, recorded} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {renderApp as renderWith, unmountAll, type Rendered, tick, waitFor} from '../support/render.js';

afterEach(unmountAll);

const KEY = {down: '\u001B[B', enter: '\r', escape: '\u001B', right: '\u001B[C'};

/** The app on recorded engine data, in a terminal of the given size. */
async function renderApp(columns = 160, rows = 45, prepare?: (ctx: TestContext) => void): Promise<Rendered> {
	return renderWith(recorded(), columns, rows, prepare);
}

function rowOf(frame: string, text: string): number {
	return frame.split('\n').findIndex(line => line.includes(text));
}

test('the containers pane lists the recorded containers, running first, with docker-like status', async () => {
	const app = await renderApp();
	const frame = app.frame();
	for (const name of ['berth-nasty', 'berth-shop-db-1', 'berth-healthy', 'berth-paused', 'berth-killed', 'berth-tty-shell']) {
		assert.ok(frame.includes(name), `${name} missing from\n${frame}`);
	}

	assert.ok(rowOf(frame, 'berth-killed') > rowOf(frame, 'berth-tty-shell'), 'the exited container comes after the running ones');
	assert.match(frame, /Exited \(137\) \d+ seconds ago/);
	assert.match(frame, /\(healthy\)/);
	assert.match(frame, /Paused/);
	assert.match(frame, /shop/);
	assert.match(frame, /Containers · 7\/8 up/);
});

test('escape sequences in names, labels, env and logs never reach the terminal', async () => {
	const app = await renderApp(160, 45, ctx => {
		const nasty = ctx.engine.data.containers.find(container => container.name === 'berth-nasty')!;
		ctx.engine.details.set(nasty.id, fixture<ContainerDetails>('inspect-nasty.json'));
		ctx.engine.logLines = fixture<Record<string, LogLine[]>>('logs.json')['nasty']!;
	});
	await app.press('/', ...'nasty', KEY.enter, KEY.enter, ']', ']');
	await tick(100);
	const inspect = app.frame();
	assert.match(inspect, /PS1=/, inspect);
	assert.match(inspect, /title=.*innocent/);
	await app.press('[', '[');
	await tick(150);
	const frames = [inspect, app.frame()].join('\n');
	assert.doesNotMatch(frames, /\u0007/, 'no BEL');
	assert.doesNotMatch(frames, /\u001B\]/, 'no OSC (window title) sequence');
	assert.doesNotMatch(frames, /\u001B\[31m/, 'no colour the container chose');
});

test('/ filters as you type and Esc clears it', async () => {
	const app = await renderApp();
	await app.press('/', 's', 'h', 'o', 'p');
	let frame = app.frame();
	assert.ok(frame.includes('berth-shop-db-1') && frame.includes('berth-shop-web-1'));
	assert.ok(!frame.includes('berth-healthy'), frame);
	assert.match(frame, /filter: shop/);
	await app.press(KEY.escape);
	frame = app.frame();
	assert.ok(frame.includes('berth-healthy'));
});

test('a hides stopped containers and shows them again', async () => {
	const app = await renderApp();
	await app.press('a');
	assert.ok(!app.frame().includes('berth-killed'));
	assert.match(app.frame(), /stopped hidden/);
	await app.press('a');
	assert.ok(app.frame().includes('berth-killed'));
});

test('wide terminals show the pane column beside the main area; 80x24 stacks them', async () => {
	const app = await renderApp(160, 45);
	let lines = app.frame().split('\n');
	assert.equal(lines.length, 44, 'one row shorter than the terminal');
	assert.match(lines[0]!, /1 Containers.*│ Logs │ Stats │ Inspect │ Top/);
	assert.ok(lines.some(line => line.includes('2 Images')));
	await app.resize(80, 24);
	lines = app.frame().split('\n');
	assert.equal(lines.length, 23);
	assert.match(lines[0]!, /1 Containers.*2 Images.*3 Volumes/);
	assert.ok(lines.every(line => [...line].length <= 80), 'no line wider than the terminal');
});

test('a terminal below the minimum size says so instead of drawing', async () => {
	const app = await renderApp(50, 12);
	assert.match(app.frame().replaceAll(/\s+/g, ' '), /needs a terminal of at least 60×15; this one is 50×12/);
	await app.resize(100, 30);
	assert.match(app.frame(), /Containers/);
});

test('? shows every key of the current view from the registry', async () => {
	const app = await renderApp();
	await app.press('?');
	const frame = app.frame();
	for (const text of ['Remove (asks first)', 'Kill (asks first)', 'Filter as you type', 'Quit', 'Open a shell inside']) {
		assert.ok(frame.includes(text), `${text} missing from help`);
	}

	await app.press('x');
	assert.doesNotMatch(app.frame(), /Keys here/);
});

test('the logs tab shows recorded logs with stderr marked, and t shows timestamps', async () => {
	const app = await renderApp(160, 45, ctx => {
		ctx.engine.logLines = fixture<Record<string, LogLine[]>>('logs.json')['chatty']!;
	});
	const chatty = app.ctx.engine.data.containers.find(container => container.name === 'berth-chatty')!;
	app.ctx.view.change(state => ({...state, selected: {...state.selected, containers: chatty.id}}));
	let frame = await waitFor(app, /request 1 served in 1ms/);
	assert.match(frame, /▌ warning 1: slow disk/);
	await app.press(KEY.enter, 't');
	frame = app.frame();
	assert.match(frame, /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z request 1/);
	assert.ok(app.ctx.engine.calls.includes(`logs ${chatty.id}`));
});

test('the top tab lists the processes in a table', async () => {
	const app = await renderApp(160, 45, ctx => {
		ctx.engine.topResult = fixture<TopResult>('top.json');
	});
	await app.press(']', ']', ']');
	await tick(50);
	const frame = app.frame();
	assert.match(frame, /│ UID +│ PID +│/);
	assert.match(frame, /sleep 1/);
	assert.match(frame, /2 processes/);
});

test('a lost connection shows reconnecting with the reason and marks the lists stale', async () => {
	const app = await renderApp();
	app.ctx.model.setConnection({status: 'reconnecting', attempt: 3, retryInMs: 2000, error: 'connect ENOENT /var/run/docker.sock'});
	await tick();
	const frame = app.frame();
	assert.match(frame, /reconnecting \(attempt 3, retry in 2 s\): connect ENOENT/);
	assert.match(frame, /last known state \(stale\)/);
	assert.ok(frame.includes('berth-healthy'), 'the last known containers stay on screen');
});

test('a failed action shows the engine reason on screen', async () => {
	const app = await renderApp();
	app.ctx.engine.failures.set('remove', 'You cannot remove a running container abc. Stop the container before attempting removal or force remove');
	await app.press('d', 'y');
	await tick(50);
	assert.match(app.frame(), /✕ remove berth-chatty: You cannot remove a running container/);
});

test('moving through 1,000 containers renders only the visible rows', async () => {
	const app = await renderApp(160, 45, ctx => {
		const [template] = ctx.engine.data.containers;
		const many = Array.from({length: 1000}, (_unused, index) => ({
			...template!,
			id: `${index.toString(16).padStart(8, '0')}${'0'.repeat(56)}`,
			name: `bulk-${String(index).padStart(4, '0')}`,
		}));
		ctx.model.replaceContainers(many);
	});
	await app.press('G');
	let frame = app.frame();
	assert.match(frame, /bulk-0999/);
	assert.doesNotMatch(frame, /bulk-0000/);
	assert.match(frame, /\d+-1000\/1000/);
	await app.press('g');
	frame = app.frame();
	assert.match(frame, /bulk-0000/);
	assert.doesNotMatch(frame, /bulk-0999/);
});

test('the stats tab fits an 80x24 terminal, showing as many graphs as there is room for', async () => {
	const app = await renderApp(80, 24);
	await app.press(']');
	const lines = app.frame().split('\n');
	assert.equal(lines.length, 23);
	assert.match(lines.at(-1)!, /running \/ \d+ containers/);
	assert.match(app.frame(), /samples · one every 1 s/);
	assert.match(app.frame(), /CPU {2}cpu/);
});

test('logs that replace the whole screen between frames, then one line more, show the newest lines in order', async () => {
	const app = await renderApp(160, 45, ctx => {
		ctx.engine.logLines = [{stream: 'stdout', text: 'before the flood'}];
	});
	const chatty = app.ctx.engine.data.containers.find(container => container.name === 'berth-chatty')!;
	app.ctx.view.change(state => ({...state, selected: {...state.selected, containers: chatty.id}}));
	await waitFor(app, /before the flood/);
	const handlers = app.ctx.engine.logHandlersById.get(chatty.id)!;
	handlers.onLines(Array.from({length: 300}, (_, index) => ({stream: 'stdout' as const, text: `flood ${index}`})));
	let frame = await waitFor(app, /flood 299\s*\n/);
	const shown = (text: string): number[] => [...text.matchAll(/flood (\d+)/g)].map(match => Number(match[1]));
	assert.ok(!frame.includes('before the flood'));
	assert.deepEqual(shown(frame), Array.from({length: shown(frame).length}, (_, index) => 300 - shown(frame).length + index));
	handlers.onLines([{stream: 'stderr', text: 'after the flood'}]);
	frame = await waitFor(app, /▌ after the flood/);
	const after = shown(frame);
	assert.equal(after.at(-1), 299);
	assert.deepEqual(after, Array.from({length: after.length}, (_, index) => 300 - after.length + index));
});
