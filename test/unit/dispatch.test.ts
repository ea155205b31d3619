import {test} from 'node:test';
import assert from 'node:assert/strict';
import {handleKey} from '../../source/actions/dispatch.js';
import {selectContainers} from '../../source/store/selectors.js';
import {container} from '../support/build.js';
import {testContext, type TestContext} from '../support/context.js';

const settle = async (): Promise<void> => new Promise(resolve => setImmediate(resolve));

function scene(): TestContext {
	return testContext({
		containers: [
			container({name: 'api', image: 'shop/api'}),
			container({name: 'db', image: 'postgres'}),
			container({name: 'old', state: 'exited', status: 'Exited (0) 3 hours ago'}),
		],
		images: [],
		volumes: [],
		networks: [],
	});
}

function press(ctx: TestContext, ...keys: string[]): void {
	for (const key of keys) {
		handleKey(ctx, key, key.length === 1 ? key : '');
	}
}

function idOf(ctx: TestContext, name: string): string {
	return [...ctx.model.get().containers.values()].find(item => item.name === name)!.id;
}

test('typing after / filters the list at once; Esc clears it', () => {
	const ctx = scene();
	press(ctx, '/', 'd', 'b');
	const view = ctx.view.get();
	assert.equal(view.filters.containers, 'db');
	assert.deepEqual(selectContainers(ctx.model.get(), view).map(item => item.name), ['db']);
	press(ctx, 'escape');
	assert.equal(ctx.view.get().filters.containers, '');
	assert.equal(ctx.view.get().input, undefined);
});

test('the row a filter narrows down to stays selected when the filter is cleared', () => {
	const ctx = scene();
	press(ctx, '/', 'o', 'l', 'd', 'enter', 'escape');
	assert.equal(ctx.view.get().filters.containers, '');
	assert.equal(ctx.view.get().selected.containers, idOf(ctx, 'old'));
});

test('a filter keeps applying after Enter, and q inside it is text, not quit', () => {
	const ctx = scene();
	press(ctx, '/', 'q', 'enter');
	assert.equal(ctx.view.get().filters.containers, 'q');
	assert.equal(ctx.terminal.quits, 0);
});

test('s stops the selected container and says so', async () => {
	const ctx = scene();
	press(ctx, 's');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`stop ${idOf(ctx, 'api')}`]);
	assert.match(ctx.model.get().notice?.text ?? '', /stopped api/);
	assert.equal(ctx.model.get().busy.size, 0);
});

test('a failed call shows the engine reason in plain words', async () => {
	const ctx = scene();
	ctx.engine.failures.set('stop', 'container api is restarting, wait until the container is running');
	press(ctx, 's');
	await settle();
	const notice = ctx.model.get().notice;
	assert.equal(notice?.level, 'error');
	assert.equal(notice?.text, 'stop api: container api is restarting, wait until the container is running');
});

test('remove asks first; its options toggle; n or Esc removes nothing', async () => {
	const ctx = scene();
	press(ctx, 'd');
	assert.equal(ctx.view.get().dialog?.kind, 'confirm');
	press(ctx, 'escape');
	press(ctx, 'd', 'n');
	await settle();
	assert.deepEqual(ctx.engine.calls, []);
	press(ctx, 'd', 'f', 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`remove ${idOf(ctx, 'api')} force=true volumes=false`]);
});

test('kill lets the user choose the signal', async () => {
	const ctx = scene();
	press(ctx, 'K', 'down', 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`kill ${idOf(ctx, 'api')} SIGKILL`]);
});

test('an invalid name is refused with the field and the reason, and nothing is renamed', async () => {
	const ctx = scene();
	press(ctx, 'n', 'backspace', 'backspace', 'backspace', '!', 'x', 'enter');
	await settle();
	const dialog = ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'text');
	assert.match(dialog?.kind === 'text' ? (dialog.error ?? '') : '', /^name: /);
	assert.deepEqual(ctx.engine.calls, []);
	press(ctx, 'backspace', 'backspace', 'w', 'e', 'b', 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`rename ${idOf(ctx, 'api')} web`]);
});

test('space marks containers and an action applies to every marked one it suits', async () => {
	const ctx = scene();
	press(ctx, 'space', 'down', 'space', 'down', 'space');
	assert.equal(ctx.view.get().marked.containers.size, 3);
	press(ctx, 's');
	await settle();
	assert.deepEqual(ctx.engine.calls.sort(), [`stop ${idOf(ctx, 'api')}`, `stop ${idOf(ctx, 'db')}`].sort());
	assert.equal(ctx.view.get().marked.containers.size, 0);
});

test('e opens a shell through the terminal hand-over', async () => {
	const ctx = scene();
	press(ctx, 'e');
	await settle();
	await settle();
	assert.equal(ctx.terminal.handOvers, 1);
	assert.deepEqual(ctx.engine.calls, [`exec ${idOf(ctx, 'api')} sh`]);
});

test('a command with an unterminated quote is refused before anything runs', async () => {
	const ctx = scene();
	press(ctx, 'E', 'backspace', 'backspace', 'e', 'c', 'h', 'o', ' ', '"', 'x', 'enter');
	await settle();
	const dialog = ctx.view.get().dialog;
	assert.match(dialog?.kind === 'text' ? (dialog.error ?? '') : '', /^command: /);
	assert.equal(ctx.terminal.handOvers, 0);
});

test('a shell in a stopped container is refused with the reason', async () => {
	const ctx = scene();
	press(ctx, 'G', 'e');
	await settle();
	assert.equal(ctx.terminal.handOvers, 0);
	assert.match(ctx.model.get().notice?.text ?? '', /old is not running/);
});

test('Ctrl-C quits from anywhere, even inside a dialog', () => {
	const ctx = scene();
	press(ctx, 'd', 'ctrl+c');
	assert.equal(ctx.terminal.quits, 1);
});
