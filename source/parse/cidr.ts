// CIDR blocks (IPv4 and IPv6) and the network form's checks: subnets, gateways and ranges, as the
// engine would take them, with messages that name the field and say why.
import {isIP} from 'node:net';
import type {Field} from './field.js';
import {t} from '../i18n/translate.js';

export type IpFamily = 4 | 6;

/** A parsed block: its network address (host bits clear), in the canonical text of its family. */
export interface Cidr {
	family: IpFamily;
	/** The network address, e.g. "10.1.0.0" or "fd00:1::". */
	address: string;
	prefix: number;
	/** `address/prefix`, e.g. "fd00:1::/64". */
	text: string;
}

const BITS: Record<IpFamily, number> = {4: 32, 6: 128};

function ipv4Value(text: string): bigint | undefined {
	if (isIP(text) !== 4) {
		return undefined;
	}
	return text.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Value(text: string): bigint | undefined {
	// Zone ids (fe80::1%eth0) name an interface, not an address in a subnet.
	if (isIP(text) !== 6 || text.includes('%')) {
		return undefined;
	}
	let hex = text;
	const lastColon = hex.lastIndexOf(':');
	const tail = hex.slice(lastColon + 1);
	if (tail.includes('.')) {
		const v4 = ipv4Value(tail);
		if (v4 === undefined) {
			return undefined;
		}
		hex = `${hex.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
	}
	const [left = '', right, extra] = hex.split('::');
	if (extra !== undefined) {
		return undefined;
	}
	const head = left === '' ? [] : left.split(':');
	const rest = right === undefined || right === '' ? [] : right.split(':');
	const missing = 8 - head.length - rest.length;
	if ((right === undefined && missing !== 0) || missing < 0) {
		return undefined;
	}
	const groups = [...head, ...Array.from({length: right === undefined ? 0 : missing}, () => '0'), ...rest];
	return groups.reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

/** An address's family and value, or undefined when it is not an IP address. */
function ipValue(text: string): {family: IpFamily; value: bigint} | undefined {
	const v4 = ipv4Value(text);
	if (v4 !== undefined) {
		return {family: 4, value: v4};
	}
	const v6 = ipv6Value(text);
	return v6 === undefined ? undefined : {family: 6, value: v6};
}

function formatIpv4(value: bigint): string {
	return [24n, 16n, 8n, 0n].map(shift => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952: lower-case hex without leading zeros, the longest run of two or more zero groups as "::". */
function formatIpv6(value: bigint): string {
	const groups = Array.from({length: 8}, (_, index) => Number((value >> BigInt(112 - index * 16)) & 0xffffn));
	let bestStart = -1;
	let bestLength = 1;
	for (let start = 0; start < 8; ) {
		if (groups[start] !== 0) {
			start += 1;
			continue;
		}
		let end = start;
		while (end < 8 && groups[end] === 0) {
			end += 1;
		}
		if (end - start > bestLength) {
			bestStart = start;
			bestLength = end - start;
		}
		start = end;
	}
	const hex = groups.map(group => group.toString(16));
	if (bestStart === -1) {
		return hex.join(':');
	}
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function formatIp(family: IpFamily, value: bigint): string {
	return family === 4 ? formatIpv4(value) : formatIpv6(value);
}

/** The mask of the network bits of a prefix. */
function networkMask(family: IpFamily, prefix: number): bigint {
	const bits = BigInt(BITS[family]);
	const all = (1n << bits) - 1n;
	return all ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

function split(text: string): {address: string; prefixText: string} | undefined {
	const slash = text.indexOf('/');
	return slash === -1 ? undefined : {address: text.slice(0, slash), prefixText: text.slice(slash + 1)};
}

function prefixOf(prefixText: string, family: IpFamily): number | undefined {
	if (!/^\d{1,3}$/.test(prefixText)) {
		return undefined;
	}
	const prefix = Number(prefixText);
	return prefix <= BITS[family] ? prefix : undefined;
}

function makeCidr(family: IpFamily, value: bigint, prefix: number): Cidr {
	const address = formatIp(family, value & networkMask(family, prefix));
	return {family, address, prefix, text: `${address}/${prefix}`};
}

/**
 * A subnet in CIDR notation, IPv4 (`10.1.0.0/16`) or IPv6 (`fd00:1::/64`). The address must be
 * the network's own: host bits set is an error, as newer engines say ("it should be 10.1.0.0/16").
 */
export function parseCidr(text: string, field = 'subnet'): Field<Cidr> {
	const entry = text.trim();
	const parts = split(entry);
	if (entry === '') {
		return {error: t('{field}: nothing is not a subnet (use address/prefix, e.g. 10.1.0.0/16)', {field})};
	}
	if (!parts) {
		return {error: t('{field}: {entry} has no prefix length (use address/prefix, e.g. 10.1.0.0/16)', {field, entry})};
	}
	const ip = ipValue(parts.address);
	if (!ip) {
		return {error: parts.address ? t('{field}: {entry}: {address} is not an IP address', {field, entry, address: parts.address}) : t('{field}: {entry}: nothing is not an IP address', {field, entry})};
	}
	const prefix = prefixOf(parts.prefixText, ip.family);
	if (prefix === undefined) {
		const values = {field, entry, bits: BITS[ip.family], family: ip.family};
		return {
			error: parts.prefixText
				? t('{field}: {entry}: the prefix length {prefix} is not a number from 0 to {bits} (IPv{family})', {...values, prefix: parts.prefixText})
				: t('{field}: {entry}: the prefix length nothing is not a number from 0 to {bits} (IPv{family})', values),
		};
	}
	const cidr = makeCidr(ip.family, ip.value, prefix);
	if ((ip.value & networkMask(ip.family, prefix)) !== ip.value) {
		return {error: t('{field}: {entry} has host bits set (it should be {cidr})', {field, entry, cidr: cidr.text})};
	}
	return {value: cidr};
}

/**
 * A block as the engine may report it, host bits and all (older engines keep them): the network
 * it stands for, or undefined when it is not CIDR notation.
 */
export function toCidr(value: string | Cidr): Cidr | undefined {
	if (typeof value !== 'string') {
		return value;
	}
	const parts = split(value.trim());
	const ip = parts && ipValue(parts.address);
	const prefix = parts && ip ? prefixOf(parts.prefixText, ip.family) : undefined;
	return ip && prefix !== undefined ? makeCidr(ip.family, ip.value, prefix) : undefined;
}

function range(cidr: Cidr): {first: bigint; last: bigint} {
	const first = ipValue(cidr.address)?.value ?? 0n;
	const hostBits = BigInt(BITS[cidr.family] - cidr.prefix);
	return {first, last: first + (1n << hostBits) - 1n};
}

/** The IP family of an address, or undefined when it is not one. */
export function ipFamily(ip: string): IpFamily | undefined {
	return ipValue(ip.trim())?.family;
}

/** Whether `ip` is an address of the block (false for anything that is not an address or a block). */
export function ipInCidr(ip: string, cidr: string | Cidr): boolean {
	const address = ipValue(ip.trim());
	const block = toCidr(cidr);
	if (!address || !block || address.family !== block.family) {
		return false;
	}
	const {first, last} = range(block);
	return address.value >= first && address.value <= last;
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrContains(outer: string | Cidr, inner: string | Cidr): boolean {
	const a = toCidr(outer);
	const b = toCidr(inner);
	return a !== undefined && b !== undefined && a.family === b.family && a.prefix <= b.prefix && ipInCidr(b.address, a);
}

/** Whether two blocks share any address (never across families). */
export function cidrsOverlap(a: string | Cidr, b: string | Cidr): boolean {
	return cidrContains(a, b) || cidrContains(b, a);
}

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const DRIVER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_./:-]*$/;

/** A network's name: letters, digits and `_ . -`, starting with a letter or digit, as the CLI's other names. */
export function parseNetworkName(text: string, field = 'name'): Field<string> {
	const name = text.trim();
	if (name === '') {
		return {error: t('{field}: a network needs a name', {field})};
	}
	if (!NETWORK_NAME.test(name)) {
		return {
			error: t('{field}: {name} has characters a network name cannot have (use letters, digits, _ . and -, starting with a letter or digit)', {field, name}),
		};
	}
	return {value: name};
}

/** The fields of the new-network form, as text. Other fields (labels, options, toggles) may ride along. */
export interface NetworkFormFields {
	name: string;
	/** Empty means bridge. */
	driver: string;
	/** An IPv4 subnet; empty lets the engine pick one. */
	subnet: string;
	gateway: string;
	ipRange: string;
	ipv6Subnet?: string;
	ipv6Gateway?: string;
	/** When true, the network gets IPv6 and needs an IPv6 subnet (the engine has no IPv6 pool of its own). */
	ipv6?: boolean;
	readonly [other: string]: unknown;
}

export type NetworkFormField = 'name' | 'driver' | 'subnet' | 'gateway' | 'ipRange' | 'ipv6Subnet' | 'ipv6Gateway';

/** Each failing field's message, e.g. {subnet: 'subnet: 172.17.0.0/16 overlaps network bridge'}. */
export type NetworkFormErrors = Partial<Record<NetworkFormField, string>>;

/** The names the form (and the docker CLI's flags) give the fields in messages. */
export const networkFieldLabels: Readonly<Record<NetworkFormField, string>> = {
	name: 'name',
	driver: 'driver',
	subnet: 'subnet',
	gateway: 'gateway',
	ipRange: 'ip-range',
	ipv6Subnet: 'ipv6-subnet',
	ipv6Gateway: 'ipv6-gateway',
};

/** A network already on the engine, for the name and overlap checks. */
export interface ExistingNetwork {
	name: string;
	subnets: string[];
	/** "local" or "swarm" when known: pools of different scopes live in different address spaces. */
	scope?: string;
}

function subnetField(
	text: string | undefined,
	key: 'subnet' | 'ipv6Subnet',
	family: IpFamily,
	errors: NetworkFormErrors,
): Cidr | undefined {
	const entry = text?.trim() ?? '';
	if (entry === '') {
		return undefined;
	}
	const label = networkFieldLabels[key];
	const parsed = parseCidr(entry, label);
	if ('error' in parsed) {
		errors[key] = parsed.error;
		return undefined;
	}
	if (parsed.value.family !== family) {
		errors[key] =
			family === 4
				? t('{field}: {entry} is an IPv6 subnet (put it in {other})', {field: label, entry, other: networkFieldLabels.ipv6Subnet})
				: t('{field}: {entry} is an IPv4 subnet (put it in {other})', {field: label, entry, other: networkFieldLabels.subnet});
		return undefined;
	}
	return parsed.value;
}

function gatewayField(
	text: string | undefined,
	key: 'gateway' | 'ipv6Gateway',
	subnet: Cidr | undefined,
	subnetKey: 'subnet' | 'ipv6Subnet',
	errors: NetworkFormErrors,
): void {
	const entry = text?.trim() ?? '';
	if (entry === '') {
		return;
	}
	const label = networkFieldLabels[key];
	const family = key === 'gateway' ? 4 : 6;
	const found = ipFamily(entry);
	if (found !== family) {
		errors[key] = t('{field}: {entry} is not an IPv{family} address', {field: label, entry, family});
	} else if (!subnet) {
		if (errors[subnetKey] === undefined) {
			errors[key] = t('{field}: a gateway needs a {subnet} to be in (the engine picks the gateway of a subnet it picks)', {field: label, subnet: networkFieldLabels[subnetKey]});
		}
	} else if (!ipInCidr(entry, subnet)) {
		errors[key] = t('{field}: {entry} is not in the subnet {subnet}', {field: label, entry, subnet: subnet.text});
	}
}

/** Names the first existing network whose pool overlaps `cidr`, with that pool when it reads differently. */
export function overlappingNetwork(
	cidr: Cidr,
	existing: readonly ExistingNetwork[],
	scope?: string,
): {name: string; subnet: string} | undefined {
	for (const network of existing) {
		if (scope !== undefined && network.scope !== undefined && network.scope !== scope) {
			continue;
		}
		const subnet = network.subnets.find(pool => cidrsOverlap(cidr, pool));
		if (subnet !== undefined) {
			return {name: network.name, subnet};
		}
	}
	return undefined;
}

/** "overlaps network bridge", or "overlaps network bridge (172.17.0.0/16)" when the pools read differently. */
export function overlapReason(cidr: Cidr, other: {name: string; subnet: string}): string {
	const same = toCidr(other.subnet)?.text === cidr.text;
	return same ? t('{cidr} overlaps network {name}', {cidr: cidr.text, name: other.name}) : t('{cidr} overlaps network {name} ({subnet})', {cidr: cidr.text, name: other.name, subnet: other.subnet});
}

/**
 * Checks the new-network form against itself and the engine's networks: invalid CIDRs, gateways
 * and ranges outside their subnet, subnets overlapping another network's pool, bad or taken names.
 * Returns a message for every failing field; an empty object means the form is good to send.
 */
export function checkNetworkForm(fields: NetworkFormFields, existing: readonly ExistingNetwork[]): NetworkFormErrors {
	const errors: NetworkFormErrors = {};
	const name = parseNetworkName(fields.name, networkFieldLabels.name);
	if ('error' in name) {
		errors.name = name.error;
	} else if (existing.some(network => network.name === name.value)) {
		errors.name = t('{field}: a network named {name} already exists', {field: networkFieldLabels.name, name: name.value});
	}
	const driver = fields.driver.trim();
	if (driver !== '' && !DRIVER_NAME.test(driver)) {
		errors.driver = t('{field}: {driver} is not a driver name (e.g. bridge, macvlan, ipvlan, overlay)', {field: networkFieldLabels.driver, driver});
	}
	const scope = driver === 'overlay' ? 'swarm' : 'local';

	const subnet = subnetField(fields.subnet, 'subnet', 4, errors);
	const ipv6Subnet = subnetField(fields.ipv6Subnet, 'ipv6Subnet', 6, errors);
	for (const [key, cidr] of [
		['subnet', subnet],
		['ipv6Subnet', ipv6Subnet],
	] as const) {
		const other = cidr && overlappingNetwork(cidr, existing, scope);
		if (cidr && other) {
			errors[key] = t('{field}: {reason}', {field: networkFieldLabels[key], reason: overlapReason(cidr, other)});
		}
	}
	if (fields.ipv6 === true && ipv6Subnet === undefined && errors.ipv6Subnet === undefined) {
		errors.ipv6Subnet = t('{field}: IPv6 needs a subnet (engines have no IPv6 pool to pick one from unless configured with one)', {field: networkFieldLabels.ipv6Subnet});
	}

	gatewayField(fields.gateway, 'gateway', subnet, 'subnet', errors);
	gatewayField(fields.ipv6Gateway, 'ipv6Gateway', ipv6Subnet, 'ipv6Subnet', errors);

	const ipRangeText = fields.ipRange.trim();
	if (ipRangeText !== '') {
		const label = networkFieldLabels.ipRange;
		const ipRange = parseCidr(ipRangeText, label);
		if ('error' in ipRange) {
			errors.ipRange = ipRange.error;
		} else if (ipRange.value.family !== 4) {
			errors.ipRange = t('{field}: {entry} is not an IPv4 range', {field: label, entry: ipRangeText});
		} else if (!subnet) {
			if (errors.subnet === undefined) {
				errors.ipRange = t('{field}: a range needs a {subnet} to be inside', {field: label, subnet: networkFieldLabels.subnet});
			}
		} else if (!cidrContains(subnet, ipRange.value)) {
			errors.ipRange = t('{field}: {range} is not inside the subnet {subnet}', {field: label, range: ipRange.value.text, subnet: subnet.text});
		}
	}
	return errors;
}

/** The messages of a checked form, in field order, or [] when it is good. */
export function formErrorList(errors: NetworkFormErrors): string[] {
	return (Object.keys(networkFieldLabels) as NetworkFormField[]).flatMap(key => (errors[key] ? [errors[key]] : []));
}

/**
 * A static address for a container on a network, checked against the network's subnets before
 * the engine is asked: "ipv4: 10.9.0.5 is not in 172.30.0.0/16, the subnet of net-a". Undefined
 * when it fits.
 */
export function checkStaticAddress(
	field: 'ipv4' | 'ipv6',
	ip: string,
	network: {name: string; subnets: readonly string[]},
): string | undefined {
	const family: IpFamily = field === 'ipv4' ? 4 : 6;
	const entry = ip.trim();
	if (ipFamily(entry) !== family) {
		return entry ? t('{field}: {entry} is not an IPv{family} address', {field, entry, family}) : t('{field}: nothing is not an IPv{family} address', {field, family});
	}
	const subnets = network.subnets.flatMap(text => {
		const cidr = toCidr(text);
		return cidr?.family === family ? [cidr] : [];
	});
	if (subnets.length === 0) {
		return t('{field}: {name} has no IPv{family} subnet, so a container cannot have a static IPv{family} address on it', {field, name: network.name, family});
	}
	if (subnets.some(cidr => ipInCidr(entry, cidr))) {
		return undefined;
	}
	const list = subnets.map(cidr => cidr.text);
	return list.length === 1
		? t('{field}: {entry} is not in {subnet}, the subnet of {name}', {field, entry, subnet: list[0]!, name: network.name})
		: t('{field}: {entry} is not in {subnets} or {last}, the subnets of {name}', {field, entry, subnets: list.slice(0, -1).join(', '), last: list.at(-1)!, name: network.name});
}
