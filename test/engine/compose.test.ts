// Compose projects with the real compose CLI (Debian's docker-compose 1.29, v1) against the real
// engine: a project of two services with a named volume and a network, brought up, grouped from
// berth's own container list, scaled, edited (drift), restarted, cancelled, and taken down, each
// step checked with the engine. Every service, volume and network carries this run's `berth.test`
// label and the project names carry the run id; `down -v` always runs at the end.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {
	composeCli,
	composeEnvironment,
	composeMissingMessage,
	definedServices,
	projectActionArgs,
	runCompose,
	serviceActionArgs,
	serviceHashes,
	type ComposeCli,
	type ComposeTarget,
} from '../../source/engine/compose.js';
import type {ContainerSummary, JobControl, JobEvent} from '../../source/engine/types.js';
import {groupProjects, projectDrift, type ComposeProject} from '../../source/store/projects.js';
import {cleanUp, docker, endpoint, engine, requireEngine, runId, testImage, testLabel, waitFor} from './helpers.js';

const label = `${testLabel}=${runId}`;
/** v1 lowercases project names and keeps only letters, digits, - and _: the run id already fits. */
const projectName = `berth-compose-${runId}`;
const slowName = `${projectName}-slow`;
const env = composeEnvironment(endpoint, process.env);

let cli: ComposeCli;
/** A directory with a space and a `$` in its name: argument arrays must carry it untouched. */
let folder: string;
let file: string;
let target: ComposeTarget;
const started: ComposeTarget[] = [];

/** Idles until stopped; `$$` is compose's escape for a literal `$`. */
const idle = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]`;

function composeFile(options: {workerEnv?: string; extra?: boolean} = {}): string {
	const service = (name: string, extra = ''): string =>
		[
			`  ${name}:`,
			`    image: ${testImage}`,
			`    command: ${idle}`,
			`    labels: {${testLabel}: "${runId}"}`,
			'    volumes: [data:/data]',
			'    networks: [back]',
			'    stop_grace_period: 2s',
			extra,
		]
			.filter(line => line !== '')
			.join('\n');
	return [
		'services:',
		service('web'),
		service('worker', `    environment: {MODE: "${options.workerEnv ?? 'first'}"}`),
		options.extra ? service('extra') : '',
		'volumes:',
		`  data: {labels: {${testLabel}: "${runId}"}}`,
		'networks:',
		`  back: {labels: {${testLabel}: "${runId}"}}`,
		'',
	]
		.filter(line => line !== '')
		.join('\n');
}

/** A job control that records line events and can be cancelled. */
function job(onLine: (text: string, controller: AbortController) => void = () => undefined): JobControl & {lines: string[]; controller: AbortController} {
	const controller = new AbortController();
	const lines: string[] = [];
	return {
		signal: controller.signal,
		controller,
		lines,
		onEvent(event: JobEvent) {
			assert.equal(event.kind, 'line');
			if (event.kind === 'line') {
				lines.push(event.text);
				onLine(event.text, controller);
			}
		},
	};
}

function run(args: string[], control: JobControl = job(), cwd: string | undefined = folder): Promise<void> {
	return runCompose(cli, args, {cwd, env}, control);
}

/** This run's containers as berth sees them (the engine layer's normalised list). */
async function ours(): Promise<ContainerSummary[]> {
	const list = await engine.listContainers();
	return list.filter(container => container.labels[testLabel] === runId);
}

async function project(): Promise<ComposeProject> {
	const found = groupProjects(await ours()).find(candidate => candidate.name === projectName);
	assert.ok(found, `project ${projectName} is grouped`);
	return found;
}

async function down(which: ComposeTarget): Promise<void> {
	await runCompose(cli, projectActionArgs(cli, which, {action: 'down', volumes: true, removeOrphans: true}), {cwd: folder, env}, job()).catch(
		() => undefined,
	);
}

before(async () => {
	await requireEngine();
	const found = await composeCli();
	if (!found) {
		throw new Error(`${composeMissingMessage()} (for these tests: apt-get install docker-compose)`);
	}
	cli = found;
	folder = await mkdtemp(path.join(tmpdir(), 'berth compose $x '));
	file = path.join(folder, 'compose.yml');
	await writeFile(file, composeFile());
	target = {name: projectName, workingDir: folder, configFiles: [file]};
});

after(async () => {
	if (cli) {
		for (const which of started) {
			await down(which);
		}
	}
	await cleanUp();
	const networks = await docker.listNetworks({filters: {label: [label]}});
	await Promise.all(networks.map(network => docker.getNetwork(network.Id).remove().catch(() => undefined)));
	if (folder) {
		await rm(folder, {recursive: true, force: true});
	}
});

test("Debian's docker-compose is found as v1", () => {
	assert.equal(cli.kind, 'v1');
	assert.deepEqual(cli.command, ['docker-compose']);
	assert.match(cli.version, /^1\.\d+\.\d+/);
});

test('up: the project appears grouped by service, with its directory and file', {timeout: 120_000}, async () => {
	started.push(target);
	const control = job();
	await run(projectActionArgs(cli, target, {action: 'up'}), control);
	assert.ok(control.lines.some(line => /Creating .*web/.test(line)), `compose's progress streamed: ${control.lines.join(' | ')}`);

	const grouped = await project();
	assert.deepEqual(
		grouped.services.map(service => [service.name, service.running, service.total]),
		[
			['web', 1, 1],
			['worker', 1, 1],
		],
	);
	assert.equal(grouped.status, 'running(2)');
	assert.equal(grouped.workingDir, folder);
	assert.deepEqual(grouped.configFiles, [file]);
	assert.equal(grouped.services[0]?.image, testImage);

	// The named volume and the network exist on the engine, labelled by compose and by us.
	const volumes = await docker.listVolumes({filters: {label: [label, `com.docker.compose.project=${projectName}`]}});
	assert.equal(volumes.Volumes?.length, 1);
	const networks = await docker.listNetworks({filters: {label: [label, `com.docker.compose.project=${projectName}`]}});
	assert.equal(networks.length, 1);

	// In sync straight after up.
	const drift = projectDrift(grouped, await serviceHashes(cli, target, {env}), await definedServices(cli, target, {env}));
	assert.deepEqual(drift, {missing: [], outdated: [], orphans: []});
});

