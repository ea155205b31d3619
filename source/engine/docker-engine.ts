import {randomUUID} from 'node:crypto';
import type http from 'node:http';
import type {Duplex, Readable} from 'node:stream';
import Docker from 'dockerode';
import {chooseApiVersion} from './api-version.js';
import {createDockerClient} from './client.js';
import type {AuthConfig} from './images.js';
import type {UpdateFormField} from '../parse/update-spec.js';
import type {Endpoint} from './connect.js';
import {toEngineError, unreachableDetails} from './errors.js';
import {superviseEvents} from './events.js';
import {handOverTerminal, settledExitCode} from './interactive.js';
import {openLocalCommand, runLocalCommand} from './local-command.js';
import {LogDecoder, logsQuery, type LogBytes} from './logs.js';
import {openLogStream} from './plain-stream.js';
import {libpodPath, listLibpodContainers, podMemberships, withPods} from './libpod.js';
import {streamApiStats} from './stats/api-stats.js';
import {podmanStatsQuery, streamPodmanStats} from './stats/podman-stats.js';
import {CgroupStats, type LocatedCgroup} from './stats/cgroup-stats.js';
import {
	normalizeContainer,
	normalizeDetails,
	normalizeImage,
	normalizeNetwork,
	normalizeTop,
	normalizeVersion,
	normalizeVolume,
	type RawContainer,
	type RawContainerDetails,
	type RawImage,
	type RawNetwork,
	type RawTop,
	type RawVersion,
	type RawVolume,
} from './normalize.js';
import {
	EngineError,
	type NodeAvailability,
	type NodeRole,
	type NodeSummary,
	type ServiceDetails,
	type ServiceLogHandlers,
	type ServiceSpecInput,
	type ServiceSummary,
	type ServiceUpdateInput,
	type StackContents,
	type StackDeployOptions,
	type SwarmDataInput,
	type SwarmDataKind,
	type SwarmDataSummary,
	type SwarmStatus,
	type TaskSummary,
	type ContainerDetails,
	type ContainerSummary,
	type Engine,
	type EngineVersion,
	type EventHandlers,
	type ImageSummary,
	type InteractiveIo,
	type InteractiveSession,
	type LogHandlers,
	type LogOptions,
	type NetworkSummary,
	type RemoveOptions,
	type StatsHandlers,
	type StatsSource,
	type Subscription,
	type TopResult,
	type VolumeSummary,
	type BuildOptions,
	type ImageDetails,
	type ImageHistoryEntry,
	type ImageRemoval,
	type ImageRemoveOptions,
	type JobControl,
	type LoginResult,
	type PruneOptions,
	type PruneResult,
	type RepositoryList,
	type RunSpec,
	type SearchOptions,
	type SearchResult,
	type TagList,
	type CommitOptions,
	type ConnectOptions,
	type ContainerPruneResult,
	type CopyResult,
	type DisconnectOptions,
	type DiskUsage,
	type FileChange,
	type NetworkCreateOptions,
	type NetworkDetails,
	type NetworkPruneResult,
	type PrunableNetwork,
	type SaveLogsOptions,
	type SystemInfo,
	type UpdateSpec,
	type VolumeCreateOptions,
	type VolumeDetails,
	type VolumePruneResult,
	type VolumeUsage,
	type ComposeCli,
	type ComposeDefinition,
	type ComposeTarget,
	type ProjectAction,
	type ServiceAction,
	type Unreachable,
} from './types.js';
import {t} from '../i18n/translate.js';

/**
 * The engine never ends an exec when its client goes away, and with a TTY the process keeps its
 * terminal open. An aborted session is therefore hung up from inside the container: every process
 * started by the session carries a unique variable, and this script sends those processes SIGHUP.
 */
const sessionVariable = 'BERTH_SESSION';
const hangUpScript = [
	'for environ in /proc/[0-9]*/environ; do',
	'  if tr "\\0" "\\n" < "$environ" 2>/dev/null | grep -qxF "$1"; then',
	'    pid=${environ#/proc/}',
	'    kill -HUP "${pid%/environ}" 2>/dev/null',
	'  fi',
	'done',
].join('\n');

/** The exec's exit code once the engine has recorded it. */
function execExitCode(exec: Docker.Exec): Promise<number | undefined> {
	return settledExitCode(async () => {
		const info = await exec.inspect();
		return {running: info.Running, exitCode: info.ExitCode ?? undefined};
	});
}

/** The operations module, loaded on first use. */
const operations = async (): Promise<typeof import('./operations.js')> => import('./operations.js');

export interface DockerEngineOptions {
	/**
	 * 'auto' (the default) reads a local engine's containers from their cgroup files where it can
	 * and uses the engine's stats streams otherwise; 'api' always uses the streams.
	 */
	stats?: 'auto' | 'api';
}

