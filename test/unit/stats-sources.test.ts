import assert from 'node:assert/strict';
import {PassThrough, type Readable} from 'node:stream';
import {test} from 'node:test';
import {streamApiStats} from '../../source/engine/stats/api-stats.js';
import {
	blkioTotals,
	ioStatTotals,
	parseCgroupMembership,
	parseCount,
	pickKeyedValues,
	parseMemTotal,
	parseNetDev,
} from '../../source/engine/stats/kernel-files.js';
import type {RawStats} from '../../source/engine/stats/stats-math.js';
import type {StatsSample} from '../../source/engine/types.js';
import {fixture} from '../support/fake-engine.js';

const id = 'fb64ce8cd897cdd9623ff2a5abdae9f5928c2e98e7feb4203c40fbb6696c54ef';

test('cgroup membership: v1 hierarchies with their controllers, and the unified one', () => {
	// Recorded from a container on this cgroup v1 (hybrid) host.
	const v1 = [
		`9:name=systemd:/docker/${id}`,
		`8:pids:/docker/${id}`,
		`4:memory:/docker/${id}`,
		`1:cpu,cpuacct:/docker/${id}`,
		`0::/docker/${id}`,
		'',
	].join('\n');
	assert.deepEqual(parseCgroupMembership(v1), [
		{controllers: ['name=systemd'], path: `/docker/${id}`},
		{controllers: ['pids'], path: `/docker/${id}`},
		{controllers: ['memory'], path: `/docker/${id}`},
		{controllers: ['cpu', 'cpuacct'], path: `/docker/${id}`},
		{controllers: [], path: `/docker/${id}`},
	]);
	// A v2 host with the systemd driver; a path may itself hold colons.
	assert.deepEqual(parseCgroupMembership(`0::/system.slice/docker-${id}.scope\n`), [
		{controllers: [], path: `/system.slice/docker-${id}.scope`},
	]);
	assert.deepEqual(parseCgroupMembership('0::/odd:name\n'), [{controllers: [], path: '/odd:name'}]);
});

/** A file's bytes as the stats reader reads them. */
const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

test('keyed values, counts and limits', () => {
	const stat = bytes('cache 0\nrss 49152\ntotal_inactive_file 31457280\ninactive_file 4096\nlast 7');
	assert.deepEqual(pickKeyedValues(stat, ['inactive_file', 'cache', 'last', 'absent']), {inactive_file: 4096, cache: 0, last: 7});
	assert.deepEqual(pickKeyedValues(stat, ['total_inactive_file']), {total_inactive_file: 31_457_280});
	// A key that only ends another's name, or only begins it, is not that key.
	assert.deepEqual(pickKeyedValues(bytes('total_inactive_file 5\ninactive_file_x 6\n'), ['inactive_file']), {});
	assert.equal(pickKeyedValues(bytes('usage_usec 2381447\nuser_usec 1000\n'), ['usage_usec'])['usage_usec'], 2_381_447);
	assert.deepEqual(pickKeyedValues(bytes('usage'), ['usage_usec']), {});
	assert.equal(parseCount(bytes('9223372036854771712\n')), 9_223_372_036_854_771_712);
	assert.equal(parseCount(bytes('max\n')), Number.POSITIVE_INFINITY);
	assert.equal(parseCount(bytes('3\n')), 3);
	assert.equal(parseCount(bytes(' 42 \n')), 42);
	// Contents that are not one number are not read as one: the reader then reports the file.
	assert.ok(Number.isNaN(parseCount(bytes('3 4\n'))));
	assert.ok(Number.isNaN(parseCount(bytes('maxi\n'))));
	assert.ok(Number.isNaN(parseCount(bytes('-\n'))));
	assert.equal(parseMemTotal('MemTotal:       24684096 kB\nMemFree:        22122140 kB\n'), 24_684_096 * 1024);
	assert.equal(parseMemTotal(''), undefined);
});

test('counts of any length read as Number reads their text', () => {
	let seed = 7;
	const random = (below: number): number => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed % below;
	};
	for (let round = 0; round < 2000; round++) {
		const digits = Array.from({length: 1 + random(20)}, () => String(random(10))).join('');
		assert.equal(parseCount(bytes(`${digits}\n`)), Number(digits), digits);
		assert.equal(pickKeyedValues(bytes(`a 1\nkey ${digits}\nb 2\n`), ['key'])['key'], Number(digits), digits);
	}
});

test('block IO: bytes read and written, from v1 blkio lines and v2 io.stat', () => {
	// Recorded after 50 MB written and read back with O_DIRECT.
	const blkio = [
		'254:0 Read 52428800',
		'254:0 Write 52428800',
		'254:0 Sync 104857600',
		'254:0 Async 0',
		'254:0 Discard 0',
		'254:0 Total 104857600',
		'8:0 Read 4096',
		'8:0 Write 1',
		'8:0 Total 4097',
		'Total 104861697',
		'',
	].join('\n');
	assert.deepEqual(blkioTotals(bytes(blkio)), {read: 52_432_896, write: 52_428_801});
	assert.deepEqual(blkioTotals(bytes('Total 0\n')), {read: 0, write: 0});
	assert.deepEqual(blkioTotals(bytes('')), {read: 0, write: 0});
	const ioStat = '254:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n8:0 rbytes=1 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n';
	assert.deepEqual(ioStatTotals(bytes(ioStat)), {read: 4097, write: 8192});
	assert.deepEqual(ioStatTotals(bytes('')), {read: 0, write: 0});
});

