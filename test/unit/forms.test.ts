import {test} from 'node:test';
import assert from 'node:assert/strict';
import {handleKey} from '../../source/actions/dispatch.js';
import {parseKeys} from '../../source/actions/keys.js';
import {parseRunForm} from '../../source/parse/run-spec.js';
import type {Dialog} from '../../source/store/view-store.js';
import {recorded} from '../support/fake-engine.js';
import {testContext, type TestContext} from '../support/context.js';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {actionById} from '../../source/actions/registry.js';

type FormDialog = Extract<Dialog, {kind: 'form'}>;

/** Lets the engine calls, which only wait on promises, finish. */
const settle = async (): Promise<void> => new Promise(resolve => setImmediate(resolve));

/** Named keys as the key parser names them ("tab", "ctrl+s", "space", "x"). */
function press(ctx: TestContext, ...keys: string[]): void {
	for (const key of keys) {
		handleKey(ctx, key, key === 'space' ? ' ' : [...key].length === 1 ? key : '');
	}
}

/** Text as the terminal would send it, split into keys by the real key parser. */
function type(ctx: TestContext, text: string): void {
	for (const key of parseKeys(text)) {
		handleKey(ctx, key.name, key.text);
	}
}

function form(ctx: TestContext): FormDialog {
	const dialog = ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'form', `a form is open (got ${dialog?.kind ?? 'nothing'})`);
	return dialog as FormDialog;
}

function indexOf(ctx: TestContext, id: string): number {
	const index = form(ctx).fields.findIndex(field => field.id === id);
	assert.notEqual(index, -1, `the form has a ${id} field`);
	return index;
}

function text(ctx: TestContext, id: string): string {
	return form(ctx).fields[indexOf(ctx, id)]!.text;
}

/** Moves to a field with Tab, as a user would. */
function goTo(ctx: TestContext, id: string): void {
	const target = indexOf(ctx, id);
	let guard = 0;
	while (form(ctx).index !== target) {
		press(ctx, 'tab');
		assert.ok(++guard < 100, `Tab never reaches ${id}`);
	}
}

function scene(): TestContext {
	return testContext(recorded());
}

function idOf(ctx: TestContext, name: string): string {
	return [...ctx.model.get().containers.values()].find(item => item.name === name)!.id;
}

/** The run form from `c` in the containers pane. */
function runForm(): TestContext {
	const ctx = scene();
	press(ctx, 'c');
	return ctx;
}

test('c in the containers pane opens the run form at its image field, with every field empty', () => {
	const ctx = runForm();
	const dialog = form(ctx);
	assert.equal(dialog.actionId, 'container.create');
	assert.equal(dialog.submitLabel, 'Run');
	assert.equal(dialog.index, 0);
	assert.deepEqual(
		dialog.fields.slice(0, 2).map(field => field.id),
		['image', 'name'],
	);
	assert.ok(dialog.fields.length > 20, 'the run form has all its fields');
	for (const field of dialog.fields) {
		assert.equal(field.text, field.kind === 'toggle' ? 'false' : '', `${field.id} starts empty`);
	}

	// Checked from the start: the image is required, but not shown as wrong until typed or tried.
	assert.match(dialog.errors['image'] ?? '', /^image: /);
	assert.equal(dialog.preview, undefined);
	assert.equal(dialog.attempted, undefined);
});

test('Tab and ↓ move forward, Shift-Tab and ↑ back, through the submit button, wrapping both ways', () => {
	const ctx = runForm();
	const count = form(ctx).fields.length;
	press(ctx, 'tab');
	assert.equal(form(ctx).index, 1);
	press(ctx, 'down');
	assert.equal(form(ctx).index, 2);
	press(ctx, 'shift+tab');
	assert.equal(form(ctx).index, 1);
	press(ctx, 'up');
	assert.equal(form(ctx).index, 0);
	press(ctx, 'up');
	assert.equal(form(ctx).index, count, 'before the first field comes the submit button');
	press(ctx, 'shift+tab');
	assert.equal(form(ctx).index, count - 1, 'then the last field');
	press(ctx, 'tab');
	assert.equal(form(ctx).index, count, 'the submit button');
	press(ctx, 'down');
	assert.equal(form(ctx).index, 0, 'after the submit button comes the first field again');
	assert.deepEqual(ctx.engine.calls, [], 'moving calls nothing');
});

