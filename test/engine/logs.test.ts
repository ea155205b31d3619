import assert from 'node:assert/strict';
import type {Readable} from 'node:stream';
import {after, before, test} from 'node:test';
import type Docker from 'dockerode';
import type {LogLine, LogOptions} from '../../source/engine/types.js';
import {openLogStream, PlainStreamError} from '../../source/engine/plain-stream.js';
import {cleanUp, createContainer, docker, engine, idle, requireEngine, waitFor} from './helpers.js';

const rfc3339Nano = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/;
const all: LogOptions = {tail: -1, timestamps: false, follow: false};

let plain: Docker.Container;
let tty: Docker.Container;

before(async () => {
	await requireEngine();
	[plain, tty] = await Promise.all([
		createContainer({
			hint: 'logs-plain',
			Cmd: ['sh', '-c', 'echo out-1; echo err-1 >&2; echo out-2; printf "bad \\377 byte\\n"; printf "\\033]0;pwned\\007\\033[31mred\\033[0m\\n"'],
		}),
		createContainer({
			hint: 'logs-tty',
			Tty: true,
			Cmd: ['sh', '-c', 'echo tty-out; echo tty-err >&2; printf "\\033[1mbold\\033[0m\\n"'],
		}),
	]);
	await Promise.all([plain.wait(), tty.wait()]);
});

after(cleanUp);

/** Collects a finished (not followed) log read. */
function readLogs(id: string, options: LogOptions): Promise<LogLine[]> {
	return new Promise((resolve, reject) => {
		const lines: LogLine[] = [];
		engine.streamLogs(id, options, {
			onLines: batch => lines.push(...batch),
			onError: message => reject(new Error(message)),
			onEnd: () => resolve(lines),
		});
	});
}

/** Runs a command in the container and waits for it to finish. */
async function run(container: Docker.Container, command: string[]): Promise<void> {
	const exec = await container.exec({Cmd: command, AttachStdout: true, AttachStderr: true});
	const output = (await exec.start({})) as Readable;
	output.resume();
	await new Promise(resolve => output.on('end', resolve));
}

/** Writes to the main process's stdout, as if the container had printed it. */
function print(container: Docker.Container, text: string): Promise<void> {
	return run(container, ['sh', '-c', 'printf "%s" "$1" > /proc/1/fd/1', 'print', text]);
}

test('stdout and stderr are demultiplexed and marked, with control bytes untouched', async () => {
	const lines = await readLogs(plain.id, all);
	assert.deepEqual(
		lines.filter(line => line.stream === 'stdout'),
		[
			{stream: 'stdout', text: 'out-1'},
			{stream: 'stdout', text: 'out-2'},
			{stream: 'stdout', text: 'bad \uFFFD byte'},
			{stream: 'stdout', text: '\u001b]0;pwned\u0007\u001b[31mred\u001b[0m'},
		],
	);
	assert.deepEqual(
		lines.filter(line => line.stream === 'stderr'),
		[{stream: 'stderr', text: 'err-1'}],
	);
});

test('tail limits the lines to the last ones', async () => {
	// stdout and stderr reach the log through separate pipes, so compare with the logged order.
	const everything = await readLogs(plain.id, all);
	const lastTwo = await readLogs(plain.id, {...all, tail: 2});
	assert.equal(everything.length, 5);
	assert.deepEqual(lastTwo, everything.slice(-2));
});

test('timestamps are split off into their own field', async () => {
	const lines = await readLogs(plain.id, {...all, timestamps: true});
	assert.equal(lines.length, 5);
	for (const line of lines) {
		assert.match(line.timestamp ?? '', rfc3339Nano);
		assert.ok(!line.text.startsWith('20'), line.text);
	}
	assert.deepEqual(
		lines.filter(line => line.stream === 'stdout').slice(0, 2).map(line => line.text),
		['out-1', 'out-2'],
	);
});

