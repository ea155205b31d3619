// The words around the screen in the user's language: --help lined up in cells, and prose wrapped
// between Chinese characters as well as at spaces.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {helpText} from '../../source/cli-help.js';
import {loadMessages} from '../../source/i18n/language.js';
import {setMessages} from '../../source/i18n/translate.js';
import {wrapProse} from '../../source/format/prose.js';

test('prose wraps at spaces, and between Chinese characters, never before closing punctuation', () => {
	assert.deepEqual(wrapProse('one two three four', 9), ['one two', 'three', 'four']);
	assert.deepEqual(wrapProse('a word-too-long-for-a-line b', 6), ['a', 'word-too-long-for-a-line', 'b']);
	assert.deepEqual(wrapProse('', 10), ['']);
	// Two cells each: four characters fill eight cells.
	assert.deepEqual(wrapProse('打开日志时加载的行数', 8), ['打开日志', '时加载的', '行数']);
	// "，" and "）" never start a line; "（" never ends one; Latin words stay whole.
	assert.deepEqual(wrapProse('日志行数，默认 500', 8), ['日志行', '数，默认', '500']);
	assert.deepEqual(wrapProse('容器（默认）', 6), ['容器', '（默', '认）']);
	assert.deepEqual(wrapProse('设置 logs.tail 的值', 12), ['设置', 'logs.tail 的', '值']);
	for (const line of wrapProse('按用途设置的颜色，覆盖主题中的颜色：accent（按键提示、标签和标题），border（面板边框）', 20)) {
		assert.ok(stringWidth(line) <= 20, line);
	}
});

test('--help in Chinese lists every option, its text lined up in one column of cells, under 80 wide with the indent', async () => {
	const english = helpText();
	setMessages((await loadMessages(['zh-CN']))!.messages);
	let chinese: string;
	try {
		chinese = helpText();
	} finally {
		setMessages(undefined);
	}

	assert.match(english, /^Usage\n/);
	assert.match(chinese, /^用法\n/);
	assert.match(chinese, /\n选项\n/);
	assert.match(chinese, / {2}--tail {10}打开日志时加载的行数（默认 500）\n/);
	const options = (help: string): string[] => [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map(match => match[1]!);
	assert.deepEqual(options(chinese), options(english));
	assert.ok(options(english).includes('--print-config'));
	for (const help of [english, chinese]) {
		const optionLines = help.split('\n').filter(line => /^ {2}(--| {16})/.test(line));
		const starts = new Set(optionLines.map(line => stringWidth(/^ {2}(?:--[a-z-]+(?:, -\w)?)? */.exec(line)![0])));
		assert.deepEqual([...starts], [18], help);
		// meow indents the help by two more.
		assert.ok(Math.max(...help.split('\n').map(line => stringWidth(line))) + 2 < 80, help);
	}
});

test('--help says which config setting each option overrides, and lists --no-mouse', () => {
	const help = helpText();
	/** The text of one option: its first line and the lines under it, up to the next option. */
	const option = (name: string): string => {
		const found = new RegExp(`^ {2}${name}(?:, -\\w)? .*\\n(?: {18}.*\\n)*`, 'm').exec(`${help}\n`);
		assert.ok(found, name);
		return found[0].replaceAll(/\s+/g, ' ');
	};
	const overrides = {
		'--host': 'contexts',
		'--context': 'contexts',
		'--tail': 'logs.tail',
		'--sort': 'ui.sort',
		'--interval': 'stats.interval',
		'--history': 'stats.history',
		'--read-only': 'read-only',
		'--theme': 'theme.name',
		'--ascii': 'ui.ascii',
		'--mouse': 'ui.mouse',
		'--no-mouse': 'ui.mouse',
	};
	for (const [name, setting] of Object.entries(overrides)) {
		assert.ok(option(name).includes(`Overrides ${setting} in the config file.`), `${name}: ${option(name)}`);
	}
	// Options with no setting in the file say none.
	for (const name of ['--no-all', '--filter', '--no-color', '--lang', '--config']) {
		assert.ok(!option(name).includes('Overrides'), name);
	}
});

test('--help says "[options]" in the user\'s language', async () => {
	setMessages({'[options]': '[选项]'});
	try {
		assert.match(helpText(), /^ {2}\$ berth \[选项\]$/m);
	} finally {
		setMessages(undefined);
	}
});
