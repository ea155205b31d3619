import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';
import {after, before, test} from 'node:test';
import type Docker from 'dockerode';
import {EngineError} from '../../source/engine/types.js';
import {cleanUp, createContainer, engine, fakeTerminal, idle, requireEngine, waitFor} from './helpers.js';

let running: Docker.Container;
let stopped: Docker.Container;

before(async () => {
	await requireEngine();
	[running, stopped] = await Promise.all([
		createContainer({hint: 'shell', Cmd: idle}),
		createContainer({hint: 'stopped', Cmd: idle, start: false}),
	]);
});

after(cleanUp);

async function commands(container: Docker.Container): Promise<string[]> {
	const top = await engine.top(container.id);
	const column = top.titles.indexOf('CMD');
	return top.processes.map(process => process[column] ?? '');
}

test('findShell probes the candidates and returns the first that runs', async () => {
	assert.deepEqual(await engine.findShell(running.id, [['bash'], ['sh']]), ['sh']);
	assert.deepEqual(await engine.findShell(running.id, [['/bin/sh', '-l'], ['bash']]), ['/bin/sh', '-l']);
	assert.equal(await engine.findShell(running.id, [['bash'], ['zsh']]), undefined);
	await assert.rejects(engine.findShell(stopped.id, [['sh']]), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.match(error.message, /is not running/);
		return true;
	});
});

test('exec runs an interactive command with a TTY, forwards the size and returns its exit code', async () => {
	const terminal = fakeTerminal();
	const session = await engine.exec(running.id, ['sh'], terminal.io);
	await waitFor('the prompt', () => (terminal.output().includes('# ') ? true : undefined));
	terminal.io.stdin.write('echo hello-$((1+2)) term=$TERM\n');
	await waitFor('the echo', () => (terminal.output().includes('hello-3') ? true : undefined));
	assert.ok(terminal.output().includes(`term=${process.env['TERM'] || 'xterm-256color'}`));

	Object.assign(terminal.io.stdout, {rows: 30, columns: 100});
	terminal.io.stdout.emit('resize');
	await waitFor('the new size', async () => {
		terminal.io.stdin.write('stty size\n');
		await delay(100);
		return terminal.output().includes('30 100') ? true : undefined;
	});

	terminal.io.stdin.write('exit 3\n');
	assert.deepEqual(await session.done, {detached: false, exitCode: 3});
	assert.equal(terminal.io.stdin.listenerCount('data'), 0);
	assert.equal(terminal.io.stdout.listenerCount('resize'), 0);
});

test('exec in a container that is not running is refused', async () => {
	await assert.rejects(engine.exec(stopped.id, ['sh'], fakeTerminal().io), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.equal(error.statusCode, 409);
		assert.match(error.message, /is not running/);
		return true;
	});
});

test('abort ends an exec session and leaves none of its processes running', async () => {
	const terminal = fakeTerminal();
	const session = await engine.exec(running.id, ['sh'], terminal.io);
	await waitFor('the prompt', () => (terminal.output().includes('# ') ? true : undefined));
	terminal.io.stdin.write('sleep 1000\n');
	await waitFor('the foreground command', async () => ((await commands(running)).includes('sleep 1000') ? true : undefined));
	session.abort();
	const result = await session.done;
	assert.equal(result.detached, false);
	const left = await commands(running);
	assert.ok(!left.includes('sleep 1000'), left.join(' | '));
	assert.ok(!left.includes('sh'), left.join(' | '));
	assert.ok(left.some(command => command.startsWith('sh -c trap')), 'the main process is untouched');
});

test('attach to a TTY container, type into it, then detach with Ctrl-P Ctrl-Q and leave it running', async () => {
	const container = await createContainer({hint: 'attach-tty', Cmd: ['sh'], Tty: true, OpenStdin: true});
	const terminal = fakeTerminal();
	const session = await engine.attach(container.id, terminal.io);
	terminal.io.stdin.write('echo attached-$((2*3))\n');
	await waitFor('the echo', () => (terminal.output().includes('attached-6') ? true : undefined));
	terminal.io.stdin.write('\x10');
	terminal.io.stdin.write('\x11');
	assert.deepEqual(await session.done, {detached: true});
	await delay(300);
	assert.equal((await engine.inspectContainer(container.id)).state.running, true);
});

test('attach without stdin shows demultiplexed output and still detaches on Ctrl-P Ctrl-Q', async () => {
	const container = await createContainer({
		hint: 'attach-plain',
		Cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do echo tick; echo tock >&2; sleep 0.2 & wait $!; done'],
	});
	const terminal = fakeTerminal();
	const session = await engine.attach(container.id, terminal.io);
	await waitFor('output', () => (terminal.output().includes('tick\ntock\n') ? true : undefined));
	assert.ok(!terminal.output().includes('\x01\x00\x00\x00'), 'frame headers are removed');
	terminal.io.stdin.write('\x10\x11');
	assert.deepEqual(await session.done, {detached: true});
	assert.equal((await engine.inspectContainer(container.id)).state.running, true);
});

test('attach ends with the exit code when the main process exits', async () => {
	const container = await createContainer({hint: 'attach-exit', Cmd: ['sh'], Tty: true, OpenStdin: true});
	const terminal = fakeTerminal();
	const session = await engine.attach(container.id, terminal.io);
	terminal.io.stdin.write('exit 5\n');
	assert.deepEqual(await session.done, {detached: false, exitCode: 5});
});

test('attach to a container that is not running is refused', async () => {
	await assert.rejects(engine.attach(stopped.id, fakeTerminal().io), {name: 'EngineError', message: /is not running/});
});
