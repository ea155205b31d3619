import type {RunSpec} from '../parse/run-spec.js';
import type {UpdateFormField, UpdateSpec} from '../parse/update-spec.js';
import type {CommitOptions, ContainerPruneResult, FileChange} from './container-ops.js';
import type {CopyResult} from './container-copy.js';
import type {SaveLogsOptions} from './container-files.js';
import type {ConnectOptions, DisconnectOptions, NetworkCreateOptions, NetworkDetails, NetworkPruneResult, PrunableNetwork} from './networks.js';
import type {DiskUsage, SystemInfo} from './system.js';
import type {VolumeCreateOptions, VolumeDetails, VolumePruneResult, VolumeUsage} from './volumes.js';
import type {BuildOptions} from './image-build.js';
import type {ComposeCli, ComposeDefinition, ComposeTarget, ProjectAction, ServiceAction} from './compose.js';
import type {ImageDetails, ImageHistoryEntry, ImageRemoval, ImageRemoveOptions, PruneOptions, PruneResult} from './images.js';
import type {RepositoryList, TagList} from './registry-client.js';
import type {LoginResult} from './registry-login.js';
import type {LogBytes} from './logs.js';
import type {SearchOptions, SearchResult} from './registry-search.js';
import type {ServiceSpecInput, ServiceUpdateInput} from '../parse/service-spec.js';
import type {StackDeployOptions} from './swarm-stacks.js';
import type {SwarmDataInput, SwarmDataKind} from './swarm-secrets.js';
import type {
	NodeAvailability,
	NodeRole,
	NodeSummary,
	ServiceDetails,
	ServiceLogHandlers,
	ServiceSummary,
	StackContents,
	SwarmDataSummary,
	SwarmStatus,
	TaskSummary,
} from './swarm-types.js';

export type {
	CommitOptions,
	ConnectOptions,
	ContainerPruneResult,
	CopyResult,
	DisconnectOptions,
	DiskUsage,
	FileChange,
	NetworkCreateOptions,
	NetworkDetails,
	NetworkPruneResult,
	PrunableNetwork,
	SaveLogsOptions,
	SystemInfo,
	UpdateFormField,
	UpdateSpec,
	VolumeCreateOptions,
	VolumeDetails,
	VolumePruneResult,
	VolumeUsage,
};
export type {ComposeCli, ComposeDefinition, ComposeTarget, ProjectAction, ServiceAction};
export type {StackDeployOptions, SwarmDataInput, SwarmDataKind, ServiceSpecInput, ServiceUpdateInput};
export type * from './swarm-types.js';
export type {BuildOptions, ImageDetails, ImageHistoryEntry, ImageRemoval, ImageRemoveOptions, LoginResult, PruneOptions, PruneResult, RepositoryList, RunSpec, SearchOptions, SearchResult, TagList};

// The engine layer's public shapes. Everything above engine/ sees Docker only through these,
// already normalised (camelCase, no optional arrays), so the store and UI never parse raw API JSON.

export type ContainerState =
	| 'created'
	| 'running'
	| 'paused'
	| 'restarting'
	| 'removing'
	| 'exited'
	| 'dead';

export type HealthState = 'starting' | 'healthy' | 'unhealthy';

export interface PortMapping {
	privatePort: number;
	publicPort?: number;
	ip?: string;
	type: string;
}

export interface ContainerSummary {
	id: string;
	/** Without the leading slash. */
	name: string;
	image: string;
	imageId: string;
	command: string;
	/** Epoch milliseconds. */
	created: number;
	state: ContainerState;
	/** Docker's own status text at list time, e.g. "Up 3 minutes (healthy)". */
	status: string;
	/** Epoch milliseconds at which `status` was read from the engine. */
	statusAt: number;
	health?: HealthState;
	ports: PortMapping[];
	labels: Record<string, string>;
	/** `com.docker.compose.project` label, when present. */
	project?: string;
	/** `com.docker.compose.service` label, when present. */
	service?: string;
	networks: string[];
	/** Names of the volumes it mounts. */
	volumes: string[];
	/** Podman only: the pod it belongs to. */
	pod?: PodMembership;
	/** With several engines: the name of the one it came from (its id is then a key qualified by it). */
	engine?: string;
}

