// The "run a container" form as a typed value: parsed from the form's text fields, turned back
// into them, and shown as the equivalent `docker run` command line.
import {isIP} from 'node:net';
import {splitArgs} from '../format/argv.js';
import {errorText} from '../format/error-text.js';
import {parseCapabilities} from './capabilities.js';
import {formatCpus, parseCpuShares, parseCpus, parseCpuset} from './cpus.js';
import {parseEnvFile, parseEnvLines} from './env.js';
import {named, parseBoolean, parseEntries, type Field} from './field.js';
import {formatExtraHost, parseExtraHosts, parseIpList, type ExtraHost} from './hosts.js';
import {formatLabels, parseLabels} from './labels.js';
import {formatMount, parseMounts, type MountSpec} from './mounts.js';
import {formatPortSpec, parsePortSpecs, type PortSpec} from './port-specs.js';
import {parseReference} from './reference.js';
import {formatRestart, parseRestart, type RestartPolicy} from './restart.js';
import {formatSizeSpec, parseSize} from './sizes.js';
import {formatUlimit, parseUlimits, type Ulimit} from './ulimits.js';
import {t} from '../i18n/translate.js';

export interface RunSpec {
	name?: string;
	/** The image reference as typed. */
	image: string;
	/** Replaces the image's CMD when given. */
	command?: string[];
	/** Replaces the image's ENTRYPOINT when given. */
	entrypoint?: string[];
	ports: PortSpec[];
	publishAll: boolean;
	/** `KEY=VALUE`, or a bare `KEY` that removes the variable (see parseEnvLines). */
	env: string[];
	mounts: MountSpec[];
	network?: string;
	/** A static IPv4 address on `network`. */
	ipv4Address?: string;
	aliases: string[];
	dns: string[];
	extraHosts: ExtraHost[];
	/** `container[:ro|rw]` */
	volumesFrom: string[];
	restart: RestartPolicy;
	/** Bytes. */
	memory?: number;
	/** Bytes of memory plus swap; -1 is unlimited swap. */
	memorySwap?: number;
	nanoCpus?: number;
	cpusetCpus?: string;
	cpuShares?: number;
	hostname?: string;
	user?: string;
	workdir?: string;
	labels: Record<string, string>;
	privileged: boolean;
	/** Normalised as the engine stores them: `CAP_NET_ADMIN`, or `ALL`. */
	capAdd: string[];
	capDrop: string[];
	ulimits: Ulimit[];
	autoRemove: boolean;
	/** `-it`: stdin open and a TTY, to be attached to; otherwise detached. */
	interactive: boolean;
}

/** The form's fields, named as docker's flags so messages read like the command line. */
export const runFormFields = [
	'name',
	'image',
	'command',
	'entrypoint',
	'ports',
	'publish-all',
	'env',
	'env-file',
	'mounts',
	'network',
	'ip',
	'aliases',
	'dns',
	'extra-hosts',
	'volumes-from',
	'restart',
	'memory',
	'memory-swap',
	'cpus',
	'cpuset-cpus',
	'cpu-shares',
	'hostname',
	'user',
	'workdir',
	'labels',
	'privileged',
	'cap-add',
	'cap-drop',
	'ulimits',
	'auto-remove',
	'interactive',
] as const;

export type RunFormField = (typeof runFormFields)[number];

export interface FieldError {
	field: string;
	message: string;
}

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const NO_SPACE = /^\S+$/;

/** A single word (network, user, hostname, alias): anything without whitespace. */
function word(text: string): Field<string> {
	return NO_SPACE.test(text) ? {value: text} : {error: t('"{text}" must not contain spaces', {text})};
}

function volumesFrom(entry: string): Field<string> {
	const [container = '', mode = 'rw', extra] = entry.split(':');
	return CONTAINER_NAME.test(container) && (mode === 'ro' || mode === 'rw') && extra === undefined
		? {value: entry}
		: {error: t('{entry} is not container[:ro|rw]', {entry})};
}

function args(field: string, text: string): Field<string[]> {
	const split = splitArgs(text);
	return 'error' in split ? {error: t('{field}: {reason}', {field, reason: split.error})} : {value: split.args};
}

function readEnvFile(path: string, env: NodeJS.ProcessEnv, readFile: (path: string) => string): Field<string[]> {
	let contents: string;
	try {
		contents = readFile(path);
	} catch (error) {
		// Node's "ENOENT: no such file or directory, open 'x'" without the code and the repeated path.
		const reason = /^[A-Z]+: (.*?), \w+ '.*'$/.exec(errorText(error))?.[1] ?? errorText(error);
		return {error: t('env-file: cannot read {path}: {reason}', {path, reason})};
	}
	return parseEnvFile(contents, env, path);
}

/**
 * Checks every field of the form and returns the spec, or every field's error at once. `env`
 * supplies values for bare `KEY` lines; `readFile` reads the env file (it may throw).
 */
