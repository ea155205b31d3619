// Custom commands from the config file, as the app runs them: real local programs (sh, printf,
// sleep) stand in for docker, so the jobs, the hand-over and cancelling are the real ones.
import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import {addCommands} from '../../source/actions/registry.js';
import type {CustomCommand} from '../../source/config/custom-commands.js';
import type {Job} from '../../source/store/jobs.js';
import {targetObjects} from '../../source/store/selectors.js';
import type {ContainerSummary} from '../../source/engine/types.js';
import {fixture, recorded} from '../support/fake-engine.js';
import {renderApp, tick, unmountAll, waitFor, type Rendered} from '../support/render.js';

afterEach(unmountAll);

const KEY = {enter: '\r', escape: '\u001B'};

function command(fields: Partial<CustomCommand> & Pick<CustomCommand, 'name' | 'key' | 'scope' | 'command'>): CustomCommand {
	return {terminal: false, confirm: false, ...fields};
}

const clashes = addCommands([
	// The name reaches sh as $1, an argument: never read as shell code.
	command({name: 'say', key: 'W', scope: 'container', command: ['sh', '-c', 'printf "%s\\n" "$1" "$DOCKER_HOST"; echo warned >&2', 'sh', 'name={{.Name}}']}),
	command({name: 'wipe', key: 'J', scope: 'container', command: ['printf', '%s', '{{.ID}}'], confirm: true}),
	command({name: 'broken', key: 'B', scope: 'image', command: ['sh', '-c', 'echo first >&2; echo oops >&2; exit 3']}),
	command({name: 'sleepy', key: 'L', scope: 'volume', command: ['sh', '-c', 'sleep 30; echo never']}),
	command({name: 'shell', key: 'Z', scope: 'container', command: ['sh', '-c', 'test "$DOCKER_HOST" = unix:///var/run/docker.sock && exit 7'], terminal: true}),
	command({name: 'missing', key: 'D', scope: 'container', command: ['berth-no-such-program', '{{.ID}}']}),
	command({name: 'clash', key: 's', scope: 'container', command: ['true']}),
	command({name: 'where', key: 'W', scope: 'project', command: ['printf', '%s\\n', '{{.Name}}', '{{.WorkingDir}}']}),
	command({name: 'which', key: 'W', scope: 'service', command: ['printf', '%s\\n', '{{.Project}}/{{.Name}}']}),
]);

function selectedContainer(app: Rendered) {
	const [container] = targetObjects(app.ctx.model.get(), app.ctx.view.get(), 'container');
	assert.ok(container, 'a container is selected');
	return container;
}

async function settledJob(app: Rendered, title: string, limitMs = 5000): Promise<Job> {
	const started = Date.now();
	for (;;) {
		const job = app.ctx.model.get().jobs.find(item => item.title === title);
		if (job && job.status !== 'running') {
			return job;
		}
		assert.ok(Date.now() - started < limitMs, `job ${title} still ${job?.status ?? 'not started'}`);
		await tick(20);
	}
}

test('a command whose key another action has keeps no key, and the clash is said', () => {
	assert.deepEqual(clashes, [{id: 'command.clash', message: 'key "s" in scope containers: container.stop and command.clash'}]);
});

test('help lists a config command with its key, and the palette finds it', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press('?');
	assert.match(app.frame(), /\bW\s+say\b/);
	assert.match(app.frame(), /\bJ\s+wipe \(asks first\)/);
	await app.press(KEY.escape, ':', ...'say');
	assert.match(app.frame(), /\bW\s+say\b/);
});

test('a command runs as a job on the selected container: its output lines, the engine in DOCKER_HOST, the argv as it ran', async () => {
	const app = await renderApp(recorded(), 160, 45);
	const container = selectedContainer(app);
	await app.press('W');
	const job = await settledJob(app, `say on ${container.name}`);
	assert.equal(job.status, 'done', job.error);
	assert.deepEqual([...job.lines].sort(), [`name=${container.name}`, 'unix:///var/run/docker.sock', 'warned'].sort());
	assert.match(job.command, /^sh -c '.*' sh /);
	assert.ok(app.ctx.engine.calls.some(call => call.startsWith('local-command sh -c')));
	await waitFor(app, `name=${container.name}`);
});

