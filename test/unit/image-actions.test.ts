import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {ImageSummary, JobEvent} from '../../source/engine/types.js';
import {shownChoices} from '../../source/store/view-store.js';
import {targetObjects, viewImages} from '../../source/store/selectors.js';
import {fixture, recorded} from '../support/fake-engine.js';
import {testContext, type TestContext} from '../support/context.js';
import {settle, press, type, dialogOf} from '../support/keys.js';

/** Empties a text dialog's answer with Backspace. */
function clearText(ctx: TestContext): void {
	const {text} = dialogOf(ctx, 'text');
	press(ctx, ...Array.from(text, () => 'backspace'));
	assert.equal(dialogOf(ctx, 'text').text, '');
}

const DAY = 86_400_000;

function image(fields: Partial<ImageSummary> & {id: string}): ImageSummary {
	return {parentId: '', tags: [], digests: [], size: 1_000_000, created: Date.now() - DAY, containers: -1, labels: {}, ...fields};
}

const hex = (character: string): string => `sha256:${character.repeat(64)}`;
const app = image({id: hex('a'), tags: ['team/app:1.0', 'team/app:latest'], size: 50_000_000});
const dangling = image({id: hex('d'), size: 3_000_000});

/** The recorded engine data, with two more images: one with two tags and a dangling one. */
function scene(): TestContext {
	const data = recorded();
	data.images = [...data.images, app, dangling];
	const ctx = testContext(data);
	ctx.engine.jobEvents = fixture<JobEvent[]>('pull-events.json');
	press(ctx, '2');
	assert.equal(ctx.view.get().pane, 'images');
	return ctx;
}

function select(ctx: TestContext, id: string): void {
	ctx.view.change(state => ({...state, selected: {...state.selected, images: id}}));
}

const busybox = (ctx: TestContext): ImageSummary => ctx.model.get().images.find(item => item.tags.includes('berth-test/busybox:latest'))!;

test('p asks for a reference, offering the selected image’s tag', () => {
	const ctx = scene();
	select(ctx, app.id);
	press(ctx, 'p');
	const dialog = dialogOf(ctx, 'text');
	assert.equal(dialog.text, 'team/app:1.0');
	assert.equal(dialog.actionId, 'image.pull');
});

test('p offers the tag of the highlighted image even before the cursor was moved', () => {
	// Only the recorded busybox image: it is the first row, highlighted, though nothing was chosen yet.
	const ctx = testContext(recorded());
	press(ctx, '2', 'p');
	assert.equal(dialogOf(ctx, 'text').text, 'berth-test/busybox:latest');
});

test('pull refuses a reference the parser rejects, naming the field, and pulls nothing', async () => {
	const ctx = scene();
	press(ctx, 'p');
	clearText(ctx);
	// (`UPPER/case` would be read as docker reads it: UPPER names a registry host.)
	type(ctx, 'team/UPPER:case');
	press(ctx, 'enter');
	await settle();
	const dialog = dialogOf(ctx, 'text');
	assert.equal(dialog.error, 'image: team/UPPER:case must be lowercase');
	assert.deepEqual(ctx.engine.calls, []);
	assert.equal(ctx.model.get().jobs.length, 0);
	// Typing clears the message.
	press(ctx, 'backspace');
	assert.equal(dialogOf(ctx, 'text').error, undefined);
	press(ctx, 'escape');
	assert.equal(ctx.view.get().dialog, undefined);
});

test('pull runs as a job fed by the recorded pull, ends done, and selects the pulled image', async () => {
	const ctx = scene();
	const events = ctx.engine.jobEvents;
	const reference = '127.0.0.1:40665/berth-fixture/app:1.0';
	press(ctx, 'p');
	clearText(ctx);
	type(ctx, reference);
	press(ctx, 'enter');
	assert.equal(ctx.view.get().dialog, undefined);
	await settle();
	assert.deepEqual(ctx.engine.calls, [`pull ${reference}`]);
	const jobs = ctx.model.get().jobs;
	assert.equal(jobs.length, 1);
	const [job] = jobs;
	assert.equal(job!.status, 'done');
	assert.equal(job!.title, `pull ${reference}`);
	assert.equal(job!.command, `docker pull ${reference}`);
	assert.ok(job!.ended !== undefined && job!.ended >= job!.started);
	// Every layer the engine named, in the order it first named them, in its last state.
	const layerIds = [...new Set(events.filter(event => event.kind === 'layer').map(event => (event as {id: string}).id))];
	assert.deepEqual(job!.layers.map(layer => layer.id), layerIds);
	for (const layer of job!.layers) {
		const last = events.filter(event => event.kind === 'layer' && event.id === layer.id).at(-1);
		assert.deepEqual(layer.status, (last as {status: string}).status);
	}

	assert.deepEqual(job!.lines, events.filter(event => event.kind === 'line').map(event => (event as {text: string}).text));
	const pulled = ctx.engine.data.images.find(image => image.tags.length > 0)!.id;
	assert.equal(job!.result, `pulled as ${pulled.replace('sha256:', '').slice(0, 12)}`);
	const view = ctx.view.get();
	assert.equal(view.job, job!.id, 'the job is shown over the main area');
	assert.equal(view.selected.images, pulled);
	assert.match(ctx.model.get().notice?.text ?? '', new RegExp(`pull ${reference.replaceAll('.', '\\.')}: pulled as`));

	// Esc closes an ended job's view; the job stays in the Jobs pane.
	press(ctx, 'escape');
	assert.equal(ctx.view.get().job, undefined);
	assert.equal(ctx.model.get().jobs.length, 1);
});