export function parseRunForm(
	fields: Partial<Record<string, string>>,
	env: NodeJS.ProcessEnv,
	readFile: (path: string) => string,
): {spec: RunSpec} | {errors: FieldError[]} {
	const errors: FieldError[] = [];
	const text = (field: RunFormField) => (fields[field] ?? '').trim();
	const take = <T>(field: RunFormField, result: Field<T>): T | undefined => {
		if ('error' in result) {
			errors.push({field, message: result.error});
			return undefined;
		}
		return result.value;
	};
	/** Parses a field only when it has text; an empty field is undefined. */
	const optional = <T>(field: RunFormField, parse: (text: string) => Field<T>): T | undefined =>
		text(field) === '' ? undefined : take(field, parse(text(field)));
	const flag = (field: RunFormField) => take(field, parseBoolean(text(field), field)) ?? false;

	take('image', parseReference(text('image')));
	const name = optional('name', value =>
		CONTAINER_NAME.test(value)
			? {value}
			: {error: t('name: {name} is not a container name (letters, digits, _ . -; at least 2, starting with a letter or digit)', {name: value})},
	);
	const fileEnv = optional('env-file', path => readEnvFile(path, env, readFile)) ?? [];
	const network = optional('network', value => named('network', word(value)));
	const ipv4Address = optional('ip', value =>
		isIP(value) === 4 ? {value} : {error: t('ip: {address} is not an IPv4 address', {address: value})},
	);
	const aliases = take('aliases', parseEntries('aliases', text('aliases'), true, word)) ?? [];
	const needsNetwork = ipv4Address !== undefined ? 'ip' : aliases.length > 0 ? 'aliases' : undefined;
	if (network === undefined && needsNetwork !== undefined) {
		errors.push({field: needsNetwork, message: t('{field}: needs a network (a user-defined one)', {field: needsNetwork})});
	}
	const restart = take('restart', parseRestart(text('restart'))) ?? {name: 'no', maxRetries: 0};
	const autoRemove = flag('auto-remove');
	if (autoRemove && restart.name !== 'no') {
		errors.push({field: 'auto-remove', message: t('auto-remove: cannot be combined with a restart policy')});
	}
	const memory = optional('memory', value => parseSize(value, 'memory'));
	const memorySwap = optional('memory-swap', value => parseSize(value, 'memory-swap', true));
	if (memorySwap !== undefined && memorySwap !== -1) {
		if (memory === undefined) {
			errors.push({field: 'memory-swap', message: t('memory-swap: needs a memory limit too')});
		} else if (memorySwap < memory) {
			errors.push({field: 'memory-swap', message: t('memory-swap: must be at least the memory limit (it counts memory plus swap)')});
		}
	}
	const workdir = optional('workdir', value =>
		value.startsWith('/') ? {value} : {error: t('workdir: {path} must be an absolute path', {path: value})},
	);

	const spec: RunSpec = {
		name,
		image: text('image'),
		command: optional('command', value => args('command', value)),
		entrypoint: optional('entrypoint', value => args('entrypoint', value)),
		ports: take('ports', parsePortSpecs(text('ports'))) ?? [],
		publishAll: flag('publish-all'),
		env: [...fileEnv, ...(take('env', parseEnvLines(fields['env'] ?? '', env)) ?? [])],
		mounts: take('mounts', parseMounts(text('mounts'))) ?? [],
		network,
		ipv4Address,
		aliases,
		dns: take('dns', parseIpList(text('dns'))) ?? [],
		extraHosts: take('extra-hosts', parseExtraHosts(text('extra-hosts'))) ?? [],
		volumesFrom: take('volumes-from', parseEntries('volumes-from', text('volumes-from'), true, volumesFrom)) ?? [],
		restart,
		memory,
		memorySwap,
		nanoCpus: optional('cpus', parseCpus),
		cpusetCpus: optional('cpuset-cpus', parseCpuset),
		cpuShares: optional('cpu-shares', parseCpuShares),
		hostname: optional('hostname', value => named('hostname', word(value))),
		user: optional('user', value => named('user', word(value))),
		workdir,
		labels: take('labels', parseLabels(text('labels'))) ?? {},
		privileged: flag('privileged'),
		capAdd: take('cap-add', parseCapabilities(text('cap-add'), 'cap-add')) ?? [],
		capDrop: take('cap-drop', parseCapabilities(text('cap-drop'), 'cap-drop')) ?? [],
		ulimits: take('ulimits', parseUlimits(text('ulimits'))) ?? [],
		autoRemove,
		interactive: flag('interactive'),
	};
	// Fields in form order, whatever order the checks ran in.
	const order = (field: string) => runFormFields.indexOf(field as RunFormField);
	return errors.length > 0 ? {errors: errors.sort((a, b) => order(a.field) - order(b.field))} : {spec: withoutUnset(spec)};
}

/** Drops the optional fields left undefined, so specs compare equal however they were built. */
export function withoutUnset(spec: RunSpec): RunSpec {
	return Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined)) as unknown as RunSpec;
}

