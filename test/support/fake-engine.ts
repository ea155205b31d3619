import {readFileSync} from 'node:fs';
import type {
	ContainerDetails,
	ContainerSummary,
	Engine,
	EventHandlers,
	ImageSummary,
	InteractiveIo,
	InteractiveSession,
	LogHandlers,
	LogLine,
	LogOptions,
	NetworkSummary,
	StatsHandlers,
	Subscription,
	TopResult,
	VolumeSummary,
	BuildOptions,
	ImageDetails,
	ImageHistoryEntry,
	ImageRemoval,
	ImageRemoveOptions,
	JobControl,
	JobEvent,
	LoginResult,
	PruneOptions,
	PruneResult,
	RepositoryList,
	RunSpec,
	SearchResult,
	TagList,
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
	NodeAvailability,
	NodeRole,
	NodeSummary,
	ServiceDetails,
	ServiceLogHandlers,
	ServiceLogLine,
	ServiceSpecInput,
	ServiceSummary,
	ServiceUpdateInput,
	StackContents,
	StackDeployOptions,
	SwarmDataInput,
	SwarmDataKind,
	SwarmDataSummary,
	SwarmStatus,
	TaskSummary,
} from '../../source/engine/types.js';
import {runArgs} from '../../source/parse/run-spec.js';
import {openLocalCommand, runLocalCommand} from '../../source/engine/local-command.js';
import {composeMissingMessage, type ComposeCli, type ComposeDefinition, type ComposeTarget, type ProjectAction, type ServiceAction} from '../../source/engine/compose.js';
import {EngineError} from '../../source/engine/types.js';

