import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {openLogs} from '../../source/store/log-buffer.js';
import {cleanUp, createContainer, engine, requireEngine, waitFor} from './helpers.js';

before(requireEngine);
after(cleanUp);

test('the logs of a container writing as fast as it can stay live: the newest line kept is never far behind the engine', async () => {
	const flood = await createContainer({hint: 'log-flood', Cmd: ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo "flood line $i: a log line as long as a real one"; done']});
	const session = openLogs(engine, flood.id, 100);
	try {
		await waitFor('the flood followed', () => (session.buffer.get().lines.nextSeq > 10_000 ? true : undefined), 30_000);
		// Sampled over 10 s: the engine's time of the newest line kept against this machine's clock (the same clock here).
		const behind: number[] = [];
		for (let sample = 0; sample < 40; sample++) {
			await sleep(250);
			const newest = session.buffer.get().lines.at(-1);
			if (newest?.timestamp !== undefined) {
				behind.push(Date.now() - Date.parse(newest.timestamp));
			}
		}
		behind.sort((a, b) => a - b);
		const median = behind[Math.floor(behind.length / 2)]!;
		assert.ok(behind.length >= 30, `${behind.length} samples`);
		// Without catching up, this machine's engine fell a second behind for every second of a flood.
		assert.ok(median < 2000 && behind.at(-1)! < 4000, `behind by ${median} ms (median), ${behind.at(-1)} ms at most`);
		const lines = session.buffer.get().lines;
		assert.ok(lines.nextSeq > 20_000, `${lines.nextSeq} lines in all`);
	} finally {
		session.stop();
	}
});
