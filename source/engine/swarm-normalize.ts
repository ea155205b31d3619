// The engine's swarm objects (as the API returns them) turned into berth's summaries: pure
// functions, so recorded answers can be checked without a swarm.
import {compareText} from '../format/index.js';
import type {
	NodeAvailability,
	NodeSummary,
	PublishedPort,
	ServiceDetails,
	ServiceMount,
	ServiceSummary,
	SwarmDataSummary,
	SwarmStatus,
	TaskSummary,
} from './swarm-types.js';

export const stackLabel = 'com.docker.stack.namespace';

type Labels = Record<string, string> | null | undefined;

export interface RawSwarmInfo {
	Swarm?: {
		LocalNodeState?: string;
		ControlAvailable?: boolean;
		Error?: string;
		NodeID?: string;
		NodeAddr?: string;
		RemoteManagers?: Array<{NodeID?: string; Addr?: string}> | null;
		Nodes?: number;
		Managers?: number;
		Cluster?: {ID?: string} | null;
	};
}

export interface RawNode {
	ID: string;
	Version?: {Index?: number};
	Spec?: {Name?: string; Role?: string; Availability?: string; Labels?: Labels};
	Description?: {Hostname?: string; Engine?: {EngineVersion?: string}};
	Status?: {State?: string; Message?: string; Addr?: string};
	ManagerStatus?: {Leader?: boolean; Reachability?: string; Addr?: string} | null;
}

export interface RawServiceSpec {
	Name?: string;
	Labels?: Labels;
	TaskTemplate?: {
		ContainerSpec?: {
			Image?: string;
			Command?: string[] | null;
			Args?: string[] | null;
			Env?: string[] | null;
			Mounts?: Array<{Type?: string; Source?: string; Target?: string; ReadOnly?: boolean}> | null;
			Secrets?: Array<{SecretName?: string; SecretID?: string}> | null;
			Configs?: Array<{ConfigName?: string; ConfigID?: string}> | null;
		};
		Placement?: {Constraints?: string[] | null};
		RestartPolicy?: {Condition?: string};
		Networks?: Array<{Target?: string}> | null;
		ForceUpdate?: number;
	};
	Mode?: {Replicated?: {Replicas?: number}; Global?: object};
	UpdateConfig?: {Parallelism?: number; Delay?: number; FailureAction?: string; Order?: string};
	Networks?: Array<{Target?: string}> | null;
	EndpointSpec?: {Mode?: string; Ports?: RawPort[] | null};
}

interface RawPort {
	Protocol?: string;
	TargetPort?: number;
	PublishedPort?: number;
	PublishMode?: string;
}

export interface RawService {
	ID: string;
	Version?: {Index?: number};
	CreatedAt?: string;
	UpdatedAt?: string;
	Spec: RawServiceSpec;
	PreviousSpec?: RawServiceSpec | null;
	Endpoint?: {Ports?: RawPort[] | null};
	UpdateStatus?: {State?: string; Message?: string} | null;
}

export interface RawTask {
	ID: string;
	ServiceID?: string;
	Slot?: number;
	NodeID?: string;
	DesiredState?: string;
	Spec?: {ContainerSpec?: {Image?: string}};
	Status?: {
		Timestamp?: string;
		State?: string;
		Message?: string;
		Err?: string;
		ContainerStatus?: {ContainerID?: string; ExitCode?: number};
	};
}

export interface RawSwarmData {
	ID: string;
	CreatedAt?: string;
	UpdatedAt?: string;
	Spec?: {Name?: string; Labels?: Labels};
}

function time(text: string | undefined): number {
	const ms = text === undefined ? Number.NaN : Date.parse(text);
	return Number.isNaN(ms) ? 0 : ms;
}

/** `docker info`'s Swarm section as a status. */
export function normalizeSwarmStatus(raw: RawSwarmInfo): SwarmStatus {
	const swarm = raw.Swarm ?? {};
	const state = swarm.LocalNodeState ?? 'inactive';
	if (state === 'inactive' || state === '') {
		return {role: 'none'};
	}
	if (state !== 'active') {
		return {role: 'pending', state, ...(swarm.Error ? {error: swarm.Error} : {})};
	}
	const nodeId = swarm.NodeID ?? '';
	const address = swarm.NodeAddr ?? '';
	if (swarm.ControlAvailable) {
		return {
			role: 'manager',
			nodeId,
			address,
			clusterId: swarm.Cluster?.ID ?? '',
			nodes: swarm.Nodes ?? 0,
			managers: swarm.Managers ?? 0,
		};
	}
	const managers = (swarm.RemoteManagers ?? []).map(manager => manager.Addr ?? '').filter(addr => addr !== '');
	return {role: 'worker', nodeId, address, managers: managers.sort(compareText)};
}