test('typing edits the current field; Backspace deletes; Ctrl-U clears; other Ctrl keys type nothing', () => {
	const ctx = runForm();
	type(ctx, 'busyboxx');
	assert.equal(text(ctx, 'image'), 'busyboxx');
	press(ctx, 'backspace');
	assert.equal(text(ctx, 'image'), 'busybox');
	press(ctx, 'ctrl+a', 'ctrl+e');
	assert.equal(text(ctx, 'image'), 'busybox');
	press(ctx, 'tab');
	type(ctx, 'web 1');
	assert.equal(text(ctx, 'name'), 'web 1', 'space types a space in a text field');
	press(ctx, 'ctrl+u');
	assert.equal(text(ctx, 'name'), '');
	assert.equal(text(ctx, 'image'), 'busybox', 'other fields are untouched');
	type(ctx, 'web');
	assert.equal(text(ctx, 'name'), 'web');
	press(ctx, 'backspace', 'backspace', 'backspace', 'backspace');
	assert.equal(text(ctx, 'name'), '', 'Backspace on an empty field does nothing more');
});

test('Enter on a text field moves to the next one', () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	press(ctx, 'enter');
	assert.equal(form(ctx).index, 1);
	assert.equal(text(ctx, 'image'), 'busybox', 'Enter types nothing');
	assert.deepEqual(ctx.engine.calls, []);
});

test('in a list field Enter starts a new line; Enter on the empty last line removes it and moves on', () => {
	const ctx = runForm();
	goTo(ctx, 'ports');
	const ports = form(ctx).index;
	type(ctx, '8080:80');
	press(ctx, 'enter');
	assert.equal(text(ctx, 'ports'), '8080:80\n');
	assert.equal(form(ctx).index, ports, 'still in the list');
	type(ctx, '9000');
	press(ctx, 'enter');
	assert.equal(text(ctx, 'ports'), '8080:80\n9000\n');
	press(ctx, 'enter');
	assert.equal(text(ctx, 'ports'), '8080:80\n9000', 'the empty line is gone');
	assert.equal(form(ctx).index, ports + 1, 'and the form moved on');
	assert.deepEqual(ctx.engine.calls, []);
});

test('Enter on an empty list field moves on without adding a line', () => {
	const ctx = runForm();
	goTo(ctx, 'env');
	const env = form(ctx).index;
	press(ctx, 'enter');
	assert.equal(text(ctx, 'env'), '');
	assert.equal(form(ctx).index, env + 1);
});

test('Space flips a toggle, and typing into a toggle changes nothing', () => {
	const ctx = runForm();
	goTo(ctx, 'publish-all');
	assert.equal(form(ctx).fields[form(ctx).index]!.kind, 'toggle');
	press(ctx, 'space');
	assert.equal(text(ctx, 'publish-all'), 'true');
	type(ctx, 'xyz');
	press(ctx, 'backspace', 'ctrl+u');
	assert.equal(text(ctx, 'publish-all'), 'true', 'no text goes into a toggle');
	press(ctx, 'space');
	assert.equal(text(ctx, 'publish-all'), 'false');
});

test('errors are recomputed as typed, and a valid form previews its docker run line', () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	assert.deepEqual(form(ctx).errors, {});
	assert.equal(form(ctx).preview, 'docker run -d busybox');
	goTo(ctx, 'ports');
	type(ctx, '80:abc');
	assert.match(form(ctx).errors['ports'] ?? '', /^ports: 80:abc is not a port/);
	assert.equal(form(ctx).preview, undefined, 'an invalid form has no command line');
	press(ctx, 'backspace', 'backspace', 'backspace');
	type(ctx, '8080');
	assert.equal(form(ctx).errors['ports'], undefined);
	assert.equal(form(ctx).preview, 'docker run -d -p 80:8080 busybox');
	goTo(ctx, 'publish-all');
	press(ctx, 'space');
	assert.equal(form(ctx).preview, 'docker run -d -p 80:8080 -P busybox', 'a toggle is checked too');
	goTo(ctx, 'memory');
	type(ctx, 'lots');
	assert.match(form(ctx).errors['memory'] ?? '', /^memory: /);
	assert.deepEqual(Object.keys(form(ctx).errors), ['memory']);
});