/** Data recorded from a real engine by scripts/record-fixtures.ts. */
export function fixture<T>(name: string): T {
	return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export interface Recorded {
	containers: ContainerSummary[];
	images: ImageSummary[];
	volumes: VolumeSummary[];
	networks: NetworkSummary[];
}

/** A swarm as a manager answered (test/fixtures/swarm-*.json). */
export interface RecordedSwarm {
	status: SwarmStatus;
	nodes: NodeSummary[];
	services: ServiceSummary[];
	secrets: SwarmDataSummary[];
	configs: SwarmDataSummary[];
	/** Service id → its tasks. */
	tasks: Record<string, TaskSummary[]>;
	/** Service id → what its inspect adds to its summary. */
	details?: Record<string, Partial<ServiceDetails>>;
	logs: ServiceLogLine[];
}

/** The recorded lists, as if just listed: statuses like "Up 2 seconds" are read as of now. */
export function recorded(): Recorded {
	const now = Date.now();
	return {
		containers: fixture<ContainerSummary[]>('containers.json').map(container => ({...container, statusAt: now})),
		images: fixture<ImageSummary[]>('images.json'),
		volumes: fixture<VolumeSummary[]>('volumes.json'),
		networks: fixture<NetworkSummary[]>('networks.json'),
	};
}

/**
 * A test double for UI tests only: serves recorded engine data, records the calls actions make,
 * and fails a call with the engine's recorded reason when told to.
 */
export class FakeEngine implements Engine {
	endpoint = 'unix:///var/run/docker.sock';
	readonly calls: string[] = [];
	/** Method name → the reason the next calls of it fail with. */
	readonly failures = new Map<string, string>();
	data: Recorded;
	details = new Map<string, ContainerDetails>();
	topResult: TopResult = {titles: ['PID', 'CMD'], processes: []};
	logLines: LogLine[] = [];
	logHandlers: LogHandlers | undefined;
	/** Container id → the lines its stream starts with (else `logLines`), and its open stream's handlers. */
	logLinesById = new Map<string, LogLine[]>();
	readonly logHandlersById = new Map<string, LogHandlers>();
	eventHandlers: EventHandlers | undefined;
	readonly statsSource = 'cgroup';
	/** Container id → the handlers of its open stats stream. */
	readonly statsHandlers = new Map<string, StatsHandlers>();

	constructor(data: Recorded) {
		this.data = data;
	}

	async #call(name: string, ...args: string[]): Promise<void> {
		this.calls.push([name, ...args].join(' '));
		const failure = this.failures.get(name);
		if (failure !== undefined) {
			throw new EngineError(failure, 409);
		}
	}

	async ping(): Promise<void> {}
	async version() {
		return {version: '20.10.24+dfsg1', apiVersion: '1.41', os: 'linux', arch: 'amd64'};
	}

	async listContainers(ids?: string[]): Promise<ContainerSummary[]> {
		return ids ? this.data.containers.filter(container => ids.includes(container.id)) : this.data.containers;
	}

	async listImages() {
		return this.data.images;
	}

	async listVolumes() {
		return this.data.volumes;
	}

	async listNetworks() {
		return this.data.networks;
	}

	async inspectContainer(id: string): Promise<ContainerDetails> {
		const details = this.details.get(id);
		if (!details) {
			throw new EngineError(`No such container: ${id}`, 404);
		}

		return details;
	}

	async top(id: string): Promise<TopResult> {
		await this.#call('top', id);
		return this.topResult;
	}

	async startContainer(id: string) {
		await this.#call('start', id);
	}

	async stopContainer(id: string) {
		await this.#call('stop', id);
	}

	async restartContainer(id: string) {
		await this.#call('restart', id);
	}

	async pauseContainer(id: string) {
		await this.#call('pause', id);
	}

	async unpauseContainer(id: string) {
		await this.#call('unpause', id);
	}

	async killContainer(id: string, signal: string) {
		await this.#call('kill', id, signal);
	}

	async removeContainer(id: string, options: {force: boolean; volumes: boolean}) {
		await this.#call('remove', id, `force=${options.force}`, `volumes=${options.volumes}`);
	}

	async renameContainer(id: string, name: string) {
		await this.#call('rename', id, name);
	}

	watchEvents(handlers: EventHandlers): Subscription {
		this.eventHandlers = handlers;
		handlers.onState({status: 'connected', attempt: 0});
		handlers.onConnected();
		return {stop: () => {}};
	}

	streamLogs(id: string, options: LogOptions, handlers: LogHandlers): Subscription {
		this.calls.push(`logs ${id}`);
		this.logHandlers = handlers;
		this.logHandlersById.set(id, handlers);
		queueMicrotask(() => {
			handlers.onLines(this.logLinesById.get(id) ?? this.logLines);
			// Without follow, a stream ends once it has sent what there is.
			if (!options.follow) {
				handlers.onEnd();
			}
		});
		return {
			stop: () => {
				this.calls.push(`logs-stop ${id}`);
			},
		};
	}

	streamStats(id: string, intervalMs: number, handlers: StatsHandlers): Subscription {
		this.calls.push(`stats ${id} ${intervalMs}`);
		this.statsHandlers.set(id, handlers);
		return {
			stop: () => {
				this.calls.push(`stats-stop ${id}`);
				if (this.statsHandlers.get(id) === handlers) {
					this.statsHandlers.delete(id);
				}
			},
		};
	}

	async findShell(): Promise<string[] | undefined> {
		return ['sh'];
	}

	async exec(id: string, command: string[]): Promise<InteractiveSession> {
		await this.#call('exec', id, ...command);
		return {done: Promise.resolve({exitCode: 0, detached: false}), abort() {}};
	}

	async attach(id: string): Promise<InteractiveSession> {
		await this.#call('attach', id);
		return {done: Promise.resolve({detached: true}), abort() {}};
	}

	/** What a pull or push reports before it resolves: events recorded from a real pull. */
	jobEvents: JobEvent[] = [];
	/** Images a prune would remove. */
	pruneCandidates: ImageSummary[] = [];
	runSpecs = new Map<string, RunSpec>();

	async #job<T>(name: string, control: JobControl, result: T, ...args: string[]): Promise<T> {
		await this.#call(name, ...args);
		for (const event of this.jobEvents) {
			control.onEvent(event);
		}

		return result;
	}

	async pullImage(reference: string, control: JobControl): Promise<string> {
		return this.#job('pull', control, this.data.images.find(image => image.tags.length > 0)?.id ?? 'sha256:pulled', reference);
	}

	async pushImage(reference: string, control: JobControl): Promise<string | undefined> {
		return this.#job('push', control, 'sha256:pushed', reference);
	}

	async tagImage(source: string, target: string): Promise<void> {
		await this.#call('tag', source, target);
	}

	async removeImage(reference: string, options: ImageRemoveOptions): Promise<ImageRemoval> {
		await this.#call('rmi', reference, `force=${options.force}`, `noPrune=${options.noPrune}`);
		return {untagged: [reference], deleted: []};
	}

	async imagesToPrune(options: PruneOptions): Promise<ImageSummary[]> {
		await this.#call('prune-list', `all=${options.all}`);
		return this.pruneCandidates;
	}

	async pruneImages(options: PruneOptions): Promise<PruneResult> {
		await this.#call('prune', `all=${options.all}`);
		return {untagged: [], deleted: this.pruneCandidates.map(image => image.id), spaceReclaimed: this.pruneCandidates.reduce((sum, image) => sum + image.size, 0)};
	}

	async imageHistory(id: string): Promise<ImageHistoryEntry[]> {
		await this.#call('history', id);
		return fixture<ImageHistoryEntry[]>('image-history.json');
	}

	async inspectImage(id: string): Promise<ImageDetails> {
		await this.#call('inspect-image', id);
		return fixture<ImageDetails>('image-details.json');
	}

	async buildImage(options: BuildOptions, control: JobControl): Promise<string> {
		return this.#job('build', control, 'sha256:built', options.contextDir, ...options.tags);
	}

	async saveImages(references: string[], file: string, control: JobControl, overwrite: boolean): Promise<void> {
		await this.#job('save', control, undefined, file, `overwrite=${overwrite}`, ...references);
	}

	async loadImages(file: string, control: JobControl): Promise<string[]> {
		return this.#job('load', control, ['loaded:latest'], file);
	}

	async login(registry: string, username: string): Promise<LoginResult> {
		await this.#call('login', registry, username);
		return {registry};
	}

	async logout(registry: string): Promise<boolean> {
		await this.#call('logout', registry);
		return true;
	}

	async listRegistryRepositories(registry: string): Promise<RepositoryList> {
		await this.#call('catalog', registry);
		return {repositories: ['team/app', 'team/db'], truncated: false};
	}

	async listRegistryTags(registry: string, repository: string): Promise<TagList> {
		await this.#call('tags', registry, repository);
		return {name: repository, tags: ['1.0', 'latest'], truncated: false};
	}

	async searchImages(term: string): Promise<SearchResult[]> {
		await this.#call('search', term);
		return [];
	}

	async runContainer(spec: RunSpec): Promise<string> {
		await this.#call('run', ...runArgs(spec).slice(2));
		return 'new-container';
	}

	async containerRunSpec(id: string): Promise<RunSpec> {
		await this.#call('run-spec', id);
		const spec = this.runSpecs.get(id);
		if (!spec) {
			throw new EngineError(`No such container: ${id}`, 404);
		}

		return spec;
	}

	async recreateContainer(id: string, spec: RunSpec): Promise<string> {
		await this.#call('recreate', id, ...runArgs(spec).slice(2));
		return id;
	}

	/** Volumes, networks and containers a prune would remove. */
	volumesPruneCandidates: VolumeSummary[] = [];
	networksPruneCandidates: PrunableNetwork[] = [];
	containersPruneCandidates: ContainerSummary[] = [];
	volumeEmpty = true;

	async createVolume(options: VolumeCreateOptions): Promise<VolumeSummary> {
		await this.#call('volume-create', options.name ?? '', options.driver ?? '', ...Object.entries(options.labels).map(([key, value]) => `${key}=${value}`));
		return {name: options.name ?? 'anonymous', driver: options.driver ?? 'local', mountpoint: '', scope: 'local', labels: options.labels};
	}

	async removeVolume(name: string, options: {force: boolean}): Promise<void> {
		await this.#call('volume-rm', name, `force=${options.force}`);
	}

	async volumesToPrune(): Promise<VolumeSummary[]> {
		await this.#call('volume-prune-list');
		return this.volumesPruneCandidates;
	}

	async pruneVolumes(): Promise<VolumePruneResult> {
		await this.#call('volume-prune');
		return {deleted: this.volumesPruneCandidates.map(volume => volume.name), spaceReclaimed: 0};
	}

	async volumeUsage(): Promise<Map<string, VolumeUsage>> {
		await this.#call('volume-usage');
		const usage = fixture<DiskUsage>('disk-usage.json');
		return new Map(usage.volumes.map(volume => [volume.name, {size: volume.size, refCount: volume.links}]));
	}

	async inspectVolume(name: string): Promise<VolumeDetails> {
		await this.#call('volume-inspect', name);
		return fixture<VolumeDetails>('volume-details.json');
	}

	async backupVolume(name: string, file: string, control: JobControl, overwrite: boolean): Promise<void> {
		await this.#job('volume-backup', control, undefined, name, file, `overwrite=${overwrite}`);
	}

	async restoreVolume(name: string, file: string, control: JobControl, replace: boolean): Promise<void> {
		await this.#job('volume-restore', control, undefined, name, file, `replace=${replace}`);
	}

	async volumeIsEmpty(name: string): Promise<boolean> {
		await this.#call('volume-empty', name);
		return this.volumeEmpty;
	}

	async createNetwork(options: NetworkCreateOptions): Promise<string> {
		await this.#call('network-create', options.name, options.driver, options.subnet ?? '', options.gateway ?? '');
		return 'new-network';
	}

	async removeNetwork(id: string): Promise<void> {
		await this.#call('network-rm', id);
	}

	async connectNetwork(network: string, container: string, options: ConnectOptions): Promise<void> {
		await this.#call('network-connect', network, container, ...options.aliases, options.ipv4 ?? '');
	}

	async disconnectNetwork(network: string, container: string, options: DisconnectOptions): Promise<void> {
		await this.#call('network-disconnect', network, container, `force=${options.force}`);
	}

	async networksToPrune(): Promise<PrunableNetwork[]> {
		await this.#call('network-prune-list');
		return this.networksPruneCandidates;
	}

	async pruneNetworks(): Promise<NetworkPruneResult> {
		await this.#call('network-prune');
		return {deleted: this.networksPruneCandidates.map(network => network.name)};
	}

	async inspectNetwork(id: string): Promise<NetworkDetails> {
		await this.#call('network-inspect', id);
		return fixture<NetworkDetails>('network-details.json');
	}

	async commitContainer(id: string, options: CommitOptions): Promise<string> {
		await this.#call('commit', id, `${options.repository}:${options.tag ?? 'latest'}`, ...options.changes);
		return 'sha256:committed';
	}

	async exportContainer(id: string, file: string, control: JobControl, overwrite: boolean): Promise<void> {
		await this.#job('export', control, undefined, id, file, `overwrite=${overwrite}`);
	}

	async copyFromContainer(id: string, containerPath: string, hostPath: string): Promise<CopyResult> {
		await this.#call('cp-from', id, containerPath, hostPath);
		return {target: hostPath, entries: 1, skipped: []};
	}

	async copyToContainer(id: string, hostPath: string, containerPath: string): Promise<CopyResult> {
		await this.#call('cp-to', id, hostPath, containerPath);
		return {target: containerPath, entries: 1, skipped: []};
	}

	async containerDiff(id: string): Promise<FileChange[]> {
		await this.#call('diff', id);
		return fixture<FileChange[]>('container-diff.json');
	}

	async containerUpdateForm(id: string): Promise<Record<UpdateFormField, string>> {
		await this.#call('update-form', id);
		return {restart: 'no', memory: '', 'memory-swap': '', cpus: '', 'cpuset-cpus': '', 'cpu-shares': '', 'pids-limit': ''};
	}

	async updateContainer(id: string, spec: UpdateSpec): Promise<string[]> {
		await this.#call('update', id, JSON.stringify(spec));
		return [];
	}

	async containersToPrune(): Promise<ContainerSummary[]> {
		await this.#call('container-prune-list');
		return this.containersPruneCandidates;
	}

	async pruneContainers(): Promise<ContainerPruneResult> {
		await this.#call('container-prune');
		return {deleted: this.containersPruneCandidates.map(container => container.id), spaceReclaimed: 0};
	}

	async saveContainerLogs(id: string, file: string, options: SaveLogsOptions, control: JobControl): Promise<number> {
		return this.#job('logs-save', control, this.logLines.length, id, file, `timestamps=${options.timestamps}`);
	}

	/** The compose CLI the engine would run; undefined plays a machine without one. */
	compose: ComposeCli | undefined = {kind: 'v1', command: ['docker-compose'], version: '1.29.2'};
	/** Project name → what its config files define (recorded with the real CLI). */
	definitions = new Map<string, ComposeDefinition>();
	/** What a compose job prints before it ends. */
	composeLines: string[] = [];

	async composeCli(): Promise<ComposeCli | undefined> {
		return this.compose;
	}

	async #compose(what: string, target: ComposeTarget, args: string[], control: JobControl): Promise<void> {
		if (this.compose === undefined) {
			this.calls.push(`compose-${what} ${target.name} (no compose CLI)`);
			throw new EngineError(composeMissingMessage());
		}

		await this.#call(`compose-${what}`, target.name, ...args);
		for (const text of this.composeLines) {
			control.onEvent({kind: 'line', text});
		}
	}

	async composeProject(target: ComposeTarget, action: ProjectAction, control: JobControl): Promise<void> {
		const options = Object.entries(action)
			.filter(([key, value]) => key !== 'action' && value !== undefined && value !== false)
			.map(([key, value]) => (value === true ? key : `${key}=${String(value)}`));
		await this.#compose(action.action, target, options, control);
	}

	/** Custom commands run for real (tests give local programs such as printf), pointed at this engine's endpoint. */
	async runLocalCommand(argv: readonly string[], control: JobControl): Promise<void> {
		await this.#call('local-command', ...argv);
		await runLocalCommand(argv, {...process.env, DOCKER_HOST: this.endpoint}, control);
	}

	async openLocalCommand(argv: readonly string[], io: InteractiveIo): Promise<InteractiveSession> {
		await this.#call('local-terminal', ...argv);
		return openLocalCommand(argv, {...process.env, DOCKER_HOST: this.endpoint}, io);
	}

	async composeService(target: ComposeTarget, action: ServiceAction, control: JobControl): Promise<void> {
		await this.#compose(action.action, target, [action.service, ...('replicas' in action ? [String(action.replicas)] : [])], control);
	}

	async composeDefinition(target: ComposeTarget): Promise<ComposeDefinition> {
		await this.#call('compose-definition', target.name);
		if (this.compose === undefined) {
			throw new EngineError(composeMissingMessage());
		}

		const definition = this.definitions.get(target.name);
		if (!definition) {
			throw new EngineError(`${target.configFiles[0] ?? 'the config file'} does not exist`);
		}

		return definition;
	}

	async systemInfo(): Promise<SystemInfo> {
		await this.#call('info');
		return fixture<SystemInfo>('system-info.json');
	}

	async diskUsage(): Promise<DiskUsage> {
		await this.#call('df');
		return fixture<DiskUsage>('disk-usage.json');
	}

	async pruneBuildCache(): Promise<{spaceReclaimed: number}> {
		await this.#call('builder-prune');
		return {spaceReclaimed: 0};
	}

	/** The swarm as recorded from a real manager by scripts/record-swarm-fixtures.ts; no swarm until a test sets it. */
	swarm: RecordedSwarm = {status: {role: 'none'}, nodes: [], services: [], secrets: [], configs: [], tasks: {}, logs: []};
	/** Service id → the handlers of its open log stream. */
	readonly serviceLogHandlers = new Map<string, ServiceLogHandlers>();

	async swarmStatus(): Promise<SwarmStatus> {
		await this.#call('swarm-status');
		return this.swarm.status;
	}

	async listNodes(): Promise<NodeSummary[]> {
		await this.#call('node-ls');
		return this.swarm.nodes;
	}

	async setNodeAvailability(id: string, availability: NodeAvailability): Promise<void> {
		await this.#call('node-availability', id, availability);
	}

	async setNodeRole(id: string, role: NodeRole): Promise<void> {
		await this.#call('node-role', id, role);
	}

	async addNodeLabel(id: string, key: string, value: string): Promise<void> {
		await this.#call('node-label-add', id, `${key}=${value}`);
	}

	async removeNodeLabel(id: string, key: string): Promise<void> {
		await this.#call('node-label-rm', id, key);
	}

	async removeNode(id: string, options: {force: boolean}): Promise<void> {
		await this.#call('node-rm', id, `force=${options.force}`);
	}

	async listServices(): Promise<ServiceSummary[]> {
		await this.#call('service-ls');
		return this.swarm.services;
	}

	async inspectService(id: string): Promise<ServiceDetails> {
		await this.#call('service-inspect', id);
		const service = this.swarm.services.find(candidate => candidate.id === id);
		if (!service) {
			throw new EngineError(`service ${id} not found`, 404);
		}

		return {
			...service,
			env: [],
			mounts: [],
			networks: [],
			constraints: [],
			restartCondition: 'any',
			update: {parallelism: 1, delayNs: 0, failureAction: 'pause', order: 'stop-first'},
			secrets: [],
			configs: [],
			canRollback: false,
			...this.swarm.details?.[id],
		};
	}

	async createService(input: ServiceSpecInput): Promise<string> {
		await this.#call('service-create', JSON.stringify(input));
		return 'created-service-id';
	}

	async scaleService(id: string, replicas: number): Promise<void> {
		await this.#call('service-scale', id, String(replicas));
	}

	async updateServiceImageEnv(id: string, update: ServiceUpdateInput): Promise<void> {
		await this.#call('service-update', id, update.image, ...update.env);
	}

	async rollbackService(id: string): Promise<void> {
		await this.#call('service-rollback', id);
	}

	async restartService(id: string): Promise<void> {
		await this.#call('service-restart', id);
	}

	async removeService(id: string): Promise<void> {
		await this.#call('service-rm', id);
	}

	async listTasks(of: {service: string} | {node: string}): Promise<TaskSummary[]> {
		const id = 'service' in of ? of.service : of.node;
		await this.#call('task-ls', id);
		const all = Object.values(this.swarm.tasks).flat();
		return 'service' in of ? (this.swarm.tasks[id] ?? []) : all.filter(task => task.nodeId === id);
	}

	streamServiceLogs(id: string, options: LogOptions, handlers: ServiceLogHandlers): Subscription {
		this.calls.push(`service-logs ${id}`);
		this.serviceLogHandlers.set(id, handlers);
		queueMicrotask(() => {
			handlers.onLines(this.swarm.logs.filter(line => this.swarm.tasks[id]?.some(task => task.id === line.taskId)));
			if (!options.follow) {
				handlers.onEnd();
			}
		});
		return {
			stop: () => {
				this.calls.push(`service-logs-stop ${id}`);
			},
		};
	}

	async stackContents(name: string): Promise<StackContents> {
		await this.#call('stack-contents', name);
		const services = this.swarm.services.filter(service => service.stack === name).map(service => ({id: service.id, name: service.name}));
		return {services, secrets: [], configs: [], networks: []};
	}

	async removeStack(name: string): Promise<StackContents> {
		const contents = await this.stackContents(name);
		await this.#call('stack-rm', name);
		return contents;
	}

	async deployStack(options: StackDeployOptions): Promise<string> {
		await this.#call('stack-deploy', options.file, options.name, options.resolveImage ?? 'always', `prune=${options.prune ?? false}`);
		return '';
	}

	async listSwarmData(kind: SwarmDataKind): Promise<SwarmDataSummary[]> {
		await this.#call(`${kind}-ls`);
		return kind === 'secret' ? this.swarm.secrets : this.swarm.configs;
	}

	async createSwarmData(kind: SwarmDataKind, input: SwarmDataInput): Promise<string> {
		await this.#call(`${kind}-create`, input.name, 'file' in input.data ? `file=${input.data.file}` : 'value');
		return `created-${kind}-id`;
	}

	async removeSwarmData(kind: SwarmDataKind, id: string): Promise<void> {
		await this.#call(`${kind}-rm`, id);
	}

	/** Set once berth is done with this engine (it quit, or took up another). */
	closed = false;

	close(): void {
		this.closed = true;
	}
}
