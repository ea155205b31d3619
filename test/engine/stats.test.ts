// Both stats collectors against the real engine, checked against what `docker stats` prints for the
// same containers at the same time.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {realpath, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {promisify} from 'node:util';
import type Dockerode from 'dockerode';
import {resolveEndpoint} from '../../source/engine/connect.js';
import {DockerEngine} from '../../source/engine/docker-engine.js';
import type {Engine, StatsSample, Subscription} from '../../source/engine/types.js';
import {
	TEST_IMAGE,
	createTestContainer,
	removeTestObjects,
	requireEngine,
	testLabels,
	uniqueName,
} from '../support/engine.js';

const run = promisify(execFile);
const endpoint = resolveEndpoint({env: process.env, homeDir: os.homedir()});
const cgroupEngine = new DockerEngine(endpoint);
const apiEngine = new DockerEngine(endpoint, {stats: 'api'});

let docker: Dockerode;
/** Container name → id, for every container compared with `docker stats`. */
const compared = new Map<string, string>();
let busyName: string;
let hogName: string;
let ioName: string;
let webName: string;

/** Starts a labelled container with host settings (limits), to be compared with docker stats. */
async function startContainer(
	hint: string,
	cmd: string[],
	hostConfig: Dockerode.HostConfig = {},
): Promise<{container: Dockerode.Container; name: string}> {
	const name = uniqueName(`berth-test-stats-${hint}`);
	const container = await docker.createContainer({name, Image: TEST_IMAGE, Cmd: cmd, Labels: testLabels(), HostConfig: hostConfig});
	await container.start();
	compared.set(name, container.id);
	return {container, name};
}

async function waitForLog(container: Dockerode.Container, text: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await container.logs({stdout: true, stderr: true})).toString('utf8').includes(text)) {
		if (Date.now() > deadline) {
			throw new Error(`container ${container.id} did not print "${text}" within ${timeoutMs} ms`);
		}
		await delay(200);
	}
}

/**
 * The block device holding the engine's data. The kernel counts a cgroup's block IO only once a
 * throttling rule exists for the device, so the IO container gets a (generous) one on it.
 */
async function engineBlockDevice(): Promise<string> {
	const {DockerRootDir: root} = (await docker.info()) as {DockerRootDir: string};
	const {dev} = await stat(root);
	const major = (dev >> 8) & 0xfff;
	const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
	let device: string;
	try {
		device = await realpath(`/sys/dev/block/${major}:${minor}`);
	} catch {
		throw new Error(`${root} is not on a block device (${major}:${minor}); the block IO checks need one`);
	}
	const isPartition = await stat(path.join(device, 'partition')).then(
		() => true,
		() => false,
	);
	return `/dev/${path.basename(isPartition ? path.dirname(device) : device)}`;
}

before(async () => {
	docker = await requireEngine();
	const device = await engineBlockDevice();
	// A busy loop capped at a tenth of a CPU: steady even when the host's CPUs are contended, where an
	// uncapped loop's share swings from second to second.
	const busy = await startContainer('busy', ['sh', '-c', 'while :; do :; done'], {NanoCpus: 100_000_000});
	// tail holds its whole input in memory while it waits for the end of a line that never comes.
	const hog = await startContainer('hog', ['sh', '-c', '(head -c 100m /dev/zero; echo filled >&2; sleep 86400) | tail'], {
		Memory: 256 * 1024 * 1024,
	});
	const web = await startContainer('web', [
		'sh',
		'-c',
		'mkdir /www && head -c 5000000 /dev/zero > /www/blob && exec httpd -f -p 8080 -h /www',
	]);
	const webIp = (await web.container.inspect()).NetworkSettings.IPAddress;
	// Direct IO, so the writes and reads reach the disk (and its counters) at once.
	const io = await startContainer(
		'io',
		[
			'sh',
			'-c',
			'dd if=/dev/zero of=/f bs=1M count=50 oflag=direct && dd if=/f of=/dev/null bs=1M iflag=direct && ' +
				'until wget -q -O /dev/null "http://$1:8080/blob"; do sleep 0.2; done && echo done && exec sleep 86400',
			'io',
			webIp,
		],
		{BlkioDeviceWriteBps: [{Path: device, Rate: 1024 ** 3}]},
	);
	await Promise.all([waitForLog(hog.container, 'filled'), waitForLog(io.container, 'done')]);
	[busyName, hogName, webName, ioName] = [busy.name, hog.name, web.name, io.name];
});

