// OpenSSH's known_hosts files: which host keys the user has accepted. Pure apart from hashing;
// the files are read by the caller. berth only reads them, never writes.
import {createHash, createHmac, timingSafeEqual} from 'node:crypto';
import {wildcardMatch} from './ssh-config.js';

export interface KnownHostEntry {
	/** A marker line: `@revoked` keys are refused; `@cert-authority` lines are not used by berth. */
	marker?: 'revoked' | 'cert-authority';
	/** The host field: comma-separated patterns, or one hashed `|1|salt|hash` name. */
	hosts: string;
	keyType: string;
	key: Buffer;
	/** "file:line", for messages. */
	origin: string;
}

/** Parses known_hosts text; malformed lines are skipped, as ssh does. */
export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
	const entries: KnownHostEntry[] = [];
	for (const [index, raw] of text.split(/\r?\n/).entries()) {
		const fields = raw.trim().split(/\s+/);
		if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) {
			continue;
		}
		let marker: KnownHostEntry['marker'];
		if (fields[0].startsWith('@')) {
			const name = fields.shift()!;
			if (name !== '@revoked' && name !== '@cert-authority') {
				continue;
			}
			marker = name === '@revoked' ? 'revoked' : 'cert-authority';
		}
		const [hosts, keyType, encoded] = fields;
		if (hosts === undefined || keyType === undefined || encoded === undefined || !/^[A-Za-z0-9+/]+=*$/.test(encoded)) {
			continue;
		}
		const key = Buffer.from(encoded, 'base64');
		if (keyTypeOf(key) !== keyType) {
			continue;
		}
		entries.push({...(marker ? {marker} : {}), hosts, keyType, key, origin: `${file}:${index + 1}`});
	}
	return entries;
}

/** The name a host is recorded under: `host`, or `[host]:port` when the port is not 22. */
export function knownHostName(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

function hashedMatch(field: string, name: string): boolean {
	const [, version, salt, hash] = field.split('|');
	if (version !== '1' || salt === undefined || hash === undefined) {
		return false;
	}
	const expected = Buffer.from(hash, 'base64');
	const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether an entry's host field names `name` (as made by knownHostName). */
export function hostFieldMatches(field: string, name: string): boolean {
	if (field.startsWith('|')) {
		return hashedMatch(field, name);
	}
	let matched = false;
	for (const pattern of field.split(',')) {
		if (pattern.startsWith('!')) {
			if (wildcardMatch(pattern.slice(1), name)) {
				return false;
			}
		} else if (wildcardMatch(pattern, name)) {
			matched = true;
		}
	}
	return matched;
}

/** The key type named inside an SSH public key blob (its first string), or '' when malformed. */
export function keyTypeOf(blob: Buffer): string {
	if (blob.length < 4) {
		return '';
	}
	const length = blob.readUInt32BE(0);
	return length > 0 && length <= 64 && blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('latin1') : '';
}

/** `SHA256:...` as ssh-keygen -l and ssh show it. */
export function fingerprint(blob: Buffer): string {
	return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The short key type ssh prints beside a fingerprint: ED25519, ECDSA, RSA, DSA. */
export function keyTypeLabel(keyType: string): string {
	if (keyType === 'ssh-ed25519') {
		return 'ED25519';
	}
	if (keyType.startsWith('ecdsa-')) {
		return 'ECDSA';
	}
	if (keyType === 'ssh-rsa') {
		return 'RSA';
	}
	return keyType === 'ssh-dss' ? 'DSA' : keyType;
}

export type HostKeyVerdict =
	| {status: 'known'}
	| {status: 'revoked'; origin: string}
	/** The host has a different key of the same type: what a man-in-the-middle would look like. */
	| {status: 'changed'; origin: string}
	/** `otherTypes`: key types recorded for the host, none of which the server offered. */
	| {status: 'unknown'; otherTypes: string[]};

/** Checks the key a server presented against the entries for `name`. */
export function checkHostKey(entries: KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
	const keyType = keyTypeOf(key);
	const revoked = entries.find(entry => entry.marker === 'revoked' && entry.key.equals(key) && hostFieldMatches(entry.hosts, name));
	if (revoked) {
		return {status: 'revoked', origin: revoked.origin};
	}
	const forHost = entries.filter(entry => entry.marker === undefined && hostFieldMatches(entry.hosts, name));
	if (forHost.some(entry => entry.key.equals(key))) {
		return {status: 'known'};
	}
	const changed = forHost.find(entry => entry.keyType === keyType);
	if (changed) {
		return {status: 'changed', origin: changed.origin};
	}
	return {status: 'unknown', otherTypes: [...new Set(forHost.map(entry => entry.keyType))]};
}

const defaultAlgorithms = [
	'ssh-ed25519',
	'ecdsa-sha2-nistp256',
	'ecdsa-sha2-nistp384',
	'ecdsa-sha2-nistp521',
	'rsa-sha2-512',
	'rsa-sha2-256',
] as const;

export type HostKeyAlgorithm = (typeof defaultAlgorithms)[number] | 'ssh-rsa';

/**
 * Host key algorithms to offer, those of keys already recorded for `name` first, as ssh orders
 * them: a server with several keys then shows the one the user has checked.
 */
export function hostKeyAlgorithms(entries: KnownHostEntry[], name: string): HostKeyAlgorithm[] {
	const known = new Set(
		entries.filter(entry => entry.marker === undefined && hostFieldMatches(entry.hosts, name)).map(entry => entry.keyType),
	);
	const preferred: HostKeyAlgorithm[] = [];
	for (const algorithm of defaultAlgorithms) {
		const type = algorithm.startsWith('rsa-sha2-') ? 'ssh-rsa' : algorithm;
		if (known.has(type)) {
			preferred.push(algorithm);
		}
	}
	return [...preferred, ...defaultAlgorithms.filter(algorithm => !preferred.includes(algorithm))];
}
