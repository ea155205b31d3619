// The swarm service forms as typed values: "create a service" (`docker service create`) and
// "update a service" (image and environment). Ports, env and mounts are read as the run form
// reads them; what a service cannot have (a host address to publish on) is refused by field.
import {splitArgs} from '../format/argv.js';
import {parseEnvLines} from './env.js';
import {parseEntries, wholeNumber, type Field} from './field.js';
import {parseLabels} from './labels.js';
import {parseMounts, type MountSpec} from './mounts.js';
import {parsePortSpecs, type Protocol} from './port-specs.js';
import {parseReference} from './reference.js';
import type {FieldError} from './run-spec.js';
import {durationSeconds} from './since.js';
import {t} from '../i18n/translate.js';

export type {FieldError};

/** A port a service publishes: on every node through the ingress mesh. */
export interface ServicePort {
	/** Absent: the swarm picks one (from 30000 up). */
	published?: number;
	target: number;
	protocol: Protocol;
}

export type RestartCondition = 'none' | 'on-failure' | 'any';

export interface ServiceSpecInput {
	name: string;
	/** The image reference as typed. */
	image: string;
	/** Replaces the image's CMD when given. */
	command?: string[];
	mode: 'replicated' | 'global';
	/** Replicated services only. */
	replicas: number;
	ports: ServicePort[];
	env: string[];
	mounts: MountSpec[];
	/** Network names (overlay networks). */
	networks: string[];
	/** Placement constraints, e.g. `node.role==manager`. */
	constraints: string[];
	restartCondition: RestartCondition;
	/** Tasks updated at once; 0 updates all at once. */
	updateParallelism: number;
	/** Seconds between updates of successive groups. */
	updateDelay: number;
	labels: Record<string, string>;
}

export const serviceFormFields = [
	'name',
	'image',
	'command',
	'mode',
	'replicas',
	'ports',
	'env',
	'mounts',
	'networks',
	'constraints',
	'restart-condition',
	'update-parallelism',
	'update-delay',
	'labels',
] as const;

export type ServiceFormField = (typeof serviceFormFields)[number];

/** More replicas than this is surely a typo. */
export const maxServiceReplicas = 1000;

// Swarmkit's rule: a DNS label (at most 63 characters), `_` allowed (stacks name services `stack_svc`).
const SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*$/;
const NO_SPACE = /^\S+$/;

/** A replica count: a whole number from 0 to maxServiceReplicas. */
export function parseReplicas(text: string, field = 'replicas'): Field<number> {
	const value = wholeNumber(text.trim(), 0, maxServiceReplicas);
	return value === undefined
		? {error: text.trim() === '' ? t('{field}: nothing is not a number of replicas (0 to {max})', {field, max: maxServiceReplicas}) : t('{field}: {text} is not a number of replicas (0 to {max})', {field, text: text.trim(), max: maxServiceReplicas})}
		: {value};
}

/**
 * The ports field as `docker service create -p` takes it: `target`, `published:target`, each with
 * `/tcp`, `/udp` or `/sctp`, ranges of equal length. The swarm publishes on every node, so an
 * address cannot be given, and one published port serves one target port.
 */
export function parseServicePorts(text: string, field = 'ports'): Field<ServicePort[]> {
	const parsed = parsePortSpecs(text, field);
	if ('error' in parsed) {
		return parsed;
	}
	const ports: ServicePort[] = [];
	for (const spec of parsed.value) {
		if (spec.hostIp !== undefined) {
			return {error: t("{field}: {address}: a service publishes on every node's addresses (leave the address out)", {field, address: spec.hostIp})};
		}
		if (spec.hostPorts && spec.hostPorts.first !== spec.hostPorts.last) {
			return {error: t('{field}: {first}-{last}: a service publishes one port for each target port (not a range to pick from)', {field, first: spec.hostPorts.first, last: spec.hostPorts.last})};
		}
		ports.push({
			...(spec.hostPorts ? {published: spec.hostPorts.first} : {}),
			target: spec.containerPort,
			protocol: spec.protocol,
		});
	}
	return {value: ports};
}

const CONSTRAINT = /^\s*([^=!\s]+)\s*(==|!=)\s*(\S.*?)\s*$/;
const CONSTRAINT_KEYS = new Set(['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch']);
const LABEL_KEY = /^(node|engine)\.labels\.\S+$/;

/** One placement constraint: `key==value` or `key!=value` on a node attribute or label. */
export function parseConstraint(entry: string): Field<string> {
	const match = CONSTRAINT.exec(entry);
	if (!match) {
		return {error: t('{entry} is not a constraint (use key==value or key!=value, e.g. node.role==manager)', {entry})};
	}
	const [, key = '', operator = '', value = ''] = match;
	if (!CONSTRAINT_KEYS.has(key) && !LABEL_KEY.test(key)) {
		return {
			error: t('{entry}: {key} is not something to place by (use node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.<key> or engine.labels.<key>)', {entry, key}),
		};
	}
	if (key === 'node.role' && value !== 'manager' && value !== 'worker') {
		return {error: t("{entry}: a node's role is manager or worker", {entry})};
	}
	return {value: `${key}${operator}${value}`};
}

const RESTART_CONDITIONS: readonly string[] = ['none', 'on-failure', 'any'];

function parseRestartCondition(text: string, field = 'restart-condition'): Field<RestartCondition> {
	const value = text.trim() || 'any';
	return RESTART_CONDITIONS.includes(value)
		? {value: value as RestartCondition}
		: {error: t('{field}: {value} is not a restart condition (use none, on-failure or any)', {field, value})};
}

