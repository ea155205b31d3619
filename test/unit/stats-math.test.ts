import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cpuPercent, memoryInUse, sampleFromApi, sumBlockIo, type RawStats} from '../../source/engine/stats/stats-math.js';
import {fixture} from '../support/fake-engine.js';

/**
 * Stats JSON recorded from dockerd 20.10 on a cgroup v1 host: a stream's first sample and a later
 * one of a busy loop, a container holding ~100 MB under a 256 MiB limit, one that did 50 MB of direct
 * disk IO and fetched 5 MB over the network, one with 30 MB of inactive page cache, and the empty
 * reading the engine streams once a container has stopped.
 */
const raw = fixture<Record<'first' | 'busy' | 'limited' | 'io' | 'cached' | 'stopped', RawStats>>('stats-raw.json');
const hostMemory = 25_276_514_304;

function sample(input: RawStats) {
	const result = sampleFromApi(input);
	assert.ok(result, 'expected a sample');
	return result;
}

test("a stream's first sample has no CPU% (its precpu_stats are empty)", () => {
	const first = sample(raw.first);
	assert.equal(first.cpuPercent, undefined);
	assert.equal(first.time, Date.parse('2026-11-22T11:32:09.029Z'));
	assert.equal(first.memoryUsage, 335_872);
	assert.equal(first.memoryLimit, hostMemory);
	assert.equal(first.pids, 1);
	assert.deepEqual([first.netRx, first.netTx, first.blockRead, first.blockWrite], [628, 0, 0, 0]);
});

test('CPU% is the CPU time delta over the system delta, times the online CPUs', () => {
	// (4922609555 − 4730881434) / (3961020000000 − 3959020000000) × 2 × 100
	const busy = sample(raw.busy);
	assert.ok(Math.abs(busy.cpuPercent! - 19.1728121) < 1e-6, `got ${busy.cpuPercent}`);
	// Without online_cpus, the number of per-CPU counters stands in.
	const noOnline: RawStats = {...raw.busy, cpu_stats: {...raw.busy.cpu_stats, online_cpus: 0}};
	assert.ok(Math.abs(sample(noOnline).cpuPercent! - 19.1728121) < 1e-6);
	// An idle container's counter does not move: 0, not undefined.
	assert.equal(sample(raw.limited).cpuPercent, 0);
});

test('memory is usage minus inactive file cache, as a share of the limit', () => {
	const limited = sample(raw.limited);
	assert.equal(limited.memoryUsage, 105_799_680);
	assert.equal(limited.memoryLimit, 268_435_456);
	assert.equal(limited.memoryPercent, (105_799_680 / 268_435_456) * 100);
	assert.equal(limited.pids, 3);
	// 32817152 used, of which 31457280 is inactive file cache.
	const cached = sample(raw.cached);
	assert.equal(cached.memoryUsage, 32_817_152 - 31_457_280);
	assert.equal(cached.memoryPercent, ((32_817_152 - 31_457_280) / hostMemory) * 100);
});

test('network sums every interface and block IO sums the Read and Write entries', () => {
	const io = sample(raw.io);
	assert.deepEqual([io.netRx, io.netTx], [5_011_563, 9942]);
	// Sync, Async, Discard and Total entries are not added in.
	assert.deepEqual([io.blockRead, io.blockWrite], [52_428_800, 52_428_800]);
	const twoNetworks: RawStats = {
		...raw.io,
		networks: {eth0: {rx_bytes: 100, tx_bytes: 10}, eth1: {rx_bytes: 1, tx_bytes: 2}},
	};
	assert.deepEqual([sample(twoNetworks).netRx, sample(twoNetworks).netTx], [101, 12]);
});

test('the empty reading of a stopped container is no sample', () => {
	assert.equal(sampleFromApi(raw.stopped), undefined);
	assert.equal(sampleFromApi({}), undefined);
});

test('cgroup v2 shaped input: inactive_file, lowercase ops, no per-CPU counters', () => {
	// The shape dockerd sends on a cgroup v2 host (written by hand: this host runs cgroup v1).
	const v2: RawStats = {
		read: '2026-11-22T12:00:01.000000000Z',
		cpu_stats: {cpu_usage: {total_usage: 3_500_000_000}, system_cpu_usage: 10_004_000_000_000, online_cpus: 4},
		precpu_stats: {cpu_usage: {total_usage: 3_000_000_000}, system_cpu_usage: 10_000_000_000_000, online_cpus: 4},
		memory_stats: {
			usage: 50_000_000,
			limit: 100_000_000,
			stats: {anon: 30_000_000, file: 20_000_000, active_file: 5_000_000, inactive_file: 15_000_000},
		},
		networks: {eth0: {rx_bytes: 1000, tx_bytes: 2000}},
		blkio_stats: {
			io_service_bytes_recursive: [
				{op: 'read', value: 4096},
				{op: 'write', value: 8192},
				{op: 'read', value: 1},
			],
		},
		pids_stats: {current: 7},
	};
	assert.deepEqual(sampleFromApi(v2), {
		time: Date.parse('2026-11-22T12:00:01Z'),
		// 0.5 s of CPU over 4 s of system time across 4 CPUs: half a CPU.
		cpuPercent: 50,
		memoryUsage: 35_000_000,
		memoryLimit: 100_000_000,
		memoryPercent: 35,
		netRx: 1000,
		netTx: 2000,
		blockRead: 4097,
		blockWrite: 8192,
		pids: 7,
	});
});

test('the rules at their edges', () => {
	assert.equal(cpuPercent(0, 1e9, 2), 0);
	assert.equal(cpuPercent(1e9, 0, 2), 0);
	assert.equal(cpuPercent(-5, 1e9, 2), 0);
	// An inactive cache at or above usage is not subtracted (v1 falls back to the v2 key, as docker does).
	assert.equal(memoryInUse(100, {total_inactive_file: 100, inactive_file: 40}), 60);
	assert.equal(memoryInUse(100, {total_inactive_file: 150}), 100);
	assert.equal(memoryInUse(100, {}), 100);
	assert.deepEqual(sumBlockIo([{op: 'READ', value: 1}, {op: 'Total', value: 9}, {value: 3}]), {read: 1, write: 0});
});
