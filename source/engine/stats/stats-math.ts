// The docker CLI's stats rules, so berth's numbers match `docker stats`: the engine's raw stats
// JSON becomes a StatsSample here, and the cgroup reader uses the same memory, block and CPU rules.
import type {StatsSample} from '../types.js';

export interface RawCpuStats {
	cpu_usage?: {total_usage?: number; percpu_usage?: number[] | null};
	system_cpu_usage?: number;
	online_cpus?: number;
}

export interface RawBlockEntry {
	op?: string;
	value?: number;
}

/** The engine's stats JSON (one line of a stats stream), as far as berth reads it. */
export interface RawStats {
	/** RFC3339Nano; the zero time ("0001-01-01T00:00:00Z") once the container has stopped. */
	read?: string;
	cpu_stats?: RawCpuStats;
	/** The previous reading's cpu_stats; empty in a stream's first sample. */
	precpu_stats?: RawCpuStats;
	memory_stats?: {usage?: number; limit?: number; stats?: Record<string, number> | null};
	networks?: Record<string, {rx_bytes?: number; tx_bytes?: number}> | null;
	blkio_stats?: {io_service_bytes_recursive?: RawBlockEntry[] | null} | null;
	pids_stats?: {current?: number} | null;
}

/**
 * The container's share of the host's CPU time, where one fully busy CPU is 100%: usage and
 * system deltas are CPU time over the same interval, `system` summed over `cpus` CPUs. 0 unless
 * both moved forward.
 */
export function cpuPercent(usageDelta: number, systemDelta: number, cpus: number): number {
	return usageDelta > 0 && systemDelta > 0 ? (usageDelta / systemDelta) * cpus * 100 : 0;
}

/**
 * Memory in use without the inactive page cache, which the kernel can drop at once: cgroup v1's
 * hierarchical `total_inactive_file` when present, else v2's `inactive_file`, never below zero.
 */
export function memoryInUse(usage: number, stats: Record<string, number>): number {
	const v1 = stats['total_inactive_file'];
	if (v1 !== undefined && v1 < usage) {
		return usage - v1;
	}
	const v2 = stats['inactive_file'] ?? 0;
	return v2 < usage ? usage - v2 : usage;
}

export function percentOf(value: number, whole: number): number {
	return whole > 0 ? (value / whole) * 100 : 0;
}

/** Bytes read and written; v1 names the ops "Read"/"Write", v2 (through the engine) "read"/"write". */
export function sumBlockIo(entries: RawBlockEntry[]): {read: number; write: number} {
	let read = 0;
	let write = 0;
	for (const entry of entries) {
		const op = entry.op?.toLowerCase();
		if (op === 'read') {
			read += entry.value ?? 0;
		} else if (op === 'write') {
			write += entry.value ?? 0;
		}
	}
	return {read, write};
}

/** CPU% from a reading and the one before it; undefined when there is no previous reading. */
function cpuPercentFromApi(current: RawCpuStats | undefined, previous: RawCpuStats | undefined): number | undefined {
	if (!previous?.system_cpu_usage) {
		return undefined;
	}
	const cpus = current?.online_cpus || current?.cpu_usage?.percpu_usage?.length || 0;
	return cpuPercent(
		(current?.cpu_usage?.total_usage ?? 0) - (previous.cpu_usage?.total_usage ?? 0),
		(current?.system_cpu_usage ?? 0) - previous.system_cpu_usage,
		cpus,
	);
}

/** A sample from the engine's stats JSON, or undefined when it holds no reading (the container stopped). */
export function sampleFromApi(raw: RawStats): StatsSample | undefined {
	const time = Date.parse(raw.read ?? '');
	if (!(time > 0)) {
		return undefined;
	}
	const memory = raw.memory_stats ?? {};
	const memoryUsage = memoryInUse(memory.usage ?? 0, memory.stats ?? {});
	const memoryLimit = memory.limit ?? 0;
	let netRx = 0;
	let netTx = 0;
	for (const network of Object.values(raw.networks ?? {})) {
		netRx += network.rx_bytes ?? 0;
		netTx += network.tx_bytes ?? 0;
	}
	const block = sumBlockIo(raw.blkio_stats?.io_service_bytes_recursive ?? []);
	const cpu = cpuPercentFromApi(raw.cpu_stats, raw.precpu_stats);
	return {
		time,
		...(cpu === undefined ? {} : {cpuPercent: cpu}),
		memoryUsage,
		memoryLimit,
		memoryPercent: percentOf(memoryUsage, memoryLimit),
		netRx,
		netTx,
		blockRead: block.read,
		blockWrite: block.write,
		pids: raw.pids_stats?.current ?? 0,
	};
}
