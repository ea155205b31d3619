import {test} from 'node:test';
import assert from 'node:assert/strict';
import {setTimeout as sleep} from 'node:timers/promises';
import {LogDecoder} from '../../source/engine/logs.js';
import type {Engine, LogHandlers, LogOptions} from '../../source/engine/types.js';
import {openLogs} from '../../source/store/log-buffer.js';

/** An engine whose log streams the test feeds: each open is recorded with its options. */
function scriptedEngine(): {engine: Engine; opens: Array<{options: LogOptions; handlers: LogHandlers; stopped: boolean}>} {
	const opens: Array<{options: LogOptions; handlers: LogHandlers; stopped: boolean}> = [];
	const engine = {
		streamLogs(_id: string, options: LogOptions, handlers: LogHandlers) {
			const open = {options, handlers, stopped: false};
			opens.push(open);
			return {
				stop() {
					open.stopped = true;
				},
			};
		},
	} as unknown as Engine;
	return {engine, opens};
}

/** `count` lines stamped `lagMs` before now on an engine clock `skewMs` off this one. */
function batch(count: number, lagMs: number, skewMs = 0, first = 0): ReturnType<LogDecoder['pushBytes']> {
	const time = new Date(Date.now() - lagMs + skewMs).toISOString();
	const text = Array.from({length: count}, (_, index) => `${time} line ${first + index}\n`).join('');
	return new LogDecoder({multiplexed: false, timestamps: true}).pushBytes(Buffer.from(text));
}

/**
 * Feeds a flood for about 1.2 s to the stream opened last, whose lines fall `lagGrowth` ms further
 * behind every 100 ms from when it was opened, as the engine's would.
 */
async function flood(opens: ReadonlyArray<{handlers: LogHandlers}>, lagGrowth: number, skewMs = 0): Promise<void> {
	opens.at(-1)!.handlers.onBytes!(batch(10, 0, skewMs));
	let openedAt = 0;
	let streams = opens.length;
	for (let step = 1; step <= 12; step++) {
		await sleep(100);
		if (opens.length > streams) {
			streams = opens.length;
			openedAt = step - 1;
		}
		opens.at(-1)!.handlers.onBytes!(batch(100, (step - openedAt) * lagGrowth, skewMs, step * 100));
	}
}

test('a flooded log that falls behind the engine skips to the newest lines, and says so in the log', async () => {
	const {engine, opens} = scriptedEngine();
	const session = openLogs(engine, 'c1', 500);
	await flood(opens, 30);
	assert.equal(opens.length, 2, 'opened again once behind');
	assert.equal(opens[0]!.stopped, true);
	assert.deepEqual(opens[1]!.options, {tail: 0, timestamps: true, follow: true});
	const lines = [...session.buffer.get().lines];
	const skip = lines.find(line => line.text.startsWith('berth: skipped to the newest lines'));
	assert.ok(skip, 'a line says lines were skipped');
	assert.match(skip.text, /0\.[2-4] s behind/);
	session.stop();
	assert.equal(opens[1]!.stopped, true);
});

test('an engine whose clock is off is not behind, a log that keeps up is not reopened, and a range is read whole', async () => {
	const skewed = scriptedEngine();
	openLogs(skewed.engine, 'c1', 500);
	// Ten seconds behind this clock from the first line on, and keeping up.
	await flood(skewed.opens, 0, -10_000);
	assert.equal(skewed.opens.length, 1);

	const ranged = scriptedEngine();
	openLogs(ranged.engine, 'c1', 500, undefined, {since: 1_000_000});
	await flood(ranged.opens, 80);
	assert.equal(ranged.opens.length, 1);
});

test('a trickle of lines is never skipped, however late its lines are stamped', async () => {
	const {engine, opens} = scriptedEngine();
	const session = openLogs(engine, 'c1', 500);
	opens[0]!.handlers.onBytes!(batch(1, 0));
	for (let step = 1; step <= 5; step++) {
		await sleep(50);
		opens[0]!.handlers.onBytes!(batch(1, step * 1000, 0, step));
	}
	assert.equal(opens.length, 1);
	assert.equal(session.buffer.get().lines.length, 6);
});
