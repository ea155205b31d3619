import {compareText} from './compare.js';

/** One port of a container as the engine lists it (the same shape as the engine's PortMapping). */
export interface PortEntry {
	privatePort: number;
	publicPort?: number;
	ip?: string;
	type: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[\da-f]{1,4}$/i;

function ipv4Hex(ip: string): string | undefined {
	const match = IPV4.exec(ip);
	if (!match) {
		return undefined;
	}
	const octets = match.slice(1).map(Number);
	return octets.every(octet => octet <= 255) ? octets.map(octet => octet.toString(16).padStart(2, '0')).join('') : undefined;
}

function ipv6Hex(ip: string): string | undefined {
	const halves = ip.split('::');
	if (halves.length > 2) {
		return undefined;
	}
	const groups = (half: string | undefined): string[] | undefined => {
		if (!half) {
			return [];
		}
		const parts = half.split(':');
		const last = parts[parts.length - 1] ?? '';
		// An IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
		const tail = last.includes('.') ? ipv4Hex(last) : undefined;
		if (tail !== undefined) {
			parts.splice(-1, 1, tail.slice(0, 4), tail.slice(4));
		}
		return parts.every(part => HEX_GROUP.test(part)) ? parts : undefined;
	};
	const head = groups(halves[0]);
	const rest = groups(halves[1]);
	if (!head || !rest) {
		return undefined;
	}
	const missing = 8 - head.length - rest.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) {
		return undefined;
	}
	return [...head, ...Array<string>(missing).fill('0'), ...rest].map(group => group.padStart(4, '0').toLowerCase()).join('');
}

/** A key that orders addresses as docker does: none first, then IPv4, then IPv6, numerically. */
function addressKey(ip: string | undefined): string {
	if (!ip) {
		return '0';
	}
	const v4 = ipv4Hex(ip);
	if (v4 !== undefined) {
		return `1${v4}`;
	}
	const [address = '', zone] = ip.split('%');
	const v6 = ipv6Hex(address);
	if (v6 !== undefined) {
		return `2${v6}${zone === undefined ? '' : `%${zone}`}`;
	}
	return `3${ip}`;
}

function hostAndPort(ip: string, port: string): string {
	return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

interface Group {
	ip?: string;
	type: string;
	first: number;
	last: number;
}

function formatGroup({ip, type, first, last}: Group): string {
	const range = first === last ? String(first) : `${first}-${last}`;
	return ip === undefined ? `${range}/${type}` : `${hostAndPort(ip, range)}->${range}/${type}`;
}

/**
 * The PORTS column of `docker ps`: "0.0.0.0:8000-8002->8000-8002/tcp, 443/tcp,
 * 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp". As docker does, ports are sorted, consecutive ports
 * published on the same port number are collapsed into ranges, and ports published on another
 * port number are listed last, one by one.
 */
export function formatPorts(ports: readonly PortEntry[]): string {
	const sorted = ports
		.map(port => ({port, address: addressKey(port.ip)}))
		.sort(
			(a, b) =>
				a.port.privatePort - b.port.privatePort ||
				compareText(a.address, b.address) ||
				(a.port.publicPort ?? 0) - (b.port.publicPort ?? 0) ||
				compareText(a.port.type, b.port.type),
		)
		.map(({port}) => port);

	const done: string[] = [];
	const remapped: string[] = [];
	// Open groups by address and protocol, in the order they were first opened.
	const groups = new Map<string, Group>();
	for (const {privatePort, publicPort, ip, type} of sorted) {
		const published = ip !== undefined && ip !== '' && publicPort !== undefined;
		if (published && publicPort !== privatePort) {
			remapped.push(`${hostAndPort(ip, String(publicPort))}->${privatePort}/${type}`);
			continue;
		}
		const key = published ? `${ip}/${type}` : type;
		const group = groups.get(key);
		if (group && privatePort === group.last + 1) {
			group.last = privatePort;
			continue;
		}
		if (group) {
			done.push(formatGroup(group));
		}
		groups.set(key, {ip: published ? ip : undefined, type, first: privatePort, last: privatePort});
	}
	return [...done, ...[...groups.values()].map(formatGroup), ...remapped].join(', ');
}
