// Two real engines watched as one: the shared engine and a private dockerd that is stopped and
// started again while the set is watched.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type Dockerode from 'dockerode';
import {createEngine} from '../../source/engine/connect.js';
import {engineSetEndpoint, resolveEngineSet} from '../../source/engine/engine-set.js';
import {MultiEngine, withEngine} from '../../source/engine/multi-engine.js';
import type {StatsSample} from '../../source/engine/types.js';
import {qualify, splitKey} from '../../source/format/engine-key.js';
import {ModelStore, type ModelState} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import {startSync} from '../../source/store/sync.js';
import {startTlsEngine} from '../support/tls-engine.js';
import {createTestContainer, removeTestObjects, requireEngine, startPrivateEngine, TEST_IMAGE, testLabels, uniqueName, type PrivateEngine} from '../support/engine.js';

const LOCAL = 'local';
const PRIVATE = 'lab';
const env = {};
const homeDir = '/nonexistent';
/** A container that keeps a CPU busy, so its samples show CPU use. */
const BUSY_LOOP = ['sh', '-c', 'trap "exit 0" TERM; while :; do :; done'];

let docker: Dockerode;
let lab: PrivateEngine;
let engine: MultiEngine;

before(async () => {
	docker = await requireEngine();
	lab = await startPrivateEngine();
	const entries = resolveEngineSet({hosts: [`${LOCAL}=unix:///var/run/docker.sock`, `${PRIVATE}=unix://${lab.socket}`], contexts: []}, {env, homeDir});
	engine = createEngine(engineSetEndpoint(entries)) as MultiEngine;
});

