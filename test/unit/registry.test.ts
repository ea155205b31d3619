import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ACTIONS, findAction, reachableActions, scopesFor} from '../../source/actions/registry.js';
import {parseKeys} from '../../source/actions/keys.js';
import {initialView} from '../../source/store/view-store.js';
import {projectKey, serviceKey} from '../../source/store/projects.js';

test('no two actions of one scope share a key', () => {
	const seen = new Map<string, string>();
	for (const action of ACTIONS) {
		for (const key of action.keys) {
			const slot = `${action.scope} ${key}`;
			assert.equal(seen.get(slot), undefined, `${slot} is bound to ${seen.get(slot)} and ${action.id}`);
			seen.set(slot, action.id);
		}
	}
});

test('action ids are unique', () => {
	const ids = ACTIONS.map(action => action.id);
	assert.equal(new Set(ids).size, ids.length);
});

test('every destructive action asks first, or is the confirmed step of one that asked', () => {
	const destructive = ACTIONS.filter(action => action.destructive);
	assert.deepEqual(destructive.map(action => action.id).sort(), [
		'container.kill',
		'container.prune.confirm',
		'container.remove',
		'image.prune',
		'image.prune.confirm',
		'image.remove',
		'network.disconnect',
		'network.disconnect.confirm',
		'network.prune.confirm',
		'network.remove',
		'node.remove',
		'project.down',
		'stack.remove.confirm',
		'swarm-data.remove',
		'swarm-service.remove',
		'system.prune.confirm',
		'volume.prune.confirm',
		'volume.remove',
		'volume.restore.confirm',
	]);
	for (const action of destructive) {
		assert.ok(action.ask ?? action.step, `${action.id} must ask`);
		assert.ok(action.changesState, `${action.id} changes state`);
	}
});

test('steps have no keys of their own; every other action has one (a pane past the tenth is found in the palette)', () => {
	for (const action of ACTIONS.filter(item => item.id !== 'pane.secrets')) {
		assert.equal(action.keys.length === 0, action.step === true, action.id);
	}
});

test('an action that targets objects names a kind whose pane it lives in', () => {
	// Compose actions live in the scope of the projects pane's row kind they act on.
	const panes: Record<string, string> = {container: 'containers', image: 'images', volume: 'volumes', network: 'networks', project: 'project', service: 'service', node: 'nodes', 'swarm-service': 'swarm-services', stack: 'stacks', 'swarm-data': 'secrets'};
	for (const action of ACTIONS.filter(item => item.targets)) {
		assert.equal(action.scope, panes[action.targets!], action.id);
	}
});

test('keys resolve by scope: the logs tab shadows the list keys, the rest stay reachable', () => {
	const list = initialView({showStopped: true, filter: ''});
	assert.equal(findAction('/', scopesFor(list))?.id, 'list.filter');
	assert.equal(findAction('s', scopesFor(list))?.id, 'container.stop');
	const logs = {...list, focus: 'main' as const};
	assert.equal(findAction('/', scopesFor(logs))?.id, 'logs.search');
	assert.equal(findAction('s', scopesFor(logs))?.id, 'container.stop');
	assert.equal(findAction('q', scopesFor(logs))?.id, 'quit');
});

test('help lists each key once, under the most specific scope that handles it', () => {
	const view = {...initialView({showStopped: true, filter: ''}), focus: 'main' as const};
	const groups = reachableActions(scopesFor(view));
	const keys = groups.flatMap(group => group.actions.flatMap(entry => entry.keys));
	assert.equal(new Set(keys).size, keys.length);
	assert.ok(groups.some(group => group.scope === 'logs'));
	assert.ok(groups.some(group => group.actions.some(entry => entry.action.id === 'container.remove')));
});

test('every key of a chunk is found, as a slow link batches them', () => {
	const names = (chunk: string): string[] => parseKeys(chunk).map(key => key.name);
	assert.deepEqual(names('\u001B[B\u001B[B\u001B[Be'), ['down', 'down', 'down', 'e']);
	assert.deepEqual(names('\u001Bd'), ['escape', 'd']);
	assert.deepEqual(names('\u001B'), ['escape']);
	assert.deepEqual(names('\u0003'), ['ctrl+c']);
	assert.deepEqual(names('\u001B[Z\t\r \u007F'), ['shift+tab', 'tab', 'enter', 'space', 'backspace']);
	assert.deepEqual(names('\u001B[5~\u001B[6~\u001BOA\u001B[H\u001B[4~'), ['pageup', 'pagedown', 'up', 'home', 'end']);
	assert.deepEqual(names('Sé😀'), ['S', 'é', '😀']);
	assert.deepEqual(names('\u001B[200~'), []);
	assert.deepEqual(parseKeys('a b').map(key => key.text), ['a', ' ', 'b']);
});

test('in the projects pane the selected row’s kind decides which compose keys apply', () => {
	const view = initialView({showStopped: true, filter: ''});
	const onProject = {...view, pane: 'projects' as const, selected: {...view.selected, projects: projectKey('shop')}};
	const onService = {...view, pane: 'projects' as const, selected: {...view.selected, projects: serviceKey('shop', 'web')}};
	assert.deepEqual(scopesFor(onProject), ['project', 'projects', 'list', 'global']);
	assert.deepEqual(scopesFor(onService), ['service', 'projects', 'list', 'global']);
	assert.deepEqual(scopesFor({...onService, focus: 'main', tab: {...view.tab, projects: 'logs'}}), ['logs', 'main', 'service', 'projects', 'global']);
	assert.equal(findAction('d', scopesFor(onProject))?.id, 'project.down');
	assert.equal(findAction('x', scopesFor(onService))?.id, 'service.scale');
	assert.equal(findAction('x', scopesFor(onProject)), undefined, 'a project is not scaled');
	assert.equal(findAction('s', scopesFor(onService))?.id, 'service.stop');
});
