// The "update a container in place" form (`docker update`): restart policy and resource limits.
// An empty field leaves that setting as it is.
import {formatCpus, parseCpuShares, parseCpus, parseCpuset} from './cpus.js';
import type {Field} from './field.js';
import {formatRestart, parseRestart, type RestartPolicy} from './restart.js';
import type {FieldError} from './run-spec.js';
import {formatSizeSpec, parseSize} from './sizes.js';
import {t} from '../i18n/translate.js';

export type {FieldError};

/** The form's fields, named as `docker update`'s flags. */
export const updateFormFields = ['restart', 'memory', 'memory-swap', 'cpus', 'cpuset-cpus', 'cpu-shares', 'pids-limit'] as const;

export type UpdateFormField = (typeof updateFormFields)[number];

/** What to change; a setting left undefined stays as it is. */
export interface UpdateSpec {
	restart?: RestartPolicy;
	/** Bytes. */
	memory?: number;
	/** Bytes of memory plus swap; -1 is unlimited swap. */
	memorySwap?: number;
	nanoCpus?: number;
	cpusetCpus?: string;
	cpuShares?: number;
	/** The most processes; -1 is unlimited. */
	pidsLimit?: number;
}

const PIDS = /^(?:-1|\d+)$/;

function parsePidsLimit(text: string, field = 'pids-limit'): Field<number> {
	const value = text.trim();
	return PIDS.test(value) && Number(value) <= 2 ** 53
		? {value: Number(value) === 0 ? -1 : Number(value)}
		: {error: t('{field}: {value} is not a number of processes (a whole number, or -1 for unlimited)', {field, value})};
}

/** Parses the form; every field's problem is reported, in form order. */
export function parseUpdateForm(
	fields: Partial<Record<UpdateFormField, string>>,
): {spec: UpdateSpec} | {errors: FieldError[]} {
	const errors: FieldError[] = [];
	function optional<T>(field: UpdateFormField, parse: (text: string) => Field<T>): T | undefined {
		const text = (fields[field] ?? '').trim();
		if (text === '') {
			return undefined;
		}
		const result = parse(text);
		if ('error' in result) {
			errors.push({field, message: result.error});
			return undefined;
		}
		return result.value;
	}
	const spec: UpdateSpec = {
		restart: optional('restart', text => parseRestart(text, 'restart')),
		memory: optional('memory', text => parseSize(text, 'memory')),
		memorySwap: optional('memory-swap', text => parseSize(text, 'memory-swap', true)),
		nanoCpus: optional('cpus', text => parseCpus(text, 'cpus')),
		cpusetCpus: optional('cpuset-cpus', text => parseCpuset(text, 'cpuset-cpus')),
		cpuShares: optional('cpu-shares', text => parseCpuShares(text, 'cpu-shares')),
		pidsLimit: optional('pids-limit', parsePidsLimit),
	};
	if (spec.memory !== undefined && spec.memorySwap !== undefined && spec.memorySwap !== -1 && spec.memorySwap < spec.memory) {
		errors.push({field: 'memory-swap', message: t('memory-swap: must be at least the memory limit (it counts memory plus swap)')});
	}
	if (errors.length > 0) {
		const order = (field: string) => updateFormFields.indexOf(field as UpdateFormField);
		return {errors: errors.sort((a, b) => order(a.field) - order(b.field))};
	}
	return {spec: Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined)) as UpdateSpec};
}

/** The part of `docker inspect`'s JSON the form is filled from. */
export interface UpdatableInspect {
	HostConfig?: {
		RestartPolicy?: {Name?: string; MaximumRetryCount?: number} | null;
		Memory?: number | null;
		MemorySwap?: number | null;
		NanoCpus?: number | null;
		CpuQuota?: number | null;
		CpuPeriod?: number | null;
		CpusetCpus?: string | null;
		CpuShares?: number | null;
		PidsLimit?: number | null;
	} | null;
}

/** The container's current settings as the form's text; unset (unlimited, default) settings are empty. */
export function updateFormOf(inspect: UpdatableInspect): Record<UpdateFormField, string> {
	const host = inspect.HostConfig ?? {};
	const name = host.RestartPolicy?.Name || 'no';
	const restart: RestartPolicy = {
		name: (['no', 'on-failure', 'unless-stopped', 'always'].includes(name) ? name : 'no') as RestartPolicy['name'],
		maxRetries: host.RestartPolicy?.MaximumRetryCount ?? 0,
	};
	const positive = (value: number | null | undefined): value is number => typeof value === 'number' && value > 0;
	// `--cpus` is stored as NanoCpus; a quota set with --cpu-quota reads as the same number of CPUs.
	const nanoCpus = positive(host.NanoCpus)
		? host.NanoCpus
		: positive(host.CpuQuota) && positive(host.CpuPeriod)
			? Math.round((host.CpuQuota / host.CpuPeriod) * 1e9)
			: undefined;
	return {
		restart: formatRestart(restart),
		memory: positive(host.Memory) ? formatSizeSpec(host.Memory) : '',
		'memory-swap': host.MemorySwap === -1 ? '-1' : positive(host.MemorySwap) ? formatSizeSpec(host.MemorySwap) : '',
		cpus: nanoCpus === undefined ? '' : formatCpus(nanoCpus),
		'cpuset-cpus': host.CpusetCpus ?? '',
		'cpu-shares': positive(host.CpuShares) ? String(host.CpuShares) : '',
		'pids-limit': positive(host.PidsLimit) ? String(host.PidsLimit) : '',
	};
}
