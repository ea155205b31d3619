import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type Dockerode from 'dockerode';
import {createTestContainer, removeTestObjects, requireEngine, RUN_ID} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {execFileAsync, launch} from './berth.js';

let docker: Dockerode;
const token = `clip${RUN_ID.replaceAll('-', '')}`;
const name = `${token}-web`;
let id = '';
const terminals: Terminal[] = [];

/** The newest tmux paste buffer of this terminal's server: where OSC 52 lands with set-clipboard on. */
async function tmuxBuffer(terminal: Terminal): Promise<string> {
	const {stdout} = await execFileAsync('tmux', ['-L', terminal.server, 'show-buffer']);
	return stdout;
}

before(async () => {
	docker = await requireEngine();
	const container = await createTestContainer(docker, {name});
	id = container.id;
});

after(async () => {
	await Promise.all(terminals.map(async terminal => terminal.kill()));
	await removeTestObjects(docker);
});

test('Ctrl-Y copies the selected container’s name and id to the clipboard with OSC 52, which tmux takes', async () => {
	const terminal = await launch({args: ['--filter', token]});
	terminals.push(terminal);
	await terminal.waitFor(name);
	// tmux takes OSC 52 from programs only with set-clipboard on (its default, "external", does not).
	await execFileAsync('tmux', ['-L', terminal.server, 'set-option', '-s', 'set-clipboard', 'on']);

	await terminal.sendKeys('C-y');
	await terminal.waitFor('Copy what to the clipboard?');
	await terminal.sendKeys('Down', 'Enter');
	await terminal.waitFor(`copied the name to the clipboard (${name.length} bytes)`);
	assert.equal(await tmuxBuffer(terminal), name);

	await terminal.sendKeys('C-y');
	await terminal.waitFor('Copy what to the clipboard?');
	await terminal.sendKeys('Enter');
	await terminal.waitFor('copied the id to the clipboard (64 bytes)');
	assert.equal(await tmuxBuffer(terminal), id);
	// The screen is intact: the sequence drew nothing.
	assert.match(await terminal.screen(), new RegExp(name));
});

test('the command log (H) copies a command line, and a stop shows its docker line in the status bar', async () => {
	const terminal = await launch({args: ['--filter', token]});
	terminals.push(terminal);
	await terminal.waitFor(name);
	await execFileAsync('tmux', ['-L', terminal.server, 'set-option', '-s', 'set-clipboard', 'on']);
	await terminal.sendKeys('s');
	await terminal.waitFor(`$ docker stop ${name}`, 20_000);
	await terminal.sendKeys('H');
	await terminal.waitFor(new RegExp(`docker stop ${name} +\\(ok\\)`));
	await terminal.sendKeys('Enter');
	await terminal.waitFor('copied the command line');
	assert.equal(await tmuxBuffer(terminal), `docker stop ${name}`);
});

test('log lines selected with v and k are copied with OSC 52: tmux holds exactly those lines', async () => {
	// Its own container, made here, so the tests above see only theirs.
	const rows = `${token}-rows`;
	await createTestContainer(docker, {name: rows, cmd: ['sh', '-c', 'for i in $(seq 1 30); do echo "row $i of 30"; done; exec sleep 3600']});
	const terminal = await launch({args: ['--filter', rows]});
	terminals.push(terminal);
	await terminal.waitFor('row 30 of 30');
	await execFileAsync('tmux', ['-L', terminal.server, 'set-option', '-s', 'set-clipboard', 'on']);
	await terminal.sendKeys('Enter', 'v', 'k', 'k');
	await terminal.waitFor('3 lines selected');
	assert.match(await terminal.screen(), /›row 28 of 30\s*\n.*│row 29 of 30\s*\n.*│row 30 of 30/);
	await terminal.sendKeys('C-y');
	await terminal.waitFor('1. the 3 selected log lines: row 28 of 30 …');
	await terminal.sendKeys('Enter');
	await terminal.waitFor('copied the 3 selected log lines to the clipboard (39 bytes)');
	assert.equal(await tmuxBuffer(terminal), 'row 28 of 30\nrow 29 of 30\nrow 30 of 30\n');
});
