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