export class DockerEngine implements Engine {
	readonly endpoint: string;
	readonly #docker: Docker;
	readonly #agent: http.Agent | undefined;
	readonly #subscriptions = new Set<Subscription>();
	/** Who watches this engine's events (see #networkChanged). */
	readonly #eventHandlers = new Set<EventHandlers>();
	readonly #sessions = new Set<InteractiveSession>();
	/** Only for an engine on this machine: a unix socket's containers may be readable here. */
	readonly #cgroupStats: CgroupStats | undefined;
	#statsSource: StatsSource | 'unknown';
	/** Which engine answers (Docker or Podman, and its version), asked once (and again after a failed try). */
	#identity: Promise<EngineVersion> | undefined;
	/** The API version settled with the engine; unset until the first call, and again after a failed try. */
	#negotiated: Promise<string> | undefined;
	/** Where compose is pointed (composeEnvironment), and the compose CLI once looked for. */
	readonly #composeEndpoint: Endpoint;
	#composeCli: Promise<ComposeCli | undefined> | undefined;

	constructor(endpoint: Endpoint, options: DockerEngineOptions = {}) {
		this.endpoint = endpoint.display;
		this.#composeEndpoint = endpoint;
		const client = createDockerClient(endpoint);
		this.#agent = client.agent;
		this.#docker = client.docker;
		const local = endpoint.protocol === 'unix' && options.stats !== 'api';
		this.#cgroupStats = local ? new CgroupStats() : undefined;
		this.#statsSource = local ? 'unknown' : 'api';
	}

	get statsSource(): StatsSource | 'unknown' {
		return this.#statsSource;
	}

	/**
	 * Settles the API version before the first call: unversioned paths would get whatever the engine
	 * speaks newest, which berth may not know.
	 */
	#negotiate(): Promise<string> {
		this.#negotiated ??= this.#docker
			.version()
			.then(answer => {
				const version = chooseApiVersion(answer, this.endpoint);
				// The modem prefixes every path with it; its type leaves the field out.
				(this.#docker.modem as {version?: string}).version = `v${version}`;
				return version;
			})
			.catch((error: unknown) => {
				this.#negotiated = undefined;
				throw error;
			});
		return this.#negotiated;
	}