/** A Podman container's pod. The pod's infra container only holds the namespaces its members share. */
export interface PodMembership {
	id: string;
	name: string;
	infra: boolean;
}

export interface ImageSummary {
	id: string;
	/** The image it was built on, when built here ('' otherwise). */
	parentId: string;
	/** repo:tag strings; empty for a dangling image. */
	tags: string[];
	digests: string[];
	size: number;
	/** Epoch milliseconds. */
	created: number;
	/** Containers using it, or -1 when the engine did not count. */
	containers: number;
	labels: Record<string, string>;
	/** With several engines: the name of the one it came from (its id is then a key qualified by it). */
	engine?: string;
}

export interface VolumeSummary {
	name: string;
	driver: string;
	mountpoint: string;
	scope: string;
	/** Epoch milliseconds, when the engine reports it. */
	created?: number;
	labels: Record<string, string>;
	/** With several engines: the name of the one it came from (its id is then a key qualified by it). */
	engine?: string;
}

export interface NetworkSummary {
	id: string;
	name: string;
	driver: string;
	scope: string;
	internal: boolean;
	attachable: boolean;
	/** The swarm routing mesh's network. */
	ingress: boolean;
	ipv6: boolean;
	subnets: string[];
	gateways: string[];
	/** Epoch milliseconds. */
	created: number;
	labels: Record<string, string>;
	/** With several engines: the name of the one it came from (its id is then a key qualified by it). */
	engine?: string;
}

export type EngineObjectType =
	| 'container'
	| 'image'
	| 'volume'
	| 'network'
	| 'daemon'
	| 'plugin'
	| 'service'
	| 'node'
	| 'secret'
	| 'config';

export interface EngineEvent {
	type: EngineObjectType;
	/** e.g. "start", "die", "health_status: healthy", "exec_start: sh". */
	action: string;
	/** Container/image/network id, or volume name. */
	id: string;
	attributes: Record<string, string>;
	/** Epoch milliseconds (from timeNano). */
	time: number;
	/** With several engines: the engine it happened on. */
	engine?: string;
}

export interface MountDetails {
	type: string;
	source: string;
	destination: string;
	mode: string;
	readWrite: boolean;
	name?: string;
}

export interface PortBinding {
	/** "80/tcp" */
	containerPort: string;
	/** Empty when exposed but not published. */
	host: Array<{ip: string; port: string}>;
}

export interface NetworkAttachment {
	name: string;
	ipAddress: string;
	ipv6Address: string;
	gateway: string;
	macAddress: string;
	aliases: string[];
}

export interface HealthCheckResult {
	start: string;
	end: string;
	exitCode: number;
	output: string;
}

export interface ContainerDetails {
	id: string;
	name: string;
	image: string;
	imageId: string;
	/** Epoch milliseconds. */
	created: number;
	command: string[];
	entrypoint: string[];
	workingDir: string;
	user: string;
	hostname: string;
	env: string[];
	labels: Record<string, string>;
	tty: boolean;
	openStdin: boolean;
	mounts: MountDetails[];
	ports: PortBinding[];
	networks: NetworkAttachment[];
	restartPolicy: {name: string; maxRetries: number};
	state: {
		status: ContainerState;
		running: boolean;
		paused: boolean;
		restarting: boolean;
		oomKilled: boolean;
		pid: number;
		exitCode: number;
		error: string;
		/** ISO strings as the engine gives them; "0001-01-01T00:00:00Z" means never. */
		startedAt: string;
		finishedAt: string;
	};
	health?: {
		status: HealthState;
		failingStreak: number;
		log: HealthCheckResult[];
	};
}

export interface TopResult {
	titles: string[];
	processes: string[][];
}

