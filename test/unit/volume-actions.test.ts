import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {VolumeCreateOptions, VolumeSummary} from '../../source/engine/types.js';
import {recorded} from '../support/fake-engine.js';
import {testContext, type TestContext} from '../support/context.js';
import {settle, press, type, dialogOf, form, goTo} from '../support/keys.js';

/** Empties the field with Ctrl-U and types `text` into it. */
function fill(ctx: TestContext, id: string, text: string): void {
	goTo(ctx, id);
	press(ctx, 'ctrl+u');
	type(ctx, text);
}

function text(ctx: TestContext, id: string): string {
	return form(ctx).fields.find(field => field.id === id)!.text;
}

const DB = 'berth-fixture-shop_db-data';
const scratch: VolumeSummary = {name: 'scratch-1', driver: 'local', mountpoint: '/var/lib/docker/volumes/scratch-1/_data', scope: 'local', labels: {}};

/** The recorded engine data, with one more volume that no container mounts, in the volumes pane. */
function scene(): TestContext {
	const data = recorded();
	data.volumes = [...data.volumes, scratch];
	const ctx = testContext(data);
	press(ctx, '3');
	assert.equal(ctx.view.get().pane, 'volumes');
	return ctx;
}

function select(ctx: TestContext, name: string): void {
	ctx.view.change(state => ({...state, selected: {...state.selected, volumes: name}}));
}

function tempDir(): string {
	return mkdtempSync(path.join(tmpdir(), 'berth-volume-actions-'));
}

// ---------------------------------------------------------------------------------------------
// Create

test('n opens the create form: name, driver local, driver options, labels; valid when empty', () => {
	const ctx = scene();
	press(ctx, 'n');
	const dialog = form(ctx);
	assert.equal(dialog.actionId, 'volume.create');
	assert.deepEqual(
		dialog.fields.map(field => [field.id, field.kind, field.text]),
		[
			['name', 'text', ''],
			['driver', 'text', 'local'],
			['options', 'list', ''],
			['labels', 'list', ''],
		],
	);
	assert.deepEqual(dialog.errors, {});
	assert.equal(dialog.preview, 'docker volume create');
});

test('the create form checks the name, driver options and labels as they are typed, and calls nothing while wrong', async () => {
	const ctx = scene();
	press(ctx, 'n');
	type(ctx, 'x');
	assert.match(form(ctx).errors['name'] ?? '', /^name: x is not a volume name/);
	fill(ctx, 'name', '-data');
	assert.match(form(ctx).errors['name'] ?? '', /^name: -data is not a volume name/);
	fill(ctx, 'name', 'da ta');
	assert.match(form(ctx).errors['name'] ?? '', /^name: da ta is not a volume name/);
	fill(ctx, 'name', DB);
	assert.equal(form(ctx).errors['name'], `name: a volume named ${DB} already exists`);
	fill(ctx, 'name', 'data-1');
	assert.equal(form(ctx).errors['name'], undefined);

	fill(ctx, 'labels', '=orphan');
	assert.equal(form(ctx).errors['labels'], 'labels: =orphan has no key (use key=value)');
	assert.equal(form(ctx).preview, undefined, 'no command line for a wrong form');
	fill(ctx, 'options', '=tmpfs');
	assert.equal(form(ctx).errors['options'], 'driver options: =tmpfs has no key (use key=value)');
	fill(ctx, 'driver', 'no good');
	assert.match(form(ctx).errors['driver'] ?? '', /^driver: no good is not a driver name/);

	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).attempted, true);
	assert.equal(form(ctx).fields[form(ctx).index]!.id, 'driver', 'the cursor goes to the first wrong field');
	assert.deepEqual(ctx.engine.calls, [], 'nothing is called while the form is wrong');
});

test('a valid create form shows its docker line, creates the volume with every option, and selects it', async () => {
	const ctx = scene();
	let asked: VolumeCreateOptions | undefined;
	const create = ctx.engine.createVolume.bind(ctx.engine);
	ctx.engine.createVolume = async options => {
		asked = options;
		return create(options);
	};

	press(ctx, 'n');
	type(ctx, 'data-1');
	fill(ctx, 'options', 'type=tmpfs\ndevice=tmpfs');
	fill(ctx, 'labels', 'team=web\nnote=a b');
	assert.deepEqual(form(ctx).errors, {});
	assert.equal(form(ctx).preview, "docker volume create --opt type=tmpfs --opt device=tmpfs --label team=web --label 'note=a b' data-1");
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined, 'the form closes once the volume is made');
	assert.deepEqual(ctx.engine.calls, ['volume-create data-1 local team=web note=a b']);
	assert.deepEqual(asked, {name: 'data-1', driver: 'local', driverOptions: {type: 'tmpfs', device: 'tmpfs'}, labels: {team: 'web', note: 'a b'}});
	assert.equal(ctx.view.get().selected.volumes, 'data-1');
	assert.equal(ctx.model.get().notice?.text, 'created volume data-1');
});

