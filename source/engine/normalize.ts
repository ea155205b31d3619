// Raw engine JSON → the contract's shapes. The raw interfaces describe what engines actually send
// (fields go missing or null across API versions and podman), so every read is defensive.
import {compareText} from '../format/index.js';
import type {
	ContainerDetails,
	ContainerState,
	ContainerSummary,
	EngineEvent,
	EngineKind,
	EngineObjectType,
	EngineVersion,
	HealthState,
	ImageSummary,
	NetworkSummary,
	PortBinding,
	TopResult,
	VolumeSummary,
} from './types.js';

type Labels = Record<string, string> | null | undefined;

export interface RawContainer {
	Id: string;
	Names?: string[] | null;
	Image?: string;
	ImageID?: string;
	Command?: string;
	Created?: number;
	State?: string;
	Status?: string;
	Ports?: Array<{IP?: string; PrivatePort: number; PublicPort?: number; Type?: string}> | null;
	Labels?: Labels;
	NetworkSettings?: {Networks?: Record<string, unknown> | null} | null;
	Mounts?: Array<{Type?: string; Name?: string}> | null;
}

export interface RawImage {
	Id: string;
	ParentId?: string;
	RepoTags?: string[] | null;
	RepoDigests?: string[] | null;
	Size?: number;
	Created?: number;
	Containers?: number;
	Labels?: Labels;
}

export interface RawVolume {
	Name: string;
	Driver?: string;
	Mountpoint?: string;
	Scope?: string;
	CreatedAt?: string;
	Labels?: Labels;
}

export interface RawNetwork {
	Id: string;
	Name?: string;
	Driver?: string;
	Scope?: string;
	Internal?: boolean;
	Attachable?: boolean;
	Ingress?: boolean;
	EnableIPv6?: boolean;
	Created?: string;
	IPAM?: {Config?: Array<{Subnet?: string; Gateway?: string}> | null} | null;
	Labels?: Labels;
}

export interface RawEvent {
	Type?: string;
	Action?: string;
	Actor?: {ID?: string; Attributes?: Record<string, string> | null};
	/** Pre-1.22 field names. */
	status?: string;
	id?: string;
	from?: string;
	time?: number;
	timeNano?: number;
}

interface RawPortBindingHost {
	HostIp?: string;
	HostPort?: string;
}

type RawPortMap = Record<string, RawPortBindingHost[] | null> | null | undefined;

export interface RawContainerDetails {
	Id: string;
	Name?: string;
	Image?: string;
	Created?: string;
	Config?: {
		Image?: string;
		Cmd?: string[] | string | null;
		Entrypoint?: string[] | string | null;
		WorkingDir?: string;
		User?: string;
		Hostname?: string;
		Env?: string[] | null;
		Labels?: Labels;
		Tty?: boolean;
		OpenStdin?: boolean;
		ExposedPorts?: Record<string, unknown> | null;
	};
	HostConfig?: {
		RestartPolicy?: {Name?: string; MaximumRetryCount?: number} | null;
		PortBindings?: RawPortMap;
	};
	Mounts?: Array<{
		Type?: string;
		Name?: string;
		Source?: string;
		Destination?: string;
		Mode?: string;
		RW?: boolean;
	}> | null;
	NetworkSettings?: {
		Ports?: RawPortMap;
		Networks?: Record<
			string,
			{
				IPAddress?: string;
				GlobalIPv6Address?: string;
				Gateway?: string;
				MacAddress?: string;
				Aliases?: string[] | null;
			}
		> | null;
	};
	State?: {
		Status?: string;
		Running?: boolean;
		Paused?: boolean;
		Restarting?: boolean;
		OOMKilled?: boolean;
		Pid?: number;
		ExitCode?: number;
		Error?: string;
		StartedAt?: string;
		FinishedAt?: string;
		Health?: {
			Status?: string;
			FailingStreak?: number;
			Log?: Array<{Start?: string; End?: string; ExitCode?: number; Output?: string}> | null;
		} | null;
	};
}

export interface RawTop {
	Titles?: string[] | null;
	Processes?: string[][] | null;
}

export interface RawVersion {
	Version?: string;
	ApiVersion?: string;
	Os?: string;
	Arch?: string;
	Components?: Array<{Name?: string}> | null;
}

const containerStates: ReadonlySet<string> = new Set<ContainerState>([
	'created',
	'running',
	'paused',
	'restarting',
	'removing',
	'exited',
	'dead',
]);

// Podman's compat API reports a few states of its own.
const foreignStates: Record<string, ContainerState> = {
	configured: 'created',
	initialized: 'created',
	stopped: 'exited',
	stopping: 'running',
};

export function containerState(raw: string | undefined): ContainerState {
	const state = (raw ?? '').toLowerCase();
	if (containerStates.has(state)) {
		return state as ContainerState;
	}
	return foreignStates[state] ?? 'dead';
}

