import {closeSync, constants, openSync, readSync} from 'node:fs';
import {access} from 'node:fs/promises';
import {performance} from 'node:perf_hooks';
import type {StatsHandlers, StatsSample, Subscription} from '../types.js';
import {
	blkioTotals,
	ioStatTotals,
	parseCgroupMembership,
	parseCount,
	pickKeyedValues,
	parseMemTotal,
	parseNetDev,
	type CgroupMembership,
} from './kernel-files.js';
import {cpuPercent, memoryInUse, percentOf} from './stats-math.js';

// Reading a container's cgroup and /proc files costs the engine nothing, where every stats
// stream makes the engine (and its runtime) read those same files once a second.

const cgroupRoot = '/sys/fs/cgroup';
/** What memoryInUse reads of memory.stat (its v1 and v2 names), and cpu.stat's CPU time (v2). */
const MEMORY_KEYS = ['total_inactive_file', 'inactive_file'];
const CPU_KEYS = ['usage_usec'];

/** What inspect says about a running container, as the files are found from it. */
export interface ContainerProcess {
	/** The full id, which the container's cgroup paths carry. */
	id: string;
	/** The init process, in the engine's pid namespace. */
	pid: number;
	/** The engine counts no traffic for a container on the host's network, and neither does berth. */
	hostNetwork: boolean;
}

interface CgroupFiles {
	version: 1 | 2;
	cpu: KernelFile;
	memoryUsage: KernelFile;
	memoryStat: KernelFile;
	memoryLimit: KernelFile;
	blockIo: KernelFile;
	pids: KernelFile;
	/** Undefined on the host's network. */
	netDev: KernelFile | undefined;
	/** The limit shown when the container's own is higher (or absent), as the engine shows it. */
	hostMemory: number;
}

interface Reading {
	/** Everything but CPU%, which needs the previous reading. */
	sample: StatsSample;
	cpuNs: number;
	/** Monotonic ms at which the CPU counter was read. */
	at: number;
}

/** A container whose files are readable from here, with the reading that proved it. */
export interface LocatedCgroup {
	files: CgroupFiles;
	first: Reading;
}

interface Member {
	files: CgroupFiles;
	handlers: StatsHandlers;
	previous: Reading;
	intervalMs: number;
	active: boolean;
}

/** The streams sharing one interval, read together on one timer. */
interface Group {
	members: Set<Member>;
	timer: NodeJS.Timeout;
}

function readable(path: string): Promise<boolean> {
	return access(path, constants.R_OK).then(
		() => true,
		() => false,
	);
}

/** Shared by every read: reads are synchronous, and each is decoded before the next. */
let scratch = Buffer.allocUnsafe(4096);

/**
 * A kernel file read whole, from its start, through a descriptor kept open while it is watched.
 * cgroup and /proc files are made afresh, in memory, by each read at offset 0: a synchronous pread
 * takes microseconds, where three thread-pool round trips (open, read, close) for each of seven
 * files per container per second cost the main thread far more. Once open, the descriptor stays
 * with the cgroup it opened: when that is removed, reads fail (ENODEV), even if a restart makes
 * another at the same path. (The files are opened at the first sample after locate(), so a restart
 * in between is read from the new cgroup; its CPU counter going back reads as 0%, not garbage.)
 */
export class KernelFile {
	readonly path: string;
	#fd: number | undefined;

	constructor(path: string) {
		this.path = path;
	}

