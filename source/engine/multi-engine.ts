import {AsyncLocalStorage} from 'node:async_hooks';
import {engineIn, qualify, splitKey, withoutQualifiers} from '../format/engine-key.js';
import {shellQuote} from '../parse/run-spec.js';
import {
	EngineError,
	type ContainerSummary,
	type Engine,
	type EngineEvent,
	type EventHandlers,
	type ImageSummary,
	type NetworkSummary,
	type StatsHandlers,
	type Subscription,
	type VolumeSummary,
} from './types.js';
import type {SwarmStatus} from './swarm-types.js';

/** One engine of several: its name (the ENGINE column, `/engine:NAME`) and how the docker CLI is pointed at it. */
export interface EngineMember {
	name: string;
	engine: Engine;
	/** The docker CLI's global flags for it: ["--context", "prod"] or ["-H", "unix:///…"]. */
	flags: readonly string[];
}

// The engine that actions making something new (run, pull, prune, ...) go to: the one of the
// row the user acted from. Held per async call chain, so concurrent actions never mix it up.
const chosenEngine = new AsyncLocalStorage<string>();

/** The engine chosen for the work running now (see withEngine), if any. */
export function chosenEngineName(): string | undefined {
	return chosenEngine.getStore();
}

/** Runs `work` with calls that name no object going to engine `name` (no change without one). */
export function withEngine<T>(name: string | undefined, work: () => T): T {
	return name === undefined ? work() : chosenEngine.run(name, work);
}

function tagContainer(container: ContainerSummary, engine: string): ContainerSummary {
	return {
		...container,
		id: qualify(container.id, engine),
		imageId: container.imageId === '' ? '' : qualify(container.imageId, engine),
		volumes: container.volumes.map(volume => qualify(volume, engine)),
		...(container.project === undefined ? {} : {project: qualify(container.project, engine)}),
		engine,
	};
}

function tagImage(image: ImageSummary, engine: string): ImageSummary {
	return {...image, id: qualify(image.id, engine), parentId: image.parentId === '' ? '' : qualify(image.parentId, engine), engine};
}

function tagVolume<T extends VolumeSummary>(volume: T, engine: string): T {
	return {...volume, name: qualify(volume.name, engine), engine};
}

function tagNetwork<T extends NetworkSummary>(network: T, engine: string): T {
	return {...network, id: qualify(network.id, engine), engine};
}

function tagEvent(event: EngineEvent, engine: string): EngineEvent {
	const container = event.attributes['container'];
	return {
		...event,
		id: qualify(event.id, engine),
		attributes: container === undefined ? event.attributes : {...event.attributes, container: qualify(container, engine)},
		engine,
	};
}

/** How an engine's answer is given the engine's name, so its ids are keys of the whole set. */
const TAGS = {
	containers: (list: ContainerSummary[], engine: string) => list.map(item => tagContainer(item, engine)),
	images: (list: ImageSummary[], engine: string) => list.map(item => tagImage(item, engine)),
	volumes: (list: VolumeSummary[], engine: string) => list.map(item => tagVolume(item, engine)),
	networks: (list: NetworkSummary[], engine: string) => list.map(item => tagNetwork(item, engine)),
	volume: tagVolume,
	id: qualify,
	/** A map keyed by object name or id. */
	byKey: (map: Map<string, unknown>, engine: string) => new Map([...map].map(([key, value]) => [qualify(key, engine), value])),
} as const;

type TagName = keyof typeof TAGS;

/**
 * Where a call goes:
 * - `owner`: to the engine of the object key in argument `keys[0]` (a string or the first of an
 *   array); every argument in `keys` gets the engine's own ids back. A key of no engine (an image
 *   tag typed by the user) goes to the chosen engine.
 * - `project`: to the engine of a compose target's (qualified) project name.
 * - `chosen`: to the engine of the row the action came from (`withEngine`), else the first; the
 *   arguments in `keys` (text that may hold keys) get the engine's own ids.
 * - `all`: to every engine at once; their answers, tagged, are merged (lists joined, maps united).
 * - `swarm`: to the engine whose swarm is shown: the first that manages one (see swarmStatus).
 * `result` names how the answer's ids are qualified (left as it is without one).
 */