test('another driver goes on the docker line; an empty name lets the engine pick one', async () => {
	const ctx = scene();
	press(ctx, 'n');
	fill(ctx, 'driver', 'rexray/ebs');
	assert.equal(form(ctx).preview, 'docker volume create --driver rexray/ebs');
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['volume-create  rexray/ebs']);
	assert.equal(ctx.view.get().selected.volumes, 'anonymous', 'the name the engine answered with is selected');
});

test('an engine refusal keeps the create form open, filled, with the reason', async () => {
	const ctx = scene();
	ctx.engine.failures.set('volume-create', 'volume data-1 already exists');
	press(ctx, 'n');
	type(ctx, 'data-1');
	fill(ctx, 'labels', 'team=web');
	press(ctx, 'ctrl+s');
	await settle();
	const dialog = form(ctx);
	assert.equal(dialog.refusal, 'volume data-1 already exists');
	assert.equal(dialog.busy, undefined);
	assert.equal(text(ctx, 'name'), 'data-1');
	assert.equal(text(ctx, 'labels'), 'team=web');
	assert.equal(ctx.view.get().selected.volumes, undefined, 'nothing new to select');
});

// ---------------------------------------------------------------------------------------------
// Remove

test('d asks before removing, says which volumes are in use, and removes with force when ticked', async () => {
	const ctx = scene();
	select(ctx, DB);
	press(ctx, 'd');
	let dialog = dialogOf(ctx, 'confirm');
	assert.equal(dialog.actionId, 'volume.remove');
	assert.equal(dialog.title, `Remove ${DB}?`);
	assert.deepEqual(dialog.lines, [`${DB}: in use by berth-shop-db-1 (it will be refused)`]);
	assert.deepEqual(dialog.toggles.map(toggle => [toggle.key, toggle.on]), [['f', false]]);
	press(ctx, 'f');
	dialog = dialogOf(ctx, 'confirm');
	assert.equal(dialog.toggles[0]!.on, true);
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`volume-rm ${DB} force=true`]);
	assert.equal(ctx.model.get().notice?.text, `removed ${DB}`);
});

test('n at the remove question removes nothing', async () => {
	const ctx = scene();
	select(ctx, 'scratch-1');
	press(ctx, 'd');
	assert.equal(dialogOf(ctx, 'confirm').lines, undefined, 'an unused volume needs no warning');
	press(ctx, 'n');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, []);
});

test('d removes every marked volume, then clears the marks', async () => {
	const ctx = scene();
	select(ctx, DB);
	press(ctx, 'space');
	select(ctx, 'scratch-1');
	press(ctx, 'space');
	press(ctx, 'd');
	assert.equal(dialogOf(ctx, 'confirm').title, `Remove ${DB}, scratch-1?`);
	press(ctx, 'enter');
	await settle();
	assert.deepEqual([...ctx.engine.calls].sort(), [`volume-rm ${DB} force=false`, 'volume-rm scratch-1 force=false']);
	assert.equal(ctx.view.get().marked.volumes.size, 0);
});

test('the engine’s reason for keeping a volume in use is the notice', async () => {
	const ctx = scene();
	ctx.engine.failures.set('volume-rm', `volume ${DB} is in use by container berth-shop-db-1 (remove them first)`);
	select(ctx, DB);
	press(ctx, 'd', 'y');
	await settle();
	const notice = ctx.model.get().notice;
	assert.equal(notice?.level, 'error');
	assert.equal(notice?.text, `remove ${DB}: volume ${DB} is in use by container berth-shop-db-1 (remove them first)`);
});

// ---------------------------------------------------------------------------------------------
// Prune

test('X with nothing to prune says so and asks nothing', async () => {
	const ctx = scene();
	press(ctx, 'X');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, ['volume-prune-list']);
	assert.equal(ctx.model.get().notice?.text, 'no unused volumes to prune');
});