test('a TTY container gives one raw stream: everything is stdout, without carriage returns', async () => {
	const lines = await readLogs(tty.id, all);
	assert.deepEqual(lines, [
		{stream: 'stdout', text: 'tty-out'},
		{stream: 'stdout', text: 'tty-err'},
		{stream: 'stdout', text: '\u001b[1mbold\u001b[0m'},
	]);
	const stamped = await readLogs(tty.id, {...all, timestamps: true, tail: 1});
	assert.equal(stamped.length, 1);
	assert.equal(stamped[0]?.text, '\u001b[1mbold\u001b[0m');
	assert.match(stamped[0]?.timestamp ?? '', rfc3339Nano);
});

for (const withTty of [false, true]) {
	test(`follow delivers new lines as they are written (${withTty ? 'TTY' : 'no TTY'})`, async () => {
		const container = await createContainer({hint: 'logs-follow', Cmd: idle, Tty: withTty});
		const lines: LogLine[] = [];
		let ended = false;
		const errors: string[] = [];
		const subscription = engine.streamLogs(
			container.id,
			{tail: -1, timestamps: false, follow: true},
			{
				onLines: batch => lines.push(...batch),
				onError: message => errors.push(message),
				onEnd: () => {
					ended = true;
				},
			},
		);
		try {
			// The stream may still be opening; with the whole log requested, this line arrives either way.
			await print(container, 'first\n');
			await waitFor('the first line', () => (lines.length >= 1 ? true : undefined));
			await print(container, 'split-');
			await print(container, 'across-');
			await print(container, 'writes\n');
			const long = 'x'.repeat(40_000);
			await print(container, `${long}\n`);
			await waitFor('the long line', () => (lines.some(line => line.text.startsWith('xxx')) ? true : undefined));
			assert.deepEqual(
				lines.map(line => line.text),
				['first', 'split-across-writes', long],
			);
			assert.ok(lines.every(line => line.stream === 'stdout'));

			subscription.stop();
			await print(container, 'after stop\n');
			await new Promise(resolve => setTimeout(resolve, 300));
			assert.equal(lines.length, 3);
			assert.equal(ended, false);
			assert.deepEqual(errors, []);
		} finally {
			subscription.stop();
		}
	});
}

test('many open streams do not hold up each other or other requests', async () => {
	const container = await createContainer({hint: 'logs-many', Cmd: idle});
	const received = new Set<number>();
	const subscriptions = Array.from({length: 16}, (_, index) =>
		engine.streamLogs(
			container.id,
			{tail: -1, timestamps: false, follow: true},
			{
				onLines: () => received.add(index),
				onError: message => assert.fail(message),
				onEnd: () => assert.fail('a followed stream ended'),
			},
		),
	);
	try {
		assert.equal((await engine.listContainers([container.id])).length, 1);
		await print(container, 'to everyone\n');
		await waitFor('a line on every stream', () => (received.size === subscriptions.length ? true : undefined));
	} finally {
		for (const subscription of subscriptions) {
			subscription.stop();
		}
	}
});

test('a followed stream ends when the container stops; an unterminated last line is kept', async () => {
	const container = await createContainer({
		hint: 'logs-end',
		Cmd: ['sh', '-c', 'read line; echo "got $line"; printf "no newline"'],
		OpenStdin: true,
	});
	const lines: LogLine[] = [];
	const ended = new Promise<void>((resolve, reject) => {
		engine.streamLogs(
			container.id,
			{tail: -1, timestamps: false, follow: true},
			{onLines: batch => lines.push(...batch), onError: message => reject(new Error(message)), onEnd: resolve},
		);
	});
	const stdin = (await container.attach({stream: true, stdin: true, hijack: true})) as NodeJS.ReadWriteStream;
	stdin.write('go\n');
	await ended;
	stdin.end();
	// The engine may close a followed stream before it has logged the final unterminated line,
	// so that line is checked in a plain read.
	assert.equal(lines[0]?.text, 'got go');
	assert.deepEqual(
		(await readLogs(container.id, all)).map(line => line.text),
		['got go', 'no newline'],
	);
});

test("logs of a container that does not exist report the engine's reason", async () => {
	const message = await new Promise<string>((resolve, reject) => {
		engine.streamLogs('berth-no-such-container', all, {
			onLines: () => reject(new Error('no lines expected')),
			onError: resolve,
			onEnd: () => reject(new Error('no end expected')),
		});
	});
	assert.equal(message, 'No such container: berth-no-such-container');
});

