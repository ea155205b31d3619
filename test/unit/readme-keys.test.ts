import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {configMarkdown, keysMarkdown, replaceConfigSection, replaceKeysSection} from '../../source/actions/keys-doc.js';

test('the README lists the keys the registry has (run `tsx scripts/keys-doc.ts` after changing keys)', () => {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	assert.equal(replaceKeysSection(readme, keysMarkdown()), readme);
});

test('the README shows the default config berth --print-config prints (run `tsx scripts/keys-doc.ts` after changing settings)', () => {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	assert.equal(replaceConfigSection(readme, configMarkdown()), readme);
});
