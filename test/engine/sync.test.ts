import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type Dockerode from 'dockerode';
import {createEngine, resolveEndpoint} from '../../source/engine/connect.js';
import type {Engine} from '../../source/engine/types.js';
import {EventLog} from '../../source/store/event-log.js';
import {ModelStore, type ModelState} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import {startSync} from '../../source/store/sync.js';
import {createTestContainer, createTestNetwork, createTestVolume, removeTestObjects, requireEngine, uniqueName} from '../support/engine.js';
import {withListing} from './helpers.js';

let docker: Dockerode;
let engine: Engine;

before(async () => {
	docker = await requireEngine();
	engine = createEngine(resolveEndpoint({env: process.env, homeDir: '/nonexistent'}));
});

after(async () => {
	engine.close();
	await removeTestObjects(docker);
});

/** Resolves when the model satisfies `check`, reporting how long the engine took to get there. */
async function until(model: ModelStore, check: (state: ModelState) => boolean, what: string, timeoutMs = 1000): Promise<number> {
	const started = Date.now();
	while (!check(model.get())) {
		if (Date.now() - started > timeoutMs) {
			assert.fail(`${what} did not show within ${timeoutMs} ms`);
		}

		await new Promise(resolve => setTimeout(resolve, 10));
	}

	return Date.now() - started;
}

function named(state: ModelState, name: string) {
	return [...state.containers.values()].find(container => container.name === name);
}

test('the model follows the engine within a second: create, start, pause, rename, stop, destroy', async () => {
	const model = new ModelStore(engine.endpoint, notifyNow);
	const sync = startSync(engine, model);
	try {
		await until(model, state => !state.engine.stale, 'the first listing', 5000);
		const name = uniqueName('sync');
		const container = await createTestContainer(docker, {name, start: false});
		await until(model, state => named(state, name)?.state === 'created', 'create');
		await container.start();
		await until(model, state => named(state, name)?.state === 'running', 'start');
		await container.pause();
		await until(model, state => named(state, name)?.state === 'paused', 'pause');
		await container.unpause();
		await container.rename({name: `${name}-renamed`});
		await until(model, state => named(state, `${name}-renamed`)?.state === 'running', 'rename');
		await container.stop({t: 1});
		await until(model, state => named(state, `${name}-renamed`)?.state === 'exited', 'stop');
		await container.remove();
		await until(model, state => named(state, `${name}-renamed`) === undefined, 'destroy');
		const volume = uniqueName('sync-volume');
		await createTestVolume(docker, {name: volume});
		await until(model, state => state.volumes.some(item => item.name === volume), 'a new volume');
	} finally {
		sync.stop();
	}
});

test('a health check result reaches the model through health_status events', async () => {
	const model = new ModelStore(engine.endpoint, notifyNow);
	const sync = startSync(engine, model);
	try {
		await until(model, state => !state.engine.stale, 'the first listing', 5000);
		const name = uniqueName('sync-health');
		await createTestContainer(docker, {name, healthcheck: {Test: ['CMD', 'true'], Interval: 500_000_000, StartPeriod: 0}});
		await until(model, state => named(state, name)?.health === 'healthy', 'healthy', 5000);
		assert.match(named(model.get(), name)!.status, /\(healthy\)/);
	} finally {
		sync.stop();
	}
});

test('a burst of events for many containers costs one listing call, not one each', async () => {
	const model = new ModelStore(engine.endpoint, notifyNow);
	let partialListings = 0;
	const listContainers = async (ids?: string[]) => {
		if (ids) {
			partialListings++;
		}

		return engine.listContainers(ids);
	};

	const counting = withListing(engine, listContainers);

	const sync = startSync(counting, model);
	try {
		await until(model, state => !state.engine.stale, 'the first listing', 5000);
		const names = Array.from({length: 8}, () => uniqueName('burst'));
		await Promise.all(names.map(async name => createTestContainer(docker, {name, start: false})));
		await until(model, state => names.every(name => named(state, name)), 'eight new containers', 3000);
		assert.ok(partialListings <= 4, `${partialListings} listings for 8 creations`);
	} finally {
		sync.stop();
	}
});

test('a container joining or leaving a network shows in its networks, and every event reaches the event log', async () => {
	const model = new ModelStore(engine.endpoint, notifyNow);
	const events = new EventLog(notifyNow);
	const sync = startSync(engine, model, {events});
	try {
		await until(model, state => !state.engine.stale, 'the first listing', 5000);
		const name = uniqueName('sync-net');
		const container = await createTestContainer(docker, {name});
		await until(model, state => named(state, name)?.state === 'running', 'start');
		const network = await createTestNetwork(docker, {name: uniqueName('sync-net')});
		const networkName = (await network.inspect()).Name as string;
		await network.connect({Container: container.id});
		await until(model, state => named(state, name)?.networks.includes(networkName) ?? false, 'connect');
		await network.disconnect({Container: container.id});
		await until(model, state => !(named(state, name)?.networks.includes(networkName) ?? true), 'disconnect');
		const actions = events.get().events.filter(event => event.type === 'network' && event.attributes['container'] === container.id && event.attributes['name'] === networkName).map(event => event.action);
		// Engine 20.10 was seen to report one disconnect twice.
		assert.deepEqual([...new Set(actions)], ['connect', 'disconnect']);
	} finally {
		sync.stop();
	}
});

test('a container destroyed while its re-list is under way stays gone, whatever that re-list answers', async () => {
	// The engine's answers to a re-list of some containers come late, as from a busy engine: the
	// destroy event then arrives before the answer, which was taken while the container was still there.
	let lateAnswers = 0;
	const listLate = async (ids?: string[]) => {
		const answer = await engine.listContainers(ids);
		if (ids !== undefined) {
			lateAnswers += answer.length;
			await new Promise(resolve => setTimeout(resolve, 1500));
		}
		return answer;
	};
	const slow = withListing(engine, listLate);
	const model = new ModelStore(engine.endpoint, notifyNow);
	const sync = startSync(slow, model);
	try {
		await until(model, state => !state.engine.stale, 'the first listing', 5000);
		const name = uniqueName('sync-gone');
		const container = await createTestContainer(docker, {name, start: true});
		await until(model, state => named(state, name)?.state === 'running', 'start', 5000);
		const answersBefore = lateAnswers;
		await container.pause();
		// The pause is re-listed (late); the container is removed before that answer comes.
		await new Promise(resolve => setTimeout(resolve, 200));
		await container.remove({force: true});
		await until(model, state => named(state, name) === undefined, 'destroy', 2000);
		await new Promise(resolve => setTimeout(resolve, 2000));
		assert.ok(lateAnswers > answersBefore, 'the re-list answered with the container after it was removed');
		assert.equal(named(model.get(), name), undefined);
	} finally {
		sync.stop();
	}
});
