import assert from 'node:assert/strict';
import {test} from 'node:test';
import {FrameDemuxer, LineSplitter, LogDecoder, timestampBytes} from '../../source/engine/logs.js';

function frame(type: number, payload: string | Buffer): Buffer {
	const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
	const header = Buffer.alloc(8);
	header.writeUInt8(type, 0);
	header.writeUInt32BE(body.length, 4);
	return Buffer.concat([header, body]);
}

/** Feeds `bytes` in chunks of `size` and joins what comes out per stream. */
function demuxInChunks(bytes: Buffer, size: number): {stdout: string; stderr: string} {
	const demuxer = new FrameDemuxer();
	const out = {stdout: '', stderr: ''};
	for (let offset = 0; offset < bytes.length; offset += size) {
		for (const piece of demuxer.push(bytes.subarray(offset, offset + size))) {
			out[piece.stream] += piece.data.toString();
		}
	}
	return out;
}

test('the demuxer separates stdout and stderr frames, whatever the chunk boundaries', () => {
	const stream = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, ''), frame(1, 'out two\n')]);
	for (const size of [1, 3, 7, 8, 9, 13, stream.length]) {
		assert.deepEqual(demuxInChunks(stream, size), {stdout: 'out one\nout two\n', stderr: 'err one\n'}, `chunk size ${size}`);
	}
});

test('the demuxer passes payload bytes on as they arrive rather than holding a whole frame', () => {
	const demuxer = new FrameDemuxer();
	const big = frame(2, Buffer.alloc(100_000, 'x'));
	const first = demuxer.push(big.subarray(0, 1000));
	assert.equal(first.length, 1);
	assert.equal(first[0]?.stream, 'stderr');
	assert.equal(first[0]?.data.length, 992);
	const rest = demuxer.push(big.subarray(1000));
	assert.equal(rest.reduce((total, piece) => total + piece.data.length, 0), 100_000 - 992);
});

test('the line splitter joins lines split across chunks and keeps a partial line until its newline', () => {
	const splitter = new LineSplitter();
	assert.deepEqual(splitter.push(Buffer.from('hel')), []);
	assert.deepEqual(
		splitter.push(Buffer.from('lo\nwor')).map(piece => piece.text),
		['hello'],
	);
	assert.deepEqual(
		splitter.push(Buffer.from('ld\r\n\nlast')).map(piece => piece.text),
		['world', ''],
	);
	assert.deepEqual(splitter.end(), [{text: 'last', startsLine: true}]);
	assert.deepEqual(splitter.end(), []);
});

test('the line splitter keeps a multi-byte character split across chunks whole, and marks invalid bytes', () => {
	const splitter = new LineSplitter();
	const euro = Buffer.from('€'); // three bytes
	assert.deepEqual(splitter.push(Buffer.concat([Buffer.from('price: '), euro.subarray(0, 1)])), []);
	assert.deepEqual(splitter.push(euro.subarray(1, 2)), []);
	assert.deepEqual(
		splitter.push(Buffer.concat([euro.subarray(2), Buffer.from('5\nbad \xff byte\n', 'latin1')])).map(piece => piece.text),
		['price: €5', 'bad \uFFFD byte'],
	);
	// A character cut short by the end of its line becomes U+FFFD and does not leak into the next line.
	assert.deepEqual(
		splitter.push(Buffer.concat([euro.subarray(0, 2), Buffer.from('\nnext\n')])).map(piece => piece.text),
		['\uFFFD', 'next'],
	);
});

test('escape sequences and other control bytes pass through untouched', () => {
	const splitter = new LineSplitter();
	const text = '\u001b[31mred\u001b[0m \u001b]0;title\u0007 \u0000';
	assert.deepEqual(splitter.push(Buffer.from(`${text}\n`)).map(piece => piece.text), [text]);
});

test('a line longer than the limit comes out in pieces no longer than the limit, never splitting a character', () => {
	const splitter = new LineSplitter(10);
	const pieces = [
		...splitter.push(Buffer.from('abcdefgh')),
		...splitter.push(Buffer.from('ij€€€klmnopqrstuvwxyz')),
		...splitter.push(Buffer.from('!\nnext\n')),
	];
	for (const piece of pieces) {
		assert.ok(Buffer.byteLength(piece.text) <= 10, piece.text);
		assert.ok(!piece.text.includes('\uFFFD'), piece.text);
	}
	assert.equal(pieces.slice(0, -1).map(piece => piece.text).join(''), 'abcdefghij€€€klmnopqrstuvwxyz!');
	assert.deepEqual(
		pieces.map(piece => piece.startsLine),
		pieces.map((_, index) => index === 0 || index === pieces.length - 1),
	);
	assert.deepEqual(pieces.at(-1), {text: 'next', startsLine: true});
});

test('the default limit is 64 KiB and a huge unterminated line does not accumulate', () => {
	const splitter = new LineSplitter();
	const pieces = splitter.push(Buffer.alloc(200 * 1024, 'a'));
	assert.deepEqual(
		pieces.map(piece => piece.text.length),
		[64 * 1024, 64 * 1024, 64 * 1024],
	);
	assert.deepEqual(splitter.end().map(piece => piece.text.length), [8 * 1024]);
});

