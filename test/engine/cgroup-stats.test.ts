// The cgroup collector's open files, against the real engine: one descriptor per file while a
// container is watched, and none left once it is not.
import assert from 'node:assert/strict';
import {readdirSync, readlinkSync} from 'node:fs';
import {after, before, test} from 'node:test';
import type Docker from 'dockerode';
import {CgroupStats, type ContainerProcess} from '../../source/engine/stats/cgroup-stats.js';
import type {StatsSample, Subscription} from '../../source/engine/types.js';
import {cleanUp, createContainer, idle, requireEngine, waitFor} from './helpers.js';

/** Seven files a container: CPU, memory usage, memory.stat, limit, block IO, pids, net/dev. */
const filesPerContainer = 7;
/** Short, so a test sees many ticks. */
const intervalMs = 200;

let containers: Docker.Container[];

before(async () => {
	await requireEngine();
	containers = await Promise.all([
		createContainer({Cmd: idle}),
		// Forks a process 20 times a second, so its CPU time moves in every reading.
		createContainer({Cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 0.05; done']}),
	]);
});

after(cleanUp);

async function processOf(container: Docker.Container): Promise<ContainerProcess> {
	const details = await container.inspect();
	return {id: details.Id, pid: details.State.Pid, hostNetwork: details.HostConfig.NetworkMode === 'host'};
}

function descriptorTargets(): string[] {
	return readdirSync('/proc/self/fd').map(fd => {
		try {
			return readlinkSync(`/proc/self/fd/${fd}`);
		} catch {
			// The directory's own descriptor, closed by the time it is looked at.
			return '';
		}
	});
}

/** This process's open descriptors on the container's cgroup and /proc files. */
function openFilesOf(target: ContainerProcess): number {
	const ofTarget = (link: string): boolean => link.includes(target.id) || link.startsWith(`/proc/${target.pid}/`);
	return descriptorTargets().filter(ofTarget).length;
}

interface Watched {
	samples: StatsSample[];
	ended: boolean;
	errors: string[];
	subscription: Subscription;
}

async function watch(stats: CgroupStats, target: ContainerProcess, everyMs = intervalMs): Promise<Watched> {
	const located = await stats.locate(target);
	assert.ok(located, `the files of ${target.id} are readable here`);
	const watched: Watched = {samples: [], ended: false, errors: [], subscription: {stop() {}}};
	watched.subscription = stats.watch(located, everyMs, {
		onSample: sample => watched.samples.push(sample),
		onError: message => watched.errors.push(message),
		onEnd: () => {
			watched.ended = true;
		},
	});
	return watched;
}

/** Samples read by the timer (the first, from locating, has no CPU%). */
function ticked(watched: Watched): StatsSample[] {
	return watched.samples.filter(sample => sample.cpuPercent !== undefined);
}

test('files stay open while watched, and watching and unwatching again and again leaves no descriptor', async () => {
	const targets = await Promise.all(containers.map(processOf));
	const stats = new CgroupStats();
	const before = descriptorTargets().length;
	for (let round = 0; round < 5; round += 1) {
		const watched = await Promise.all(targets.map(target => watch(stats, target)));
		await waitFor(
			'three timer readings of each container',
			() => watched.every(one => ticked(one).length >= 3) || undefined,
		);
		for (const target of targets) {
			assert.equal(openFilesOf(target), filesPerContainer, `round ${round}: each file open once`);
		}
		// Read afresh through the same descriptors on every tick.
		assert.ok(ticked(watched[1]!).slice(-2).every(sample => sample.cpuPercent! > 0), 'the busy container uses CPU');
		for (const one of watched) {
			one.subscription.stop();
			assert.deepEqual(one.errors, []);
			assert.equal(one.ended, false);
		}
		for (const target of targets) {
			assert.equal(openFilesOf(target), 0, `round ${round}: closed when unwatched`);
		}
		assert.equal(descriptorTargets().length, before, `round ${round}: as many descriptors as at the start`);
	}
	stats.close();
});

test('closing the collector closes the files of every container it watches', async () => {
	const targets = await Promise.all(containers.map(processOf));
	const stats = new CgroupStats();
	const watched = await Promise.all(targets.map(target => watch(stats, target)));
	await waitFor('a timer reading of each container', () => watched.every(one => ticked(one).length >= 1) || undefined);
	stats.close();
	for (const target of targets) {
		assert.equal(openFilesOf(target), 0);
	}
});

test('a container that stops ends its stream and closes its files', async () => {
	const container = await createContainer({Cmd: idle});
	const target = await processOf(container);
	const stats = new CgroupStats();
	try {
		const watched = await watch(stats, target);
		await waitFor('a timer reading', () => ticked(watched).length >= 1 || undefined);
		await container.stop({t: 1});
		await waitFor('the stream to end', () => watched.ended || undefined);
		assert.deepEqual(watched.errors, []);
		assert.equal(openFilesOf(target), 0);
	} finally {
		stats.close();
	}
});

test('a restart ends the stream, though the cgroup comes back at the same path, and the new process is found', async () => {
	// On the host's network there is no net/dev of its process to vanish: the cgroup files alone tell.
	const container = await createContainer({Cmd: idle, HostConfig: {NetworkMode: 'host'}});
	const first = await processOf(container);
	const stats = new CgroupStats();
	try {
		// Ticks far enough apart that the restart falls between two: the next tick comes when the
		// files' paths name the new cgroup, and must still read the old one's.
		const watched = await watch(stats, first, 3000);
		await waitFor('a timer reading', () => ticked(watched).length >= 1 || undefined);
		assert.equal(openFilesOf(first), filesPerContainer - 1, 'every file but net/dev');
		const restarted = Date.now();
		await container.restart({t: 0});
		assert.ok(Date.now() - restarted < 2000, 'the restart took under 2 s');
		await waitFor('the stream to end', () => watched.ended || undefined);
		assert.deepEqual(watched.errors, []);
		assert.equal(openFilesOf(first), 0);

		const second = await processOf(container);
		assert.notEqual(second.pid, first.pid);
		const again = await watch(stats, second);
		await waitFor('a timer reading of the new process', () => ticked(again).length >= 1 || undefined);
		assert.deepEqual(again.errors, []);
		again.subscription.stop();
		assert.equal(openFilesOf(second), 0);
	} finally {
		stats.close();
	}
});
