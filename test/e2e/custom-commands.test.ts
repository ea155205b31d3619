// The built CLI with custom commands in its config file: one runs the real docker CLI as a job
// (a docker --format template passing through), one takes the terminal and gives it back, Ctrl-C
// included, without berth quitting.
import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import type Dockerode from 'dockerode';
import {createTestContainer, removeTestObjects, requireEngine, uniqueName} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {launch, requireBuild} from './berth.js';

let docker: Dockerode;
let home: string;
let terminal: Terminal | undefined;

before(async () => {
	docker = await requireEngine();
	requireBuild();
	home = await mkdtemp(path.join(tmpdir(), 'berth-e2e-commands-'));
	await mkdir(path.join(home, '.config', 'berth'), {recursive: true});
});

after(async () => {
	await terminal?.kill();
	await removeTestObjects(docker);
	await rm(home, {recursive: true, force: true});
});

test('config commands: a docker CLI job on the selected container, and a terminal hand-over that Ctrl-C does not end berth in', {timeout: 90_000}, async () => {
	const name = uniqueName('cmd');
	await createTestContainer(docker, {name});
	await writeFile(
		path.join(home, '.config', 'berth', 'config.yml'),
		[
			'commands:',
			'  - name: status',
			'    key: W',
			'    scope: container',
			`    command: [docker, inspect, --format, '{{"{{"}}.Name}} is {{"{{"}}.State.Status}}', "{{.ID}}"]`,
			'  - name: shell',
			'    key: Z',
			'    scope: container',
			'    terminal: true',
			// The launcher's malloc settings are berth's own, not its children's.
			`    command: [sh, -c, 'echo "{{.Name}} via $DOCKER_HOST, malloc \${MALLOC_ARENA_MAX-unset} \${MALLOC_MMAP_THRESHOLD_-unset}"; read answer; exit 4']`,
			'',
		].join('\n'),
	);
	terminal = await launch({env: {HOME: home, XDG_CONFIG_HOME: undefined, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: undefined, MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined}, args: ['--filter', name]});
	await terminal.waitFor(name);
	await terminal.type('?');
	await terminal.waitFor(/W\s+status/);
	await terminal.sendKeys('Escape');

	await terminal.type('W');
	await terminal.waitFor(`/${name} is running`, 20_000);
	await terminal.waitFor(/status on .*: done/, 10_000);
	await terminal.sendKeys('Escape');

	await terminal.type('Z');
	await terminal.waitFor(`${name} via unix:///var/run/docker.sock, malloc unset unset`, 10_000);
	await terminal.type('yes');
	await terminal.sendKeys('Enter');
	await terminal.waitFor(`shell on ${name} ended (exit code 4)`, 10_000);

	// Ctrl-C is the program's while it has the terminal: sh ends on it, berth stays.
	await terminal.type('Z');
	// The first session's prompt is still on the terminal's own screen: wait for this one's too.
	await terminal.waitFor(shown => shown.split(`${name} via unix:///var/run/docker.sock`).length > 2, 10_000);
	await terminal.sendKeys('C-c');
	await terminal.waitFor(`shell on ${name} ended (exit code 130)`, 10_000);
	assert.equal(await terminal.exited(), false);

	await terminal.type('q');
	assert.equal(await terminal.waitForExit(10_000), 0);
});