test('Ctrl-S on a form with a wrong field calls nothing and moves to the first wrong field', () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	goTo(ctx, 'ports');
	type(ctx, '80:abc');
	goTo(ctx, 'memory');
	type(ctx, 'lots');
	press(ctx, 'tab', 'tab');
	press(ctx, 'ctrl+s');
	const dialog = form(ctx);
	assert.equal(dialog.attempted, true);
	assert.equal(dialog.index, indexOf(ctx, 'ports'), 'the first wrong field in form order');
	assert.equal(dialog.busy, undefined);
	assert.deepEqual(ctx.engine.calls, []);
});

test('Ctrl-S on an empty form points at the missing image', () => {
	const ctx = runForm();
	press(ctx, 'tab', 'tab', 'tab');
	press(ctx, 'ctrl+s');
	assert.equal(form(ctx).index, 0);
	assert.equal(form(ctx).attempted, true);
	assert.match(form(ctx).errors['image'] ?? '', /^image: /);
	assert.deepEqual(ctx.engine.calls, []);
});

test('Ctrl-S on a valid form runs the container once, closes the form and selects the new container', async () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	press(ctx, 'tab');
	type(ctx, 'web');
	goTo(ctx, 'ports');
	type(ctx, '8080:80');
	goTo(ctx, 'env');
	type(ctx, 'A=1');
	press(ctx, 'enter');
	type(ctx, 'B=two words');
	press(ctx, 'ctrl+s');
	assert.equal(form(ctx).busy, 'run…', 'the form says what it is doing while the engine works');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['run -d --name web -p 8080:80 -e A=1 -e B=two words busybox']);
	const view = ctx.view.get();
	assert.equal(view.dialog, undefined);
	assert.equal(view.pane, 'containers');
	assert.equal(view.selected.containers, 'new-container');
	assert.match(ctx.model.get().notice?.text ?? '', /^started web: docker run -d --name web -p 8080:80 -e A=1 -e 'B=two words' busybox$/);
});

test('keys are ignored while the form is busy, but Esc, which gives the screen back', async () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	press(ctx, 'ctrl+s');
	const busy = form(ctx);
	assert.ok(busy.busy);
	type(ctx, 'xyz');
	press(ctx, 'tab', 'backspace', 'ctrl+u', 'ctrl+s', 'enter');
	assert.equal(ctx.view.get().dialog, busy, 'nothing changed while busy');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['run -d busybox'], 'submitted once only');
	assert.equal(ctx.view.get().dialog, undefined);
});

test('Esc leaves a busy form; a refusal that comes after is said as a notice', async () => {
	const ctx = runForm();
	ctx.engine.failures.set('run', 'Conflict. The container name "/web" is already in use');
	type(ctx, 'busybox');
	press(ctx, 'ctrl+s');
	assert.ok(form(ctx).busy);
	press(ctx, 'escape');
	assert.equal(ctx.view.get().dialog, undefined, 'the screen is given back at once');
	await settle();
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.match(ctx.model.get().notice?.text ?? '', /already in use/);
});

test('an engine refusal keeps the form open and filled, with the reason; a second try can succeed', async () => {
	const ctx = runForm();
	const reason = 'Conflict. The container name "/web" is already in use by container "0123abcd". You have to remove (or rename) that container to be able to reuse that name.';
	ctx.engine.failures.set('run', reason);
	type(ctx, 'busybox');
	press(ctx, 'tab');
	type(ctx, 'web');
	goTo(ctx, 'ports');
	type(ctx, '8080:80');
	press(ctx, 'ctrl+s');
	await settle();
	let dialog = form(ctx);
	assert.equal(dialog.refusal, reason);
	assert.equal(dialog.busy, undefined);
	assert.equal(text(ctx, 'image'), 'busybox');
	assert.equal(text(ctx, 'name'), 'web');
	assert.equal(text(ctx, 'ports'), '8080:80');
	assert.equal(ctx.view.get().selected.containers, undefined, 'nothing new is selected');
	assert.deepEqual(ctx.engine.calls, ['run -d --name web -p 8080:80 busybox']);

	// The user renames and tries again: the refusal goes, the form closes.
	ctx.engine.failures.delete('run');
	press(ctx, 'shift+tab', 'shift+tab', 'shift+tab');
	assert.equal(form(ctx).index, indexOf(ctx, 'name'));
	press(ctx, 'ctrl+u');
	type(ctx, 'web2');
	press(ctx, 'ctrl+s');
	dialog = form(ctx);
	assert.equal(dialog.refusal, undefined, 'the old reason is cleared while retrying');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls.at(-1), 'run -d --name web2 -p 8080:80 busybox');
});

