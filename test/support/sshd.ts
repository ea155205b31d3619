// A real OpenSSH server for the ssh:// tests: Debian's sshd on 127.0.0.1 and a free port, with a
// host key and an authorised client key of its own in a temp directory. Logging in as root runs
// the real `docker system dial-stdio` against the local engine; a second account, whose session
// PATH (set in its ~/.ssh/environment) has no docker CLI, is a remote without docker.
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {freePort} from './registry.js';

const run = promisify(execFile);

const PROVISION_HINT =
	'Run `npm test` as root to provision it (scripts/provision-engine.sh installs it), or install it yourself: apt-get install openssh-server.';

/** The account without docker on its PATH; made by startSshd({noDockerUser: true}) and removed by its stop(). */
export const noDockerUser = `berth-nd${process.pid % 100_000}`;

export interface TestSshd {
	port: number;
	/** The listening sshd; each connection is served by a child of it. */
	pid: number;
	/** `[127.0.0.1]:PORT ssh-ed25519 AAAA...`: the known_hosts line for this server. */
	knownHostsLine: string;
	/** The server's host key fingerprint as ssh-keygen -l prints it (SHA256:...). */
	hostKeyFingerprint: string;
	/** A private key whose public half is authorised for root and the no-docker account. */
	clientKey: string;
	/** A private key the server does not accept. */
	strangerKey: string;
	/** How many connections sshd is serving now (its child processes). */
	connections(): Promise<number>;
	/** sshd's log so far, for failure messages. */
	log(): string;
	/** Stops sshd, removes the no-docker account and the temp directory; safe to call twice. */
	stop(): Promise<void>;
}

/** sshd processes still running if this process exits early. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) {
		child.kill('SIGKILL');
	}
});

async function tool(command: string, args: string[]): Promise<string> {
	try {
		return (await run(command, args)).stdout;
	} catch (error) {
		const failure = error as NodeJS.ErrnoException & {stderr?: string};
		if (failure.code === 'ENOENT') {
			throw new Error(`${command} is not installed. ${PROVISION_HINT}`);
		}
		throw new Error(`${command} ${args.join(' ')} failed: ${failure.stderr?.trim() || failure.message}`);
	}
}

async function keyPair(file: string): Promise<string> {
	await tool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'berth-test', '-f', file]);
	return (await readFile(`${file}.pub`, 'utf8')).trim();
}

function sshdConfig(options: {dir: string; port: number; maxSessions: number}): string {
	return [
		`Port ${options.port}`,
		'ListenAddress 127.0.0.1',
		`HostKey ${join(options.dir, 'host_ed25519')}`,
		`PidFile ${join(options.dir, 'sshd.pid')}`,
		`AuthorizedKeysFile ${join(options.dir, 'authorized_keys')}`,
		// The temp directory belongs to root; the no-docker account only needs to read its files.
		'StrictModes no',
		'PermitRootLogin prohibit-password',
		'UsePAM no',
		'PasswordAuthentication no',
		'KbdInteractiveAuthentication no',
		'PubkeyAuthentication yes',
		// How the no-docker account gets a PATH without docker: ~/.ssh/environment.
		'PermitUserEnvironment PATH',
		`MaxSessions ${options.maxSessions}`,
		'LogLevel VERBOSE',
		'',
	].join('\n');
}

/** Resolves once the port answers with an SSH banner; rejects when sshd exits first. */
async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`sshd exited before it listened: ${log().trim().split('\n').slice(-10).join('\n')}`);
		}
		const banner = await new Promise<string>(resolve => {
			const socket = net.connect(port, '127.0.0.1');
			let text = '';
			socket.setTimeout(1_000, () => socket.destroy());
			socket.on('data', chunk => {
				text += chunk.toString('latin1');
				socket.destroy();
			});
			socket.on('error', () => undefined);
			socket.on('close', () => resolve(text));
		});
		if (banner.startsWith('SSH-2.0-')) {
			return;
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	throw new Error(`sshd did not answer on 127.0.0.1:${port} within 10 s: ${log().trim().split('\n').slice(-10).join('\n')}`);
}

async function childCount(pid: number): Promise<number> {
	let count = 0;
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (fields[1] === String(pid) && fields[0] !== 'Z') {
			count += 1;
		}
	}
	return count;
}

