// Volume operations: create, remove, prune, disk usage, inspect (backup and restore live in
// volume-archive.ts and are re-exported here, so callers import volumes from one place).
import type Docker from 'dockerode';
import {toEngineError} from './errors.js';
import {normalizeVolume, type RawVolume} from './normalize.js';
import {EngineError, type VolumeSummary} from './types.js';
import {containerList, containerName, containersMounting, findVolume, type RawVolumeDetails} from './volume-helper.js';
import {compareText} from '../format/index.js';
import {call} from './errors.js';
import {t} from '../i18n/translate.js';

export {backupVolume, restoreVolume, volumeIsEmpty} from './volume-archive.js';
export {helperLabel, helperVolumeLabel} from './volume-helper.js';

/** Used in messages when the caller did not say which engine it talks to. */
const someEngine = 'the Docker engine';

export interface VolumeCreateOptions {
	/** Empty or absent: the engine picks a random (anonymous-looking) name. */
	name?: string;
	/** Absent: "local". */
	driver?: string;
	/** The driver's options (`docker volume create -o`), e.g. {type: 'tmpfs', device: 'tmpfs'}. */
	driverOptions: Record<string, string>;
	labels: Record<string, string>;
}

/**
 * Creates a volume. The engine answers a create for an existing name with that volume, ignoring
 * the options given; that is refused here, so a form never seems to have done what it did not.
 */
export async function createVolume(docker: Docker, options: VolumeCreateOptions, endpoint = someEngine): Promise<VolumeSummary> {
	const name = options.name?.trim() ?? '';
	if (name !== '') {
		const existing = await docker
			.getVolume(name)
			.inspect()
			.then(() => true)
			.catch(() => false);
		if (existing) {
			throw new EngineError(t('volume {name} already exists', {name}), 409);
		}
	}
	// The client answers with a handle, not the engine's description: that comes from an inspect.
	const raw = await call(endpoint, async () => {
		const volume = (await docker.createVolume({
			...(name === '' ? {} : {Name: name}),
			Driver: options.driver?.trim() || 'local',
			DriverOpts: {...options.driverOptions},
			Labels: {...options.labels},
		})) as unknown as {name: string};
		return docker.getVolume(volume.name).inspect();
	});
	return normalizeVolume(raw as unknown as RawVolume);
}

/**
 * DELETE /volumes/{name}. The client's own remove() drops its options (its path lacks the "?" the
 * client appends a query after), so `force` would never reach the engine.
 */
function deleteVolume(docker: Docker, name: string, force: boolean): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		docker.modem.dial(
			{
				path: `/volumes/${encodeURIComponent(name)}?`,
				method: 'DELETE',
				options: {force},
				statusCodes: {204: true, 404: 'no such volume', 409: 'conflict', 500: 'server error'},
			},
			error => (error ? reject(error) : resolve()),
		);
	});
}

/**
 * Removes a volume. When containers use it, the refusal names them, e.g. "volume data is in use
 * by containers db, web-1 (remove them first)". `force` forgives a volume that is already gone
 * (or that its driver lost); the engine never removes a volume in use, forced or not.
 */
export async function removeVolume(docker: Docker, name: string, options: {force: boolean}, endpoint = someEngine): Promise<void> {
	try {
		await deleteVolume(docker, name, options.force);
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		if (failure.statusCode === 404) {
			throw new EngineError(t('no such volume: {name}', {name}), 404);
		}
		if (failure.statusCode !== 409 || !/in use/.test(failure.message)) {
			throw failure;
		}
		// The engine lists the users by full id; the user knows them by name.
		const users = await containersMounting(docker, name).catch(() => []);
		if (users.length === 0) {
			throw failure;
		}
		throw new EngineError(t('volume {name} is in use by {containers} (remove them first)', {name, containers: containerList(users)}), 409);
	}
}

export interface VolumePruneOptions {
	/** Only volumes with these labels ("key" or "key=value"), as the engine's `label` filter. */
	label?: string[];
}

export interface VolumePruneResult {
	/** Names of the volumes removed. */
	deleted: string[];
	/** Bytes freed. */
	spaceReclaimed: number;
}

/** The engine's API version as [major, minor]. */
async function apiVersion(docker: Docker): Promise<[number, number]> {
	const version = await docker.version();
	const [major = 1, minor = 0] = String(version.ApiVersion ?? '1.0')
		.split('.')
		.map(Number);
	return [major, minor];
}

/**
 * Filters for a prune of every unused volume. Engines before API 1.42 (Docker 23) always prune
 * named and anonymous volumes alike; later ones prune only anonymous ones unless told `all`, which
 * older ones refuse as an unknown filter. Asking for `all` where it exists keeps one meaning.
 */
