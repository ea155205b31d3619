import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type Dockerode from 'dockerode';
import {resolveEndpoint} from '../../source/engine/connect.js';
import {startEarlyList} from '../../source/early-list.js';
import {ModelStore, type ModelState} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import {startSync} from '../../source/store/sync.js';
import {createTestContainer, removeTestObjects, requireEngine, uniqueName} from '../support/engine.js';
import {waitFor, withListing} from './helpers.js';

let docker: Dockerode;

before(async () => {
	docker = await requireEngine();
});

after(async () => {
	await removeTestObjects(docker);
});

async function until(model: ModelStore, check: (state: ModelState) => boolean, what: string): Promise<void> {
	await waitFor(what, () => (check(model.get()) ? true : undefined), 5000);
}

const hasName = (state: ModelState, name: string): boolean => [...state.containers.values()].some(container => container.name === name);

test('the container list asked for at start shows before the events stream opens; the listing after it replaces it, and events still apply', async () => {
	const kept = uniqueName('early-kept');
	const gone = uniqueName('early-gone');
	await createTestContainer(docker, {name: kept, start: false});
	const goneContainer = await createTestContainer(docker, {name: gone, start: false});
	const early = startEarlyList(resolveEndpoint({env: process.env, homeDir: '/nonexistent'}));
	assert.ok(early, 'a local engine is listed early');
	try {
		const list = await early.containers;
		assert.ok(list?.some(container => container.name === gone));
		assert.equal(early.answered, list);
		// Removed after the early list and before the stream opens: the early list is stale in that.
		await goneContainer.remove({force: true});

		const model = new ModelStore(early.engine.endpoint, notifyNow);
		const sync = startSync(early.engine, model, {early: early.answered});
		try {
			// Already answered, so shown at once: the first frame has the rows.
			assert.ok(hasName(model.get(), kept) && hasName(model.get(), gone), 'the early rows show at once');
			assert.equal(model.get().engine.syncedAt, undefined, 'before the listing after the stream opened');
			await until(model, state => state.engine.syncedAt !== undefined, 'the first listing');
			assert.ok(hasName(model.get(), kept));
			assert.ok(!hasName(model.get(), gone), 'the listing after the stream opened replaced the early one');
			const added = uniqueName('early-added');
			await createTestContainer(docker, {name: added, start: false});
			await until(model, state => hasName(state, added), 'a container created after the start');
		} finally {
			sync.stop();
		}
	} finally {
		early.engine.close();
	}
});

test('the listing made once the stream opened waits for the early list, which has the engine to itself, then replaces it', async () => {
	const name = uniqueName('early-late');
	const early = startEarlyList(resolveEndpoint({env: process.env, homeDir: '/nonexistent'}));
	assert.ok(early);
	try {
		await early.containers;
		// Made after the early list: only the listing has it.
		await createTestContainer(docker, {name, start: false});
		const model = new ModelStore(early.engine.endpoint, notifyNow);
		let release: () => void = () => {};
		const late = new Promise<void>(resolve => {
			release = resolve;
		}).then(async () => early.containers);
		// Which full listings the sync asks for, and whether the early list was still under way then.
		let released = false;
		const asked: boolean[] = [];
		const engine = withListing(early.engine, async ids => {
			if (ids === undefined) {
				asked.push(released);
			}

			return early.engine.listContainers(ids);
		});
		const sync = startSync(engine, model, {early: late});
		try {
			await until(model, state => state.engine.connection.status === 'connected', 'the events stream');
			// Time for the listing to be asked for, were it not waiting.
			await new Promise(resolve => setTimeout(resolve, 300));
			assert.deepEqual(asked, [], 'nothing was listed beside the early list');
			released = true;
			release();
			await until(model, state => state.engine.syncedAt !== undefined && hasName(state, name), 'the listing after the early list');
			assert.deepEqual(asked, [true]);
		} finally {
			sync.stop();
		}
	} finally {
		early.engine.close();
	}
});

test('an early list that never answers holds the listing back only so long', async () => {
	const early = startEarlyList(resolveEndpoint({env: process.env, homeDir: '/nonexistent'}));
	assert.ok(early);
	try {
		await early.containers;
		const model = new ModelStore(early.engine.endpoint, notifyNow);
		const sync = startSync(early.engine, model, {early: new Promise(() => {}), earlyWaitMs: 300});
		try {
			await until(model, state => state.engine.syncedAt !== undefined, 'the listing after the wait');
		} finally {
			sync.stop();
		}
	} finally {
		early.engine.close();
	}
});

test('a container an event re-listed while the full listing was under way keeps its newer state', async () => {
	const name = uniqueName('early-race');
	const container = await createTestContainer(docker, {name});
	const early = startEarlyList(resolveEndpoint({env: process.env, homeDir: '/nonexistent'}));
	assert.ok(early);
	const {engine} = early;
	// The full listing answers at once but is handed over only when released: it is older than
	// what events re-list meanwhile.
	let release: () => void = () => {};
	const released = new Promise<void>(resolve => {
		release = resolve;
	});
	const held = withListing(engine, async ids => {
		const answer = await engine.listContainers(ids);
		if (ids === undefined) {
			await released;
		}

		return answer;
	});
	try {
		const model = new ModelStore(engine.endpoint, notifyNow);
		const sync = startSync(held, model, {early: await early.containers});
		try {
			const stateOf = (state: ModelState): string | undefined => [...state.containers.values()].find(each => each.name === name)?.state;
			assert.equal(stateOf(model.get()), 'running');
			// The full listing was asked for once the stream opened; let it answer (held), then stop.
			await new Promise(resolve => setTimeout(resolve, 500));
			await container.stop({t: 1});
			await until(model, state => stateOf(state) === 'exited', 'the stop, through its event');
			release();
			await until(model, state => state.engine.syncedAt !== undefined, 'the first listing');
			assert.equal(stateOf(model.get()), 'exited', 'the older listing did not bring back the running state');
		} finally {
			sync.stop();
		}
	} finally {
		engine.close();
	}
});

test('no early list over SSH, whose client would write to the terminal before the screen is up', () => {
	assert.equal(startEarlyList(resolveEndpoint({host: 'ssh://someone@example.invalid', env: {}, homeDir: '/nonexistent'})), undefined);
});