export type Route =
	| {to: 'owner'; keys?: readonly number[]; result?: TagName}
	| {to: 'project'; result?: TagName}
	| {to: 'chosen'; keys?: readonly number[]; result?: TagName}
	| {to: 'all'; result?: TagName}
	| {to: 'swarm'; result?: undefined};

type MethodName = {[K in keyof Engine]: Engine[K] extends (...args: never[]) => unknown ? K : never}[keyof Engine];

/** Methods with a body of their own in MultiEngine, not a route. */
type OwnMethod = 'listContainers' | 'watchEvents' | 'streamStats' | 'swarmStatus' | 'close';

const owner: Route = {to: 'owner'};
const chosen: Route = {to: 'chosen'};
const project: Route = {to: 'project'};
const swarm: Route = {to: 'swarm'};

/** How every method of the Engine interface routes. A new engine method needs its line here. */
export const ROUTES: Readonly<Record<Exclude<MethodName, OwnMethod>, Route>> = {
	ping: {to: 'all'},
	version: chosen,
	listImages: {to: 'all', result: 'images'},
	listVolumes: {to: 'all', result: 'volumes'},
	listNetworks: {to: 'all', result: 'networks'},
	inspectContainer: owner,
	top: owner,
	startContainer: owner,
	stopContainer: owner,
	restartContainer: owner,
	pauseContainer: owner,
	unpauseContainer: owner,
	killContainer: owner,
	removeContainer: owner,
	renameContainer: owner,
	streamLogs: owner,
	findShell: owner,
	exec: owner,
	attach: owner,
	pullImage: {to: 'chosen', result: 'id'},
	pushImage: owner,
	tagImage: owner,
	removeImage: owner,
	imagesToPrune: {to: 'chosen', result: 'images'},
	pruneImages: chosen,
	imageHistory: owner,
	inspectImage: owner,
	buildImage: {to: 'chosen', result: 'id'},
	saveImages: owner,
	loadImages: chosen,
	login: chosen,
	logout: chosen,
	listRegistryRepositories: chosen,
	listRegistryTags: chosen,
	searchImages: chosen,
	runContainer: {to: 'chosen', result: 'id'},
	containerRunSpec: owner,
	recreateContainer: {to: 'owner', result: 'id'},
	createVolume: {to: 'chosen', result: 'volume'},
	removeVolume: owner,
	volumesToPrune: {to: 'chosen', result: 'volumes'},
	pruneVolumes: chosen,
	volumeUsage: {to: 'all', result: 'byKey'},
	inspectVolume: owner,
	backupVolume: owner,
	restoreVolume: owner,
	volumeIsEmpty: owner,
	createNetwork: {to: 'chosen', result: 'id'},
	removeNetwork: owner,
	connectNetwork: {to: 'owner', keys: [0, 1]},
	disconnectNetwork: {to: 'owner', keys: [0, 1]},
	networksToPrune: {to: 'chosen', result: 'networks'},
	pruneNetworks: chosen,
	inspectNetwork: owner,
	commitContainer: {to: 'owner', result: 'id'},
	exportContainer: owner,
	copyFromContainer: owner,
	copyToContainer: owner,
	containerDiff: owner,
	containerUpdateForm: owner,
	updateContainer: owner,
	containersToPrune: {to: 'chosen', result: 'containers'},
	pruneContainers: chosen,
	saveContainerLogs: owner,
	composeCli: chosen,
	composeProject: project,
	composeService: project,
	composeDefinition: project,
	runLocalCommand: {to: 'chosen', keys: [0]},
	openLocalCommand: {to: 'chosen', keys: [0]},
	systemInfo: chosen,
	diskUsage: chosen,
	pruneBuildCache: chosen,
	// The swarm shown is the one the first managing engine manages (see swarmStatus).
	listNodes: swarm,
	setNodeAvailability: swarm,
	setNodeRole: swarm,
	addNodeLabel: swarm,
	removeNodeLabel: swarm,
	removeNode: swarm,
	listServices: swarm,
	inspectService: swarm,
	createService: swarm,
	scaleService: swarm,
	updateServiceImageEnv: swarm,
	rollbackService: swarm,
	restartService: swarm,
	removeService: swarm,
	listTasks: swarm,
	streamServiceLogs: swarm,
	stackContents: swarm,
	removeStack: swarm,
	deployStack: swarm,
	listSwarmData: swarm,
	createSwarmData: swarm,
	removeSwarmData: swarm,
};

