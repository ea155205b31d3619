// Parsers for the cgroup and /proc text files the local stats reader uses. Pure, so they can be
// tested on recorded file contents.
import type {RawBlockEntry} from './stats-math.js';

export interface CgroupMembership {
	/** v1 controllers of the hierarchy (e.g. ["cpu", "cpuacct"]); empty for the v2 unified hierarchy. */
	controllers: string[];
	/** The cgroup's path inside that hierarchy, e.g. "/docker/<id>". */
	path: string;
}

/** `/proc/<pid>/cgroup`: one "hierarchy-id:controllers:path" line per hierarchy. */
export function parseCgroupMembership(text: string): CgroupMembership[] {
	const memberships: CgroupMembership[] = [];
	for (const line of text.split('\n')) {
		const first = line.indexOf(':');
		const second = line.indexOf(':', first + 1);
		if (first === -1 || second === -1) {
			continue;
		}
		const controllers = line.slice(first + 1, second);
		memberships.push({controllers: controllers === '' ? [] : controllers.split(','), path: line.slice(second + 1)});
	}
	return memberships;
}

/**
 * The values of `keys` among "key value" lines, as in memory.stat and cpu.stat. Only the keys
 * asked for are looked up: taking all of memory.stat apart for every container every second
 * was a quarter of what berth allocated.
 */
export function pickKeyedValues(text: string, keys: readonly string[]): Record<string, number> {
	const values: Record<string, number> = {};
	for (const key of keys) {
		const pattern = `${key} `;
		let start = text.startsWith(pattern) ? 0 : text.indexOf(`\n${pattern}`) + 1;
		if (start === 0 && !text.startsWith(pattern)) {
			continue;
		}
		start += pattern.length;
		const end = text.indexOf('\n', start);
		values[key] = Number(text.slice(start, end === -1 ? text.length : end));
	}
	return values;
}

/** A single number; "max" (cgroup v2's "no limit") is Infinity. */
export function parseCount(text: string): number {
	const trimmed = text.trim();
	return trimmed === 'max' ? Number.POSITIVE_INFINITY : Number(trimmed);
}

/** cgroup v1 blkio byte counts: "major:minor Op bytes" lines, then a device-less "Total bytes" line. */
export function parseBlkio(text: string): RawBlockEntry[] {
	const entries: RawBlockEntry[] = [];
	for (const line of text.split('\n')) {
		const [device, op, value] = line.trim().split(/\s+/);
		if (device?.includes(':') && op !== undefined && value !== undefined) {
			entries.push({op, value: Number(value)});
		}
	}
	return entries;
}

/** cgroup v2 io.stat: "major:minor rbytes=N wbytes=N rios=N …" per device, as read and write entries. */
export function parseIoStat(text: string): RawBlockEntry[] {
	const entries: RawBlockEntry[] = [];
	for (const line of text.split('\n')) {
		for (const field of line.trim().split(/\s+/).slice(1)) {
			const [key, value] = field.split('=');
			if (key === 'rbytes' || key === 'wbytes') {
				entries.push({op: key === 'rbytes' ? 'read' : 'write', value: Number(value)});
			}
		}
	}
	return entries;
}

/**
 * Received and sent bytes over the interfaces of `/proc/<pid>/net/dev` (the process's network
 * namespace), loopback left out as the engine leaves it out.
 */
export function parseNetDev(text: string): {rx: number; tx: number} {
	let rx = 0;
	let tx = 0;
	for (const line of text.split('\n')) {
		const colon = line.indexOf(':');
		// The two header lines have no "name:" prefix.
		if (colon === -1 || line.slice(0, colon).trim() === 'lo') {
			continue;
		}
		// 8 receive counters (bytes first), then 8 transmit counters (bytes first).
		const counters = line.slice(colon + 1).trim().split(/\s+/);
		rx += Number(counters[0] ?? 0);
		tx += Number(counters[8] ?? 0);
	}
	return {rx, tx};
}

/** MemTotal from /proc/meminfo, in bytes. */
export function parseMemTotal(text: string): number | undefined {
	const match = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
	return match ? Number(match[1]) * 1024 : undefined;
}
