// A real image registry for tests: Debian's docker-registry (distribution 2.x) on 127.0.0.1 and a
// free port, with a storage root of its own and, when asked, htpasswd authentication. The engine
// treats 127.0.0.0/8 registries as insecure (plain http) by default, so `docker push
// 127.0.0.1:PORT/name` works without TLS or daemon configuration.
import {spawn, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtemp, readFile, rm, writeFile, open} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export interface TestRegistry {
	/** "127.0.0.1:PORT", as it appears in image references. */
	host: string;
	port: number;
	/** Set when started with auth. */
	user?: string;
	password?: string;
	/** Kills the registry and removes its storage; safe to call twice. */
	stop(): Promise<void>;
}

const PROVISION_HINT =
	'Run `npm test` as root to provision it (scripts/provision-engine.sh installs it), ' +
	'or install it yourself: apt-get install docker-registry apache2-utils.';

const registryUser = 'berth';

/** Registries started by this process, killed if the process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) {
		child.kill('SIGKILL');
	}
});

/** A port nothing listens on right now (another process may still take it before we do). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') {
					resolve(address.port);
				} else {
					reject(new Error('could not find a free port'));
				}
			});
		});
	});
}

/** Runs a command (argument array, no shell) with `input` on its stdin; resolves with its stdout. */
function runWithInput(command: string, args: string[], input: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', error => {
			const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
			reject(new Error(missing ? `${command} is not installed. ${PROVISION_HINT}` : error.message));
		});
		child.once('close', code => {
			if (code === 0) {
				resolve(stdout);
			} else {
				reject(new Error(`${command} exited with code ${code}: ${stderr.trim()}`));
			}
		});
		child.stdin.end(input);
	});
}

/** htpasswd reads the password from stdin (-i), so it never shows up in a process list. */
async function htpasswdLine(user: string, password: string): Promise<string> {
	const line = (await runWithInput('htpasswd', ['-B', '-i', '-n', user], password)).trim();
	if (!line.startsWith(`${user}:$2`)) {
		throw new Error('htpasswd -B did not print a bcrypt entry');
	}
	return line;
}

function registryConfig(options: {root: string; port: number; htpasswd?: string}): string {
	const lines = [
		'version: 0.1',
		'log:',
		'  level: warn',
		'  accesslog:',
		'    disabled: true',
		'storage:',
		'  filesystem:',
		`    rootdirectory: ${options.root}`,
		'  delete:',
		'    enabled: true',
		'http:',
		`  addr: 127.0.0.1:${options.port}`,
		// Without a secret the registry makes one up and warns about it on every start.
		`  secret: ${randomBytes(16).toString('hex')}`,
	];
	if (options.htpasswd !== undefined) {
		lines.push('auth:', '  htpasswd:', '    realm: berth-test', `    path: ${options.htpasswd}`);
	}
	return `${lines.join('\n')}\n`;
}

function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

/** The status of GET /v2/, or undefined while nothing answers. */
async function probe(port: number): Promise<number | undefined> {
	try {
		const response = await fetch(`http://127.0.0.1:${port}/v2/`, {signal: AbortSignal.timeout(1_000)});
		await response.arrayBuffer();
		return response.status;
	} catch {
		return undefined;
	}
}

async function tail(file: string): Promise<string> {
	const text = await readFile(file, 'utf8').catch(() => '');
	return text.trim().split('\n').slice(-15).join('\n');
}

/**
 * Starts a registry on 127.0.0.1 and a free port; with `auth`, user "berth" and a random password
 * (htpasswd, bcrypt). Resolves once GET /v2/ answers (200, or 401 with auth).
 */
export async function startRegistry(options: {auth?: boolean} = {}): Promise<TestRegistry> {
	const dir = await mkdtemp(join(tmpdir(), 'berth-registry-'));
	try {
		const password = options.auth ? randomBytes(12).toString('base64url') : undefined;
		let htpasswdFile: string | undefined;
		if (password !== undefined) {
			htpasswdFile = join(dir, 'htpasswd');
			await writeFile(htpasswdFile, `${await htpasswdLine(registryUser, password)}\n`, {mode: 0o600});
		}
		// The free port may be taken between finding and binding it: then try another.
		for (let attempt = 1; ; attempt += 1) {
			const port = await freePort();
			const started = await launch({dir, port, htpasswd: htpasswdFile, auth: password !== undefined});
			if (started === 'port taken' && attempt < 5) {
				continue;
			}
			if (started === 'port taken') {
				throw new Error('docker-registry could not bind a free port after 5 attempts');
			}
			const child = started;
			let stopped = false;
			return {
				host: `127.0.0.1:${port}`,
				port,
				...(password === undefined ? {} : {user: registryUser, password}),
				async stop() {
					if (stopped) {
						return;
					}
					stopped = true;
					await kill(child);
					await rm(dir, {recursive: true, force: true});
				},
			};
		}
	} catch (error) {
		await rm(dir, {recursive: true, force: true});
		throw error;
	}
}

async function kill(child: ChildProcess): Promise<void> {
	running.delete(child);
	if (child.exitCode !== null || child.signalCode !== null) {
		return;
	}
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(killer);
}

async function launch(options: {
	dir: string;
	port: number;
	htpasswd: string | undefined;
	auth: boolean;
}): Promise<ChildProcess | 'port taken'> {
	const configFile = join(options.dir, `config-${options.port}.yml`);
	const logFile = join(options.dir, `registry-${options.port}.log`);
	await writeFile(
		configFile,
		registryConfig({root: join(options.dir, 'storage'), port: options.port, htpasswd: options.htpasswd}),
	);
	const log = await open(logFile, 'a');
	const child = spawn('docker-registry', ['serve', configFile], {stdio: ['ignore', log.fd, log.fd]});
	await log.close();
	running.add(child);
	let gone: string | undefined;
	child.once('exit', (code, signal) => {
		gone = `exited with ${signal ?? `code ${code}`}`;
	});
	child.once('error', error => {
		gone =
			(error as NodeJS.ErrnoException).code === 'ENOENT'
				? 'missing'
				: `could not be started (${error.message})`;
	});
	const expected = options.auth ? 401 : 200;
	const deadline = Date.now() + 20_000;
	for (;;) {
		if (gone === 'missing') {
			running.delete(child);
			throw new Error(`docker-registry is not installed. ${PROVISION_HINT}`);
		}
		if (gone !== undefined) {
			running.delete(child);
			const output = await tail(logFile);
			if (/address already in use/.test(output)) {
				return 'port taken';
			}
			throw new Error(`docker-registry ${gone}; its output:\n${output}`);
		}
		const status = await probe(options.port);
		if (status === expected) {
			return child;
		}
		if (status !== undefined) {
			await kill(child);
			throw new Error(`docker-registry answered GET /v2/ with ${status}, expected ${expected}`);
		}
		if (Date.now() > deadline) {
			await kill(child);
			throw new Error(`docker-registry did not answer within 20 s; its output:\n${await tail(logFile)}`);
		}
		await sleep(50);
	}
}
