import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterEach, test} from 'node:test';
import {startTerminal, tmuxArgument, type Terminal} from './terminal.js';

const run = promisify(execFile);

let terminals: Terminal[] = [];

async function open(command: string[], env?: Record<string, string | undefined>): Promise<Terminal> {
	const terminal = await startTerminal({cols: 80, rows: 24, command, env});
	terminals.push(terminal);
	return terminal;
}

afterEach(async () => {
	await Promise.all(terminals.map(terminal => terminal.kill()));
	terminals = [];
});

test('tmuxArgument escapes only a final semicolon', () => {
	assert.equal(tmuxArgument('plain'), 'plain');
	assert.equal(tmuxArgument('a;b'), 'a;b');
	assert.equal(tmuxArgument(';'), '\\;');
	assert.equal(tmuxArgument('echo hi;'), 'echo hi\\;');
	assert.equal(tmuxArgument('a\\;'), 'a\\\\;');
	assert.equal(tmuxArgument(''), '');
});

test('types into a program, waits for its output and reads its exit status', async () => {
	const terminal = await open(['sh', '-c', 'printf "name? "; read x; echo "got:$x"; exit 3']);
	await terminal.waitFor('name?');
	assert.equal(await terminal.exited(), false);
	assert.equal(await terminal.exitStatus(), undefined);

	await terminal.type('hello world');
	await terminal.sendKeys('Enter');
	const screen = await terminal.waitFor(/got:hello world/);

	assert.equal(await terminal.waitForExit(), 3);
	assert.equal(await terminal.exited(), true);
	assert.equal(screen.split('\n').length, 24);
	assert.match(await terminal.screen(), /^name\? hello world\ngot:hello world\n/);
});

test('passes argv untouched: spaces, quotes, globs, $ and semicolons', async () => {
	const args = ['a b', "it's", '$HOME', '*', 'x;', ';', '-x', '#{pane_id}'];
	const terminal = await open(['printf', '[%s]\\n', ...args]);
	assert.equal(await terminal.waitForExit(), 0);
	const lines = (await terminal.screen()).split('\n').slice(0, args.length);
	assert.deepEqual(lines, args.map(arg => `[${arg}]`));
});

test('sends key names and literal text that looks like key names', async () => {
	const terminal = await open(['sh', '-c', 'stty -icanon -echo; echo ready; dd bs=1 count=4 2>/dev/null | od -An -c']);
	await terminal.waitFor('ready');
	await terminal.type('Up;');
	await terminal.sendKeys('Escape');
	await terminal.waitFor(/U\s+p\s+;\s+033/);
});

test('C-c interrupts the command, whose status then tells the signal', async () => {
	const terminal = await open(['sleep', '30']);
	await terminal.pid(); // sleep is running: a C-c sent earlier would reach only the wrapper
	await terminal.sendKeys('C-c');
	assert.equal(await terminal.waitForExit(), 128 + 2);
});

test('the command runs without CI in its environment', async () => {
	process.env['CI'] = 'true';
	try {
		const terminal = await open(['sh', '-c', 'echo "ci=${CI-unset} extra=$EXTRA"; sleep 30'], {
			EXTRA: 'yes',
		});
		await terminal.waitFor('ci=unset extra=yes');
	} finally {
		delete process.env['CI'];
	}
});

test('resize changes the terminal size the program sees', async () => {
	const terminal = await open(['sh', '-c', 'stty size; read x; stty size; read x']);
	await terminal.waitFor('24 80');
	await terminal.resize(100, 30);
	await terminal.sendKeys('Enter');
	const screen = await terminal.waitFor('30 100');
	assert.equal(screen.split('\n').length, 30);
});

test('waitFor fails with the screen when it times out', async () => {
	const terminal = await open(['sh', '-c', 'echo still waiting; sleep 30']);
	await terminal.waitFor('still waiting');
	await assert.rejects(terminal.waitFor('never shown', 300), /timed out after 300 ms[^]*still waiting/);
});

test('waitFor fails at once when the command exits without matching', async () => {
	const terminal = await open(['sh', '-c', 'echo bye; exit 1']);
	const started = Date.now();
	await assert.rejects(terminal.waitFor('never shown', 5_000), /exited \(status 1\)[^]*bye/);
	assert.ok(Date.now() - started < 2_000);
});

test('pid() names the command itself', async () => {
	const terminal = await open(['sleep', '30']);
	const pid = await terminal.pid();
	assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /^sleep\0/);
	process.kill(pid, 'SIGTERM');
	assert.equal(await terminal.waitForExit(), 128 + 15);
});

test('kill ends the command and removes the tmux server and its socket', async () => {
	const terminal = await open(['sleep', '30']);
	const pid = await terminal.pid();
	assert.equal(existsSync(terminal.socketPath), true);
	await terminal.kill();
	assert.equal(existsSync(terminal.socketPath), false);
	await assert.rejects(run('tmux', ['-L', terminal.server, 'list-sessions']));
	const deadline = Date.now() + 2_000;
	while (isRunning(pid)) {
		assert.ok(Date.now() < deadline, 'the command outlived kill()');
		await new Promise(resolve => setTimeout(resolve, 20));
	}
});

function isRunning(pid: number): boolean {
	const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
	return stat !== '' && !/\) Z /.test(stat);
}