after(async () => {
	cgroupEngine.close();
	apiEngine.close();
	if (docker) {
		await removeTestObjects(docker);
	}
});

interface Watched {
	samples: Map<string, StatsSample[]>;
	ended: Set<string>;
	errors: string[];
	stop(): void;
}

function watch(engine: Engine, ids: string[]): Watched {
	const watched: Watched = {samples: new Map(), ended: new Set(), errors: [], stop: () => {}};
	const subscriptions: Subscription[] = ids.map(id => {
		watched.samples.set(id, []);
		return engine.streamStats(id, 1000, {
			onSample: sample => watched.samples.get(id)!.push(sample),
			onError: message => watched.errors.push(`${id}: ${message}`),
			onEnd: () => watched.ended.add(id),
		});
	});
	watched.stop = () => subscriptions.forEach(subscription => subscription.stop());
	return watched;
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await delay(50);
	}
}

interface DockerStatsRow {
	Name: string;
	CPUPerc: string;
	MemUsage: string;
	MemPerc: string;
	NetIO: string;
	BlockIO: string;
	PIDs: string;
}

async function dockerStats(names: string[]): Promise<Map<string, DockerStatsRow>> {
	const {stdout} = await run('docker', ['stats', '--no-stream', '--format', '{{json .}}', ...names]);
	const rows = stdout
		.split('\n')
		.filter(line => line.trim() !== '')
		.map(line => JSON.parse(line) as DockerStatsRow);
	return new Map(rows.map(row => [row.Name, row]));
}

const units: Record<string, number> = {
	B: 1,
	kB: 1e3,
	MB: 1e6,
	GB: 1e9,
	TB: 1e12,
	KiB: 1024,
	MiB: 1024 ** 2,
	GiB: 1024 ** 3,
	TiB: 1024 ** 4,
};

/** "100.9MiB" or "5.01MB" → bytes. */
function bytes(text: string): number {
	const match = /^([\d.]+)([A-Za-z]+)$/.exec(text.trim());
	const unit = match ? units[match[2]!] : undefined;
	assert.ok(match && unit, `unexpected size "${text}"`);
	return Number(match[1]) * unit;
}

function pair(text: string): [number, number] {
	const [first = '', second = ''] = text.split(' / ');
	return [bytes(first), bytes(second)];
}