	/** The lazily loaded operations, once the API version is settled (they call the client directly). */
	async #operations(): Promise<typeof import('./operations.js')> {
		await this.#call(async () => undefined);
		return operations();
	}

	/** Runs a call, turning any failure into an EngineError. */
	async #call<T>(run: () => Promise<T>): Promise<T> {
		try {
			await this.#negotiate();
			return await run();
		} catch (error) {
			throw this.#error(error);
		}
	}

	#error(error: unknown): EngineError {
		return toEngineError(error, this.endpoint);
	}

	async ping(): Promise<void> {
		await this.#call(() => this.#docker.ping());
	}

	async version(): Promise<EngineVersion> {
		const raw = await this.#call(() => this.#docker.version());
		return {...normalizeVersion(raw as RawVersion), apiVersion: await this.#negotiate()};
	}

	#identify(): Promise<EngineVersion> {
		this.#identity ??= this.#call(() => this.#docker.version()).then(
			raw => normalizeVersion(raw as RawVersion),
			(error: unknown) => {
				this.#identity = undefined;
				throw error;
			},
		);
		return this.#identity;
	}

	async listContainers(ids?: string[]): Promise<ContainerSummary[]> {
		if (ids?.length === 0) {
			return [];
		}
		const raw = await this.#call(() =>
			this.#docker.listContainers({all: true, ...(ids ? {filters: {id: ids}} : {})}),
		);
		const statusAt = Date.now();
		const containers = (raw as RawContainer[]).map(container => normalizeContainer(container, statusAt));
		if ((await this.#identify()).kind !== 'podman') {
			return containers;
		}
		// Best effort: without podman's own list the containers are still worth showing, only without their pods.
		const pods = await listLibpodContainers(this.#docker, ids).catch(() => []);
		return withPods(containers, podMemberships(pods));
	}

	async listImages(): Promise<ImageSummary[]> {
		// Intermediate images too: the list hides them unless asked (`docker images -a`).
		const raw = await this.#call(() => this.#docker.listImages({all: true}));
		return (raw as RawImage[]).map(normalizeImage);
	}

	async listVolumes(): Promise<VolumeSummary[]> {
		const raw = await this.#call(() => this.#docker.listVolumes());
		return ((raw as {Volumes?: RawVolume[] | null}).Volumes ?? []).map(normalizeVolume);
	}

	async listNetworks(): Promise<NetworkSummary[]> {
		const raw = await this.#call(() => this.#docker.listNetworks());
		return (raw as RawNetwork[]).map(normalizeNetwork);
	}

	async inspectContainer(id: string): Promise<ContainerDetails> {
		return normalizeDetails(await this.#inspectRaw(id));
	}

	async #inspectRaw(id: string): Promise<RawContainerDetails> {
		const raw = await this.#call(() => this.#docker.getContainer(id).inspect());
		return raw as RawContainerDetails;
	}

	async top(id: string): Promise<TopResult> {
		const raw = await this.#call(() => this.#docker.getContainer(id).top());
		return normalizeTop(raw as RawTop);
	}

	/** Starting a running container or stopping a stopped one is already done, not a failure. */
	async #alreadyDoneIsFine(run: () => Promise<unknown>): Promise<void> {
		try {
			await this.#call(run);
		} catch (error) {
			if (!(error instanceof EngineError && error.statusCode === 304)) {
				throw error;
			}
		}
	}

	async startContainer(id: string): Promise<void> {
		await this.#alreadyDoneIsFine(() => this.#docker.getContainer(id).start());
	}

	async stopContainer(id: string): Promise<void> {
		await this.#alreadyDoneIsFine(() => this.#docker.getContainer(id).stop());
	}

	async restartContainer(id: string): Promise<void> {
		await this.#call(() => this.#docker.getContainer(id).restart());
	}

	async pauseContainer(id: string): Promise<void> {
		await this.#call(() => this.#docker.getContainer(id).pause());
	}

	async unpauseContainer(id: string): Promise<void> {
		await this.#call(() => this.#docker.getContainer(id).unpause());
	}

	async killContainer(id: string, signal: string): Promise<void> {
		await this.#call(() => this.#docker.getContainer(id).kill({signal}));
	}

	async removeContainer(id: string, options: RemoveOptions): Promise<void> {
		await this.#call(() => this.#docker.getContainer(id).remove({force: options.force, v: options.volumes}));
	}

	async renameContainer(id: string, name: string): Promise<void> {
		await this.#call(() => this.#docker.getContainer(id).rename({name}));
	}

	/** Keeps `subscription` until it stops, so close() can stop whatever is still open. */
	#track(subscription: Subscription): Subscription {
		this.#subscriptions.add(subscription);
		return {
			stop: () => {
				this.#subscriptions.delete(subscription);
				subscription.stop();
			},
		};
	}

	watchEvents(handlers: EventHandlers): Subscription {
		// The last failure's parts (what was tried, why, what to do) go with the state that reports it.
		let unreachable: Unreachable | undefined;
		this.#eventHandlers.add(handlers);
		const stream = this.#track(
			superviseEvents(
				async signal => {
					await this.#negotiate();
					return (await this.#docker.getEvents({abortSignal: signal})) as Readable;
				},
				error => {
					const failure = this.#error(error);
					unreachable = unreachableDetails(failure);
					return failure.message;
				},
				{
					...handlers,
					onState(state) {
						handlers.onState(state.status === 'reconnecting' && unreachable ? {...state, unreachable} : state);
					},
				},
			),
		);
		return {
			stop: () => {
				this.#eventHandlers.delete(handlers);
				stream.stop();
			},
		};
	}

	/**
	 * Podman sends no network events: after berth changed a network there, its watchers hear what
	 * the engine would have said, so lists follow as they do on Docker.
	 */
	async #networkChanged(action: string, id: string, attributes: Record<string, string> = {}): Promise<void> {
		if ((await this.#identify().catch(() => undefined))?.kind !== 'podman') {
			return;
		}
		for (const handlers of this.#eventHandlers) {
			handlers.onEvent({type: 'network', action, id, attributes, time: Date.now()});
		}
	}

	/** A streaming GET, cancellable through `signal`. */
	#openStream(path: string, query: Record<string, unknown>, signal: AbortSignal): Promise<Readable> {
		return new Promise((resolve, reject) => {
			this.#docker.modem.dial(
				{
					path,
					method: 'GET',
					isStream: true,
					abortSignal: signal,
					statusCodes: {200: true, 404: 'no such container', 500: 'server error'},
					options: query,
				},
				(error, stream) => (error ? reject(error) : resolve(stream as Readable)),
			);
		});
	}

	streamLogs(id: string, options: LogOptions, handlers: LogHandlers): Subscription {
		const controller = new AbortController();
		let stream: Readable | undefined;
		let stopped = false;
		const subscription = this.#track({
			stop() {
				stopped = true;
				controller.abort();
				stream?.destroy();
			},
		});

		const follow = async (): Promise<void> => {
			const details = await this.#inspectRaw(id);
			// The logs endpoint always answers with a stream here: a one-off Buffer would be parsed as
			// JSON by the client whenever the output happened to be valid JSON.
			const opened = await openLogStream(this.#docker, `/containers/${encodeURIComponent(id)}/logs?`, logsQuery(options), controller.signal);
			if (stopped) {
				opened.destroy();
				return;
			}
			stream = opened;
			const decoder = new LogDecoder({multiplexed: details.Config?.Tty !== true, timestamps: options.timestamps});
			const fail = (message: string): void => {
				if (!stopped) {
					subscription.stop();
					handlers.onError(message);
				}
			};
			const deliver = (batch: LogBytes): void => {
				if (batch.length > 0 && !stopped) {
					if (handlers.onBytes) {
						handlers.onBytes(batch);
					} else {
						handlers.onLines(batch.lines());
					}
				}
			};
			opened.on('data', (chunk: Buffer) => deliver(decoder.pushBytes(chunk)));
			opened.on('end', () => {
				deliver(decoder.endBytes());
				if (stopped) {
					return;
				}
				subscription.stop();
				handlers.onEnd();
			});
			opened.on('error', error => fail(this.#error(error).message));
			// Closing without an end or an error means the connection was cut.
			opened.on('close', () => fail('the log stream was closed before it ended'));
		};

		follow().catch((error: unknown) => {
			if (!stopped) {
				subscription.stop();
				handlers.onError(this.#error(error).message);
			}
		});
		return subscription;
	}

	streamStats(id: string, intervalMs: number, handlers: StatsHandlers): Subscription {
		let stopped = false;
		let source: Subscription | undefined;
		const subscription = this.#track({
			stop() {
				stopped = true;
				source?.stop();
			},
		});
		// Whichever source ends the stream, the subscription is let go before the handler hears of it.
		const guarded: StatsHandlers = {
			onSample: sample => {
				if (!stopped) {
					handlers.onSample(sample);
				}
			},
			onError: message => {
				if (!stopped) {
					subscription.stop();
					handlers.onError(message);
				}
			},
			onEnd: () => {
				if (!stopped) {
					subscription.stop();
					handlers.onEnd();
				}
			},
		};

		const cgroupStats = this.#cgroupStats;
		const start = async (): Promise<void> => {
			let located: LocatedCgroup | undefined;
			if (cgroupStats) {
				const details = (await this.#inspectRaw(id)) as RawContainerDetails & {HostConfig?: {NetworkMode?: string}};
				if (details.State?.Running !== true || !details.State.Pid) {
					guarded.onEnd();
					return;
				}
				located = await cgroupStats.locate({
					id: details.Id,
					pid: details.State.Pid,
					hostNetwork: details.HostConfig?.NetworkMode === 'host',
				});
			}
			const identity = located ? undefined : await this.#identify();
			if (stopped) {
				return;
			}
			this.#statsSource = located ? 'cgroup' : 'api';
			const describe = (error: unknown): string => this.#error(error).message;
			if (located && cgroupStats) {
				source = cgroupStats.watch(located, intervalMs, guarded);
			} else if (identity?.kind === 'podman') {
				source = streamPodmanStats(
					signal => this.#openStream(libpodPath(this.#docker, '/containers/stats?'), podmanStatsQuery(id, intervalMs), signal),
					describe,
					identity.version,
					guarded,
				);
			} else {
				source = streamApiStats(
					signal => this.#openStream(`/containers/${encodeURIComponent(id)}/stats?`, {stream: true}, signal),
					describe,
					intervalMs,
					guarded,
				);
			}
		};

		start().catch((error: unknown) => guarded.onError(this.#error(error).message));
		return subscription;
	}

	/** Runs a command in the container without a terminal and waits for its exit code. */
	async #run(container: Docker.Container, command: string[]): Promise<number | undefined> {
		const exec = await container.exec({Cmd: command, AttachStdout: true, AttachStderr: true});
		const output = (await exec.start({})) as Readable;
		// The response ends once the command has exited; its output is not needed.
		output.resume();
		await new Promise<void>(resolve => {
			output.once('end', resolve);
			output.once('close', resolve);
		});
		return execExitCode(exec);
	}

	async findShell(id: string, candidates: string[][]): Promise<string[] | undefined> {
		const container = this.#docker.getContainer(id);
		for (const candidate of candidates) {
			const [shell] = candidate;
			// A missing shell does not fail the request: its exec exits with 126 or 127.
			if (shell !== undefined && (await this.#call(() => this.#run(container, [shell, '-c', 'exit 0']))) === 0) {
				return candidate;
			}
		}
		return undefined;
	}

	#register(session: InteractiveSession): InteractiveSession {
		this.#sessions.add(session);
		void session.done.finally(() => this.#sessions.delete(session));
		return session;
	}

	async exec(id: string, command: string[], io: InteractiveIo): Promise<InteractiveSession> {
		const container = this.#docker.getContainer(id);
		const marker = `${sessionVariable}=${randomUUID()}`;
		const {exec, socket} = await this.#call(async () => {
			const created = await container.exec({
				Cmd: command,
				Tty: true,
				AttachStdin: true,
				AttachStdout: true,
				AttachStderr: true,
				Env: [`TERM=${process.env['TERM'] || 'xterm-256color'}`, marker],
			});
			const hijacked = (await created.start({hijack: true, stdin: true, Tty: true})) as Duplex;
			return {exec: created, socket: hijacked};
		});
		return this.#register(
			handOverTerminal({
				socket,
				io,
				multiplexed: false,
				forwardInput: true,
				detachKeys: false,
				resize: size => exec.resize(size),
				outcome: async ({aborted}) => {
					if (aborted) {
						// Best effort: the container may have no sh, or be gone.
						await this.#run(container, ['sh', '-c', hangUpScript, 'berth-hangup', marker]).catch(() => undefined);
					}
					const exitCode = await execExitCode(exec).catch(() => undefined);
					return exitCode === undefined ? {detached: false} : {detached: false, exitCode};
				},
			}),
		);
	}

	async attach(id: string, io: InteractiveIo): Promise<InteractiveSession> {
		const details = await this.#inspectRaw(id);
		const name = (details.Name ?? id).replace(/^\//, '');
		if (details.State?.Running !== true) {
			throw new EngineError(t('container {name} is not running', {name}));
		}
		if (details.State.Paused === true) {
			throw new EngineError(t('container {name} is paused', {name}));
		}
		const tty = details.Config?.Tty === true;
		const openStdin = details.Config?.OpenStdin === true;
		const container = this.#docker.getContainer(id);
		const socket = await this.#call(
			async () =>
				(await container.attach({
					stream: true,
					stdin: openStdin,
					stdout: true,
					stderr: true,
					hijack: true,
					detachKeys: 'ctrl-p,ctrl-q',
				})) as Duplex,
		);
		return this.#register(
			handOverTerminal({
				socket,
				io,
				multiplexed: !tty,
				forwardInput: openStdin,
				detachKeys: true,
				...(tty ? {resize: (size: {h: number; w: number}) => container.resize(size)} : {}),
				outcome: async ({detached, aborted}) => {
					if (detached || aborted) {
						return {detached};
					}
					// The connection closes when the main process exits; report how it ended.
					const exitCode = await settledExitCode(async () => {
						const state = (await this.#inspectRaw(id)).State;
						return {running: state?.Running === true, exitCode: state?.ExitCode};
					}).catch(() => undefined);
					return exitCode === undefined ? {detached: false} : {detached: false, exitCode};
				},
			}),
		);
	}

	/** Stored credentials for the registry an image reference lives on. */
	async #auth(reference: string): Promise<AuthConfig | undefined> {
		const {authConfigFor, registryOf} = await operations();
		return authConfigFor(registryOf(reference));
	}

	async pullImage(reference: string, control: JobControl): Promise<string> {
		return (await this.#operations()).pullImage(this.#docker, reference, await this.#auth(reference), control, this.endpoint);
	}

	async pushImage(reference: string, control: JobControl): Promise<string | undefined> {
		return (await this.#operations()).pushImage(this.#docker, reference, await this.#auth(reference), control, this.endpoint);
	}

	async tagImage(source: string, target: string): Promise<void> {
		await (await this.#operations()).tagImage(this.#docker, source, target, this.endpoint);
	}

	async removeImage(reference: string, options: ImageRemoveOptions): Promise<ImageRemoval> {
		return (await this.#operations()).removeImage(this.#docker, reference, options, this.endpoint);
	}

	async imagesToPrune(options: PruneOptions): Promise<ImageSummary[]> {
		return (await this.#operations()).imagesToPrune(this.#docker, options, this.endpoint);
	}

	async pruneImages(options: PruneOptions): Promise<PruneResult> {
		return (await this.#operations()).pruneImages(this.#docker, options, this.endpoint);
	}

	async imageHistory(id: string): Promise<ImageHistoryEntry[]> {
		return (await this.#operations()).imageHistory(this.#docker, id, this.endpoint);
	}

	async inspectImage(id: string): Promise<ImageDetails> {
		return (await this.#operations()).inspectImage(this.#docker, id, this.endpoint);
	}

	async buildImage(options: BuildOptions, control: JobControl): Promise<string> {
		return (await this.#operations()).buildImage(this.#docker, options, control, this.endpoint);
	}

	async saveImages(references: string[], file: string, control: JobControl, overwrite: boolean): Promise<void> {
		await (await this.#operations()).saveImages(this.#docker, references, file, control, {overwrite, endpoint: this.endpoint});
	}

	async loadImages(file: string, control: JobControl): Promise<string[]> {
		return (await this.#operations()).loadImages(this.#docker, file, control, {endpoint: this.endpoint});
	}

	async login(registry: string, username: string, password: string): Promise<LoginResult> {
		return (await this.#operations()).login(this.#docker, registry, username, password);
	}

	async logout(registry: string): Promise<boolean> {
		return (await this.#operations()).logout(registry);
	}

	/** What the browser needs to reach a registry: its stored credentials, and whether the engine treats it as plain http. */
	async #registryAccess(registry: string): Promise<{auth: AuthConfig | undefined; insecureRegistries: string[]}> {
		const {authConfigFor, engineInsecureRegistries} = await this.#operations();
		const [auth, insecureRegistries] = await Promise.all([
			authConfigFor(registry),
			engineInsecureRegistries(this.#docker).catch(() => []),
		]);
		return {auth, insecureRegistries};
	}

	async listRegistryRepositories(registry: string, signal?: AbortSignal): Promise<RepositoryList> {
		const {auth, insecureRegistries} = await this.#registryAccess(registry);
		return (await this.#operations()).listRepositories(registry, auth, signal, {insecureRegistries});
	}

	async listRegistryTags(registry: string, repository: string, signal?: AbortSignal): Promise<TagList> {
		const {auth, insecureRegistries} = await this.#registryAccess(registry);
		return (await this.#operations()).listTags(registry, repository, auth, signal, {insecureRegistries});
	}

	async searchImages(term: string, options: SearchOptions): Promise<SearchResult[]> {
		return (await this.#operations()).searchImages(this.#docker, term, options);
	}

	async runContainer(spec: RunSpec): Promise<string> {
		return (await this.#operations()).runContainer(this.#docker, spec, this.endpoint);
	}

	async containerRunSpec(id: string): Promise<RunSpec> {
		return (await this.#operations()).loadRunSpec(this.#docker, id, this.endpoint);
	}

	async recreateContainer(id: string, spec: RunSpec): Promise<string> {
		return (await this.#operations()).recreateContainer(this.#docker, id, spec, this.endpoint);
	}

	async createVolume(options: VolumeCreateOptions): Promise<VolumeSummary> {
		return (await this.#operations()).createVolume(this.#docker, options, this.endpoint);
	}

	async removeVolume(name: string, options: {force: boolean}): Promise<void> {
		await (await this.#operations()).removeVolume(this.#docker, name, options, this.endpoint);
	}

	async volumesToPrune(): Promise<VolumeSummary[]> {
		return (await this.#operations()).volumesToPrune(this.#docker, {}, this.endpoint);
	}

	async pruneVolumes(): Promise<VolumePruneResult> {
		return (await this.#operations()).pruneVolumes(this.#docker, {}, this.endpoint);
	}

	async volumeUsage(): Promise<Map<string, VolumeUsage>> {
		return (await this.#operations()).volumeUsage(this.#docker, this.endpoint);
	}

	async inspectVolume(name: string): Promise<VolumeDetails> {
		return (await this.#operations()).inspectVolume(this.#docker, name, this.endpoint);
	}

	async backupVolume(name: string, file: string, control: JobControl, overwrite: boolean): Promise<void> {
		await (await this.#operations()).backupVolume(this.#docker, name, file, control, {overwrite}, this.endpoint);
	}

	async restoreVolume(name: string, file: string, control: JobControl, replace: boolean): Promise<void> {
		await (await this.#operations()).restoreVolume(this.#docker, name, file, control, {replace}, this.endpoint);
	}

	async volumeIsEmpty(name: string): Promise<boolean> {
		return (await this.#operations()).volumeIsEmpty(this.#docker, name, this.endpoint);
	}

	async createNetwork(options: NetworkCreateOptions): Promise<string> {
		const id = await (await this.#operations()).createNetwork(this.#docker, options, this.endpoint);
		await this.#networkChanged('create', id);
		return id;
	}

	async removeNetwork(id: string): Promise<void> {
		await (await this.#operations()).removeNetwork(this.#docker, id, this.endpoint);
		await this.#networkChanged('destroy', id);
	}

	async connectNetwork(network: string, container: string, options: ConnectOptions): Promise<void> {
		await (await this.#operations()).connectContainer(this.#docker, network, container, options, this.endpoint);
		await this.#networkChanged('connect', network, {container});
	}

	async disconnectNetwork(network: string, container: string, options: DisconnectOptions): Promise<void> {
		await (await this.#operations()).disconnectContainer(this.#docker, network, container, options, this.endpoint);
		await this.#networkChanged('disconnect', network, {container});
	}

	async networksToPrune(): Promise<PrunableNetwork[]> {
		return (await this.#operations()).networksToPrune(this.#docker, this.endpoint);
	}

	async pruneNetworks(): Promise<NetworkPruneResult> {
		const result = await (await this.#operations()).pruneNetworks(this.#docker, this.endpoint);
		for (const name of result.deleted) {
			await this.#networkChanged('destroy', name);
		}
		return result;
	}

	async inspectNetwork(id: string): Promise<NetworkDetails> {
		return (await this.#operations()).inspectNetwork(this.#docker, id, this.endpoint);
	}

	async commitContainer(id: string, options: CommitOptions): Promise<string> {
		return (await this.#operations()).commitContainer(this.#docker, id, options, this.endpoint);
	}

	async exportContainer(id: string, file: string, control: JobControl, overwrite: boolean): Promise<void> {
		await (await this.#operations()).exportContainer(this.#docker, id, file, control, {overwrite}, this.endpoint);
	}

	async copyFromContainer(id: string, containerPath: string, hostPath: string): Promise<CopyResult> {
		return (await this.#operations()).copyFromContainer(this.#docker, id, containerPath, hostPath, this.endpoint);
	}

	async copyToContainer(id: string, hostPath: string, containerPath: string): Promise<CopyResult> {
		return (await this.#operations()).copyToContainer(this.#docker, id, hostPath, containerPath, this.endpoint);
	}

	async containerDiff(id: string): Promise<FileChange[]> {
		return (await this.#operations()).containerDiff(this.#docker, id, this.endpoint);
	}

	async containerUpdateForm(id: string): Promise<Record<UpdateFormField, string>> {
		const {updateFormOf, inspectRaw} = await this.#operations();
		return updateFormOf(await inspectRaw(this.#docker, id, this.endpoint));
	}

	async updateContainer(id: string, spec: UpdateSpec): Promise<string[]> {
		return (await this.#operations()).updateContainer(this.#docker, id, spec, this.endpoint);
	}

	async containersToPrune(): Promise<ContainerSummary[]> {
		return (await this.#operations()).containersToPrune(this.#docker, this.endpoint);
	}

	async pruneContainers(): Promise<ContainerPruneResult> {
		return (await this.#operations()).pruneContainers(this.#docker, this.endpoint);
	}

	async saveContainerLogs(id: string, file: string, options: SaveLogsOptions, control: JobControl): Promise<number> {
		return (await this.#operations()).saveContainerLogs(this.#docker, id, file, options, control, this.endpoint);
	}

	async composeCli(): Promise<ComposeCli | undefined> {
		this.#composeCli ??= operations().then(ops => ops.composeCli({env: ops.composeEnvironment(this.#composeEndpoint, process.env)}));
		return this.#composeCli;
	}

	async composeProject(target: ComposeTarget, action: ProjectAction, control: JobControl): Promise<void> {
		await (await this.#operations()).runProjectAction(await this.composeCli(), this.#composeEndpoint, target, action, control);
	}

	async composeService(target: ComposeTarget, action: ServiceAction, control: JobControl): Promise<void> {
		await (await this.#operations()).runServiceAction(await this.composeCli(), this.#composeEndpoint, target, action, control);
	}

	async composeDefinition(target: ComposeTarget, signal?: AbortSignal): Promise<ComposeDefinition> {
		return (await this.#operations()).readDefinition(await this.composeCli(), this.#composeEndpoint, target, signal);
	}

	async runLocalCommand(argv: readonly string[], control: JobControl): Promise<void> {
		const {composeEnvironment} = await this.#operations();
		await runLocalCommand(argv, composeEnvironment(this.#composeEndpoint, process.env), control);
	}

	async openLocalCommand(argv: readonly string[], io: InteractiveIo): Promise<InteractiveSession> {
		const {composeEnvironment} = await this.#operations();
		return openLocalCommand(argv, composeEnvironment(this.#composeEndpoint, process.env), io);
	}

	async systemInfo(): Promise<SystemInfo> {
		return (await this.#operations()).systemInfo(this.#docker, this.endpoint);
	}

	async diskUsage(): Promise<DiskUsage> {
		return (await this.#operations()).diskUsage(this.#docker, this.endpoint);
	}

	async pruneBuildCache(): Promise<{spaceReclaimed: number}> {
		return (await this.#operations()).pruneBuildCache(this.#docker, this.endpoint);
	}

	async swarmStatus(): Promise<SwarmStatus> {
		return (await this.#operations()).swarmStatus(this.#docker, this.endpoint);
	}

	async listNodes(): Promise<NodeSummary[]> {
		return (await this.#operations()).listNodes(this.#docker, this.endpoint);
	}

	async setNodeAvailability(id: string, availability: NodeAvailability): Promise<void> {
		await (await this.#operations()).setNodeAvailability(this.#docker, id, availability, this.endpoint);
	}

	async setNodeRole(id: string, role: NodeRole): Promise<void> {
		await (await this.#operations()).setNodeRole(this.#docker, id, role, this.endpoint);
	}

	async addNodeLabel(id: string, key: string, value: string): Promise<void> {
		await (await this.#operations()).addNodeLabel(this.#docker, id, key, value, this.endpoint);
	}

	async removeNodeLabel(id: string, key: string): Promise<void> {
		await (await this.#operations()).removeNodeLabel(this.#docker, id, key, this.endpoint);
	}

	async removeNode(id: string, options: {force: boolean}): Promise<void> {
		await (await this.#operations()).removeNode(this.#docker, id, options, this.endpoint);
	}

	async listServices(): Promise<ServiceSummary[]> {
		return (await this.#operations()).listServices(this.#docker, this.endpoint);
	}

	async inspectService(id: string): Promise<ServiceDetails> {
		return (await this.#operations()).inspectService(this.#docker, id, this.endpoint);
	}

	async createService(input: ServiceSpecInput): Promise<string> {
		return (await this.#operations()).createService(this.#docker, input, {}, this.endpoint);
	}

	async scaleService(id: string, replicas: number): Promise<void> {
		await (await this.#operations()).scaleService(this.#docker, id, replicas, this.endpoint);
	}

	async updateServiceImageEnv(id: string, update: ServiceUpdateInput): Promise<void> {
		await (await this.#operations()).updateServiceImageEnv(this.#docker, id, update, this.endpoint);
	}

	async rollbackService(id: string): Promise<void> {
		await (await this.#operations()).rollbackService(this.#docker, id, this.endpoint);
	}

	async restartService(id: string): Promise<void> {
		await (await this.#operations()).restartService(this.#docker, id, this.endpoint);
	}

	async removeService(id: string): Promise<void> {
		await (await this.#operations()).removeService(this.#docker, id, this.endpoint);
	}

	async listTasks(of: {service: string} | {node: string}): Promise<TaskSummary[]> {
		return (await this.#operations()).listTasks(this.#docker, of, this.endpoint);
	}

	streamServiceLogs(id: string, options: LogOptions, handlers: ServiceLogHandlers): Subscription {
		// The stream opens once the operations are loaded; stopping before then opens none.
		let inner: Subscription | undefined;
		let stopped = false;
		const subscription = this.#track({
			stop() {
				stopped = true;
				inner?.stop();
			},
		});
		this.#operations().then(
			ops => {
				if (!stopped) {
					inner = ops.streamServiceLogs(this.#docker, id, options, handlers, this.endpoint);
				}
			},
			(error: unknown) => {
				if (!stopped) {
					subscription.stop();
					handlers.onError(this.#error(error).message);
				}
			},
		);
		return subscription;
	}

	async stackContents(name: string): Promise<StackContents> {
		return (await this.#operations()).stackContents(this.#docker, name, this.endpoint);
	}

	async removeStack(name: string): Promise<StackContents> {
		return (await this.#operations()).removeStack(this.#docker, name, this.endpoint);
	}

	async deployStack(options: StackDeployOptions, signal?: AbortSignal): Promise<string> {
		const {runCliCommand, stackDeployCommand} = await this.#operations();
		return runCliCommand(stackDeployCommand(this.#composeEndpoint, options), signal);
	}

	async listSwarmData(kind: SwarmDataKind): Promise<SwarmDataSummary[]> {
		return (await this.#operations()).listSwarmData(this.#docker, kind, this.endpoint);
	}

	async createSwarmData(kind: SwarmDataKind, input: SwarmDataInput): Promise<string> {
		return (await this.#operations()).createSwarmData(this.#docker, kind, input, this.endpoint);
	}

	async removeSwarmData(kind: SwarmDataKind, id: string): Promise<void> {
		await (await this.#operations()).removeSwarmData(this.#docker, kind, id, this.endpoint);
	}

	close(): void {
		for (const subscription of [...this.#subscriptions]) {
			subscription.stop();
		}
		this.#subscriptions.clear();
		for (const session of this.#sessions) {
			session.abort();
		}
		this.#cgroupStats?.close();
		this.#agent?.destroy();
	}
}
