import type {
	StatsSample,
	ConnectionState,
	ContainerSummary,
	EngineKind,
	ImageSummary,
	NetworkSummary,
	VolumeSummary,
} from '../engine/types.js';
import type {Job} from './jobs.js';
import {MetricHistory} from './metrics.js';
import {dataFrames, notifyNow, Observable, type NotifyPolicy} from './observable.js';
import {changeEngine, replaceEngineObjects, withConnection} from './engine-states.js';
import {withoutQualifiers} from '../format/engine-key.js';
import {emptySwarm, type SwarmListKind, type SwarmStanding, type SwarmState} from './swarm.js';

export interface Notice {
	/** info: something was done; note: nothing was, and why (no mark of success); error: it failed. */
	level: 'info' | 'note' | 'error';
	text: string;
	at: number;
}

export interface Busy {
	/** "stopping" */
	doing: string;
	/** The object's name as shown, already sanitised. */
	name: string;
}

export interface EngineInfo {
	endpoint: string;
	version?: string;
	/** The API version berth speaks with the engine. */
	apiVersion?: string;
	/** Docker, or podman through its Docker-compatible API. */
	kind?: EngineKind;
	connection: ConnectionState;
	/** True while the lists may be out of date: before the first sync and while reconnecting. */
	stale: boolean;
	syncedAt?: number;
}

export interface ModelState {
	containers: ReadonlyMap<string, ContainerSummary>;
	images: readonly ImageSummary[];
	volumes: readonly VolumeSummary[];
	networks: readonly NetworkSummary[];
	engine: EngineInfo;
	/** With several engines, each one's state by name (`engine` sums them up); empty with one. */
	engines: ReadonlyMap<string, EngineInfo>;
	/** Object key (container id, image id, ...) → what is being done to it, while an action runs. */
	busy: ReadonlyMap<string, Busy>;
	/** Long operations, oldest first. */
	jobs: readonly Job[];
	notice?: Notice;
	/** Container id → its recent samples. Histories change in place; `metricsVersion` says when. */
	metrics: ReadonlyMap<string, MetricHistory>;
	metricsVersion: number;
	/** The swarm the engine manages: lists only while it is a manager. */
	swarm: SwarmState;
}

/** Whether the engine in use never answered since berth took it up: the unreachable screen shows. */
export function engineUnreachable(model: ModelState): boolean {
	return model.engine.syncedAt === undefined && model.engine.connection.status === 'reconnecting';
}

export type ListKind = 'images' | 'volumes' | 'networks';

/** What berth knows of an engine before it has answered: nothing yet. */
function engineState(endpoint: string): Pick<ModelState, 'containers' | 'images' | 'volumes' | 'networks' | 'engine' | 'engines' | 'busy' | 'swarm'> {
	return {
		swarm: emptySwarm,
		containers: new Map(),
		images: [],
		volumes: [],
		networks: [],
		engine: {endpoint, connection: {status: 'connecting', attempt: 0}, stale: true},
		engines: new Map(),
		busy: new Map(),
	};
}

export class ModelStore extends Observable<ModelState> {
	readonly #metrics = new Map<string, MetricHistory>();
	readonly #samplePolicy: NotifyPolicy;

	/** `samplePolicy` is for metric samples; other changes use `policy`. */
	constructor(endpoint: string, policy: NotifyPolicy = dataFrames.policy, samplePolicy = policy) {
		super(
			{
				...engineState(endpoint),
				jobs: [],
				metrics: new Map(),
				metricsVersion: 0,
			},
			policy,
		);
		this.#samplePolicy = samplePolicy;
	}

