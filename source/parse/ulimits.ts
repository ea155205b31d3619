import {parseEntries, type Field} from './field.js';
import {t} from '../i18n/translate.js';

export interface Ulimit {
	name: string;
	soft: number;
	hard: number;
}

// The names docker knows (go-units' ulimit table).
const NAMES: readonly string[] = [
	'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice',
	'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack',
];

const LIMIT = /^(-1|\d+)$/;

/** `name=soft[:hard]`; without a hard limit it equals the soft one, and -1 means unlimited. */
export function parseUlimit(entry: string): Field<Ulimit> {
	const [name = '', limits] = entry.split('=', 2);
	if (limits === undefined) {
		return {error: t('{entry} has no limit (use name=soft[:hard], e.g. nofile=1024:2048)', {entry})};
	}
	if (!NAMES.includes(name)) {
		return {error: t('{name} is not a ulimit (use one of {names})', {name, names: NAMES.join(', ')})};
	}
	const [softText = '', hardText = softText, extra] = limits.split(':');
	if (!LIMIT.test(softText) || !LIMIT.test(hardText) || extra !== undefined) {
		return {error: t('{entry}: the limits must be whole numbers or -1, as soft[:hard]', {entry})};
	}
	const soft = Number(softText);
	const hard = Number(hardText);
	// -1 is unlimited, so it is larger than any number here.
	if (hard !== -1 && (soft === -1 || soft > hard)) {
		return {error: t('{entry}: the soft limit must not exceed the hard limit', {entry})};
	}
	return {value: {name, soft, hard}};
}

export function parseUlimits(text: string, field = 'ulimits'): Field<Ulimit[]> {
	return parseEntries(field, text, true, parseUlimit);
}

export function formatUlimit({name, soft, hard}: Ulimit): string {
	return soft === hard ? `${name}=${soft}` : `${name}=${soft}:${hard}`;
}
