import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isMap, isScalar, LineCounter, parseDocument, type Node} from 'yaml';
import {ACTIONS} from '../../source/actions/registry.js';
import {parseConfig} from '../../source/config/load.js';
import {printDefaultConfig} from '../../source/config/print.js';
import {DEFAULT_CONFIG} from '../../source/config/schema.js';

const ACTION_IDS = ACTIONS.map(action => action.id);
const printed = printDefaultConfig(ACTIONS);

/** Every key of a YAML text with its path and 1-based line. */
function keysOf(text: string): {path: string; line: number}[] {
	const lines = new LineCounter();
	const document = parseDocument(text, {lineCounter: lines});
	const found: {path: string; line: number}[] = [];
	const walk = (node: unknown, prefix: string): void => {
		if (!isMap(node)) {
			return;
		}
		for (const pair of node.items) {
			const key = pair.key as Node;
			const path = `${prefix}${String(isScalar(key) ? key.value : '?')}`;
			found.push({path, line: lines.linePos(key.range![0]).line});
			walk(pair.value, `${path}.`);
		}
	};
	walk(document.contents, '');
	return found;
}

test('the printed default config loads back with no problems and equals the defaults', () => {
	assert.deepEqual(parseConfig(printed, {file: 'printed', actionIds: ACTION_IDS}), {config: DEFAULT_CONFIG, problems: []});
	assert.deepEqual(parseConfig(printDefaultConfig(), {file: 'printed', actionIds: []}), {config: DEFAULT_CONFIG, problems: []});
});

test('it has every setting, each with a comment right above it', () => {
	const keys = keysOf(printed);
	assert.deepEqual(
		keys.map(key => key.path),
		[
			'keys',
			'theme',
			'theme.name',
			'theme.colors',
			'logs',
			'logs.tail',
			'logs.timestamps',
			'logs.wrap',
			'logs.since',
			'stats',
			'stats.interval',
			'stats.history',
			'ui',
			'ui.pane',
			'ui.sort',
			'ui.ascii',
			'ui.mouse',
			'read-only',
			'contexts',
			'commands',
		],
	);
	const lines = printed.split('\n');
	for (const {path, line} of keys) {
		assert.match(lines[line - 2] ?? '', /^\s*#/, `${path} has no comment above it`);
	}
	// Every leaf says what it accepts.
	for (const {path, line} of keys.filter(key => !['theme', 'logs', 'stats', 'ui'].includes(key.path))) {
		const above: string[] = [];
		for (let at = line - 2; at >= 0 && /^\s*#/.test(lines[at]!); at--) {
			above.unshift(lines[at]!);
		}
		assert.match(above.join(' '), /Allowed: /, path);
	}
	assert.ok(lines.every(line => line.length <= 100 || line.trimStart().startsWith('# ')), 'lines fit 100 columns');
});

test('it lists each action with its default keys', () => {
	for (const action of ACTIONS) {
		assert.ok(printed.includes(`# ${action.id}: [`), action.id);
	}
	assert.match(printed, /^# quit: \[q, ctrl\+c\] \(Quit\)$/m);
});

test('its examples, uncommented, load with no problems', () => {
	const blocks = [...printed.matchAll(/^(\s*)# For example:\n((?:\1# .*\n)+)/gm)];
	assert.equal(blocks.length, 4);
	for (const [, indent = '', body = ''] of blocks) {
		const example = body
			.split('\n')
			.filter(line => line !== '')
			.map(line => line.slice(indent.length + 2))
			.join('\n');
		const nested = indent === '' ? example : `theme:\n${example.replace(/^/gm, '  ')}`;
		const {config, problems} = parseConfig(nested, {file: 'example', actionIds: ACTION_IDS});
		assert.deepEqual(problems, [], example);
		assert.notDeepEqual(config, DEFAULT_CONFIG, example);
	}
});