/** Health as Docker appends it to the status text: "Up 2 minutes (health: starting)". */
export function healthFromStatus(status: string): HealthState | undefined {
	const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
	if (!match) {
		return undefined;
	}
	return match[1] === 'health: starting' ? 'starting' : (match[1] as HealthState);
}

function healthState(raw: string | undefined): HealthState | undefined {
	return raw === 'starting' || raw === 'healthy' || raw === 'unhealthy' ? raw : undefined;
}

/** The container's own name: the first without a further slash (others are legacy link aliases). */
export function containerName(names: string[] | null | undefined): string {
	const stripped = (names ?? []).map(name => name.replace(/^\//, ''));
	return stripped.find(name => !name.includes('/')) ?? stripped[0] ?? '';
}

function epochMs(iso: string | undefined): number | undefined {
	if (iso === undefined || iso === '') {
		return undefined;
	}
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? undefined : ms;
}

function labels(raw: Labels): Record<string, string> {
	return {...raw};
}

function commandArray(raw: string[] | string | null | undefined): string[] {
	if (Array.isArray(raw)) {
		return raw;
	}
	return typeof raw === 'string' && raw !== '' ? [raw] : [];
}

export function normalizeContainer(raw: RawContainer, statusAt: number): ContainerSummary {
	const status = raw.Status ?? '';
	const health = healthFromStatus(status);
	const containerLabels = labels(raw.Labels);
	const project = containerLabels['com.docker.compose.project'];
	const service = containerLabels['com.docker.compose.service'];
	return {
		id: raw.Id,
		name: containerName(raw.Names),
		image: raw.Image ?? '',
		imageId: raw.ImageID ?? '',
		command: raw.Command ?? '',
		created: (raw.Created ?? 0) * 1000,
		state: containerState(raw.State),
		status,
		statusAt,
		...(health ? {health} : {}),
		ports: (raw.Ports ?? []).map(port => ({
			privatePort: port.PrivatePort,
			...(port.PublicPort ? {publicPort: port.PublicPort} : {}),
			...(port.IP ? {ip: port.IP} : {}),
			type: port.Type ?? 'tcp',
		})),
		labels: containerLabels,
		...(project === undefined ? {} : {project}),
		...(service === undefined ? {} : {service}),
		networks: Object.keys(raw.NetworkSettings?.Networks ?? {}),
		volumes: (raw.Mounts ?? []).flatMap(mount => (mount.Type === 'volume' && mount.Name ? [mount.Name] : [])),
	};
}

export function normalizeImage(raw: RawImage): ImageSummary {
	return {
		id: raw.Id,
		parentId: raw.ParentId ?? '',
		tags: (raw.RepoTags ?? []).filter(tag => tag !== '<none>:<none>'),
		digests: (raw.RepoDigests ?? []).filter(digest => digest !== '<none>@<none>'),
		size: raw.Size ?? 0,
		created: (raw.Created ?? 0) * 1000,
		containers: raw.Containers ?? -1,
		labels: labels(raw.Labels),
	};
}

export function normalizeVolume(raw: RawVolume): VolumeSummary {
	const created = epochMs(raw.CreatedAt);
	return {
		name: raw.Name,
		driver: raw.Driver ?? '',
		mountpoint: raw.Mountpoint ?? '',
		scope: raw.Scope ?? '',
		...(created === undefined ? {} : {created}),
		labels: labels(raw.Labels),
	};
}

export function normalizeNetwork(raw: RawNetwork): NetworkSummary {
	const configs = raw.IPAM?.Config ?? [];
	return {
		id: raw.Id,
		name: raw.Name ?? '',
		driver: raw.Driver ?? '',
		scope: raw.Scope ?? '',
		internal: raw.Internal ?? false,
		attachable: raw.Attachable ?? false,
		ingress: raw.Ingress ?? false,
		ipv6: raw.EnableIPv6 ?? false,
		subnets: configs.flatMap(config => (config.Subnet ? [config.Subnet] : [])),
		gateways: configs.flatMap(config => (config.Gateway ? [config.Gateway] : [])),
		created: epochMs(raw.Created) ?? 0,
		labels: labels(raw.Labels),
	};
}

const eventTypes: ReadonlySet<string> = new Set<EngineObjectType>([
	'container',
	'image',
	'volume',
	'network',
	'daemon',
	'plugin',
	'service',
	'node',
	'secret',
	'config',
]);

/** Podman names a removal "remove" where Docker says "destroy" (the store drops the row on "destroy"). */
const removalTypes: ReadonlySet<string> = new Set(['container', 'volume']);

/** An event in the contract's shape, or undefined for object types berth does not model (e.g. builder). */
export function normalizeEvent(raw: RawEvent): EngineEvent | undefined {
	// Before API 1.22 only container events existed, without Type/Action/Actor.
	const type = raw.Type ?? 'container';
	if (!eventTypes.has(type)) {
		return undefined;
	}
	const attributes: Record<string, string> = {...raw.Actor?.Attributes};
	if (raw.from !== undefined && attributes['image'] === undefined) {
		attributes['image'] = raw.from;
	}
	const time = raw.timeNano !== undefined ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000;
	const action = raw.Action ?? raw.status ?? '';
	return {
		type: type as EngineObjectType,
		action: action === 'remove' && removalTypes.has(type) ? 'destroy' : action,
		// Podman's volume events carry an empty ID and the name among the attributes.
		id: raw.Actor?.ID || raw.id || attributes['name'] || '',
		attributes,
		time,
	};
}

function portNumberAndProtocol(key: string): [number, string] {
	const [port = '', protocol = ''] = key.split('/');
	return [Number.parseInt(port, 10) || 0, protocol];
}

/**
 * Published and exposed ports. While running, NetworkSettings.Ports holds the live bindings;
 * a stopped container has none there, so fall back to what was configured.
 */
function portBindings(raw: RawContainerDetails): PortBinding[] {
	const live = raw.NetworkSettings?.Ports ?? {};
	const configured = raw.HostConfig?.PortBindings ?? {};
	const keys = new Set([...Object.keys(live), ...Object.keys(configured), ...Object.keys(raw.Config?.ExposedPorts ?? {})]);
	return [...keys]
		.sort((a, b) => {
			const [portA, protocolA] = portNumberAndProtocol(a);
			const [portB, protocolB] = portNumberAndProtocol(b);
			return portA - portB || compareText(protocolA, protocolB);
		})
		.map(containerPort => ({
			containerPort,
			host: (live[containerPort] ?? configured[containerPort] ?? []).map(binding => ({
				ip: binding.HostIp ?? '',
				port: binding.HostPort ?? '',
			})),
		}));
}

export function normalizeDetails(raw: RawContainerDetails): ContainerDetails {
	const config = raw.Config ?? {};
	const state = raw.State ?? {};
	const health = healthState(state.Health?.Status);
	return {
		id: raw.Id,
		name: (raw.Name ?? '').replace(/^\//, ''),
		image: config.Image ?? '',
		imageId: raw.Image ?? '',
		created: epochMs(raw.Created) ?? 0,
		command: commandArray(config.Cmd),
		entrypoint: commandArray(config.Entrypoint),
		workingDir: config.WorkingDir ?? '',
		user: config.User ?? '',
		hostname: config.Hostname ?? '',
		env: config.Env ?? [],
		labels: labels(config.Labels),
		tty: config.Tty ?? false,
		openStdin: config.OpenStdin ?? false,
		mounts: (raw.Mounts ?? []).map(mount => ({
			type: mount.Type ?? '',
			source: mount.Source ?? '',
			destination: mount.Destination ?? '',
			mode: mount.Mode ?? '',
			readWrite: mount.RW ?? false,
			...(mount.Name ? {name: mount.Name} : {}),
		})),
		ports: portBindings(raw),
		networks: Object.entries(raw.NetworkSettings?.Networks ?? {}).map(([name, network]) => ({
			name,
			ipAddress: network.IPAddress ?? '',
			ipv6Address: network.GlobalIPv6Address ?? '',
			gateway: network.Gateway ?? '',
			macAddress: network.MacAddress ?? '',
			aliases: network.Aliases ?? [],
		})),
		restartPolicy: {
			name: raw.HostConfig?.RestartPolicy?.Name ?? '',
			maxRetries: raw.HostConfig?.RestartPolicy?.MaximumRetryCount ?? 0,
		},
		state: {
			status: containerState(state.Status),
			running: state.Running ?? false,
			paused: state.Paused ?? false,
			restarting: state.Restarting ?? false,
			oomKilled: state.OOMKilled ?? false,
			pid: state.Pid ?? 0,
			exitCode: state.ExitCode ?? 0,
			error: state.Error ?? '',
			startedAt: state.StartedAt ?? '',
			finishedAt: state.FinishedAt ?? '',
		},
		...(health
			? {
					health: {
						status: health,
						failingStreak: state.Health?.FailingStreak ?? 0,
						log: (state.Health?.Log ?? []).map(entry => ({
							start: entry.Start ?? '',
							end: entry.End ?? '',
							exitCode: entry.ExitCode ?? 0,
							output: entry.Output ?? '',
						})),
					},
				}
			: {}),
	};
}

export function normalizeTop(raw: RawTop): TopResult {
	return {titles: raw.Titles ?? [], processes: raw.Processes ?? []};
}

/** Podman lists itself among the version's components as "Podman Engine"; Docker as "Engine". */
export function engineKind(raw: RawVersion): EngineKind {
	return (raw.Components ?? []).some(component => component.Name === 'Podman Engine') ? 'podman' : 'docker';
}

export function normalizeVersion(raw: RawVersion): EngineVersion {
	return {
		version: raw.Version ?? '',
		apiVersion: raw.ApiVersion ?? '',
		os: raw.Os ?? '',
		arch: raw.Arch ?? '',
		kind: engineKind(raw),
	};
}
