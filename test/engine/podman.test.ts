// berth's engine layer against a real Podman (4.3, Debian's) through its Docker-compatible API:
// the calls the app makes for lists, actions, logs, exec, stats and events.
//
// Where Podman differs from Docker, and what berth does about it:
// - GET /version lists a component named "Podman Engine": EngineVersion.kind says 'podman'.
// - The compatible container list says nothing of pods. A pod's infra container looks like any
//   other (named "<pod id>-infra", no command) and shows the pod's ports, as every member does
//   (they share its network). berth asks podman's own list (/libpod/containers/json) and puts the
//   pod on each ContainerSummary (`pod: {id, name, infra}`), so the UI can say so.
// - Published ports come without a host IP (Docker says 0.0.0.0): berth shows them without one.
// - A loaded image is named "localhost/<name>", one tagged through the compatible API
//   "docker.io/<name>"; short names still resolve. Shown as podman names them.
// - Logs: one file for both streams, in the order conmon read them, so stdout and stderr lines may
//   come out of their written order, and tail counts across both. Framing and timestamps as Docker's.
// - The default network is "podman" on containers but "bridge" in the network list. Left as
//   podman reports it.
// - Events: a removed container or volume is "remove" where Docker says "destroy" (berth's store
//   drops rows on "destroy"): normalised to "destroy". Volume events carry an empty id and the name
//   among the attributes: the id becomes the name. Extra "init" and "cleanup" container actions are
//   harmless. Network create/remove/connect/disconnect send no event at all: after berth changes a
//   network on podman, the engine layer tells its event watchers what Docker would have said.
// - Stats: the compatible stream sends one reading every 5 s whatever is asked, and its
//   system_cpu_usage is the CPU time the host's processes used (the root cgroup's), not the host's
//   whole CPU time, so Docker's CPU% formula overstates a container whenever the host idles. berth
//   reads podman's own stream (/libpod/containers/stats, with an interval) instead and counts CPU%
//   from container CPU time over wall time, as its cgroup reader does. For a local socket the
//   cgroup reader applies to podman's containers as to Docker's (their cgroups carry the id).
//   Memory through the API is podman's count (page cache included); the cgroup reader subtracts
//   inactive file cache as `docker stats` does. Podman before 4.4 reports received bytes as sent
//   and sent as received (containers/podman#16618), in both streams: berth swaps them back for
//   those versions. Every other field berth shows is reported by podman 4.3.
// - A stopped container's stats: the compatible endpoint answers with an empty body; podman's own
//   stream sends zeroed readings forever, the first of which ends berth's stream.
// - Exec in a stopped container is refused with 500 "can only create exec sessions on running
//   containers: container state improper" (Docker: 409 "is not running"); berth passes the words on.
//   Interactive exec otherwise works as with Docker (TTY, resize, exit code).
// - No swarm: `podman info` says Swarm inactive; /swarm, /services, /nodes and /configs answer 404
//   "Not Found" (/secrets are podman's own secrets). Left for the swarm panes to say so.
// - Not fixed, not checked here: /system/df lists images with RepoTags ["latest"] (no repository)
//   and LayersSize 0; /build/prune answers 404.
// - Podman serves its own endpoints only under a version prefix (/v4.0.0/libpod/…, or the
//   negotiated /v1.41/libpod/…); berth adds one when the client has none.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import os from 'node:os';
import {after, before, test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {promisify} from 'node:util';
import type Dockerode from 'dockerode';
import {createEngine, resolveEndpoint} from '../../source/engine/connect.js';
import {DockerEngine} from '../../source/engine/docker-engine.js';
import {libpodPath} from '../../source/engine/libpod.js';
import {parseNetDev} from '../../source/engine/stats/kernel-files.js';
import type {RawPodmanStatsReading} from '../../source/engine/stats/podman-stats.js';
import {EngineError, type Engine, type EngineEvent, type LogLine, type LogOptions, type StatsSample} from '../../source/engine/types.js';
import {parseRunForm} from '../../source/parse/run-spec.js';
import {RUN_ID, RUN_LABEL, TEST_IMAGE, testLabels, uniqueName} from '../support/engine.js';
import {startPodman, type PodmanService} from '../support/podman.js';
import {freePort} from '../support/registry.js';
import {fakeTerminal, waitFor} from './helpers.js';

const run = promisify(execFile);
/** Runs until stopped, and stops at once on SIGTERM. */
const idle = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];
const busy = ['sh', '-c', 'while :; do :; done'];

