import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseKeys} from '../../source/actions/keys.js';
import {ACTIONS} from '../../source/actions/registry.js';
import {checkKey, CTRL_KEYS, NAMED_KEYS} from '../../source/config/key-names.js';
import {applyKeyOverrides, commandKeys, COMMAND_KEY_SCOPES} from '../../source/config/keymap.js';
import type {CustomCommand} from '../../source/config/custom-commands.js';

/** Every key name parseKeys() can produce that is not a printable character. */
function producedNames(): Set<string> {
	const inputs: string[] = [];
	for (let code = 0; code < 0x80; code++) {
		inputs.push(String.fromCharCode(code));
	}
	for (let code = 0x40; code < 0x7f; code++) {
		inputs.push(`\u001B[${String.fromCharCode(code)}`, `\u001BO${String.fromCharCode(code)}`);
	}
	for (let number = 0; number < 40; number++) {
		inputs.push(`\u001B[${number}~`);
	}
	const names = new Set<string>();
	for (const input of inputs) {
		for (const key of parseKeys(input)) {
			if (key.text === '' || key.name === 'space') {
				names.add(key.name);
			}
		}
	}
	return names;
}

test('the named keys a config may bind are exactly those parseKeys() produces (ctrl+ letters as such)', () => {
	const produced = producedNames();
	const letters = [...produced].filter(name => /^ctrl\+[a-z]$/.test(name)).sort();
	const others = [...produced].filter(name => !name.startsWith('ctrl+')).sort();
	assert.deepEqual(letters, [...CTRL_KEYS].sort());
	assert.deepEqual(others, [...NAMED_KEYS].sort());
	for (const name of produced) {
		if (name.startsWith('ctrl+') && !/^ctrl\+[a-z]$/.test(name)) {
			assert.ok('error' in checkKey(name), `${name} is a control character no one types as such`);
		}
	}
});

test('every default key of the registry is a key a config may name', () => {
	for (const action of ACTIONS) {
		for (const key of action.keys) {
			assert.deepEqual(checkKey(key), {value: key}, `${action.id}: ${key}`);
		}
	}
});

