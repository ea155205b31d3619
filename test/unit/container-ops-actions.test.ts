// The container operations and the logs tab's range and save, through the keys a user presses:
// forms checked as typed, the engine called only with valid ones, and its refusals kept in the form.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {CommitOptions, ContainerSummary, SaveLogsOptions} from '../../source/engine/types.js';
import {diffLines} from '../../source/ui/main/DiffTab.js';
import {fixture, recorded} from '../support/fake-engine.js';
import {testContext, type TestContext} from '../support/context.js';
import type {ContainerDetails, FileChange} from '../../source/engine/types.js';
import {dockerPortLines} from '../../source/format/port-lines.js';
import {containerInspectLines} from '../../source/ui/main/inspect-lines.js';
import {settle, press, type, form} from '../support/keys.js';

function text(ctx: TestContext, id: string): string {
	const field = form(ctx).fields.find(item => item.id === id);
	assert.ok(field, `the form has a ${id} field`);
	return field.text;
}

/** Moves to a field with Tab and replaces what it holds with `value` (a toggle is set with Space). */
function fill(ctx: TestContext, id: string, value: string): void {
	const target = form(ctx).fields.findIndex(field => field.id === id);
	assert.notEqual(target, -1, `the form has a ${id} field`);
	let guard = 0;
	while (form(ctx).index !== target) {
		press(ctx, 'tab');
		assert.ok(++guard < 50, `Tab never reaches ${id}`);
	}

	if (form(ctx).fields[target]!.kind === 'toggle') {
		if (text(ctx, id) !== value) {
			press(ctx, 'space');
		}

		return;
	}

	press(ctx, 'ctrl+u');
	const lines = value.split('\n');
	for (const [index, line] of lines.entries()) {
		type(ctx, line);
		if (index < lines.length - 1) {
			press(ctx, 'enter');
		}
	}

	assert.equal(text(ctx, id), value);
}

function scene(): TestContext {
	return testContext(recorded());
}

function container(ctx: TestContext, name: string): ContainerSummary {
	const found = [...ctx.model.get().containers.values()].find(item => item.name === name);
	assert.ok(found, `the recorded containers have ${name}`);
	return found;
}

function select(ctx: TestContext, name: string): ContainerSummary {
	const chosen = container(ctx, name);
	ctx.view.change(state => ({...state, selected: {...state.selected, containers: chosen.id}}));
	return chosen;
}

function folder(): string {
	return mkdtempSync(path.join(tmpdir(), 'berth-ops-actions-'));
}

const notice = (ctx: TestContext): string => ctx.model.get().notice?.text ?? '';

// ---------------------------------------------------------------------------------------------
// Commit

test('M opens the commit form for the selected container: pause on by default, nothing called yet', () => {
	const ctx = scene();
	select(ctx, 'berth-shop-web-1');
	press(ctx, 'M');
	const dialog = form(ctx);
	assert.equal(dialog.actionId, 'container.commit');
	assert.deepEqual(
		dialog.fields.map(field => [field.id, field.kind, field.text]),
		[
			['repository', 'text', ''],
			['tag', 'text', ''],
			['message', 'text', ''],
			['author', 'text', ''],
			['pause', 'toggle', 'true'],
			['changes', 'list', ''],
		],
	);
	assert.equal(dialog.errors['repository'], 'repository: a repository is required (e.g. team/app)');
	assert.deepEqual(ctx.engine.calls, []);
});

test('commit refuses a bad repository, a digest, a bad tag and a RUN change as typed, and calls nothing', async () => {
	const ctx = scene();
	select(ctx, 'berth-shop-web-1');
	press(ctx, 'M');
	fill(ctx, 'repository', 'team/App');
	assert.match(form(ctx).errors['repository'] ?? '', /^repository: team\/App /);
	fill(ctx, 'repository', `team/app@sha256:${'a'.repeat(64)}`);
	assert.match(form(ctx).errors['repository'] ?? '', /^repository: .* names a digest/);
	fill(ctx, 'repository', 'team/app');
	assert.equal(form(ctx).errors['repository'], undefined);
	fill(ctx, 'tag', '-bad');
	assert.match(form(ctx).errors['tag'] ?? '', /^tag: -bad is not a tag/);
	fill(ctx, 'tag', 'v1');
	fill(ctx, 'changes', 'ENV A=1\nRUN x');
	assert.match(form(ctx).errors['changes'] ?? '', /^changes: "RUN x": RUN is not allowed in a commit change/);
	assert.equal(form(ctx).preview, undefined);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).index, form(ctx).fields.findIndex(field => field.id === 'changes'), 'the first wrong field is shown');
	assert.deepEqual(ctx.engine.calls, []);
});

