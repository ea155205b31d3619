import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type Docker from 'dockerode';
import {createEngine} from '../../source/engine/connect.js';
import {EngineError, type ContainerSummary} from '../../source/engine/types.js';
import {cleanUp, createContainer, docker, engine, idle, labels, requireEngine, runId, testImage, uniqueName, waitFor} from './helpers.js';

const millisecond = 1_000_000;
let web: Docker.Container;
let healthy: Docker.Container;
let unhealthy: Docker.Container;
let starting: Docker.Container;
let created: Docker.Container;
let exited: Docker.Container;
let volumeName: string;

before(async () => {
	await requireEngine();
	volumeName = uniqueName('data');
	await docker.createVolume({Name: volumeName, Labels: {...labels, purpose: 'list test'}});
	[web, healthy, unhealthy, starting, created, exited] = await Promise.all([
		createContainer({
			hint: 'web',
			Cmd: idle,
			Env: ['GREETING=hello world'],
			Labels: {'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web', tier: 'front'},
			ExposedPorts: {'80/tcp': {}},
			HostConfig: {
				PortBindings: {'80/tcp': [{HostIp: '127.0.0.1', HostPort: ''}]},
				Mounts: [{Type: 'volume', Source: volumeName, Target: '/data'}],
				RestartPolicy: {Name: 'on-failure', MaximumRetryCount: 2},
			},
		}),
		createContainer({hint: 'healthy', Cmd: idle, Healthcheck: {Test: ['CMD', 'true'], Interval: 100 * millisecond}}),
		createContainer({
			hint: 'unhealthy',
			Cmd: idle,
			Healthcheck: {Test: ['CMD-SHELL', 'echo failing; exit 1'], Interval: 100 * millisecond, Retries: 1},
		}),
		createContainer({hint: 'starting', Cmd: idle, Healthcheck: {Test: ['CMD', 'true'], Interval: 3600_000 * millisecond}}),
		createContainer({hint: 'created', Cmd: idle, start: false}),
		createContainer({hint: 'exited', Cmd: ['sh', '-c', 'exit 3']}),
	]);
	await exited.wait();
});

after(cleanUp);

async function listed(container: Docker.Container): Promise<ContainerSummary> {
	const [summary] = await engine.listContainers([container.id]);
	assert.ok(summary, `container ${container.id} is listed`);
	return summary;
}

test('listing returns every container, running or not, normalised', async () => {
	const before = Date.now();
	const all = await engine.listContainers();
	const afterList = Date.now();
	const ids = new Set(all.map(container => container.id));
	for (const container of [web, healthy, unhealthy, starting, created, exited]) {
		assert.ok(ids.has(container.id), `${container.id} listed`);
	}
	const summary = all.find(container => container.id === web.id);
	assert.ok(summary);
	const inspected = await web.inspect();
	assert.equal(summary.name, inspected.Name.slice(1));
	assert.ok(!summary.name.startsWith('/'));
	assert.equal(summary.image, testImage);
	assert.equal(summary.imageId, inspected.Image);
	assert.equal(summary.command, `sh -c '${idle[2]}'`);
	assert.equal(summary.state, 'running');
	assert.match(summary.status, /^Up /);
	assert.ok(summary.statusAt >= before && summary.statusAt <= afterList);
	assert.ok(Math.abs(summary.created - Date.parse(inspected.Created)) < 1000);
	assert.equal(summary.health, undefined);
	assert.equal(summary.project, 'shop');
	assert.equal(summary.service, 'web');
	assert.equal(summary.labels['tier'], 'front');
	assert.equal(summary.labels['berth.test'], runId);
	assert.deepEqual(summary.networks, ['bridge']);
	const published = summary.ports.filter(port => port.privatePort === 80);
	assert.ok(published.length > 0);
	for (const port of published) {
		assert.equal(port.type, 'tcp');
		assert.equal(port.ip, '127.0.0.1');
		assert.ok(port.publicPort !== undefined && port.publicPort > 0);
	}
});

test('listing by ids returns only those, and no ids means no containers', async () => {
	const some = await engine.listContainers([web.id, exited.id]);
	assert.deepEqual(some.map(container => container.id).sort(), [web.id, exited.id].sort());
	assert.deepEqual(await engine.listContainers([]), []);
});

test('states: created, exited with its code', async () => {
	assert.equal((await listed(created)).state, 'created');
	const gone = await listed(exited);
	assert.equal(gone.state, 'exited');
	assert.match(gone.status, /^Exited \(3\)/);
});

test('health comes from a real HEALTHCHECK: starting, healthy, unhealthy', async () => {
	assert.equal((await listed(starting)).health, 'starting');
	await waitFor('healthy', async () => ((await listed(healthy)).health === 'healthy' ? true : undefined));
	await waitFor('unhealthy', async () => ((await listed(unhealthy)).health === 'unhealthy' ? true : undefined));
	const details = await engine.inspectContainer(unhealthy.id);
	assert.equal(details.health?.status, 'unhealthy');
	assert.ok((details.health?.failingStreak ?? 0) >= 1);
	assert.ok(details.health?.log.some(entry => entry.exitCode === 1 && entry.output.includes('failing')));
});

