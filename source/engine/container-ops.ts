// The container operations beyond start/stop: commit, diff, update in place and prune. (Ports are
// read from inspect: see format/port-lines.ts.)
// Copying files, export and saving logs live in their own modules and are re-exported here, so
// callers import container operations from one place.
import type Docker from 'dockerode';
import {formatBinary} from '../format/bytes.js';
import {formatRestart} from '../parse/restart.js';
import type {UpdateSpec} from '../parse/update-spec.js';
import {call, toEngineError} from './errors.js';
import {inspectRaw, nameOf, type RawInspect} from './container-raw.js';
import {normalizeContainer, type RawContainer} from './normalize.js';
import {EngineError, type ContainerSummary} from './types.js';
import {t} from '../i18n/translate.js';

export {inspectRaw, nameOf, type RawInspect} from './container-raw.js';
export {copyFromContainer, copyToContainer, type CopyResult} from './container-copy.js';
export {exportContainer, saveContainerLogs, type ExportOptions, type SaveLogsOptions} from './container-files.js';

export interface CommitOptions {
	/** The new image's repository; empty makes an untagged image. */
	repository: string;
	/** Defaults to "latest" when a repository is given. */
	tag?: string;
	message?: string;
	author?: string;
	/** Pause the container while committing (the docker CLI's default). */
	pause: boolean;
	/** Dockerfile instructions applied to the image's config (see parseCommitChanges). */
	changes: string[];
}

/** Makes an image of the container's filesystem and config (`docker commit`); resolves with the image id. */
export async function commitContainer(docker: Docker, id: string, options: CommitOptions, endpoint: string): Promise<string> {
	const details = await inspectRaw(docker, id, endpoint);
	const repository = options.repository.trim();
	const query: Record<string, unknown> = {
		container: details.Id,
		pause: options.pause,
		...(repository ? {repo: repository, tag: options.tag?.trim() || 'latest'} : {}),
		...(options.message ? {comment: options.message} : {}),
		...(options.author ? {author: options.author} : {}),
		...(options.changes.length > 0 ? {changes: options.changes} : {}),
	};
	try {
		const result = (await docker.getContainer(details.Id).commit(query)) as {Id?: string};
		if (!result.Id) {
			throw new EngineError(t('the engine did not say which image it made of {name}', {name: nameOf(details)}));
		}
		return result.Id;
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		if (/invalid reference format/i.test(failure.message)) {
			throw new EngineError(t('{image} is not a valid image name ({reason})', {image: `${repository}:${options.tag || 'latest'}`, reason: failure.message}), failure.statusCode);
		}
		if (/is not a valid change command/i.test(failure.message)) {
			const word = failure.message.split(' ')[0]?.toUpperCase();
			throw new EngineError(t('{word} is not allowed in a commit change (the engine refused it)', {word: String(word)}), failure.statusCode);
		}
		throw new EngineError(t('cannot commit {name}: {reason}', {name: nameOf(details), reason: failure.message}), failure.statusCode);
	}
}

export type ChangeKind = 'A' | 'C' | 'D';

export interface FileChange {
	/** A: added, C: changed, D: deleted, as `docker diff` prints them. */
	kind: ChangeKind;
	path: string;
}

const CHANGE_KINDS: Record<number, ChangeKind> = {0: 'C', 1: 'A', 2: 'D'};

/** The container's filesystem changes against its image (`docker diff`), in the engine's order. */
export async function containerDiff(docker: Docker, id: string, endpoint: string): Promise<FileChange[]> {
	const raw: unknown = await call(endpoint, () => docker.getContainer(id).changes());
	// No changes come as JSON null, which the client hands back as the raw bytes.
	if (!Array.isArray(raw)) {
		return [];
	}
	return (raw as Array<{Path: string; Kind: number}>).map(change => ({kind: CHANGE_KINDS[change.Kind] ?? 'C', path: change.Path}));
}