/** The image as asked for: the CLI pins services to `image:tag@sha256:…`, which nobody reads. */
export function imageWithoutDigest(image: string): string {
	const at = image.indexOf('@');
	return at === -1 ? image : image.slice(0, at);
}

function availability(text: string | undefined): NodeAvailability {
	return text === 'pause' || text === 'drain' ? text : 'active';
}

/** A node, with the number of tasks running on it (counted from the task list). */
export function normalizeNode(raw: RawNode, runningTasks: number): NodeSummary {
	const manager = raw.ManagerStatus ?? undefined;
	const reachability = manager?.Reachability;
	const managerStatus = manager?.Leader
		? 'leader'
		: reachability === 'reachable' || reachability === 'unreachable'
			? reachability
			: manager
				? 'unknown'
				: undefined;
	// A manager's Status.Addr can be 0.0.0.0 (it listens everywhere); its manager address says where.
	const address = raw.Status?.Addr && raw.Status.Addr !== '0.0.0.0' ? raw.Status.Addr : (manager?.Addr?.replace(/:\d+$/, '') ?? '');
	return {
		id: raw.ID,
		version: raw.Version?.Index ?? 0,
		hostname: raw.Description?.Hostname ?? raw.Spec?.Name ?? raw.ID,
		role: raw.Spec?.Role === 'manager' ? 'manager' : 'worker',
		availability: availability(raw.Spec?.Availability),
		status: raw.Status?.State ?? 'unknown',
		...(raw.Status?.Message ? {message: raw.Status.Message} : {}),
		...(managerStatus === undefined ? {} : {managerStatus}),
		engineVersion: raw.Description?.Engine?.EngineVersion ?? '',
		address,
		labels: {...raw.Spec?.Labels},
		runningTasks,
	};
}

function normalizePorts(ports: RawPort[] | null | undefined): PublishedPort[] {
	return (ports ?? [])
		.map(port => ({
			published: port.PublishedPort ?? 0,
			target: port.TargetPort ?? 0,
			protocol: port.Protocol ?? 'tcp',
			mode: port.PublishMode === 'host' ? ('host' as const) : ('ingress' as const),
		}))
		.sort((a, b) => a.published - b.published || a.target - b.target || compareText(a.protocol, b.protocol));
}

function isRunning(task: RawTask): boolean {
	return task.Status?.State === 'running';
}

/**
 * A service with its task counts, from all the tasks the engine lists for it (old ones too).
 * A global service should run where the swarm wants a task running: its desired count is
 * the tasks whose desired state is "running".
 */
export function normalizeService(raw: RawService, tasks: readonly RawTask[]): ServiceSummary {
	const spec = raw.Spec;
	const replicated = spec.Mode?.Global === undefined;
	const replicas = spec.Mode?.Replicated?.Replicas ?? 1;
	const own = tasks.filter(task => task.ServiceID === raw.ID);
	const stack = spec.Labels?.[stackLabel];
	const update = raw.UpdateStatus ?? undefined;
	// Endpoint holds what the engine assigned (published ports picked by it); before that, the spec.
	const ports = raw.Endpoint?.Ports?.length ? raw.Endpoint.Ports : spec.EndpointSpec?.Ports;
	return {
		id: raw.ID,
		version: raw.Version?.Index ?? 0,
		name: spec.Name ?? raw.ID,
		mode: replicated ? {kind: 'replicated', replicas} : {kind: 'global'},
		running: own.filter(isRunning).length,
		desired: replicated ? replicas : own.filter(task => task.DesiredState === 'running').length,
		image: imageWithoutDigest(spec.TaskTemplate?.ContainerSpec?.Image ?? ''),
		ports: normalizePorts(ports),
		...(update?.State ? {updateStatus: {state: update.State, ...(update.Message ? {message: update.Message} : {})}} : {}),
		...(stack === undefined ? {} : {stack}),
		labels: {...spec.Labels},
		createdAt: time(raw.CreatedAt),
		updatedAt: time(raw.UpdatedAt),
	};
}