test('Esc cancels the form and calls nothing', async () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	press(ctx, 'escape');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, []);
});

test('Enter on the last field submits', async () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	press(ctx, 'up', 'up');
	assert.equal(form(ctx).index, form(ctx).fields.length - 1);
	press(ctx, 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['run -d busybox']);
	assert.equal(ctx.view.get().dialog, undefined);
});

test('Enter on the submit button submits', async () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	press(ctx, 'up');
	assert.equal(form(ctx).index, form(ctx).fields.length);
	type(ctx, 'typed on the button');
	assert.equal(text(ctx, 'image'), 'busybox', 'the button takes no text');
	press(ctx, 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['run -d busybox']);
});

test('Enter on the submit button of a wrong form does not submit', async () => {
	const ctx = runForm();
	press(ctx, 'up', 'enter');
	await settle();
	assert.equal(form(ctx).attempted, true);
	assert.equal(form(ctx).index, 0);
	assert.deepEqual(ctx.engine.calls, []);
});

test('r on an image in the images pane opens the run form filled with it, at the name field', async () => {
	const ctx = scene();
	const image = ctx.model.get().images.find(item => item.tags.length > 0);
	press(ctx, '2', 'r');
	const dialog = form(ctx);
	assert.equal(dialog.actionId, 'image.run');
	assert.equal(text(ctx, 'image'), image!.tags[0]);
	assert.equal(dialog.index, 1, 'the image is given: the name comes next');
	assert.match(dialog.title, /busybox/);
	assert.equal(dialog.preview, `docker run -d ${image!.tags[0]!}`, 'checked as opened');
	type(ctx, 'from-image');
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`run -d --name from-image ${image!.tags[0]!}`]);
	const view = ctx.view.get();
	assert.equal(view.dialog, undefined);
	assert.equal(view.pane, 'containers', 'the new container is shown in the containers pane');
	assert.equal(view.selected.containers, 'new-container');
});

test('an interactive run starts the container and hands the terminal over', async () => {
	const ctx = runForm();
	type(ctx, 'busybox');
	goTo(ctx, 'interactive');
	press(ctx, 'space', 'ctrl+s');
	await settle();
	await settle();
	assert.deepEqual(ctx.engine.calls, ['run -it busybox', 'start new-container', 'attach new-container']);
	assert.equal(ctx.terminal.handOvers, 1);
});

test('C loads the container’s spec and opens a form filled from it; submitting recreates it', async () => {
	const ctx = scene();
	const id = idOf(ctx, 'berth-chatty');
	ctx.view.change(state => ({...state, selected: {...state.selected, containers: id}}));
	const parsed = parseRunForm({image: 'berth-test/busybox', name: 'berth-chatty', ports: '8080:80', env: 'A=1', restart: 'always', command: 'sh -c "echo hi"'}, {}, () => '');
	assert.ok('spec' in parsed);
	ctx.engine.runSpecs.set(id, parsed.spec);
	press(ctx, 'C');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`run-spec ${id}`]);
	const dialog = form(ctx);
	assert.equal(dialog.submitLabel, 'Recreate');
	assert.match(dialog.title, /berth-chatty/);
	assert.equal(text(ctx, 'image'), 'berth-test/busybox');
	assert.equal(text(ctx, 'name'), 'berth-chatty');
	assert.equal(text(ctx, 'ports'), '8080:80');
	assert.equal(text(ctx, 'env'), 'A=1');
	assert.equal(text(ctx, 'restart'), 'always');
	assert.equal(text(ctx, 'command'), "sh -c 'echo hi'");
	assert.deepEqual(dialog.errors, {});
	assert.equal(dialog.preview, "docker run -d --name berth-chatty --restart always -p 8080:80 -e A=1 berth-test/busybox sh -c 'echo hi'");

	goTo(ctx, 'ports');
	press(ctx, 'ctrl+u');
	type(ctx, '9090:80');
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`run-spec ${id}`, `recreate ${id} -d --name berth-chatty --restart always -p 9090:80 -e A=1 berth-test/busybox sh -c echo hi`]);
	const view = ctx.view.get();
	assert.equal(view.dialog, undefined);
	assert.equal(view.selected.containers, id);
	assert.match(ctx.model.get().notice?.text ?? '', /recreated berth-chatty/);
});

