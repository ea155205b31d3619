import {test} from 'node:test';
import assert from 'node:assert/strict';
import {commandLogRows} from '../../source/actions/command-log.js';
import {CommandLog, KEPT_COMMANDS} from '../../source/store/command-log.js';
import {container} from '../support/build.js';
import {fixture, recorded} from '../support/fake-engine.js';
import type {ContainerSummary} from '../../source/engine/types.js';
import {testContext, type TestContext} from '../support/context.js';
import {press, type} from '../support/keys.js';

const settle = async (): Promise<void> => new Promise(resolve => setImmediate(resolve));

function scene(): TestContext {
	return testContext({
		containers: [container({name: 'api', image: 'shop/api'}), container({name: 'db', image: 'postgres'})],
		images: [],
		volumes: [],
		networks: [],
	});
}


async function waitForCommands(ctx: TestContext, count: number): Promise<void> {
	for (let turn = 0; turn < 100 && ctx.commands.get().length < count; turn++) {
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

function commands(ctx: TestContext): string[] {
	return ctx.commands.get().map(entry => `${entry.ok ? 'ok' : 'failed'} ${entry.command}`);
}

test('the log keeps the newest commands, bounded', () => {
	const log = new CommandLog();
	for (let index = 0; index < KEPT_COMMANDS + 5; index++) {
		log.record({at: index, command: `docker stop c${index}`, ok: true});
	}

	assert.equal(log.get().length, KEPT_COMMANDS);
	assert.equal(log.get()[0]?.command, 'docker stop c5');
	assert.equal(log.get().at(-1)?.command, `docker stop c${KEPT_COMMANDS + 4}`);
});

test('an action, once it ran, logs its docker command line; a failure is logged as failed with the reason', async () => {
	const ctx = scene();
	press(ctx, 'space', 'down', 'space', 's');
	await settle();
	assert.deepEqual(commands(ctx), ['ok docker stop api db']);
	ctx.engine.failures.set('kill', 'container api is not running');
	press(ctx, 'K', 'enter');
	await settle();
	const last = ctx.commands.get().at(-1);
	// The stop cleared the marks: the kill is of the selected container, with the first signal offered.
	assert.equal(last?.command, 'docker kill --signal SIGTERM db');
	assert.equal(last?.ok, false);
	assert.match(last?.reason ?? '', /not running/);
});

test('a confirmed remove logs its options; read-only refusals log nothing', async () => {
	const ctx = scene();
	press(ctx, 'd', 'f', 'v', 'y');
	await settle();
	assert.deepEqual(commands(ctx), ['ok docker rm --force --volumes api']);

	const readOnly = scene();
	readOnly.view.change(state => ({...state, readOnly: true}));
	press(readOnly, 's');
	await settle();
	assert.deepEqual(commands(readOnly), []);
});

test('a form logs the command line its preview showed', async () => {
	const ctx = scene();
	press(ctx, '3', 'n');
	type(ctx, 'data-1');

	press(ctx, 'ctrl+s');
	for (let turn = 0; turn < 5 && ctx.commands.get().length === 0; turn++) {
		await settle();
	}

	assert.deepEqual(commands(ctx), ['ok docker volume create data-1']);
});

test('H lists the commands newest first with their time and result; Enter copies one', async () => {
	const ctx = scene();
	press(ctx, 'H');
	assert.match(ctx.model.get().notice?.text ?? '', /no commands/);
	press(ctx, 's');
	await settle();
	press(ctx, 'r');
	await settle();
	press(ctx, 'H');
	const dialog = ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'choice');
	const labels = dialog?.kind === 'choice' ? dialog.choices.map(choice => choice.label) : [];
	assert.match(labels[0] ?? '', /^\d\d:\d\d:\d\d {2}docker restart api {3}\(ok\)$/);
	assert.match(labels[1] ?? '', /docker stop api/);
	press(ctx, 'enter');
	assert.deepEqual(ctx.clipboard.copied, ['docker restart api']);
	assert.match(ctx.model.get().notice?.text ?? '', /copied the command line to the clipboard \(18 bytes\)/);
});

test('rows show each command’s result, sanitised', () => {
	const rows = commandLogRows([
		{at: 0, command: 'docker pull a', ok: true},
		{at: 0, command: 'docker pull b', ok: false, reason: 'denied'},
		{at: 0, command: 'docker stop \u001B[31mx', ok: false, reason: 'gone'},
	]);
	assert.match(rows[0]!.label, /docker stop .*x {3}\(failed: gone\)$/);
	assert.doesNotMatch(rows[0]!.label, /\u001B/);
	assert.match(rows[1]!.label, /docker pull b {3}\(failed: denied\)$/);
	assert.match(rows[2]!.label, /docker pull a {3}\(ok\)$/);
});

test('a rename answered in its prompt logs docker rename, and says the old name and the new one', async () => {
	const ctx = scene();
	press(ctx, 'n', 'ctrl+u');
	type(ctx, 'api2');
	press(ctx, 'enter');
	await settle();
	// The prompt comes filled with the old name; Ctrl-U cleared it.
	assert.deepEqual(commands(ctx), ['ok docker rename api api2']);
	assert.match(ctx.engine.calls.at(-1) ?? '', /^rename \S+ api2$/);
	assert.equal(ctx.model.get().notice?.text, 'renamed api to api2');
});

test('exec, shell and attach log the docker exec or attach they stood for', async () => {
	const ctx = testContext(recorded());
	const running = [...ctx.model.get().containers.values()].find(item => item.state === 'running')!;
	ctx.view.change(state => ({...state, selected: {...state.selected, containers: running.id}}));
	press(ctx, 'E');
	type(ctx, ' -c "echo hi"');
	press(ctx, 'enter');
	await settle();
	press(ctx, 'e');
	await settle();
	press(ctx, 'A');
	await settle();
	assert.deepEqual(commands(ctx), [`ok docker exec -it ${running.name} sh -c 'echo hi'`, `ok docker exec -it ${running.name} sh`, `ok docker attach ${running.name}`]);
});

test('a job logs its command line once it ended: a pull that worked, one that failed', async () => {
	const ctx = testContext(recorded());
	ctx.view.change(state => ({...state, pane: 'images'}));
	press(ctx, 'p', 'ctrl+u');
	type(ctx, 'alpine:3.20');
	press(ctx, 'enter');
	await waitForCommands(ctx, 1);
	ctx.engine.failures.set('pull', 'manifest unknown');
	press(ctx, 'p', 'ctrl+u');
	type(ctx, 'alpine:none');
	press(ctx, 'enter');
	await waitForCommands(ctx, 2);
	assert.deepEqual(commands(ctx), ['ok docker pull alpine:3.20', 'failed docker pull alpine:none']);
	assert.match(ctx.commands.get()[1]?.reason ?? '', /manifest unknown/);
});

test('a compose project action logs its compose command line, failed when the job failed', async () => {
	const base = recorded();
	const ctx = testContext({...base, containers: [...base.containers, ...fixture<ContainerSummary[]>('compose-containers.json')]});
	ctx.view.change(state => ({...state, pane: 'projects'}));
	press(ctx, 'r');
	await waitForCommands(ctx, 1);
	ctx.engine.failures.set('compose-stop', 'no such service');
	press(ctx, 's');
	await waitForCommands(ctx, 2);
	const [restart, stop] = ctx.commands.get();
	assert.match(restart?.command ?? '', /^docker-compose .*-p berth-fixture-blog .*restart$/);
	assert.equal(restart?.ok, true);
	assert.match(stop?.command ?? '', /^docker-compose .* stop$/);
	assert.equal(stop?.ok, false);
	assert.match(stop?.reason ?? '', /no such service/);
});

test('the copy key offers the selected object’s id and name; in a form it copies the command line', () => {
	const ctx = scene();
	press(ctx, 'ctrl+y');
	const dialog = ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'choice');
	const values = dialog?.kind === 'choice' ? dialog.choices.map(choice => choice.value) : [];
	assert.deepEqual(values, ['id', 'name']);
	press(ctx, 'down', 'enter');
	assert.deepEqual(ctx.clipboard.copied, ['api']);
	assert.match(ctx.model.get().notice?.text ?? '', /copied the name to the clipboard \(3 bytes\)/);

	press(ctx, '3', 'n');
	type(ctx, 'v1');

	press(ctx, 'ctrl+y');
	assert.equal(ctx.clipboard.copied.at(-1), 'docker volume create v1');
});

test('on the logs tab the copy key offers the log lines on screen', async () => {
	const ctx = scene();
	ctx.engine.logLines = [1, 2, 3].map(index => ({stream: 'stdout', text: `line ${index}`})) as never;
	const api = [...ctx.model.get().containers.values()].find(item => item.name === 'api')!;
	ctx.logs.follow(api.id);
	for (let turn = 0; turn < 20 && (ctx.logs.get().buffer?.get().lines.length ?? 0) < 3; turn++) {
		await new Promise(resolve => setTimeout(resolve, 10));
	}

	press(ctx, 'ctrl+y');
	const dialog = ctx.view.get().dialog;
	const logs = dialog?.kind === 'choice' ? dialog.choices.find(choice => choice.value === 'logs') : undefined;
	assert.match(logs?.label ?? '', /^the 3 log lines on screen: line 1 …$/);
	press(ctx, 'down', 'down', 'enter');
	assert.equal(ctx.clipboard.copied.at(-1), 'line 1\nline 2\nline 3\n');
});
