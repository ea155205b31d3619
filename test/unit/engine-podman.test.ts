// Podman's answers as berth reads them, on recorded shapes from podman 4.3 (test/engine/podman.test.ts
// checks the same against a real podman).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {podMemberships, withPods} from '../../source/engine/libpod.js';
import {normalizeContainer, normalizeEvent, normalizeVersion} from '../../source/engine/normalize.js';
import {sampleFromPodman, swapsNetworkBytes, type RawPodmanStats} from '../../source/engine/stats/podman-stats.js';

test('the version says which engine answers', () => {
	const podman = {Version: '4.3.1', ApiVersion: '1.41', Components: [{Name: 'Podman Engine'}, {Name: 'Conmon'}]};
	assert.equal(normalizeVersion(podman).kind, 'podman');
	assert.equal(normalizeVersion({Version: '20.10.24', Components: [{Name: 'Engine'}, {Name: 'containerd'}]}).kind, 'docker');
	assert.equal(normalizeVersion({Version: '1.13.1'}).kind, 'docker');
});

test('podman’s removals read as Docker’s destroy, and a volume event is known by its name', () => {
	const attributes = {containerExitCode: '0', image: '', name: 'data', podId: ''};
	assert.equal(normalizeEvent({Type: 'container', Action: 'remove', Actor: {ID: 'abc', Attributes: {}}})?.action, 'destroy');
	const volume = normalizeEvent({Type: 'volume', Action: 'remove', Actor: {ID: '', Attributes: attributes}});
	assert.equal(volume?.action, 'destroy');
	assert.equal(volume?.id, 'data');
	assert.equal(normalizeEvent({Type: 'image', Action: 'remove', Actor: {ID: 'sha', Attributes: {}}})?.action, 'remove');
});

test('pod membership from podman’s own list is put on the containers it names', () => {
	const pods = podMemberships([
		{Id: 'infra', Pod: 'p1', PodName: 'shop', IsInfra: true},
		{Id: 'member', Pod: 'p1', PodName: 'shop', IsInfra: false},
		{Id: 'alone', Pod: '', PodName: '', IsInfra: false},
	]);
	const containers = ['infra', 'member', 'alone'].map(id => normalizeContainer({Id: id, Names: [`/${id}`]}, 0));
	assert.deepEqual(
		withPods(containers, pods).map(container => container.pod),
		[{id: 'p1', name: 'shop', infra: true}, {id: 'p1', name: 'shop', infra: false}, undefined],
	);
});

const reading = (seconds: number, cpuSeconds: number): RawPodmanStats => ({
	CPUNano: cpuSeconds * 1e9,
	SystemNano: 1_800_000_000e9 + seconds * 1e9,
	MemUsage: 512,
	MemLimit: 2048,
	NetInput: 100,
	NetOutput: 900,
	BlockInput: 3,
	BlockOutput: 4,
	PIDs: 2,
});

test('a podman reading becomes a sample: CPU% over wall time, from the second reading on', () => {
	const first = sampleFromPodman(reading(0, 1), undefined, false);
	assert.equal(first.cpuPercent, undefined);
	assert.deepEqual(
		{...first, time: 0},
		{time: 0, memoryUsage: 512, memoryLimit: 2048, memoryPercent: 25, netRx: 100, netTx: 900, blockRead: 3, blockWrite: 4, pids: 2},
	);
	assert.equal(first.time, 1_800_000_000_000);
	// 1.5 CPU seconds in 2 wall seconds: one and a half CPUs' worth, where one busy CPU is 100%.
	assert.equal(sampleFromPodman(reading(2, 4), reading(0, 1), false).cpuPercent, 150);
});

test('podman before 4.4 swapped received and sent bytes; berth swaps them back', () => {
	assert.equal(swapsNetworkBytes('4.3.1'), true);
	assert.equal(swapsNetworkBytes('3.4.4'), true);
	assert.equal(swapsNetworkBytes('4.4.0'), false);
	assert.equal(swapsNetworkBytes('5.0.2'), false);
	const swapped = sampleFromPodman(reading(0, 1), undefined, true);
	assert.deepEqual([swapped.netRx, swapped.netTx], [900, 100]);
});