test('a valid commit previews docker commit, commits, selects the new image in the images pane and says so', async () => {
	const ctx = scene();
	const web = select(ctx, 'berth-shop-web-1');
	const seen: CommitOptions[] = [];
	const commit = ctx.engine.commitContainer.bind(ctx.engine);
	ctx.engine.commitContainer = async (id, options) => {
		seen.push(options);
		return commit(id, options);
	};

	press(ctx, 'M');
	fill(ctx, 'repository', 'team/app');
	fill(ctx, 'tag', 'v1');
	fill(ctx, 'message', 'add motd');
	fill(ctx, 'author', 'Ann <ann@example.com>');
	fill(ctx, 'pause', 'false');
	fill(ctx, 'changes', 'env A=1\nCMD ["sh"]');
	assert.deepEqual(form(ctx).errors, {});
	assert.equal(
		form(ctx).preview,
		`docker commit --author 'Ann <ann@example.com>' --message 'add motd' --change 'ENV A=1' --change 'CMD ["sh"]' --pause=false berth-shop-web-1 team/app:v1`,
	);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`commit ${web.id} team/app:v1 ENV A=1 CMD ["sh"]`]);
	assert.deepEqual(seen, [{repository: 'team/app', tag: 'v1', message: 'add motd', author: 'Ann <ann@example.com>', pause: false, changes: ['ENV A=1', 'CMD ["sh"]']}]);
	const view = ctx.view.get();
	assert.equal(view.selected.images, 'sha256:committed');
	assert.equal(view.pane, 'containers', 'the pane stays');
	assert.match(notice(ctx), /^committed berth-shop-web-1 as team\/app:v1 \(committed\); selected in the images pane/);
});

test('a tag in the repository field is used when the tag field is empty; pause stays on', async () => {
	const ctx = scene();
	select(ctx, 'berth-killed');
	const seen: CommitOptions[] = [];
	ctx.engine.commitContainer = async (_id, options) => {
		seen.push(options);
		return 'sha256:made';
	};

	press(ctx, 'M');
	fill(ctx, 'repository', '127.0.0.1:5000/team/app:2.0');
	assert.equal(form(ctx).preview, 'docker commit berth-killed 127.0.0.1:5000/team/app:2.0');
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(seen, [{repository: '127.0.0.1:5000/team/app', tag: '2.0', pause: true, changes: []}]);
});

test('an engine refusal of a commit keeps the form filled, with the reason', async () => {
	const ctx = scene();
	const web = select(ctx, 'berth-shop-web-1');
	ctx.engine.failures.set('commit', 'cannot commit berth-shop-web-1: no space left on device');
	press(ctx, 'M');
	fill(ctx, 'repository', 'team/app');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).refusal, 'cannot commit berth-shop-web-1: no space left on device');
	assert.equal(text(ctx, 'repository'), 'team/app');
	assert.deepEqual(ctx.engine.calls, [`commit ${web.id} team/app:latest`]);
	assert.equal(ctx.view.get().selected.images, undefined);
});

test('commit works on one container: with two marked it says so and opens nothing', async () => {
	const ctx = scene();
	const a = container(ctx, 'berth-shop-web-1');
	const b = container(ctx, 'berth-shop-db-1');
	ctx.view.change(state => ({...state, marked: {...state.marked, containers: new Set([a.id, b.id])}}));
	press(ctx, 'M');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.match(notice(ctx), /^commit works on one container/);
	assert.deepEqual(ctx.engine.calls, []);
});

