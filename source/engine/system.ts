// The engine as a whole: `docker info`, `docker system df [-v]`, and pruning the build cache.
// (`docker system prune` is composed by the caller from the per-kind prunes and this one.)
import {setTimeout as delay} from 'node:timers/promises';
import type Docker from 'dockerode';
import {formatSize} from '../format/bytes.js';
import {call} from './errors.js';
import {EngineError} from './types.js';

export interface SystemInfo {
	/** The engine host's name (`docker info` "Name"). */
	name: string;
	id: string;
	engineVersion: string;
	apiVersion: string;
	/** e.g. "Debian GNU/Linux 12 (bookworm)" */
	operatingSystem: string;
	osType: string;
	kernelVersion: string;
	architecture: string;
	storageDriver: string;
	/** The storage driver's own details, e.g. ["Backing Filesystem", "extfs"]. */
	storageStatus: Array<[string, string]>;
	cgroupDriver: string;
	/** "1" or "2"; '' when the engine does not say. */
	cgroupVersion: string;
	cpus: number;
	/** Bytes. */
	memory: number;
	rootDir: string;
	loggingDriver: string;
	defaultRuntime: string;
	registryMirrors: string[];
	/** As `docker info` lists them: insecure registries by name, then the insecure CIDRs. */
	insecureRegistries: string[];
	liveRestore: boolean;
	securityOptions: string[];
	warnings: string[];
	/** The swarm state: "inactive", "active", "pending", "error", "locked". */
	swarm: string;
	containers: {total: number; running: number; paused: number; stopped: number};
	images: number;
}

interface RawInfo {
	ID?: string;
	Name?: string;
	ServerVersion?: string;
	OperatingSystem?: string;
	OSType?: string;
	KernelVersion?: string;
	Architecture?: string;
	Driver?: string;
	DriverStatus?: Array<[string, string]> | null;
	CgroupDriver?: string;
	CgroupVersion?: string;
	NCPU?: number;
	MemTotal?: number;
	DockerRootDir?: string;
	LoggingDriver?: string;
	DefaultRuntime?: string;
	RegistryConfig?: {
		Mirrors?: string[] | null;
		InsecureRegistryCIDRs?: string[] | null;
		IndexConfigs?: Record<string, {Name?: string; Secure?: boolean; Mirrors?: string[] | null}> | null;
	} | null;
	LiveRestoreEnabled?: boolean;
	SecurityOptions?: string[] | null;
	Warnings?: string[] | null;
	Swarm?: {LocalNodeState?: string} | null;
	Containers?: number;
	ContainersRunning?: number;
	ContainersPaused?: number;
	ContainersStopped?: number;
	Images?: number;
}

/** `/info` (with the API version from `/version`) in the engine layer's shape. */
export function normalizeInfo(raw: RawInfo, apiVersion: string): SystemInfo {
	const registry = raw.RegistryConfig ?? {};
	const insecureByName = Object.values(registry.IndexConfigs ?? {})
		.filter(index => index.Secure === false && index.Name)
		.map(index => index.Name as string)
		.sort();
	return {
		name: raw.Name ?? '',
		id: raw.ID ?? '',
		engineVersion: raw.ServerVersion ?? '',
		apiVersion,
		operatingSystem: raw.OperatingSystem ?? '',
		osType: raw.OSType ?? '',
		kernelVersion: raw.KernelVersion ?? '',
		architecture: raw.Architecture ?? '',
		storageDriver: raw.Driver ?? '',
		storageStatus: (raw.DriverStatus ?? []).map(([key, value]) => [String(key), String(value)]),
		cgroupDriver: raw.CgroupDriver ?? '',
		cgroupVersion: raw.CgroupVersion ?? '',
		cpus: raw.NCPU ?? 0,
		memory: raw.MemTotal ?? 0,
		rootDir: raw.DockerRootDir ?? '',
		loggingDriver: raw.LoggingDriver ?? '',
		defaultRuntime: raw.DefaultRuntime ?? '',
		registryMirrors: registry.Mirrors ?? [],
		insecureRegistries: [...insecureByName, ...(registry.InsecureRegistryCIDRs ?? [])],
		liveRestore: raw.LiveRestoreEnabled === true,
		securityOptions: raw.SecurityOptions ?? [],
		warnings: raw.Warnings ?? [],
		swarm: raw.Swarm?.LocalNodeState || 'inactive',
		containers: {
			total: raw.Containers ?? 0,
			running: raw.ContainersRunning ?? 0,
			paused: raw.ContainersPaused ?? 0,
			stopped: raw.ContainersStopped ?? 0,
		},
		images: raw.Images ?? 0,
	};
}

/** What `docker info` shows, normalised. */
export async function systemInfo(docker: Docker, endpoint: string): Promise<SystemInfo> {
	const [info, version] = await call(endpoint, () => Promise.all([docker.info(), docker.version()]));
	return normalizeInfo(info as RawInfo, (version as {ApiVersion?: string}).ApiVersion ?? '');
}

export type DiskUsageKind = 'images' | 'containers' | 'volumes' | 'build-cache';

