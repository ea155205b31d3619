// Why an engine cannot be reached, in plain words, from real failures: a missing socket, a socket
// nobody serves, a socket this user may not open, a closed port, a host name that does not resolve.
// (TLS failures are in tls.test.ts, against a real TLS engine.)
import assert from 'node:assert/strict';
import {execFile, spawn} from 'node:child_process';
import {once} from 'node:events';
import {chmod, mkdtemp, rm, stat} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {after, before, test} from 'node:test';
import {createEngine, resolveEndpoint} from '../../source/engine/connect.js';
import {unreachableDetails, type Unreachable} from '../../source/engine/errors.js';
import type {Engine} from '../../source/engine/types.js';
import {freePort} from '../support/registry.js';

const run = promisify(execFile);
const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let directory: string;
const engines: Engine[] = [];
const servers: net.Server[] = [];

before(async () => {
	directory = await mkdtemp(path.join(os.tmpdir(), 'berth-unreachable-'));
	// Other users may pass through, so that a refusal comes from the socket's own mode.
	await chmod(directory, 0o755);
});

after(async () => {
	for (const engine of engines) {
		engine.close();
	}
	await Promise.all(servers.map(async server => new Promise(resolve => server.close(resolve))));
	await rm(directory, {recursive: true, force: true});
});

function engineAt(host: string): Engine {
	const engine = createEngine(resolveEndpoint({host, env: {}, homeDir: directory}));
	engines.push(engine);
	return engine;
}

/** The error a ping fails with; fails the test if the ping succeeds. */
async function pingFailure(engine: Engine): Promise<Error> {
	return engine.ping().then(
		() => assert.fail(`${engine.endpoint} answered`),
		(error: unknown) => error as Error,
	);
}

function assertUnreachable(error: Error, details: Unreachable): void {
	assert.equal(error.name, 'EngineError');
	assert.deepEqual(unreachableDetails(error), details);
	assert.equal(error.message, `${details.title}: ${details.reason}${details.hint === undefined ? '' : `; ${details.hint}`}`);
}

test('a socket path that does not exist: is the Docker daemon running?', async () => {
	const socket = path.join(directory, 'missing.sock');
	assertUnreachable(await pingFailure(engineAt(`unix://${socket}`)), {
		title: `cannot connect to the Docker engine at unix://${socket}`,
		reason: 'ENOENT (no such socket)',
		hint: 'is the Docker daemon running?',
	});
});

test('a socket left behind by a daemon that died: connection refused', async () => {
	const socket = path.join(directory, 'stale.sock');
	// A server killed outright leaves its socket file, as a crashed dockerd does.
	const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	await once(child.stdout, 'data');
	child.kill('SIGKILL');
	await once(child, 'exit');
	assert.ok((await stat(socket)).isSocket(), 'the socket file stays after the kill');
	assertUnreachable(await pingFailure(engineAt(`unix://${socket}`)), {
		title: `cannot connect to the Docker engine at unix://${socket}`,
		reason: 'ECONNREFUSED (connection refused)',
		hint: 'is the Docker daemon running?',
	});
});

test('a socket this user may not open: the docker group, or root', async () => {
	const socket = path.join(directory, 'private.sock');
	const server = net.createServer(connection => connection.destroy());
	servers.push(server);
	await new Promise<void>(resolve => server.listen(socket, resolve));
	await chmod(socket, 0o660);
	// Root opens any socket, so the probe runs as nobody, without root's groups.
	const probe = `
		import {createEngine} from './source/engine/connect.js';
		import {unreachableDetails} from './source/engine/errors.js';
		const socket = process.argv.at(-1);
		const engine = createEngine({protocol: 'unix', socketPath: socket, display: 'unix://' + socket});
		try {
			await engine.ping();
			console.log(JSON.stringify({answered: true}));
		} catch (error) {
			console.log(JSON.stringify({message: error.message, details: unreachableDetails(error)}));
		} finally {
			engine.close();
		}
	`;
	const {stdout} = await run(
		'setpriv',
		['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', probe, socket],
		{cwd: repository},
	).catch((error: unknown) => {
		throw new Error(
			`could not run the probe as user nobody (${(error as Error).message}); it needs root and setpriv (util-linux): run the tests as root`,
		);
	});
	const title = `cannot connect to the Docker engine at unix://${socket}`;
	const reason = 'EACCES (permission denied)';
	const hint = 'add your user to the docker group, or run as root';
	assert.deepEqual(JSON.parse(stdout), {message: `${title}: ${reason}; ${hint}`, details: {title, reason, hint}});
});

test('a tcp port nothing listens on: connection refused', async () => {
	const port = await freePort();
	assertUnreachable(await pingFailure(engineAt(`tcp://127.0.0.1:${port}`)), {
		title: `cannot connect to the Docker engine at tcp://127.0.0.1:${port}`,
		reason: 'ECONNREFUSED (connection refused)',
		hint: 'is the Docker daemon running there, and listening on that port?',
	});
});

test('a host name that does not resolve: check the host name', async () => {
	// .invalid never resolves (RFC 2606); without a resolver the lookup fails with EAI_AGAIN instead.
	const error = await pingFailure(engineAt('tcp://berth-no-such-host.invalid:2375'));
	const details = unreachableDetails(error);
	assert.equal(details?.title, 'cannot connect to the Docker engine at tcp://berth-no-such-host.invalid:2375');
	assert.ok(
		(details.reason === 'ENOTFOUND (host not found)' && details.hint === 'check the host name "berth-no-such-host.invalid"') ||
			(details.reason === 'EAI_AGAIN (host name lookup failed)' && details.hint === "check the host name, and this machine's DNS settings"),
		`unexpected: ${error.message}`,
	);
});
