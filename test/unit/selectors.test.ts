import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ModelStore} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import {cursorIndex, selectContainers, selectedContainer, targetContainers, visibleKeys} from '../../source/store/selectors.js';
import {initialView} from '../../source/store/view-store.js';
import {container} from '../support/build.js';

const web = container({name: 'web', image: 'nginx:1.25', id: 'abc123' + 'f'.repeat(58)});
const db = container({name: 'db', image: 'postgres:16'});
const old = container({name: 'aaa-old', state: 'exited', status: 'Exited (0) 2 hours ago'});
const paused = container({name: 'zeta', state: 'paused', status: 'Up 2 hours (Paused)'});

function modelWith(...list: ReturnType<typeof container>[]): ModelStore {
	const model = new ModelStore('unix:///var/run/docker.sock', notifyNow);
	model.replaceContainers(list);
	return model;
}

test('containers that are up come first, each group by name', () => {
	const model = modelWith(old, web, paused, db);
	const names = selectContainers(model.get().containers, true, '').map(item => item.name);
	assert.deepEqual(names, ['db', 'web', 'zeta', 'aaa-old']);
});

test('hiding stopped containers keeps running and paused ones', () => {
	const model = modelWith(old, web, paused, db);
	assert.deepEqual(
		selectContainers(model.get().containers, false, '').map(item => item.name),
		['db', 'web', 'zeta'],
	);
});

test('the filter matches name, image or id prefix, ignoring case', () => {
	const model = modelWith(old, web, paused, db);
	const names = (filter: string): string[] => selectContainers(model.get().containers, true, filter).map(item => item.name);
	assert.deepEqual(names('WEB'), ['web']);
	assert.deepEqual(names('postgres'), ['db']);
	assert.deepEqual(names('abc1'), ['web']);
	assert.deepEqual(names('nothing-like-it'), []);
});

test('an unchanged model and view give the very same list (no re-sort)', () => {
	const model = modelWith(old, web, db);
	const first = selectContainers(model.get().containers, true, '');
	assert.equal(selectContainers(model.get().containers, true, ''), first);
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
	assert.deepEqual(targetContainers(model.get(), view).map(item => item.name), ['db']);
	const marked = {...view, marked: new Set([web.id, old.id, 'gone'])};
	assert.deepEqual(targetContainers(model.get(), marked).map(item => item.name).sort(), ['aaa-old', 'web']);
});