test('a refused recreate keeps its form, filled, with the reason', async () => {
	const ctx = scene();
	const id = idOf(ctx, 'berth-chatty');
	ctx.view.change(state => ({...state, selected: {...state.selected, containers: id}}));
	const parsed = parseRunForm({image: 'berth-test/busybox', name: 'berth-chatty'}, {}, () => '');
	assert.ok('spec' in parsed);
	ctx.engine.runSpecs.set(id, parsed.spec);
	ctx.engine.failures.set('recreate', 'driver failed programming external connectivity: port is already allocated');
	press(ctx, 'C');
	await settle();
	goTo(ctx, 'ports');
	type(ctx, '8080:80');
	press(ctx, 'ctrl+s');
	await settle();
	const dialog = form(ctx);
	assert.equal(dialog.refusal, 'driver failed programming external connectivity: port is already allocated');
	assert.equal(text(ctx, 'ports'), '8080:80');
	assert.equal(dialog.actionId, 'container.recreate.submit');
});

test('C on a container whose spec cannot be read says why and opens nothing', async () => {
	const ctx = scene();
	press(ctx, 'C');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.match(ctx.model.get().notice?.text ?? '', /No such container/);
});

test('recreate works on one container: with several marked it says so and opens nothing', async () => {
	const ctx = scene();
	press(ctx, 'space', 'down', 'space', 'C');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.match(ctx.model.get().notice?.text ?? '', /recreate works on one container/);
	assert.deepEqual(ctx.engine.calls, []);
});

test('a recreate form whose container went away meanwhile closes and says so', async () => {
	const ctx = scene();
	const id = idOf(ctx, 'berth-chatty');
	ctx.view.change(state => ({...state, selected: {...state.selected, containers: id}}));
	const parsed = parseRunForm({image: 'berth-test/busybox', name: 'berth-chatty'}, {}, () => '');
	assert.ok('spec' in parsed);
	ctx.engine.runSpecs.set(id, parsed.spec);
	press(ctx, 'C');
	await settle();
	assert.equal(form(ctx).targetIds[0], id);
	ctx.model.removeContainer(id);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.match(ctx.model.get().notice?.text ?? '', /nothing done: the container asked about is gone/);
	assert.deepEqual(ctx.engine.calls, [`run-spec ${id}`]);
});

test('the docker run line names the env file and shows env as typed, never the values filled in', async () => {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-env-'));
	const file = path.join(dir, 'app.env');
	await writeFile(file, '# secrets\nDB_PASSWORD=hunter2\n');
	process.env['BERTH_TEST_TOKEN'] = 'tok-123';
	try {
		const ctx = scene();
		const check = actionById('container.create')!.check!;
		const {errors, preview} = check({image: 'berth-test/busybox', 'env-file': file, env: 'BERTH_TEST_TOKEN\nMODE=dev'}, ctx);
		assert.deepEqual(errors, {});
		assert.equal(preview, `docker run -d --env-file ${file} -e BERTH_TEST_TOKEN -e MODE=dev berth-test/busybox`);
		assert.doesNotMatch(preview ?? '', /hunter2|tok-123/);
	} finally {
		delete process.env['BERTH_TEST_TOKEN'];
		await rm(dir, {recursive: true, force: true});
	}
});
