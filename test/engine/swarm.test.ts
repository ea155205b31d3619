// The swarm engine layer against a real two-node swarm of private engines (test/support/swarm.ts).
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {createEngine} from '../../source/engine/connect.js';
import {
	addNodeLabel,
	createService,
	createSwarmData,
	inspectService,
	listNodes,
	listServices,
	listStacks,
	listSwarmData,
	listTasks,
	removeNode,
	removeNodeLabel,
	removeService,
	removeStack,
	removeSwarmData,
	restartService,
	rollbackService,
	runCliCommand,
	scaleService,
	setNodeAvailability,
	setNodeRole,
	stackContents,
	stackDeployCommand,
	streamServiceLogs,
	swarmStatus,
	updateServiceImageEnv,
	type ServiceLogLine,
	type TaskSummary,
} from '../../source/engine/swarm.js';
import type {EngineEvent, Subscription} from '../../source/engine/types.js';
import {parseServiceForm, type ServiceSpecInput} from '../../source/parse/service-spec.js';
import {RUN_ID, RUN_LABEL, TEST_IMAGE, requireEngine, testLabels, uniqueName} from '../support/engine.js';
import {startTestSwarm, type TestSwarm} from '../support/swarm.js';
import {waitFor} from './helpers.js';

const SECOND_TAG = `${TEST_IMAGE}:second`;
// Prints a numbered line a second; exits at once on TERM so tasks stop quickly.
const TICKER = 'trap "exit 0" TERM; i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1 & wait; done';

let swarm: TestSwarm;
const events: EngineEvent[] = [];
let watcher: Subscription | undefined;
const at = 'the test manager';

function form(fields: Record<string, string>): ServiceSpecInput {
	const parsed = parseServiceForm({image: TEST_IMAGE, command: `sh -c '${TICKER}'`, labels: `${RUN_LABEL}=${RUN_ID}`, ...fields}, {});
	assert.ok('spec' in parsed, JSON.stringify(parsed));
	return parsed.spec;
}

/** Running tasks of a service, with the nodes they run on. */
async function running(service: string): Promise<TaskSummary[]> {
	return (await listTasks(swarm.manager.docker, {service}, at)).filter(task => task.state === 'running' && task.desiredState === 'running');
}

function waitForRunning(service: string, count: number, check: (tasks: TaskSummary[]) => boolean = () => true): Promise<TaskSummary[]> {
	return waitFor(
		`${count} running tasks of ${service}`,
		async () => {
			const tasks = await running(service);
			return tasks.length === count && check(tasks) ? tasks : undefined;
		},
		60_000,
	);
}

before(async () => {
	swarm = await startTestSwarm();
	for (const engine of [swarm.manager, swarm.worker]) {
		await engine.docker.getImage(TEST_IMAGE).tag({repo: TEST_IMAGE, tag: 'second'});
	}
	const engine = createEngine({protocol: 'unix', socketPath: swarm.manager.socket, display: at});
	let connected = false;
	watcher = engine.watchEvents({onEvent: event => events.push(event), onState: () => undefined, onConnected: () => (connected = true)});
	await waitFor('the events stream', () => (connected ? true : undefined));
});

after(async () => {
	watcher?.stop();
	await swarm?.dispose();
});

test('the shared engine is not in a swarm; the manager and the worker say what they are', async () => {
	assert.deepEqual(await swarmStatus(await requireEngine()), {role: 'none'});
	const manager = await swarmStatus(swarm.manager.docker, at);
	assert.equal(manager.role, 'manager');
	assert.ok(manager.role === 'manager' && manager.nodes === 2 && manager.managers === 1 && manager.address === swarm.managerAddress);
	assert.deepEqual(await swarmStatus(swarm.worker.docker), {
		role: 'worker',
		nodeId: swarm.workerNodeId,
		address: swarm.workerAddress,
		managers: [`${swarm.managerAddress}:2377`],
	});
	// A worker cannot list the swarm's nodes: the engine's reason comes through.
	await assert.rejects(listNodes(swarm.worker.docker, 'the worker'), /not a swarm manager/);
});

test('nodes are listed with role, availability, status, leader, version and address', async () => {
	const nodes = await listNodes(swarm.manager.docker, at);
	assert.equal(nodes.length, 2);
	const manager = nodes.find(node => node.id === swarm.managerNodeId);
	const worker = nodes.find(node => node.id === swarm.workerNodeId);
	assert.equal(manager?.role, 'manager');
	assert.equal(manager?.managerStatus, 'leader');
	assert.equal(manager?.address, swarm.managerAddress);
	assert.equal(worker?.role, 'worker');
	assert.equal(worker?.managerStatus, undefined);
	assert.equal(worker?.address, swarm.workerAddress);
	for (const node of nodes) {
		assert.equal(node.status, 'ready');
		assert.equal(node.availability, 'active');
		assert.match(node.engineVersion, /^\d+\.\d+/);
		assert.ok(node.hostname !== '' && node.version > 0);
	}
});

