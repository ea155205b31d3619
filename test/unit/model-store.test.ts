import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ModelStore} from '../../source/store/model-store.js';
import {notifyPerFrame} from '../../source/store/observable.js';
import {container} from '../support/build.js';

test('changes within one frame reach listeners as one notification', async () => {
	const model = new ModelStore('unix:///x', notifyPerFrame(20));
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