test('Esc while a pull runs cancels it; the job ends cancelled and stays shown until Esc again', async () => {
	const ctx = scene();
	let aborted = false;
	ctx.engine.pullImage = async (reference, control) => {
		ctx.engine.calls.push(`pull ${reference}`);
		control.onEvent({kind: 'layer', id: 'abc123', status: 'Downloading', current: 10, total: 100});
		return new Promise<string>((_resolve, reject) => {
			control.signal.addEventListener('abort', () => {
				aborted = true;
				reject(new Error('aborted'));
			});
		});
	};

	press(ctx, 'p');
	clearText(ctx);
	type(ctx, 'alpine:3.20');
	press(ctx, 'enter');
	await settle();
	const id = ctx.view.get().job;
	assert.ok(id !== undefined);
	assert.equal(ctx.model.get().jobs[0]!.status, 'running');
	assert.equal(ctx.model.get().jobs[0]!.layers[0]!.current, 10);
	press(ctx, 'escape');
	await settle();
	assert.equal(aborted, true, 'the engine call was aborted');
	assert.equal(ctx.model.get().jobs[0]!.status, 'cancelled');
	assert.equal(ctx.view.get().job, id, 'the cancelled job stays on screen to be read');
	assert.equal(ctx.model.get().notice?.level, 'info');
	assert.match(ctx.model.get().notice?.text ?? '', /pull alpine:3\.20: cancelled/);
	press(ctx, 'escape');
	assert.equal(ctx.view.get().job, undefined);
});

test('h hides a running job; it goes on', async () => {
	const ctx = scene();
	let release: (id: string) => void = () => {};
	ctx.engine.pullImage = async () => new Promise<string>(resolve => {
		release = resolve;
	});
	press(ctx, 'p');
	clearText(ctx);
	type(ctx, 'alpine');
	press(ctx, 'enter');
	await settle();
	press(ctx, 'h');
	assert.equal(ctx.view.get().job, undefined);
	assert.equal(ctx.model.get().jobs[0]!.status, 'running');
	release(app.id);
	await settle();
	assert.equal(ctx.model.get().jobs[0]!.status, 'done');
	assert.equal(ctx.view.get().selected.images, app.id);
});

test('a failed pull ends failed with the engine’s reason', async () => {
	const ctx = scene();
	ctx.engine.failures.set('pull', 'pull access denied for nothing/here, repository does not exist');
	press(ctx, 'p');
	clearText(ctx);
	type(ctx, 'nothing/here');
	press(ctx, 'enter');
	await settle();
	const [job] = ctx.model.get().jobs;
	assert.equal(job!.status, 'failed');
	assert.equal(job!.error, 'pull access denied for nothing/here, repository does not exist');
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.match(ctx.model.get().notice?.text ?? '', /pull nothing\/here: pull access denied/);
});

test('t tags the selected image after checking the new name', async () => {
	const ctx = scene();
	select(ctx, app.id);
	press(ctx, 't');
	assert.equal(dialogOf(ctx, 'text').text, 'team/app:1.0');
	clearText(ctx);
	type(ctx, 'Team/App:2');
	press(ctx, 'enter');
	assert.match(dialogOf(ctx, 'text').error ?? '', /^tag: Team\/App:2 /);
	clearText(ctx);
	type(ctx, `team/app@${hex('e')}`);
	press(ctx, 'enter');
	assert.match(dialogOf(ctx, 'text').error ?? '', /^tag: .* names a digest/);
	clearText(ctx);
	type(ctx, 'registry.local:5000/team/app:2.0');
	press(ctx, 'enter');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`tag ${app.id} registry.local:5000/team/app:2.0`]);
	assert.match(ctx.model.get().notice?.text ?? '', /tagged team\/app:1\.0 as registry\.local:5000\/team\/app:2\.0/);
});

