// The settings the registry applies once the file is read (confirmations, and key clashes said at
// their line), the containers list's columns, and the status line's word on the file's problems.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {actionById, ACTIONS, applyConfirmations, applyKeys} from '../../source/actions/registry.js';
import {confirmationRule} from '../../source/actions/dialogs.js';
import type {Action, ActionContext, Target} from '../../source/actions/types.js';
import {parseConfig} from '../../source/config/load.js';
import {configNotice, problemText, siteProblem} from '../../source/config/problems.js';
import {CONTAINER_COLUMN_IDS} from '../../source/store/metrics.js';

const FILE = 'conf.yml';
const ACTION_IDS = ACTIONS.map(action => action.id);
const parse = (text: string) => parseConfig(text, {file: FILE, actionIds: ACTION_IDS});
const NO_CONTEXT = {} as ActionContext;
const WEB = {name: 'web'} as unknown as Target;

test('confirmations: true or false by action id; anything else is reported at its line and left out', () => {
	const {config, problems} = parse('confirmations:\n  container.stop: true\n  container.start: false\n  container.stpo: true\n  container.restart: sometimes\n');
	assert.deepEqual(config.confirmations, {'container.stop': true, 'container.start': false});
	assert.deepEqual(problems.map(problemText), [
		`${FILE}:4:3: confirmations.container.stpo: container.stpo is not an action; did you mean container.stop? (the help screen, ?, lists the actions)`,
		`${FILE}:5:22: confirmations.container.restart: expected true or false, got "sometimes"`,
	]);
});

test('ui.columns: known names in the order given, each once; an unknown one is reported with the names there are', () => {
	assert.deepEqual(parse('ui:\n  columns: [status, name, status, cpu]\n').config.ui.columns, ['status', 'name', 'cpu']);
	const {config, problems} = parse('ui:\n  columns: [name, cpuu, ports]\n');
	assert.deepEqual(config.ui.columns, ['name', 'ports']);
	assert.deepEqual(problems.map(problemText), [
		`${FILE}:2:19: ui.columns[1]: expected one of ${CONTAINER_COLUMN_IDS.join(', ')}, got "cpuu"; did you mean cpu?`,
	]);
	// Nothing usable keeps the default columns.
	assert.deepEqual(parse('ui:\n  columns: [nope]\n').config.ui.columns, CONTAINER_COLUMN_IDS);
	assert.deepEqual(parse('ui:\n  columns: name\n').problems.map(problemText), [`${FILE}:2:12: ui.columns: expected a list of ${CONTAINER_COLUMN_IDS.join(', ')}, got "name"`]);
});

test('a key clash found when the keys are applied is said at the override\'s line, as the file\'s other problems are', () => {
	const loaded = parse('logs: {tail: 5}\nkeys:\n  quit: [Q]\n  container.stop: [d]\n');
	const [conflict, ...more] = applyKeys(loaded.config.keys);
	assert.deepEqual(more, []);
	assert.ok(conflict);
	assert.equal(
		siteProblem(loaded, FILE, `keys.${conflict.id}`, conflict.message),
		`${FILE}:4:3: keys.container.stop: key "d" in scope containers: container.remove and container.stop`,
	);
	// A setting the file does not place is still named.
	assert.equal(siteProblem({...loaded, sites: undefined}, FILE, 'keys.quit', 'why'), `${FILE}: keys.quit: why`);
});

test('confirmations: true makes an action that changes something ask first; a destructive one cannot be told not to ask; one that changes nothing has nothing to confirm', () => {
	assert.equal(actionById('container.stop')!.ask, undefined);
	const refused = applyConfirmations({'container.stop': true, 'container.remove': false, 'container.prune': false, quit: true, 'container.start': false});
	assert.deepEqual(refused, [
		{id: 'container.remove', message: 'container.remove always asks first: it is destructive (removes, prunes, overwrites); kept'},
		{id: 'container.prune', message: 'container.prune always asks first: it is destructive (removes, prunes, overwrites); kept'},
		{id: 'quit', message: 'quit changes nothing, so there is nothing to confirm; setting left out'},
	]);
	assert.deepEqual(actionById('container.stop')!.ask?.([WEB], NO_CONTEXT), {kind: 'confirm', title: 'Stop: web?', toggles: []});
	// Remove still asks, and start (which never asked) still runs at once.
	assert.equal(actionById('container.remove')!.ask?.([WEB], NO_CONTEXT)?.kind, 'confirm');
	assert.equal(actionById('container.start')!.ask, undefined);
});

test('confirmations: false takes away a yes-or-no question of an action that is not destructive, but not a question it needs answered', () => {
	const asking: Action = {
		id: 'thing.reset',
		title: 'Reset',
		keys: [],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		ask: targets => (targets.length > 1 ? {kind: 'text', title: 'Which?', text: ''} : {kind: 'confirm', title: 'Reset?', toggles: []}),
		run() {},
	};
	const rule = confirmationRule(asking, false, false);
	assert.ok('ask' in rule && rule.ask);
	assert.equal(rule.ask([WEB], NO_CONTEXT), undefined);
	assert.equal(rule.ask([WEB, WEB], NO_CONTEXT)?.kind, 'text');
	assert.deepEqual(confirmationRule(asking, false, true), {refused: 'thing.reset always asks first: it is destructive (removes, prunes, overwrites); kept'});
});

test('the status line says how many problems and that defaults stand in before the first problem, so 80 columns keep that', () => {
	const problems = [`/home/someone/.config/berth/config.yml:4:3: keys.bogus.action: bogus.action is not an action (the help screen, ?, lists the actions)`, 'b', 'c'];
	const notice = configNotice(problems);
	const first80 = [...`✕ ${notice}`].slice(0, 79).join('');
	assert.ok(stringWidth(first80) <= 80);
	assert.match(first80, /^✕ config: 3 problems, defaults used, all printed on exit; first: \/home/);
	assert.match(configNotice(problems.slice(0, 1)), /^config: 1 problem, its default used: \/home\/someone\/\.config\/berth\/config\.yml:4:3: keys\.bogus\.action: /);
});
