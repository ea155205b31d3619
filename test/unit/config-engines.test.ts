// Several engines from the config file: contexts as a list, or connect: true in the map.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseConfig} from '../../source/config/load.js';
import {printConfig} from '../../source/config/print.js';
import {problemText} from '../../source/config/problems.js';

const FILE = '~/.config/berth/config.yml';

function parse(text: string) {
	return parseConfig(text, {file: FILE, actionIds: ['quit']});
}

test('contexts: [a, b] watches those engines at start, with the default settings otherwise', () => {
	const {config, problems} = parse('contexts: [default, production]\n');
	assert.deepEqual(problems, []);
	assert.deepEqual(config.contexts, {default: {readOnly: false, connect: true}, production: {readOnly: false, connect: true}});
});

test('connect: true in the map watches that context with the others so marked, keeping its settings', () => {
	const {config, problems} = parse('contexts:\n  production:\n    read-only: true\n    connect: true\n  staging: {read-only: true}\n');
	assert.deepEqual(problems, []);
	assert.deepEqual(config.contexts, {production: {readOnly: true, connect: true}, staging: {readOnly: true, connect: false}});
});

test('a list entry that is not a name is reported and left out', () => {
	const {config, problems} = parse('contexts: [default, {a: 1}, ""]\n');
	assert.deepEqual(config.contexts, {default: {readOnly: false, connect: true}});
	assert.deepEqual(problems.map(problemText), [
		`${FILE}:1:21: contexts: expected a context name, got a map`,
		`${FILE}:1:29: contexts: expected a context name, got ""`,
	]);
});

test('the printed config says how to watch several engines', () => {
	const printed = printConfig([]);
	assert.match(printed, /# Settings by docker context name: /);
	assert.match(printed, /connect:\n# true watches it at start/);
	assert.match(printed, /A list of names, \[local, production\], watches\n# those engines at once/);
	assert.match(printed, /#   default:\n#     connect: true\ncontexts: \{\}/);
	// What it prints loads back as the defaults.
	assert.deepEqual(parse(printed).problems, []);
});
