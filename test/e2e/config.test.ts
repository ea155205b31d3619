// The built CLI with a config file in a temporary HOME: the settings it takes, the keys it
// remaps, a per-context read-only engine, and problems said with file and line, the rest working.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, afterEach, before, test} from 'node:test';
import {promisify} from 'node:util';
import {parseConfig} from '../../source/config/load.js';
import {DEFAULT_CONFIG} from '../../source/config/schema.js';
import {ACTIONS} from '../../source/actions/registry.js';
import {requireEngine} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {CLI, launch, requireBuild} from './berth.js';

const run = promisify(execFile);
let home: string;
let terminal: Terminal | undefined;

before(async () => {
	await requireEngine();
	requireBuild();
	home = await mkdtemp(path.join(tmpdir(), 'berth-e2e-config-'));
	await mkdir(path.join(home, '.config', 'berth'), {recursive: true});
});

// Each test launches its own berth; its tmux server goes with it.
afterEach(async () => {
	await terminal?.kill();
	terminal = undefined;
});

after(async () => {
	await rm(home, {recursive: true, force: true});
});

const environment = (): Record<string, string | undefined> => ({HOME: home, XDG_CONFIG_HOME: undefined, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: undefined});

test('--print-config prints every setting with a comment, which loads back as the defaults', async () => {
	const {stdout} = await run(process.execPath, [CLI, '--print-config']);
	assert.match(stdout, /^# /m);
	assert.match(stdout, /read-only: false/);
	const {config, problems} = parseConfig(stdout, {file: 'printed', actionIds: ACTIONS.map(action => action.id)});
	assert.deepEqual(problems, []);
	assert.deepEqual(config, DEFAULT_CONFIG);
});

test('--print-config with a config file prints what it sets in place of the defaults, and that loads back; what is refused is said and left out', async () => {
	const file = path.join(home, 'print.yml');
	await writeFile(
		file,
		['keys:', '  container.stop: [x, ctrl+t]', '  container.kill: [r]', 'confirmations:', '  container.restart: true', '  container.remove: false', 'ui:', '  columns: [status, name]', 'logs: {tail: 20}', ''].join('\n'),
	);
	const {stdout, stderr} = await run(process.execPath, [CLI, '--config', file, '--print-config']);
	assert.match(stdout, /^keys: \{container\.stop: \[x, ctrl\+t\]\}$/m);
	assert.match(stdout, /^confirmations: \{container\.restart: true\}$/m);
	assert.match(stdout, /^ {2}columns: \[status, name\]$/m);
	assert.match(stdout, /^ {2}tail: 20$/m);
	// The default keys are still listed in the comments, and the defaults stand for what the file leaves out.
	assert.match(stdout, /^# container\.stop: \[s\] \(Stop\)$/m);
	assert.match(stdout, /^ {2}interval: 1$/m);
	const {config, problems} = parseConfig(stdout, {file: 'printed', actionIds: ACTIONS.map(action => action.id)});
	assert.deepEqual(problems, []);
	assert.deepEqual(config, {
		...DEFAULT_CONFIG,
		keys: {'container.stop': ['x', 'ctrl+t']},
		confirmations: {'container.restart': true},
		ui: {...DEFAULT_CONFIG.ui, columns: ['status', 'name']},
		logs: {...DEFAULT_CONFIG.logs, tail: 20},
	});
	assert.equal(
		stderr,
		[
			`berth: config: ${file}:3:3: keys.container.kill: key "r" in scope containers: container.restart and container.kill; the default keys kept`,
			`berth: config: ${file}:6:3: confirmations.container.remove: container.remove always asks first: it is destructive (removes, prunes, overwrites); kept`,
			'',
		].join('\n'),
	);
});

test('an unknown option is refused with the list of options, --no-mouse among them', async () => {
	const refused = await run(process.execPath, [CLI, '--bogus']).then(
		() => assert.fail('--bogus was taken'),
		(error: {code: number; stderr: string}) => error,
	);
	assert.equal(refused.code, 2);
	assert.match(refused.stderr, /^berth: unknown option --bogus; the options are .*--mouse, --no-mouse, --lang/);
});

test('the config file sets the first pane, remaps keys, makes a context read-only, and says what was wrong', {timeout: 60_000}, async () => {
	await writeFile(
		path.join(home, '.config', 'berth', 'config.yml'),
		[
			'ui:',
			'  pane: images',
			'keys:',
			'  quit: [Q]',
			// r restarts a container: this one is refused, naming both.
			'  container.stop: [r]',
			'stats:',
			'  interval: fast',
			'contexts:',
			'  default: {read-only: true}',
			'',
		].join('\n'),
	);
	terminal = await launch({env: environment(), ready: /Images/});
	let screen = await terminal.waitFor(/config: 2 problems, defaults used, all printed on exit; first: ~\/\.config\/berth\/config\.yml:7:13: stats\.interval: expected seconds/);
	assert.match(screen, /READ-ONLY/);
	// The Images pane is open: its title is the one with a count and the list below it.
	assert.match(screen, /─ 2 Images ·/);
	// q no longer quits; the help lists Q for it.
	await terminal.type('q');
	await new Promise(resolve => setTimeout(resolve, 300));
	assert.equal(await terminal.exited(), false);
	await terminal.type('?');
	screen = await terminal.waitFor(/Q\s+Quit/);
	await terminal.sendKeys('Escape');
	// Read-only: removing is refused before it asks.
	await terminal.type('1');
	await terminal.type('d');
	await terminal.waitFor(/read-only: .*(is not allowed|was not run)/);
	await terminal.type('Q');
	assert.equal(await terminal.waitForExit(10_000), 0);
	screen = await terminal.screen();
	assert.match(screen, /berth: config: ~\/\.config\/berth\/config\.yml:7:13: stats\.interval/);
	// The clash is found once the keys are applied, and still said at its line in the file.
	assert.match(screen, /berth: config: ~\/\.config\/berth\/config\.yml:5:3: keys\.container\.stop: key "r" in scope containers: container\.restart and container\.stop; the default keys kept/);
});

test('--config names a file that must exist: berth starts and says it could not read it', {timeout: 30_000}, async () => {
	terminal = await launch({env: environment(), args: ['--config', path.join(home, 'missing.yml')]});
	await terminal.waitFor(/config: .*missing\.yml: could not read the config file: there is no such file/);
	await terminal.type('q');
	assert.equal(await terminal.waitForExit(10_000), 0);
});
