// A custom command is an action like any other to the config's keys section: keys: command.NAME
// replaces the command's own key, wherever in the file the two are written, and a name that no
// command has is reported as any unknown action id is.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {actionById, ACTIONS, addCommands, applyKeys, findAction} from '../../source/actions/registry.js';
import {parseConfig} from '../../source/config/load.js';
import {problemText} from '../../source/config/problems.js';

const FILE = 'config.yml';

function parse(text: string) {
	return parseConfig(text, {file: FILE, actionIds: ACTIONS.map(action => action.id)});
}

const COMMANDS = ['commands:', '  - name: env', '  - name: env', '    key: s', '    scope: container', '    command: [docker, exec, "{{.ID}}", env]', '  - name: top', '    key: W', '    scope: container', '    command: [docker, top, "{{.ID}}"]'];

test('keys may name a command of the same file, before or after its commands section', () => {
	const commands = COMMANDS.filter((_, index) => index !== 1).join('\n');
	for (const text of [`keys:\n  command.env: [V]\n${commands}\n`, `${commands}\nkeys:\n  command.env: [V]\n`]) {
		const {config, problems} = parse(text);
		assert.deepEqual(problems.map(problemText), []);
		assert.deepEqual(config.keys, {'command.env': ['V']});
		assert.deepEqual(
			config.commands.map(command => command.name),
			['env', 'top'],
		);
	}
});

test('a command name no command has is an unknown action, with the nearest id', () => {
	const commands = COMMANDS.filter((_, index) => index !== 1).join('\n');
	const {config, problems} = parse(`keys:\n  command.enx: [V]\n${commands}\n`);
	assert.deepEqual(problems.map(problemText), [`${FILE}:2:3: keys.command.enx: command.enx is not an action; did you mean command.env? (the help screen, ?, lists the actions)`]);
	assert.deepEqual(config.keys, {});
});

test('the keys section replaces a command\'s own key in the registry, and its own key clashing then matters not', () => {
	const commands = COMMANDS.filter((_, index) => index !== 1).join('\n');
	const {config} = parse(`keys:\n  command.env: [V]\n${commands}\n`);
	// env's own key, s, is container.stop's: the keys section's V is what it gets, and no clash is said.
	assert.deepEqual(addCommands(config.commands, config.keys), []);
	assert.deepEqual(applyKeys(config.keys), []);
	assert.deepEqual(actionById('command.env')?.keys, ['V']);
	assert.deepEqual(actionById('command.top')?.keys, ['W']);
	assert.equal(findAction('V', ['containers', 'list', 'global'])?.id, 'command.env');
	assert.equal(findAction('s', ['containers', 'list', 'global'])?.id, 'container.stop');
});