/** The engine's refusal of an update in plain words, naming the form's field where one is to blame. */
export function updateFailure(message: string): string {
	const reason = message
		.replace(/^Cannot update container [0-9a-f]+: /i, '')
		.replace(/^runc did not terminate successfully: exit status \d+: /i, '')
		.replace(/\s*: unknown$/i, '')
		.trim();
	const belowUsage = /unable to set memory limit to (\d+) \(current usage: (\d+)/i.exec(reason);
	if (belowUsage) {
		return `memory: ${formatBinary(Number(belowUsage[1]))} is less than the container uses now (${formatBinary(Number(belowUsage[2]))})`;
	}
	if (/Minimum memoryswap limit should be larger than memory limit/i.test(reason)) {
		return 'memory-swap: must be at least the memory limit (it counts memory plus swap)';
	}
	if (/Memory limit should be smaller than already set memoryswap limit/i.test(reason)) {
		return "memory: more than the container's memory-swap limit; set memory-swap too (memory plus swap, or -1 for unlimited)";
	}
	const minimum = /Minimum memory limit allowed is (\S+)/i.exec(reason);
	if (minimum) {
		return `memory: must be at least ${minimum[1]}`;
	}
	const cpus = /Range of CPUs is from ([\d.]+) to ([\d.]+)/i.exec(reason);
	if (cpus) {
		return `cpus: must be between ${cpus[1]} and ${cpus[2]} (${reason})`;
	}
	if (/Requested CPUs are not available/i.test(reason)) {
		return `cpuset-cpus: ${reason.replace(/^Requested CPUs are not available - /i, 'not available here: ')}`;
	}
	if (/restart policy/i.test(reason)) {
		return `restart: ${reason}`;
	}
	if (/pids/i.test(reason)) {
		return `pids-limit: ${reason}`;
	}
	return reason;
}

/** The update body: only what differs from the container's current settings. */
export function updateBody(spec: UpdateSpec, current: RawInspect): Record<string, unknown> {
	const host = current.HostConfig ?? {};
	const body: Record<string, unknown> = {};
	if (spec.restart !== undefined) {
		const now = {name: host.RestartPolicy?.Name || 'no', maxRetries: host.RestartPolicy?.MaximumRetryCount ?? 0};
		if (formatRestart(spec.restart) !== formatRestart(now as typeof spec.restart)) {
			body['RestartPolicy'] = {Name: spec.restart.name, MaximumRetryCount: spec.restart.maxRetries};
		}
	}
	if (spec.memory !== undefined && spec.memory !== (host.Memory ?? 0)) {
		body['Memory'] = spec.memory;
	}
	if (spec.memorySwap !== undefined && spec.memorySwap !== (host.MemorySwap ?? 0)) {
		body['MemorySwap'] = spec.memorySwap;
	}
	// A first memory limit without a swap limit: the engine would refuse it, so swap gets the
	// default `docker run` gives (twice the memory).
	if (body['Memory'] !== undefined && body['MemorySwap'] === undefined && !((host.Memory ?? 0) > 0) && !((host.MemorySwap ?? 0) !== 0)) {
		body['MemorySwap'] = (body['Memory'] as number) * 2;
	}
	if (spec.nanoCpus !== undefined && spec.nanoCpus !== (host.NanoCpus ?? 0)) {
		body['NanoCpus'] = spec.nanoCpus;
	}
	if (spec.cpusetCpus !== undefined && spec.cpusetCpus !== (host.CpusetCpus ?? '')) {
		body['CpusetCpus'] = spec.cpusetCpus;
	}
	if (spec.cpuShares !== undefined && spec.cpuShares !== (host.CpuShares ?? 0)) {
		body['CpuShares'] = spec.cpuShares;
	}
	if (spec.pidsLimit !== undefined) {
		const now = host.PidsLimit && host.PidsLimit > 0 ? host.PidsLimit : -1;
		if (spec.pidsLimit !== now) {
			body['PidsLimit'] = spec.pidsLimit;
		}
	}
	return body;
}

/**
 * Changes a container's restart policy and resource limits in place (`docker update`), running or
 * not. Settings the spec leaves out, or sets to what they already are, are not sent. Resolves with
 * the engine's warnings.
 */
export async function updateContainer(docker: Docker, id: string, spec: UpdateSpec, endpoint: string): Promise<string[]> {
	const details = await inspectRaw(docker, id, endpoint);
	const body = updateBody(spec, details);
	if (Object.keys(body).length === 0) {
		return [];
	}
	try {
		const result = (await docker.getContainer(details.Id).update(body)) as {Warnings?: string[] | null} | undefined;
		return result?.Warnings ?? [];
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		throw new EngineError(updateFailure(failure.message), failure.statusCode);
	}
}

export interface ContainerPruneOptions {
	/** Only containers with these labels ("key" or "key=value"), as the engine's `label` filter. */
	label?: string[];
}

export interface ContainerPruneResult {
	/** Ids of the containers removed. */
	deleted: string[];
	/** Bytes freed. */
	spaceReclaimed: number;
}

function labelFilter(options: ContainerPruneOptions): Record<string, string[]> {
	return options.label?.length ? {label: options.label} : {};
}

/** The containers `pruneContainers` would remove: every one not running (created, exited, dead). */
export async function containersToPrune(
	docker: Docker,
	endpoint: string,
	options: ContainerPruneOptions = {},
): Promise<ContainerSummary[]> {
	const raw = await call(endpoint, () =>
		docker.listContainers({all: true, filters: {status: ['created', 'exited', 'dead'], ...labelFilter(options)}}),
	);
	const statusAt = Date.now();
	return (raw as unknown as RawContainer[]).map(container => normalizeContainer(container, statusAt));
}

/** Removes every stopped container (`docker container prune`), or only those with the labels. */
export async function pruneContainers(
	docker: Docker,
	endpoint: string,
	options: ContainerPruneOptions = {},
): Promise<ContainerPruneResult> {
	const raw = (await call(endpoint, () => docker.pruneContainers({filters: labelFilter(options)}))) as {
		ContainersDeleted?: string[] | null;
		SpaceReclaimed?: number;
	};
	return {deleted: raw.ContainersDeleted ?? [], spaceReclaimed: raw.SpaceReclaimed ?? 0};
}
