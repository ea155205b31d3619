import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {StatsSample} from '../../source/engine/types.js';
import {MetricHistory} from '../../source/store/metrics.js';
import {ModelStore} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import {StatsCollector} from '../../source/store/stats-collector.js';
import {FakeEngine} from '../support/fake-engine.js';
import {container} from '../support/build.js';

function sample(time: number, fields: Partial<StatsSample> = {}): StatsSample {
	return {time, cpuPercent: 1, memoryUsage: 100, memoryLimit: 1000, memoryPercent: 10, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 1, ...fields};
}

test('rates come from the difference between samples; a counter going back starts them again', () => {
	const history = new MetricHistory(10);
	history.add(sample(1000, {netRx: 1000, blockWrite: 0}));
	assert.equal(history.latest?.netRxRate, undefined);
	history.add(sample(3000, {netRx: 5000, blockWrite: 4096}));
	assert.equal(history.latest?.netRxRate, 2000);
	assert.equal(history.latest?.blockWriteRate, 2048);
	history.add(sample(4000, {netRx: 10, blockWrite: 4096}));
	assert.equal(history.latest?.netRxRate, undefined, 'restarted container: no negative rate');
});

test('a history keeps only its capacity, oldest first, however many samples arrive', () => {
	const history = new MetricHistory(5);
	for (let index = 0; index < 10_000; index++) {
		history.add(sample(index * 1000, {pids: index}));
	}

	assert.deepEqual(history.points().map(point => point.pids), [9995, 9996, 9997, 9998, 9999]);
});

const tick = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

function collector() {
	const running = [container({name: 'a'}), container({name: 'b'}), container({name: 'c'})];
	const engine = new FakeEngine({containers: running, images: [], volumes: [], networks: []});
	const model = new ModelStore(engine.endpoint, notifyNow);
	model.replaceContainers(running);
	const stats = new StatsCollector(engine, model, {intervalMs: 1000, historyPoints: 60, openDelayMs: 10, lingerMs: 50, retryMs: 50});
	const [a, b, c] = running.map(item => item.id) as [string, string, string];
	return {engine, model, stats, a, b, c};
}

test('streams open for wanted containers only, and close a while after they are no longer wanted', async () => {
	const {engine, stats, a, b, c} = collector();
	stats.want([a, b]);
	assert.deepEqual(stats.streaming, [], 'nothing opens while scrolling past');
	await tick(30);
	assert.deepEqual(stats.streaming.sort(), [a, b].sort());
	stats.want([b, c]);
	await tick(30);
	assert.deepEqual(stats.streaming.sort(), [a, b, c].sort(), 'a lingers');
	await tick(80);
	assert.deepEqual(stats.streaming.sort(), [b, c].sort());
	assert.ok(engine.calls.includes(`stats-stop ${a}`));
	stats.close();
	assert.deepEqual(stats.streaming, []);
});

test('samples go into the model, one history per container shared by every view', async () => {
	const {engine, model, stats, a} = collector();
	stats.want([a]);
	await tick(30);
	engine.statsHandlers.get(a)!.onSample(sample(1000, {cpuPercent: 42}));
	assert.equal(model.get().metrics.get(a)?.latest?.cpuPercent, 42);
	stats.close();
});

test('a pinned container is sampled whatever the list wants; a stream that ends is reopened later', async () => {
	const {engine, stats, a} = collector();
	stats.pin(a);
	await tick(30);
	assert.deepEqual(stats.streaming, [a]);
	engine.statsHandlers.get(a)!.onSample(sample(1000));
	engine.statsHandlers.get(a)!.onEnd();
	assert.deepEqual(stats.streaming, []);
	await tick(100);
	assert.deepEqual(stats.streaming, [a]);
	stats.pin(undefined);
	await tick(100);
	assert.deepEqual(stats.streaming, []);
	stats.close();
});

test('when a stream ends its last figures stop counting as current; a sample for a removed container is dropped', async () => {
	const {engine, model, stats, a, b} = collector();
	stats.want([a]);
	await tick(30);
	engine.statsHandlers.get(a)!.onSample(sample(1000, {cpuPercent: 42}));
	assert.equal(model.get().metrics.get(a)?.current?.cpuPercent, 42);
	engine.statsHandlers.get(a)!.onEnd();
	assert.equal(model.get().metrics.get(a)?.current, undefined);
	assert.equal(model.get().metrics.get(a)?.latest?.cpuPercent, 42, 'the history stays for the graphs');
	model.removeContainer(b);
	model.recordSample(b, sample(2000), 10);
	assert.equal(model.get().metrics.has(b), false);
	stats.close();
});
