// The engine over ssh://, as the docker CLI does it: a real sshd on loopback runs the real
// `docker system dial-stdio` against the local engine. The client side reads a temp HOME's
// ~/.ssh (config, known_hosts, keys), so each test sets up exactly the OpenSSH files it needs.
import assert from 'node:assert/strict';
import {execFile, spawn} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {promisify} from 'node:util';
import {createEngine, resolveEndpoint} from '../../source/engine/connect.js';
import type {Engine, EngineEvent, StatsSample} from '../../source/engine/types.js';
import {freePort} from '../support/registry.js';
import {noDockerUser, startSshd, type TestSshd} from '../support/sshd.js';
import {cleanUp, createContainer, docker, fakeTerminal, idle, requireEngine, waitFor} from './helpers.js';

const run = promisify(execFile);
const homes = mkdtempSync(path.join(os.tmpdir(), 'berth-ssh-homes-'));
const engines: Engine[] = [];
let sshd: TestSshd;
let homeCounter = 0;

interface HomeOptions {
	/** Which key is ~/.ssh/id_ed25519; none leaves it out. */
	key?: 'client' | 'stranger' | 'none';
	/** Whether ~/.ssh/known_hosts holds the server's key (default true). */
	knownHost?: boolean;
	knownHostsText?: string;
	config?: string;
}

/** A HOME whose ~/.ssh holds what the test asks for. */
function makeHome(options: HomeOptions = {}): string {
	homeCounter += 1;
	const home = path.join(homes, `home-${homeCounter}`);
	const sshDirectory = path.join(home, '.ssh');
	mkdirSync(sshDirectory, {recursive: true, mode: 0o700});
	const key = options.key ?? 'client';
	if (key !== 'none') {
		copyFileSync(key === 'client' ? sshd.clientKey : sshd.strangerKey, path.join(sshDirectory, 'id_ed25519'));
	}
	const knownHosts = options.knownHostsText ?? (options.knownHost === false ? '' : `${sshd.knownHostsLine}\n`);
	writeFileSync(path.join(sshDirectory, 'known_hosts'), knownHosts);
	if (options.config !== undefined) {
		writeFileSync(path.join(sshDirectory, 'config'), options.config);
	}
	return home;
}

/** An engine for `host` as seen from `home`, with no agent (the runner's own agent must not help). */
function sshEngine(home: string, host = `ssh://root@127.0.0.1:${sshd.port}`): Engine {
	const engine = createEngine(resolveEndpoint({host, env: {}, homeDir: home}));
	engines.push(engine);
	return engine;
}

function pingFailure(engine: Engine): Promise<string> {
	return engine.ping().then(
		() => assert.fail('ping should have failed'),
		(error: Error) => error.message,
	);
}

function statsStream(engine: Engine, id: string): {samples: StatsSample[]; errors: string[]; stop(): void} {
	const samples: StatsSample[] = [];
	const errors: string[] = [];
	const subscription = engine.streamStats(id, 1000, {
		onSample: sample => samples.push(sample),
		onError: message => errors.push(message),
		onEnd: () => errors.push('ended'),
	});
	return {samples, errors, stop: () => subscription.stop()};
}

before(async () => {
	await requireEngine();
	sshd = await startSshd({noDockerUser: true});
});

after(async () => {
	for (const engine of engines) {
		engine.close();
	}
	await cleanUp();
	await sshd?.stop();
	rmSync(homes, {recursive: true, force: true});
});

test('ping and version over ssh://', async () => {
	const engine = sshEngine(makeHome());
	await engine.ping();
	const version = await engine.version();
	const local = await docker.version();
	assert.equal(version.version, local.Version);
	assert.equal(version.apiVersion, local.ApiVersion);
});

test('containers are listed, including one the test started', async () => {
	const engine = sshEngine(makeHome());
	const container = await createContainer({Cmd: idle, hint: 'ssh-list'});
	const listed = await engine.listContainers();
	const mine = listed.find(summary => summary.id === container.id);
	assert.ok(mine, 'the started container is in the list');
	assert.equal(mine.state, 'running');
});

