// The built CLI against several real engines through a docker context store in a temporary HOME:
// it starts on a context whose engine does not exist (the unreachable screen), then switches
// live to a private dockerd, a dockerd over tcp with TLS, the shared engine over ssh, podman's API
// service, and the shared engine on its socket, closing the streams of each engine it leaves.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {copyFile, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {promisify} from 'node:util';
import {writeConfig, writeContext} from '../support/contexts.js';
import {createTestContainer, removeTestObjects, requireEngine, startPrivateEngine, uniqueName, type PrivateEngine} from '../support/engine.js';
import {startPodman, type PodmanService} from '../support/podman.js';
import {startSshd, type TestSshd} from '../support/sshd.js';
import type {Terminal} from '../support/terminal.js';
import {startTlsEngine, type TlsEngine} from '../support/tls-engine.js';
import {launch} from './berth.js';

const execFileAsync = promisify(execFile);

let home: string;
let engine: PrivateEngine;
let tls: TlsEngine;
let sshd: TestSshd;
let podman: PodmanService;
let terminal: Terminal | undefined;
const missingSocket = path.join(tmpdir(), `berth-no-engine-${process.pid}.sock`);

before(async () => {
	const shared = await requireEngine();
	engine = await startPrivateEngine();
	home = await mkdtemp(path.join(tmpdir(), 'berth-e2e-engines-'));
	const configDir = path.join(home, '.docker');
	writeContext(configDir, 'private', `unix://${engine.socket}`, {description: 'a second dockerd'});
	writeContext(configDir, 'gone', `unix://${missingSocket}`);
	writeConfig(configDir, {currentContext: 'gone'});
	void shared;

	tls = await startTlsEngine();
	const certificates = Object.fromEntries(
		await Promise.all((['ca', 'cert', 'key'] as const).map(async file => [file, await readFile(path.join(tls.certPath, `${file}.pem`))] as const)),
	);
	writeContext(configDir, 'tls', `tcp://${tls.host}:${tls.port}`, {tls: certificates});

	// The shared engine again, reached as docker's ssh scheme does; the host's key is known.
	sshd = await startSshd();
	const sshDirectory = path.join(home, '.ssh');
	await mkdir(sshDirectory, {mode: 0o700});
	await copyFile(sshd.clientKey, path.join(sshDirectory, 'id_ed25519'));
	await writeFile(path.join(sshDirectory, 'known_hosts'), `${sshd.knownHostsLine}\n`);
	writeContext(configDir, 'ssh', `ssh://root@127.0.0.1:${sshd.port}`);

	podman = await startPodman();
	writeContext(configDir, 'podman', podman.host, {description: 'podman system service'});
});

after(async () => {
	await terminal?.kill();
	await removeTestObjects(await requireEngine());
	await engine?.dispose();
	await tls?.dispose();
	await sshd?.stop();
	await podman?.dispose();
	await rm(home, {recursive: true, force: true});
});

/** How many connections process `pid` holds open to the unix socket at `socketPath`. */
async function connectionsTo(pid: number, socketPath: string): Promise<number> {
	const inodes = new Set<string>();
	for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
		const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
		const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
		if (inode) {
			inodes.add(inode);
		}
	}
	// The server's end of each connection names the socket's path and the inode of its peer.
	const {stdout} = await execFileAsync('ss', ['-xn']);
	let count = 0;
	for (const line of stdout.split('\n')) {
		const fields = line.trim().split(/\s+/);
		if (fields[4] === socketPath && inodes.has(fields[7] ?? '')) {
			count++;
		}
	}
	return count;
}

/** Opens the switcher, picks `name` by typing it, and waits for `shown` and the status bar naming it. */
async function switchTo(name: string, shown: string, status: RegExp): Promise<string> {
	assert.ok(terminal);
	await terminal.type('@');
	await terminal.waitFor('Switch to which engine?');
	await terminal.type(name);
	await terminal.sendKeys('Enter');
	await terminal.waitFor(shown, 20_000);
	return terminal.waitFor(status);
}