/** An argument with the engine's own ids: keys, or text holding keys (a custom command's arguments). */
function bare(value: unknown): unknown {
	if (typeof value === 'string') {
		return withoutQualifiers(value);
	}

	return Array.isArray(value) ? value.map(item => (typeof item === 'string' ? withoutQualifiers(item) : item)) : value;
}

function firstKey(value: unknown): string | undefined {
	const key: unknown = Array.isArray(value) ? value[0] : value;
	return typeof key === 'string' ? key : undefined;
}

function merged(answers: unknown[]): unknown {
	if (answers.every(answer => answer instanceof Map)) {
		return new Map(answers.flatMap(answer => [...(answer as Map<unknown, unknown>)]));
	}

	return answers.every(answer => Array.isArray(answer)) ? answers.flat() : undefined;
}

/**
 * Several engines as one: lists merge every engine's objects, each tagged with its engine and
 * keyed by engine (see format/engine-key.ts); a call that names an object goes to its engine with
 * the engine's own id; events and connection states fan in, tagged. Every Engine method is
 * routed by ROUTES, or has a body below.
 */
// The interface declares the routed methods that the static block defines on the prototype.
export interface MultiEngine extends Engine {}
export class MultiEngine {
	static {
		for (const [method, route] of Object.entries(ROUTES)) {
			Object.defineProperty(MultiEngine.prototype, method, {
				value(this: MultiEngine, ...args: unknown[]) {
					return this.#call(method, route, args);
				},
			});
		}
	}

	readonly endpoint: string;
	readonly members: readonly EngineMember[];
	readonly #byName: ReadonlyMap<string, EngineMember>;
	readonly #alone = new Map<string, MultiEngine>();
	#lastStats: EngineMember | undefined;
	/** The engine whose swarm the swarm panes show, once one was found managing one. */
	#swarm: EngineMember | undefined;

	constructor(members: readonly EngineMember[], endpoint = members.map(member => member.name).join(', ')) {
		if (members.length === 0) {
			throw new Error('no engine to connect to');
		}

		this.members = members;
		this.endpoint = endpoint;
		this.#byName = new Map(members.map(member => [member.name, member]));
	}

