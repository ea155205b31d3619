import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {keysMarkdown, replaceKeysSection} from '../../source/actions/keys-doc.js';

test('the README lists the keys the registry has (run `tsx scripts/keys-doc.ts` after changing keys)', () => {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	assert.equal(replaceKeysSection(readme, keysMarkdown()), readme);
});