test('timestamps requested from the engine are read off the start of the line, from its bytes', () => {
	const length = (text: string): number => timestampBytes(Buffer.from(text), 0, Buffer.byteLength(text));
	assert.equal(length('2024-05-01T10:20:30.123456789Z hello world'), '2024-05-01T10:20:30.123456789Z'.length);
	assert.equal(length('2024-05-01T10:20:30+02:00 x'), '2024-05-01T10:20:30+02:00'.length);
	assert.equal(length('2024-05-01T10:20:30-07:00'), '2024-05-01T10:20:30-07:00'.length);
	assert.equal(length('2024-05-01T10:20:30.5Z'), '2024-05-01T10:20:30.5Z'.length);
	assert.equal(length('2024-05-01T10:20:30Z'), '2024-05-01T10:20:30Z'.length);
	for (const text of ['no timestamp here', '2024-05-01T10:20:30', '2024-05-01T10:20:30.Z x', '2024-05-01 10:20:30Z x', '2024-05-01T10:20:30+02 x', '2024-05-01T10:2a:30Z x', '€024-05-01T10:20:30Z']) {
		assert.equal(length(text), 0, text);
	}
	// Within a larger buffer, from `start` and no further than `end`.
	const line = Buffer.from('xx2024-05-01T10:20:30Zyy');
	assert.equal(timestampBytes(line, 2, 22), 20);
	assert.equal(timestampBytes(line, 2, 21), 0);
});

test('the log decoder hands its lines on as bytes, and the same lines decoded', () => {
	const bytes = Buffer.concat([frame(1, '2024-05-01T10:00:00.1Z one\n2024-05-01T10:00:00.2Z\nno time \u00e9\r\n'), frame(2, '2024-05-01T10:00:00.3Z  two spaces\n')]);
	const batch = new LogDecoder({multiplexed: true, timestamps: true}).pushBytes(bytes);
	assert.equal(batch.length, 4);
	const ranges = Array.from({length: batch.length}, (_, index) => [
		batch.stderr[index] === 1,
		batch.data[index]!.toString('utf8', batch.starts[index], batch.timeEnds[index]),
		batch.data[index]!.toString('utf8', batch.textStarts[index], batch.ends[index]),
	]);
	assert.deepEqual(ranges, [
		[false, '2024-05-01T10:00:00.1Z', 'one'],
		[false, '2024-05-01T10:00:00.2Z', ''],
		[false, '', 'no time \u00e9'],
		[true, '2024-05-01T10:00:00.3Z', ' two spaces'],
	]);
	assert.deepEqual(batch.lines(), [
		{stream: 'stdout', text: 'one', timestamp: '2024-05-01T10:00:00.1Z'},
		{stream: 'stdout', text: '', timestamp: '2024-05-01T10:00:00.2Z'},
		{stream: 'stdout', text: 'no time \u00e9'},
		{stream: 'stderr', text: ' two spaces', timestamp: '2024-05-01T10:00:00.3Z'},
	]);
	assert.equal(new LogDecoder({multiplexed: true, timestamps: true}).pushBytes(Buffer.alloc(0)).length, 0);
});

test('a decoder fills its one batch again for each chunk, past the room it started with, and lets go of the chunks', () => {
	const decoder = new LogDecoder({multiplexed: true, timestamps: true});
	const texts = Array.from({length: 700}, (_, index) => `line ${index}`);
	const many = decoder.pushBytes(frame(2, texts.map(text => `2024-05-01T10:00:00Z ${text}\n`).join('')));
	assert.equal(many.length, 700);
	assert.deepEqual(
		many.lines().map(line => [line.stream, line.text, line.timestamp]),
		texts.map(text => ['stderr', text, '2024-05-01T10:00:00Z']),
	);
	const next = decoder.pushBytes(frame(1, 'one\ntwo'));
	assert.equal(next, many);
	assert.deepEqual(next.lines(), [{stream: 'stdout', text: 'one'}]);
	assert.ok(next.data.slice(1).every(data => data === undefined), 'no chunk is held past the lines');
	assert.deepEqual(decoder.endBytes().lines(), [{stream: 'stdout', text: 'two'}]);
});

test('the log decoder demultiplexes, splits per stream and parses timestamps', () => {
	const decoder = new LogDecoder({multiplexed: true, timestamps: true});
	const bytes = Buffer.concat([
		frame(1, '2024-05-01T10:00:00.000000001Z first '),
		frame(2, '2024-05-01T10:00:00.000000002Z oops\n'),
		frame(1, 'half\n2024-05-01T10:00:00.000000003Z second\n'),
		frame(1, '2024-05-01T10:00:00.000000004Z unterminated'),
	]);
	const lines = [...decoder.push(bytes.subarray(0, 20)), ...decoder.push(bytes.subarray(20)), ...decoder.end()];
	assert.deepEqual(lines, [
		{stream: 'stderr', text: 'oops', timestamp: '2024-05-01T10:00:00.000000002Z'},
		{stream: 'stdout', text: 'first half', timestamp: '2024-05-01T10:00:00.000000001Z'},
		{stream: 'stdout', text: 'second', timestamp: '2024-05-01T10:00:00.000000003Z'},
		{stream: 'stdout', text: 'unterminated', timestamp: '2024-05-01T10:00:00.000000004Z'},
	]);
});

test('a TTY log stream is raw stdout, and without timestamps nothing is parsed off the line', () => {
	const decoder = new LogDecoder({multiplexed: false, timestamps: false});
	assert.deepEqual(decoder.push(Buffer.from('2024-05-01T10:00:00Z is text\r\n\u0001\u0000\n')), [
		{stream: 'stdout', text: '2024-05-01T10:00:00Z is text'},
		{stream: 'stdout', text: '\u0001\u0000'},
	]);
});