// ---------------------------------------------------------------------------------------------
// Export

test('T exports the filesystem to a tar as a job with bytes progress; an existing file needs overwrite', async () => {
	const ctx = scene();
	const db = select(ctx, 'berth-shop-db-1');
	ctx.engine.jobEvents = [
		{kind: 'bytes', current: 1024},
		{kind: 'bytes', current: 4096},
	];
	const dir = folder();
	const file = path.join(dir, 'db.tar');
	writeFileSync(file, 'old');
	press(ctx, 'T');
	assert.equal(form(ctx).actionId, 'container.export');
	fill(ctx, 'file', path.join(dir, 'missing', 'db.tar'));
	assert.equal(form(ctx).errors['file'], `file: ${path.join(dir, 'missing')} does not exist`);
	fill(ctx, 'file', file);
	assert.equal(form(ctx).errors['file'], `file: ${file} exists; tick overwrite to replace it`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, [], 'nothing is called while the form is wrong');
	fill(ctx, 'overwrite', 'true');
	assert.deepEqual(form(ctx).errors, {});
	assert.equal(form(ctx).preview, `docker export -o ${file} berth-shop-db-1`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`export ${db.id} ${file} overwrite=true`]);
	const [job] = ctx.model.get().jobs;
	assert.equal(job?.title, 'export berth-shop-db-1');
	assert.equal(job?.command, `docker export -o ${file} berth-shop-db-1`);
	assert.equal(job?.status, 'done');
	assert.deepEqual(job?.bytes, {current: 4096, total: undefined});
	assert.equal(job?.result, `exported to ${file}`);
	assert.equal(ctx.view.get().job, job?.id);
});

// ---------------------------------------------------------------------------------------------
// Copy

test('y copies from a container: a relative container path and a host path in a missing folder are refused', async () => {
	const ctx = scene();
	const web = select(ctx, 'berth-shop-web-1');
	const dir = folder();
	press(ctx, 'y');
	assert.equal(form(ctx).actionId, 'container.copyFrom');
	assert.deepEqual(form(ctx).fields.map(field => field.id), ['container-path', 'host-path']);
	fill(ctx, 'container-path', 'etc/motd');
	assert.equal(form(ctx).errors['container-path'], 'container path: etc/motd must be absolute (start with /)');
	fill(ctx, 'host-path', path.join(dir, 'no', 'motd'));
	assert.equal(form(ctx).errors['host-path'], `host path: ${path.join(dir, 'no')} does not exist`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, []);
	fill(ctx, 'container-path', '/etc/motd');
	fill(ctx, 'host-path', path.join(dir, 'motd'));
	assert.equal(form(ctx).preview, `docker cp berth-shop-web-1:/etc/motd ${path.join(dir, 'motd')}`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`cp-from ${web.id} /etc/motd ${path.join(dir, 'motd')}`]);
	assert.equal(notice(ctx), `copied berth-shop-web-1:/etc/motd to ${path.join(dir, 'motd')}: 1 entry`);
});

test('y from a stopped container; a missing path stays in the form as the refusal; skipped entries are said', async () => {
	const ctx = scene();
	const killed = select(ctx, 'berth-killed');
	const dir = folder();
	ctx.engine.failures.set('cp-from', 'Could not find the file /nope in container berth-killed');
	press(ctx, 'y');
	fill(ctx, 'container-path', '/nope');
	fill(ctx, 'host-path', dir);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).refusal, 'Could not find the file /nope in container berth-killed');
	assert.equal(text(ctx, 'container-path'), '/nope');
	ctx.engine.failures.delete('cp-from');
	ctx.engine.copyFromContainer = async (_id, from, to) => {
		ctx.engine.calls.push(`cp-from ${from}`);
		return {target: path.join(to, 'dev'), entries: 5, skipped: ['dev/null', 'dev/zero']};
	};

	fill(ctx, 'container-path', '/dev');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`cp-from ${killed.id} /nope ${dir}`, 'cp-from /dev']);
	assert.equal(notice(ctx), `copied berth-killed:/dev to ${path.join(dir, 'dev')}: 5 entries; skipped 2 that cannot be made here: dev/null, dev/zero`);
});