test('scale a service to 3, then stop and start it', {timeout: 120_000}, async () => {
	await run(serviceActionArgs(cli, target, {action: 'scale', service: 'web', replicas: 3}));
	const web = (await project()).services.find(service => service.name === 'web');
	assert.equal(web?.total, 3);
	assert.equal(web?.running, 3);
	const raw = await docker.listContainers({filters: {label: [label, 'com.docker.compose.service=web']}});
	assert.equal(raw.length, 3, 'three web containers on the engine');

	await run(serviceActionArgs(cli, target, {action: 'stop', service: 'web'}));
	const stopped = await project();
	assert.equal(stopped.services.find(service => service.name === 'web')?.running, 0);
	assert.equal(stopped.status, 'exited(3), running(1)');

	await run(serviceActionArgs(cli, target, {action: 'start', service: 'web'}));
	assert.equal((await project()).running, 4);
});

test('drift: an edited service is outdated, a new one is defined without container', {timeout: 120_000}, async () => {
	await writeFile(file, composeFile({workerEnv: 'second'}));
	let grouped = await project();
	let drift = projectDrift(grouped, await serviceHashes(cli, target, {env}), await definedServices(cli, target, {env}));
	const worker = grouped.services.find(service => service.name === 'worker');
	assert.deepEqual(drift.outdated, [{service: 'worker', containers: worker?.containers.map(container => container.id)}]);
	assert.deepEqual(drift.missing, []);

	await writeFile(file, composeFile({workerEnv: 'second', extra: true}));
	drift = projectDrift(grouped, await serviceHashes(cli, target, {env}), await definedServices(cli, target, {env}));
	assert.deepEqual(drift.missing, ['extra']);
	assert.deepEqual(drift.outdated.map(entry => entry.service), ['worker']);

	// `up` for just this service brings it in line; the others stay as they were.
	await run(serviceActionArgs(cli, target, {action: 'up', service: 'worker'}));
	grouped = await project();
	drift = projectDrift(grouped, await serviceHashes(cli, target, {env}), await definedServices(cli, target, {env}));
	assert.deepEqual(drift, {missing: ['extra'], outdated: [], orphans: []});

	// Back to two services: nothing is orphaned, as no container of `extra` was made.
	await writeFile(file, composeFile({workerEnv: 'second'}));
});

test('restart: every container is started again', {timeout: 120_000}, async () => {
	const before = await ours();
	const startedAt = async (id: string): Promise<string> => (await docker.getContainer(id).inspect()).State.StartedAt;
	const times = new Map(await Promise.all(before.map(async container => [container.id, await startedAt(container.id)] as const)));
	await run(projectActionArgs(cli, target, {action: 'restart'}));
	const grouped = await project();
	assert.equal(grouped.running, grouped.total);
	for (const [id, time] of times) {
		assert.notEqual(await startedAt(id), time, `container ${id.slice(0, 12)} restarted`);
	}
});

test('config shows the resolved file, line by line', {timeout: 60_000}, async () => {
	const control = job();
	await run(projectActionArgs(cli, target, {action: 'config'}), control);
	assert.ok(control.lines.some(line => line.trim() === 'web:'));
	assert.ok(control.lines.some(line => line.includes('MODE: second')));
});

