import assert from 'node:assert/strict';
import {Duplex, PassThrough} from 'node:stream';
import {test} from 'node:test';
import {DetachKeyDetector, handOverTerminal} from '../../source/engine/interactive.js';
import type {InteractiveIo} from '../../source/engine/types.js';

test('Ctrl-P Ctrl-Q is found within a chunk and across chunks; a lone Ctrl-P is passed on', () => {
	const detector = new DetachKeyDetector();
	assert.deepEqual(detector.push(Buffer.from('ab\x10\x11cd')), {forward: Buffer.from('ab'), detach: true});
	const split = new DetachKeyDetector();
	assert.deepEqual(split.push(Buffer.from('ls\x10')), {forward: Buffer.from('ls'), detach: false});
	assert.deepEqual(split.push(Buffer.from('\x11')), {forward: Buffer.alloc(0), detach: true});
	const lone = new DetachKeyDetector();
	assert.deepEqual(lone.push(Buffer.from('\x10')), {forward: Buffer.alloc(0), detach: false});
	assert.deepEqual(lone.push(Buffer.from('x')), {forward: Buffer.from('\x10x'), detach: false});
	assert.deepEqual(lone.push(Buffer.from('\x10p\x11')), {forward: Buffer.from('\x10p\x11'), detach: false});
});

/** A terminal stand-in that records how it was used. */
function fakeTerminal(): {io: InteractiveIo; rawModes: boolean[]; output: () => string} {
	const rawModes: boolean[] = [];
	const stdin = Object.assign(new PassThrough(), {
		isTTY: true,
		isRaw: false,
		setRawMode(mode: boolean) {
			rawModes.push(mode);
			stdin.isRaw = mode;
			return stdin;
		},
	});
	let written = '';
	const stdout = Object.assign(new PassThrough(), {isTTY: true, columns: 100, rows: 30});
	stdout.on('data', (chunk: Buffer) => {
		written += chunk.toString();
	});
	return {
		io: {stdin, stdout} as unknown as InteractiveIo,
		rawModes,
		output: () => written,
	};
}

/** Both ends of an in-memory connection: what the session writes arrives in `sent`. */
function fakeConnection(): {socket: Duplex; sent: Buffer[]; reply: (data: string | null) => void} {
	const sent: Buffer[] = [];
	const socket = new Duplex({
		read() {},
		write(chunk: Buffer, _encoding, callback) {
			sent.push(chunk);
			callback();
		},
	});
	return {socket, sent, reply: data => socket.push(data)};
}

test('the hand-over forwards input and output and resizes, then gives everything back', async () => {
	const terminal = fakeTerminal();
	const connection = fakeConnection();
	const sizes: Array<{h: number; w: number}> = [];
	const session = handOverTerminal({
		socket: connection.socket,
		io: terminal.io,
		multiplexed: false,
		forwardInput: true,
		detachKeys: false,
		resize: async size => {
			sizes.push(size);
		},
		outcome: async () => ({detached: false, exitCode: 7}),
	});
	assert.deepEqual(terminal.rawModes, [true]);
	terminal.io.stdin.write('ls\n');
	connection.reply('file\r\n');
	Object.assign(terminal.io.stdout, {rows: 40, columns: 120});
	terminal.io.stdout.emit('resize');
	await new Promise(resolve => setImmediate(resolve));
	assert.equal(Buffer.concat(connection.sent).toString(), 'ls\n');
	assert.equal(terminal.output(), 'file\r\n');
	assert.deepEqual(sizes, [{h: 30, w: 100}, {h: 40, w: 120}]);

	connection.reply(null);
	assert.deepEqual(await session.done, {detached: false, exitCode: 7});
	assert.deepEqual(terminal.rawModes, [true, false]);
	assert.equal(terminal.io.stdin.listenerCount('data'), 0);
	assert.equal(terminal.io.stdout.listenerCount('resize'), 0);
	assert.equal(terminal.io.stdin.isPaused(), true);
});

test('detaching does not send the keys, closes the connection and says so', async () => {
	const terminal = fakeTerminal();
	const connection = fakeConnection();
	const session = handOverTerminal({
		socket: connection.socket,
		io: terminal.io,
		multiplexed: true,
		forwardInput: true,
		detachKeys: true,
		outcome: async ({detached}) => ({detached}),
	});
	const frame = Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 4]), Buffer.from('err\n')]);
	connection.socket.push(frame);
	terminal.io.stdin.write('a\x10');
	terminal.io.stdin.write('\x11b');
	assert.deepEqual(await session.done, {detached: true});
	assert.equal(Buffer.concat(connection.sent).toString(), 'a');
	assert.equal(terminal.output(), 'err\n');
	assert.equal(connection.socket.destroyed, true);
});

test('abort closes the connection and reports it to the outcome', async () => {
	const terminal = fakeTerminal();
	const connection = fakeConnection();
	const session = handOverTerminal({
		socket: connection.socket,
		io: terminal.io,
		multiplexed: false,
		forwardInput: false,
		detachKeys: true,
		outcome: async ending => ({detached: ending.detached, exitCode: ending.aborted ? 129 : 0}),
	});
	terminal.io.stdin.write('ignored');
	session.abort();
	assert.deepEqual(await session.done, {detached: false, exitCode: 129});
	assert.deepEqual(connection.sent, []);
});
