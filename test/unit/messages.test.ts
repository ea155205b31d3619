import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {ACTIONS, SCOPE_TITLES} from '../../source/actions/registry.js';
import {langArgument, languageCandidates, loadMessages} from '../../source/i18n/language.js';
import {placeholders, setMessages, t} from '../../source/i18n/translate.js';

const SOURCE = fileURLToPath(new URL('../../source', import.meta.url));
const MESSAGES = join(SOURCE, 'i18n', 'messages');

function sourceFiles(folder: string): string[] {
	return readdirSync(folder, {withFileTypes: true}).flatMap(entry => {
		const path = join(folder, entry.name);
		return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
	});
}

const LITERAL_CALL = /\bt\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;

/** Every message berth can show: t('…') in the source, and the registry's titles, hints and scopes. */
function englishMessages(): Set<string> {
	const found = new Set<string>();
	for (const file of sourceFiles(SOURCE)) {
		for (const match of readFileSync(file, 'utf8').matchAll(LITERAL_CALL)) {
			found.add((match[1] ?? match[2]!).replace(/\\(.)/g, '$1'));
		}
	}

	for (const action of ACTIONS) {
		found.add(action.title);
		if (action.hint !== undefined) {
			found.add(action.hint);
		}
	}

	for (const title of Object.values(SCOPE_TITLES)) {
		found.add(title);
	}

	return found;
}

const languages = readdirSync(MESSAGES).filter(name => name.endsWith('.json'));

test('there is at least one language besides English', () => {
	assert.ok(languages.includes('zh-CN.json'), `messages files: ${languages.join(', ')}`);
});

for (const file of languages) {
	test(`${file} has every message berth shows, and nothing else`, () => {
		const messages = JSON.parse(readFileSync(join(MESSAGES, file), 'utf8')) as Record<string, string>;
		const english = englishMessages();
		const missing = [...english].filter(text => !(text in messages));
		const extra = Object.keys(messages).filter(text => !english.has(text));
		assert.deepEqual(missing, [], `${file} lacks these messages`);
		assert.deepEqual(extra, [], `${file} has messages berth no longer shows`);
	});

	test(`${file} keeps every placeholder of each message, and translates each`, () => {
		const messages = JSON.parse(readFileSync(join(MESSAGES, file), 'utf8')) as Record<string, string>;
		for (const [english, translated] of Object.entries(messages)) {
			assert.deepEqual(placeholders(translated), placeholders(english), `placeholders of "${english}"`);
			assert.notEqual(translated.trim(), '', `"${english}" is translated to nothing`);
		}
	});
}

test('the language follows --lang, else LC_ALL, LC_MESSAGES, LANG', () => {
	assert.deepEqual(languageCandidates(undefined, {LANG: 'zh_CN.UTF-8'}), ['zh-CN', 'zh']);
	assert.deepEqual(languageCandidates(undefined, {LC_ALL: 'C', LANG: 'zh_CN.UTF-8'}), []);
	assert.deepEqual(languageCandidates(undefined, {LC_ALL: '', LC_MESSAGES: 'zh_CN.GB18030@latin', LANG: 'en_US.UTF-8'}), ['zh-CN', 'zh']);
	assert.deepEqual(languageCandidates(undefined, {LANG: 'en_GB.UTF-8'}), []);
	assert.deepEqual(languageCandidates(undefined, {}), []);
	assert.deepEqual(languageCandidates('zh-cn', {LANG: 'C'}), ['zh-CN', 'zh']);
	assert.deepEqual(languageCandidates('en', {LANG: 'zh_CN.UTF-8'}), []);
});

test('--lang is read from the arguments before they are parsed, as meow would read it', () => {
	assert.equal(langArgument(['--help', '--lang', 'zh-CN']), 'zh-CN');
	assert.equal(langArgument(['--lang=zh-CN', '--bogus']), 'zh-CN');
	assert.equal(langArgument(['--lang', 'en', '--lang=zh-CN']), 'zh-CN');
	assert.equal(langArgument(['--lang', '--help']), '');
	assert.equal(langArgument(['--lang']), '');
	assert.equal(langArgument(['--language', 'zh-CN', '--filter', 'lang']), undefined);
	assert.equal(langArgument(['--', '--lang', 'zh-CN']), undefined);
	assert.equal(langArgument([]), undefined);
});

test('messages load only for a language berth has a file for', async () => {
	const chinese = await loadMessages(['zh-CN', 'zh']);
	assert.equal(chinese?.code, 'zh-CN');
	assert.equal(chinese?.messages['Quit'], '退出');
	assert.equal(await loadMessages(['tlh']), undefined);
});

test('t() looks a message up, then fills its placeholders with values that are never looked up', async () => {
	try {
		setMessages((await loadMessages(['zh-CN']))!.messages);
		assert.equal(t('Select container {name}', {name: 'Quit'}), '选择容器 Quit');
		assert.equal(t('Quit'), '退出');
		assert.equal(t('a text no language has'), 'a text no language has');
	} finally {
		setMessages(undefined);
	}

	assert.equal(t('Select container {name}', {name: 'web'}), 'Select container web');
});