test('Y copies a host path into a container, running or stopped; a missing host path is refused', async () => {
	const ctx = scene();
	const killed = select(ctx, 'berth-killed');
	const dir = folder();
	const file = path.join(dir, 'app.conf');
	writeFileSync(file, 'x=1\n');
	press(ctx, 'Y');
	assert.equal(form(ctx).actionId, 'container.copyTo');
	assert.deepEqual(form(ctx).fields.map(field => field.id), ['host-path', 'container-path']);
	fill(ctx, 'host-path', path.join(dir, 'missing.conf'));
	assert.equal(form(ctx).errors['host-path'], `host path: ${path.join(dir, 'missing.conf')} does not exist`);
	fill(ctx, 'container-path', 'etc');
	assert.equal(form(ctx).errors['container-path'], 'container path: etc must be absolute (start with /)');
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, []);
	fill(ctx, 'host-path', file);
	fill(ctx, 'container-path', '/etc/');
	assert.equal(form(ctx).preview, `docker cp ${file} berth-killed:/etc/`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`cp-to ${killed.id} ${file} /etc/`]);
	assert.equal(notice(ctx), `copied ${file} to berth-killed:/etc/: 1 entry`);

	// A refusal (the container path's folder is missing) keeps the form.
	ctx.engine.failures.set('cp-to', 'Could not find the file /nope in container berth-killed');
	press(ctx, 'Y');
	fill(ctx, 'host-path', file);
	fill(ctx, 'container-path', '/nope/app.conf');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).refusal, 'Could not find the file /nope in container berth-killed');
});

// ---------------------------------------------------------------------------------------------
// Update

test('U opens the update form filled with the container’s current settings; --memory 12q is refused', async () => {
	const ctx = scene();
	const web = select(ctx, 'berth-shop-web-1');
	ctx.engine.containerUpdateForm = async id => {
		ctx.engine.calls.push(`update-form ${id}`);
		return {restart: 'on-failure:3', memory: '64m', 'memory-swap': '128m', cpus: '0.5', 'cpuset-cpus': '', 'cpu-shares': '', 'pids-limit': '100'};
	};

	press(ctx, 'U');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`update-form ${web.id}`]);
	const dialog = form(ctx);
	assert.equal(dialog.actionId, 'container.update.submit');
	assert.deepEqual(dialog.targetIds, [web.id]);
	assert.deepEqual(
		dialog.fields.map(field => [field.id, field.text]),
		[
			['restart', 'on-failure:3'],
			['memory', '64m'],
			['memory-swap', '128m'],
			['cpus', '0.5'],
			['cpuset-cpus', ''],
			['cpu-shares', ''],
			['pids-limit', '100'],
		],
	);
	assert.equal(dialog.preview, 'nothing changed yet');
	fill(ctx, 'memory', '12q');
	assert.match(form(ctx).errors['memory'] ?? '', /^memory: 12q /);
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`update-form ${web.id}`], 'nothing is updated from a wrong form');
	fill(ctx, 'memory', '96m');
	fill(ctx, 'cpus', '1.5');
	assert.deepEqual(form(ctx).errors, {});
	assert.equal(form(ctx).preview, 'docker update --memory 96m --cpus 1.5 berth-shop-web-1');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	const call = ctx.engine.calls.at(-1)!;
	assert.ok(call.startsWith(`update ${web.id} `), call);
	assert.deepEqual(JSON.parse(call.slice(`update ${web.id} `.length)), {
		restart: {name: 'on-failure', maxRetries: 3},
		memory: 96 * 1024 * 1024,
		memorySwap: 128 * 1024 * 1024,
		nanoCpus: 1_500_000_000,
		pidsLimit: 100,
	});
	assert.equal(notice(ctx), 'updated berth-shop-web-1');
});