test('the events stream sees a container start', async () => {
	const engine = sshEngine(makeHome());
	const events: EngineEvent[] = [];
	let connected = false;
	const subscription = engine.watchEvents({
		onEvent: event => events.push(event),
		onState: () => undefined,
		onConnected: () => {
			connected = true;
		},
	});
	try {
		await waitFor('the events stream to connect', () => (connected ? true : undefined));
		const container = await createContainer({Cmd: idle, hint: 'ssh-events'});
		await waitFor('the start event', () =>
			events.find(event => event.type === 'container' && event.action === 'start' && event.id === container.id),
		);
	} finally {
		subscription.stop();
	}
});

test('logs of a container arrive, and a followed log keeps streaming', async () => {
	const engine = sshEngine(makeHome());
	const container = await createContainer({
		Cmd: ['sh', '-c', 'echo hello-over-ssh; trap "exit 0" TERM; while :; do echo tick; sleep 1 & wait $!; done'],
		hint: 'ssh-logs',
	});
	const lines: string[] = [];
	const errors: string[] = [];
	const subscription = engine.streamLogs(
		container.id,
		{tail: -1, timestamps: false, follow: true},
		{onLines: batch => lines.push(...batch.map(line => line.text)), onError: message => errors.push(message), onEnd: () => undefined},
	);
	try {
		await waitFor('the first line', () => (lines.includes('hello-over-ssh') ? true : undefined));
		await waitFor('two ticks', () => (lines.filter(line => line === 'tick').length >= 2 ? true : undefined));
		assert.deepEqual(errors, []);
	} finally {
		subscription.stop();
	}
});

test('an interactive exec session runs over the SSH channel', async () => {
	const engine = sshEngine(makeHome());
	const container = await createContainer({Cmd: idle, hint: 'ssh-exec'});
	const terminal = fakeTerminal();
	const session = await engine.exec(container.id, ['sh'], terminal.io);
	await waitFor('the prompt', () => (terminal.output().includes('# ') ? true : undefined));
	terminal.io.stdin.write('echo over-ssh-$((20+22)); exit 3\n');
	const result = await session.done;
	assert.ok(terminal.output().includes('over-ssh-42'), terminal.output());
	assert.equal(result.exitCode, 3);
});

test('stats of a running container arrive', async () => {
	const engine = sshEngine(makeHome());
	assert.equal(engine.statsSource, 'api');
	const container = await createContainer({Cmd: idle, hint: 'ssh-stats'});
	const stream = statsStream(engine, container.id);
	try {
		await waitFor('two samples', () => (stream.samples.length >= 2 ? true : undefined), 15_000);
		assert.deepEqual(stream.errors, []);
		assert.ok(stream.samples.at(-1)!.memoryUsage > 0);
	} finally {
		stream.stop();
	}
});

test('several long-lived streams share one SSH connection', async () => {
	const engine = sshEngine(makeHome());
	const containers = await Promise.all([1, 2, 3].map(async n => createContainer({Cmd: idle, hint: `ssh-share-${n}`})));
	const before = await sshd.connections();
	let connected = false;
	const events = engine.watchEvents({onEvent: () => undefined, onState: () => undefined, onConnected: () => (connected = true)});
	const streams = containers.map(container => statsStream(engine, container.id));
	try {
		await waitFor('the events stream', () => (connected ? true : undefined));
		await waitFor('a sample on every stream', () => (streams.every(stream => stream.samples.length > 0) ? true : undefined), 15_000);
		await engine.listContainers();
		assert.equal((await sshd.connections()) - before, 1, 'one SSH connection carries all streams');
	} finally {
		events.stop();
		for (const stream of streams) {
			stream.stop();
		}
	}
});

test("more streams than the server's MaxSessions open another SSH connection", async () => {
	// A server allowing 3 channels per connection: berth learns the limit from the refusal.
	const small = await startSshd({maxSessions: 3});
	try {
		const home = makeHome({knownHostsText: `${small.knownHostsLine}\n`});
		copyFileSync(small.clientKey, path.join(home, '.ssh', 'id_ed25519'));
		const engine = sshEngine(home, `ssh://root@127.0.0.1:${small.port}`);
		const container = await createContainer({Cmd: idle, hint: 'ssh-many'});
		const streams = Array.from({length: 7}, () => statsStream(engine, container.id));
		try {
			await waitFor('a sample on all 7 streams', () => (streams.every(stream => stream.samples.length > 0) ? true : undefined), 20_000);
			assert.deepEqual(streams.flatMap(stream => stream.errors), []);
			assert.ok((await small.connections()) >= 3, `7 streams at 3 per connection need 3 connections, sshd has ${await small.connections()}`);
			await engine.ping();
		} finally {
			for (const stream of streams) {
				stream.stop();
			}
			engine.close();
		}
		await waitFor('sshd to have no connections left', async () => ((await small.connections()) === 0 ? true : undefined));
	} finally {
		await small.stop();
	}
});

