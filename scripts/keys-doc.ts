// Writes the README's key table from the action registry, the one source of keys, and the default
// config file as berth --print-config prints it: `tsx scripts/keys-doc.ts` rewrites the parts
// between the markers; a unit test checks they are current.
import {readFileSync, writeFileSync} from 'node:fs';
import {configMarkdown, keysMarkdown, replaceConfigSection, replaceKeysSection} from '../source/actions/keys-doc.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, replaceConfigSection(replaceKeysSection(readFileSync(path, 'utf8'), keysMarkdown()), configMarkdown()));
console.log('README.md keys and config sections written');