test('the engine’s update warnings are the notice; its refusal keeps the form with the reason', async () => {
	const ctx = scene();
	const db = select(ctx, 'berth-shop-db-1');
	press(ctx, 'U');
	await settle();
	assert.equal(text(ctx, 'restart'), 'no');
	fill(ctx, 'memory', '4m');
	ctx.engine.failures.set('update', 'memory: 4MiB is less than the container uses now (6MiB)');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).refusal, 'memory: 4MiB is less than the container uses now (6MiB)');
	assert.equal(text(ctx, 'memory'), '4m');
	ctx.engine.failures.delete('update');
	ctx.engine.updateContainer = async id => {
		ctx.engine.calls.push(`update ${id}`);
		return ['Your kernel does not support swap limit capabilities'];
	};

	fill(ctx, 'memory', '64m');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.equal(ctx.engine.calls.at(-1), `update ${db.id}`);
	assert.equal(notice(ctx), 'updated berth-shop-db-1; the engine warns: Your kernel does not support swap limit capabilities');
});

test('update works on one container: with two marked it says so and asks the engine nothing', async () => {
	const ctx = scene();
	const a = container(ctx, 'berth-shop-web-1');
	const b = container(ctx, 'berth-killed');
	ctx.view.change(state => ({...state, marked: {...state.marked, containers: new Set([a.id, b.id])}}));
	press(ctx, 'U');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.match(notice(ctx), /^update works on one container/);
	assert.deepEqual(ctx.engine.calls, []);
});

// ---------------------------------------------------------------------------------------------
// Prune

test('X lists the stopped containers in a confirm; yes prunes them and says what was reclaimed', async () => {
	const ctx = scene();
	const killed = container(ctx, 'berth-killed');
	ctx.engine.containersPruneCandidates = [killed, {...killed, id: 'c'.repeat(64), name: 'old-job', status: 'Created'}];
	press(ctx, 'X');
	await settle();
	const dialog = ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'confirm');
	assert.equal(dialog.actionId, 'container.prune.confirm');
	assert.equal(dialog.title, 'Remove these 2 stopped containers?');
	assert.deepEqual(dialog.lines, ['berth-killed  Exited (137) 2 seconds ago', 'old-job  Created']);
	assert.deepEqual(ctx.engine.calls, ['container-prune-list']);
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['container-prune-list', 'container-prune']);
	assert.equal(notice(ctx), 'pruned 2 containers, reclaimed 0B');
});

test('X with nothing stopped says so; n at the confirm prunes nothing', async () => {
	const ctx = scene();
	press(ctx, 'X');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.equal(notice(ctx), 'no stopped containers to prune');
	ctx.engine.containersPruneCandidates = [container(ctx, 'berth-killed')];
	press(ctx, 'X');
	await settle();
	press(ctx, 'n');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, ['container-prune-list', 'container-prune-list']);
});

// ---------------------------------------------------------------------------------------------
// Diff

test('/ on the diff tab edits the diff filter as typed; Esc clears it', () => {
	const ctx = scene();
	select(ctx, 'berth-shop-db-1');
	ctx.view.change(state => ({...state, focus: 'main', tab: {...state.tab, containers: 'diff'}}));
	press(ctx, '/');
	assert.deepEqual(ctx.view.get().input, {purpose: 'diff', text: ''});
	type(ctx, 'D');
	assert.equal(ctx.view.get().diffFilter, 'D');
	const changes = fixture<FileChange[]>('container-diff.json');
	assert.deepEqual(diffLines(changes, ctx.view.get().diffFilter).map(line => line.text), ['D /bin/yes']);
	press(ctx, 'enter');
	assert.equal(ctx.view.get().input, undefined);
	assert.equal(ctx.view.get().diffFilter, 'D', 'Enter keeps the filter');
	press(ctx, '/', 'backspace');
	type(ctx, 'var');
	assert.deepEqual(diffLines(changes, ctx.view.get().diffFilter).map(line => line.text), ['A /var', 'A /var/lib', 'A /var/lib/db']);
	press(ctx, 'escape');
	assert.equal(ctx.view.get().diffFilter, '');
});

// ---------------------------------------------------------------------------------------------
// Logs: range and save