/** One line of `docker system df`. */
export interface DiskUsageSummary {
	kind: DiskUsageKind;
	/** As the docker CLI titles it: "Images", "Containers", "Local Volumes", "Build Cache". */
	title: string;
	total: number;
	active: number;
	/** Bytes. */
	size: number;
	/** Bytes. */
	reclaimable: number;
	/** Whole percent of `size`, as the CLI shows it; undefined where it shows none (build cache, or nothing). */
	reclaimablePercent?: number;
}

/** An image row of `docker system df -v`. */
export interface DiskUsageImage {
	id: string;
	/** First tag's repository and tag, "<none>" for an untagged image, as the CLI shows them. */
	repository: string;
	tag: string;
	tags: string[];
	/** Epoch milliseconds. */
	created: number;
	size: number;
	/** Bytes shared with other images, -1 when the engine did not count. */
	sharedSize: number;
	/** size - sharedSize, -1 when unknown. */
	uniqueSize: number;
	containers: number;
}

export interface DiskUsageContainer {
	id: string;
	image: string;
	command: string;
	/** Mounts of local-driver volumes. */
	localVolumes: number;
	/** Bytes written in the container's layer. */
	size: number;
	/** Epoch milliseconds. */
	created: number;
	state: string;
	status: string;
	/** Without the leading slash. */
	name: string;
}

export interface DiskUsageVolume {
	name: string;
	driver: string;
	/** Containers using it, -1 when unknown. */
	links: number;
	/** Bytes, -1 when unknown. */
	size: number;
}

export interface DiskUsageBuildCache {
	id: string;
	type: string;
	description: string;
	size: number;
	/** Epoch milliseconds. */
	created: number;
	/** Epoch milliseconds, undefined when never used. */
	lastUsed?: number;
	usageCount: number;
	inUse: boolean;
	shared: boolean;
}

export interface DiskUsage {
	/** Images, Containers, Local Volumes, Build Cache: the lines of `docker system df`. */
	summary: DiskUsageSummary[];
	images: DiskUsageImage[];
	containers: DiskUsageContainer[];
	volumes: DiskUsageVolume[];
	buildCache: DiskUsageBuildCache[];
}

interface RawDf {
	LayersSize?: number;
	Images?: Array<{
		Id: string;
		RepoTags?: string[] | null;
		Created?: number;
		Size?: number;
		SharedSize?: number;
		Containers?: number;
	}> | null;
	Containers?: Array<{
		Id: string;
		Names?: string[] | null;
		Image?: string;
		Command?: string;
		Created?: number;
		State?: string;
		Status?: string;
		SizeRw?: number;
		Mounts?: Array<{Type?: string; Driver?: string}> | null;
	}> | null;
	Volumes?: Array<{Name: string; Driver?: string; UsageData?: {Size?: number; RefCount?: number} | null}> | null;
	BuildCache?: Array<{
		ID: string;
		Type?: string;
		Description?: string;
		InUse?: boolean;
		Shared?: boolean;
		Size?: number;
		CreatedAt?: string;
		LastUsedAt?: string | null;
		UsageCount?: number;
	}> | null;
}

const percent = (part: number, whole: number): number | undefined => (whole > 0 ? Math.trunc((part * 100) / whole) : undefined);

function splitTag(tag: string | undefined): {repository: string; tag: string} {
	if (!tag || tag === '<none>:<none>') {
		return {repository: '<none>', tag: '<none>'};
	}
	const colon = tag.lastIndexOf(':');
	return colon > tag.lastIndexOf('/') ? {repository: tag.slice(0, colon), tag: tag.slice(colon + 1)} : {repository: tag, tag: '<none>'};
}

const timeOf = (text: string | null | undefined): number | undefined => {
	const ms = text ? Date.parse(text) : Number.NaN;
	return Number.isFinite(ms) && ms > 0 ? ms : undefined;
};