async function createNoDockerUser(dir: string): Promise<void> {
	const home = join(dir, 'nodocker-home');
	await mkdir(join(home, '.ssh'), {recursive: true});
	// A PATH of one empty directory: docker (in /usr/bin, /usr/local/bin here) is not on it.
	await mkdir(join(home, 'bin'));
	await writeFile(join(home, '.ssh', 'environment'), `PATH=${join(home, 'bin')}\n`);
	await run('userdel', [noDockerUser]).catch(() => undefined);
	await tool('useradd', ['--system', '--no-create-home', '--home-dir', home, '--shell', '/bin/sh', noDockerUser]);
	// sshd refuses locked accounts ("!" password) when PAM is off; "*" is "no password", not locked.
	await tool('usermod', ['-p', '*', noDockerUser]);
	const {stdout} = await run('id', ['-u', noDockerUser]);
	const uid = Number(stdout.trim());
	for (const path of [home, join(home, 'bin'), join(home, '.ssh'), join(home, '.ssh', 'environment')]) {
		await chown(path, uid, uid);
	}
}

/**
 * Starts sshd; fails, saying how to get it, when it cannot. `maxSessions` is sshd's MaxSessions;
 * `noDockerUser` creates that account (one sshd per process may).
 */
export async function startSshd(options: {maxSessions?: number; noDockerUser?: boolean} = {}): Promise<TestSshd> {
	const dir = await mkdtemp(join(tmpdir(), 'berth-sshd-'));
	// sshd reads authorized_keys and ~/.ssh/environment as the user logging in.
	await chmod(dir, 0o755);
	let userCreated = false;
	try {
		// The privilege separation directory; Debian's service unit usually makes it.
		await mkdir('/run/sshd', {recursive: true, mode: 0o755});
		const hostPublic = await keyPair(join(dir, 'host_ed25519'));
		const clientPublic = await keyPair(join(dir, 'client_ed25519'));
		await keyPair(join(dir, 'stranger_ed25519'));
		await writeFile(join(dir, 'authorized_keys'), `${clientPublic}\n`, {mode: 0o644});
		if (options.noDockerUser) {
			await createNoDockerUser(dir);
			userCreated = true;
		}
		const hostKeyFingerprint = (await tool('ssh-keygen', ['-l', '-f', join(dir, 'host_ed25519.pub')])).split(' ')[1] ?? '';

		for (let attempt = 1; ; attempt += 1) {
			const port = await freePort();
			const configFile = join(dir, 'sshd_config');
			await writeFile(configFile, sshdConfig({dir, port, maxSessions: options.maxSessions ?? 10}));
			let logText = '';
			let child: ChildProcess;
			try {
				child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', configFile], {stdio: ['ignore', 'ignore', 'pipe']});
			} catch (error) {
				throw new Error(`cannot start /usr/sbin/sshd: ${(error as Error).message}. ${PROVISION_HINT}`);
			}
			running.add(child);
			child.stderr?.on('data', (chunk: Buffer) => {
				logText = (logText + chunk.toString()).slice(-20_000);
			});
			const spawnFailure = new Promise<never>((_, reject) =>
				child.once('error', error => reject(new Error(`cannot start /usr/sbin/sshd: ${error.message}. ${PROVISION_HINT}`))),
			);
			try {
				await Promise.race([waitForBanner(port, child, () => logText), spawnFailure]);
			} catch (error) {
				running.delete(child);
				child.kill('SIGKILL');
				if (/Address already in use|Cannot bind/i.test(logText) && attempt < 5) {
					continue;
				}
				throw error;
			}
			let stopped = false;
			return {
				port,
				pid: child.pid!,
				knownHostsLine: `[127.0.0.1]:${port} ${hostPublic.split(' ').slice(0, 2).join(' ')}`,
				hostKeyFingerprint,
				clientKey: join(dir, 'client_ed25519'),
				strangerKey: join(dir, 'stranger_ed25519'),
				connections: async () => childCount(child.pid!),
				log: () => logText,
				async stop() {
					if (stopped) {
						return;
					}
					stopped = true;
					running.delete(child);
					if (child.exitCode === null && child.signalCode === null) {
						const exited = new Promise(resolve => child.once('exit', resolve));
						child.kill('SIGTERM');
						await exited;
					}
					if (userCreated) {
						await run('userdel', [noDockerUser]).catch(() => undefined);
					}
					await rm(dir, {recursive: true, force: true});
				},
			};
		}
	} catch (error) {
		if (userCreated) {
			await run('userdel', [noDockerUser]).catch(() => undefined);
		}
		await rm(dir, {recursive: true, force: true});
		throw error;
	}
}