/** The logs tab of the selected container, followed as the tab follows it. */
function logsScene(name = 'berth-chatty'): {ctx: TestContext; shown: ContainerSummary} {
	const ctx = scene();
	const shown = select(ctx, name);
	ctx.view.change(state => ({...state, focus: 'main', tab: {...state.tab, containers: 'logs'}}));
	ctx.logs.follow(shown.id);
	return {ctx, shown};
}

test('R refuses until before since and words it cannot read, and changes nothing meanwhile', async () => {
	const {ctx, shown} = logsScene();
	press(ctx, 'R');
	assert.equal(form(ctx).actionId, 'logs.range');
	fill(ctx, 'since', 'yesterday');
	assert.match(form(ctx).errors['since'] ?? '', /^since: yesterday is not a time or a duration/);
	fill(ctx, 'since', '42m');
	fill(ctx, 'until', '2h');
	assert.equal(form(ctx).errors['until'], 'until: 2h is not after since 42m');
	press(ctx, 'ctrl+s');
	await settle();
	assert.ok(ctx.view.get().dialog, 'the form stays');
	assert.equal(ctx.view.get().logs.range, undefined);
	assert.deepEqual(ctx.engine.calls, [`logs ${shown.id}`]);
});

test('R sets the range; the follower follows it at once (a new stream), and the form shows it again', async () => {
	const {ctx, shown} = logsScene();
	press(ctx, 'R');
	fill(ctx, 'since', '42m');
	fill(ctx, 'until', '10m');
	assert.equal(form(ctx).preview, 'docker logs --since 42m --until 10m');
	const before = Date.now() / 1000;
	press(ctx, 'ctrl+s');
	await settle();
	const after = Date.now() / 1000;
	assert.equal(ctx.view.get().dialog, undefined);
	const range = ctx.view.get().logs.range;
	assert.equal(range?.text, 'since 42m until 10m');
	assert.ok(range.since! >= before - 42 * 60 && range.since! <= after - 42 * 60, 'since counts back from now');
	assert.ok(range.until! >= before - 10 * 60 && range.until! <= after - 10 * 60);
	assert.deepEqual(ctx.logs.get().range, {since: range.since, until: range.until});
	assert.equal(ctx.logs.get().id, shown.id);
	assert.deepEqual(ctx.engine.calls, [`logs ${shown.id}`, `logs-stop ${shown.id}`, `logs ${shown.id}`]);
	assert.equal(notice(ctx), 'logs since 42m until 10m');

	// The tab asking again for the same range opens nothing new.
	ctx.logs.follow(shown.id, {since: range.since, until: range.until});
	assert.equal(ctx.engine.calls.length, 3);

	// Opened again, the form holds the range; a timestamp works too.
	press(ctx, 'R');
	assert.equal(text(ctx, 'since'), '42m');
	assert.equal(text(ctx, 'until'), '10m');
	fill(ctx, 'since', '2026-01-02T03:04:05Z');
	fill(ctx, 'until', '');
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.view.get().logs.range, {since: Date.UTC(2026, 0, 2, 3, 4, 5) / 1000, text: 'since 2026-01-02T03:04:05Z'});
	assert.deepEqual(ctx.logs.get().range, {since: Date.UTC(2026, 0, 2, 3, 4, 5) / 1000, until: undefined});
});

test('R with both fields empty clears the range and follows every line again', async () => {
	const {ctx, shown} = logsScene();
	ctx.view.change(state => ({...state, logs: {...state.logs, range: {since: 1_700_000_000, text: 'since 1700000000'}}}));
	ctx.logs.follow(shown.id, {since: 1_700_000_000});
	press(ctx, 'R');
	assert.equal(text(ctx, 'since'), '1700000000');
	fill(ctx, 'since', '');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().logs.range, undefined);
	assert.deepEqual(ctx.logs.get().range, {since: undefined, until: undefined});
	assert.equal(ctx.engine.calls.at(-1), `logs ${shown.id}`);
	assert.equal(notice(ctx), 'all logs, following');
});