export interface LogLine {
	stream: 'stdout' | 'stderr';
	/** One line, without its newline; not yet sanitised. */
	text: string;
	/** RFC3339Nano timestamp from the engine, when requested. */
	timestamp?: string;
}

export interface Subscription {
	stop(): void;
}

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

/** Why an engine cannot be reached, as the unreachable screen shows it. */
export interface Unreachable {
	/** What was tried: "cannot connect to the Docker engine at unix:///var/run/docker.sock". */
	title: string;
	/** Why it failed, in plain words, with the system's code where there is one. */
	reason: string;
	/** What the user can do about it, when we can tell. */
	hint?: string;
}

export interface ConnectionState {
	status: ConnectionStatus;
	/** Plain-words reason of the last failure, while not connected. */
	error?: string;
	/** The same failure in parts, when the engine could not be reached at all. */
	unreachable?: Unreachable;
	/** Consecutive failed attempts. */
	attempt: number;
	/** When reconnecting: milliseconds until the next try. */
	retryInMs?: number;
}

/** With several engines, which one a connection state or (re)connection is about, and that engine alone. */
export interface EngineSource {
	name: string;
	/** Lists and calls of this engine only, its answers keyed as the set keys them. */
	engine: Engine;
}

export interface EventHandlers {
	onEvent(event: EngineEvent): void;
	/** `source` is set when berth watches several engines. */
	onState(state: ConnectionState, source?: EngineSource): void;
	/** Called every time the stream is (re)established, before any event of that connection. */
	onConnected(source?: EngineSource): void;
}

export type {LogBytes};

export interface LogHandlers {
	/** Lines arrive in batches (one per chunk received), in order. */
	onLines(lines: LogLine[]): void;
	/**
	 * Takes the batches instead of `onLines`, as bytes not yet decoded: for a store that keeps lines
	 * as bytes, so that a log flood makes no string or object per line. A batch is read during the
	 * call: the decoder fills it again with the next chunk's lines.
	 */
	onBytes?(batch: LogBytes): void;
	onError(message: string): void;
	onEnd(): void;
}

export interface LogOptions {
	tail: number;
	timestamps: boolean;
	follow: boolean;
	/** Only lines from this time on, in seconds since the epoch (`docker logs --since`). */
	since?: number;
	/** Only lines before this time (`--until`). */
	until?: number;
}

/** One reading of a running container's resource use, counted the way `docker stats` counts it. */
export interface StatsSample {
	/** Epoch ms when read. */
	time: number;
	/** Undefined for a container's first sample (no previous reading to compare with). */
	cpuPercent?: number;
	/** Bytes in use as docker stats counts them: usage minus inactive file cache. */
	memoryUsage: number;
	/** Bytes; the host's memory when the container has no lower limit. */
	memoryLimit: number;
	memoryPercent: number;
	/** Cumulative bytes since the container started (the store turns them into rates). */
	netRx: number;
	netTx: number;
	blockRead: number;
	blockWrite: number;
	pids: number;
}

export interface StatsHandlers {
	onSample(sample: StatsSample): void;
	onError(message: string): void;
	/** The container stopped (or went away); no more samples will come. */
	onEnd(): void;
}

/** 'cgroup': the container's cgroup and /proc files, read locally; 'api': the engine's stats stream. */
export type StatsSource = 'cgroup' | 'api';

export interface RemoveOptions {
	force: boolean;
	volumes: boolean;
}

/** Which engine answers: Podman speaks Docker's API with differences berth allows for. */
export type EngineKind = 'docker' | 'podman';

export interface EngineVersion {
	version: string;
	apiVersion: string;
	os: string;
	arch: string;
	/** Absent when not known (a recorded or fake engine). */
	kind?: EngineKind;
}

export interface InteractiveIo {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
}

export interface InteractiveResult {
	/** The exec's exit code, when it ran to the end. */
	exitCode?: number;
	/** True when the user detached (Ctrl-P Ctrl-Q) from an attach. */
	detached: boolean;
}

