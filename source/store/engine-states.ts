import type {ConnectionState} from '../engine/types.js';
import type {EngineInfo, ModelState} from './model-store.js';

// With several engines the model keeps each engine's connection, version and freshness, and
// `engine` sums them up for what shows one state for the whole set (the unreachable screen).

/** An engine's info once its connection changed: its lists are stale from the moment it drops. */
export function withConnection(info: EngineInfo, connection: ConnectionState): EngineInfo {
	return {...info, connection, stale: connection.status === 'connected' ? info.stale : true};
}

/** The set as one: connected while any engine is, reconnecting only when all are; current while any is. */
function overall(endpoint: string, engines: ReadonlyMap<string, EngineInfo>): EngineInfo {
	const infos = [...engines.values()];
	const connected = infos.find(info => info.connection.status === 'connected');
	const reconnecting = infos.every(info => info.connection.status === 'reconnecting') ? infos[0] : undefined;
	const synced = infos.map(info => info.syncedAt).filter((at): at is number => at !== undefined);
	return {
		endpoint,
		connection: connected?.connection ?? reconnecting?.connection ?? {status: 'connecting', attempt: 0},
		stale: infos.every(info => info.stale),
		...(synced.length > 0 ? {syncedAt: Math.max(...synced)} : {}),
	};
}

/** The model's engine states once engine `name`'s info changed. */
export function changeEngine(state: ModelState, name: string, change: (info: EngineInfo) => EngineInfo): Pick<ModelState, 'engines' | 'engine'> {
	const engines = new Map(state.engines);
	engines.set(name, change(engines.get(name) ?? {endpoint: name, connection: {status: 'connecting', attempt: 0}, stale: true}));
	return {engines, engine: overall(state.engine.endpoint, engines)};
}

/** Whether objects of engine `name` are shown from a list that may be out of date. */
export function engineStale(model: ModelState, name: string | undefined): boolean {
	return name !== undefined && (model.engines.get(name)?.stale ?? false);
}

/** A list with engine `name`'s objects replaced by `list` (the whole list without an engine). */
export function replaceEngineObjects<T extends {engine?: string}>(current: readonly T[], list: readonly T[], name: string | undefined): readonly T[] {
	return name === undefined ? list : [...current.filter(item => item.engine !== name), ...list];
}
