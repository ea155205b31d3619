import {parseEntries, type Field} from './field.js';
import {t} from '../i18n/translate.js';

/** One `-v` entry: a host directory, a named volume, or an anonymous volume. */
export type MountSpec =
	| {type: 'bind'; source: string; target: string; readOnly: boolean}
	| {type: 'volume'; source: string; target: string; readOnly: boolean}
	| {type: 'anonymous'; target: string};

// The local volume driver's name rule.
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** `/ctr`, `volume:/ctr[:ro|rw]`, `/host/path:/ctr[:ro|rw]`. */
export function parseMount(entry: string): Field<MountSpec> {
	const parts = entry.split(':');
	if (parts.length > 3) {
		return {error: t('{entry} has too many parts (use source:/container/path[:ro|rw])', {entry})};
	}
	const [first = '', target = first, mode = 'rw'] = parts;
	if (!target.startsWith('/')) {
		return {error: t('{entry}: the container path {target} must be absolute', {entry, target})};
	}
	if (mode !== 'ro' && mode !== 'rw') {
		return {error: t('{entry}: {mode} is not a mount mode (use ro or rw)', {entry, mode})};
	}
	if (parts.length === 1) {
		return {value: {type: 'anonymous', target}};
	}
	const readOnly = mode === 'ro';
	if (first.startsWith('/')) {
		return {value: {type: 'bind', source: first, target, readOnly}};
	}
	if (VOLUME_NAME.test(first)) {
		return {value: {type: 'volume', source: first, target, readOnly}};
	}
	return {error: first ? t('{entry}: {source} is neither an absolute host path nor a volume name', {entry, source: first}) : t('{entry}: the source is neither an absolute host path nor a volume name', {entry})};
}

/** The mounts field: one entry a line (paths may hold commas). */
export function parseMounts(text: string, field = 'mounts'): Field<MountSpec[]> {
	return parseEntries(field, text, false, parseMount);
}

/** The `-v` text of one mount, the inverse of parseMount. */
export function formatMount(mount: MountSpec): string {
	return mount.type === 'anonymous'
		? mount.target
		: `${mount.source}:${mount.target}${mount.readOnly ? ':ro' : ''}`;
}
