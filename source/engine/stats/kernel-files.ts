// Parsers for the cgroup and /proc text files the local stats reader uses. Pure, so they can be
// tested on recorded file contents. Those read every second take the file's bytes as read: each
// container's seven files decoded into strings and split into lines were a sixth of what berth
// allocated at 21 running.
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

const NEWLINE = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
const ZERO = 0x30;

function isDigit(byte: number | undefined): boolean {
	return byte !== undefined && byte >= ZERO && byte <= ZERO + 9;
}

function isBlank(byte: number | undefined): boolean {
	return byte === SPACE || byte === TAB || byte === NEWLINE;
}

/** Where the last numberAt call stopped: the byte after the number's last digit. */
let numberEnd = 0;

/**
 * The decimal digits from `start` as a number (NaN when there are none). Up to 15 digits add up
 * exactly in a double; longer ones (a v1 "no limit" of 2^63) are read as text to round as Number does.
 */
function numberAt(bytes: Buffer, start: number): number {
	let end = start;
	let value = 0;
	while (isDigit(bytes[end])) {
		value = value * 10 + bytes[end]! - ZERO;
		end++;
	}
	numberEnd = end;
	if (end === start) {
		return Number.NaN;
	}
	return end - start > 15 ? Number(bytes.toString('latin1', start, end)) : value;
}

function skipBlanks(bytes: Buffer, start: number, end = bytes.length): number {
	let at = start;
	while (at < end && isBlank(bytes[at])) {
		at++;
	}
	return at;
}

/** Calls `visit` with where each line starts and ends (before its newline). */
function eachLine(bytes: Buffer, visit: (start: number, end: number) => void): void {
	for (let start = 0; start < bytes.length; ) {
		const newline = bytes.indexOf(NEWLINE, start);
		const end = newline === -1 ? bytes.length : newline;
		visit(start, end);
		start = end + 1;
	}
}

const keyLines = new Map<string, Buffer>();

/** The key's line as searched for: "\nKEY ". */
function keyLine(key: string): Buffer {
	let line = keyLines.get(key);
	if (!line) {
		line = Buffer.from(`\n${key} `, 'latin1');
		keyLines.set(key, line);
	}
	return line;
}

/** Where the value of the line that starts with `line` (without its newline) begins, or -1. */
function valueStart(bytes: Buffer, line: Buffer): number {
	// The first line has no newline before it.
	if (bytes.length >= line.length - 1 && line.compare(bytes, 0, line.length - 1, 1) === 0) {
		return line.length - 1;
	}
	const found = bytes.indexOf(line);
	return found === -1 ? -1 : found + line.length;
}

/**
 * The values of `keys` among "key value" lines, as in memory.stat and cpu.stat. Only the keys
 * asked for are looked up.
 */
export function pickKeyedValues(bytes: Buffer, keys: readonly string[]): Record<string, number> {
	const values: Record<string, number> = {};
	for (const key of keys) {
		const start = valueStart(bytes, keyLine(key));
		if (start !== -1) {
			values[key] = numberAt(bytes, start);
		}
	}
	return values;
}

const MAX = Buffer.from('max');

/**
 * A single number; "max" (cgroup v2's "no limit") is Infinity. Blanks around it are allowed, and
 * an empty file reads as 0, as it did when these were read as text.
 */
export function parseCount(bytes: Buffer): number {
	const start = skipBlanks(bytes, 0);
	if (MAX.compare(bytes, start, Math.min(start + MAX.length, bytes.length)) === 0) {
		return skipBlanks(bytes, start + MAX.length) === bytes.length ? Number.POSITIVE_INFINITY : Number.NaN;
	}
	if (start === bytes.length) {
		return 0;
	}
	const value = numberAt(bytes, start);
	return skipBlanks(bytes, numberEnd) === bytes.length ? value : Number.NaN;
}

/** The word from `start` to the next blank. */
function wordEnd(bytes: Buffer, start: number, end: number): number {
	let at = start;
	while (at < end && !isBlank(bytes[at])) {
		at++;
	}
	return at;
}

const READ = Buffer.from('Read');
const WRITE = Buffer.from('Write');

/**
 * cgroup v1 blkio byte counts, read and written: "major:minor Op bytes" lines, then a device-less
 * "Total bytes" line.
 */
export function blkioTotals(bytes: Buffer): {read: number; write: number} {
	let read = 0;
	let write = 0;
	eachLine(bytes, (start, end) => {
		const deviceStart = skipBlanks(bytes, start, end);
		const deviceEnd = wordEnd(bytes, deviceStart, end);
		const colon = bytes.indexOf(COLON, deviceStart);
		if (colon === -1 || colon >= deviceEnd) {
			return;
		}
		const opStart = skipBlanks(bytes, deviceEnd, end);
		const opEnd = wordEnd(bytes, opStart, end);
		const value = numberAt(bytes, skipBlanks(bytes, opEnd, end));
		if (READ.compare(bytes, opStart, opEnd) === 0) {
			read += value;
		} else if (WRITE.compare(bytes, opStart, opEnd) === 0) {
			write += value;
		}
	});
	return {read, write};
}

const READ_BYTES = Buffer.from('rbytes=');
const WRITE_BYTES = Buffer.from('wbytes=');

/** cgroup v2 io.stat, read and written: "major:minor rbytes=N wbytes=N rios=N …" per device. */
export function ioStatTotals(bytes: Buffer): {read: number; write: number} {
	let read = 0;
	let write = 0;
	eachLine(bytes, (start, end) => {
		// The first word is the device.
		let at = wordEnd(bytes, skipBlanks(bytes, start, end), end);
		while ((at = skipBlanks(bytes, at, end)) < end) {
			const fieldEnd = wordEnd(bytes, at, end);
			if (READ_BYTES.compare(bytes, at, Math.min(at + READ_BYTES.length, fieldEnd)) === 0) {
				read += numberAt(bytes, at + READ_BYTES.length);
			} else if (WRITE_BYTES.compare(bytes, at, Math.min(at + WRITE_BYTES.length, fieldEnd)) === 0) {
				write += numberAt(bytes, at + WRITE_BYTES.length);
			}
			at = fieldEnd;
		}
	});
	return {read, write};
}

const LOOPBACK = Buffer.from('lo');

/**
 * Received and sent bytes over the interfaces of `/proc/<pid>/net/dev` (the process's network
 * namespace), loopback left out as the engine leaves it out.
 */
export function parseNetDev(bytes: Buffer): {rx: number; tx: number} {
	let rx = 0;
	let tx = 0;
	eachLine(bytes, (start, end) => {
		const colon = bytes.indexOf(COLON, start);
		// The two header lines have no "name:" prefix.
		if (colon === -1 || colon >= end) {
			return;
		}
		const nameStart = skipBlanks(bytes, start, colon);
		if (LOOPBACK.compare(bytes, nameStart, colon) === 0) {
			return;
		}
		// 8 receive counters (bytes first), then 8 transmit counters (bytes first).
		let at = colon + 1;
		for (let counter = 0; counter <= 8; counter++) {
			// A missing counter counts as none.
			const value = numberAt(bytes, skipBlanks(bytes, at, end)) || 0;
			at = numberEnd;
			if (counter === 0) {
				rx += value;
			} else if (counter === 8) {
				tx += value;
			}
		}
	});
	return {rx, tx};
}

/** MemTotal from /proc/meminfo, in bytes. */
export function parseMemTotal(text: string): number | undefined {
	const match = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
	return match ? Number(match[1]) * 1024 : undefined;
}
