// Podman's stats. Its Docker-compatible stream sends a reading every 5 seconds, whatever is asked,
// and its `system_cpu_usage` is the CPU time all of the host's processes used (the root cgroup's),
// not the host's whole CPU time, so Docker's CPU% formula overstates a container on a host that
// idles. Podman's own stream (`/libpod/containers/stats`) takes an interval and reports wall time
// beside the container's CPU time, and berth counts CPU% from those as its cgroup reader does.
// Before 4.4 podman swapped received and sent bytes (containers/podman#16618, in both streams).
import type {Readable} from 'node:stream';
import type {StatsHandlers, StatsSample, Subscription} from '../types.js';
import {followStatsStream} from './api-stats.js';
import {cpuPercent, percentOf} from './stats-math.js';

/** One container's entry in a libpod stats reading, as far as berth reads it. */
export interface RawPodmanStats {
	/** The container's CPU time, in nanoseconds. */
	CPUNano?: number;
	/** The host's wall clock when read, in nanoseconds since the epoch; 0 once the container has stopped. */
	SystemNano?: number;
	MemUsage?: number;
	MemLimit?: number;
	NetInput?: number;
	NetOutput?: number;
	BlockInput?: number;
	BlockOutput?: number;
	PIDs?: number;
}

export interface RawPodmanStatsReading {
	/** Set (often to an empty object) when podman could not read the container, e.g. it is gone. */
	Error?: unknown;
	Stats?: RawPodmanStats[] | null;
}

/** The query for a stream of one container's readings `intervalMs` apart (whole seconds, at least one). */
export function podmanStatsQuery(id: string, intervalMs: number): Record<string, unknown> {
	return {containers: [id], stream: true, interval: Math.max(1, Math.round(intervalMs / 1000))};
}

/** Whether this podman version reports a container's sent bytes as received and the other way round. */
export function swapsNetworkBytes(version: string): boolean {
	const [major = 0, minor = 0] = version.split('.').map(part => Number.parseInt(part, 10));
	return major < 4 || (major === 4 && minor < 4);
}

/** A sample from a reading and the one before it (undefined for the first: no CPU% yet). */
export function sampleFromPodman(raw: RawPodmanStats, previous: RawPodmanStats | undefined, swapped: boolean): StatsSample {
	const memoryUsage = raw.MemUsage ?? 0;
	const memoryLimit = raw.MemLimit ?? 0;
	const cpu =
		previous === undefined
			? undefined
			: cpuPercent((raw.CPUNano ?? 0) - (previous.CPUNano ?? 0), (raw.SystemNano ?? 0) - (previous.SystemNano ?? 0), 1);
	return {
		time: Math.floor((raw.SystemNano ?? 0) / 1e6),
		...(cpu === undefined ? {} : {cpuPercent: cpu}),
		memoryUsage,
		memoryLimit,
		memoryPercent: percentOf(memoryUsage, memoryLimit),
		netRx: (swapped ? raw.NetOutput : raw.NetInput) ?? 0,
		netTx: (swapped ? raw.NetInput : raw.NetOutput) ?? 0,
		blockRead: raw.BlockInput ?? 0,
		blockWrite: raw.BlockOutput ?? 0,
		pids: raw.PIDs ?? 0,
	};
}

/**
 * Follows podman's stats stream for one container. Podman never ends it: once the container stops
 * it sends zeroed readings, and the first of those ends the subscription.
 */
export function streamPodmanStats(
	open: (signal: AbortSignal) => Promise<Readable>,
	describe: (error: unknown) => string,
	version: string,
	handlers: StatsHandlers,
): Subscription {
	const swapped = swapsNetworkBytes(version);
	let previous: RawPodmanStats | undefined;
	return followStatsStream(open, describe, handlers, value => {
		const reading = value as RawPodmanStatsReading;
		const raw = reading.Stats?.[0];
		if (reading.Error !== null && reading.Error !== undefined) {
			return {error: 'podman could not read the container’s stats (it may have been removed)'};
		}
		if (!raw?.SystemNano) {
			return {end: true};
		}
		const sample = sampleFromPodman(raw, previous, swapped);
		previous = raw;
		return {sample};
	});
}