	get statsSource(): Engine['statsSource'] {
		return (this.#lastStats ?? this.members[0]!).engine.statsSource;
	}

	/** The names of the engines, in the order given. */
	names(): string[] {
		return this.members.map(member => member.name);
	}

	/** The engine of an object key (or a row key holding one), when it names one of these engines. */
	engineOf(key: string): string | undefined {
		return engineIn(key, this.names());
	}

	/** A docker command line pointed at engine `name`: `docker --context prod stop web`, with engine ids as the engine knows them. */
	commandOn(name: string | undefined, command: string): string {
		const plain = withoutQualifiers(command);
		const flags = (name === undefined ? undefined : this.#byName.get(name))?.flags ?? [];
		return flags.length > 0 && plain.startsWith('docker ') ? `docker ${shellQuote([...flags])} ${plain.slice('docker '.length)}` : plain;
	}

	async listContainers(ids?: string[]): Promise<ContainerSummary[]> {
		if (ids === undefined) {
			return this.#toAll('listContainers', 'containers', []) as Promise<ContainerSummary[]>;
		}

		const byMember = new Map<EngineMember, string[]>();
		for (const id of ids) {
			const member = this.#owner(id);
			byMember.set(member, [...(byMember.get(member) ?? []), splitKey(id).id]);
		}

		const lists = await Promise.all(
			[...byMember].map(async ([member, own]) => TAGS.containers(await this.#named(member, member.engine.listContainers(own)), member.name)),
		);
		return lists.flat();
	}

	watchEvents(handlers: EventHandlers): Subscription {
		const subscriptions = this.members.map(member => {
			const source = {name: member.name, engine: this.#engineAlone(member)};
			return member.engine.watchEvents({
				onEvent(event) {
					handlers.onEvent(tagEvent(event, member.name));
				},
				onState(state) {
					handlers.onState(state, source);
				},
				onConnected() {
					handlers.onConnected(source);
				},
			});
		});
		return {
			stop() {
				for (const subscription of subscriptions) {
					subscription.stop();
				}
			},
		};
	}

	streamStats(id: string, intervalMs: number, handlers: StatsHandlers): Subscription {
		const member = this.#owner(id);
		this.#lastStats = member;
		return member.engine.streamStats(splitKey(id).id, intervalMs, handlers);
	}

	/**
	 * Where the engines stand in a swarm, as one: the first engine (in the order given) that
	 * manages a swarm is the one the swarm panes show and every swarm call goes to; with none, the
	 * first engine's standing (a worker names its manager). An engine that cannot say counts as in
	 * no swarm.
	 */
	async swarmStatus(): Promise<SwarmStatus> {
		const statuses = await Promise.all(this.members.map(async member => member.engine.swarmStatus().catch((): SwarmStatus => ({role: 'none'}))));
		const managing = statuses.findIndex(status => status.role === 'manager');
		this.#swarm = managing === -1 ? undefined : this.members[managing];
		return statuses[managing === -1 ? 0 : managing]!;
	}

	close(): void {
		for (const member of this.members) {
			member.engine.close();
		}
	}

	/** This set's engine `member` alone, its answers tagged the same way: what a re-list of one engine uses. */
	#engineAlone(member: EngineMember): MultiEngine {
		let alone = this.#alone.get(member.name);
		if (!alone) {
			alone = new MultiEngine([member], member.name);
			this.#alone.set(member.name, alone);
		}

		return alone;
	}

	#chosen(): EngineMember {
		const name = chosenEngine.getStore();
		return (name === undefined ? undefined : this.#byName.get(name)) ?? this.members[0]!;
	}

	#owner(key: string | undefined): EngineMember {
		const engine = key === undefined ? undefined : splitKey(key).engine;
		return (engine === undefined ? undefined : this.#byName.get(engine)) ?? this.#chosen();
	}

	/** With several engines, a failure says which engine failed. */
	async #named<T>(member: EngineMember, call: Promise<T>): Promise<T> {
		if (this.members.length === 1) {
			return call;
		}

		try {
			return await call;
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			throw new EngineError(`${member.name}: ${message}`, error instanceof EngineError ? error.statusCode : undefined);
		}
	}

	async #toAll(method: string, result: TagName | undefined, args: unknown[]): Promise<unknown> {
		const answers = await Promise.all(
			this.members.map(async member => {
				const answer = await this.#named(member, (member.engine[method as MethodName] as (...args: unknown[]) => Promise<unknown>)(...args));
				return result === undefined ? answer : (TAGS[result] as (value: unknown, engine: string) => unknown)(answer, member.name);
			}),
		);
		return merged(answers);
	}

	#call(method: string, route: Route, args: unknown[]): unknown {
		if (route.to === 'all') {
			return this.#toAll(method, route.result, args);
		}

		let member: EngineMember;
		let own = args;
		if (route.to === 'owner') {
			const keys = route.keys ?? [0];
			member = this.#owner(firstKey(args[keys[0]!]));
			own = args.map((arg, index) => (keys.includes(index) ? bare(arg) : arg));
		} else if (route.to === 'project') {
			const target = args[0] as {name: string};
			member = this.#owner(target.name);
			own = [{...target, name: splitKey(target.name).id}, ...args.slice(1)];
		} else if (route.to === 'swarm') {
			member = this.#swarm ?? this.#chosen();
		} else {
			member = this.#chosen();
			const keys = route.keys ?? [];
			own = args.map((arg, index) => (keys.includes(index) ? bare(arg) : arg));
		}

		const answer = (member.engine[method as MethodName] as (...args: unknown[]) => unknown)(...own);
		const {result} = route;
		if (!(answer instanceof Promise) || result === undefined) {
			return answer;
		}

		return answer.then(value => (TAGS[result] as (value: unknown, engine: string) => unknown)(value, member.name));
	}
}