test('key names: one character, ctrl+ and a letter, or a named key; near misses get a suggestion', () => {
	for (const key of ['s', 'S', '/', '?', '1', 'é', 'ctrl+c', 'shift+tab', 'pagedown', 'space', 'enter', 'escape']) {
		assert.deepEqual(checkKey(key), {value: key});
	}
	const error = (name: string): string => {
		const checked = checkKey(name);
		assert.ok('error' in checked, name);
		return checked.error.replace(/ \(keys are .*\)$/, '');
	};
	assert.equal(error('esc'), '"esc" is not a key; did you mean escape?');
	assert.equal(error('Enter'), '"Enter" is not a key; did you mean enter?');
	assert.equal(error('C-c'), '"C-c" is not a key; did you mean ctrl+c?');
	assert.equal(error('^X'), '"^X" is not a key; did you mean ctrl+x?');
	assert.equal(error('ctrl-i'), '"ctrl-i" is not a key; did you mean tab?');
	assert.equal(error('pgdn'), '"pgdn" is not a key; did you mean pagedown?');
	assert.equal(error('pagdown'), '"pagdown" is not a key; did you mean pagedown?');
	assert.equal(error('ss'), '"ss" is not a key');
	assert.equal(error(' '), '" " is not a key; did you mean space?');
	assert.equal(error(''), '"" is not a key');
	assert.equal(error('\u0007'), '"\u0007" is not a key');
	assert.equal(error('f1'), 'f1 is a function key, which berth does not read; use a letter, Ctrl and a letter, or a named key');
	assert.equal(error('ctrl+m'), 'ctrl+m arrives as enter in a terminal: bind enter instead');
	assert.equal(error('ctrl+i'), 'ctrl+i arrives as tab in a terminal: bind tab instead');
	assert.match(JSON.stringify(checkKey('nope')), /\(keys are one character such as s or S, ctrl\+ and a letter, or one of up, down, .*space\)"}$/);
});

const LIST = [
	{id: 'container.stop', scope: 'containers', keys: ['s']},
	{id: 'container.start', scope: 'containers', keys: ['S']},
	{id: 'container.kill', scope: 'containers', keys: ['k']},
	{id: 'image.remove', scope: 'images', keys: ['d']},
	{id: 'quit', scope: 'global', keys: ['q', 'ctrl+c']},
	{id: 'my.custom', scope: 'containers', keys: []},
];

function keysOf(actions: readonly {id: string; keys: readonly string[]}[]): Record<string, readonly string[]> {
	return Object.fromEntries(actions.map(action => [action.id, action.keys]));
}

test('overrides replace the default keys; a key may be reused in another scope', () => {
	const {actions, conflicts} = applyKeyOverrides(LIST, {'container.stop': ['x', 'd'], quit: ['Q']});
	assert.deepEqual(conflicts, []);
	assert.deepEqual(keysOf(actions), {'container.stop': ['x', 'd'], 'container.start': ['S'], 'container.kill': ['k'], 'image.remove': ['d'], quit: ['Q'], 'my.custom': []});
	// The rest of each action is kept as it is.
	const withRun = [{id: 'a', scope: 'x', keys: ['a'], run: () => 42}];
	assert.equal(applyKeyOverrides(withRun, {a: ['b']}).actions[0]!.run(), 42);
	assert.equal(applyKeyOverrides(withRun, {}).actions[0], withRun[0]);
});

test('a key taken in the same scope: reported naming both, the override not applied', () => {
	const {actions, conflicts} = applyKeyOverrides(LIST, {'my.custom': ['s'], quit: ['Q']});
	assert.deepEqual(conflicts, [{id: 'my.custom', message: 'key "s" in scope containers: container.stop and my.custom'}]);
	assert.deepEqual(keysOf(actions)['my.custom'], []);
	assert.deepEqual(keysOf(actions)['container.stop'], ['s']);
	assert.deepEqual(keysOf(actions)['quit'], ['Q']);
});

test('moving a key away first lets another action take it; two overrides wanting one key both fall back', () => {
	const swapped = applyKeyOverrides(LIST, {'container.stop': ['S'], 'container.start': ['s']});
	assert.deepEqual(swapped.conflicts, []);
	assert.deepEqual(keysOf(swapped.actions)['container.stop'], ['S']);
	const both = applyKeyOverrides(LIST, {'container.stop': ['z'], 'container.kill': ['z']});
	assert.deepEqual(both.conflicts, [{id: 'container.kill', message: 'key "z" in scope containers: container.stop and container.kill'}]);
	assert.deepEqual(keysOf(both.actions), keysOf(LIST));
});

test('an override that falls back can take its default key from another override, which then falls back too', () => {
	// kill wants S (start's), start would move to k (kill's); but stop also wants S, so stop and kill fall
	// back, kill's default k now clashes with start's override, and start falls back as well.
	const {actions, conflicts} = applyKeyOverrides(LIST, {'container.kill': ['S'], 'container.stop': ['S'], 'container.start': ['k']});
	assert.deepEqual(conflicts, [
		{id: 'container.kill', message: 'key "S" in scope containers: container.stop and container.kill'},
		{id: 'container.start', message: 'key "k" in scope containers: container.kill and container.start'},
	]);
	assert.deepEqual(keysOf(actions), keysOf(LIST));
});


test('custom commands bind their key in their objects\' scope, and a taken key is a clash', () => {
	const commands: CustomCommand[] = [
		{name: 'env', key: 'E', scope: 'container', command: ['env'], terminal: false, confirm: false},
		{name: 'ls', key: 'd', scope: 'image', command: ['ls'], terminal: false, confirm: false},
		{name: 'up', key: 'u', scope: 'project', command: ['ls'], terminal: false, confirm: false},
	];
	assert.deepEqual(commandKeys(commands), {'command.env': ['E'], 'command.ls': ['d'], 'command.up': ['u']});
	const bindings = commands.map(command => ({id: `command.${command.name}`, scope: COMMAND_KEY_SCOPES[command.scope], keys: [] as string[]}));
	const {actions, conflicts} = applyKeyOverrides([...LIST, ...bindings], commandKeys(commands));
	assert.deepEqual(conflicts, [{id: 'command.ls', message: 'key "d" in scope images: image.remove and command.ls'}]);
	assert.deepEqual(keysOf(actions)['command.env'], ['E']);
	assert.deepEqual(keysOf(actions)['command.ls'], []);
	assert.deepEqual(keysOf(actions)['command.up'], ['u']);
});