after(async () => {
	engine?.close();
	await removeTestObjects(docker);
	await lab?.dispose();
});

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== undefined && found !== false) {
			return found;
		}

		if (Date.now() > deadline) {
			assert.fail(`${what} did not happen within ${timeoutMs} ms`);
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/** The first sample with a CPU figure of a container's stats stream, and the source the set reports then. */
async function firstSample(set: MultiEngine, id: string): Promise<{sample: StatsSample; source: string}> {
	return new Promise((resolve, reject) => {
		const subscription = set.streamStats(id, 500, {
			onSample(sample) {
				if (sample.cpuPercent !== undefined) {
					subscription.stop();
					resolve({sample, source: set.statsSource});
				}
			},
			onError: reject,
			onEnd: () => reject(new Error('the stream ended')),
		});
	});
}

function named(state: ModelState, name: string) {
	return [...state.containers.values()].find(container => container.name === name);
}

test('names come from NAME=URL or the URL, and must differ', () => {
	const entries = resolveEngineSet({hosts: ['unix:///var/run/docker.sock', 'lab=tcp://10.0.0.2:2375'], contexts: ['default']}, {env, homeDir});
	assert.deepEqual(
		entries.map(entry => [entry.name, entry.flags]),
		[
			['/var/run/docker.sock', ['-H', 'unix:///var/run/docker.sock']],
			['lab', ['-H', 'tcp://10.0.0.2:2375']],
			['default', ['--context', 'default']],
		],
	);
	assert.equal(engineSetEndpoint(entries).display, '/var/run/docker.sock, lab, default');
	assert.throws(() => resolveEngineSet({hosts: ['a=unix:///x.sock', 'a=unix:///y.sock'], contexts: []}, {env, homeDir}), /two engines are called "a"/);
	assert.throws(() => resolveEngineSet({hosts: ['a,b=unix:///x.sock'], contexts: []}, {env, homeDir}), /cannot name an engine/);
});

test('lists merge both engines, each object keyed by its engine: the same image on both is two rows', async () => {
	const localName = uniqueName('multi-local');
	const labName = uniqueName('multi-lab');
	await createTestContainer(docker, {name: localName});
	await createTestContainer(lab.docker, {name: labName});

	const containers = await engine.listContainers();
	const local = containers.find(container => container.name === localName);
	const remote = containers.find(container => container.name === labName);
	assert.equal(local?.engine, LOCAL);
	assert.equal(remote?.engine, PRIVATE);
	assert.equal(splitKey(remote.id).engine, PRIVATE);
	assert.equal((await lab.docker.getContainer(splitKey(remote.id).id).inspect()).Name, `/${labName}`);

	const images = (await engine.listImages()).filter(image => image.tags.includes(`${TEST_IMAGE}:latest`));
	assert.deepEqual(images.map(image => image.engine).sort(), [PRIVATE, LOCAL].sort());
	assert.equal(splitKey(images[0]!.id).id, splitKey(images[1]!.id).id, 'the image was copied, so both engines give it the same id');
	assert.notEqual(images[0]!.id, images[1]!.id);
	assert.equal(remote.imageId, images.find(image => image.engine === PRIVATE)!.id);
});

test('a call that names an object goes to its engine; one that names none to the chosen engine', async () => {
	const name = uniqueName('multi-route');
	const labContainer = await createTestContainer(lab.docker, {name});
	const twin = await createTestContainer(docker, {name});
	const id = qualify(labContainer.id, PRIVATE);

	await engine.stopContainer(id);
	assert.equal((await labContainer.inspect()).State.Running, false);
	assert.equal((await twin.inspect()).State.Running, true, 'the container of the same name on the other engine runs on');
	assert.equal((await engine.inspectContainer(id)).name, name);

	const volume = uniqueName('multi-volume');
	const created = await withEngine(PRIVATE, async () => engine.createVolume({name: volume, driver: 'local', driverOptions: {}, labels: testLabels()}));
	assert.equal(created.name, qualify(volume, PRIVATE));
	assert.equal((await lab.docker.getVolume(volume).inspect()).Name, volume);
	await assert.rejects(docker.getVolume(volume).inspect(), /no such volume/i);
	await engine.removeVolume(created.name, {force: false});
	await assert.rejects(lab.docker.getVolume(volume).inspect(), /no such volume/i);

	// Without a chosen engine, the first engine of the set.
	// The engines share the host, so their data roots tell them apart.
	assert.equal((await engine.systemInfo()).rootDir, (await docker.info()).DockerRootDir);
	const labInfo = await withEngine(PRIVATE, async () => engine.systemInfo());
	assert.equal(labInfo.rootDir, (await lab.docker.info()).DockerRootDir);
	assert.notEqual(labInfo.rootDir, (await docker.info()).DockerRootDir);
	assert.equal(engine.commandOn(PRIVATE, `docker volume rm ${created.name}`), `docker -H unix://${lab.socket} volume rm ${volume}`);
});

test('metrics of a container on each engine, at the same interval', async () => {
	const names = [uniqueName('multi-stats'), uniqueName('multi-stats')];
	const local = await createTestContainer(docker, {name: names[0], cmd: BUSY_LOOP});
	const remote = await createTestContainer(lab.docker, {name: names[1], cmd: BUSY_LOOP});
	const [mine, theirs] = await Promise.all([firstSample(engine, qualify(local.id, LOCAL)), firstSample(engine, qualify(remote.id, PRIVATE))]);
	for (const {sample} of [mine, theirs]) {
		assert.ok(sample.cpuPercent! > 2, `a busy loop shows CPU: ${sample.cpuPercent}`);
		assert.ok(sample.memoryUsage > 0 && sample.memoryLimit > 0);
		assert.ok(sample.pids >= 1);
	}
});

test('a remote engine\'s metrics come from its stats API, the local one\'s from cgroup files', {timeout: 180_000}, async () => {
	const remote = await startTlsEngine();
	const set = createEngine(
		engineSetEndpoint(
			resolveEngineSet(
				{hosts: [`${LOCAL}=unix:///var/run/docker.sock`, `remote=tcp://${remote.host}:${remote.port}`], contexts: []},
				{env: {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: remote.certPath}, homeDir},
			),
		),
	) as MultiEngine;
	try {
			const here = await createTestContainer(docker, {name: uniqueName('multi-api'), cmd: BUSY_LOOP});
		const there = await createTestContainer(remote.engine.docker, {name: uniqueName('multi-api'), cmd: BUSY_LOOP});
		const remoteSample = await firstSample(set, qualify(there.id, 'remote'));
		assert.equal(remoteSample.source, 'api');
		const localSample = await firstSample(set, qualify(here.id, LOCAL));
		assert.equal(localSample.source, 'cgroup');
		for (const {sample} of [remoteSample, localSample]) {
			assert.ok(sample.cpuPercent! > 2, `a busy loop shows CPU: ${sample.cpuPercent}`);
			assert.ok(sample.memoryUsage > 0 && sample.pids >= 1);
		}
	} finally {
		set.close();
		await remote.dispose();
	}
});

test('one engine going down marks only its rows stale; the other keeps working; it rejoins by itself', async () => {
	const model = new ModelStore(engine.endpoint, notifyNow);
	const sync = startSync(engine, model);
	const labName = uniqueName('multi-down');
	await createTestContainer(lab.docker, {name: labName});
	try {
		await until('both engines listed', () => model.get().engines.size === 2 && [...model.get().engines.values()].every(info => !info.stale) && named(model.get(), labName));
		assert.equal(model.get().engines.get(PRIVATE)?.connection.status, 'connected');

		await lab.stop();
		await until('the private engine reconnecting', () => model.get().engines.get(PRIVATE)?.connection.status === 'reconnecting');
		const state = model.get();
		assert.equal(state.engines.get(PRIVATE)?.stale, true);
		assert.equal(state.engines.get(LOCAL)?.stale, false);
		assert.equal(state.engine.connection.status, 'connected', 'the set as a whole is still connected');
		assert.ok(named(state, labName), 'its rows stay, showing the last known state');

		// The local engine goes on: a container made there now shows.
		const localName = uniqueName('multi-up');
		await createTestContainer(docker, {name: localName});
		await until('a local container made while the other is down', () => named(model.get(), localName)?.state === 'running');

		await lab.start();
		await until('the private engine back', () => !model.get().engines.get(PRIVATE)?.stale, 30_000);
		assert.equal(named(model.get(), labName)?.engine, PRIVATE);
		assert.equal(named(model.get(), localName)?.engine, LOCAL);
	} finally {
		sync.stop();
	}
});

test('the swarm panes show the swarm of the engine that manages one, though another comes first; its calls go there', async () => {
	const model = new ModelStore(engine.endpoint, notifyNow);
	await lab.docker.swarmInit({ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1'});
	const sync = startSync(engine, model);
	try {
		// The local engine, first in the set, is in no swarm; the private one manages its own.
		assert.equal((await docker.info() as {Swarm: {LocalNodeState: string}}).Swarm.LocalNodeState, 'inactive');
		const status = await engine.swarmStatus();
		assert.equal(status.role, 'manager');
		const managerId = status.role === 'manager' ? status.nodeId : '';
		await until('the swarm lists in the model', () => model.get().swarm.status?.role === 'manager' && model.get().swarm.nodes.length === 1);
		assert.equal(model.get().swarm.nodes[0]!.id, managerId);

		// A call made from a row of the local engine still goes to the swarm's engine.
		const nodes = await withEngine(LOCAL, async () => engine.listNodes());
		assert.deepEqual(nodes.map(node => node.id), [managerId]);
		await withEngine(LOCAL, async () => engine.addNodeLabel(managerId, 'zone', 'lab'));
		const node = await lab.docker.getNode(managerId).inspect() as {Spec: {Labels: Record<string, string>}};
		assert.equal(node.Spec.Labels['zone'], 'lab');
	} finally {
		sync.stop();
		await lab.docker.swarmLeave({force: true});
	}
});