test('berth starts on an unreachable context, says where and why, then switches live between real engines', {timeout: 180_000}, async () => {
	const onPrivate = uniqueName('berth-on-private');
	await createTestContainer(engine.docker, {name: onPrivate});
	const onTls = uniqueName('berth-on-tls');
	await createTestContainer(tls.engine.docker, {name: onTls});
	const onPodman = uniqueName('berth-on-podman');
	await createTestContainer(podman.docker, {name: onPodman});
	const onShared = uniqueName('berth-on-shared');
	await createTestContainer(await requireEngine(), {name: onShared});

	terminal = await launch({env: {HOME: home, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: undefined, SSH_AUTH_SOCK: undefined}, ready: 'Cannot reach the Docker engine'});
	let screen = await terminal.waitFor(/reason .*no such socket/);
	assert.match(screen, new RegExp(`endpoint\\s+context gone \\(unix://${missingSocket.replaceAll('.', '\\.')}\\)`));
	assert.match(screen, /to try\s+is the Docker daemon running\?/);
	assert.match(screen, /r try again now\s+@ switch to another engine/);

	// Every context is listed with its endpoint, and each is tried: all answer but the one in use.
	await terminal.type('@');
	screen = await terminal.waitFor(s => ['default', 'podman', 'private', 'ssh', 'tls'].every(name => new RegExp(`${name} .*answers`).test(s)), 20_000);
	assert.match(screen, /● gone\s+unix:\/\/\S+\s+in use · .*no such socket/);
	assert.match(screen, /default\s+unix:\/\/\/var\/run\/docker\.sock\s+answers \(the local engine\)/);
	assert.match(screen, new RegExp(`private\\s+unix://${engine.socket.replaceAll('.', '\\.')}\\s+answers \\(a second dockerd\\)`));
	assert.match(screen, new RegExp(`tls\\s+tcp://${tls.host.replaceAll('.', '\\.')}:${tls.port}\\s+answers`));
	assert.match(screen, new RegExp(`ssh\\s+ssh://root@127\\.0\\.0\\.1:${sshd.port}\\s+answers`));
	await terminal.sendKeys('Escape');

	screen = await switchTo('private', onPrivate, /● context private \(unix:\/\//);
	assert.ok(!screen.includes(onShared), 'only the private engine\'s containers are listed');
	const pid = await terminal.pid();
	assert.ok((await connectionsTo(pid, engine.socket)) > 0, 'berth streams from the private engine');

	screen = await switchTo('tls', onTls, /● context tls \(tcp:\/\//);
	assert.ok(!screen.includes(onPrivate), 'the private engine\'s containers are gone from the list');
	// Every stream of the engine left is closed: events, stats and logs.
	const deadline = Date.now() + 5000;
	while ((await connectionsTo(pid, engine.socket)) > 0 && Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	assert.equal(await connectionsTo(pid, engine.socket), 0, 'no connection to the private engine is left open');

	screen = await switchTo('ssh', onShared, /● context ssh \(ssh:\/\/root@127\.0\.0\.1:\d+\)/);
	assert.ok(!screen.includes(onTls));
	assert.ok((await sshd.connections()) > 0, 'berth holds an ssh connection');

	screen = await switchTo('podman', onPodman, /● context podman \(unix:\/\/.*│ podman \d/);
	assert.ok(!screen.includes(onShared));

	await switchTo('default', onShared, /● unix:\/\/\/var\/run\/docker\.sock/);
	const sshDeadline = Date.now() + 5000;
	while ((await sshd.connections()) > 0 && Date.now() < sshDeadline) {
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	assert.equal(await sshd.connections(), 0, 'the ssh connection is closed once berth left that engine');
	assert.equal(await terminal.exited(), false);
});
