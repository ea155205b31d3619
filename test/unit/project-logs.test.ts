// Merged logs of a compose project: history in time order across replicas, each line tagged with
// its replica, then following without repeating what the history showed; bounded like any logs.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {LogLine} from '../../source/engine/types.js';
import {sanitize} from '../../source/format/index.js';
import {openMergedLogs, timeKey} from '../../source/store/log-buffer.js';
import {FakeEngine, recorded} from '../support/fake-engine.js';
import {settle} from '../support/keys.js';

const line = (text: string, timestamp: string): LogLine => ({stream: 'stdout', text, timestamp});

test('engine timestamps sort as text once the fraction is padded', () => {
	assert.ok(timeKey('2026-11-30T01:00:05.12Z') > timeKey('2026-11-30T01:00:05.1Z'));
	assert.ok(timeKey('2026-11-30T01:00:06Z') > timeKey('2026-11-30T01:00:05.999999999Z'));
	assert.equal(timeKey(undefined), '');
});

test('history is merged in time order, each line tagged; following skips what was shown and keeps the tags', async () => {
	const engine = new FakeEngine(recorded());
	engine.logLinesById.set('web1', [line('web a', '2026-11-30T01:00:01.5Z'), line('web b', '2026-11-30T01:00:03Z')]);
	engine.logLinesById.set('db', [line('db a', '2026-11-30T01:00:01Z'), line('db \u001b]0;x\u0007b', '2026-11-30T01:00:02.25Z')]);
	const session = openMergedLogs(engine, [
		{id: 'web1', label: 'web'},
		{id: 'db', label: 'db\u001b[31m'},
	], 100);
	await settle();
	await settle();
	const lines = [...session.buffer.get().lines];
	const db = sanitize('db\u001b[31m');
	assert.deepEqual(
		lines.map(entry => `${entry.source?.label}: ${entry.text}`),
		[`${db}: db a`, 'web: web a', `${db}: ${sanitize('db \u001b]0;x\u0007b')}`, 'web: web b'],
	);
	assert.ok(!lines.some(entry => /\u001b/.test(entry.text + (entry.source?.label ?? ''))), 'labels and text are sanitised');
	assert.deepEqual(
		lines.map(entry => entry.source?.index),
		[1, 0, 1, 0],
		'each replica keeps its place (its colour)',
	);
	// Two reads per replica: its history, then following from where the history ended.
	assert.deepEqual(
		engine.calls.filter(call => call.startsWith('logs ')),
		['logs web1', 'logs db', 'logs web1', 'logs db'],
	);

	// The follow stream sends the history's last second again, and a new line.
	engine.logHandlersById.get('web1')!.onLines([line('web b', '2026-11-30T01:00:03Z'), line('web c', '2026-11-30T01:00:04Z')]);
	assert.deepEqual(
		session.buffer.get().lines.slice(4).map(entry => entry.text),
		['web c'],
	);
	assert.equal(session.buffer.get().lines.at(-1)?.source?.label, 'web');
	session.stop();
	assert.ok(engine.calls.includes('logs-stop web1') && engine.calls.includes('logs-stop db'), 'stopping closes every stream');
});

test('merged logs are bounded like one container’s', async () => {
	const engine = new FakeEngine(recorded());
	const many = (name: string, second: number): LogLine[] => Array.from({length: 50}, (_, index) => line(`${name} ${index}`, `2026-11-30T01:00:${String(second).padStart(2, '0')}.${String(index).padStart(3, '0')}Z`));
	engine.logLinesById.set('a', many('a', 1));
	engine.logLinesById.set('b', many('b', 2));
	const session = openMergedLogs(engine, [{id: 'a', label: 'a'}, {id: 'b', label: 'b'}], 100, {maxLines: 40, maxBytes: 1_000_000});
	await settle();
	const {lines} = session.buffer.get();
	assert.ok(lines.length <= 40, `at most 40 lines held, got ${lines.length}`);
	assert.equal(lines.at(-1)?.text, 'b 49', 'the newest are kept');
	session.stop();
});

test('with no replicas the merged logs end at once', () => {
	const engine = new FakeEngine(recorded());
	const session = openMergedLogs(engine, [], 100);
	assert.equal(session.buffer.get().status, 'ended');
});
