// A compose project driven from the Projects pane of the built CLI in a real terminal (tmux),
// against the real engine and Debian's docker-compose (v1): two services with a named volume and
// a network, in a temp dir, the project named with the run id and every object labelled with it.
// Up from the pane (a compose file), scale a service to 3, edit the file and see the drift, restart,
// read the merged logs, up again (the drift goes), see it at 80x24, and down -v; each step is checked
// with the engine. The project is taken down at the end whatever happened.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, test} from 'node:test';
import type Dockerode from 'dockerode';
import {removeTestObjects, requireEngine, RUN_ID, RUN_LABEL, TEST_IMAGE} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {launch, listRow, selectRow} from './berth.js';

const execFileAsync = promisify(execFile);
const project = `berth-e2e-${RUN_ID}`;
const projectLabel = `com.docker.compose.project=${project}`;
let docker: Dockerode;
let folder: string;
let file: string;
let terminal: Terminal | undefined;

/** Prints a numbered line every second, so the merged logs have both services' lines. */
function service(name: string, word: string, extra: string[] = []): string[] {
	return [
		`  ${name}:`,
		`    image: ${TEST_IMAGE}`,
		`    command: ["sh", "-c", "trap 'exit 0' TERM; i=0; while :; do i=$$((i+1)); echo ${name} ${word} $$i; sleep 1 & wait $$!; done"]`,
		`    labels: {${RUN_LABEL}: "${RUN_ID}"}`,
		'    networks: [back]',
		'    stop_grace_period: 1s',
		...extra,
	];
}

function composeFile(edited: boolean): string {
	return [
		"version: '3.7'",
		'services:',
		...service('web', 'tick', ['    volumes: [data:/data]']),
		...service('worker', 'job', [`    environment: {MODE: "${edited ? 'second' : 'first'}"}`]),
		...(edited ? service('extra', 'beat') : []),
		'volumes:',
		`  data: {labels: {${RUN_LABEL}: "${RUN_ID}"}}`,
		'networks:',
		`  back: {labels: {${RUN_LABEL}: "${RUN_ID}"}}`,
		'',
	].join('\n');
}

async function compose(...args: string[]): Promise<string> {
	const {stdout} = await execFileAsync('docker-compose', ['--ansi', 'never', '-p', project, '-f', file, ...args], {cwd: folder});
	return stdout;
}

async function containers(): Promise<Dockerode.ContainerInfo[]> {
	return docker.listContainers({all: true, filters: {label: [projectLabel]}});
}

function ofService(list: Dockerode.ContainerInfo[], name: string): Dockerode.ContainerInfo[] {
	return list.filter(container => container.Labels['com.docker.compose.service'] === name);
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = await check();
		if (value !== undefined) {
			return value;
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise(resolve => setTimeout(resolve, 250));
	}
}

before(async () => {
	docker = await requireEngine();
	try {
		await execFileAsync('docker-compose', ['version', '--short']);
	} catch (error) {
		throw new Error(`docker-compose (v1) is needed for this test: apt-get install docker-compose (${String(error)})`);
	}
	folder = await mkdtemp(path.join(tmpdir(), 'berth compose $e2e-'));
	file = path.join(folder, 'docker-compose.yml');
	await writeFile(file, composeFile(false));
});

after(async () => {
	await terminal?.kill();
	await compose('down', '-v', '--remove-orphans').catch(() => undefined);
	await removeTestObjects(docker);
	await rm(folder, {recursive: true, force: true});
});

/** Waits for the job over the main area to end well, then closes it. */
async function jobDone(title: string): Promise<void> {
	const escaped = title.replaceAll(/[()]/g, '\\$&');
	await terminal!.waitFor(new RegExp(`${escaped} · (done|failed)`), 90_000);
	const screen = await terminal!.screen();
	assert.match(screen, new RegExp(`${escaped} · done`), screen);
	await terminal!.sendKeys('Escape');
}