export interface InteractiveSession {
	done: Promise<InteractiveResult>;
	/** Ends the session from outside (SIGHUP, shutdown): closes the connection so nothing is left running. */
	abort(): void;
}

export interface Engine {
	/** Human-readable endpoint, e.g. "unix:///var/run/docker.sock" or "ssh://me@host". */
	readonly endpoint: string;
	ping(): Promise<void>;
	version(): Promise<EngineVersion>;

	/** All containers (running and stopped); with ids, only those. */
	listContainers(ids?: string[]): Promise<ContainerSummary[]>;
	listImages(): Promise<ImageSummary[]>;
	listVolumes(): Promise<VolumeSummary[]>;
	listNetworks(): Promise<NetworkSummary[]>;

	inspectContainer(id: string): Promise<ContainerDetails>;
	top(id: string): Promise<TopResult>;

	startContainer(id: string): Promise<void>;
	stopContainer(id: string): Promise<void>;
	restartContainer(id: string): Promise<void>;
	pauseContainer(id: string): Promise<void>;
	unpauseContainer(id: string): Promise<void>;
	killContainer(id: string, signal: string): Promise<void>;
	removeContainer(id: string, options: RemoveOptions): Promise<void>;
	renameContainer(id: string, name: string): Promise<void>;

	/** Follows the events stream, reconnecting with backoff until stopped. */
	watchEvents(handlers: EventHandlers): Subscription;
	/** Streams a container's logs, demultiplexed and split into lines. */
	streamLogs(id: string, options: LogOptions, handlers: LogHandlers): Subscription;

	/** Samples a running container every `intervalMs` until stopped; ends when the container stops. */
	streamStats(id: string, intervalMs: number, handlers: StatsHandlers): Subscription;
	/**
	 * How stats are collected. Each stream picks its source when it opens ('cgroup' when the engine
	 * is local and the container's files are readable, else 'api'); this is the source the most
	 * recently opened stream uses, or 'unknown' before any has opened on a local engine.
	 */
	readonly statsSource: StatsSource | 'unknown';

	/** The first command of `candidates` that can be executed in the container, or undefined. */
	findShell(id: string, candidates: string[][]): Promise<string[] | undefined>;
	/** Interactive exec with a TTY, owning `io` until `done` settles. */
	exec(id: string, command: string[], io: InteractiveIo): Promise<InteractiveSession>;
	/** Attaches to the container's main process; Ctrl-P Ctrl-Q detaches and leaves it running. */
	attach(id: string, io: InteractiveIo): Promise<InteractiveSession>;

	/** Pulls an image, resolving with its id; registry credentials come from the docker CLI's store. */
	pullImage(reference: string, control: JobControl): Promise<string>;
	/** Pushes an image, resolving with the pushed digest when the engine reports it. */
	pushImage(reference: string, control: JobControl): Promise<string | undefined>;
	tagImage(source: string, target: string): Promise<void>;
	removeImage(reference: string, options: ImageRemoveOptions): Promise<ImageRemoval>;
	/** The images a prune would remove: dangling ones, or with `all` every one no container uses. */
	imagesToPrune(options: PruneOptions): Promise<ImageSummary[]>;
	pruneImages(options: PruneOptions): Promise<PruneResult>;
	imageHistory(id: string): Promise<ImageHistoryEntry[]>;
	inspectImage(id: string): Promise<ImageDetails>;
	/** Builds an image, resolving with its id. */
	buildImage(options: BuildOptions, control: JobControl): Promise<string>;
	saveImages(references: string[], file: string, control: JobControl, overwrite: boolean): Promise<void>;
	/** Loads images from an archive, resolving with their names (ids for untagged ones). */
	loadImages(file: string, control: JobControl): Promise<string[]>;

