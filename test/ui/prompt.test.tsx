import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import {recorded} from '../support/fake-engine.js';
import {renderApp, unmountAll} from '../support/render.js';

afterEach(unmountAll);

const KEY = {ctrlU: '\u0015', escape: '\u001B'};

test('a one-line prompt (rename n) comes filled in, says Ctrl-U clears it, and Ctrl-U does: what is typed replaces the name', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press('n');
	const before = app.ctx.view.get().dialog;
	assert.equal(before?.kind, 'text');
	assert.notEqual(before?.kind === 'text' ? before.text : '', '', 'the prompt starts filled with the name');
	assert.match(app.frame(), /Enter: ok · Ctrl-U: clear · Esc: cancel/);
	await app.press(KEY.ctrlU);
	await app.press(...'fresh');
	const after = app.ctx.view.get().dialog;
	assert.equal(after?.kind === 'text' ? after.text : undefined, 'fresh');
	assert.match(app.frame(), /> fresh /);
});

test('Ctrl-U clears the pull (p) and tag (t) prompts of the Images pane', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press('2');
	for (const key of ['p', 't']) {
		await app.press(key);
		const filled = app.ctx.view.get().dialog;
		assert.notEqual(filled?.kind === 'text' ? filled.text : '', '', `${key} starts filled in`);
		await app.press(KEY.ctrlU);
		const dialog = app.ctx.view.get().dialog;
		assert.equal(dialog?.kind === 'text' ? dialog.text : undefined, '', key);
		await app.press(KEY.escape);
	}
});

test('Ctrl-U clears the / filter as it is typed, and the list shows every row again', async () => {
	const app = await renderApp(recorded(), 160, 45);
	// The list's side of the screen: the logs beside it move on by themselves.
	const list = (): string => app.frame().split('\n').map(line => line.slice(0, 90)).join('\n');
	const everyRow = list();
	await app.press('/', ...'zzzz-no-such');
	assert.notEqual(list(), everyRow);
	assert.equal(app.ctx.view.get().input?.text, 'zzzz-no-such');
	await app.press(KEY.ctrlU);
	assert.equal(app.ctx.view.get().input?.text, '');
	assert.equal(app.ctx.view.get().filters[app.ctx.view.get().pane], '');
	await app.press(KEY.escape);
	assert.equal(list(), everyRow);
});
