// The swarm panes of the built CLI in a real terminal (tmux), pointed with --host at the manager of
// a real two-node swarm (test/support/swarm.ts: private engines in namespaces of their own, linked
// by a veth pair). The swarm is set up once (it takes a while) and the steps run in order, each
// made with berth's keys and checked with the engine: a service created, scaled, updated, rolled
// back; the worker drained (its tasks move to the manager) and activated; a stack deployed and
// removed; a secret created, its removal refused while a service uses it, then removed; the panes
// at 80x24; and the worker's own berth saying it is a worker.
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import type Dockerode from 'dockerode';
import {RUN_ID, TEST_IMAGE} from '../support/engine.js';
import {startTestSwarm, type TestSwarm} from '../support/swarm.js';
import type {Terminal} from '../support/terminal.js';
import {waitFor} from '../engine/helpers.js';
import {dockerCli, launch, listRow as row, selectRow} from './berth.js';

const SERVICE = `e2e-web-${RUN_ID}`.replaceAll(/[^a-zA-Z0-9-]/g, '-');
const STACK = `e2eshop${RUN_ID.replaceAll(/[^a-zA-Z0-9]/g, '')}`;
const SECRET = `e2e-secret-${RUN_ID}`.replaceAll(/[^a-zA-Z0-9-]/g, '-');
const USER = `e2e-user-${RUN_ID}`.replaceAll(/[^a-zA-Z0-9-]/g, '-');
const SECOND = `${TEST_IMAGE}:second`;
const TICKER = 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 1 & wait; done';

let swarm: TestSwarm;
let manager: Dockerode;
let host: string;
let folder: string;
let terminal: Terminal | undefined;

before(async () => {
	swarm = await startTestSwarm();
	manager = swarm.manager.docker;
	host = `unix://${swarm.manager.socket}`;
	for (const engine of [swarm.manager, swarm.worker]) {
		await engine.docker.getImage(TEST_IMAGE).tag({repo: TEST_IMAGE, tag: 'second'});
	}
	folder = await mkdtemp(path.join(tmpdir(), 'berth-swarm-e2e-'));
});

after(async () => {
	await terminal?.kill();
	await swarm?.dispose();
	await rm(folder, {recursive: true, force: true});
});

interface RawService {
	ID: string;
	Spec: {Name: string; Mode: {Replicated?: {Replicas: number}}; TaskTemplate: {ContainerSpec: {Image: string}}};
}

async function service(): Promise<RawService | undefined> {
	const services = (await manager.listServices({filters: {name: [SERVICE]}})) as unknown as RawService[];
	return services.find(item => item.Spec.Name === SERVICE);
}

/** Running tasks of the service, by node id. */
async function runningOn(): Promise<string[]> {
	if ((await service()) === undefined) {
		return [];
	}
	const tasks = (await manager.listTasks({filters: {service: [SERVICE], 'desired-state': ['running']}})) as Array<{NodeID: string; Status: {State: string}}>;
	return tasks.filter(task => task.Status.State === 'running').map(task => task.NodeID);
}