test('a service runs on both nodes, scales to 3 and back, and lists with its counts, image and ports', async () => {
	const name = uniqueName('svc');
	const id = await createService(swarm.manager.docker, form({name, replicas: '2', ports: '18080:80', env: 'A=1'}), {}, at);
	try {
		const tasks = await waitForRunning(name, 2);
		assert.deepEqual(new Set(tasks.map(task => task.nodeId)), new Set([swarm.managerNodeId, swarm.workerNodeId]));
		assert.deepEqual(tasks.map(task => task.slot).sort(), [1, 2]);
		assert.ok(tasks.every(task => task.image === TEST_IMAGE && task.node !== '' && task.stateSince > 0));

		const summary = await waitFor('2 of 2 running in the list', async () =>
			(await listServices(swarm.manager.docker, at)).find(service => service.id === id && service.running === 2),
		);
		assert.equal(summary.name, name);
		assert.deepEqual(summary.mode, {kind: 'replicated', replicas: 2});
		assert.equal(summary.desired, 2);
		assert.equal(summary.image, TEST_IMAGE);
		assert.deepEqual(summary.ports, [{published: 18080, target: 80, protocol: 'tcp', mode: 'ingress'}]);
		assert.equal(summary.labels[RUN_LABEL], RUN_ID);

		const details = await inspectService(swarm.manager.docker, name, at);
		assert.deepEqual(details.env, ['A=1']);
		assert.equal(details.canRollback, false);
		assert.equal(details.restartCondition, 'any');

		await assert.rejects(scaleService(swarm.manager.docker, id, -1, at), /not a number of replicas/);
		await assert.rejects(scaleService(swarm.manager.docker, id, 1.5, at), /not a number of replicas/);
		await scaleService(swarm.manager.docker, id, 3, at);
		await waitForRunning(name, 3);
		await scaleService(swarm.manager.docker, id, 2, at);
		await waitForRunning(name, 2);
		assert.equal((await inspectService(swarm.manager.docker, id, at)).desired, 2);

		// The tasks of a node: the worker's include one of this service.
		const onWorker = await listTasks(swarm.manager.docker, {node: swarm.workerNodeId}, at);
		assert.ok(onWorker.some(task => task.serviceId === id && task.state === 'running'));
	} finally {
		await removeService(swarm.manager.docker, id, at);
	}
	await waitFor('the service gone', async () =>
		(await listServices(swarm.manager.docker, at)).some(service => service.id === id) ? undefined : true,
	);
});

test('an image and env update rolls out, rolls back, and a forced update replaces the tasks', async () => {
	const name = uniqueName('upd');
	const id = await createService(swarm.manager.docker, form({name, replicas: '2'}), {}, at);
	try {
		await waitForRunning(name, 2);
		await updateServiceImageEnv(swarm.manager.docker, id, {image: SECOND_TAG, env: ['COLOUR=blue']}, at);
		await waitForRunning(name, 2, tasks => tasks.every(task => task.image === SECOND_TAG));
		const updated = await waitFor('the update completed', async () => {
			const details = await inspectService(swarm.manager.docker, id, at);
			return details.updateStatus?.state === 'completed' ? details : undefined;
		}, 60_000);
		assert.equal(updated.image, SECOND_TAG);
		assert.deepEqual(updated.env, ['COLOUR=blue']);
		assert.equal(updated.canRollback, true);

		await rollbackService(swarm.manager.docker, id, at);
		await waitForRunning(name, 2, tasks => tasks.every(task => task.image === TEST_IMAGE));
		const rolledBack = await waitFor('the rollback completed', async () => {
			const details = await inspectService(swarm.manager.docker, id, at);
			return details.updateStatus?.state === 'rollback_completed' ? details : undefined;
		}, 60_000);
		assert.equal(rolledBack.image, TEST_IMAGE);
		assert.deepEqual(rolledBack.env, []);

		const before = new Set((await running(name)).map(task => task.id));
		await restartService(swarm.manager.docker, id, at);
		await waitForRunning(name, 2, tasks => tasks.every(task => !before.has(task.id)));
	} finally {
		await removeService(swarm.manager.docker, id, at);
	}
});

