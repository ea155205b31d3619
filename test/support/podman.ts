// A real Podman engine for tests: `podman system service` on a socket of its own, with its own
// storage, state, locks, events log and network configuration in a temporary folder, and its own
// network namespace (its bridge and firewall rules stay there), so it touches nothing else on the
// machine. The test image is copied in from the shared Docker engine: there is no registry.
import {execFile, type ChildProcess} from 'node:child_process';
import {mkdir, mkdtemp, readFile, readdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import Dockerode from 'dockerode';
import {copyTestImage, logTail, removeServerFolder, requireEngine, startInNamespace, untilAnswers} from './engine.js';

const run = promisify(execFile);

const INSTALL_HINT =
	'Podman is needed for the podman tests: install it with `apt-get install podman` (Debian 12 has 4.3) ' +
	'and run the tests as root.';

export interface PodmanService {
	/** "unix:///tmp/…/podman.sock", as berth's endpoint resolution takes it. */
	host: string;
	socket: string;
	/** A client for arranging scenes; the code under test goes through berth's engine layer. */
	docker: Dockerode;
	/** Runs the podman CLI against this service's storage (for what the API cannot do, e.g. pods). */
	podman(args: string[]): Promise<string>;
	/** Removes every container, stops the service and removes its files; safe to call twice. */
	dispose(): Promise<void>;
}

/** Services started by this process, killed if it exits without disposing of them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) {
		child.kill('SIGKILL');
	}
});

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The hard limit `name` ("Max open files") of this process, from /proc/self/limits. */
async function hardLimit(name: string): Promise<number> {
	const line = (await readFile('/proc/self/limits', 'utf8')).split('\n').find(text => text.startsWith(name));
	const hard = line?.slice(name.length).trim().split(/\s+/)[1];
	return hard === undefined || hard === 'unlimited' ? Number.POSITIVE_INFINITY : Number(hard);
}

/**
 * Podman gives root's containers nofile and nproc limits of 1048576, which runc cannot set where the
 * service's own hard limits are lower (as in a sandbox): the container then fails to start with
 * "error setting rlimits". The service lowers its nproc limit to kernel.pid_max itself, so the
 * containers get the lower of the two.
 */
async function containerUlimits(): Promise<string[]> {
	const pidMax = Number((await readFile('/proc/sys/kernel/pid_max', 'utf8')).trim());
	const nofile = Math.min(await hardLimit('Max open files'), 1_048_576);
	const nproc = Math.min(await hardLimit('Max processes'), pidMax);
	return [`nofile=${nofile}:${nofile}`, `nproc=${nproc}:${nproc}`];
}

/**
 * The default network as podman would make it, but keeping its address leases in our folder
 * (host-local's dataDir) instead of /var/lib/cni/networks.
 */
function defaultNetwork(leases: string): string {
	const ipam = {
		type: 'host-local',
		dataDir: leases,
		routes: [{dst: '0.0.0.0/0'}],
		ranges: [[{subnet: '10.88.0.0/16', gateway: '10.88.0.1'}]],
	};
	return JSON.stringify({
		cniVersion: '0.4.0',
		name: 'podman',
		plugins: [
			{type: 'bridge', bridge: 'cni-podman0', isGateway: true, ipMasq: true, hairpinMode: true, ipam},
			{type: 'portmap', capabilities: {portMappings: true}},
			{type: 'firewall'},
			{type: 'tuning'},
		],
	});
}

/** Processes whose command line names a path under `dir`. */
async function processesUsing(dir: string): Promise<number[]> {
	const pids: number[] = [];
	for (const entry of await readdir('/proc')) {
		if (/^\d+$/.test(entry) && (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).includes(`${dir}/`)) {
			pids.push(Number(entry));
		}
	}
	return pids;
}

let counter = 0;

/** Starts a private podman service, waits until `GET /_ping` answers and loads the test image into it. */
export async function startPodman(): Promise<PodmanService> {
	if (process.getuid?.() !== 0) {
		throw new Error(`startPodman needs root (it runs podman as root in a network namespace). ${INSTALL_HINT}`);
	}
	try {
		await run('podman', ['--version']);
	} catch (error) {
		throw new Error(`podman cannot be run (${errorText(error)}). ${INSTALL_HINT}`);
	}
	counter += 1;
	const netns = `berth-podman-${process.pid}-${counter}`;
	const dir = await mkdtemp(join(tmpdir(), 'berth-podman-'));
	const socket = join(dir, 'podman.sock');
	const logFile = join(dir, 'podman.log');
	const configFile = join(dir, 'containers.conf');
	const globalFlags = [
		'--root',
		join(dir, 'root'),
		'--runroot',
		join(dir, 'run'),
		'--storage-driver',
		'overlay',
		'--tmpdir',
		join(dir, 'tmp'),
		'--network-config-dir',
		join(dir, 'net'),
		'--events-backend',
		'file',
	];
	// CONTAINERS_CONF replaces the host's containers.conf: file locks in our tmpdir instead of the
	// shared /dev/shm lock table, and our own events log, database and volumes.
	const conf = [
		'[containers]',
		`default_ulimits = ${JSON.stringify(await containerUlimits())}`,
		'[engine]',
		'lock_type = "file"',
		`tmp_dir = ${JSON.stringify(join(dir, 'tmp'))}`,
		'events_logger = "file"',
		`events_logfile_path = ${JSON.stringify(join(dir, 'events.log'))}`,
		`static_dir = ${JSON.stringify(join(dir, 'root', 'libpod'))}`,
		`volume_path = ${JSON.stringify(join(dir, 'root', 'volumes'))}`,
		'[network]',
		`network_config_dir = ${JSON.stringify(join(dir, 'net'))}`,
		'',
	].join('\n');
	await writeFile(configFile, conf);
	await mkdir(join(dir, 'net'));
	await writeFile(join(dir, 'net', 'podman.conflist'), defaultNetwork(join(dir, 'ipam')));
	const env = {...process.env, CONTAINERS_CONF: configFile};
	const docker = new Dockerode({socketPath: socket});
	let service: ChildProcess | undefined;
	let exited: Promise<void> | undefined;
	let disposed = false;

	const podman = async (args: string[]): Promise<string> =>
		(await run('nsenter', [`--net=/run/netns/${netns}`, 'podman', ...globalFlags, ...args], {env})).stdout;

	const stopService = async (): Promise<void> => {
		const child = service;
		if (!child) {
			return;
		}
		child.kill('SIGTERM');
		const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		await exited;
		clearTimeout(killer);
		running.delete(child);
		service = undefined;
	};

	const dispose = async (): Promise<void> => {
		if (disposed) {
			return;
		}
		disposed = true;
		// Containers run under conmon, not under the service: they outlive it unless removed.
		if (service) {
			await podman(['rm', '--all', '--force', '--time', '0']).catch(() => undefined);
			await podman(['pod', 'rm', '--all', '--force']).catch(() => undefined);
		}
		await stopService();
		await podman(['system', 'reset', '--force']).catch(() => undefined);
		// An exec session's conmon waits minutes after its container is gone before it exits.
		for (const pid of await processesUsing(dir)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Exited meanwhile.
			}
		}
		await run('ip', ['netns', 'delete', netns]).catch(() => undefined);
		await removeServerFolder(dir);
	};

	const start = async (): Promise<void> => {
		const server = await startInNamespace(netns, ['podman', ...globalFlags, 'system', 'service', '--time=0', `unix://${socket}`], logFile, env);
		service = server.child;
		exited = server.exited;
		running.add(server.child);
		await untilAnswers(server, {
			ping: async () => docker.ping(),
			limitMs: 30_000,
			async gone(how) {
				running.delete(server.child);
				service = undefined;
				return new Error(`podman system service ${how}. ${INSTALL_HINT} Its log:\n${await logTail(logFile)}`);
			},
			async late(reason) {
				return new Error(`podman system service did not answer on ${socket} within 30 s (${reason}). ${INSTALL_HINT} Its log:\n${await logTail(logFile)}`);
			},
		});
	};

	try {
		await run('ip', ['netns', 'add', netns]);
		await run('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
		await start();
		await copyTestImage(await requireEngine(), docker, 'podman');
	} catch (error) {
		await dispose();
		throw error;
	}
	return {host: `unix://${socket}`, socket, docker, podman, dispose};
}