/** A byte count the way docker stats shows memory: binary units, 4 significant digits. */
function dockerMemory(value: number): string {
	const names = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let index = 0;
	while (value >= 1024 && index < names.length - 1) {
		value /= 1024;
		index += 1;
	}
	return `${Number(value.toPrecision(4))}${names[index]}`;
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
	assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: berth ${actual}, docker stats ${expected} (±${tolerance})`);
}

/**
 * Reads `docker stats --no-stream` twice while `engine` streams the same containers, and checks
 * every figure: CPU% as the mean of our samples over the same seconds (a reading covers the second
 * before it), the rest against the sample nearest the end of docker's reading.
 */
async function compareWithDocker(engine: Engine): Promise<void> {
	const ids = [...compared.values()];
	const watched = watch(engine, ids);
	try {
		await waitUntil('two samples with CPU% from every container', () =>
			ids.every(id => watched.samples.get(id)!.filter(sample => sample.cpuPercent !== undefined).length >= 2),
		);
		const start = Date.now();
		const readings = [await dockerStats([...compared.keys()]), await dockerStats([...compared.keys()])];
		const end = Date.now();
		await delay(1200);
		assert.deepEqual(watched.errors, []);

		for (const [name, id] of compared) {
			const rows = readings.map(reading => reading.get(name));
			const row = rows[1];
			assert.ok(rows[0] && row, `docker stats shows ${name}`);
			const samples = watched.samples.get(id)!;
			const during = samples.filter(sample => sample.time >= start && sample.time <= end + 1000);
			assert.ok(during.length >= 3, `${name}: samples while docker stats ran`);
			const ourCpu = during.reduce((sum, sample) => sum + sample.cpuPercent!, 0) / during.length;
			const theirCpu = rows.reduce((sum, reading) => sum + Number.parseFloat(reading!.CPUPerc), 0) / rows.length;
			near(ourCpu, theirCpu, 2, `${name} CPU%`);

			const latest = samples.reduce((best, sample) =>
				Math.abs(sample.time - end) < Math.abs(best.time - end) ? sample : best,
			);
			const [memory] = pair(row.MemUsage);
			// Memory moves from second to second and docker's reading falls somewhere in the
			// window: it must match, within 2%, one of our samples taken over that window.
			const window = samples.filter(sample => sample.time >= start - 1000 && sample.time <= end + 1000);
			const closest = window.reduce((best, sample) =>
				Math.abs(sample.memoryUsage - memory) < Math.abs(best.memoryUsage - memory) ? sample : best,
			latest);
			near(closest.memoryUsage, memory, memory * 0.02, `${name} memory`);
			assert.equal(dockerMemory(latest.memoryLimit), row.MemUsage.split(' / ')[1], `${name} memory limit`);
			const memoryPercent = Number.parseFloat(row.MemPerc);
			// docker shows two decimals.
			near(closest.memoryPercent, memoryPercent, Math.max(memoryPercent * 0.02, 0.01), `${name} MEM%`);
			assert.equal(latest.pids, Number(row.PIDs), `${name} PIDs`);
			const [rx, tx] = pair(row.NetIO);
			near(latest.netRx, rx, Math.max(rx * 0.02, 300), `${name} network in`);
			near(latest.netTx, tx, Math.max(tx * 0.02, 300), `${name} network out`);
			const [read, write] = pair(row.BlockIO);
			near(latest.blockRead, read, read * 0.02, `${name} block read`);
			near(latest.blockWrite, write, write * 0.02, `${name} block write`);
		}

		// The scenes did what they were built for.
		const latestOf = (name: string): StatsSample => watched.samples.get(compared.get(name)!)!.at(-1)!;
		assert.ok(latestOf(busyName).cpuPercent! > 5, 'the busy loop uses CPU');
		assert.ok(latestOf(hogName).memoryUsage > 100_000_000, 'the hog holds 100 MB');
		assert.equal(latestOf(hogName).memoryLimit, 256 * 1024 * 1024);
		assert.ok(latestOf(hogName).memoryPercent > 37, 'the hog uses over a third of its limit');
		assert.ok(latestOf(ioName).blockWrite >= 50 * 1024 * 1024 && latestOf(ioName).blockRead >= 50 * 1024 * 1024);
		assert.ok(latestOf(ioName).netRx > 5_000_000, 'the IO container fetched 5 MB');
		assert.ok(latestOf(webName).netTx > 5_000_000, 'the web container sent 5 MB');
	} finally {
		watched.stop();
	}
}

test('the cgroup collector is used for this local engine and matches docker stats', async () => {
	assert.equal(cgroupEngine.statsSource, 'unknown');
	await compareWithDocker(cgroupEngine);
	assert.equal(cgroupEngine.statsSource, 'cgroup');
});

test('the cgroup collector reads every container watched at an interval in the same tick', async () => {
	const ids = [...compared.values()];
	const watched = watch(cgroupEngine, ids);
	try {
		await waitUntil('three samples from every container', () => ids.every(id => watched.samples.get(id)!.length >= 3));
		// Midway between ticks, every container's latest sample comes from the last one.
		await delay(300);
		const times = ids.map(id => watched.samples.get(id)!.at(-1)!.time);
		assert.ok(Math.max(...times) - Math.min(...times) < 200, `latest samples read at ${times.join(', ')}`);
	} finally {
		watched.stop();
	}
});

test('the API collector matches docker stats', async () => {
	assert.equal(apiEngine.statsSource, 'api');
	await compareWithDocker(apiEngine);
	assert.equal(apiEngine.statsSource, 'api');
});

test('a stopped container ends its stream, and one not running ends at once, for both collectors', async () => {
	const [running, created] = await Promise.all([
		createTestContainer(docker),
		createTestContainer(docker, {start: false}),
	]);
	const engines = [cgroupEngine, apiEngine];
	const watchedRunning = engines.map(engine => watch(engine, [running.id]));
	const watchedCreated = engines.map(engine => watch(engine, [created.id]));
	try {
		await waitUntil('a first sample from both collectors', () =>
			watchedRunning.every(watched => watched.samples.get(running.id)!.length > 0),
		);
		await running.stop({t: 1});
		await waitUntil('both streams to end', () => watchedRunning.every(watched => watched.ended.has(running.id)));
		await waitUntil('both streams of the created container to end', () =>
			watchedCreated.every(watched => watched.ended.has(created.id)),
		);
		for (const watched of [...watchedRunning, ...watchedCreated]) {
			assert.deepEqual(watched.errors, []);
		}
		assert.ok(watchedCreated.every(watched => watched.samples.get(created.id)!.length === 0));
	} finally {
		[...watchedRunning, ...watchedCreated].forEach(watched => watched.stop());
	}
});