	/** Adds a sample to a container's history, which holds at most `capacity` points. */
	recordSample(id: string, sample: StatsSample, capacity: number): void {
		// A sample that arrives after its container went would bring back a history nobody drops.
		if (!this.get().containers.has(id)) {
			return;
		}

		let history = this.#metrics.get(id);
		if (!history) {
			history = new MetricHistory(capacity);
			this.#metrics.set(id, history);
		}

		history.add(sample);
		this.update(state => ({...state, metrics: this.#metrics, metricsVersion: state.metricsVersion + 1}), this.#samplePolicy);
	}

	/** A stream for the container ended: its figures are no longer current. */
	endSamples(id: string): void {
		const history = this.#metrics.get(id);
		if (history) {
			history.end();
			this.update(state => ({...state, metricsVersion: state.metricsVersion + 1}), this.#samplePolicy);
		}
	}

	/** Histories of containers that no longer exist are dropped, so memory follows the engine. */
	#pruneMetrics(containers: ReadonlyMap<string, ContainerSummary>): void {
		for (const id of this.#metrics.keys()) {
			if (!containers.has(id)) {
				this.#metrics.delete(id);
			}
		}
	}

	/**
	 * Forgets everything the engine in use told: another engine is taken up. Jobs and the last
	 * notice stay, since they are the user's, not the engine's.
	 */
	switchEngine(endpoint: string): void {
		this.#metrics.clear();
		this.update(state => ({
			...state,
			...engineState(endpoint),
			metrics: this.#metrics,
			metricsVersion: state.metricsVersion + 1,
		}));
	}

	/** Replaces every container (a full re-list), or with `engine` every container of that engine. */
	replaceContainers(list: readonly ContainerSummary[], engine?: string): void {
		// The first rows are drawn at once rather than with the next frame: at start they are what
		// the screen waits for.
		const first = this.get().containers.size === 0 && list.length > 0;
		this.update(state => {
			const kept = engine === undefined ? [] : [...state.containers.values()].filter(container => container.engine !== engine);
			const containers = new Map([...kept, ...list].map(container => [container.id, container]));
			this.#pruneMetrics(containers);
			return {...state, containers};
		}, first ? notifyNow : undefined);
	}

	/** Applies a partial re-list: `ids` were asked for, `found` came back; the rest are gone. */
	refreshContainers(ids: readonly string[], found: readonly ContainerSummary[]): void {
		this.update(state => {
			const containers = new Map(state.containers);
			for (const id of ids) {
				containers.delete(id);
			}

			for (const container of found) {
				containers.set(container.id, container);
			}

			this.#pruneMetrics(containers);
			return {...state, containers};
		});
	}

	removeContainer(id: string): void {
		this.update(state => {
			if (!state.containers.has(id)) {
				return state;
			}

			const containers = new Map(state.containers);
			containers.delete(id);
			this.#pruneMetrics(containers);
			return {...state, containers};
		});
	}

	/** Replaces a list, or with `engine` that engine's part of it. */
	replaceList<K extends ListKind>(kind: K, list: ModelState[K], engine?: string): void {
		this.update(state => ({...state, [kind]: replaceEngineObjects<ModelState[K][number]>(state[kind], list, engine)}));
	}

	/** Where the engine stands in a swarm; when it no longer manages one, its lists go. */
	setSwarmStatus(status: SwarmStanding): void {
		this.update(state => ({...state, swarm: status.role === 'manager' ? {...state.swarm, status} : {...emptySwarm, status}}));
	}

	replaceSwarmList<K extends SwarmListKind>(kind: K, list: SwarmState[K]): void {
		this.update(state => ({...state, swarm: {...state.swarm, [kind]: list}}));
	}

	/** `engine` names which of several engines the change is about. */
	setConnection(connection: ConnectionState, engine?: string): void {
		this.#changeEngine(engine, info => withConnection(info, connection));
	}

	setVersion(version: string, apiVersion?: string, kind?: EngineKind, engine?: string): void {
		this.#changeEngine(engine, info => ({...info, version, apiVersion, kind}));
	}

	markSynced(at: number, engine?: string): void {
		this.#changeEngine(engine, info => ({...info, stale: false, syncedAt: at}));
	}

	#changeEngine(engine: string | undefined, change: (info: EngineInfo) => EngineInfo): void {
		this.update(state => ({...state, ...(engine === undefined ? {engine: change(state.engine)} : changeEngine(state, engine, change))}));
	}

	setBusy(key: string, doing: Busy | undefined): void {
		this.update(state => {
			const busy = new Map(state.busy);
			if (doing === undefined) {
				busy.delete(key);
			} else {
				busy.set(key, doing);
			}

			return {...state, busy};
		});
	}

	replaceJobs(jobs: readonly Job[]): void {
		this.update(state => ({...state, jobs}));
	}

	notify(level: Notice['level'], text: string): void {
		// With several engines, objects named in a notice are named as the user knows them.
		this.update(state => ({...state, notice: {level, text: withoutQualifiers(text), at: Date.now()}}));
	}

	clearNotice(): void {
		this.update(state => (state.notice ? {...state, notice: undefined} : state));
	}
}
