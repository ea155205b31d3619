import {isIP} from 'node:net';
import {parseEntries, type Field} from './field.js';
import {t} from '../i18n/translate.js';

export interface ExtraHost {
	host: string;
	/** An IP address, or `host-gateway` (the engine puts in the host's address). */
	ip: string;
}

const HOST_GATEWAY = 'host-gateway';

/** One IP address, v4 or v6. */
export function parseIp(entry: string): Field<string> {
	return isIP(entry) === 0 ? {error: t('{entry} is not an IP address', {entry})} : {value: entry};
}

/** The dns field: IP addresses separated by newlines or commas. */
export function parseIpList(text: string, field = 'dns'): Field<string[]> {
	return parseEntries(field, text, true, parseIp);
}

/** `host:ip` (the address may be IPv6, bracketed or not), also `host=ip`; the ip may be host-gateway. */
export function parseExtraHost(entry: string): Field<ExtraHost> {
	const separator = entry.search(/[:=]/);
	const host = separator === -1 ? entry : entry.slice(0, separator);
	const address = separator === -1 ? '' : entry.slice(separator + 1);
	const ip = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
	if (host === '' || /\s/.test(host)) {
		return {error: t('{entry} has no host name (use host:ip)', {entry})};
	}
	if (ip !== HOST_GATEWAY && isIP(ip) === 0) {
		return {error: address ? t('{entry}: {address} is not an IP address (use host:ip)', {entry, address}) : t('{entry}: nothing is not an IP address (use host:ip)', {entry})};
	}
	return {value: {host, ip}};
}

/** The extra-hosts field: entries separated by newlines or commas. */
export function parseExtraHosts(text: string, field = 'extra-hosts'): Field<ExtraHost[]> {
	return parseEntries(field, text, true, parseExtraHost);
}

/** The `--add-host` text (and the engine's ExtraHosts entry) of one host. */
export function formatExtraHost({host, ip}: ExtraHost): string {
	return `${host}:${ip}`;
}
