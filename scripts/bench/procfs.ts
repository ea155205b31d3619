// CPU time and memory of processes, read from /proc, and the engine's own processes: the
// dockerd behind a unix socket, its containerd, and that containerd's shims.
import {execFileSync} from 'node:child_process';
import {readFile, readdir, readlink, realpath} from 'node:fs/promises';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim());

interface Stat {
	comm: string;
	state: string;
	ppid: number;
	/** utime + stime of every thread, live or gone. */
	cpuSeconds: number;
}

async function readStat(pid: number): Promise<Stat | undefined> {
	const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
	if (text === undefined) {
		return undefined;
	}
	// comm may hold spaces and parentheses; the fields after the last ')' are fixed.
	const close = text.lastIndexOf(')');
	const fields = text.slice(close + 2).split(' ');
	// fields[0] is field 3 of proc(5); utime and stime are fields 14 and 15.
	return {
		comm: text.slice(text.indexOf('(') + 1, close),
		state: fields[0] ?? '',
		ppid: Number(fields[1]),
		cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
	};
}

/** True until the process has exited (a zombie has). */
export async function isRunning(pid: number): Promise<boolean> {
	const stat = await readStat(pid);
	return stat !== undefined && stat.state !== 'Z';
}

/** CPU seconds used so far by each process that still exists. */
export async function cpuSeconds(pids: readonly number[]): Promise<Map<number, number>> {
	const result = new Map<number, number>();
	for (const pid of pids) {
		const stat = await readStat(pid);
		if (stat) {
			result.set(pid, stat.cpuSeconds);
		}
	}
	return result;
}

/** CPU used between two samples by the processes present in both. */
export function cpuBetween(start: Map<number, number>, end: Map<number, number>): number {
	let total = 0;
	for (const [pid, seconds] of end) {
		const before = start.get(pid);
		if (before !== undefined) {
			total += seconds - before;
		}
	}
	return total;
}

export interface Memory {
	rssBytes: number;
	/** VmHWM: the highest resident set size the process has had. */
	peakBytes: number;
}

export async function memory(pid: number): Promise<Memory> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kib = (field: string): number => {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
		if (!match) {
			throw new Error(`/proc/${pid}/status has no ${field}`);
		}
		return Number(match[1]) * 1024;
	};
	return {rssBytes: kib('VmRSS'), peakBytes: kib('VmHWM')};
}

interface Process extends Stat {
	pid: number;
}

async function processes(): Promise<Process[]> {
	const result: Process[] = [];
	for (const entry of await readdir('/proc')) {
		const pid = Number(entry);
		const stat = Number.isInteger(pid) ? await readStat(pid) : undefined;
		if (stat) {
			result.push({pid, ...stat});
		}
	}
	return result;
}

/** Socket inode → the path it is bound to, for the unix sockets of this network namespace. */
async function unixSocketPaths(): Promise<Map<string, string>> {
	const paths = new Map<string, string>();
	// Columns: Num RefCount Protocol Flags Type St Inode Path; unnamed sockets have no Path.
	for (const line of (await readFile('/proc/net/unix', 'utf8')).split('\n').slice(1)) {
		const [, , , , , , inode, path] = line.trim().split(/\s+/);
		if (inode && path) {
			paths.set(inode, path);
		}
	}
	return paths;
}

async function socketInodes(pid: number): Promise<string[]> {
	const directory = `/proc/${pid}/fd`;
	const inodes: string[] = [];
	for (const fd of await readdir(directory).catch(() => [])) {
		const match = /^socket:\[(\d+)\]$/.exec(await readlink(`${directory}/${fd}`).catch(() => ''));
		if (match?.[1]) {
			inodes.push(match[1]);
		}
	}
	return inodes;
}

async function ownedSocketPaths(pid: number, paths: Map<string, string>): Promise<Set<string>> {
	const owned = new Set<string>();
	for (const inode of await socketInodes(pid)) {
		const path = paths.get(inode);
		if (path) {
			owned.add(await realpath(path).catch(() => path));
		}
	}
	return owned;
}

async function commandLine(pid: number): Promise<string[]> {
	return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
}

/**
 * The dockerd that listens on `socket`, its containerd (the one dockerd started, else the
 * system's) and the shims of that containerd. Other engines on the host (a test's private
 * dockerd, say) are left out: their sockets and shims differ.
 */
export async function engineProcesses(socket: string): Promise<number[]> {
	const wanted = await realpath(socket);
	const paths = await unixSocketPaths();
	const all = await processes();
	const dockerd: Process[] = [];
	for (const candidate of all.filter(({comm}) => comm === 'dockerd')) {
		if ((await ownedSocketPaths(candidate.pid, paths)).has(wanted)) {
			dockerd.push(candidate);
		}
	}
	if (dockerd.length === 0) {
		throw new Error(
			`no dockerd process listens on ${socket} here: the engine's CPU can only be measured on this host`,
		);
	}
	const named = all.filter(({comm}) => comm === 'containerd');
	const managed = named.filter(({ppid}) => dockerd.some(({pid}) => pid === ppid));
	const containerd = managed.length > 0 ? managed : named;
	const containerdSockets = new Set<string>();
	for (const {pid} of containerd) {
		for (const path of await ownedSocketPaths(pid, paths)) {
			containerdSockets.add(path);
		}
	}
	const shims: Process[] = [];
	// comm is cut to 15 characters: containerd-shim-runc-v2 reads containerd-shim.
	for (const candidate of all.filter(({comm}) => comm.startsWith('containerd-shim'))) {
		const args = await commandLine(candidate.pid);
		const address = args.includes('-address') ? args[args.indexOf('-address') + 1] : undefined;
		if (address && containerdSockets.has(await realpath(address).catch(() => address))) {
			shims.push(candidate);
		}
	}
	return [...dockerd, ...containerd, ...shims].map(({pid}) => pid);
}