	/**
	 * The current contents, until the next read of any file: all share one buffer, so they are
	 * taken apart before the next is read. The file is opened on the first read after construction
	 * or close().
	 */
	read(): Buffer {
		this.#fd ??= openSync(this.path, 'r');
		for (;;) {
			// These files fill the whole buffer when they can, so a short read holds all there is.
			const length = readSync(this.#fd, scratch, 0, scratch.length, 0);
			if (length < scratch.length) {
				return scratch.subarray(0, length);
			}
			scratch = Buffer.allocUnsafe(scratch.length * 2);
		}
	}

	close(): void {
		if (this.#fd !== undefined) {
			closeSync(this.#fd);
			this.#fd = undefined;
		}
	}
}

/** The file's contents, or undefined when it cannot be read. */
function readOnce(path: string): string | undefined {
	const file = new KernelFile(path);
	try {
		return file.read().toString('utf8');
	} catch {
		return undefined;
	} finally {
		file.close();
	}
}

function finite(value: number, path: string): number {
	if (!Number.isFinite(value)) {
		throw new Error(`unexpected contents in ${path}`);
	}
	return value;
}

/** Errors that mean the container stopped: its cgroup directories and its process are gone. */
function isGone(error: unknown): boolean {
	const code = (error as {code?: unknown}).code;
	return code === 'ENOENT' || code === 'ENODEV' || code === 'ESRCH';
}

/** The v1 directory of `controller`; co-mounted controllers share one, named like "cpu,cpuacct". */
async function v1Directory(memberships: CgroupMembership[], controller: string): Promise<string | undefined> {
	const membership = memberships.find(candidate => candidate.controllers.includes(controller));
	if (!membership) {
		return undefined;
	}
	for (const mount of new Set([membership.controllers.join(','), controller])) {
		const directory = `${cgroupRoot}/${mount}${membership.path}`;
		if (await readable(`${directory}/cgroup.procs`)) {
			return directory;
		}
	}
	return undefined;
}

async function v1Files(
	memberships: CgroupMembership[],
	netDev: KernelFile | undefined,
	hostMemory: number,
): Promise<CgroupFiles | undefined> {
	const [cpuacct, memory, blkio, pids] = await Promise.all(
		['cpuacct', 'memory', 'blkio', 'pids'].map(controller => v1Directory(memberships, controller)),
	);
	if (!cpuacct || !memory || !blkio || !pids) {
		return undefined;
	}
	// The engine's runtime reads the CFQ scheduler's counts where that scheduler exists, else the throttling layer's.
	const cfq = await readable(`${blkio}/blkio.io_serviced_recursive`);
	return {
		version: 1,
		cpu: new KernelFile(`${cpuacct}/cpuacct.usage`),
		memoryUsage: new KernelFile(`${memory}/memory.usage_in_bytes`),
		memoryStat: new KernelFile(`${memory}/memory.stat`),
		memoryLimit: new KernelFile(`${memory}/memory.limit_in_bytes`),
		blockIo: new KernelFile(
			cfq ? `${blkio}/blkio.io_service_bytes_recursive` : `${blkio}/blkio.throttle.io_service_bytes`,
		),
		pids: new KernelFile(`${pids}/pids.current`),
		netDev,
		hostMemory,
	};
}

async function v2Files(
	memberships: CgroupMembership[],
	netDev: KernelFile | undefined,
	hostMemory: number,
): Promise<CgroupFiles | undefined> {
	const unified = memberships.find(membership => membership.controllers.length === 0);
	if (!unified) {
		return undefined;
	}
	// A unified-only host mounts it at the root; a hybrid one beside the v1 hierarchies.
	for (const root of [cgroupRoot, `${cgroupRoot}/unified`]) {
		const directory = `${root}${unified.path}`;
		if (await readable(`${directory}/memory.current`)) {
			return {
				version: 2,
				cpu: new KernelFile(`${directory}/cpu.stat`),
				memoryUsage: new KernelFile(`${directory}/memory.current`),
				memoryStat: new KernelFile(`${directory}/memory.stat`),
				memoryLimit: new KernelFile(`${directory}/memory.max`),
				blockIo: new KernelFile(`${directory}/io.stat`),
				pids: new KernelFile(`${directory}/pids.current`),
				netDev,
				hostMemory,
			};
		}
	}
	return undefined;
}

function read(files: CgroupFiles): Reading {
	const cpu = files.cpu.read();
	const cpuNs = files.version === 1 ? parseCount(cpu) : (pickKeyedValues(cpu, CPU_KEYS)['usage_usec'] ?? Number.NaN) * 1000;
	const at = performance.now();
	const usage = finite(parseCount(files.memoryUsage.read()), files.memoryUsage.path);
	const memoryUsage = memoryInUse(usage, pickKeyedValues(files.memoryStat.read(), MEMORY_KEYS));
	const memoryLimit = Math.min(parseCount(files.memoryLimit.read()), files.hostMemory);
	const block = files.blockIo.read();
	const io = files.version === 1 ? blkioTotals(block) : ioStatTotals(block);
	const traffic = files.netDev === undefined ? {rx: 0, tx: 0} : parseNetDev(files.netDev.read());
	return {
		sample: {
			time: Date.now(),
			memoryUsage,
			memoryLimit,
			memoryPercent: percentOf(memoryUsage, memoryLimit),
			netRx: traffic.rx,
			netTx: traffic.tx,
			blockRead: io.read,
			blockWrite: io.write,
			pids: finite(parseCount(files.pids.read()), files.pids.path),
		},
		cpuNs: finite(cpuNs, files.cpu.path),
		at,
	};
}

function closeFiles(files: CgroupFiles): void {
	const {cpu, memoryUsage, memoryStat, memoryLimit, blockIo, pids, netDev} = files;
	for (const file of [cpu, memoryUsage, memoryStat, memoryLimit, blockIo, pids, netDev]) {
		file?.close();
	}
}

/**
 * Reads stats from the files of containers on this machine: one timer per interval reads every
 * container watched at that interval, so 20 containers cost one wake-up a second, not 20.
 */
export class CgroupStats {
	readonly #groups = new Map<number, Group>();
	#hostMemory: number | undefined;

	/**
	 * The container's files, when this process can read them: it must see the container's init
	 * process under the same pid (not so from another pid namespace, or for an engine on another
	 * machine behind a local socket), and every file must read.
	 */
	async locate(container: ContainerProcess): Promise<LocatedCgroup | undefined> {
		const hostMemory = (this.#hostMemory ??= parseMemTotal(readOnce('/proc/meminfo') ?? ''));
		const memberships = parseCgroupMembership(readOnce(`/proc/${container.pid}/cgroup`) ?? '');
		if (hostMemory === undefined || !memberships.some(membership => membership.path.includes(container.id))) {
			return undefined;
		}
		const netDev = container.hostNetwork ? undefined : new KernelFile(`/proc/${container.pid}/net/dev`);
		const v1 = memberships.some(membership => membership.controllers.includes('memory'));
		const files = v1
			? await v1Files(memberships, netDev, hostMemory)
			: await v2Files(memberships, netDev, hostMemory);
		if (!files) {
			return undefined;
		}
		// The files are opened again when first watched: a located container may never be watched.
		try {
			return {files, first: read(files)};
		} catch {
			return undefined;
		} finally {
			closeFiles(files);
		}
	}

	/** Delivers the located reading at once (without CPU%), then one sample every `intervalMs`. */
	watch(located: LocatedCgroup, intervalMs: number, handlers: StatsHandlers): Subscription {
		const member: Member = {files: located.files, handlers, previous: located.first, intervalMs, active: true};
		let group = this.#groups.get(intervalMs);
		if (!group) {
			const members = new Set<Member>();
			group = {members, timer: setInterval(() => this.#tick(intervalMs), intervalMs)};
			this.#groups.set(intervalMs, group);
		}
		group.members.add(member);
		// After returning, so the caller holds the subscription before its handlers run.
		queueMicrotask(() => {
			if (member.active) {
				handlers.onSample(located.first.sample);
			}
		});
		return {stop: () => this.#leave(member)};
	}

	/** Stops every timer; the streams' own subscriptions are stopped by their owner. */
	close(): void {
		for (const group of this.#groups.values()) {
			clearInterval(group.timer);
			for (const member of group.members) {
				member.active = false;
				closeFiles(member.files);
			}
		}
		this.#groups.clear();
	}

	#leave(member: Member): void {
		member.active = false;
		closeFiles(member.files);
		const group = this.#groups.get(member.intervalMs);
		if (group?.members.delete(member) && group.members.size === 0) {
			clearInterval(group.timer);
			this.#groups.delete(member.intervalMs);
		}
	}

	#tick(intervalMs: number): void {
		// A copy: a handler may stop streams, its own or others, while the tick goes on.
		for (const member of [...(this.#groups.get(intervalMs)?.members ?? [])]) {
			if (member.active) {
				this.#sample(member);
			}
		}
	}

	#sample(member: Member): void {
		// A stream that joined just before this tick waits for the next, so its CPU% covers a fair interval.
		if (performance.now() - member.previous.at < member.intervalMs / 2) {
			return;
		}
		let reading: Reading;
		try {
			reading = read(member.files);
		} catch (error) {
			this.#leave(member);
			if (isGone(error)) {
				member.handlers.onEnd();
			} else {
				member.handlers.onError(`cannot read the container's stats: ${(error as Error).message}`);
			}
			return;
		}
		// Between the container's exit and the removal of its cgroup, the group is empty.
		if (reading.sample.pids === 0) {
			this.#leave(member);
			member.handlers.onEnd();
			return;
		}
		const previous = member.previous;
		member.previous = reading;
		// The host has wall time × CPUs of CPU time in an interval, so the CPUs cancel out of
		// docker's formula and wall time stands in for the host's CPU time.
		const cpu = cpuPercent(reading.cpuNs - previous.cpuNs, (reading.at - previous.at) * 1e6, 1);
		member.handlers.onSample({...reading.sample, cpuPercent: cpu});
	}
}