	/** Checks the credentials with the engine, then stores them as the docker CLI does. */
	login(registry: string, username: string, password: string): Promise<LoginResult>;
	/** Forgets a registry's stored credentials; false when there were none. */
	logout(registry: string): Promise<boolean>;
	/** A registry's repositories (its v2 catalog), with the stored credentials. */
	listRegistryRepositories(registry: string, signal?: AbortSignal): Promise<RepositoryList>;
	listRegistryTags(registry: string, repository: string, signal?: AbortSignal): Promise<TagList>;
	/** Searches the engine's configured index (`docker search`). */
	searchImages(term: string, options: SearchOptions): Promise<SearchResult[]>;

	/** Creates a container from a run form and starts it (unless it is interactive); resolves with its id. */
	runContainer(spec: RunSpec): Promise<string>;
	/** The run form that would make this container again. */
	containerRunSpec(id: string): Promise<RunSpec>;
	/** Replaces a container by one made from `spec` under the same name; the old one comes back if anything fails. */
	recreateContainer(id: string, spec: RunSpec): Promise<string>;

	createVolume(options: VolumeCreateOptions): Promise<VolumeSummary>;
	removeVolume(name: string, options: {force: boolean}): Promise<void>;
	/** The volumes a prune would remove: those no container uses. */
	volumesToPrune(): Promise<VolumeSummary[]>;
	pruneVolumes(): Promise<VolumePruneResult>;
	/** Volume sizes and users from the engine's disk usage: costly, so asked only while volumes are shown. */
	volumeUsage(): Promise<Map<string, VolumeUsage>>;
	inspectVolume(name: string): Promise<VolumeDetails>;
	/** Writes a tar of the volume's files, through a helper container that is created and never started. */
	backupVolume(name: string, file: string, control: JobControl, overwrite: boolean): Promise<void>;
	/** Puts a backup's files into a volume; `replace` empties it first, else a non-empty volume is refused. */
	restoreVolume(name: string, file: string, control: JobControl, replace: boolean): Promise<void>;
	volumeIsEmpty(name: string): Promise<boolean>;

	createNetwork(options: NetworkCreateOptions): Promise<string>;
	removeNetwork(id: string): Promise<void>;
	connectNetwork(network: string, container: string, options: ConnectOptions): Promise<void>;
	disconnectNetwork(network: string, container: string, options: DisconnectOptions): Promise<void>;
	networksToPrune(): Promise<PrunableNetwork[]>;
	pruneNetworks(): Promise<NetworkPruneResult>;
	inspectNetwork(id: string): Promise<NetworkDetails>;

	commitContainer(id: string, options: CommitOptions): Promise<string>;
	exportContainer(id: string, file: string, control: JobControl, overwrite: boolean): Promise<void>;
	copyFromContainer(id: string, containerPath: string, hostPath: string): Promise<CopyResult>;
	copyToContainer(id: string, hostPath: string, containerPath: string): Promise<CopyResult>;
	containerDiff(id: string): Promise<FileChange[]>;
	/** The update form filled with the container's current limits and restart policy. */
	containerUpdateForm(id: string): Promise<Record<UpdateFormField, string>>;
	/** Changes limits and restart policy in place; resolves with the engine's warnings. */
	updateContainer(id: string, spec: UpdateSpec): Promise<string[]>;
	containersToPrune(): Promise<ContainerSummary[]>;
	pruneContainers(): Promise<ContainerPruneResult>;
	/** Writes all of a container's logs in the range to a file; resolves with the line count. */
	saveContainerLogs(id: string, file: string, options: SaveLogsOptions, control: JobControl): Promise<number>;

	/** The compose CLI run for this engine's projects (v2 plugin preferred), found once; undefined when there is none. */
	composeCli(): Promise<ComposeCli | undefined>;
	/** Runs a compose project action as a job; without a compose CLI it rejects saying how to get one. */
	composeProject(target: ComposeTarget, action: ProjectAction, control: JobControl): Promise<void>;
	/** Runs a compose service action (start, stop, restart, up, scale) as a job. */
	composeService(target: ComposeTarget, action: ServiceAction, control: JobControl): Promise<void>;
	/** The services the project's config files define now and their config hashes (for drift). */
	composeDefinition(target: ComposeTarget, signal?: AbortSignal): Promise<ComposeDefinition>;