/** `/system/df` counted the way `docker system df` counts it. */
export function normalizeDiskUsage(raw: RawDf): DiskUsage {
	const images: DiskUsageImage[] = (raw.Images ?? []).map(image => {
		const tags = (image.RepoTags ?? []).filter(tag => tag !== '<none>:<none>');
		const size = image.Size ?? 0;
		const sharedSize = image.SharedSize ?? -1;
		return {
			id: image.Id,
			...splitTag(tags[0]),
			tags,
			created: (image.Created ?? 0) * 1000,
			size,
			sharedSize,
			uniqueSize: sharedSize === -1 || size === -1 ? -1 : size - sharedSize,
			containers: image.Containers ?? 0,
		};
	});
	const containers: DiskUsageContainer[] = (raw.Containers ?? []).map(container => ({
		id: container.Id,
		image: container.Image ?? '',
		command: container.Command ?? '',
		localVolumes: (container.Mounts ?? []).filter(mount => mount.Driver === 'local').length,
		size: container.SizeRw ?? 0,
		created: (container.Created ?? 0) * 1000,
		state: container.State ?? '',
		status: container.Status ?? '',
		name: (container.Names?.[0] ?? '').replace(/^\//, ''),
	}));
	const volumes: DiskUsageVolume[] = (raw.Volumes ?? []).map(volume => ({
		name: volume.Name,
		driver: volume.Driver ?? '',
		links: volume.UsageData?.RefCount ?? -1,
		size: volume.UsageData?.Size ?? -1,
	}));
	const buildCache: DiskUsageBuildCache[] = (raw.BuildCache ?? []).map(record => {
		const lastUsed = timeOf(record.LastUsedAt);
		return {
			id: record.ID,
			type: record.Type ?? '',
			description: record.Description ?? '',
			size: record.Size ?? 0,
			created: timeOf(record.CreatedAt) ?? 0,
			...(lastUsed === undefined ? {} : {lastUsed}),
			usageCount: record.UsageCount ?? 0,
			inUse: record.InUse === true,
			shared: record.Shared === true,
		};
	});

	const layersSize = raw.LayersSize ?? 0;
	const usedByImages = images
		.filter(image => image.containers > 0 && image.uniqueSize !== -1)
		.reduce((sum, image) => sum + image.uniqueSize, 0);
	const isActive = (state: string) => /running|paused|restarting/.test(state);
	const containerSize = containers.reduce((sum, container) => sum + container.size, 0);
	const containerReclaimable = containers.filter(c => !isActive(c.state)).reduce((sum, c) => sum + c.size, 0);
	const known = volumes.filter(volume => volume.size !== -1);
	const volumeSize = known.reduce((sum, volume) => sum + volume.size, 0);
	const volumeReclaimable = known.filter(volume => volume.links === 0).reduce((sum, volume) => sum + volume.size, 0);
	const cacheSize = buildCache.filter(record => !record.shared).reduce((sum, record) => sum + record.size, 0);
	const cacheInUse = buildCache.filter(record => record.inUse && !record.shared).reduce((sum, record) => sum + record.size, 0);

	const line = (
		kind: DiskUsageKind,
		title: string,
		total: number,
		active: number,
		size: number,
		reclaimable: number,
		withPercent: boolean,
	): DiskUsageSummary => {
		const share = withPercent ? percent(reclaimable, size) : undefined;
		return {kind, title, total, active, size, reclaimable, ...(share === undefined ? {} : {reclaimablePercent: share})};
	};
	return {
		summary: [
			line('images', 'Images', images.length, images.filter(image => image.containers > 0).length, layersSize, layersSize - usedByImages, true),
			line('containers', 'Containers', containers.length, containers.filter(c => isActive(c.state)).length, containerSize, containerReclaimable, true),
			line('volumes', 'Local Volumes', volumes.length, volumes.filter(volume => volume.links > 0).length, volumeSize, volumeReclaimable, true),
			line('build-cache', 'Build Cache', buildCache.length, buildCache.filter(record => record.inUse).length, cacheSize, cacheSize - cacheInUse, false),
		],
		images,
		containers,
		volumes,
		buildCache,
	};
}

/** A summary's RECLAIMABLE column as the docker CLI prints it: "6.18MB (100%)", "0B". */
export function formatReclaimable(summary: DiskUsageSummary): string {
	const size = formatSize(summary.reclaimable);
	return summary.reclaimablePercent === undefined ? size : `${size} (${summary.reclaimablePercent}%)`;
}

/**
 * What the engine's storage holds, as `docker system df` and `docker system df -v` show it. The
 * engine runs one disk usage count at a time; a request that meets another is tried again.
 */
export async function diskUsage(docker: Docker, endpoint: string): Promise<DiskUsage> {
	for (let attempt = 1; ; attempt++) {
		try {
			return normalizeDiskUsage((await call(endpoint, () => docker.df())) as RawDf);
		} catch (error) {
			if (attempt < 5 && error instanceof EngineError && /already running/i.test(error.message)) {
				await delay(200 * attempt);
				continue;
			}
			throw error;
		}
	}
}

export interface BuildCachePruneResult {
	/** Ids of the cache records removed. */
	deleted: string[];
	/** Bytes freed. */
	spaceReclaimed: number;
}

/**
 * Removes the build cache no build is using (`docker builder prune -f`); `filters` narrows it as the
 * engine's own filters do (`until`, `id`, `type`, `description`, …).
 */
export async function pruneBuildCache(
	docker: Docker,
	endpoint: string,
	options: {filters?: Record<string, string[]>} = {},
): Promise<BuildCachePruneResult> {
	const raw = (await call(
		endpoint,
		() =>
			new Promise<unknown>((resolve, reject) => {
				docker.modem.dial(
					{
						path: '/build/prune?',
						method: 'POST',
						options: {_query: options.filters ? {filters: options.filters} : {}, _body: {}},
						statusCodes: {200: true, 400: 'bad parameter', 500: 'server error'},
					},
					(error, data) => (error ? reject(error) : resolve(data)),
				);
			}),
	)) as {CachesDeleted?: string[] | null; SpaceReclaimed?: number};
	return {deleted: raw.CachesDeleted ?? [], spaceReclaimed: raw.SpaceReclaimed ?? 0};
}