test('read-only mode refuses a command, running nothing', async () => {
	const app = await renderApp(recorded(), 160, 45, ctx => {
		ctx.view.change(state => ({...state, readOnly: true}));
	});
	await app.press('W');
	assert.match(app.ctx.model.get().notice?.text ?? '', /read-only: “say” was not run/);
	assert.equal(app.ctx.model.get().jobs.length, 0);
	assert.ok(!app.ctx.engine.calls.some(call => call.startsWith('local-command')));
});

test('confirm: true asks first, showing the command as it will run; yes runs it', async () => {
	const app = await renderApp(recorded(), 160, 45);
	const container = selectedContainer(app);
	await app.press('J');
	const dialog = app.ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'confirm');
	assert.equal(dialog.actionId, 'command.wipe');
	assert.deepEqual(dialog.kind === 'confirm' ? dialog.lines : [], [`printf %s ${container.id}`]);
	assert.equal(app.ctx.model.get().jobs.length, 0);
	await app.press('y');
	const job = await settledJob(app, `wipe on ${container.name}`);
	assert.equal(job.status, 'done', job.error);
	assert.deepEqual(job.lines, [container.id]);
});

test('a failing command says its exit code and its last stderr lines', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press('2', 'B');
	const job = app.ctx.model.get().jobs[0];
	assert.ok(job, 'a job started');
	const ended = await settledJob(app, job.title);
	assert.equal(ended.status, 'failed');
	assert.equal(ended.error, 'sh failed with exit code 3\nfirst\noops');
	assert.match(app.ctx.model.get().notice?.text ?? '', /broken on .*: sh failed with exit code 3/);
});

test('a program that is not there is said plainly', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press('D');
	const job = app.ctx.model.get().jobs[0];
	assert.ok(job, 'a job started');
	const ended = await settledJob(app, job.title);
	assert.equal(ended.error, 'cannot run berth-no-such-program: not found on PATH');
});

test('Esc cancels a running command: its whole process group is ended', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press('3', 'L');
	const job = app.ctx.model.get().jobs[0];
	assert.equal(job?.status, 'running');
	const started = Date.now();
	await app.press(KEY.escape);
	const ended = await settledJob(app, job.title);
	assert.equal(ended.status, 'cancelled');
	// sleep 30 is sh's child: only a signal to the group ends it (and closes the output) this soon.
	assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
	assert.ok(!ended.lines.includes('never'));
});

test('terminal: true hands the terminal over, then says the exit code', async () => {
	const app = await renderApp(recorded(), 160, 45);
	const container = selectedContainer(app);
	await app.press('Z');
	const started = Date.now();
	while (!/ended/.test(app.ctx.model.get().notice?.text ?? '') && Date.now() - started < 5000) {
		await tick(20);
	}
	assert.equal(app.ctx.terminal.handOvers, 1);
	assert.equal(app.ctx.model.get().notice?.text, `shell on ${container.name} ended (exit code 7)`);
	assert.equal(app.ctx.model.get().jobs.length, 0);
});

test('project and service commands act on the projects pane row of their kind', async () => {
	const base = recorded();
	const compose = fixture<ContainerSummary[]>('compose-containers.json').map(container => ({...container, statusAt: Date.now()}));
	const app = await renderApp({...base, containers: [...base.containers, ...compose]}, 160, 45);
	await app.press('7');
	const project = compose[0]!.labels['com.docker.compose.project']!;
	const workingDir = compose[0]!.labels['com.docker.compose.project.working_dir']!;
	await waitFor(app, project);
	await app.press('W');
	const onProject = await settledJob(app, `where on ${project}`);
	assert.equal(onProject.status, 'done', onProject.error);
	assert.deepEqual(onProject.lines, [project, workingDir]);
	// The next row is the project's first service: the same key is the service command there.
	await app.press(KEY.escape, 'j', 'W');
	const job = app.ctx.model.get().jobs.find(item => item.title.startsWith('which on '));
	assert.ok(job, `a service job started: ${app.ctx.model.get().jobs.map(item => item.title).join(', ')}`);
	const onService = await settledJob(app, job.title);
	assert.equal(onService.status, 'done', onService.error);
	assert.deepEqual(onService.lines, [job.title.slice('which on '.length)]);
});
