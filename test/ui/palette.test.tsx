import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import type {LogLine} from '../../source/engine/types.js';
import {fixture, recorded} from '../support/fake-engine.js';
import {assertFits, renderApp, tick, unmountAll, waitFor} from '../support/render.js';
import {setMessages} from '../../source/i18n/translate.js';

afterEach(unmountAll);

const KEY = {down: '\u001B[B', enter: '\r', escape: '\u001B', backspace: '\u007F'};

test(': opens the palette; typing finds actions with their keys, Esc leaves it', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press(':');
	let frame = app.frame();
	assert.match(frame, /:\s+\d+ found/, frame);
	await app.press(...'stop');
	frame = app.frame();
	const stopLine = frame.split('\n').find(line => /\bs\s+Stop\b/.test(line));
	assert.ok(stopLine, `the Stop action with its key s:\n${frame}`);
	await app.press(KEY.escape);
	frame = app.frame();
	assert.doesNotMatch(frame, /found/);
	assert.equal(app.ctx.view.get().palette, undefined);
});

test(':logs NAME selects that container and shows its logs tab', async () => {
	const app = await renderApp(recorded(), 160, 45, ctx => {
		ctx.engine.logLines = fixture<Record<string, LogLine[]>>('logs.json')['nasty']!;
	});
	// Start elsewhere: the palette takes the user there.
	await app.press('2');
	await app.press(':', ...'logs berth-chatty');
	assert.match(app.frame(), /Show the logs of berth-chatty/);
	await app.press(KEY.enter);
	const view = app.ctx.view.get();
	const chatty = [...app.ctx.model.get().containers.values()].find(container => container.name === 'berth-chatty')!;
	assert.equal(view.pane, 'containers');
	assert.equal(view.selected.containers, chatty.id);
	assert.equal(view.tab.containers, 'logs');
	assert.equal(view.focus, 'main');
	assert.equal(view.palette, undefined);
});

test(':images goes to the pane; the entry used last comes first next time', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press(':', ...'images', KEY.enter);
	assert.equal(app.ctx.view.get().pane, 'images');
	await app.press(':');
	const frame = app.frame();
	const rows = frame.split('\n');
	const after = rows[rows.findIndex(line => /:\s+\d+ found/.test(line)) + 1] ?? '';
	assert.match(after, /2\s+Show images/, frame);
	assert.deepEqual(app.ctx.view.get().paletteRecent, ['action:pane.images']);
});

test(':prune runs the system prune action through the dispatcher: its form comes up', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press(':', ...'prune', KEY.enter);
	const dialog = app.ctx.view.get().dialog;
	assert.equal(dialog?.actionId, 'system.prune');
	assert.equal(app.ctx.view.get().pane, 'system');
});

test(':run IMAGE opens the run form with the image filled, and read-only mode refuses it as its key would', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press(':', ...'run nginx:1.27', KEY.enter);
	const dialog = app.ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'form');
	assert.equal(dialog?.kind === 'form' ? dialog.fields.find(field => field.id === 'image')?.text : undefined, 'nginx:1.27');
	await waitFor(app, /docker run -d nginx:1\.27/);

	const readOnly = await renderApp(recorded(), 160, 45, ctx => {
		ctx.view.change(state => ({...state, readOnly: true}));
	});
	await readOnly.press(':', ...'run nginx', KEY.enter);
	assert.equal(readOnly.ctx.view.get().dialog, undefined);
	assert.match(readOnly.ctx.model.get().notice?.text ?? '', /read-only/);
	await readOnly.press(':', ...'container.stop', KEY.enter);
	assert.match(readOnly.ctx.model.get().notice?.text ?? '', /read-only\b.*\bStop\b/);
});

test(':ctx NAME switches to that engine choice', async () => {
	const app = await renderApp(recorded(), 160, 45, ctx => {
		ctx.engines.list = [
			{name: 'default', where: 'unix:///var/run/docker.sock', endpoint: {display: 'unix:///var/run/docker.sock'}} as never,
			{name: 'prod', where: 'unix:///run/prod.sock', endpoint: {display: 'unix:///run/prod.sock', socketPath: '/run/prod.sock'}} as never,
		];
	});
	await app.press(':', ...'ctx prod');
	assert.match(app.frame(), /Switch to engine prod/);
	await app.press(KEY.enter);
	await tick(50);
	assert.equal(app.ctx.engines.current(), 'prod');
});

test('the palette fits a small terminal', async () => {
	const app = await renderApp(recorded(), 80, 24);
	await app.press(':', ...'s');
	assertFits(app.frame(), 80, 24);
	assert.match(app.frame(), /:s\s+\d+ found/);
});

/** The palette's entries as shown, best first: the rows after its prompt row, up to its hint. */
function shownEntries(frame: string): string[] {
	const rows = frame.split('\n');
	const start = rows.findIndex(line => /:.*\d+ found/.test(line));
	return rows.slice(start + 1, start + 4);
}

test(':logs with part of a name (the issue’s `:logs web`) selects that container’s logs, never the palette itself', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press(':', ...'logs web');
	const frame = app.frame();
	assert.match(shownEntries(frame)[0] ?? '', /Show the logs of berth-shop-web-1/, frame);
	assert.doesNotMatch(frame, /Command palette/);
	await app.press(KEY.enter);
	const web = [...app.ctx.model.get().containers.values()].find(container => container.name === 'berth-shop-web-1')!;
	assert.equal(app.ctx.view.get().selected.containers, web.id);
	assert.equal(app.ctx.view.get().tab.containers, 'logs');
	assert.equal(app.ctx.view.get().palette, undefined);
});

test(':stop in the Containers pane offers the container’s Stop before the project’s', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press(':', ...'stop');
	assert.match(shownEntries(app.frame())[0] ?? '', /\bs\s+Stop\s+│/, app.frame());
	await app.press(KEY.escape);
	await app.press('7', ':', ...'stop');
	assert.equal(app.ctx.view.get().pane, 'projects');
	assert.match(shownEntries(app.frame())[0] ?? '', /Stop the project’s containers/, app.frame());
});

test('the palette’s count of entries found is in the user’s language', async () => {
	setMessages({'{count} found': '找到 {count} 个'});
	try {
		const app = await renderApp(recorded(), 160, 45);
		await app.press(':', ...'images');
		assert.match(app.frame(), /:images\s+找到 \d+ 个/);
	} finally {
		setMessages(undefined);
	}
});