test('an unknown host key is refused, naming its fingerprint; nothing is written to known_hosts', async () => {
	const home = makeHome({knownHost: false});
	const message = await pingFailure(sshEngine(home));
	assert.match(message, new RegExp(`^SSH to the Docker engine at ssh://root@127\\.0\\.0\\.1:${sshd.port} failed: `));
	assert.ok(message.includes(`the host key of 127.0.0.1:${sshd.port} is not known (ED25519 ${sshd.hostKeyFingerprint})`), message);
	assert.match(message, /known_hosts, e\.g\. with ssh-keyscan/);
	const {stdout} = await run('cat', [path.join(home, '.ssh', 'known_hosts')]);
	assert.equal(stdout, '');
});

test('a changed host key is refused as a possible attack', async () => {
	const other = path.join(homes, 'other-host-key');
	await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
	const {stdout: otherPublic} = await run('cat', [`${other}.pub`]);
	const line = `[127.0.0.1]:${sshd.port} ${otherPublic.split(' ').slice(0, 2).join(' ')}\n`;
	const message = await pingFailure(sshEngine(makeHome({knownHostsText: line})));
	assert.match(message, /host key of 127\.0\.0\.1:\d+ has CHANGED/);
	assert.match(message, /man-in-the-middle/);
	assert.ok(message.includes(sshd.hostKeyFingerprint), message);
});

test('a key the server does not accept is refused, naming the user and the keys tried', async () => {
	const home = makeHome({key: 'stranger'});
	const message = await pingFailure(sshEngine(home));
	assert.match(message, /refused to authenticate user "root"/);
	assert.ok(message.includes(path.join(home, '.ssh', 'id_ed25519')), message);
});

/** A real ssh-agent holding `keys`, for as long as `use` runs. */
async function withAgent(keys: string[], use: (socket: string) => Promise<void>): Promise<void> {
	const socket = path.join(homes, `agent-${homeCounter}.sock`);
	const agent = spawn('ssh-agent', ['-D', '-a', socket], {stdio: 'ignore'});
	try {
		await waitFor('ssh-agent to listen', () => (existsSync(socket) ? true : undefined));
		for (const key of keys) {
			await run('ssh-add', ['-q', key], {env: {...process.env, SSH_AUTH_SOCK: socket}});
		}
		await use(socket);
	} finally {
		agent.kill();
	}
}

test('keys in the agent at SSH_AUTH_SOCK are used', async () => {
	await withAgent([sshd.clientKey], async socket => {
		const home = makeHome({key: 'none'});
		const host = `ssh://root@127.0.0.1:${sshd.port}`;
		const engine = createEngine(resolveEndpoint({host, env: {SSH_AUTH_SOCK: socket}, homeDir: home}));
		engines.push(engine);
		await engine.ping();
	});
});

test('with IdentitiesOnly, agent keys other than the identity files are not offered', async () => {
	await withAgent([sshd.clientKey], async socket => {
		const home = makeHome({key: 'none', config: `Host *\n\tIdentityFile ${sshd.strangerKey}\n\tIdentitiesOnly yes\n`});
		const host = `ssh://root@127.0.0.1:${sshd.port}`;
		const engine = createEngine(resolveEndpoint({host, env: {SSH_AUTH_SOCK: socket}, homeDir: home}));
		engines.push(engine);
		const message = await pingFailure(engine);
		assert.ok(message.includes(`tried the agent at ${socket} (identity files only), ${sshd.strangerKey}`), message);
	});
});

test('a dropped SSH connection is opened again for the next request', async () => {
	const engine = sshEngine(makeHome());
	const before = await sshd.connections();
	await engine.ping();
	assert.equal(await sshd.connections(), before + 1);
	// Kill the sshd process serving this connection, as a network drop or server restart would.
	const {stdout} = await run('ps', ['-o', 'pid=', '--ppid', String(sshd.pid), '--sort=-start_time']);
	const newest = Number(stdout.trim().split(/\s+/)[0]);
	process.kill(newest, 'SIGKILL');
	await waitFor('the connection to drop', async () => ((await sshd.connections()) === before ? true : undefined));
	await engine.ping();
	assert.equal(await sshd.connections(), before + 1);
});