// Words a POSIX shell takes literally; `=` only past the first word, where it cannot be an assignment.
const SAFE_WORD = /^[\w@%+=:,./-]+$/;

/** Each argument bare when a shell would read it unchanged, otherwise single-quoted. */
export function shellQuote(args: string[]): string {
	return args
		.map((arg, index) =>
			SAFE_WORD.test(arg) && !(index === 0 && arg.includes('=')) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`,
		)
		.join(' ');
}

/**
 * The `docker run` command line that makes the same container, as an argument list starting with
 * `docker`. `--entrypoint` takes one word, so further entrypoint words go before the command:
 * the process started is the same.
 */
export function runArgs(spec: RunSpec): string[] {
	const each = (flag: string, values: readonly string[]) => values.flatMap(value => [flag, value]);
	const one = (flag: string, value: string | undefined) => (value === undefined ? [] : [flag, value]);
	const [entrypoint, ...entrypointArgs] = spec.entrypoint ?? [];
	return [
		'docker',
		'run',
		spec.interactive ? '-it' : '-d',
		...one('--name', spec.name),
		...(spec.autoRemove ? ['--rm'] : []),
		...(spec.restart.name === 'no' ? [] : ['--restart', formatRestart(spec.restart)]),
		...each('-p', spec.ports.map(formatPortSpec)),
		...(spec.publishAll ? ['-P'] : []),
		...each('-e', spec.env),
		...each('-v', spec.mounts.map(formatMount)),
		...each('--volumes-from', spec.volumesFrom),
		...one('--network', spec.network),
		...one('--ip', spec.ipv4Address),
		...each('--network-alias', spec.aliases),
		...each('--dns', spec.dns),
		...each('--add-host', spec.extraHosts.map(formatExtraHost)),
		...one('--hostname', spec.hostname),
		...one('--user', spec.user),
		...one('--workdir', spec.workdir),
		...one('--memory', spec.memory === undefined ? undefined : formatSizeSpec(spec.memory)),
		...one('--memory-swap', spec.memorySwap === undefined ? undefined : formatSizeSpec(spec.memorySwap)),
		...one('--cpus', spec.nanoCpus === undefined ? undefined : formatCpus(spec.nanoCpus)),
		...one('--cpuset-cpus', spec.cpusetCpus),
		...one('--cpu-shares', spec.cpuShares === undefined ? undefined : String(spec.cpuShares)),
		...(spec.privileged ? ['--privileged'] : []),
		...each('--cap-add', spec.capAdd),
		...each('--cap-drop', spec.capDrop),
		...each('--ulimit', spec.ulimits.map(formatUlimit)),
		...each('--label', Object.entries(spec.labels).map(([key, value]) => `${key}=${value}`)),
		...one('--entrypoint', entrypoint),
		spec.image,
		...entrypointArgs,
		...(spec.command ?? []),
	];
}

/** The form's text for a spec: parseRunForm of it gives the spec back. */
export function formFromSpec(spec: RunSpec): Record<RunFormField, string> {
	const lines = (values: readonly string[]) => values.join('\n');
	const flag = (value: boolean) => (value ? 'true' : 'false');
	return {
		name: spec.name ?? '',
		image: spec.image,
		command: spec.command ? shellQuote(spec.command) : '',
		entrypoint: spec.entrypoint ? shellQuote(spec.entrypoint) : '',
		ports: lines(spec.ports.map(formatPortSpec)),
		'publish-all': flag(spec.publishAll),
		env: lines(spec.env),
		'env-file': '',
		mounts: lines(spec.mounts.map(formatMount)),
		network: spec.network ?? '',
		ip: spec.ipv4Address ?? '',
		aliases: lines(spec.aliases),
		dns: lines(spec.dns),
		'extra-hosts': lines(spec.extraHosts.map(formatExtraHost)),
		'volumes-from': lines(spec.volumesFrom),
		restart: formatRestart(spec.restart),
		memory: spec.memory === undefined ? '' : formatSizeSpec(spec.memory),
		'memory-swap': spec.memorySwap === undefined ? '' : formatSizeSpec(spec.memorySwap),
		cpus: spec.nanoCpus === undefined ? '' : formatCpus(spec.nanoCpus),
		'cpuset-cpus': spec.cpusetCpus ?? '',
		'cpu-shares': spec.cpuShares === undefined ? '' : String(spec.cpuShares),
		hostname: spec.hostname ?? '',
		user: spec.user ?? '',
		workdir: spec.workdir ?? '',
		labels: formatLabels(spec.labels),
		privileged: flag(spec.privileged),
		'cap-add': lines(spec.capAdd),
		'cap-drop': lines(spec.capDrop),
		ulimits: lines(spec.ulimits.map(formatUlimit)),
		'auto-remove': flag(spec.autoRemove),
		interactive: flag(spec.interactive),
	};
}
