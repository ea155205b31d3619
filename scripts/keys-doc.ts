// Writes the README's key table from the action registry, the one source of keys:
// `tsx scripts/keys-doc.ts` rewrites the part between the markers; a unit test checks it is current.
import {readFileSync, writeFileSync} from 'node:fs';
import {keysMarkdown, replaceKeysSection} from '../source/actions/keys-doc.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, replaceKeysSection(readFileSync(path, 'utf8'), keysMarkdown()));
console.log('README.md keys section written');