test('X lists the volumes a prune removes with their sizes when known; y prunes and says what it reclaimed', async () => {
	const ctx = scene();
	const anonymous: VolumeSummary = {...scratch, name: 'a'.repeat(64)};
	ctx.engine.volumesPruneCandidates = [scratch, anonymous];
	ctx.engine.volumeUsage = async () => new Map([['scratch-1', {size: 12_345_678, refCount: 0}], [anonymous.name, {size: -1, refCount: 0}]]);
	ctx.engine.pruneVolumes = async () => {
		ctx.engine.calls.push('volume-prune');
		return {deleted: ['scratch-1', anonymous.name], spaceReclaimed: 12_345_678};
	};

	press(ctx, 'X');
	await settle();
	const dialog = dialogOf(ctx, 'confirm');
	assert.equal(dialog.actionId, 'volume.prune.confirm');
	assert.equal(dialog.title, 'Remove these 2 unused volumes (12.35MB known)?');
	assert.deepEqual(dialog.lines, ['scratch-1  local  12.35MB', `${anonymous.name}  local`]);
	assert.deepEqual(ctx.engine.calls, ['volume-prune-list'], 'listing removes nothing');
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['volume-prune-list', 'volume-prune']);
	assert.equal(ctx.model.get().notice?.text, 'pruned 2 volumes, reclaimed 12.35MB');
});

test('Esc at the prune list prunes nothing; sizes that cannot be had are left out', async () => {
	const ctx = scene();
	ctx.engine.volumesPruneCandidates = [scratch];
	ctx.engine.failures.set('volume-usage', 'disk usage is busy');
	press(ctx, 'X');
	await settle();
	const dialog = dialogOf(ctx, 'confirm');
	assert.equal(dialog.title, 'Remove these 1 unused volume?');
	assert.deepEqual(dialog.lines, ['scratch-1  local']);
	press(ctx, 'escape');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.ok(!ctx.engine.calls.includes('volume-prune'));
});

test('a failed prune shows the engine’s reason', async () => {
	const ctx = scene();
	ctx.engine.volumesPruneCandidates = [scratch];
	ctx.engine.failures.set('volume-prune', 'a prune operation is already running');
	press(ctx, 'X');
	await settle();
	press(ctx, 'y');
	await settle();
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.match(ctx.model.get().notice?.text ?? '', /a prune operation is already running/);
});

// ---------------------------------------------------------------------------------------------
// Back up

test('B backs up to a tar file as a job that ends done, refusing an existing file unless overwrite', async () => {
	const ctx = scene();
	const dir = tempDir();
	const file = path.join(dir, 'db.tar');
	writeFileSync(file, 'old');
	select(ctx, DB);
	press(ctx, 'B');
	assert.equal(form(ctx).actionId, 'volume.backup');
	assert.equal(text(ctx, 'file'), `${DB}.tar`, 'offered a file named after the volume');
	fill(ctx, 'file', '');
	press(ctx, 'ctrl+s');
	assert.equal(form(ctx).errors['file'], 'file: a path is required');
	type(ctx, path.join(dir, 'missing', 'db.tar'));
	assert.equal(form(ctx).errors['file'], `file: ${path.join(dir, 'missing')} does not exist`);
	fill(ctx, 'file', dir);
	assert.equal(form(ctx).errors['file'], `file: ${dir} is a folder`);
	fill(ctx, 'file', file);
	assert.equal(form(ctx).errors['file'], `file: ${file} exists; tick overwrite to replace it`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, [], 'nothing is called while the form is wrong');
	goTo(ctx, 'overwrite');
	press(ctx, 'space');
	assert.deepEqual(form(ctx).errors, {});
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`volume-backup ${DB} ${file} overwrite=true`]);
	const [job] = ctx.model.get().jobs;
	assert.equal(job!.status, 'done');
	assert.equal(job!.title, `back up ${DB}`);
	assert.equal(job!.result, `saved to ${file}`);
	// What berth does, as the docker CLI would: a helper container created (never started) from
	// the image of a container using the volume, and `docker cp` of the volume's root as a tar.
	assert.equal(
		job!.command,
		`c=$(docker container create --network none --mount type=volume,src=${DB},dst=/berth-volume,volume-nocopy,readonly berth-test/busybox /berth-volume-helper) && docker cp "$c:/berth-volume/." - > ${file}; docker rm -fv "$c"`,
	);
	assert.equal(ctx.view.get().job, job!.id, 'the job is shown');
});