test('a compose project from the Projects pane: up, scale, drift, restart, merged logs, up again, down -v', {timeout: 300_000}, async () => {
	terminal = await launch();
	await terminal.type('7');
	await terminal.waitFor(`7 Projects`);
	// Only this run's project, whatever else runs on the engine.
	await terminal.type('/');
	await terminal.type(project);
	await terminal.sendKeys('Enter');

	// Up, from the pane: the file (its folder's name has a space and a $) and the project's name.
	await terminal.type('n');
	await terminal.waitFor('Bring up a compose project');
	await terminal.type(file);
	await terminal.sendKeys('Tab');
	await terminal.type(project);
	await terminal.sendKeys('C-s');
	await jobDone(`compose up ${project}`);
	await until('both services running', async () => {
		const list = await containers();
		return list.length === 2 && list.every(container => container.State === 'running') ? list : undefined;
	});
	let screen = await terminal.waitFor(s => listRow(s, project)?.includes('running(2)') ?? false);
	assert.match(listRow(screen, project) ?? '', /in sync|checking/);
	assert.match(listRow(screen, '├ web') ?? '', /1\/1 running/);

	// Scale web to 3, from its row.
	await selectRow(terminal!, '├ web');
	await terminal.type('x');
	await terminal.waitFor(`Scale ${project}/web`);
	await terminal.sendKeys('C-u');
	await terminal.type('3');
	await terminal.sendKeys('C-s');
	await jobDone(`compose scale web=3 (${project})`);
	const web = await until('three web replicas', async () => {
		const list = ofService(await containers(), 'web');
		return list.length === 3 && list.every(container => container.State === 'running') ? list : undefined;
	});
	await terminal.waitFor(s => listRow(s, '├ web')?.includes('3/3 running') ?? false);

	// Edit the file: worker's environment changes (outdated), a service is added (not created).
	await writeFile(file, composeFile(true));
	screen = await terminal.waitFor(s => listRow(s, project)?.includes('1 outdated · 1 not created') ?? false, 60_000);
	assert.match(listRow(screen, '└ worker') ?? '', /outdated 1\/1/);
	assert.doesNotMatch(listRow(screen, '├ web') ?? '', /outdated/, 'web did not change');
	await selectRow(terminal!, project);
	screen = await terminal.waitFor('○ extra · not created');

	// Restart the project: every replica starts again.
	const startedBefore = new Map(await Promise.all(web.map(async container => [container.Id, (await docker.getContainer(container.Id).inspect()).State.StartedAt] as const)));
	await terminal.type('r');
	await jobDone(`compose restart ${project}`);
	for (const [id, started] of startedBefore) {
		const state = (await docker.getContainer(id).inspect()).State;
		assert.equal(state.Running, true);
		assert.notEqual(state.StartedAt, started, `${id.slice(0, 12)} was restarted`);
	}

	// Merged logs: both services' lines, each after its replica's label.
	await terminal.type('l');
	screen = await terminal.waitFor(s => /web-[123]\s+│ web tick \d+/.test(s) && /worker\s+│ worker job \d+/.test(s), 30_000);
	assert.match(screen, /Services │ Logs │/);
	// Back to the list before the next key: an Esc read in one piece with the [ after it is the
	// start of an escape sequence, not two keys.
	await terminal.sendKeys('Escape');
	await terminal.waitFor(s => !s.includes('G follow'));
	await terminal.type('[');

	// Up again from the project row: worker is recreated and extra created, so nothing drifts (and,
	// as compose does, web goes back to the file's one replica).
	const worker = ofService(await containers(), 'worker')[0]!;
	await terminal.type('u');
	await terminal.waitFor(`Up ${project} (detached)`);
	await terminal.sendKeys('C-s');
	await jobDone(`compose up ${project}`);
	const afterUp = await containers();
	assert.equal(ofService(afterUp, 'extra').length, 1, 'extra was created');
	assert.ok(!afterUp.some(container => container.Id === worker.Id), 'the outdated worker was recreated');
	assert.equal(ofService(afterUp, 'web').length, 1);
	await terminal.waitFor(s => listRow(s, project)?.includes('in sync') ?? false, 60_000);

	// The pane at 80x24: the tree and its drift still fit.
	await terminal.resize(80, 24);
	// The replica of web that up scaled away may still be being removed by a busy engine: it goes once the engine says so.
	screen = await terminal.waitFor(s => /^› ▾ berth-e2e-\S+\s+running\(3\)\s+in sync/m.test(s), 60_000);
	for (const line of screen.split('\n')) {
		assert.ok(line.length <= 80, line);
	}
	await terminal.resize(160, 45);

	// Down, removing the volumes: containers, network and volume are gone.
	await selectRow(terminal!, project);
	await terminal.type('d');
	await terminal.waitFor(`Down ${project}`);
	await terminal.type('v');
	await terminal.waitFor('[x] v: volumes too');
	await terminal.type('y');
	await jobDone(`compose down ${project}`);
	assert.deepEqual(await containers(), []);
	const networks = await docker.listNetworks({filters: {label: [projectLabel]}});
	assert.deepEqual(networks.map(network => network.Name), [], 'the network is removed');
	const {Volumes: volumes} = await docker.listVolumes({filters: {label: [projectLabel]}});
	assert.deepEqual((volumes ?? []).map(volume => volume.Name), [], 'the named volume is removed');
	await terminal.waitFor(s => listRow(s, project) === undefined);
});
