// Volumes, networks, copying files in and out of containers, and the system prune, through the
// built CLI in a real terminal (tmux), checked against the engine. Everything made on the shared
// engine carries the run's `berth.test` label (typed into the forms' label fields, or set by
// dockerode) and a name of this run, and is removed at the end. The prune runs on a private
// engine: a prune removes objects the test did not create.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import {
	createTestContainer,
	removeTestObjects,
	requireEngine,
	RUN_ID,
	RUN_LABEL,
	startPrivateEngine,
	TEST_IMAGE,
	testLabels,
	uniqueName,
	type PrivateEngine,
} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {buildLabelled, dockerCli, execFileAsync, launch} from './berth.js';

let docker: Dockerode;
const label = `${RUN_LABEL}=${RUN_ID}`;
const terminals: Terminal[] = [];
const folders: string[] = [];
const engines: PrivateEngine[] = [];
/** Networks and volumes berth is asked to create, removed by name should their label be missing. */
const madeNetworks = new Set<string>();
const madeVolumes = new Set<string>();

before(async () => {
	docker = await requireEngine();
});

after(async () => {
	await Promise.all(terminals.map(async terminal => terminal.kill()));
	await removeTestObjects(docker);
	for (const name of madeNetworks) {
		await docker
			.getNetwork(name)
			.remove()
			.catch(() => undefined);
	}
	for (const name of madeVolumes) {
		await docker
			.getVolume(name)
			.remove()
			.catch(() => undefined);
	}
	await Promise.all(engines.map(async engine => engine.dispose()));
	await Promise.all(folders.map(async folder => rm(folder, {recursive: true, force: true})));
});

// ---------------------------------------------------------------------------------------------
// Helpers

