import {isIP} from 'node:net';
import {parseEntries, wholeNumber, type Field} from './field.js';
import {t} from '../i18n/translate.js';

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One published container port, as `-p` describes it (ranges are expanded to one spec a port). */
export interface PortSpec {
	/** The host address to listen on; all addresses when absent. */
	hostIp?: string;
	/** The host port, or a range the engine picks one from; a free port of its choosing when absent. */
	hostPorts?: {first: number; last: number};
	containerPort: number;
	protocol: Protocol;
}

const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp'];

function portRange(text: string): {first: number; last: number} | undefined {
	const [firstText = '', lastText = firstText, extra] = text.split('-');
	const first = wholeNumber(firstText, 1, 65_535);
	const last = wholeNumber(lastText, 1, 65_535);
	return extra === undefined && first !== undefined && last !== undefined && first <= last ? {first, last} : undefined;
}

/**
 * One `-p` entry: `ctr`, `host:ctr`, `ip:host:ctr`, `ip::ctr`, `[ipv6]:host:ctr`, each with an
 * optional `/tcp`, `/udp` or `/sctp`; either port may be a range (`8000-8002:80-82`), and a host
 * range with a single container port lets the engine pick a free host port from it.
 */
export function parsePortSpec(entry: string): Field<PortSpec[]> {
	const slash = entry.lastIndexOf('/');
	const protocol = (slash === -1 ? 'tcp' : entry.slice(slash + 1)).toLowerCase();
	if (!PROTOCOLS.includes(protocol)) {
		return {error: t('{entry}: unknown protocol {protocol} (use tcp, udp or sctp)', {entry, protocol})};
	}
	// As docker splits: the last part is the container port, the one before the host port, the rest the address.
	const parts = (slash === -1 ? entry : entry.slice(0, slash)).split(':');
	const containerText = parts.pop() ?? '';
	const hostText = parts.pop() ?? '';
	const ipText = parts.join(':');
	const ip = ipText.startsWith('[') && ipText.endsWith(']') ? ipText.slice(1, -1) : ipText;
	if (ip !== '' && isIP(ip) === 0) {
		return {error: t('{entry}: {address} is not an IP address', {entry, address: ipText})};
	}
	const container = portRange(containerText);
	const host = hostText === '' ? undefined : portRange(hostText);
	if (!container || (hostText !== '' && !host)) {
		const bad = container ? hostText : containerText;
		return {error: bad ? t('{entry} is not a port ({bad} is not a port number from 1 to 65535 or a range of them)', {entry, bad}) : t('{entry} is not a port (nothing is not a port number from 1 to 65535 or a range of them)', {entry})};
	}
	const count = container.last - container.first + 1;
	if (host && host.last - host.first + 1 !== count && count !== 1) {
		return {error: t('{entry}: the host range {host} and the container range {container} differ in length', {entry, host: hostText, container: containerText})};
	}
	return {
		value: Array.from({length: count}, (_, index) => ({
			...(ip === '' ? {} : {hostIp: ip}),
			...(host
				? {hostPorts: count === 1 ? host : {first: host.first + index, last: host.first + index}}
				: {}),
			containerPort: container.first + index,
			protocol: protocol as Protocol,
		})),
	};
}

/** The ports field: entries separated by newlines or commas. */
export function parsePortSpecs(text: string, field = 'ports'): Field<PortSpec[]> {
	const result = parseEntries(field, text, true, parsePortSpec);
	return 'error' in result ? result : {value: result.value.flat()};
}

/** The host port as the engine's HostPort takes it: "8080", "9000-9010", or "" for any. */
export function formatHostPorts(spec: PortSpec): string {
	const ports = spec.hostPorts;
	return !ports ? '' : ports.first === ports.last ? String(ports.first) : `${ports.first}-${ports.last}`;
}

/** The `-p` text of one spec, the inverse of parsePortSpec. */
export function formatPortSpec(spec: PortSpec): string {
	const ip = spec.hostIp === undefined ? '' : spec.hostIp.includes(':') ? `[${spec.hostIp}]` : spec.hostIp;
	const host = formatHostPorts(spec);
	const prefix = ip !== '' ? `${ip}:${host}:` : host !== '' ? `${host}:` : '';
	return `${prefix}${spec.containerPort}${spec.protocol === 'tcp' ? '' : `/${spec.protocol}`}`;
}