test('tag works on one image at a time', async () => {
	const ctx = scene();
	select(ctx, app.id);
	press(ctx, 'space');
	select(ctx, dangling.id);
	press(ctx, 'space');
	press(ctx, 't');
	clearText(ctx);
	type(ctx, 'team/app:2.0');
	press(ctx, 'enter');
	await settle();
	assert.equal(dialogOf(ctx, 'text').error, 'tag works on one image at a time');
	assert.deepEqual(ctx.engine.calls, []);
});

test('d asks to remove; its toggles flip with f and p; each tag is removed in turn', async () => {
	const ctx = scene();
	select(ctx, app.id);
	press(ctx, 'd');
	let dialog = dialogOf(ctx, 'confirm');
	assert.match(dialog.title, /Remove team\/app:1\.0\?/);
	assert.deepEqual(dialog.toggles.map(toggle => [toggle.id, toggle.on]), [['force', false], ['noPrune', false]]);
	press(ctx, 'f', 'p', 'p', 'p');
	dialog = dialogOf(ctx, 'confirm');
	assert.deepEqual(dialog.toggles.map(toggle => [toggle.id, toggle.on]), [['force', true], ['noPrune', true]]);
	assert.deepEqual(ctx.engine.calls, []);
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['rmi team/app:1.0 force=true noPrune=true', 'rmi team/app:latest force=true noPrune=true']);
	assert.match(ctx.model.get().notice?.text ?? '', /removed team\/app:1\.0/);
});

test('n answers no to remove', async () => {
	const ctx = scene();
	press(ctx, 'd', 'n');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, []);
});

test('Space marks images; targetObjects gives the marked ones; remove takes them all and spends the marks', async () => {
	const ctx = scene();
	const keys = viewImages(ctx.model.get(), ctx.view.get()).map(item => item.id);
	assert.equal(keys.length, 3);
	// Mark the first and the last row by moving the cursor as a user does.
	press(ctx, 'g', 'space', 'G', 'space');
	const marked = ctx.view.get().marked.images;
	assert.deepEqual([...marked].sort(), [keys[0], keys[2]].sort());
	assert.deepEqual(targetObjects(ctx.model.get(), ctx.view.get(), 'image').map(item => item.id).sort(), [keys[0], keys[2]].sort());
	assert.equal(ctx.view.get().marked.containers.size, 0, 'marks belong to their pane');
	press(ctx, 'd');
	assert.match(dialogOf(ctx, 'confirm').title, /^Remove .*, .*\?$/);
	press(ctx, 'y');
	await settle();
	const expected = [keys[0]!, keys[2]!].flatMap(id => {
		const item = ctx.model.get().images.find(candidate => candidate.id === id)!;
		return (item.tags.length > 0 ? item.tags : [item.id]).map(name => `rmi ${name} force=false noPrune=false`);
	});
	assert.deepEqual([...ctx.engine.calls].sort(), expected.sort());
	assert.equal(ctx.view.get().marked.images.size, 0);
	// Space again unmarks.
	press(ctx, 'space', 'space');
	assert.equal(ctx.view.get().marked.images.size, 0);
});

test('a dangling image is removed by its id', async () => {
	const ctx = scene();
	select(ctx, dangling.id);
	press(ctx, 'd', 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`rmi ${dangling.id} force=false noPrune=false`]);
});

test('a refused removal says why, naming the image', async () => {
	const ctx = scene();
	ctx.engine.failures.set('rmi', 'conflict: unable to remove repository reference "berth-test/busybox:latest" (must force) - container 123 is using its referenced image 2d3256143350');
	select(ctx, busybox(ctx).id);
	press(ctx, 'd', 'y');
	await settle();
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.match(ctx.model.get().notice?.text ?? '', /^remove berth-test\/busybox:latest: conflict: unable to remove/);
	assert.equal(ctx.model.get().busy.size, 0);
});