async function pruneFilters(docker: Docker, options: VolumePruneOptions): Promise<Record<string, string[]>> {
	const [major, minor] = await apiVersion(docker);
	const all = major > 1 || (major === 1 && minor >= 42);
	return {...(all ? {all: ['true']} : {}), ...(options.label?.length ? {label: options.label} : {})};
}

/**
 * What `pruneVolumes` with the same options would remove, for the user to see before confirming:
 * volumes no container (running or not) mounts, of the local driver, and without driver options
 * (the engine skips those: removing a mount of tmpfs, NFS or a device reclaims no space here).
 */
export async function volumesToPrune(docker: Docker, options: VolumePruneOptions = {}, endpoint = someEngine): Promise<VolumeSummary[]> {
	const filters = {dangling: ['true'], ...(options.label?.length ? {label: options.label} : {})};
	const raw = await call(endpoint, () => docker.listVolumes({filters}));
	const volumes = ((raw as {Volumes?: RawVolumeDetails[] | null}).Volumes ?? []).filter(
		volume => (volume.Driver ?? 'local') === 'local' && Object.keys(volume.Options ?? {}).length === 0,
	);
	return volumes.map(volume => normalizeVolume(volume as RawVolume)).sort((a, b) => compareText(a.name, b.name));
}

/** Removes every unused local volume, named or anonymous (`docker volume prune [--all]`). */
export async function pruneVolumes(docker: Docker, options: VolumePruneOptions = {}, endpoint = someEngine): Promise<VolumePruneResult> {
	const raw = (await call(endpoint, async () => docker.pruneVolumes({filters: await pruneFilters(docker, options)}))) as {
		VolumesDeleted?: string[] | null;
		SpaceReclaimed?: number;
	};
	return {deleted: raw.VolumesDeleted ?? [], spaceReclaimed: raw.SpaceReclaimed ?? 0};
}

export interface VolumeUsage {
	/** Bytes, or -1 when the engine did not compute it (other drivers). */
	size: number;
	/** Containers that mount it, or -1 when the engine did not count. */
	refCount: number;
}

/**
 * Each volume's size and number of users, by name, from the engine's disk usage report
 * (`docker system df -v`). The engine walks every volume's files for this: ask only when shown.
 */
export async function volumeUsage(docker: Docker, endpoint = someEngine): Promise<Map<string, VolumeUsage>> {
	const raw = (await call(endpoint, () => docker.df())) as {
		Volumes?: Array<{Name: string; UsageData?: {Size?: number; RefCount?: number} | null}> | null;
	};
	const usage = new Map<string, VolumeUsage>();
	for (const volume of raw.Volumes ?? []) {
		usage.set(volume.Name, {size: volume.UsageData?.Size ?? -1, refCount: volume.UsageData?.RefCount ?? -1});
	}
	return usage;
}

/** One container's mount of a volume. */
export interface VolumeUser {
	id: string;
	/** Without the leading slash. */
	name: string;
	/** "running", "exited", "created", … as the engine says. */
	state: string;
	/** Where the volume is mounted inside the container. */
	destination: string;
	readWrite: boolean;
}

export interface VolumeDetails extends VolumeSummary {
	/** The driver's options (`-o`), empty when none. */
	options: Record<string, string>;
	/** Driver-specific status, when the driver reports one; non-text values as JSON. */
	status?: Record<string, string>;
	/** Each mount of the volume by a container (a container mounting it twice appears twice), by name. */
	users: VolumeUser[];
}

function statusText(status: Record<string, unknown> | null | undefined): Record<string, string> | undefined {
	if (!status || Object.keys(status).length === 0) {
		return undefined;
	}
	return Object.fromEntries(
		Object.entries(status).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
	);
}

/** The volume's details, with the containers that mount it, where, and whether they may write. */
export async function inspectVolume(docker: Docker, name: string, endpoint = someEngine): Promise<VolumeDetails> {
	const raw = await findVolume(docker, name, endpoint);
	const containers = await call(endpoint, () => containersMounting(docker, name));
	const users = containers
		.flatMap(container =>
			container.Mounts.map(mount => ({
				id: container.Id,
				name: containerName(container),
				state: container.State,
				destination: mount.Destination,
				readWrite: mount.RW,
			})),
		)
		.sort((a, b) => compareText(a.name, b.name) || compareText(a.destination, b.destination));
	const status = statusText(raw.Status);
	return {
		...normalizeVolume(raw as RawVolume),
		options: {...raw.Options},
		...(status === undefined ? {} : {status}),
		users,
	};
}