	/** Runs a program on this machine (a custom command) pointed at this engine, as a job: its output lines are events. */
	runLocalCommand(argv: readonly string[], control: JobControl): Promise<void>;
	/** Runs a program on this machine pointed at this engine, with the terminal handed to it. */
	openLocalCommand(argv: readonly string[], io: InteractiveIo): Promise<InteractiveSession>;

	systemInfo(): Promise<SystemInfo>;
	diskUsage(): Promise<DiskUsage>;
	pruneBuildCache(): Promise<{spaceReclaimed: number}>;

	/** Where the engine stands in a swarm; every other swarm call needs a manager. */
	swarmStatus(): Promise<SwarmStatus>;
	listNodes(): Promise<NodeSummary[]>;
	setNodeAvailability(id: string, availability: NodeAvailability): Promise<void>;
	setNodeRole(id: string, role: NodeRole): Promise<void>;
	addNodeLabel(id: string, key: string, value: string): Promise<void>;
	removeNodeLabel(id: string, key: string): Promise<void>;
	/** `docker node rm [--force]`. */
	removeNode(id: string, options: {force: boolean}): Promise<void>;
	listServices(): Promise<ServiceSummary[]>;
	inspectService(id: string): Promise<ServiceDetails>;
	/** Creates a swarm service; resolves with its id. */
	createService(input: ServiceSpecInput): Promise<string>;
	scaleService(id: string, replicas: number): Promise<void>;
	updateServiceImageEnv(id: string, update: ServiceUpdateInput): Promise<void>;
	rollbackService(id: string): Promise<void>;
	/** `docker service update --force`. */
	restartService(id: string): Promise<void>;
	removeService(id: string): Promise<void>;
	/** The tasks of a service or of a node, old ones too. */
	listTasks(of: {service: string} | {node: string}): Promise<TaskSummary[]>;
	/** A service's logs merged across its tasks, each line naming its task and node. */
	streamServiceLogs(id: string, options: LogOptions, handlers: ServiceLogHandlers): Subscription;
	/** What removing a stack would remove. */
	stackContents(name: string): Promise<StackContents>;
	removeStack(name: string): Promise<StackContents>;
	/** Runs `docker stack deploy` (the CLI reads compose files); resolves with its output. */
	deployStack(options: StackDeployOptions, signal?: AbortSignal): Promise<string>;
	listSwarmData(kind: SwarmDataKind): Promise<SwarmDataSummary[]>;
	createSwarmData(kind: SwarmDataKind, input: SwarmDataInput): Promise<string>;
	removeSwarmData(kind: SwarmDataKind, id: string): Promise<void>;

	/** Closes streams and sockets so the process can exit. */
	close(): void;
}

/** Every failed engine call rejects with this: `message` is the engine's reason in plain words. */
export class EngineError extends Error {
	readonly statusCode?: number;
	constructor(message: string, statusCode?: number) {
		super(message);
		this.name = 'EngineError';
		this.statusCode = statusCode;
	}
}

/**
 * What a long engine operation (pull, push, build, save, load) reports while it runs. Text is as
 * the engine sent it, not yet sanitised.
 */
export type JobEvent =
	/** One layer's progress in a pull or push: "Downloading", "Extracting", "Pushed", ... */
	| {kind: 'layer'; id: string; status: string; current?: number; total?: number}
	/** One line of output: a build step, "Digest: sha256:…", "Loaded image: name:tag". */
	| {kind: 'line'; text: string}
	/** Bytes moved so far (save, load, export), with the total when known. */
	| {kind: 'bytes'; current: number; total?: number};

/** How a long operation reports and is cancelled. */
export interface JobControl {
	signal: AbortSignal;
	onEvent(event: JobEvent): void;
}
