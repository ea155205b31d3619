import type {
	ConnectionState,
	ContainerSummary,
	ImageSummary,
	NetworkSummary,
	VolumeSummary,
} from '../engine/types.js';
import {Observable, notifyPerFrame, type NotifyPolicy} from './observable.js';

export interface Notice {
	level: 'info' | 'error';
	text: string;
	at: number;
}

export interface EngineInfo {
	endpoint: string;
	version?: string;
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
	/** Container id → what is being done to it ("stopping"), while an action runs. */
	busy: ReadonlyMap<string, string>;
	notice?: Notice;
}

export type ListKind = 'images' | 'volumes' | 'networks';

/** Frame length for coalescing model changes: well under a second, above a keypress's worth. */
export const MODEL_FRAME_MS = 50;

export class ModelStore extends Observable<ModelState> {
	constructor(endpoint: string, policy: NotifyPolicy = notifyPerFrame(MODEL_FRAME_MS)) {
		super(
			{
				containers: new Map(),
				images: [],
				volumes: [],
				networks: [],
				engine: {endpoint, connection: {status: 'connecting', attempt: 0}, stale: true},
				busy: new Map(),
			},
			policy,
		);
	}

	/** Replaces every container (a full re-list). */
	replaceContainers(list: readonly ContainerSummary[]): void {
		this.update(state => ({
			...state,
			containers: new Map(list.map(container => [container.id, container])),
		}));
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
			return {...state, containers};
		});
	}

	replaceList<K extends ListKind>(kind: K, list: ModelState[K]): void {
		this.update(state => ({...state, [kind]: list}));
	}

	setConnection(connection: ConnectionState): void {
		this.update(state => ({
			...state,
			engine: {
				...state.engine,
				connection,
				stale: connection.status === 'connected' ? state.engine.stale : true,
			},
		}));
	}

	setVersion(version: string): void {
		this.update(state => ({...state, engine: {...state.engine, version}}));
	}

	markSynced(at: number): void {
		this.update(state => ({...state, engine: {...state.engine, stale: false, syncedAt: at}}));
	}

	setBusy(id: string, doing: string | undefined): void {
		this.update(state => {
			const busy = new Map(state.busy);
			if (doing === undefined) {
				busy.delete(id);
			} else {
				busy.set(id, doing);
			}

			return {...state, busy};
		});
	}

	notify(level: Notice['level'], text: string): void {
		this.update(state => ({...state, notice: {level, text, at: Date.now()}}));
	}

	clearNotice(): void {
		this.update(state => (state.notice ? {...state, notice: undefined} : state));
	}
}