test('a host alias from ~/.ssh/config (HostName, Port, User, IdentityFile) and hashed known_hosts work', async () => {
	const home = makeHome({key: 'none'});
	mkdirSync(path.join(home, 'keys'));
	copyFileSync(sshd.clientKey, path.join(home, 'keys', 'remote'));
	const knownHosts = path.join(home, '.ssh', 'known_hosts');
	await run('ssh-keygen', ['-H', '-f', knownHosts]);
	const config = [
		'Host berth-remote',
		'  HostName 127.0.0.1',
		`  Port ${sshd.port}`,
		'  User root',
		'  IdentityFile ~/keys/remote',
		'  IdentitiesOnly yes',
		'Host *',
		'  User nobody',
		'  Port 1',
		'',
	].join('\n');
	writeFileSync(path.join(home, '.ssh', 'config'), config);
	const engine = sshEngine(home, 'ssh://berth-remote');
	await engine.ping();
	assert.ok((await engine.listContainers()).length > 0);
});

test('a remote without the docker CLI on its PATH says so', async () => {
	const message = await pingFailure(sshEngine(makeHome(), `ssh://${noDockerUser}@127.0.0.1:${sshd.port}`));
	assert.match(message, new RegExp(`${noDockerUser}@127\\.0\\.0\\.1:${sshd.port} has no docker CLI on its PATH`));
	assert.match(message, /docker: not found/);
});

test("an account whose shell prints instead of running the command (nologin) is named with what it printed", async () => {
	// Debian's "nobody" has /usr/sbin/nologin as its shell; sshd accepts the shared authorized key for it.
	const message = await pingFailure(sshEngine(makeHome(), `ssh://nobody@127.0.0.1:${sshd.port}`));
	assert.match(message, /printed "This account is currently not available\." where the engine's HTTP answer belongs/);
});

test('a port where nothing listens is a refused connection', async () => {
	const port = await freePort();
	const message = await pingFailure(sshEngine(makeHome(), `ssh://root@127.0.0.1:${port}`));
	assert.ok(message.includes(`cannot connect to 127.0.0.1:${port}: ECONNREFUSED (connection refused)`), message);
});

test('a server that never answers times out after ConnectTimeout', async () => {
	// Accepts TCP and says nothing, as a wedged host or a wrong port behind a firewall would.
	const accepted = new Set<net.Socket>();
	const silent = net.createServer(socket => accepted.add(socket));
	await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
	const {port} = silent.address() as net.AddressInfo;
	try {
		const home = makeHome({config: 'Host *\n\tConnectTimeout 1\n'});
		const message = await pingFailure(sshEngine(home, `ssh://root@127.0.0.1:${port}`));
		assert.ok(message.includes(`no SSH answer from 127.0.0.1:${port} within 1 s`), message);
	} finally {
		for (const socket of accepted) {
			socket.destroy();
		}
		await new Promise(resolve => silent.close(resolve));
	}
});

test('closing the engine closes the SSH connection, and the process can exit', async () => {
	const before = await sshd.connections();
	const engine = sshEngine(makeHome());
	let connected = false;
	engine.watchEvents({onEvent: () => undefined, onState: () => undefined, onConnected: () => (connected = true)});
	await waitFor('the events stream', () => (connected ? true : undefined));
	assert.equal(await sshd.connections(), before + 1);
	engine.close();
	await waitFor('the connection to be gone from sshd', async () => ((await sshd.connections()) === before ? true : undefined));

	// A separate process that pings, closes and must then exit on its own.
	const script = [
		"import {createEngine, resolveEndpoint} from './source/engine/connect.ts';",
		`const engine = createEngine(resolveEndpoint({host: 'ssh://root@127.0.0.1:${sshd.port}', env: {}, homeDir: ${JSON.stringify(makeHome())}}));`,
		'await engine.ping();',
		'await engine.listContainers();',
		'engine.close();',
	].join('\n');
	const started = Date.now();
	await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {cwd: path.resolve(import.meta.dirname, '../..'), timeout: 20_000});
	assert.ok(Date.now() - started < 15_000, 'the process exited soon after close()');
});