test('inspect is normalised: config, mounts, ports, networks, restart policy, state', async () => {
	const details = await engine.inspectContainer(web.id);
	const raw = await web.inspect();
	assert.equal(details.id, web.id);
	assert.equal(details.name, raw.Name.slice(1));
	assert.equal(details.image, testImage);
	assert.equal(details.imageId, raw.Image);
	assert.deepEqual(details.command, idle);
	assert.deepEqual(details.entrypoint, []);
	assert.ok(details.env.includes('GREETING=hello world'));
	assert.equal(details.labels['com.docker.compose.project'], 'shop');
	assert.equal(details.tty, false);
	assert.equal(details.openStdin, false);
	assert.equal(details.hostname, raw.Config.Hostname);
	assert.deepEqual(details.mounts, [
		{type: 'volume', source: raw.Mounts[0]?.Source, destination: '/data', mode: raw.Mounts[0]?.Mode, readWrite: true, name: volumeName},
	]);
	assert.equal(details.ports.length, 1);
	assert.equal(details.ports[0]?.containerPort, '80/tcp');
	assert.equal(details.ports[0]?.host[0]?.ip, '127.0.0.1');
	assert.match(details.ports[0]?.host[0]?.port ?? '', /^\d+$/);
	assert.equal(details.networks.length, 1);
	assert.equal(details.networks[0]?.name, 'bridge');
	assert.match(details.networks[0]?.ipAddress ?? '', /^\d+\.\d+\.\d+\.\d+$/);
	assert.deepEqual(details.restartPolicy, {name: 'on-failure', maxRetries: 2});
	assert.equal(details.state.status, 'running');
	assert.equal(details.state.running, true);
	assert.ok(details.state.pid > 0);
	assert.ok(Math.abs(details.created - Date.parse(raw.Created)) < 1);
	assert.equal(details.health, undefined);

	const stopped = await engine.inspectContainer(exited.id);
	assert.equal(stopped.state.status, 'exited');
	assert.equal(stopped.state.exitCode, 3);
	assert.equal(stopped.state.running, false);
	assert.notEqual(stopped.state.finishedAt, '0001-01-01T00:00:00Z');
});

test('a missing container is an EngineError with the engine reason', async () => {
	await assert.rejects(engine.inspectContainer('berth-no-such-container'), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.equal(error.statusCode, 404);
		assert.equal(error.message, 'No such container: berth-no-such-container');
		return true;
	});
});

test('top lists the processes of a running container', async () => {
	const top = await engine.top(web.id);
	assert.ok(top.titles.includes('PID'));
	const command = top.titles.indexOf('CMD');
	assert.ok(command >= 0);
	assert.ok(top.processes.some(process => process[command]?.includes('trap "exit 0" TERM')));
});

test('images, volumes and networks are listed', async () => {
	const images = await engine.listImages();
	const image = images.find(candidate => candidate.tags.includes(`${testImage}:latest`));
	assert.ok(image);
	assert.match(image.id, /^sha256:/);
	assert.ok(image.size > 0);
	assert.ok(image.created > Date.UTC(2000, 0, 1));

	const volume = (await engine.listVolumes()).find(candidate => candidate.name === volumeName);
	assert.ok(volume);
	assert.equal(volume.driver, 'local');
	assert.equal(volume.labels['purpose'], 'list test');
	assert.ok(volume.created !== undefined && Math.abs(volume.created - Date.now()) < 120_000);

	const networks = await engine.listNetworks();
	const bridge = networks.find(network => network.name === 'bridge');
	assert.ok(bridge);
	assert.equal(bridge.driver, 'bridge');
	assert.equal(bridge.internal, false);
	assert.ok(bridge.subnets.length > 0);
	assert.ok(networks.some(network => network.name === 'host'));
});

test('ping and version answer', async () => {
	await engine.ping();
	const version = await engine.version();
	assert.match(version.version, /^\d+\./);
	assert.match(version.apiVersion, /^1\.\d+$/);
	assert.equal(version.os, 'linux');
});

test('an unreachable engine is reported with its endpoint and the error code', async () => {
	const missing = createEngine({protocol: 'unix', socketPath: '/nonexistent/berth.sock', display: 'unix:///nonexistent/berth.sock'});
	try {
		await assert.rejects(missing.ping(), {
			name: 'EngineError',
			message: 'cannot connect to the Docker engine at unix:///nonexistent/berth.sock: ENOENT (no such socket); is the Docker daemon running?',
		});
	} finally {
		missing.close();
	}
});