test('draining the worker moves its tasks to the manager; activating lets tasks back', async () => {
	const name = uniqueName('drain');
	const id = await createService(swarm.manager.docker, form({name, replicas: '2'}), {}, at);
	try {
		await waitForRunning(name, 2, tasks => tasks.some(task => task.nodeId === swarm.workerNodeId));
		await setNodeAvailability(swarm.manager.docker, swarm.workerNodeId, 'drain', at);
		const drained = await waitForRunning(name, 2, tasks => tasks.every(task => task.nodeId === swarm.managerNodeId));
		assert.equal(drained.length, 2);
		const worker = (await listNodes(swarm.manager.docker, at)).find(node => node.id === swarm.workerNodeId);
		assert.equal(worker?.availability, 'drain');
		assert.equal(worker?.runningTasks, 0);
		await setNodeAvailability(swarm.manager.docker, swarm.workerNodeId, 'active', at);
		// The swarm does not rebalance running tasks: a forced update places them afresh.
		await restartService(swarm.manager.docker, id, at);
		await waitForRunning(name, 2, tasks => tasks.some(task => task.nodeId === swarm.workerNodeId));
	} finally {
		await setNodeAvailability(swarm.manager.docker, swarm.workerNodeId, 'active', at);
		await removeService(swarm.manager.docker, id, at);
	}
});

test('the worker is promoted and demoted; node labels are added and removed', async () => {
	await setNodeRole(swarm.manager.docker, swarm.workerNodeId, 'manager', at);
	const promoted = await waitFor('the worker a reachable manager', async () => {
		const node = (await listNodes(swarm.manager.docker, at)).find(item => item.id === swarm.workerNodeId);
		return node?.role === 'manager' && node.managerStatus === 'reachable' ? node : undefined;
	}, 60_000);
	assert.equal(promoted.role, 'manager');
	await waitFor('the worker engine a manager', async () => ((await swarmStatus(swarm.worker.docker)).role === 'manager' ? true : undefined), 30_000);

	await setNodeRole(swarm.manager.docker, swarm.workerNodeId, 'worker', at);
	await waitFor('the node a worker again', async () => {
		const node = (await listNodes(swarm.manager.docker, at)).find(item => item.id === swarm.workerNodeId);
		return node?.role === 'worker' && node.managerStatus === undefined ? node : undefined;
	}, 60_000);
	await waitFor('the worker engine a worker again', async () => ((await swarmStatus(swarm.worker.docker)).role === 'worker' ? true : undefined), 30_000);

	await addNodeLabel(swarm.manager.docker, swarm.workerNodeId, 'zone', 'b', at);
	await addNodeLabel(swarm.manager.docker, swarm.workerNodeId, 'disk', 'ssd', at);
	let worker = (await listNodes(swarm.manager.docker, at)).find(node => node.id === swarm.workerNodeId);
	assert.deepEqual(worker?.labels, {zone: 'b', disk: 'ssd'});
	await removeNodeLabel(swarm.manager.docker, swarm.workerNodeId, 'zone', at);
	worker = (await listNodes(swarm.manager.docker, at)).find(node => node.id === swarm.workerNodeId);
	assert.deepEqual(worker?.labels, {disk: 'ssd'});
	await assert.rejects(addNodeLabel(swarm.manager.docker, swarm.workerNodeId, 'a b', 'c', at), /not a label key/);
	// A live node is not removed without force: the engine's reason comes through.
	await assert.rejects(removeNode(swarm.manager.docker, swarm.workerNodeId, {force: false}, at), /down|ready|force/i);
});