test('network: every interface but loopback', () => {
	const netDev = [
		'Inter-|   Receive                                                |  Transmit',
		' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
		'    lo:     500       5    0    0    0     0          0         0      500       5    0    0    0     0       0          0',
		'  eth0: 5011843     175    0    0    0     0          0         0     9942     150    0    0    0     0       0          0',
		'  eth1:100 1 0 0 0 0 0 0 7 1 0 0 0 0 0 0',
		'  lo2: 1 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0',
		'',
	].join('\n');
	assert.deepEqual(parseNetDev(bytes(netDev)), {rx: 5_011_944, tx: 9950});
});

const raw = fixture<Record<'first' | 'busy' | 'stopped', RawStats>>('stats-raw.json');
const start = Date.parse('2026-11-22T11:32:09Z');

/** Engine reading `k`, about a second after the previous, with CPU time `usage` (ns) on 2 CPUs. */
function reading(k: number, usage: number, previousUsage: number): RawStats {
	const system = 4e12 + k * 2e9;
	return {
		...raw.busy,
		read: new Date(start + k * 1003).toISOString(),
		cpu_stats: {cpu_usage: {total_usage: usage}, system_cpu_usage: system, online_cpus: 2},
		precpu_stats: k === 0 ? {cpu_usage: {total_usage: 0}} : {cpu_usage: {total_usage: previousUsage}, system_cpu_usage: system - 2e9, online_cpus: 2},
	};
}

interface Collected {
	samples: StatsSample[];
	errors: string[];
	ended: number;
}

function follow(intervalMs: number, open: (signal: AbortSignal) => Promise<Readable>) {
	const collected: Collected = {samples: [], errors: [], ended: 0};
	const subscription = streamApiStats(open, error => `described: ${(error as Error).message}`, intervalMs, {
		onSample: sample => collected.samples.push(sample),
		onError: message => collected.errors.push(message),
		onEnd: () => {
			collected.ended += 1;
		},
	});
	return {collected, subscription};
}

/** Writes NDJSON in 7-byte chunks, so messages are split at arbitrary points. */
function writeChunked(stream: PassThrough, values: RawStats[]): void {
	const bytes = Buffer.from(values.map(value => JSON.stringify(value)).join('\n') + '\n');
	for (let offset = 0; offset < bytes.length; offset += 7) {
		stream.write(bytes.subarray(offset, offset + 7));
	}
}

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

// CPU time in ns at readings 0..3: the second between readings 1 and 2 is busier.
const usages = [0, 0.2e9, 1.2e9, 1.4e9];
const readings = usages.map((usage, k) => reading(k, usage, usages[k - 1] ?? 0));

test('API stream: every reading at a 1 s interval, and the empty reading ends it', async () => {
	const stream = new PassThrough();
	const {collected} = follow(1000, async () => stream);
	await tick();
	writeChunked(stream, [...readings, raw.stopped, raw.busy]);
	await tick();
	assert.equal(collected.samples.length, 4);
	assert.equal(collected.samples[0]!.cpuPercent, undefined);
	// 0.2 s, 1 s and 0.2 s of CPU in 1 s on 2 CPUs.
	assert.deepEqual(
		collected.samples.slice(1).map(sample => Math.round(sample.cpuPercent!)),
		[20, 100, 20],
	);
	assert.equal(collected.ended, 1);
	assert.deepEqual(collected.errors, []);
	assert.ok(stream.destroyed, 'the connection is closed once the container stopped');
});

test('API stream: a longer interval skips readings and measures CPU% over the whole interval', async () => {
	const stream = new PassThrough();
	const {collected, subscription} = follow(2000, async () => stream);
	await tick();
	writeChunked(stream, readings);
	await tick();
	// Readings 0 and 2 (2.006 s apart); 1 and 3 come too soon after a delivered one.
	assert.deepEqual(
		collected.samples.map(sample => sample.time),
		[start, start + 2006],
	);
	// 1.2 s of CPU over 2 s on 2 CPUs, not the engine's last second alone (100%).
	assert.ok(Math.abs(collected.samples[1]!.cpuPercent! - 60) < 1e-9);
	subscription.stop();
	assert.ok(stream.destroyed);
	writeChunked(stream, [raw.stopped]);
	await tick();
	assert.equal(collected.ended, 0, 'nothing is reported after stop()');
});

test('API stream: failures to open and cut connections are reported once', async () => {
	const refused = follow(1000, async () => {
		throw new Error('no such container');
	});
	await tick();
	assert.deepEqual(refused.collected.errors, ['described: no such container']);

	const stream = new PassThrough();
	const cut = follow(1000, async () => stream);
	await tick();
	stream.destroy(new Error('socket hang up'));
	await tick();
	assert.deepEqual(cut.collected.errors, ['described: socket hang up']);
	assert.equal(cut.collected.ended, 0);
});

test('API stream: stopping before the connection opens closes it when it does', async () => {
	const stream = new PassThrough();
	let resolve: (value: Readable) => void = () => {};
	const {collected, subscription} = follow(1000, () => new Promise(done => (resolve = done)));
	subscription.stop();
	resolve(stream);
	await tick();
	assert.ok(stream.destroyed);
	assert.deepEqual(collected, {samples: [], errors: [], ended: 0});
});
