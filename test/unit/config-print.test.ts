import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {isMap, isScalar, LineCounter, parseDocument, type Node} from 'yaml';
import {ACTIONS} from '../../source/actions/registry.js';
import {parseConfig} from '../../source/config/load.js';
import {printConfig} from '../../source/config/print.js';
import {DEFAULT_CONFIG} from '../../source/config/schema.js';
import {loadMessages} from '../../source/i18n/language.js';
import {setMessages} from '../../source/i18n/translate.js';

const ACTION_IDS = ACTIONS.map(action => action.id);
const printed = printConfig(ACTIONS);

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
	assert.deepEqual(parseConfig(printConfig(), {file: 'printed', actionIds: []}), {config: DEFAULT_CONFIG, problems: []});
});

test('it has every setting, each with a comment right above it', () => {
	const keys = keysOf(printed);
	assert.deepEqual(
		keys.map(key => key.path),
		[
			'keys',
			'confirmations',
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
			'ui.columns',
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
	assert.equal(blocks.length, 5);
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

test('in Chinese the comments are Chinese, the keys and values are not, and it loads back as the defaults', async () => {
	setMessages((await loadMessages(['zh-CN']))!.messages);
	let chinese: string;
	try {
		chinese = printConfig(ACTIONS);
	} finally {
		setMessages(undefined);
	}

	assert.deepEqual(parseConfig(chinese, {file: 'printed', actionIds: ACTION_IDS}), {config: DEFAULT_CONFIG, problems: []});
	assert.deepEqual(
		keysOf(chinese).map(key => key.path),
		keysOf(printed).map(key => key.path),
	);
	const lines = chinese.split('\n');
	assert.match(lines[0]!, /^# berth 配置：/);
	assert.ok(lines.includes('  # 可取值：0.5 到 60 之间的秒数。'), 'stats.interval says what it takes in Chinese');
	assert.ok(lines.includes('# quit: [q, ctrl+c] (退出)'), 'the actions are listed with their Chinese titles');
	// No English prose is left (three English words in a row, but for a docker command), where the English had plenty.
	const prose = (text: string): string[] => text.split('\n').filter(line => /^\s*# .*\b(?!docker\b)[a-z]{2,} [a-z]{2,} [a-z]{2,}\b/i.test(line));
	assert.ok(prose(printed).length > 50);
	assert.deepEqual(prose(chinese), []);
	const comments = lines.filter(line => /^\s*# /.test(line));
	// Wide characters take two cells: wrapped by that measure, no comment is wider than the English header.
	assert.deepEqual(
		comments.filter(line => stringWidth(line) > 102),
		[],
	);
});