test('a backup that fails ends failed with the engine’s reason', async () => {
	const ctx = scene();
	const file = path.join(tempDir(), 'scratch.tar');
	ctx.engine.failures.set('volume-backup', 'there are no images on unix:///var/run/docker.sock: reading or writing a volume’s files needs one');
	select(ctx, 'scratch-1');
	press(ctx, 'B');
	fill(ctx, 'file', file);
	press(ctx, 'ctrl+s');
	await settle();
	const [job] = ctx.model.get().jobs;
	assert.equal(job!.status, 'failed');
	assert.match(job!.error ?? '', /there are no images/);
	assert.equal(ctx.model.get().notice?.level, 'error');
});

test('backup works on one volume at a time: with two marked, the form says so and nothing runs', async () => {
	const ctx = scene();
	select(ctx, DB);
	press(ctx, 'space');
	select(ctx, 'scratch-1');
	press(ctx, 'space');
	press(ctx, 'B');
	fill(ctx, 'file', path.join(tempDir(), 'both.tar'));
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).refusal, 'back up works on one volume at a time (unmark the others)');
	assert.deepEqual(ctx.engine.calls, []);
	assert.equal(ctx.model.get().jobs.length, 0);
});

// ---------------------------------------------------------------------------------------------
// Restore

test('R restores from an existing file into an empty volume as a job that ends done', async () => {
	const ctx = scene();
	const file = path.join(tempDir(), 'backup.tar');
	writeFileSync(file, 'tar');
	select(ctx, 'scratch-1');
	press(ctx, 'R');
	assert.equal(form(ctx).actionId, 'volume.restore');
	type(ctx, `${file}.nope`);
	assert.equal(form(ctx).errors['file'], `file: ${file}.nope does not exist`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, []);
	fill(ctx, 'file', file);
	assert.deepEqual(form(ctx).errors, {});
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, ['volume-empty scratch-1', `volume-restore scratch-1 ${file} replace=false`]);
	const [job] = ctx.model.get().jobs;
	assert.equal(job!.status, 'done');
	assert.equal(job!.title, 'restore scratch-1');
	assert.match(job!.command, /docker cp - "\$c:\/berth-volume" < /);
	assert.doesNotMatch(job!.command, /readonly/);
});

test('restoring into a volume that is not empty is refused unless replace is ticked, and replacing asks once more', async () => {
	const ctx = scene();
	ctx.engine.volumeEmpty = false;
	const file = path.join(tempDir(), 'backup.tar');
	writeFileSync(file, 'tar');
	select(ctx, DB);
	press(ctx, 'R');
	type(ctx, file);
	press(ctx, 'ctrl+s');
	await settle();
	let dialog = form(ctx);
	assert.equal(dialog.refusal, `volume ${DB} is not empty: tick replace to empty it first, or restore into an empty volume`);
	assert.equal(text(ctx, 'file'), file, 'the form stays filled');
	assert.deepEqual(ctx.engine.calls, [`volume-empty ${DB}`]);
	assert.equal(ctx.model.get().jobs.length, 0);

	goTo(ctx, 'replace');
	press(ctx, 'space');
	press(ctx, 'ctrl+s');
	await settle();
	const confirm = ctx.view.get().dialog;
	assert.equal(confirm?.kind, 'confirm', 'erasing the volume is confirmed first');
	assert.match(confirm?.title ?? '', new RegExp(`^Erase everything in ${DB}, then restore`));
	assert.deepEqual(ctx.engine.calls, [`volume-empty ${DB}`, `volume-empty ${DB}`], 'nothing restored before the yes');
	press(ctx, 'y');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`volume-empty ${DB}`, `volume-empty ${DB}`, `volume-restore ${DB} ${file} replace=true`]);
	const [job] = ctx.model.get().jobs;
	assert.equal(job!.status, 'done');
	assert.equal(job!.result, `restored from ${file} (emptied first)`);
	assert.match(job!.command, new RegExp(`^docker volume rm ${DB} && docker volume create --label berth\\.test=`));
});

test('a restore the engine refuses ends failed with its reason', async () => {
	const ctx = scene();
	const file = path.join(tempDir(), 'backup.tar');
	writeFileSync(file, 'not a tar');
	ctx.engine.failures.set('volume-restore', `${file} is not a tar file`);
	select(ctx, 'scratch-1');
	press(ctx, 'R');
	type(ctx, file);
	press(ctx, 'ctrl+s');
	await settle();
	const [job] = ctx.model.get().jobs;
	assert.equal(job!.status, 'failed');
	assert.equal(job!.error, `${file} is not a tar file`);
});