/** A Go duration ("10s", "1m30s") or plain seconds, not negative. */
function parseDelay(text: string, field: string): Field<number> {
	const value = text.trim();
	const seconds = /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : durationSeconds(value);
	return seconds === undefined || seconds < 0
		? {error: t('{field}: {value} is not a duration (e.g. 10s, 1m30s)', {field, value})}
		: {value: seconds};
}

function parseParallelism(text: string, field = 'update-parallelism'): Field<number> {
	const value = wholeNumber(text, 0, maxServiceReplicas);
	return value === undefined ? {error: t('{field}: {text} is not a number of tasks (0 updates all at once)', {field, text})} : {value};
}

/** Checks every field of the create form; returns the spec or every field's error, in form order. */
export function parseServiceForm(
	fields: Partial<Record<ServiceFormField, string>>,
	env: Record<string, string | undefined>,
): {spec: ServiceSpecInput} | {errors: FieldError[]} {
	const errors: FieldError[] = [];
	const text = (field: ServiceFormField) => (fields[field] ?? '').trim();
	const take = <T>(field: ServiceFormField, result: Field<T>): T | undefined => {
		if ('error' in result) {
			errors.push({field, message: result.error});
			return undefined;
		}
		return result.value;
	};

	const name = text('name');
	if (name === '') {
		errors.push({field: 'name', message: t('name: a service needs a name')});
	} else if (!SERVICE_NAME.test(name) || name.length > 63) {
		errors.push({
			field: 'name',
			message: t('name: {name} is not a service name (letters, digits, - and _, starting and ending with a letter or digit, at most 63)', {name}),
		});
	}
	take('image', parseReference(text('image')));
	const mode = text('mode') || 'replicated';
	if (mode !== 'replicated' && mode !== 'global') {
		errors.push({field: 'mode', message: t('mode: {mode} is not a mode (use replicated or global)', {mode})});
	}
	let replicas = 1;
	if (text('replicas') !== '') {
		if (mode === 'global') {
			errors.push({field: 'replicas', message: t('replicas: a global service runs one task on every node (leave replicas empty)')});
		} else {
			replicas = take('replicas', parseReplicas(text('replicas'))) ?? 1;
		}
	}
	const command = text('command') === '' ? undefined : splitArgs(text('command'));
	if (command !== undefined && 'error' in command) {
		errors.push({field: 'command', message: t('{field}: {reason}', {field: 'command', reason: command.error})});
	}
	const spec: ServiceSpecInput = {
		name,
		image: text('image'),
		...(command !== undefined && 'args' in command ? {command: command.args} : {}),
		mode: mode === 'global' ? 'global' : 'replicated',
		replicas: mode === 'global' ? 0 : replicas,
		ports: take('ports', parseServicePorts(text('ports'))) ?? [],
		env: take('env', parseEnvLines(fields.env ?? '', env)) ?? [],
		mounts: take('mounts', parseMounts(text('mounts'))) ?? [],
		networks:
			take(
				'networks',
				parseEntries('networks', text('networks'), true, (entry): Field<string> =>
					NO_SPACE.test(entry) ? {value: entry} : {error: t('"{text}" must not contain spaces', {text: entry})},
				),
			) ?? [],
		constraints: take('constraints', parseEntries('constraints', text('constraints'), false, parseConstraint)) ?? [],
		restartCondition: take('restart-condition', parseRestartCondition(text('restart-condition'))) ?? 'any',
		updateParallelism:
			text('update-parallelism') === '' ? 1 : (take('update-parallelism', parseParallelism(text('update-parallelism'))) ?? 1),
		updateDelay: text('update-delay') === '' ? 0 : (take('update-delay', parseDelay(text('update-delay'), 'update-delay')) ?? 0),
		labels: take('labels', parseLabels(text('labels'))) ?? {},
	};
	const order = (field: string) => serviceFormFields.indexOf(field as ServiceFormField);
	return errors.length > 0 ? {errors: errors.sort((a, b) => order(a.field) - order(b.field))} : {spec};
}

export const serviceUpdateFields = ['image', 'env'] as const;

export type ServiceUpdateField = (typeof serviceUpdateFields)[number];

/** What an update sets: the image and the whole environment (one `KEY=VALUE` a line). */
export interface ServiceUpdateInput {
	image: string;
	env: string[];
}

/** Checks the update form; a bare `KEY` takes its value from `env`, as `--env-add KEY` does. */
export function parseServiceUpdateForm(
	fields: Partial<Record<ServiceUpdateField, string>>,
	env: Record<string, string | undefined>,
): {spec: ServiceUpdateInput} | {errors: FieldError[]} {
	const errors: FieldError[] = [];
	const image = (fields.image ?? '').trim();
	const reference = parseReference(image);
	if ('error' in reference) {
		errors.push({field: 'image', message: reference.error});
	}
	const parsedEnv = parseEnvLines(fields.env ?? '', env);
	if ('error' in parsedEnv) {
		errors.push({field: 'env', message: parsedEnv.error});
	}
	return errors.length > 0 || 'error' in parsedEnv ? {errors} : {spec: {image, env: parsedEnv.value}};
}

/** The update form's text for a service's current image and environment. */
export function serviceUpdateForm(current: ServiceUpdateInput): Record<ServiceUpdateField, string> {
	return {image: current.image, env: current.env.join('\n')};
}