test('S saves the logs in the range as a job; timestamps default to the tab’s; an existing file needs overwrite', async () => {
	const {ctx, shown} = logsScene();
	ctx.engine.logLines = [
		{stream: 'stdout', text: 'one'},
		{stream: 'stderr', text: 'two'},
		{stream: 'stdout', text: 'three'},
	];
	const seen: SaveLogsOptions[] = [];
	const save = ctx.engine.saveContainerLogs.bind(ctx.engine);
	ctx.engine.saveContainerLogs = async (id, file, options, control) => {
		seen.push(options);
		return save(id, file, options, control);
	};

	ctx.view.change(state => ({...state, logs: {...state.logs, timestamps: true, range: {since: 1_700_000_000, until: 1_700_000_600.5, text: 'since 1700000000 until 1700000600.5'}}}));
	const dir = folder();
	const file = path.join(dir, 'chatty.log');
	writeFileSync(file, 'old');
	press(ctx, 'S');
	assert.equal(form(ctx).actionId, 'logs.save');
	assert.equal(text(ctx, 'timestamps'), 'true');
	assert.equal(text(ctx, 'overwrite'), 'false');
	fill(ctx, 'file', file);
	assert.equal(form(ctx).errors['file'], `file: ${file} exists; tick overwrite to replace it`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`logs ${shown.id}`]);
	fill(ctx, 'overwrite', 'true');
	const command = `docker logs -t --since 1700000000 --until 1700000600.500000000 berth-chatty > ${file}`;
	assert.equal(form(ctx).preview, command);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.equal(ctx.engine.calls.at(-1), `logs-save ${shown.id} ${file} timestamps=true`);
	assert.deepEqual(seen, [{timestamps: true, overwrite: true, since: 1_700_000_000, until: 1_700_000_600.5}]);
	const [job] = ctx.model.get().jobs;
	assert.equal(job?.status, 'done');
	assert.equal(job?.command, command);
	assert.equal(job?.result, `3 lines saved to ${file}`);
	assert.match(notice(ctx), new RegExp(`3 lines saved to ${file.replaceAll('.', '\\.')}$`));
});

test('S without timestamps or range saves plain lines, and a job failure says the engine’s reason', async () => {
	const {ctx, shown} = logsScene('berth-killed');
	ctx.engine.failures.set('logs-save', 'cannot read the logs of berth-killed: configured logging driver does not support reading');
	const file = path.join(folder(), 'killed.log');
	press(ctx, 'S');
	assert.equal(text(ctx, 'timestamps'), 'false');
	fill(ctx, 'file', file);
	assert.equal(form(ctx).preview, `docker logs berth-killed > ${file}`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.engine.calls.at(-1), `logs-save ${shown.id} ${file} timestamps=false`);
	assert.equal(ctx.model.get().jobs[0]?.status, 'failed');
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.match(notice(ctx), /configured logging driver does not support reading$/);
});

// ---------------------------------------------------------------------------------------------
// Ports, as the Inspect tab shows them

test('ports are listed as docker port prints them, in its natural order, with exposed ports marked', () => {
	assert.deepEqual(
		dockerPortLines([
			{containerPort: '80/tcp', host: [{ip: '0.0.0.0', port: '8080'}, {ip: '::', port: '8080'}]},
			{containerPort: '53/udp', host: [{ip: '127.0.0.1', port: '5353'}]},
			{containerPort: '9000/tcp', host: []},
			{containerPort: '443/tcp', host: [{ip: '', port: '8443'}]},
			{containerPort: '10000/tcp', host: [{ip: '', port: ''}]},
		]),
		[
			'53/udp -> 127.0.0.1:5353',
			'80/tcp -> 0.0.0.0:8080',
			'80/tcp -> [::]:8080',
			'443/tcp -> 0.0.0.0:8443',
			'9000/tcp (not published)',
			'10000/tcp -> 0.0.0.0 (a free port when it starts)',
		],
	);
	assert.deepEqual(dockerPortLines([]), []);
	const details = fixture<ContainerDetails>('inspect-shop-web-1.json');
	const lines = containerInspectLines(details, Date.now()).map(line => line.text);
	const at = lines.indexOf('Ports');
	assert.notEqual(at, -1);
	assert.deepEqual(lines.slice(at + 1, at + 2), ['  80/tcp -> 127.0.0.1:32778']);
});