test('the swarm from its panes: services, nodes, stacks and secrets, each change checked with the engine', {timeout: 600_000}, async () => {
	terminal = await launch({args: ['--host', host]});

	// Create a service from the form: name, image, command, replicas 2.
	await terminal.type('9');
	await terminal.waitFor('9 Services');
	await terminal.type('n');
	await terminal.waitFor('Create a swarm service');
	await terminal.type(SERVICE);
	await terminal.sendKeys('Tab');
	await terminal.type(TEST_IMAGE);
	await terminal.sendKeys('Tab');
	await terminal.type(`sh -c '${TICKER}'`);
	await terminal.sendKeys('Tab', 'Tab', 'C-u');
	await terminal.type('2');
	await terminal.sendKeys('C-s');
	await waitFor('the service with 2 running tasks', async () => ((await runningOn()).length === 2 ? true : undefined), 60_000);
	assert.equal((await service())?.Spec.Mode.Replicated?.Replicas, 2);
	await terminal.waitFor(s => row(s, SERVICE)?.includes('2/2') ?? false, 30_000);

	// Scale to 3: a wrong number is refused in the dialog, then 3 is taken.
	await selectRow(terminal, SERVICE);
	await terminal.type('s');
	await terminal.waitFor(`Replicas for ${SERVICE}`);
	await terminal.sendKeys('BSpace');
	await terminal.type('x');
	await terminal.sendKeys('Enter');
	await terminal.waitFor('replicas: x is not a number of replicas');
	await terminal.sendKeys('BSpace');
	await terminal.type('3');
	await terminal.sendKeys('Enter');
	await waitFor('3 running tasks', async () => ((await runningOn()).length === 3 ? true : undefined), 60_000);
	assert.equal((await service())?.Spec.Mode.Replicated?.Replicas, 3);
	await terminal.waitFor(s => row(s, SERVICE)?.includes('3/3') ?? false, 30_000);

	// Its tasks, with the node each runs on.
	let screen = await terminal.waitFor(s => (s.match(new RegExp(`${SERVICE}\\.\\d`, 'g')) ?? []).length >= 3);
	assert.match(screen, /Tasks │ Logs │ Inspect/);

	// Update the image from the form filled with the current one; then roll back.
	await terminal.type('u');
	await terminal.waitFor(`Update service ${SERVICE}`);
	await terminal.sendKeys('C-u');
	await terminal.type(SECOND);
	await terminal.sendKeys('C-s');
	await waitFor('the image updated', async () => ((await service())?.Spec.TaskTemplate.ContainerSpec.Image === SECOND ? true : undefined), 30_000);
	await terminal.waitFor(s => row(s, SERVICE)?.includes(SECOND) ?? false, 30_000);
	await terminal.type('R');
	await waitFor('the image rolled back', async () => ((await service())?.Spec.TaskTemplate.ContainerSpec.Image === TEST_IMAGE ? true : undefined), 30_000);
	await waitFor('3 tasks running again', async () => ((await runningOn()).length === 3 ? true : undefined), 90_000);

	// Drain the worker: its tasks move to the manager; then it takes tasks again.
	await waitFor('a task on the worker', async () => ((await runningOn()).includes(swarm.workerNodeId) ? true : undefined), 30_000);
	await terminal.type('8');
	await terminal.waitFor('8 Nodes');
	await selectRow(terminal, swarm.workerAddress);
	await terminal.type('D');
	await waitFor('the worker drained', async () => ((await manager.getNode(swarm.workerNodeId).inspect()) as {Spec: {Availability: string}}).Spec.Availability === 'drain' || undefined);
	await waitFor(
		'every task on the manager',
		async () => {
			const nodes = await runningOn();
			return nodes.length === 3 && nodes.every(node => node === swarm.managerNodeId) ? true : undefined;
		},
		90_000,
	);
	await terminal.waitFor(s => /drain\s+ready\s+0\b/.test(row(s, swarm.workerAddress) ?? ''), 30_000);
	await terminal.type('a');
	await waitFor('the worker active', async () => ((await manager.getNode(swarm.workerNodeId).inspect()) as {Spec: {Availability: string}}).Spec.Availability === 'active' || undefined);
	await terminal.waitFor(s => /active/.test(row(s, swarm.workerAddress) ?? ''), 30_000);

	// A stack deployed from its pane (berth runs `docker stack deploy` as a job) is listed, and
	// removed after saying what goes.
	const file = path.join(folder, 'stack.yml');
	await writeFile(file, ["version: '3.7'", 'services:', '  cache:', `    image: ${TEST_IMAGE}`, '    command: ["sleep", "100000"]', ''].join('\n'));
	await terminal.type('0');
	await terminal.waitFor('0 Stacks');
	await terminal.type('n');
	await terminal.waitFor('Deploy a stack');
	await terminal.type(file);
	await terminal.sendKeys('Tab');
	await terminal.type(STACK);
	await terminal.sendKeys('C-s');
	screen = await terminal.waitFor(new RegExp(`stack deploy ${STACK} · (done|failed)`), 60_000);
	assert.match(screen, new RegExp(`stack deploy ${STACK} · done`), screen);
	assert.match(screen, new RegExp(`Creating service ${STACK}_cache`));
	await terminal.sendKeys('Escape');
	await terminal.waitFor(s => row(s, STACK) !== undefined, 30_000);
	await selectRow(terminal, STACK);
	await terminal.type('d');
	screen = await terminal.waitFor(`Remove stack ${STACK}? These go:`);
	assert.match(screen, new RegExp(`service ${STACK}_cache`));
	assert.match(screen, new RegExp(`network ${STACK}_default`));
	await terminal.type('y');
	await waitFor('the stack gone', async () => ((await manager.listServices({filters: {label: [`com.docker.stack.namespace=${STACK}`]}})).length === 0 ? true : undefined), 30_000);
	await terminal.waitFor(s => row(s, STACK) === undefined, 30_000);

	// A secret from a typed value (never shown), then removed.
	await terminal.type(':');
	await terminal.type('secrets');
	await terminal.sendKeys('Enter');
	await terminal.waitFor('Secrets');
	await terminal.type('n');
	await terminal.waitFor('Create a secret');
	await terminal.type(SECRET);
	await terminal.sendKeys('Tab', 'Tab');
	await terminal.type('hunter2');
	screen = await terminal.screen();
	assert.doesNotMatch(screen, /hunter2/, 'the value is not shown');
	await terminal.sendKeys('C-s');
	await waitFor('the secret created', async () => ((await manager.listSecrets({filters: {name: [SECRET]}})).length === 1 ? true : undefined));
	await terminal.waitFor(s => row(s, SECRET) !== undefined);

	// In use by a service (made with the docker CLI), its removal is explained, asked, and refused by the engine.
	await dockerCli(['service', 'create', '--detach', '--no-resolve-image', '--name', USER, '--secret', SECRET, TEST_IMAGE, 'sleep', '100000'], {host});
	await terminal.waitFor(s => row(s, SECRET)?.includes(USER) ?? false, 30_000);
	await selectRow(terminal, SECRET);
	await terminal.type('d');
	screen = await terminal.waitFor(`Remove ${SECRET}?`);
	assert.match(screen, new RegExp(`${SECRET}: in use by ${USER}`));
	await terminal.type('y');
	await terminal.waitFor(`is in use by service ${USER}`, 15_000);
	assert.equal((await manager.listSecrets({filters: {name: [SECRET]}})).length, 1, 'the secret stays');
	await dockerCli(['service', 'rm', USER], {host});
	await terminal.waitFor(s => row(s, SECRET) !== undefined && !(row(s, SECRET)?.includes(USER) ?? true), 30_000);
	await terminal.type('d');
	await terminal.waitFor(`Remove ${SECRET}?`);
	await terminal.type('y');
	await waitFor('the secret removed', async () => ((await manager.listSecrets({filters: {name: [SECRET]}})).length === 0 ? true : undefined));

	// At 80x24 the services pane still fits, its rows whole.
	await terminal.type('9');
	await terminal.resize(80, 24);
	screen = await terminal.waitFor(s => row(s, SERVICE)?.includes('3/3') ?? false);
	for (const line of screen.split('\n')) {
		assert.ok(line.length <= 80, line);
	}
	await terminal.resize(160, 45);

	// Remove the service: asked first.
	await selectRow(terminal, SERVICE);
	await terminal.type('d');
	await terminal.waitFor(`Remove service ${SERVICE}?`);
	await terminal.type('y');
	await waitFor('the service removed', async () => ((await service()) === undefined ? true : undefined));
	await terminal.kill();

	// The worker's own berth hides the swarm panes and, asked for one, says whose worker it is.
	terminal = await launch({args: ['--host', `unix://${swarm.worker.socket}`]});
	screen = await terminal.screen();
	assert.doesNotMatch(screen, /Nodes ·/);
	await terminal.type('8');
	await terminal.waitFor(`its manager is ${swarm.managerAddress}:2377`);
});
