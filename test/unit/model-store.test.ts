import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ModelStore} from '../../source/store/model-store.js';
import {FrameScheduler} from '../../source/store/observable.js';
import {container} from '../support/build.js';

test('changes within one frame reach listeners as one notification', async () => {
	const model = new ModelStore('unix:///x', new FrameScheduler(20).policy);
	let heard = 0;
	model.subscribe(() => {
		heard++;
	});
	for (let index = 0; index < 100; index++) {
		model.refreshContainers([], [container({name: `c${index}`})]);
	}

	assert.equal(heard, 0);
	await new Promise(resolve => setTimeout(resolve, 40));
	assert.equal(heard, 1);
	assert.equal(model.get().containers.size, 100);
});

test('stores sharing a scheduler are heard in the same frame', async () => {
	const frames = new FrameScheduler(20);
	const a = new ModelStore('unix:///a', frames.policy);
	const b = new ModelStore('unix:///b', frames.policy);
	const heard: string[] = [];
	a.subscribe(() => heard.push('a'));
	b.subscribe(() => heard.push('b'));
	a.notify('info', 'one');
	await new Promise(resolve => setTimeout(resolve, 10));
	b.notify('info', 'two');
	assert.deepEqual(heard, []);
	await new Promise(resolve => setTimeout(resolve, 20));
	assert.deepEqual(heard, ['a', 'b']);
});

test('samples wait for the frame of another change, or their own delay', async () => {
	const frames = new FrameScheduler(20);
	const model = new ModelStore('unix:///x', frames.policy, frames.within(200));
	const web = container({name: 'web'});
	model.replaceContainers([web]);
	await new Promise(resolve => setTimeout(resolve, 40));
	let heard = 0;
	model.subscribe(() => {
		heard++;
	});
	const sample = {time: Date.now(), cpuPercent: 1, memoryUsage: 1, memoryLimit: 10, memoryPercent: 10, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 1};
	model.recordSample(web.id, sample, 10);
	await new Promise(resolve => setTimeout(resolve, 40));
	assert.equal(heard, 0, 'a sample alone waits');
	model.notify('info', 'a change that may not wait');
	await new Promise(resolve => setTimeout(resolve, 40));
	assert.equal(heard, 1, 'heard once, with the other change');
	model.recordSample(web.id, {...sample, time: sample.time + 1000}, 10);
	await new Promise(resolve => setTimeout(resolve, 100));
	assert.equal(heard, 1);
	await new Promise(resolve => setTimeout(resolve, 150));
	assert.equal(heard, 2, 'heard after its own delay when nothing else came');
});

test('a partial re-list replaces what it found and drops what it asked for but did not find', () => {
	const model = new ModelStore('unix:///x');
	const a = container({name: 'a'});
	const b = container({name: 'b'});
	model.replaceContainers([a, b]);
	model.refreshContainers([a.id, b.id], [{...a, state: 'exited'}]);
	assert.equal(model.get().containers.get(a.id)?.state, 'exited');
	assert.equal(model.get().containers.has(b.id), false);
});

test('losing the connection marks the lists stale until the next sync', () => {
	const model = new ModelStore('unix:///x');
	model.markSynced(1);
	assert.equal(model.get().engine.stale, false);
	model.setConnection({status: 'reconnecting', attempt: 1, error: 'connection refused', retryInMs: 500});
	assert.equal(model.get().engine.stale, true);
	model.setConnection({status: 'connected', attempt: 0});
	assert.equal(model.get().engine.stale, true);
	model.markSynced(2);
	assert.equal(model.get().engine.stale, false);
});

test('the first rows are heard at once; later lists wait for the frame', async () => {
	const model = new ModelStore('unix:///x', new FrameScheduler(20).policy);
	let heard = 0;
	model.subscribe(() => {
		heard++;
	});
	model.replaceContainers([]);
	assert.equal(heard, 0, 'an empty list draws no rows');
	model.replaceContainers([container({name: 'first'})]);
	assert.equal(heard, 1, 'the first rows do not wait');
	model.replaceContainers([container({name: 'first'}), container({name: 'second'})]);
	assert.equal(heard, 1);
	await new Promise(resolve => setTimeout(resolve, 40));
	assert.equal(heard, 2);
});
