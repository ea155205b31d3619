// The built CLI watching two real engines at once: the shared engine (the default context) and a
// private dockerd (a context of its own), with containers on each. An action lands on the engine
// of its row; the private engine is stopped and started while berth runs, the other unaffected.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import type Dockerode from 'dockerode';
import {writeContext} from '../support/contexts.js';
import {createTestContainer, removeTestObjects, requireEngine, RUN_ID, startPrivateEngine, uniqueName, type PrivateEngine} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {CLI, launch} from './berth.js';

let home: string;
let shared: Dockerode;
let lab: PrivateEngine;
let terminal: Terminal | undefined;

before(async () => {
	shared = await requireEngine();
	lab = await startPrivateEngine();
	home = await mkdtemp(path.join(tmpdir(), 'berth-e2e-multi-'));
	writeContext(path.join(home, '.docker'), 'lab', `unix://${lab.socket}`, {description: 'a private dockerd'});
});

after(async () => {
	await terminal?.kill();
	await removeTestObjects(shared);
	await lab?.dispose();
	await rm(home, {recursive: true, force: true});
});

/** The list row naming `name`, cut at the main area's border. */
function row(screen: string, name: string): string {
	return (
		screen
			.split('\n')
			.map(line => line.split('│')[0]!)
			.find(line => line.includes(name)) ?? assert.fail(`no row of ${name} in\n${screen}`)
	);
}

/** Replaces the list's filter: Esc in the filter field clears it. */
async function filter(text: string): Promise<void> {
	assert.ok(terminal);
	await terminal.type('/');
	await terminal.sendKeys('Escape');
	await terminal.type('/');
	await terminal.type(text);
	await terminal.sendKeys('Enter');
}

test('two engines at once: merged lists, actions on the right engine, one engine dropping and rejoining', {timeout: 240_000}, async () => {
	const here = uniqueName('multi-here');
	const there = uniqueName('multi-there');
	const local = await createTestContainer(shared, {name: here});
	const remote = await createTestContainer(lab.docker, {name: there});

	terminal = await launch({
		args: ['--context', 'default', '--context', 'lab', '--filter', RUN_ID],
		env: {HOME: home, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: undefined},
	});
	let screen = await terminal.waitFor(s => s.includes(here) && s.includes(there), 20_000);
	assert.match(screen, /NAME\s+ENGINE/);
	assert.match(row(screen, here), new RegExp(`${here}\\s+default `));
	assert.match(row(screen, there), new RegExp(`${there}\\s+lab `));
	assert.match(screen, /Containers · .*\(default \d+\/\d+ · lab 1\/1\)/);
	// The rows come before the engines are marked connected (the first list is asked for at start).
	await terminal.waitFor(/● default, lab │/, 20_000);

	// Only the private engine's row is left by the filter; stopping it stops it there alone.
	await filter('engine:lab');
	screen = await terminal.waitFor(s => !s.includes(here) && s.includes(there));
	await terminal.type('s');
	screen = await terminal.waitFor(new RegExp(`\\$ docker --context lab stop ${there}`), 20_000);
	assert.equal((await remote.inspect()).State.Running, false);
	assert.equal((await local.inspect()).State.Running, true);

	await filter(RUN_ID);
	await terminal.waitFor(s => s.includes(here) && s.includes(there));

	// The private engine goes: it is named in the status bar, its row stays, the shared one works on.
	await lab.stop();
	screen = await terminal.waitFor(/lab reconnecting \(attempt \d+/, 20_000);
	assert.ok(screen.includes(there), 'the dropped engine’s rows stay, showing the last known state');
	const later = uniqueName('multi-later');
	await createTestContainer(shared, {name: later});
	await terminal.waitFor(s => s.split('\n').some(line => line.split('│')[0]!.includes(later)) && /default\s+\S+\s+Up/.test(row(s, later)), 20_000);

	await lab.start();
	screen = await terminal.waitFor(s => !s.includes('lab reconnecting') && s.includes(there), 60_000);
	assert.match(screen, /Containers · .*\(default \d+\/\d+ · lab 0\/1\)/);

	await terminal.resize(80, 24);
	screen = await terminal.waitFor(s => s.includes('ENGINE') && s.includes(there));
	assert.ok(screen.split('\n').every(line => [...line].length <= 80), screen);
	assert.equal(await terminal.exited(), false);
});

test('engines given twice under one name, or an unknown context among several, are refused with the reason', () => {
	const twice = spawnSync(process.execPath, [CLI, '-H', 'a=unix:///x.sock', '-H', 'a=unix:///y.sock'], {encoding: 'utf8'});
	assert.equal(twice.status, 2);
	assert.match(twice.stderr, /^berth: two engines are called "a": give each host a name of its own, --host NAME=URL/);
	const unknown = spawnSync(process.execPath, [CLI, '--context', 'default', '--context', 'nowhere'], {encoding: 'utf8', env: {...process.env, HOME: home}});
	assert.equal(unknown.status, 2);
	assert.match(unknown.stderr, /^berth: unknown Docker context "nowhere" \(from --context\).*known contexts: default, lab/);
	const help = spawnSync(process.execPath, [CLI, '--help'], {encoding: 'utf8'});
	assert.match(help.stdout, /given more than once, watches several engines/);
});