/** A service's settings, with network ids named by `networkNames` (id → name). */
export function normalizeServiceDetails(
	raw: RawService,
	tasks: readonly RawTask[],
	networkNames: ReadonlyMap<string, string>,
): ServiceDetails {
	const template = raw.Spec.TaskTemplate ?? {};
	const container = template.ContainerSpec ?? {};
	const update = raw.Spec.UpdateConfig ?? {};
	const mounts: ServiceMount[] = (container.Mounts ?? []).map(mount => ({
		type: mount.Type ?? 'volume',
		...(mount.Source ? {source: mount.Source} : {}),
		target: mount.Target ?? '',
		readOnly: mount.ReadOnly ?? false,
	}));
	// Networks moved from the service spec into the task template in API 1.25; either may hold them.
	const networks = (template.Networks ?? raw.Spec.Networks ?? []).map(network => network.Target ?? '');
	return {
		...normalizeService(raw, tasks),
		...(container.Command?.length ? {command: [...container.Command]} : {}),
		...(container.Args?.length ? {args: [...container.Args]} : {}),
		env: [...(container.Env ?? [])],
		mounts,
		networks: networks.map(id => networkNames.get(id) ?? id),
		constraints: [...(template.Placement?.Constraints ?? [])],
		restartCondition: template.RestartPolicy?.Condition ?? 'any',
		update: {
			parallelism: update.Parallelism ?? 1,
			delayNs: update.Delay ?? 0,
			failureAction: update.FailureAction ?? 'pause',
			order: update.Order ?? 'stop-first',
		},
		secrets: (container.Secrets ?? []).map(secret => secret.SecretName ?? secret.SecretID ?? ''),
		configs: (container.Configs ?? []).map(config => config.ConfigName ?? config.ConfigID ?? ''),
		canRollback: raw.PreviousSpec !== undefined && raw.PreviousSpec !== null,
	};
}

/** A task, with its node named by `hostnames` (node id → hostname). */
export function normalizeTask(raw: RawTask, hostnames: ReadonlyMap<string, string>): TaskSummary {
	const status = raw.Status ?? {};
	const nodeId = raw.NodeID ?? '';
	const exitCode = status.ContainerStatus?.ExitCode;
	return {
		id: raw.ID,
		serviceId: raw.ServiceID ?? '',
		...(raw.Slot ? {slot: raw.Slot} : {}),
		nodeId,
		node: hostnames.get(nodeId) ?? nodeId,
		desiredState: raw.DesiredState ?? '',
		state: status.State ?? '',
		stateSince: time(status.Timestamp),
		...(status.Message ? {message: status.Message} : {}),
		...(status.Err ? {error: status.Err} : {}),
		...(status.ContainerStatus?.ContainerID ? {containerId: status.ContainerStatus.ContainerID} : {}),
		...(exitCode === undefined || status.ContainerStatus?.ContainerID === undefined ? {} : {exitCode}),
		image: imageWithoutDigest(raw.Spec?.ContainerSpec?.Image ?? ''),
	};
}

/** Newest first within a slot, slots in order: what `docker service ps` shows. */
export function compareTasks(a: TaskSummary, b: TaskSummary): number {
	return (a.slot ?? 0) - (b.slot ?? 0) || compareText(a.node, b.node) || b.stateSince - a.stateSince;
}

/** The service names using each secret (or config), by its id. */
export function dataUsers(services: readonly RawService[], kind: 'secrets' | 'configs'): Map<string, string[]> {
	const users = new Map<string, string[]>();
	for (const service of services) {
		const container = service.Spec.TaskTemplate?.ContainerSpec;
		const references = kind === 'secrets' ? (container?.Secrets ?? []).map(secret => secret.SecretID) : (container?.Configs ?? []).map(config => config.ConfigID);
		for (const id of new Set(references)) {
			if (id !== undefined) {
				users.set(id, [...(users.get(id) ?? []), service.Spec.Name ?? service.ID]);
			}
		}
	}
	return users;
}

export function normalizeSwarmData(raw: RawSwarmData, usedBy: readonly string[]): SwarmDataSummary {
	return {
		id: raw.ID,
		name: raw.Spec?.Name ?? raw.ID,
		createdAt: time(raw.CreatedAt),
		updatedAt: time(raw.UpdatedAt),
		labels: {...raw.Spec?.Labels},
		usedBy: [...usedBy].sort(compareText),
	};
}