test('X asks which images to prune, lists the candidates, and y prunes them', async () => {
	const ctx = scene();
	ctx.engine.pruneCandidates = [dangling];
	press(ctx, 'X');
	const choice = dialogOf(ctx, 'choice');
	assert.deepEqual(choice.choices.map(item => item.value), ['dangling', 'all']);
	assert.equal(choice.filter, undefined, 'a short list: digits pick');
	press(ctx, 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['prune-list all=false']);
	const confirm = dialogOf(ctx, 'confirm');
	assert.equal(confirm.actionId, 'image.prune.confirm');
	assert.match(confirm.title, /Remove these 1 dangling images \(3(\.0)? ?MB\)\?/);
	assert.equal(confirm.lines?.length, 1);
	assert.match(confirm.lines![0]!, /^dddddddddddd {2}3(\.0)? ?MB$/);
	assert.deepEqual(confirm.toggles.map(toggle => [toggle.id, toggle.on]), [['all', false]]);
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['prune-list all=false', 'prune all=false']);
	assert.match(ctx.model.get().notice?.text ?? '', /^pruned 1 image, reclaimed 3(\.0)? ?MB$/);
});

test('prune of all unused images: picked by digit, listed, and n prunes nothing', async () => {
	const ctx = scene();
	ctx.engine.pruneCandidates = [app, dangling];
	press(ctx, 'X', '2');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['prune-list all=true']);
	const confirm = dialogOf(ctx, 'confirm');
	assert.match(confirm.title, /Remove these 2 unused images/);
	assert.deepEqual(confirm.lines?.map(line => line.split('  ')[0]), ['team/app:1.0', 'dddddddddddd']);
	assert.equal(confirm.toggles[0]!.on, true);
	press(ctx, 'n');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['prune-list all=true']);
	assert.equal(ctx.view.get().dialog, undefined);
});

test('the prune confirmation’s toggle changes what is pruned', async () => {
	const ctx = scene();
	ctx.engine.pruneCandidates = [dangling];
	press(ctx, 'X', 'enter');
	await settle();
	press(ctx, 'a', 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['prune-list all=false', 'prune all=true']);
});

test('with nothing to prune, X says so and asks nothing more', async () => {
	const ctx = scene();
	press(ctx, 'X', 'enter');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.match(ctx.model.get().notice?.text ?? '', /no dangling images to prune/);
	assert.deepEqual(ctx.engine.calls, ['prune-list all=false']);
});

test('R browses a registry: host, then a filterable list of repositories, then tags, then a pull job', async () => {
	const ctx = scene();
	press(ctx, 'R');
	press(ctx, 'enter');
	assert.match(dialogOf(ctx, 'text').error ?? '', /^registry: /, 'a host is required');
	type(ctx, 'reg.local:5000/path');
	press(ctx, 'enter');
	assert.match(dialogOf(ctx, 'text').error ?? '', /^registry: /, 'a host, not a path');
	clearText(ctx);
	type(ctx, '127.0.0.1:5000');
	press(ctx, 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['catalog 127.0.0.1:5000']);
	let choice = dialogOf(ctx, 'choice');
	assert.equal(choice.filter, '');
	assert.deepEqual(shownChoices(choice).map(item => item.label), ['team/app', 'team/db']);

	// Typing narrows the list; digits and j/k are text here.
	type(ctx, 'd');
	choice = dialogOf(ctx, 'choice');
	assert.equal(choice.filter, 'd');
	assert.deepEqual(shownChoices(choice).map(item => item.label), ['team/db']);
	type(ctx, '1');
	choice = dialogOf(ctx, 'choice');
	assert.equal(choice.filter, 'd1', 'a digit is text, not a pick');
	assert.deepEqual(shownChoices(choice), []);
	press(ctx, 'enter');
	assert.equal(ctx.view.get().dialog, choice, 'Enter with nothing shown picks nothing');
	type(ctx, 'j');
	assert.equal(dialogOf(ctx, 'choice').filter, 'd1j');
	press(ctx, 'backspace', 'backspace');
	choice = dialogOf(ctx, 'choice');
	assert.equal(choice.filter, 'd');
	assert.equal(choice.index, 0);
	assert.deepEqual(ctx.engine.calls, ['catalog 127.0.0.1:5000'], 'nothing picked yet');
	press(ctx, 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['catalog 127.0.0.1:5000', 'tags 127.0.0.1:5000 team/db']);
	choice = dialogOf(ctx, 'choice');
	assert.match(choice.title, /127\.0\.0\.1:5000\/team\/db/);
	assert.deepEqual(choice.choices.map(item => item.label), ['1.0', 'latest']);
	press(ctx, 'down', 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls.at(-1), 'pull 127.0.0.1:5000/team/db:latest');
	const [job] = ctx.model.get().jobs;
	assert.equal(job!.title, 'pull 127.0.0.1:5000/team/db:latest');
	assert.equal(job!.status, 'done');
	assert.equal(ctx.view.get().job, job!.id);
});

