import assert from 'node:assert/strict';
import {PassThrough, type Readable} from 'node:stream';
import {mock, test} from 'node:test';
import {NdjsonSplitter, retryDelayMs, superviseEvents} from '../../source/engine/events.js';
import {normalizeEvent} from '../../source/engine/normalize.js';
import type {ConnectionState, EngineEvent} from '../../source/engine/types.js';

test('the NDJSON splitter yields whole messages whatever the chunk boundaries', () => {
	const messages = [{Type: 'container', Action: 'start'}, {Type: 'image', Action: 'pull', note: 'ünïcödé'}, {n: 3}];
	const bytes = Buffer.from(messages.map(message => JSON.stringify(message)).join('\n') + '\n');
	for (const size of [1, 2, 5, 17, bytes.length]) {
		const splitter = new NdjsonSplitter();
		const values: unknown[] = [];
		for (let offset = 0; offset < bytes.length; offset += size) {
			values.push(...splitter.push(bytes.subarray(offset, offset + size)));
		}
		assert.deepEqual(values, messages, `chunk size ${size}`);
	}
});

test('the NDJSON splitter holds an unterminated message and drops blank or broken lines', () => {
	const splitter = new NdjsonSplitter();
	assert.deepEqual(splitter.push('{"a":1}\n\n{"b":'), [{a: 1}]);
	assert.deepEqual(splitter.push('2}\r\nnot json\n{"c":3}\n'), [{b: 2}, {c: 3}]);
});

test('events are normalised from current and pre-1.22 field names', () => {
	assert.deepEqual(
		normalizeEvent({
			Type: 'container',
			Action: 'health_status: healthy',
			Actor: {ID: 'abc', Attributes: {name: 'web', image: 'nginx'}},
			time: 1_700_000_000,
			timeNano: 1_700_000_000_123_456_789,
		}),
		{
			type: 'container',
			action: 'health_status: healthy',
			id: 'abc',
			attributes: {name: 'web', image: 'nginx'},
			time: 1_700_000_000_123,
		},
	);
	assert.deepEqual(normalizeEvent({status: 'die', id: 'def', from: 'busybox', time: 1_600_000_000}), {
		type: 'container',
		action: 'die',
		id: 'def',
		attributes: {image: 'busybox'},
		time: 1_600_000_000_000,
	});
	assert.equal(
		normalizeEvent({Type: 'volume', Action: 'create', Actor: {ID: 'data', Attributes: {driver: 'local'}}, timeNano: 1e18})?.id,
		'data',
	);
	assert.equal(normalizeEvent({Type: 'builder', Action: 'prune', Actor: {ID: 'x'}}), undefined);
});

test('retry delays double from 250 ms up to 8 s', () => {
	assert.deepEqual(
		[1, 2, 3, 4, 5, 6, 7, 8].map(retryDelayMs),
		[250, 500, 1000, 2000, 4000, 8000, 8000, 8000],
	);
});

async function settle(): Promise<void> {
	await new Promise(resolve => setImmediate(resolve));
}

test('the supervisor reconnects with backoff, reports each step and stops cleanly', async () => {
	mock.timers.enable({apis: ['setTimeout']});
	try {
		const states: ConnectionState[] = [];
		const events: EngineEvent[] = [];
		let connections = 0;
		const outcomes: Array<() => Promise<Readable>> = [
			async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'})),
			async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'})),
		];
		const streams: PassThrough[] = [];
		let opens = 0;
		const subscription = superviseEvents(
			async () => {
				opens += 1;
				const next = outcomes.shift();
				if (next) {
					return next();
				}
				const stream = new PassThrough();
				streams.push(stream);
				return stream;
			},
			error => `described: ${(error as {code?: string}).code}`,
			{
				onEvent: event => events.push(event),
				onState: state => states.push(state),
				onConnected: () => {
					connections += 1;
				},
			},
		);
		await settle();
		assert.deepEqual(states, [
			{status: 'connecting', attempt: 0},
			{status: 'reconnecting', error: 'described: ECONNREFUSED', attempt: 1, retryInMs: 250},
		]);
		mock.timers.tick(249);
		await settle();
		assert.equal(opens, 1);
		mock.timers.tick(1);
		await settle();
		assert.deepEqual(states.at(-1), {status: 'reconnecting', error: 'described: ECONNREFUSED', attempt: 2, retryInMs: 500});
		mock.timers.tick(500);
		await settle();
		assert.deepEqual(states.at(-1), {status: 'connected', attempt: 0});
		assert.equal(connections, 1);

		const message = JSON.stringify({Type: 'container', Action: 'start', Actor: {ID: 'c1', Attributes: {}}, timeNano: 2e15});
		streams[0]?.write(message.slice(0, 10));
		streams[0]?.write(`${message.slice(10)}\n`);
		await settle();
		assert.deepEqual(events, [{type: 'container', action: 'start', id: 'c1', attributes: {}, time: 2e9}]);

		// After a good connection the backoff starts again from the beginning.
		streams[0]?.end();
		await settle();
		assert.deepEqual(states.at(-1), {
			status: 'reconnecting',
			error: 'the engine closed the events stream',
			attempt: 1,
			retryInMs: 250,
		});
		mock.timers.tick(250);
		await settle();
		assert.equal(connections, 2);

		subscription.stop();
		await settle();
		assert.equal(streams[1]?.destroyed, true);
		const statesAtStop = states.length;
		mock.timers.tick(60_000);
		await settle();
		assert.equal(opens, 4);
		assert.equal(states.length, statesAtStop);
	} finally {
		mock.timers.reset();
	}
});

test('stopping while a retry is pending cancels it', async () => {
	mock.timers.enable({apis: ['setTimeout']});
	try {
		let opens = 0;
		const subscription = superviseEvents(
			async () => {
				opens += 1;
				throw new Error('down');
			},
			error => (error as Error).message,
			{onEvent: () => undefined, onState: () => undefined, onConnected: () => undefined},
		);
		await settle();
		subscription.stop();
		mock.timers.tick(10_000);
		await settle();
		assert.equal(opens, 1);
	} finally {
		mock.timers.reset();
	}
});
