import {test} from 'node:test';
import assert from 'node:assert/strict';
import {setImmediate, setTimeout as sleep} from 'node:timers/promises';
import {LogDecoder} from '../../source/engine/logs.js';
import {LogBuffer} from '../../source/store/log-buffer.js';

test('the buffer never holds more than its line cap, however much arrives', () => {
	const buffer = new LogBuffer({maxLines: 1000, maxBytes: 10_000_000});
	for (let batch = 0; batch < 200; batch++) {
		buffer.append(Array.from({length: 100}, (_unused, index) => ({stream: 'stdout' as const, text: `line ${batch * 100 + index}`})));
	}

	const {lines} = buffer.get();
	assert.ok(lines.length <= 1000, `held ${lines.length}`);
	assert.equal(lines.at(-1)?.text, 'line 19999');
	assert.equal(lines.at(-1)?.seq, 19_999);
	// Sequence numbers stay contiguous after trimming, so views can find lines by number.
	assert.equal(lines.at(-1)!.seq - lines.at(0)!.seq, lines.length - 1);
});

test('the buffer caps bytes too, so a few huge lines cannot exhaust memory', () => {
	const buffer = new LogBuffer({maxLines: 10_000, maxBytes: 1_000_000});
	const big = 'x'.repeat(65_536);
	for (let index = 0; index < 100; index++) {
		buffer.append([{stream: 'stdout', text: big}]);
	}

	const held = [...buffer.get().lines].reduce((sum, line) => sum + line.text.length, 0);
	assert.ok(held <= 1_000_000, `held ${held} characters`);
	assert.ok(buffer.get().lines.bytes <= 1_000_000, `held ${buffer.get().lines.bytes} bytes`);
	assert.ok(buffer.get().lines.length >= 10);
});

test('log text is sanitised before anyone reads it: no escape sequence survives, colours become styles', () => {
	const buffer = new LogBuffer();
	buffer.append([{stream: 'stderr', text: '\u001B]0;pwned\u0007\u001B[31mred\u001B[0m plain\u001B[2J'}]);
	const [line] = buffer.get().lines;
	assert.equal(line?.text, 'red plain');
	assert.equal(line?.stream, 'stderr');
	assert.ok(line?.styles.some(run => run.style.color === 'red'));
	assert.doesNotMatch(line?.text ?? '', /\u001B/);
});

test('a flood of lines is drawn a couple of times a second rather than every frame, and keeps every line the cap allows', async () => {
	const buffer = new LogBuffer({maxLines: 10_000_000, maxBytes: 1_000_000_000});
	let heard = 0;
	buffer.subscribe(() => {
		heard++;
	});
	// The first lines are the history, read at once: they alone are no flood.
	buffer.append(Array.from({length: 500}, (_unused, index) => ({stream: 'stdout' as const, text: `history ${index}`})));
	await sleep(300);
	assert.equal(heard, 1);
	heard = 0;
	let sent = 0;
	const started = performance.now();
	while (performance.now() - started < 1500) {
		buffer.append([{stream: 'stdout', text: `line ${sent++}`}]);
		await setImmediate();
	}

	await sleep(700);
	// Every 200 ms frame would have been heard 7 or 8 times; floods ask for one every 500 ms at most.
	assert.ok(heard >= 2 && heard <= 4, `heard ${heard} times`);
	const {lines} = buffer.get();
	assert.equal(lines.length, 500 + sent);
	assert.equal(lines.at(-1)?.text, `line ${sent - 1}`);
});

test('batches appended as the engine\'s bytes count toward the cap and the flood like decoded lines', async () => {
	const buffer = new LogBuffer({maxLines: 1000, maxBytes: 10_000_000});
	let heard = 0;
	buffer.subscribe(() => {
		heard++;
	});
	const decoder = new LogDecoder({multiplexed: false, timestamps: true});
	let sent = 0;
	const started = performance.now();
	while (performance.now() - started < 1500) {
		const chunk = Array.from({length: 20}, () => `2026-11-30T10:00:00.${String(sent).padStart(9, '0')}Z line ${sent++}\n`).join('');
		buffer.appendBytes(decoder.pushBytes(Buffer.from(chunk)));
		await setImmediate();
	}

	await sleep(700);
	assert.ok(heard >= 2 && heard <= 5, `heard ${heard} times`);
	const {lines} = buffer.get();
	assert.equal(lines.length, 1000);
	assert.equal(lines.nextSeq, sent);
	assert.deepEqual(
		[lines.at(-1)?.text, lines.at(-1)?.timestamp],
		[`line ${sent - 1}`, `2026-11-30T10:00:00.${String(sent - 1).padStart(9, '0')}Z`],
	);
});

test('a trickle of lines is drawn a frame after each arrives', async () => {
	const buffer = new LogBuffer();
	let heard = 0;
	buffer.subscribe(() => {
		heard++;
	});
	for (let index = 0; index < 4; index++) {
		buffer.append([{stream: 'stdout', text: `line ${index}`}]);
		await sleep(300);
	}

	assert.equal(heard, 4);
});
