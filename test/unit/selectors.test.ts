import {test} from 'node:test';
import type {NetworkSummary} from '../../source/engine/types.js';
import assert from 'node:assert/strict';
import {ModelStore} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import type {SortColumn} from '../../source/store/metrics.js';
import {containersToSample, cursorIndex, networkUsers, selectContainers, selectedContainer, targetObjects, visibleKeys} from '../../source/store/selectors.js';
import {initialView} from '../../source/store/view-store.js';
import {qualify} from '../../source/format/engine-key.js';
import {container} from '../support/build.js';

const web = container({name: 'web', image: 'nginx:1.25', id: 'abc123' + 'f'.repeat(58)});
const db = container({name: 'db', image: 'postgres:16'});
const old = container({name: 'aaa-old', state: 'exited', status: 'Exited (0) 2 hours ago'});
const paused = container({name: 'zeta', state: 'paused', status: 'Up 2 hours (Paused)'});

function names(model: ModelStore, options: {showStopped?: boolean; filter?: string; sort?: SortColumn; reverse?: boolean} = {}): string[] {
	const view = initialView({showStopped: options.showStopped ?? true, filter: options.filter ?? '', sort: options.sort});
	return selectContainers(model.get(), {...view, sort: {...view.sort, reverse: options.reverse ?? false}}).map(item => item.name);
}

function sample(cpuPercent: number, memoryUsage = 1000) {
	return {time: Date.now(), cpuPercent, memoryUsage, memoryLimit: 10_000, memoryPercent: memoryUsage / 100, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 1};
}

function modelWith(...list: ReturnType<typeof container>[]): ModelStore {
	const model = new ModelStore('unix:///var/run/docker.sock', notifyNow);
	model.replaceContainers(list);
	return model;
}

test('containers that are up come first, each group by name', () => {
	const model = modelWith(old, web, paused, db);
	assert.deepEqual(names(model), ['db', 'web', 'zeta', 'aaa-old']);
});

test('hiding stopped containers keeps running and paused ones', () => {
	const model = modelWith(old, web, paused, db);
	assert.deepEqual(names(model, {showStopped: false}), ['db', 'web', 'zeta']);
});

test('the filter matches name, image or id prefix, ignoring case', () => {
	const model = modelWith(old, web, paused, db);
	assert.deepEqual(names(model, {filter: 'WEB'}), ['web']);
	assert.deepEqual(names(model, {filter: 'postgres'}), ['db']);
	assert.deepEqual(names(model, {filter: 'abc1'}), ['web']);
	assert.deepEqual(names(model, {filter: 'nothing-like-it'}), []);
});

test('an unchanged model and view give the very same list (no re-sort)', () => {
	const model = modelWith(old, web, db);
	const view = initialView({showStopped: true, filter: ''});
	const first = selectContainers(model.get(), view);
	assert.equal(selectContainers(model.get(), view), first);
});

test('the cursor follows the selected id, and stays in place when it disappears', () => {
	const model = modelWith(old, web, paused, db);
	let view = {...initialView({showStopped: true, filter: ''}), selected: {...initialView({showStopped: true, filter: ''}).selected, containers: web.id}};
	let keys = visibleKeys(model.get(), view, 'containers');
	assert.equal(cursorIndex(keys, view, 'containers'), 1);
	view = {...view, cursor: {...view.cursor, containers: 1}};
	model.removeContainer(web.id);
	keys = visibleKeys(model.get(), view, 'containers');
	assert.equal(cursorIndex(keys, view, 'containers'), 1);
	assert.equal(selectedContainer(model.get(), view)?.name, 'zeta');
});

test('actions target the marked containers, else the selected one', () => {
	const model = modelWith(old, web, db);
	const view = initialView({showStopped: true, filter: ''});
	assert.deepEqual(targetObjects(model.get(), view, 'container').map(item => item.name), ['db']);
	const marked = {...view, marked: {...view.marked, containers: new Set([web.id, old.id, 'gone'])}};
	assert.deepEqual(targetObjects(model.get(), marked, 'container').map(item => item.name).sort(), ['aaa-old', 'web']);
});

test('sorting by cpu puts the busiest first, ties keep their order, and the stopped go last', () => {
	const a = container({name: 'a'});
	const b = container({name: 'b'});
	const c = container({name: 'c'});
	const model = modelWith(old, a, b, c, paused);
	model.recordSample(a.id, sample(5), 10);
	model.recordSample(b.id, sample(50), 10);
	model.recordSample(c.id, sample(5), 10);
	assert.deepEqual(names(model, {sort: 'cpu'}), ['b', 'a', 'c', 'zeta', 'aaa-old']);
	assert.deepEqual(names(model, {sort: 'cpu', reverse: true}), ['a', 'c', 'b', 'zeta', 'aaa-old']);
	model.recordSample(a.id, sample(60), 10);
	assert.deepEqual(names(model, {sort: 'cpu'}), ['a', 'b', 'c', 'zeta', 'aaa-old']);
	assert.deepEqual(names(model, {sort: 'name'}), ['a', 'aaa-old', 'b', 'c', 'zeta']);
});

test('only running containers on screen are sampled, unless the list is sorted by a metric', () => {
	const model = modelWith(old, web, paused, db);
	const view = initialView({showStopped: true, filter: ''});
	assert.deepEqual(containersToSample(model.get(), view, [web.id, old.id]), [web.id]);
	const byCpu = {...view, sort: {column: 'cpu' as const, reverse: false}};
	assert.deepEqual(containersToSample(model.get(), byCpu, [web.id]).sort(), [web.id, db.id].sort());
});

test('a removed container takes its metric history with it', () => {
	const model = modelWith(web, db);
	model.recordSample(web.id, sample(1), 10);
	assert.equal(model.get().metrics.has(web.id), true);
	model.removeContainer(web.id);
	assert.equal(model.get().metrics.has(web.id), false);
});

test('a network counts the containers of its own engine only: two engines each have a "bridge"', () => {
	const onLocal = container({name: 'web', networks: ['bridge'], engine: 'local'});
	const onLab = container({name: 'worker', networks: ['bridge', 'backend'], engine: 'lab'});
	const model = modelWith(onLocal, onLab);
	const bridge = (engine: string): NetworkSummary => ({id: qualify(`${engine}-bridge-id`, engine), name: 'bridge', engine, driver: 'bridge', scope: 'local', internal: false, attachable: false, ingress: false, ipv6: false, subnets: [], gateways: [], labels: {}, created: 0});
	assert.deepEqual(networkUsers(model.get().containers, bridge('local')).map(item => item.name), ['web']);
	assert.deepEqual(networkUsers(model.get().containers, bridge('lab')).map(item => item.name), ['worker']);
	const single = modelWith(container({name: 'alone', networks: ['bridge']}));
	assert.deepEqual(networkUsers(single.get().containers, {...bridge('local'), engine: undefined}).map(item => item.name), ['alone']);
});