test('a secret in use is refused removal naming the service, and removed once unused; configs alike', async () => {
	const secretName = uniqueName('secret');
	const secretId = await createSwarmData(swarm.manager.docker, 'secret', {name: secretName, labels: testLabels(), data: {value: 's3cret'}}, at);
	const name = uniqueName('uses-secret');
	// The create form has no secrets field: the service is arranged with the API directly.
	const service = await swarm.manager.docker.createService({
		Name: name,
		Labels: testLabels(),
		TaskTemplate: {
			ContainerSpec: {
				Image: TEST_IMAGE,
				Command: ['sh', '-c', TICKER],
				Secrets: [{SecretID: secretId, SecretName: secretName, File: {Name: 'pw', UID: '0', GID: '0', Mode: 0o400}}],
			},
		},
		Mode: {Replicated: {Replicas: 1}},
	});
	try {
		const listed = (await listSwarmData(swarm.manager.docker, 'secret', at)).find(secret => secret.id === secretId);
		assert.equal(listed?.name, secretName);
		assert.deepEqual(listed?.usedBy, [name]);
		assert.equal(listed?.labels[RUN_LABEL], RUN_ID);
		assert.ok(listed !== undefined && !('data' in listed) && listed.createdAt > 0);
		await assert.rejects(removeSwarmData(swarm.manager.docker, 'secret', secretId, at), {
			message: `secret ${secretName} is in use by service ${name} (remove the service or its use of the secret first)`,
		});
	} finally {
		await removeService(swarm.manager.docker, service.id, at);
	}
	await removeSwarmData(swarm.manager.docker, 'secret', secretId, at);
	assert.ok(!(await listSwarmData(swarm.manager.docker, 'secret', at)).some(secret => secret.id === secretId));

	const directory = await mkdtemp(join(tmpdir(), 'berth-config-'));
	try {
		await writeFile(join(directory, 'app.conf'), 'level=debug\n');
		const configName = uniqueName('config');
		const configId = await createSwarmData(swarm.manager.docker, 'config', {name: configName, data: {file: join(directory, 'app.conf')}}, at);
		const raw = (await swarm.manager.docker.getConfig(configId).inspect()) as {Spec: {Data: string}};
		assert.equal(Buffer.from(raw.Spec.Data, 'base64').toString(), 'level=debug\n');
		assert.deepEqual((await listSwarmData(swarm.manager.docker, 'config', at)).find(config => config.id === configId)?.usedBy, []);
		await removeSwarmData(swarm.manager.docker, 'config', configId, at);
		await assert.rejects(
			createSwarmData(swarm.manager.docker, 'config', {name: uniqueName('config'), data: {file: join(directory, 'missing')}}, at),
			/cannot read .*missing: no such file or directory/,
		);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});

test('service logs merge the tasks of both nodes, each line naming its task and node', async () => {
	const name = uniqueName('logs');
	const id = await createService(swarm.manager.docker, form({name, replicas: '2'}), {}, at);
	try {
		await waitForRunning(name, 2, tasks => new Set(tasks.map(task => task.nodeId)).size === 2);
		const nodes = await listNodes(swarm.manager.docker, at);
		const hostnames = new Set(nodes.map(node => node.hostname));
		const lines = await waitFor(
			'lines from both tasks',
			async () => {
				const collected = await new Promise<ServiceLogLine[]>((resolve, reject) => {
					const got: ServiceLogLine[] = [];
					streamServiceLogs(swarm.manager.docker, id, {follow: false, tail: -1, timestamps: true}, {
						onLines: batch => got.push(...batch),
						onError: message => reject(new Error(message)),
						onEnd: () => resolve(got),
					}, at);
				});
				return new Set(collected.map(line => line.task)).size === 2 ? collected : undefined;
			},
			30_000,
		);
		assert.deepEqual(new Set(lines.map(line => line.task)), new Set([`${name}.1`, `${name}.2`]));
		assert.deepEqual(new Set(lines.map(line => line.node)), hostnames);
		for (const line of lines) {
			assert.match(line.text, /^tick \d+$/);
			assert.match(line.timestamp ?? '', /^\d{4}-\d\d-\d\dT/);
			assert.equal(line.stream, 'stdout');
			assert.ok(line.taskId !== '' && line.nodeId !== '');
		}

		// Following: new lines keep arriving until stopped.
		const followed: ServiceLogLine[] = [];
		const subscription = streamServiceLogs(swarm.manager.docker, id, {follow: true, tail: 0, timestamps: false}, {
			onLines: batch => followed.push(...batch),
			onError: () => undefined,
			onEnd: () => undefined,
		}, at);
		await waitFor('followed lines from both tasks', () => (new Set(followed.map(line => line.task)).size === 2 ? true : undefined), 20_000);
		subscription.stop();
	} finally {
		await removeService(swarm.manager.docker, id, at);
	}
});

test('a stack is deployed with the docker CLI, listed with its parts, and removed with them', async () => {
	const directory = await mkdtemp(join(tmpdir(), 'berth-stack-'));
	const stack = `st${RUN_ID.replaceAll('-', '')}`;
	try {
		await writeFile(join(directory, 'token.txt'), 'abc\n');
		// Compose would interpolate the shell's `$`: `$$` is a literal one.
		const composeTicker = JSON.stringify(TICKER.replaceAll('$', '$$$$'));
		const file = join(directory, 'stack.yml');
		await writeFile(
			file,
			[
				"version: '3.7'",
				'services:',
				'  web:',
				`    image: ${TEST_IMAGE}`,
				`    command: ["sh", "-c", ${composeTicker}]`,
				'    secrets: [token]',
				'    deploy:',
				'      replicas: 2',
				`      labels: {${RUN_LABEL}: "${RUN_ID}"}`,
				'  worker:',
				`    image: ${TEST_IMAGE}`,
				`    command: ["sh", "-c", ${composeTicker}]`,
				'secrets:',
				'  token:',
				'    file: ./token.txt',
				'',
			].join('\n'),
		);
		const command = stackDeployCommand(
			{protocol: 'unix', socketPath: swarm.manager.socket, display: at},
			{file, name: stack, resolveImage: 'never'},
			{PATH: process.env['PATH'], HOME: directory},
		);
		assert.deepEqual(command.argv, ['docker', 'stack', 'deploy', '--compose-file', file, '--resolve-image', 'never', '--', stack]);
		assert.equal(command.env['DOCKER_HOST'], `unix://${swarm.manager.socket}`);
		await runCliCommand(command);

		const listed = (await listStacks(swarm.manager.docker, at)).find(item => item.name === stack);
		assert.deepEqual(listed?.services, [`${stack}_web`, `${stack}_worker`]);
		await waitForRunning(`${stack}_web`, 2);
		const services = await listServices(swarm.manager.docker, at);
		assert.equal(services.find(service => service.name === `${stack}_web`)?.stack, stack);

		const contents = await stackContents(swarm.manager.docker, stack, at);
		assert.deepEqual(contents.services.map(item => item.name), [`${stack}_web`, `${stack}_worker`]);
		assert.deepEqual(contents.secrets.map(item => item.name), [`${stack}_token`]);
		assert.deepEqual(contents.networks.map(item => item.name), [`${stack}_default`]);
		assert.deepEqual(contents.configs, []);

		await removeStack(swarm.manager.docker, stack, at);
		assert.ok(!(await listStacks(swarm.manager.docker, at)).some(item => item.name === stack));
		assert.ok(!(await listServices(swarm.manager.docker, at)).some(service => service.stack === stack));
		// The manager lists a removed overlay network until the node's last task on it has stopped.
		const left = await waitFor(
			'the stack network gone',
			async () => {
				const contents = await stackContents(swarm.manager.docker, stack, at);
				return contents.networks.length === 0 ? contents : undefined;
			},
			30_000,
		);
		assert.deepEqual(left, {services: [], secrets: [], configs: [], networks: []});
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
	await assert.rejects(
		runCliCommand(stackDeployCommand({protocol: 'unix', socketPath: swarm.manager.socket, display: at}, {file: join(directory, 'gone.yml'), name: stack})),
		/docker stack deploy failed: .*gone\.yml/,
	);
});

test('node, service, secret and config events pass through the event stream with their types', async () => {
	const secretId = await createSwarmData(swarm.manager.docker, 'secret', {name: uniqueName('ev-secret'), labels: testLabels(), data: {value: 'x'}}, at);
	const configId = await createSwarmData(swarm.manager.docker, 'config', {name: uniqueName('ev-config'), labels: testLabels(), data: {value: 'y'}}, at);
	const name = uniqueName('ev');
	const serviceId = await createService(swarm.manager.docker, form({name, replicas: '0'}), {}, at);
	await addNodeLabel(swarm.manager.docker, swarm.workerNodeId, 'events', 'yes', at);
	await removeNodeLabel(swarm.manager.docker, swarm.workerNodeId, 'events', at);
	await removeService(swarm.manager.docker, serviceId, at);
	await removeSwarmData(swarm.manager.docker, 'secret', secretId, at);
	await removeSwarmData(swarm.manager.docker, 'config', configId, at);
	const seen = (type: EngineEvent['type'], id: string, action: string) =>
		waitFor(`a ${type} ${action} event`, () => events.find(event => event.type === type && event.id === id && event.action === action));
	const created = await seen('service', serviceId, 'create');
	assert.equal(created.attributes['name'], name);
	assert.ok(created.time > 0);
	await seen('service', serviceId, 'remove');
	await seen('secret', secretId, 'create');
	await seen('secret', secretId, 'remove');
	await seen('config', configId, 'create');
	await seen('config', configId, 'remove');
	await seen('node', swarm.workerNodeId, 'update');
});

test('a node that left the swarm is down, and is removed', async () => {
	await swarm.worker.docker.swarmLeave({force: true});
	await waitFor('the worker down', async () => {
		const node = (await listNodes(swarm.manager.docker, at)).find(item => item.id === swarm.workerNodeId);
		return node?.status === 'down' ? node : undefined;
	}, 60_000);
	await removeNode(swarm.manager.docker, swarm.workerNodeId, {force: false}, at);
	assert.deepEqual((await listNodes(swarm.manager.docker, at)).map(node => node.id), [swarm.managerNodeId]);
	assert.deepEqual(await swarmStatus(swarm.worker.docker), {role: 'none'});
});