test("a failing command rejects with the CLI's own message", {timeout: 60_000}, async () => {
	const bad = path.join(folder, 'bad.yml');
	await writeFile(bad, 'services:\n  web:\n    imag: nothing\n');
	const broken: ComposeTarget = {name: `${projectName}-bad`, workingDir: folder, configFiles: [bad]};
	await assert.rejects(run(projectActionArgs(cli, broken, {action: 'up'})), (error: Error) => {
		assert.equal(error.name, 'EngineError');
		assert.match(error.message, /invalid/);
		assert.match(error.message, /imag/);
		return true;
	});
	await assert.rejects(serviceHashes(cli, broken, {env}), /imag/);
	// A project whose directory is not here says so instead of "not found".
	await assert.rejects(run(['ps'], job(), path.join(folder, 'gone')), /not on this machine/);
});

/** Processes whose command line mentions `text` (read from /proc; nothing is signalled). */
function processesMentioning(text: string): number[] {
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		try {
			if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) {
				found.push(Number(entry));
			}
		} catch {
			// Gone while reading.
		}
	}
	return found;
}

test('a long up is cancelled through the signal, and compose is gone', {timeout: 120_000}, async () => {
	// `app` waits for `gate` to be healthy, and gate's first check is an hour away: up blocks.
	const slowFile = path.join(folder, 'slow.yml');
	await writeFile(
		slowFile,
		[
			'services:',
			'  gate:',
			`    image: ${testImage}`,
			`    command: ${idle}`,
			`    labels: {${testLabel}: "${runId}"}`,
			'    healthcheck: {test: ["CMD", "true"], interval: 1h, start_period: 1h}',
			'  app:',
			`    image: ${testImage}`,
			`    command: ${idle}`,
			`    labels: {${testLabel}: "${runId}"}`,
			'    depends_on: {gate: {condition: service_healthy}}',
			'',
		].join('\n'),
	);
	const slow: ComposeTarget = {name: slowName, workingDir: folder, configFiles: [slowFile]};
	started.push(slow);
	const control = job();
	const running = run(projectActionArgs(cli, slow, {action: 'up'}), control);
	// Wait until compose is past creating the gate, i.e. stuck waiting for its health.
	await waitFor('the gate container to run', async () => {
		const list = await docker.listContainers({filters: {label: [label, `com.docker.compose.project=${slowName}`, 'com.docker.compose.service=gate']}});
		return list.length > 0 ? true : undefined;
	}, 60_000);
	await new Promise(resolve => setTimeout(resolve, 500));
	assert.ok(processesMentioning(slowName).length > 0, 'compose is still running');

	const cancelledAt = Date.now();
	control.controller.abort();
	await assert.rejects(running, {name: 'EngineError', message: 'compose up cancelled'});
	assert.ok(Date.now() - cancelledAt < 10_000, 'cancelled promptly');
	assert.deepEqual(processesMentioning(slowName), [], 'no compose process is left');
	const app = await docker.listContainers({all: true, filters: {label: [`com.docker.compose.project=${slowName}`, 'com.docker.compose.service=app']}});
	assert.equal(app.length, 0, 'the dependent service was never created');
});

test("the engine's compose methods: the CLI found once, the files' definition, actions as jobs", {timeout: 120_000}, async () => {
	assert.deepEqual(await engine.composeCli(), cli);
	const grouped = await project();
	const definition = await engine.composeDefinition(grouped);
	assert.deepEqual(definition.services.sort(), ['web', 'worker']);
	assert.deepEqual(definition.hashes, await serviceHashes(cli, target, {env}));
	const control = job();
	await engine.composeService(grouped, {action: 'restart', service: 'worker'}, control);
	assert.ok(control.lines.some(line => /Restarting .*worker/.test(line)), control.lines.join(' | '));
	const config = job();
	await engine.composeProject(grouped, {action: 'config'}, config);
	assert.ok(config.lines.some(line => /^services:/.test(line)), config.lines.join(' | '));
});

test('down -v removes the containers, the network and the volume', {timeout: 120_000}, async () => {
	await run(projectActionArgs(cli, target, {action: 'down', volumes: true}));
	const byProject = {label: [`com.docker.compose.project=${projectName}`]};
	assert.equal((await docker.listContainers({all: true, filters: byProject})).length, 0);
	assert.equal((await docker.listNetworks({filters: byProject})).length, 0);
	assert.equal((await docker.listVolumes({filters: byProject})).Volumes?.length ?? 0, 0);
	assert.equal(groupProjects(await ours()).find(candidate => candidate.name === projectName), undefined);
});