function escape(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function folder(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-e2e-objects-'));
	folders.push(dir);
	return dir;
}

/** Polls the engine until `check` returns a value other than undefined. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) {
			return value;
		}
		if (Date.now() > deadline) {
			assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

/** 404 as false; anything else is thrown. */
async function exists(inspect: () => Promise<unknown>): Promise<boolean> {
	try {
		await inspect();
		return true;
	} catch (error) {
		if ((error as {statusCode?: number}).statusCode === 404) {
			return false;
		}
		throw error;
	}
}

/** berth at 160x45 by default (on `engine` when given), waits up to 20 s by default: a busy engine can be slow. */
async function open(engine?: PrivateEngine, cols = 160): Promise<Terminal> {
	const terminal = await launch({cols, rows: 45, env: engine ? {DOCKER_HOST: `unix://${engine.socket}`} : {}});
	terminals.push(terminal);
	const waitFor = terminal.waitFor.bind(terminal);
	terminal.waitFor = async (predicate, timeoutMs = 20_000) => waitFor(predicate, timeoutMs);
	return terminal;
}

const PANE_TITLES = {1: 'Containers', 2: 'Images', 3: 'Volumes', 4: 'Networks', 5: 'Jobs', 6: 'System'} as const;

/** Switches to pane `key` and waits until its list has been read. */
async function pane(terminal: Terminal, key: keyof typeof PANE_TITLES): Promise<string> {
	await terminal.type(String(key));
	return terminal.waitFor(new RegExp(`─ ${key} ${PANE_TITLES[key]} · \\S`));
}

/** Replaces the list's filter with `text`. */
async function filterList(terminal: Terminal, text: string): Promise<void> {
	// Esc clears a filter already there (then the marks, of which there are none).
	await terminal.sendKeys('Escape');
	await terminal.waitFor(s => !/filter "/.test(s));
	await terminal.type('/');
	await terminal.type(text);
	await terminal.sendKeys('Enter');
	await terminal.waitFor(`filter "${text}"`);
}

/** The row of the list that carries the selection cursor. */
function selectedRow(screen: string): string | undefined {
	return screen.split('\n').find(line => line.startsWith('›'));
}

/** The rows of the lists on the left: no pane titles (which show the filter), no message line. */
function listRows(screen: string): string[] {
	return screen
		.split('\n')
		.map(line => line.split('│')[0] ?? '')
		.filter(row => !/^\s*[─✓✕●]/.test(row));
}

/** Waits until the selected row names `name`. */
async function selected(terminal: Terminal, name: string): Promise<string> {
	const screen = await terminal.waitFor(s => new RegExp(`\\s${escape(name)}(\\s|$)`).test(selectedRow(s) ?? ''));
	return selectedRow(screen)!;
}

/**
 * The dialog box drawn over the screen: its rows, from its left border on; undefined when none or
 * while it is only partly drawn. tmux can be read between two pieces of one frame, and a dialog
 * read then holds rows of the screen it replaces.
 */
function dialogOf(screen: string): string | undefined {
	const lines = screen.split('\n');
	const top = lines.findIndex(line => line.includes('╭'));
	const bottom = lines.findIndex((line, index) => index > top && line.includes('╰'));
	if (top === -1 || bottom === -1) {
		return undefined;
	}
	const left = lines[top]!.indexOf('╭');
	const right = lines[top]!.indexOf('╮', left);
	const rows = lines.slice(top, bottom + 1);
	const whole = rows.every((line, index) => (index === 0 || index === rows.length - 1 ? line[left] !== ' ' : line[left] === '│' && line[right] === '│'));
	return whole ? rows.map(line => line.slice(left)).join('\n') : undefined;
}

function dialogText(screen: string): string {
	const dialog = dialogOf(screen);
	assert.ok(dialog !== undefined, `no dialog on the screen:\n${screen}`);
	return dialog;
}

/** Waits for a dialog whose text matches. */
async function dialog(terminal: Terminal, predicate: RegExp | string): Promise<string> {
	const screen = await terminal.waitFor(s => {
		const text = dialogOf(s);
		return text !== undefined && (typeof predicate === 'string' ? text.includes(predicate) : predicate.test(text));
	});
	return dialogText(screen);
}

/** Waits until no part of a dialog is left on the screen. */
async function noDialog(terminal: Terminal): Promise<string> {
	return terminal.waitFor(s => !/[╭╰]/.test(s));
}

/** The form field being edited: its label (`[submit]` on the button), its line and its value as shown. */
function currentField(screen: string): {label: string; line: string; value: string} | undefined {
	const text = dialogOf(screen);
	if (text === undefined) {
		return undefined;
	}
	for (const line of text.split('\n')) {
		const at = line.indexOf('›');
		if (at !== -1 && at <= 3) {
			return {label: line.slice(at + 1, at + 17).trim(), line, value: line.slice(at + 18).replace(/│\s*$/, '').trim()};
		}
	}
	return {label: '[submit]', line: '', value: ''};
}

/** Whether a label as the form shows it (cut to 16 columns, with an ellipsis) is `wanted`. */
function sameLabel(shown: string, wanted: string): boolean {
	return shown === wanted || (wanted.length > 16 && shown.endsWith('…') && wanted.startsWith(shown.slice(0, -1)));
}

/**
 * Moves through the form with Tab until the field labelled `label` (or one of the labels, when
 * the wording may vary) is the current one.
 */
async function focusField(terminal: Terminal, label: string | readonly string[]): Promise<string> {
	const labels = typeof label === 'string' ? [label] : label;
	const seen: string[] = [];
	for (let step = 0; step < 40; step++) {
		const screen = await terminal.screen();
		const current = currentField(screen);
		assert.ok(current, `no form on the screen:\n${screen}`);
		if (labels.some(wanted => sameLabel(current.label, wanted))) {
			return current.line;
		}
		if (seen.length > 1 && seen[0] === current.label) {
			assert.fail(`the form has no field "${labels.join('" or "')}"; it has ${seen.join(', ')}:\n${screen}`);
		}
		seen.push(current.label);
		await terminal.sendKeys('Tab');
		await terminal.waitFor(s => currentField(s)?.label !== current.label, 5_000);
	}
	assert.fail(`could not reach the field "${label}"; went through ${seen.join(', ')}`);
}

/** Clears the field labelled `label` and types `text` into it. */
async function fill(terminal: Terminal, fieldLabel: string, text: string): Promise<void> {
	await focusField(terminal, fieldLabel);
	await terminal.sendKeys('C-u');
	await terminal.type(text);
	await terminal.waitFor(s => {
		const current = currentField(s);
		return current !== undefined && sameLabel(current.label, fieldLabel) && current.value === text;
	}, 5_000);
}

/** Sets the toggle labelled `label` (or one of the labels) on or off. */
async function toggle(terminal: Terminal, toggleLabel: string | readonly string[], on: boolean): Promise<void> {
	const line = await focusField(terminal, toggleLabel);
	if (line.includes('[x]') !== on) {
		await terminal.sendKeys('Space');
		await terminal.waitFor(s => currentField(s)?.line.includes(on ? '[x]' : '[ ]') ?? false, 5_000);
	}
}

/** The labels of the form's toggles that are on, and of those that are off. */
function toggles(screen: string): {on: string[]; off: string[]} {
	const on: string[] = [];
	const off: string[] = [];
	for (const line of dialogText(screen).split('\n')) {
		const match = /^│\s?[ ›](.{16}) \[([x ])\]/.exec(line);
		if (match) {
			(match[2] === 'x' ? on : off).push(match[1]!.trim());
		}
	}
	return {on, off};
}

/** The screen with its colours, as tmux shows them. */
async function colouredScreen(terminal: Terminal): Promise<string> {
	const {stdout} = await execFileAsync('tmux', ['-L', terminal.server, 'capture-pane', '-p', '-e']);
	return stdout;
}

/** 10.214.N.0/24 for an N whose /24 no network on the engine overlaps. */
async function freeSubnet(): Promise<number> {
	const taken: Array<[number, number]> = [];
	for (const info of await docker.listNetworks()) {
		for (const config of info.IPAM?.Config ?? []) {
			const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(config.Subnet ?? '');
			if (match) {
				const [a, b, c, d, bits] = match.slice(1).map(Number) as [number, number, number, number, number];
				const base = (((a << 24) | (b << 16) | (c << 8) | d) >>> 0) & (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);
				taken.push([base >>> 0, (base >>> 0) + 2 ** (32 - bits) - 1]);
			}
		}
	}
	// Random, so two runs at once rarely want the same one.
	const start = 1 + Math.floor(Math.random() * 250);
	for (let offset = 0; offset < 250; offset++) {
		const n = 1 + ((start + offset) % 250);
		const low = ((10 << 24) | (214 << 16) | (n << 8)) >>> 0;
		const high = low + 255;
		if (taken.every(([from, to]) => high < from || low > to)) {
			return n;
		}
	}
	throw new Error('no free /24 in 10.214.0.0/16 on the engine');
}

// ---------------------------------------------------------------------------------------------
// Networks

test('networks: n creates one with its subnet, gateway and label (a gateway outside the subnet is named and fixed); c connects a container with an alias and an address, D disconnects it', {timeout: 180_000}, async () => {
	const n = await freeSubnet();
	const subnet = `10.214.${n}.0/24`;
	const gateway = `10.214.${n}.1`;
	const address = `10.214.${n}.50`;
	const name = uniqueName('berth-net');
	madeNetworks.add(name);
	const container = await createTestContainer(docker);
	const containerName = (await container.inspect()).Name.replace(/^\//, '');
	const alias = `alias-${RUN_ID}`;

	// Wide enough for the Inspect tab's line of the container: name, address, MAC and aliases.
	const terminal = await open(undefined, 250);
	await pane(terminal, 4);
	await terminal.type('n');
	await terminal.waitFor(s => currentField(s)?.label === 'name');
	await fill(terminal, 'name', name);
	await fill(terminal, 'subnet', subnet);
	// A gateway outside the subnet: the field says so, in red, and nothing is created.
	const outside = `10.214.${n === 250 ? 249 : n + 1}.1`;
	await fill(terminal, 'gateway', outside);
	const wrong = await terminal.waitFor(/↳ gateway: /);
	assert.ok(dialogText(wrong).includes(outside), `the error is about ${outside}:\n${wrong}`);
	assert.match(await colouredScreen(terminal), /\u001B\[(31|91|38;5;(1|9))m\s*↳ gateway: /, 'the error line is red');
	// Submitting the wrong form goes back to the gateway and creates nothing.
	await focusField(terminal, 'labels');
	await terminal.sendKeys('C-s');
	await terminal.waitFor(s => currentField(s)?.label === 'gateway' && s.includes('↳ gateway: '));
	assert.equal(await exists(async () => docker.getNetwork(name).inspect()), false, 'no network yet');
	await fill(terminal, 'gateway', gateway);
	await terminal.waitFor(s => !s.includes('↳ gateway'));
	await fill(terminal, 'labels', label);
	await terminal.sendKeys('C-s');
	await noDialog(terminal);
	await terminal.waitFor(new RegExp(`✓ .*${escape(name)}`));

	const network = await docker.getNetwork(name).inspect();
	assert.deepEqual(
		network.IPAM.Config.map((config: {Subnet?: string; Gateway?: string}) => ({subnet: config.Subnet, gateway: config.Gateway})),
		[{subnet, gateway}],
	);
	assert.equal(network.Labels[RUN_LABEL], RUN_ID);
	assert.equal(network.Driver, 'bridge');

	// Connect our container to it, with an alias and a fixed address.
	await filterList(terminal, name);
	await selected(terminal, name);
	await terminal.type('c');
	await dialog(terminal, 'filter:');
	await terminal.type(containerName);
	await dialog(terminal, new RegExp(`\\b1 of \\d+[\\s\\S]*${escape(containerName)}`));
	await terminal.sendKeys('Enter');
	await terminal.waitFor(s => currentField(s)?.label !== undefined && currentField(s)?.label !== '[submit]' && !(dialogOf(s) ?? '').includes('filter:'));
	await fill(terminal, 'aliases', alias);
	await fill(terminal, 'IPv4 address', address);
	await terminal.sendKeys('C-s');
	await noDialog(terminal);
	await terminal.waitFor(`✓ connected ${containerName} to ${name}`);
	const endpoint = await eventually('the container to be attached', async () => {
		const info = await container.inspect();
		return info.NetworkSettings.Networks[name];
	});
	assert.equal(endpoint.IPAddress, address);
	assert.equal(endpoint.IPAMConfig?.IPv4Address, address);
	assert.ok(endpoint.Aliases?.includes(alias), `the aliases are ${JSON.stringify(endpoint.Aliases)}`);
	// The network's Inspect tab lists it with its address.
	const inspect = await terminal.waitFor(new RegExp(`${escape(containerName)}\\s+IPv4 ${escape(address)}\\b`));
	assert.match(inspect, new RegExp(`aliases .*${escape(alias)}`));
	assert.match(inspect, new RegExp(`subnet ${escape(subnet)}\\s+gateway ${escape(gateway)}`));

	// The list counts it too.
	await terminal.waitFor(s => new RegExp(`${escape(gateway)}\\s+1\\s`).test(selectedRow(s) ?? ''), 10_000);

	// Disconnect it.
	await terminal.type('D');
	const picked = await dialog(terminal, containerName);
	if (!/Enter\/y: yes/.test(picked)) {
		// The list of attached containers: ours is the only one.
		await terminal.sendKeys('Enter');
		await dialog(terminal, /Enter\/y: yes/);
	}
	const confirm = dialogText(await terminal.screen());
	assert.ok(confirm.includes(containerName), `the confirmation names the container:\n${confirm}`);
	await terminal.type('y');
	await noDialog(terminal);
	await terminal.waitFor(`✓ disconnected ${containerName} from ${name}`);
	await eventually('the container to be detached', async () => {
		const info = await container.inspect();
		return info.NetworkSettings.Networks[name] === undefined ? true : undefined;
	});
	await terminal.waitFor(s => !new RegExp(`${escape(containerName)}\\s+IPv4`).test(s));
});

test('networks: removing the predefined bridge is refused with the reason, and the bridge stays', {timeout: 60_000}, async () => {
	const bridge = await docker.getNetwork('bridge').inspect();
	const terminal = await open();
	await pane(terminal, 4);
	await filterList(terminal, bridge.Id.slice(0, 12));
	const row = await selected(terminal, 'bridge');
	assert.match(row, /^›\s+\S?\s*bridge\s+bridge\s/);
	await terminal.type('d');
	// Refused at once, or after the question.
	const screen = await terminal.waitFor(s => /✕ /.test(s) || /Enter\/y: yes/.test(dialogOf(s) ?? ''));
	if (!/✕ /.test(screen)) {
		await terminal.type('y');
	}
	await terminal.waitFor(/✕ .*bridge is a predefined network and cannot be removed/);
	assert.equal((await docker.getNetwork('bridge').inspect()).Id, bridge.Id);
});

// ---------------------------------------------------------------------------------------------
// Volumes

test('volumes: n creates a labelled volume, shown dangling; d removes it once confirmed', {timeout: 120_000}, async () => {
	const name = uniqueName('berth-vol');
	madeVolumes.add(name);
	const terminal = await open();
	await pane(terminal, 3);
	await terminal.type('n');
	await terminal.waitFor(s => currentField(s)?.label === 'name');
	await fill(terminal, 'name', name);
	await fill(terminal, 'labels', label);
	await terminal.sendKeys('C-s');
	await noDialog(terminal);
	await terminal.waitFor(new RegExp(`✓ .*${escape(name)}`));
	const volume = await docker.getVolume(name).inspect();
	assert.equal(volume.Labels?.[RUN_LABEL], RUN_ID);
	assert.equal(volume.Driver, 'local');

	await filterList(terminal, name);
	// No container mounts it: the dangling mark.
	const row = await selected(terminal, name);
	assert.match(row, new RegExp(`◌\\s+${escape(name)}\\s`), `the row has the dangling mark: ${row}`);

	await terminal.type('d');
	const confirm = await dialog(terminal, /Enter\/y: yes/);
	assert.ok(confirm.includes(name), `the confirmation names the volume:\n${confirm}`);
	await terminal.type('y');
	await noDialog(terminal);
	await eventually('the volume to be gone', async () => ((await exists(async () => docker.getVolume(name).inspect())) ? undefined : true));
	await terminal.waitFor(s => !listRows(s).some(row => row.includes(name)));
});

test('volumes: removing a volume a container uses is refused, naming the container', {timeout: 60_000}, async () => {
	const name = uniqueName('berth-vol-used');
	await docker.createVolume({Name: name, Labels: testLabels()});
	madeVolumes.add(name);
	const user = await docker.createContainer({
		name: uniqueName('berth-vol-user'),
		Image: TEST_IMAGE,
		Cmd: ['sh', '-c', 'trap "exit 0" TERM INT; sleep 86400 & wait'],
		Labels: testLabels(),
		HostConfig: {Binds: [`${name}:/data`]},
	});
	await user.start();
	const userName = (await user.inspect()).Name.replace(/^\//, '');

	const terminal = await open();
	await pane(terminal, 3);
	await filterList(terminal, name);
	const row = await selected(terminal, name);
	assert.doesNotMatch(row, /◌/, `a used volume is not marked dangling: ${row}`);
	await terminal.type('d');
	await dialog(terminal, /Enter\/y: yes/);
	await terminal.type('y');
	const refused = await terminal.waitFor(/✕ .*in use/);
	assert.match(refused, new RegExp(`✕ .*${escape(name)} is in use by .*${escape(userName)}`));
	assert.equal(await exists(async () => docker.getVolume(name).inspect()), true, 'the volume is still there');
});

// ---------------------------------------------------------------------------------------------
// Copying files

test('containers: y copies a file out of the container, Y copies one in; a missing path is refused in the form', {timeout: 120_000}, async () => {
	const container = await createTestContainer(docker);
	const containerName = (await container.inspect()).Name.replace(/^\//, '');
	const outContent = `from the container ${RUN_ID} ${Math.random()}`;
	await dockerCli(['exec', containerName, 'sh', '-c', 'mkdir -p /tmp && printf %s "$1" > /tmp/out.txt', 'sh', outContent]);
	const dir = await folder();
	const copied = path.join(dir, 'copied.txt');
	const inContent = `from the host ${RUN_ID} ${Math.random()}\n`;
	const hostFile = path.join(dir, `into-${RUN_ID}.txt`);
	await writeFile(hostFile, inContent);

	const terminal = await open();
	await pane(terminal, 1);
	await filterList(terminal, containerName);
	await selected(terminal, containerName);

	// Out of the container.
	await terminal.type('y');
	await terminal.waitFor(s => currentField(s) !== undefined);
	await fill(terminal, 'container path', '/tmp/out.txt');
	await fill(terminal, 'host path', copied);
	await terminal.sendKeys('C-s');
	await noDialog(terminal);
	const text = await eventually('the copied file', async () => readFile(copied, 'utf8').catch(() => undefined));
	assert.equal(text, outContent);
	await terminal.waitFor(/✓ /);

	// Into the container.
	await terminal.type('Y');
	await terminal.waitFor(s => currentField(s) !== undefined);
	await fill(terminal, 'host path', hostFile);
	await fill(terminal, 'container path', '/tmp/');
	await terminal.sendKeys('C-s');
	await noDialog(terminal);
	const inside = await eventually('the file in the container', async () =>
		dockerCli(['exec', containerName, 'cat', `/tmp/into-${RUN_ID}.txt`]).catch(() => undefined),
	);
	assert.equal(inside, inContent);

	// A path the container does not have: refused in the form, which stays filled.
	const missing = `/no/such/file-${RUN_ID}`;
	const nothing = path.join(dir, 'nothing.txt');
	await terminal.type('y');
	await terminal.waitFor(s => currentField(s) !== undefined);
	await fill(terminal, 'container path', missing);
	await fill(terminal, 'host path', nothing);
	await terminal.sendKeys('C-s');
	const refused = dialogText(await terminal.waitFor(s => /(✕|↳) .*(no such file|does not exist|not found)/i.test(dialogOf(s) ?? '')));
	assert.ok(refused.includes(missing), `the refusal names the path:\n${refused}`);
	assert.match(refused, new RegExp(`container path\\s+${escape(missing)}`), 'the form stays filled');
	await terminal.sendKeys('Escape');
	await noDialog(terminal);
	assert.equal(existsSync(nothing), false, 'nothing was written on the host');
});

// ---------------------------------------------------------------------------------------------
// System prune, on a private engine

test('system: X prunes stopped containers, unused networks and volumes and dangling images, listing them first and saying the space reclaimed', {timeout: 240_000}, async () => {
	const engine = await startPrivateEngine();
	engines.push(engine);
	const own = engine.docker;
	// A stopped container, an unused network and volume, and a dangling image (built twice under one tag).
	const stopped = await own.createContainer({name: uniqueName('berth-stopped'), Image: TEST_IMAGE, Cmd: ['true'], Labels: testLabels()});
	await stopped.start();
	await stopped.wait();
	const stoppedName = (await stopped.inspect()).Name.replace(/^\//, '');
	const networkName = uniqueName('berth-unused-net');
	await own.createNetwork({Name: networkName, Labels: testLabels()});
	const volumeName = uniqueName('berth-unused-vol');
	await own.createVolume({Name: volumeName, Labels: testLabels()});
	const tag = `prune${RUN_ID.replace('-', '')}/image:1`;
	const first = await buildLabelled(engine.docker, tag, [`RUN echo one > /which`], `unix://${engine.socket}`);
	const second = await buildLabelled(engine.docker, tag, [`RUN echo two > /which`], `unix://${engine.socket}`);
	assert.notEqual(first, second);
	const shortId = first.replace('sha256:', '').slice(0, 12);

	const terminal = await open(engine);
	await pane(terminal, 6);
	await terminal.type('X');
	await terminal.waitFor(s => currentField(s) !== undefined);
	const form = await terminal.screen();
	const {on, off} = toggles(form);
	assert.ok(on.length + off.length >= 6, `the form has the six toggles:\n${dialogText(form)}`);
	await toggle(terminal, ['unused volumes', 'volumes'], true);
	await toggle(terminal, ['stopped containers', 'containers'], true);
	await toggle(terminal, ['unused networks', 'networks'], true);
	await toggle(terminal, 'dangling images', true);
	await toggle(terminal, ['all unused images', 'unused images'], false);
	await terminal.sendKeys('C-s');

	const confirm = await dialog(terminal, /Enter\/y: yes/);
	for (const [what, name] of [
		['the stopped container', stoppedName],
		['the unused network', networkName],
		['the unused volume', volumeName],
		['the dangling image', shortId],
	] as const) {
		assert.ok(confirm.includes(name), `the confirmation lists ${what} ${name}:\n${confirm}`);
	}
	assert.ok(!confirm.includes(second.replace('sha256:', '').slice(0, 12)), `the tagged image is not listed:\n${confirm}`);
	await terminal.type('y');
	await noDialog(terminal);
	const done = await terminal.waitFor(/✓ .*reclaimed/, 60_000);
	assert.match(done, /reclaimed [\d.]+\s?[kMG]?B/);

	assert.equal(await exists(async () => own.getContainer(stoppedName).inspect()), false, 'the stopped container is gone');
	assert.equal(await exists(async () => own.getNetwork(networkName).inspect()), false, 'the network is gone');
	assert.equal(await exists(async () => own.getVolume(volumeName).inspect()), false, 'the volume is gone');
	assert.equal(await exists(async () => own.getImage(first).inspect()), false, 'the dangling image is gone');
	assert.equal((await own.getImage(second).inspect()).Id, second, 'the tagged image stays');
	await own.getImage(TEST_IMAGE).inspect();
	await terminal.kill();
	await engine.dispose();
});
