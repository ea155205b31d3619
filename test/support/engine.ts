// Shared fixture for tests that need a real Docker engine. Tests use dockerode here only to
// arrange and check state; product code reaches Docker through source/engine/ alone.
import {spawn, execFile, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtemp, open, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import Dockerode from 'dockerode';

const run = promisify(execFile);

export const TEST_IMAGE = 'berth-test/busybox';
/** Label key carried by every object a test creates; its value is the run id. */
export const RUN_LABEL = 'berth.test';
/** Identifies this test process, so cleanup never touches another run's objects. */
export const RUN_ID = `${process.pid}-${randomBytes(3).toString('hex')}`;

const PROVISION_HINT =
	'Run `npm test` as root to provision one (it installs docker.io, starts dockerd and builds ' +
	`${TEST_IMAGE}), or start dockerd yourself and run \`bash scripts/provision-engine.sh\`, ` +
	'or set DOCKER_HOST to an engine that answers.';

function engineAddress(): string {
	return process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

/** True while pid names a process that has not exited (a zombie has). */
async function processRunning(pid: number): Promise<boolean> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
	const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	return state !== '' && state !== 'Z';
}

/** Connects to the engine at DOCKER_HOST (or the default socket) and checks the test image is there. */
export async function requireEngine(): Promise<Dockerode> {
	const docker = new Dockerode();
	try {
		// A blackholed tcp address would otherwise hang the test until its own timeout.
		await withTimeout(docker.ping(), 10_000, 'ping');
	} catch (error) {
		throw new Error(
			`No Docker engine answers at ${engineAddress()} (${errorText(error)}). ${PROVISION_HINT}`,
		);
	}
	try {
		await docker.getImage(TEST_IMAGE).inspect();
	} catch (error) {
		throw new Error(
			`The engine at ${engineAddress()} lacks the test image ${TEST_IMAGE} (${errorText(error)}). ` +
				'Run `bash scripts/provision-engine.sh` (or `npm test`) to build it.',
		);
	}
	return docker;
}

let nameCounter = 0;

/** A name no other test, run or user object will have: `<base>-<run id>-<n>`. */
export function uniqueName(base = 'berth-test'): string {
	nameCounter += 1;
	return `${base}-${RUN_ID}-${nameCounter}`;
}

/** The labels that mark an object as this run's, merged over the caller's own. */
export function testLabels(labels: Record<string, string> = {}): Record<string, string> {
	return {...labels, [RUN_LABEL]: RUN_ID};
}

export interface TestContainerOptions {
	/** Used as given; a unique name is made when absent. */
	name?: string;
	/** Defaults to a shell that idles and exits at once on SIGTERM, so stopping it is quick. */
	cmd?: string[];
	tty?: boolean;
	/** Start the container after creating it (default true). */
	start?: boolean;
	labels?: Record<string, string>;
	env?: string[];
	healthcheck?: Dockerode.HealthConfig;
	openStdin?: boolean;
}

const IDLE_CMD = ['sh', '-c', 'trap "exit 0" TERM INT; sleep 86400 & wait'];

export async function createTestContainer(
	docker: Dockerode,
	options: TestContainerOptions = {},
): Promise<Dockerode.Container> {
	const container = await docker.createContainer({
		name: options.name ?? uniqueName(),
		Image: TEST_IMAGE,
		Cmd: options.cmd ?? IDLE_CMD,
		Tty: options.tty ?? false,
		OpenStdin: options.openStdin ?? false,
		Env: options.env,
		Healthcheck: options.healthcheck,
		Labels: testLabels(options.labels),
	});
	if (options.start ?? true) {
		await container.start();
	}
	return container;
}

export async function createTestVolume(
	docker: Dockerode,
	options: {name?: string; labels?: Record<string, string>} = {},
): Promise<Dockerode.Volume> {
	const name = options.name ?? uniqueName();
	await docker.createVolume({Name: name, Labels: testLabels(options.labels)});
	return docker.getVolume(name);
}

export async function createTestNetwork(
	docker: Dockerode,
	options: {name?: string; labels?: Record<string, string>} = {},
): Promise<Dockerode.Network> {
	return docker.createNetwork({
		Name: options.name ?? uniqueName(),
		Labels: testLabels(options.labels),
	});
}

export interface RemovedObjects {
	containers: number;
	networks: number;
	volumes: number;
}

/** 404: gone already. 409: being removed, or in use by something that is not ours: leave it. */
async function removeQuietly(remove: () => Promise<unknown>): Promise<boolean> {
	try {
		await remove();
		return true;
	} catch (error) {
		const status = (error as {statusCode?: number}).statusCode;
		if (status === 404 || status === 409) {
			return false;
		}
		throw error;
	}
}

type Labels = Record<string, string> | null | undefined;

async function removeLabelled(
	docker: Dockerode,
	label: string,
	keep: (labels: Labels) => Promise<boolean>,
): Promise<RemovedObjects> {
	const filters = {label: [label]};
	const removed: RemovedObjects = {containers: 0, networks: 0, volumes: 0};
	// Containers first: networks and volumes in use cannot be removed.
	for (const info of await docker.listContainers({all: true, filters})) {
		if (
			!(await keep(info.Labels)) &&
			(await removeQuietly(() => docker.getContainer(info.Id).remove({force: true, v: true})))
		) {
			removed.containers += 1;
		}
	}
	for (const info of await docker.listNetworks({filters})) {
		if (!(await keep(info.Labels)) && (await removeQuietly(() => docker.getNetwork(info.Id).remove()))) {
			removed.networks += 1;
		}
	}
	for (const info of (await docker.listVolumes({filters})).Volumes ?? []) {
		if (
			!(await keep(info.Labels)) &&
			(await removeQuietly(() => docker.getVolume(info.Name).remove({force: true})))
		) {
			removed.volumes += 1;
		}
	}
	return removed;
}

/** Removes every container, network and volume this run created, and nothing else. */
export function removeTestObjects(docker: Dockerode): Promise<RemovedObjects> {
	return removeLabelled(docker, `${RUN_LABEL}=${RUN_ID}`, async () => false);
}

/**
 * Removes what earlier runs left behind (crashed ones included); scripts/test.sh calls it
 * first. Run ids begin with the test process's pid: objects of a run whose process still lives
 * on this machine (a run in another terminal) are left alone.
 */
export function removeAllTestObjects(docker: Dockerode): Promise<RemovedObjects> {
	return removeLabelled(docker, RUN_LABEL, async labels => {
		const pid = /^(\d+)-/.exec(labels?.[RUN_LABEL] ?? '')?.[1];
		return pid !== undefined && (await processRunning(Number(pid)));
	});
}

export interface PrivateEngine {
	/** Path of the engine's unix socket. */
	socket: string;
	/** Name of its network namespace (`ip netns`). */
	netns: string;
	/** A client for this engine; it keeps working across stop() and start(). */
	docker: Dockerode;
	/** Sends SIGTERM and resolves once dockerd and its containerd have exited. */
	stop(): Promise<void>;
	/** Starts dockerd again on the same data and waits until it answers. */
	start(): Promise<void>;
	/** Stops the engine and removes its network namespace and files; safe to call twice. */
	dispose(): Promise<void>;
}

let privateCounter = 0;

async function readPid(file: string): Promise<number | undefined> {
	try {
		const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

/** A server run in a network namespace of its own, its output appended to a log file. */
export interface NamespacedServer {
	child: ChildProcess;
	/** Settles once it has exited, or could not be started. */
	exited: Promise<void>;
	/** How it ended ("exited with code 1", "could not be started (…)"), while it has not. */
	gone(): string | undefined;
}

/**
 * Starts `command` in network namespace `netns`. nsenter rather than `ip netns exec`, which
 * remounts /sys and hides the cgroup mounts; setpriv's parent-death signal stops the server if
 * this test process dies without cleaning up.
 */
export async function startInNamespace(netns: string, command: readonly string[], logFile: string, env?: NodeJS.ProcessEnv): Promise<NamespacedServer> {
	const log = await open(logFile, 'a');
	const child = spawn('nsenter', [`--net=/run/netns/${netns}`, 'setpriv', '--pdeathsig', 'TERM', '--', ...command], {stdio: ['ignore', log.fd, log.fd], env});
	let gone: string | undefined;
	const exited = new Promise<void>(resolve => {
		child.once('exit', code => {
			gone = `exited with code ${code}`;
			resolve();
		});
		// nsenter itself missing: no exit event follows.
		child.once('error', error => {
			gone = `could not be started (${error.message})`;
			resolve();
		});
	});
	await log.close();
	return {child, exited, gone: () => gone};
}

export interface AnswerWait {
	/** One try, e.g. a ping; a rejection means not yet. */
	ping(): Promise<unknown>;
	limitMs: number;
	/** The error to throw when the server went away, given how. */
	gone(how: string): Promise<Error>;
	/** The error to throw when it did not answer in time, given the last try's failure. */
	late(reason: string): Promise<Error>;
}

/** Tries every 100 ms until the server answers. */
export async function untilAnswers(server: NamespacedServer, wait: AnswerWait): Promise<void> {
	const deadline = Date.now() + wait.limitMs;
	for (;;) {
		const gone = server.gone();
		if (gone !== undefined) {
			throw await wait.gone(gone);
		}
		try {
			await wait.ping();
			return;
		} catch (error) {
			if (Date.now() > deadline) {
				throw await wait.late(errorText(error));
			}
		}
		await sleep(100);
	}
}

/** The last 20 lines of a server's log, for a failure message. */
export async function logTail(logFile: string): Promise<string> {
	const text = await readFile(logFile, 'utf8').catch(() => '');
	return text.split('\n').slice(-20).join('\n');
}

/** Removes a server's folder, unmounting first what an unclean stop left mounted under it (rm fails on it). */
export async function removeServerFolder(dir: string): Promise<void> {
	const mounts = (await readFile('/proc/self/mounts', 'utf8'))
		.split('\n')
		.map(line => line.split(' ')[1] ?? '')
		.filter(target => target.startsWith(`${dir}/`))
		.reverse();
	for (const target of mounts) {
		await run('umount', ['-l', target]).catch(() => undefined);
	}
	await rm(dir, {recursive: true, force: true});
}

/**
 * A second dockerd that tests may stop and restart. It runs in its own network namespace,
 * because a second dockerd in the host's namespace deletes the first one's docker0 bridge.
 * `dockerdArgs` are added to its command line (e.g. a TLS listener).
 */
export async function startPrivateEngine(options: {dockerdArgs?: string[]} = {}): Promise<PrivateEngine> {
	if (process.getuid?.() !== 0) {
		throw new Error(
			'startPrivateEngine needs root (it creates a network namespace and runs dockerd): ' +
				'run the tests as root, e.g. `sudo npm test`.',
		);
	}
	privateCounter += 1;
	const netns = `berth-test-${process.pid}-${privateCounter}`;
	const dir = await mkdtemp(join(tmpdir(), 'berth-engine-'));
	const socket = join(dir, 'd.sock');
	const logFile = join(dir, 'dockerd.log');
	const configFile = join(dir, 'daemon.json');
	// An empty config: a host /etc/docker/daemon.json (hosts, data-root…) would clash with our flags.
	await writeFile(configFile, '{}\n');
	const docker = new Dockerode({socketPath: socket});
	let daemon: ChildProcess | undefined;
	let exited: Promise<void> | undefined;

	const start = async (): Promise<void> => {
		if (daemon) {
			throw new Error(`private engine ${netns} is already running`);
		}
		const server = await startInNamespace(
			netns,
			[
				'dockerd',
				'--config-file',
				configFile,
				'--host',
				`unix://${socket}`,
				'--data-root',
				join(dir, 'data'),
				'--exec-root',
				join(dir, 'exec'),
				'--pidfile',
				join(dir, 'd.pid'),
				...(options.dockerdArgs ?? []),
			],
			logFile,
		);
		daemon = server.child;
		exited = server.exited;
		await untilAnswers(server, {
			ping: async () => withTimeout(docker.ping(), 2_000, 'ping'),
			limitMs: 60_000,
			async gone(how) {
				daemon = undefined;
				return new Error(`private dockerd ${how}; log tail:\n${await logTail(logFile)}`);
			},
			async late(reason) {
				await stop();
				return new Error(`private dockerd did not answer within 60 s (${reason}); log tail:\n${await logTail(logFile)}`);
			},
		});
	};

	const stop = async (): Promise<void> => {
		if (!daemon) {
			return;
		}
		const child = daemon;
		// Read before dockerd exits: it stops its containerd, and we wait for that too.
		const containerdPid = await readPid(join(dir, 'exec', 'containerd', 'containerd.pid'));
		child.kill('SIGTERM');
		const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		await exited;
		clearTimeout(killer);
		daemon = undefined;
		while (containerdPid !== undefined && (await processRunning(containerdPid))) {
			await sleep(50);
		}
	};

	const dispose = async (): Promise<void> => {
		await stop();
		await run('ip', ['netns', 'delete', netns]).catch(() => undefined);
		await removeServerFolder(dir);
	};

	try {
		await run('ip', ['netns', 'add', netns]);
		await run('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
		await start();
		await copyTestImage(await requireEngine(), docker, 'the private engine');
	} catch (error) {
		await dispose();
		throw error;
	}
	return {socket, netns, docker, stop, start, dispose};
}

/** Copies TEST_IMAGE from one engine to another (there is no registry to pull it from); `where` names the other in errors. */
export async function copyTestImage(from: Dockerode, to: Dockerode, where: string): Promise<void> {
	const archive = await from.getImage(TEST_IMAGE).get();
	const progress = await to.loadImage(archive);
	const messages = await new Promise<Array<{error?: string}>>((resolve, reject) => {
		to.modem.followProgress(progress, (error, output) => (error ? reject(error) : resolve(output)));
	});
	const failure = messages.find(message => message.error);
	if (failure) {
		throw new Error(`loading ${TEST_IMAGE} into ${where} failed: ${failure.error}`);
	}
	await to.getImage(TEST_IMAGE).inspect();
}