let podman: PodmanService;
let engine: Engine;
let apiEngine: DockerEngine;
/** Arranges scenes; what is checked goes through `engine`. */
let docker: Dockerode;

before(async () => {
	podman = await startPodman();
	const endpoint = resolveEndpoint({host: podman.host, env: {}, homeDir: os.homedir()});
	engine = createEngine(endpoint);
	apiEngine = new DockerEngine(endpoint, {stats: 'api'});
	docker = podman.docker;
});

after(async () => {
	engine?.close();
	apiEngine?.close();
	await podman?.dispose();
});

async function createContainer(
	hint: string,
	options: Omit<Dockerode.ContainerCreateOptions, 'Image' | 'name' | 'Labels'> & {start?: boolean} = {},
): Promise<Dockerode.Container> {
	const {start = true, ...create} = options;
	const container = await docker.createContainer({
		name: uniqueName(`berth-test-podman-${hint}`),
		Image: TEST_IMAGE,
		Cmd: idle,
		Labels: testLabels(),
		...create,
	});
	if (start) {
		await container.start();
	}
	return container;
}

async function summary(id: string) {
	const [found] = await engine.listContainers([id]);
	assert.ok(found, `container ${id} is not listed`);
	return found;
}

/** Podman's own one-off reading of a container's stats. */
function podmanReading(id: string): Promise<RawPodmanStatsReading> {
	return new Promise((resolve, reject) => {
		docker.modem.dial(
			{
				path: libpodPath(docker, '/containers/stats?'),
				method: 'GET',
				options: {containers: [id], stream: false},
				statusCodes: {200: true},
			},
			(error, data) => (error ? reject(error) : resolve(data as RawPodmanStatsReading)),
		);
	});
}

/** Collects samples until `count` have arrived (or the stream ends or fails). */
function collectSamples(
	source: Engine,
	id: string,
	count: number,
	onSample?: (index: number) => void,
): Promise<{samples: StatsSample[]; ended: boolean}> {
	return new Promise((resolve, reject) => {
		const samples: StatsSample[] = [];
		const subscription = source.streamStats(id, 1000, {
			onSample(sample) {
				onSample?.(samples.length);
				samples.push(sample);
				if (samples.length === count) {
					subscription.stop();
					resolve({samples, ended: false});
				}
			},
			onError: message => reject(new Error(message)),
			onEnd: () => resolve({samples, ended: true}),
		});
	});
}

/** The file holding the CPU time `pid`'s cgroup used so far, in nanoseconds (cgroup v1's cpuacct). */
async function cgroupCpuFile(pid: number): Promise<string> {
	const line = (await readFile(`/proc/${pid}/cgroup`, 'utf8')).split('\n').find(entry => (entry.split(':')[1] ?? '').split(',').includes('cpuacct'));
	assert.ok(line, `no cpuacct cgroup for process ${pid}`);
	return `/sys/fs/cgroup/cpuacct${line.split(':')[2]}/cpuacct.usage`;
}

/**
 * berth's mean CPU% over five samples, and what the container's cgroup says it used over the same
 * seconds (CPU time over wall time: what `docker stats` shows), whatever else the machine is doing.
 * The cgroup is read as the first sample (which has no CPU figure) and the last one arrive, so
 * both figures cover the four intervals between them and not the stream's start.
 */