test('the repository filter ignores case and ↑↓ wrap within the narrowed list', () => {
	const ctx = scene();
	press(ctx, 'R');
	type(ctx, '127.0.0.1:5000');
	press(ctx, 'enter');
	return settle().then(() => {
		type(ctx, 'TEAM');
		assert.equal(shownChoices(dialogOf(ctx, 'choice')).length, 2);
		press(ctx, 'down');
		assert.equal(dialogOf(ctx, 'choice').index, 1);
		press(ctx, 'down');
		assert.equal(dialogOf(ctx, 'choice').index, 0);
		press(ctx, 'up');
		assert.equal(dialogOf(ctx, 'choice').index, 1);
	});
});

test('i opens the login form: the password is a secret field, and a missing user is refused in the form', async () => {
	const ctx = scene();
	press(ctx, 'i');
	let dialog = dialogOf(ctx, 'form');
	assert.deepEqual(dialog.fields.map(field => [field.id, field.kind]), [['registry', 'text'], ['username', 'text'], ['password', 'secret']]);
	type(ctx, '127.0.0.1:5000');
	press(ctx, 'tab', 'tab');
	type(ctx, 's3cret pw');
	press(ctx, 'ctrl+s');
	dialog = dialogOf(ctx, 'form');
	assert.equal(dialog.attempted, true);
	assert.equal(dialog.index, 1);
	assert.equal(dialog.errors['username'], 'user: a user name is required');
	assert.deepEqual(ctx.engine.calls, []);
	type(ctx, 'alice');
	// Enter on the last field submits.
	press(ctx, 'tab', 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['login 127.0.0.1:5000 alice']);
	assert.equal(ctx.view.get().dialog, undefined);
	assert.match(ctx.model.get().notice?.text ?? '', /logged in to 127\.0\.0\.1:5000/);
});

test('a refused login keeps the form with the reason', async () => {
	const ctx = scene();
	ctx.engine.failures.set('login', 'login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized');
	press(ctx, 'i');
	type(ctx, '127.0.0.1:5000');
	press(ctx, 'tab');
	type(ctx, 'alice');
	press(ctx, 'tab');
	type(ctx, 'wrong');
	press(ctx, 'ctrl+s');
	await settle();
	const dialog = dialogOf(ctx, 'form');
	assert.match(dialog.refusal ?? '', /401 Unauthorized/);
	assert.equal(dialog.fields[2]!.text, 'wrong');
});

test('S saves to a tar file; an existing file is refused unless overwrite is ticked', async () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'berth-save-'));
	const existing = path.join(directory, 'images.tar');
	writeFileSync(existing, '');
	const ctx = scene();
	select(ctx, app.id);
	press(ctx, 'S');
	let dialog = dialogOf(ctx, 'form');
	assert.equal(dialog.errors['file'], 'file: a path is required');
	type(ctx, existing);
	dialog = dialogOf(ctx, 'form');
	assert.equal(dialog.errors['file'], `file: ${existing} exists; tick overwrite to replace it`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, []);
	assert.equal(dialogOf(ctx, 'form').attempted, true);
	assert.equal(dialogOf(ctx, 'form').index, 0);
	press(ctx, 'tab', 'space');
	assert.deepEqual(dialogOf(ctx, 'form').errors, {});
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`save ${existing} overwrite=true team/app:1.0 team/app:latest`]);
	const [job] = ctx.model.get().jobs;
	assert.equal(job!.status, 'done');
	assert.equal(job!.command, `docker save -o ${existing} team/app:1.0 team/app:latest`);
});

test('save refuses a file in a directory that does not exist', () => {
	const ctx = scene();
	press(ctx, 'S');
	type(ctx, '/no/such/dir/images.tar');
	assert.equal(dialogOf(ctx, 'form').errors['file'], 'file: /no/such/dir does not exist');
});

test('o cycles the image sort and O reverses it', () => {
	const ctx = scene();
	assert.deepEqual(ctx.view.get().imageSort, {column: 'name', reverse: false});
	press(ctx, 'o');
	assert.deepEqual(ctx.view.get().imageSort, {column: 'size', reverse: false});
	assert.equal(viewImages(ctx.model.get(), ctx.view.get())[0]!.id, app.id, 'largest first');
	press(ctx, 'O');
	assert.deepEqual(ctx.view.get().imageSort, {column: 'size', reverse: true});
	assert.equal(viewImages(ctx.model.get(), ctx.view.get()).at(-1)!.id, app.id);
	press(ctx, 'o', 'o');
	assert.deepEqual(ctx.view.get().imageSort, {column: 'name', reverse: false});
});