test('log streams are asked in HTTP/1.0, so the body comes as plain bytes; a refusal carries the engine\'s status and reason', async () => {
	const opened = await openLogStream(docker, `/containers/${plain.id}/logs?`, {stdout: true, stderr: true, follow: false}, new AbortController().signal);
	const chunks: Buffer[] = [];
	for await (const chunk of opened) {
		chunks.push(chunk as Buffer);
	}
	const body = Buffer.concat(chunks);
	// Frames of the multiplexed stream from the first byte to the last: no chunk sizes between them.
	const frames: Array<[number, string]> = [];
	for (let at = 0; at < body.length; at += 8 + body.readUInt32BE(at + 4)) {
		assert.deepEqual([...body.subarray(at + 1, at + 4)], [0, 0, 0]);
		frames.push([body[at]!, body.subarray(at + 8, at + 8 + body.readUInt32BE(at + 4)).toString()]);
	}
	assert.deepEqual(
		frames.filter(([stream]) => stream === 1).map(([, text]) => text).slice(0, 2),
		['out-1\n', 'out-2\n'],
	);
	assert.deepEqual(
		frames.filter(([stream]) => stream === 2).map(([, text]) => text),
		['err-1\n'],
	);

	const refused = await openLogStream(docker, '/containers/berth-no-such-container/logs?', {stdout: true}, new AbortController().signal).then(
		() => undefined,
		(error: unknown) => error,
	);
	assert.ok(refused instanceof PlainStreamError, String(refused));
	assert.equal(refused.statusCode, 404);
	assert.match((refused.json as {message: string}).message, /no such container/i);

	const controller = new AbortController();
	const following = await openLogStream(docker, `/containers/${plain.id}/logs?`, {stdout: true, follow: true}, controller.signal);
	const closed = new Promise(resolve => following.on('close', resolve));
	controller.abort();
	await closed;
});

test('a followed flood comes in reads of many lines rather than about one each', async () => {
	const flood = await createContainer({hint: 'logs-flood', Cmd: ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo "flood line $i"; done']});
	const controller = new AbortController();
	const opened = await openLogStream(docker, `/containers/${flood.id}/logs?`, {stdout: true, follow: true, tail: 0}, controller.signal);
	let reads = 0;
	let frames = 0;
	let partial = Buffer.alloc(0);
	opened.on('data', (chunk: Buffer) => {
		reads++;
		let data = Buffer.concat([partial, chunk]);
		while (data.length >= 8 && data.length >= 8 + data.readUInt32BE(4)) {
			data = data.subarray(8 + data.readUInt32BE(4));
			frames++;
		}
		partial = data;
	});
	await waitFor('twenty thousand lines followed', () => (frames >= 20_000 ? true : undefined), 30_000);
	controller.abort();
	// Taken as they came, the engine's writes made a read for every eight lines or so.
	assert.ok(reads < frames / 25, `${reads} reads for ${frames} lines`);
	await flood.remove({force: true});
});

test('a store that keeps bytes gets every line as bytes, not decoded', async () => {
	const burst = await createContainer({hint: 'logs-burst', Cmd: ['sh', '-c', 'i=0; while [ $i -lt 5000 ]; do i=$((i+1)); echo "burst line $i"; done']});
	await burst.wait();
	const received: string[] = [];
	await new Promise<void>((resolve, reject) => {
		engine.streamLogs(burst.id, {tail: -1, timestamps: true, follow: false}, {
			onLines: () => reject(new Error('a store that takes bytes gets no decoded lines')),
			onBytes(batch) {
				for (const line of batch.lines()) {
					assert.match(line.timestamp ?? '', rfc3339Nano);
					received.push(line.text);
				}
			},
			onError: message => reject(new Error(message)),
			onEnd: resolve,
		});
	});
	assert.equal(received.length, 5000);
	assert.deepEqual([received[0], received[4999]], ['burst line 1', 'burst line 5000']);
});