async function compareCpu(
	source: Engine,
	id: string,
): Promise<{berth: number; actual: number; samples: StatsSample[]; traffic: Array<{rx: number; tx: number}>}> {
	const pid = (await docker.getContainer(id).inspect()).State.Pid;
	const cpuFile = await cgroupCpuFile(pid);
	const traffic = [parseNetDev(await readFile(`/proc/${pid}/net/dev`))];
	const count = 5;
	const readings: Array<{cpu: number; wall: bigint}> = [];
	const {samples} = await collectSamples(source, id, count, index => {
		if (index === 0 || index === count - 1) {
			readings.push({cpu: Number(readFileSync(cpuFile, 'utf8')), wall: process.hrtime.bigint()});
		}
	});
	traffic.push(parseNetDev(await readFile(`/proc/${pid}/net/dev`)));
	const [first, last] = readings;
	assert.ok(first && last, `${readings.length} cgroup readings`);
	const actual = ((last.cpu - first.cpu) / Number(last.wall - first.wall)) * 100;
	const measured = samples.flatMap(sample => (sample.cpuPercent === undefined ? [] : [sample.cpuPercent]));
	assert.ok(measured.length >= 3, `only ${measured.length} samples had a CPU figure`);
	const berth = measured.reduce((sum, value) => sum + value, 0) / measured.length;
	return {berth, actual, samples, traffic};
}

/** The container's own count of its traffic, before and after the samples, holds the last sample's. */
function assertTraffic(sample: StatsSample, [before, after]: Array<{rx: number; tx: number}>): void {
	assert.ok(before && after);
	assert.ok(sample.netRx >= before.rx && sample.netRx <= after.rx, `received ${sample.netRx}, the container counted ${before.rx} to ${after.rx}`);
	assert.ok(sample.netTx >= before.tx && sample.netTx <= after.tx, `sent ${sample.netTx}, the container counted ${before.tx} to ${after.tx}`);
}

test('the engine answers and says it is podman; the shared Docker engine says docker', async () => {
	await engine.ping();
	const version = await engine.version();
	const {stdout} = await run('podman', ['--version']);
	assert.equal(version.kind, 'podman');
	assert.equal(version.version, /(\d+\.\d+\.\d+)/.exec(stdout)?.[1]);
	assert.match(version.apiVersion, /^1\.\d+$/);
	assert.equal(version.os, 'linux');

	const dockerEngine = createEngine(resolveEndpoint({env: process.env, homeDir: os.homedir()}));
	try {
		assert.equal((await dockerEngine.version()).kind, 'docker');
	} finally {
		dockerEngine.close();
	}

	const info = await engine.systemInfo();
	assert.equal(info.engineVersion, version.version);
	assert.equal(info.swarm, 'inactive');
});

