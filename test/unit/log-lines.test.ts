import {test} from 'node:test';
import assert from 'node:assert/strict';
import {LogDecoder} from '../../source/engine/logs.js';
import {LogLines, type LogOrigin} from '../../source/store/log-lines.js';

test('a line comes back as it went in: text in any script, timestamp, stream and origin', () => {
	const lines = new LogLines();
	const web: LogOrigin = {index: 0, label: 'web'};
	const db: LogOrigin = {index: 1, label: 'db'};
	lines.push({stream: 'stdout', text: 'plain ascii', timestamp: '2026-11-30T10:00:00.123456789Z'}, web);
	lines.push({stream: 'stderr', text: '错误：磁盘已满 🚨 naïve', timestamp: '2026-11-30T10:00:01Z'}, db);
	lines.push({stream: 'stdout', text: ''});
	assert.deepEqual(
		[...lines].map(entry => [entry.seq, entry.stream, entry.text, entry.timestamp, entry.source]),
		[
			[0, 'stdout', 'plain ascii', '2026-11-30T10:00:00.123456789Z', web],
			[1, 'stderr', '错误：磁盘已满 🚨 naïve', '2026-11-30T10:00:01Z', db],
			[2, 'stdout', '', undefined, undefined],
		],
	);
	// The same origin object comes back, so a view can tell replicas apart by identity.
	assert.equal(lines.at(1)?.source, db);
	assert.equal(lines.bytes, Buffer.byteLength('2026-11-30T10:00:00.123456789Zplain ascii2026-11-30T10:00:01Z错误：磁盘已满 🚨 naïve'));
});

test('lines are sanitised when read, and unstyled lines share one empty style list', () => {
	const lines = new LogLines();
	lines.push({stream: 'stdout', text: '\u001B[32mgreen\u001B[0m \u001B]52;c;AAAA\u0007done'});
	lines.push({stream: 'stdout', text: 'one'});
	lines.push({stream: 'stdout', text: 'two'});
	const coloured = lines.at(0)!;
	assert.equal(coloured.text, 'green done');
	assert.deepEqual(coloured.styles.map(run => [run.start, run.end, run.style.color]), [[0, 5, 'green']]);
	assert.equal(lines.at(1)!.styles, lines.at(2)!.styles);
});

test('kept lines stay exact while the ring grows, old lines are dropped and their chunks let go or written again', () => {
	const lines = new LogLines();
	const maxLines = 700;
	const textOf = (seq: number): string => (seq % 997 === 0 ? `long ${seq} ${'é'.repeat(40_000)}` : `line ${seq} ${'x'.repeat(seq % 300)}`);
	let bytesHeld = 0;
	for (let seq = 0; seq < 20_000; seq++) {
		lines.push({stream: seq % 3 === 0 ? 'stderr' : 'stdout', text: textOf(seq)});
		if (seq % 50 === 49) {
			lines.trim(maxLines, 400_000);
			bytesHeld = Math.max(bytesHeld, lines.bytes);
		}
	}

	lines.trim(maxLines, 400_000);
	assert.ok(lines.length <= maxLines && lines.length > 100, `${lines.length} lines`);
	assert.ok(bytesHeld <= 400_000, `at most ${bytesHeld} bytes after a trim`);
	assert.equal(lines.nextSeq, 20_000);
	assert.equal(lines.firstSeq, 20_000 - lines.length);
	for (let index = 0; index < lines.length; index++) {
		const entry = lines.at(index)!;
		const seq = lines.firstSeq + index;
		assert.equal(entry.seq, seq);
		assert.equal(entry.text, textOf(seq));
		assert.equal(entry.stream, seq % 3 === 0 ? 'stderr' : 'stdout');
	}

	assert.equal(lines.at(-1)?.seq, 19_999);
	assert.equal(lines.at(lines.length), undefined);
	assert.equal(lines.at(-lines.length - 1), undefined);
	assert.deepEqual(
		lines.slice(-3).map(entry => entry.seq),
		[19_997, 19_998, 19_999],
	);
	assert.deepEqual(
		lines.slice(1, 3).map(entry => entry.seq),
		[lines.firstSeq + 1, lines.firstSeq + 2],
	);
});

test('a trim always keeps the newest line, however long', () => {
	const lines = new LogLines();
	lines.push({stream: 'stdout', text: 'short'});
	lines.push({stream: 'stdout', text: 'y'.repeat(100_000)});
	lines.trim(10, 1000);
	assert.equal(lines.length, 1);
	assert.equal(lines.at(0)?.text.length, 100_000);
	assert.equal(lines.firstSeq, 1);
});

test('lines kept from the engine\'s bytes read back as the same lines kept from strings, invalid UTF-8 and escapes included', () => {
	const frame = (stream: number, text: string | Buffer): Buffer => {
		const payload = typeof text === 'string' ? Buffer.from(text) : text;
		const header = Buffer.alloc(8);
		header[0] = stream;
		header.writeUInt32BE(payload.length, 4);
		return Buffer.concat([header, payload]);
	};
	const bytes = Buffer.concat([
		frame(1, '2026-11-30T10:00:00.1Z plain\n2026-11-30T10:00:00.2Z \u001B[31mred\u001B[0m \u001B]52;c;AAAA\u0007done\n'),
		frame(2, Buffer.concat([Buffer.from('2026-11-30T10:00:00.3Z bad '), Buffer.from([0xff, 0xc3]), Buffer.from(' 错误 🚨\n')])),
		frame(1, 'no time\n'),
		// Longer than the spans copied byte by byte.
		frame(1, `2026-11-30T10:00:00.4Z ${'long '.repeat(100)}end\n`),
	]);
	const fromBytes = new LogLines();
	const fromStrings = new LogLines();
	const web: LogOrigin = {index: 0, label: 'web'};
	fromBytes.pushBytes(new LogDecoder({multiplexed: true, timestamps: true}).pushBytes(bytes), web);
	for (const line of new LogDecoder({multiplexed: true, timestamps: true}).push(bytes)) {
		fromStrings.push(line, web);
	}
	assert.equal(fromBytes.length, 5);
	assert.deepEqual([...fromBytes], [...fromStrings]);
	// The two invalid bytes are kept as they came, a byte each, where a decoded line holds U+FFFD (three bytes) for each.
	assert.equal(fromBytes.bytes, fromStrings.bytes - 4);
	assert.equal(fromBytes.at(1)?.text, 'red done');
	assert.equal(fromBytes.at(2)?.text, 'bad \uFFFD\uFFFD 错误 🚨');
	assert.equal(fromBytes.at(2)?.stream, 'stderr');
	assert.equal(fromBytes.at(3)?.timestamp, undefined);
	assert.equal(fromBytes.at(0)?.source, web);
	assert.equal(fromBytes.at(4)?.text, `${'long '.repeat(100)}end`);
	assert.equal(fromBytes.at(4)?.timestamp, '2026-11-30T10:00:00.4Z');
});