test('containers are listed running and stopped, with names, states, ports and labels', async () => {
	const port = await freePort();
	const [web, created, exited] = await Promise.all([
		createContainer('web', {ExposedPorts: {'80/tcp': {}}, HostConfig: {PortBindings: {'80/tcp': [{HostPort: String(port)}]}}}),
		createContainer('created', {start: false}),
		createContainer('exited', {Cmd: ['sh', '-c', 'exit 3']}),
	]);
	await exited.wait();
	const all = await engine.listContainers();
	const byId = new Map(all.map(container => [container.id, container]));

	const running = byId.get(web.id);
	assert.ok(running);
	assert.equal(running.name, (await web.inspect()).Name.replace(/^\//, ''));
	assert.equal(running.state, 'running');
	assert.match(running.status, /^Up /);
	assert.deepEqual(running.ports, [{privatePort: 80, publicPort: port, type: 'tcp'}]);
	assert.equal(running.labels[RUN_LABEL], RUN_ID);
	assert.equal(running.image, `localhost/${TEST_IMAGE}:latest`);
	assert.deepEqual(running.networks, ['podman']);
	assert.equal(running.pod, undefined);

	assert.equal(byId.get(created.id)?.state, 'created');
	assert.equal(byId.get(created.id)?.status, 'Created');
	assert.equal(byId.get(exited.id)?.state, 'exited');
	assert.match(byId.get(exited.id)?.status ?? '', /^Exited \(3\) /);

	assert.deepEqual(
		(await engine.listContainers([web.id, exited.id])).map(container => container.id).sort(),
		[web.id, exited.id].sort(),
	);
	const details = await engine.inspectContainer(web.id);
	assert.equal(details.state.running, true);
	assert.ok(details.state.pid > 0);
	assert.deepEqual(details.ports, [{containerPort: '80/tcp', host: [{ip: '', port: String(port)}]}]);
	assert.equal(details.health, undefined);
});

test('a container is run, stopped, started, restarted, paused, killed, renamed and removed', async () => {
	const name = uniqueName('berth-test-podman-run');
	const parsed = parseRunForm(
		{name, image: TEST_IMAGE, command: idle.map(word => `'${word}'`).join(' '), labels: `${RUN_LABEL}=${RUN_ID}`},
		{},
		() => '',
	);
	assert.ok('spec' in parsed, JSON.stringify(parsed));
	const id = await engine.runContainer(parsed.spec);
	assert.equal((await summary(id)).state, 'running');
	assert.equal((await summary(id)).name, name);

	await engine.stopContainer(id);
	assert.equal((await summary(id)).state, 'exited');
	// Stopping a stopped container is already done.
	await engine.stopContainer(id);

	await engine.startContainer(id);
	assert.equal((await summary(id)).state, 'running');
	const startedAt = (await engine.inspectContainer(id)).state.startedAt;
	await engine.restartContainer(id);
	const restarted = await engine.inspectContainer(id);
	assert.equal(restarted.state.running, true);
	assert.notEqual(restarted.state.startedAt, startedAt);

	await engine.pauseContainer(id);
	assert.equal((await summary(id)).state, 'paused');
	await engine.unpauseContainer(id);
	assert.equal((await summary(id)).state, 'running');

	await engine.killContainer(id, 'KILL');
	await waitFor('the kill', async () => ((await summary(id)).state === 'exited' ? true : undefined));

	await engine.renameContainer(id, `${name}-renamed`);
	assert.equal((await summary(id)).name, `${name}-renamed`);

	await engine.removeContainer(id, {force: false, volumes: true});
	assert.deepEqual(await engine.listContainers([id]), []);
	await assert.rejects(engine.removeContainer(id, {force: false, volumes: true}), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.equal(error.statusCode, 404);
		return true;
	});
});

/** The engine's events from now on, once its stream is open. */
async function watching(): Promise<{events: EngineEvent[]; stop(): void}> {
	const events: EngineEvent[] = [];
	let connected = false;
	const subscription = engine.watchEvents({
		onEvent: event => events.push(event),
		onState: () => undefined,
		onConnected: () => {
			connected = true;
		},
	});
	await waitFor('the events stream', () => (connected ? true : undefined));
	return {events, stop: () => subscription.stop()};
}

test('events: a container’s start arrives, its removal as destroy, a volume’s by its name', async () => {
	const {events, stop} = await watching();
	try {
		const container = await createContainer('events', {start: false});
		await engine.startContainer(container.id);
		const started = await waitFor('the start event', () =>
			events.find(event => event.type === 'container' && event.action === 'start' && event.id === container.id),
		);
		assert.equal(started.attributes['name'], (await container.inspect()).Name.replace(/^\//, ''));
		assert.ok(Math.abs(started.time - Date.now()) < 60_000, `event time ${started.time}`);

		await engine.removeContainer(container.id, {force: true, volumes: true});
		await waitFor('the removal', () =>
			events.find(event => event.type === 'container' && event.action === 'destroy' && event.id === container.id),
		);

		const volume = uniqueName('berth-test-podman-events');
		await engine.createVolume({name: volume, driverOptions: {}, labels: testLabels()});
		await engine.removeVolume(volume, {force: false});
		await waitFor('the volume events', () =>
			events.some(event => event.type === 'volume' && event.action === 'create' && event.id === volume) &&
			events.some(event => event.type === 'volume' && event.action === 'destroy' && event.id === volume)
				? true
				: undefined,
		);
	} finally {
		stop();
	}
});

test('images are listed, tagged and removed', async () => {
	const images = await engine.listImages();
	const image = images.find(entry => entry.tags.includes(`localhost/${TEST_IMAGE}:latest`));
	assert.ok(image, JSON.stringify(images.map(entry => entry.tags)));
	assert.ok(image.size > 0);
	assert.ok(image.created > 0);

	// Tagged through the compatible API, a short name is qualified with docker.io/ (a loaded one with localhost/).
	const tag = `berth-test/podman-tag:${RUN_ID}`;
	await engine.tagImage(TEST_IMAGE, tag);
	const tagged = (await engine.listImages()).find(entry => entry.id === image.id);
	assert.ok(tagged?.tags.includes(`docker.io/${tag}`), JSON.stringify(tagged?.tags));

	const removal = await engine.removeImage(tag, {force: false, noPrune: false});
	assert.deepEqual(removal.untagged, [`docker.io/${tag}`]);
	assert.deepEqual(removal.deleted, []);
	assert.ok(!(await engine.listImages()).some(entry => entry.tags.includes(`docker.io/${tag}`)));
});

test('volumes are created, listed and removed', async () => {
	const name = uniqueName('berth-test-podman-volume');
	const created = await engine.createVolume({name, driverOptions: {}, labels: testLabels({tier: 'data'})});
	assert.equal(created.name, name);
	assert.equal(created.driver, 'local');
	const listed = (await engine.listVolumes()).find(volume => volume.name === name);
	assert.ok(listed);
	assert.equal(listed.labels['tier'], 'data');
	assert.ok(listed.mountpoint.startsWith('/'), listed.mountpoint);

	await engine.removeVolume(name, {force: false});
	assert.ok(!(await engine.listVolumes()).some(volume => volume.name === name));
});

test('networks are created, listed and removed; the default one is listed as bridge', async () => {
	const name = uniqueName('berth-test-podman-net');
	const {events, stop} = await watching();
	const id = await engine.createNetwork({
		name,
		driver: 'bridge',
		subnet: '10.201.7.0/24',
		gateway: '10.201.7.1',
		ipv6: false,
		internal: false,
		attachable: false,
		labels: testLabels(),
		options: {},
	});
	const networks = await engine.listNetworks();
	const created = networks.find(network => network.name === name);
	assert.ok(created, JSON.stringify(networks.map(network => network.name)));
	assert.equal(created.id, id);
	assert.equal(created.driver, 'bridge');
	assert.deepEqual(created.subnets, ['10.201.7.0/24']);
	assert.deepEqual(created.gateways, ['10.201.7.1']);
	assert.equal(created.labels[RUN_LABEL], RUN_ID);
	// Containers on the default network name it "podman"; the list calls it "bridge".
	assert.ok(networks.some(network => network.name === 'bridge'));
	assert.ok(!networks.some(network => network.name === 'podman'));

	await engine.removeNetwork(id);
	assert.ok(!(await engine.listNetworks()).some(network => network.name === name));
	stop();
	// Podman says nothing of either; berth's watchers hear both, as from Docker.
	assert.deepEqual(
		events.filter(event => event.type === 'network').map(event => [event.action, event.id]),
		[
			['create', id],
			['destroy', id],
		],
	);
});

function readLogs(id: string, options: LogOptions): Promise<LogLine[]> {
	return new Promise((resolve, reject) => {
		const lines: LogLine[] = [];
		engine.streamLogs(id, options, {
			onLines: batch => lines.push(...batch),
			onError: message => reject(new Error(message)),
			onEnd: () => resolve(lines),
		});
	});
}

const all: LogOptions = {tail: -1, timestamps: false, follow: false};

test('logs: stdout and stderr apart, tail, timestamps, a TTY container, and follow', async () => {
	const [plain, tty] = await Promise.all([
		createContainer('logs', {Cmd: ['sh', '-c', 'echo out-1; echo err-1 >&2; echo out-2']}),
		createContainer('logs-tty', {Tty: true, Cmd: ['sh', '-c', 'echo tty-out; echo tty-err >&2']}),
	]);
	await Promise.all([plain.wait(), tty.wait()]);

	const lines = await readLogs(plain.id, all);
	assert.deepEqual(
		lines.filter(line => line.stream === 'stdout').map(line => line.text),
		['out-1', 'out-2'],
	);
	assert.deepEqual(
		lines.filter(line => line.stream === 'stderr').map(line => line.text),
		['err-1'],
	);
	// Podman keeps one log file for both streams, written as conmon reads them: the order between
	// stdout and stderr may differ from the order they were written in, and tail counts in that file.
	assert.deepEqual(await readLogs(plain.id, {...all, tail: 1}), lines.slice(-1));
	const stamped = await readLogs(plain.id, {...all, timestamps: true});
	assert.equal(stamped.length, 3);
	for (const line of stamped) {
		assert.match(line.timestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
		assert.match(line.text, /^(out|err)-\d$/);
	}
	assert.deepEqual(await readLogs(tty.id, all), [
		{stream: 'stdout', text: 'tty-out'},
		{stream: 'stdout', text: 'tty-err'},
	]);

	const followed = await createContainer('logs-follow');
	const received: LogLine[] = [];
	const errors: string[] = [];
	const subscription = engine.streamLogs(
		followed.id,
		{tail: -1, timestamps: false, follow: true},
		{onLines: batch => received.push(...batch), onError: message => errors.push(message), onEnd: () => undefined},
	);
	try {
		await waitFor('a followed line', async () => {
			const exec = await followed.exec({Cmd: ['sh', '-c', 'echo followed-line > /proc/1/fd/1'], AttachStdout: true});
			(await exec.start({})).resume();
			await delay(300);
			return received.some(line => line.text === 'followed-line') ? true : undefined;
		});
		assert.deepEqual(errors, []);
	} finally {
		subscription.stop();
	}
});

test('exec: the shell is found, an interactive session runs with a TTY and its size, and returns its exit code', async () => {
	const [running, stopped] = await Promise.all([createContainer('exec'), createContainer('exec-stopped', {start: false})]);
	assert.deepEqual(await engine.findShell(running.id, [['bash'], ['sh']]), ['sh']);
	assert.equal(await engine.findShell(running.id, [['bash'], ['zsh']]), undefined);

	const terminal = fakeTerminal();
	const session = await engine.exec(running.id, ['sh'], terminal.io);
	await waitFor('the prompt', () => (terminal.output().includes('# ') ? true : undefined));
	terminal.io.stdin.write('echo hello-$((1+2))\n');
	await waitFor('the echo', () => (terminal.output().includes('hello-3') ? true : undefined));
	Object.assign(terminal.io.stdout, {rows: 30, columns: 100});
	terminal.io.stdout.emit('resize');
	await waitFor('the new size', async () => {
		terminal.io.stdin.write('stty size\n');
		await delay(200);
		return terminal.output().includes('30 100') ? true : undefined;
	});
	terminal.io.stdin.write('exit 3\n');
	assert.deepEqual(await session.done, {detached: false, exitCode: 3});

	await assert.rejects(engine.exec(stopped.id, ['sh'], fakeTerminal().io), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		// Docker refuses with 409 "is not running"; podman with a 500 in its own words.
		assert.equal(error.statusCode, 500);
		assert.match(error.message, /can only create exec sessions on running containers/);
		return true;
	});
});

test('stats on a local socket come from the cgroup files, with podman’s own figures', async () => {
	const container = await createContainer('stats-cgroup', {Cmd: busy});
	const {berth, actual, samples, traffic} = await compareCpu(engine, container.id);
	assert.equal(engine.statsSource, 'cgroup');
	assert.ok(Math.abs(berth - actual) < 12, `berth ${berth.toFixed(1)}% against ${actual.toFixed(1)}% from the cgroup`);
	assert.ok(berth > 20, `a busy loop at ${berth.toFixed(1)}%`);

	const reading = (await podmanReading(container.id)).Stats?.[0];
	const last = samples.at(-1);
	assert.ok(reading && last);
	assert.equal(last.pids, reading.PIDs);
	assert.equal(last.memoryLimit, reading.MemLimit);
	// The cgroup reader leaves out inactive page cache, which a busy loop has next to none of.
	assert.ok(Math.abs(last.memoryUsage - (reading.MemUsage ?? 0)) < 1024 ** 2, `${last.memoryUsage} against ${reading.MemUsage}`);
	assertTraffic(last, traffic);
});

test('stats through the API come from podman’s own stream, a sample a second, with CPU% over wall time', async () => {
	const container = await createContainer('stats-api', {Cmd: busy});
	const {berth, actual, samples, traffic} = await compareCpu(apiEngine, container.id);
	assert.equal(apiEngine.statsSource, 'api');
	assert.equal(samples[0]?.cpuPercent, undefined);
	assert.ok(Math.abs(berth - actual) < 12, `berth ${berth.toFixed(1)}% against ${actual.toFixed(1)}% from the cgroup`);
	// The compatible stream would give one every 5 seconds.
	const gaps = samples.slice(1).map((sample, index) => sample.time - (samples[index]?.time ?? 0));
	assert.ok(gaps.every(gap => gap > 500 && gap < 2000), gaps.join(', '));
	const last = samples.at(-1);
	assert.ok(last);
	assert.equal(last.pids, 1);
	assert.ok(last.memoryUsage > 0 && last.memoryLimit >= last.memoryUsage);
	assert.equal(last.memoryPercent, (last.memoryUsage / last.memoryLimit) * 100);
	// Podman before 4.4 swaps received and sent bytes; berth swaps them back.
	assertTraffic(last, traffic);

	const ending = collectSamples(apiEngine, container.id, 1000);
	await delay(1500);
	await docker.getContainer(container.id).stop({t: 0});
	const {ended} = await ending;
	assert.equal(ended, true);
});

test('pods: the infra container and the members say which pod they belong to', async () => {
	const template = await createContainer('pause-template', {start: false});
	const pauseImage = `localhost/berth-test/pause:${RUN_ID}`;
	// The default infra image would be pulled or built from catatonit; neither is possible here.
	await podman.podman(['commit', '--quiet', '--change', 'ENTRYPOINT ["sleep","1000000000"]', '--change', 'CMD []', template.id, pauseImage]);
	const pod = uniqueName('berth-test-podman-pod');
	const port = await freePort();
	await podman.podman(['pod', 'create', '--name', pod, '--infra-image', pauseImage, '--label', `${RUN_LABEL}=${RUN_ID}`, '-p', `${port}:80`]);
	const member = (
		await podman.podman(['run', '--detach', '--pod', pod, '--label', `${RUN_LABEL}=${RUN_ID}`, TEST_IMAGE, ...idle])
	).trim();

	const listed = await engine.listContainers();
	const inPod = listed.filter(container => container.pod?.name === pod);
	assert.equal(inPod.length, 2, JSON.stringify(listed.map(container => [container.name, container.pod])));
	const infra = inPod.find(container => container.pod?.infra);
	const memberRow = inPod.find(container => container.id === member);
	assert.ok(infra && memberRow);
	assert.equal(memberRow.pod?.infra, false);
	assert.equal(infra.pod?.id, memberRow.pod?.id);
	assert.match(infra.name, /-infra$/);
	// Both show the pod's port: they share its network.
	assert.deepEqual(infra.ports, [{privatePort: 80, publicPort: port, type: 'tcp'}]);
	assert.deepEqual(memberRow.ports, infra.ports);
	assert.deepEqual((await engine.listContainers([member])).map(container => container.pod), [memberRow.pod]);
	assert.equal(listed.find(container => container.id === template.id)?.pod, undefined);

	await podman.podman(['pod', 'rm', '--force', pod]);
	await podman.podman(['rmi', pauseImage]);
});
