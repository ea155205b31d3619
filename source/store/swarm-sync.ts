// Keeps the model's swarm part in step: the engine's standing at every (re)connection, and on a
// manager the nodes, services, secrets and configs, each re-listed (debounced) on its own events.
// A worker, an engine in no swarm and podman list nothing. Tasks are not kept here: the tabs that
// show them list them while shown.
import type {Engine, EngineEvent, EngineKind} from '../engine/types.js';
import {t} from '../i18n/translate.js';
import type {ModelStore} from './model-store.js';
import {isManager, type SwarmListKind} from './swarm.js';

/** What each kind of event can change. A service's tasks move the nodes' counts and the secrets' users. */
const LISTS_OF_EVENT: Partial<Record<EngineEvent['type'], readonly SwarmListKind[]>> = {
	node: ['nodes'],
	service: ['services', 'nodes', 'secrets', 'configs'],
	secret: ['secrets'],
	config: ['configs'],
};

/**
 * Tasks start and stop after the event that asked for them, and tasks send no events: services and
 * nodes are listed again this long after a service or node event, so their counts settle.
 */
const SETTLE_MS = [2000, 6000];

/** What a failed re-list of each kind says, in the user's language. */
const LISTING: Readonly<Record<SwarmListKind, () => string>> = {
	nodes: () => t('listing swarm nodes'),
	services: () => t('listing swarm services'),
	secrets: () => t('listing swarm secrets'),
	configs: () => t('listing swarm configs'),
};

export interface SwarmSync {
	/** After every (re)connection: asks the engine where it stands, and lists when it manages a swarm. */
	reconcile(kind: EngineKind | undefined): void;
	onEvent(event: EngineEvent): void;
	stop(): void;
}

export function swarmSync(
	engine: Engine,
	model: ModelStore,
	options: {debounceMs: number; report: (what: string, error: unknown) => void},
): SwarmSync {
	const pending = new Set<SwarmListKind>();
	const timers = new Map<number, NodeJS.Timeout>();
	let listTimer: NodeJS.Timeout | undefined;
	let stopped = false;

	const loaders: {[K in SwarmListKind]: () => Promise<unknown>} = {
		nodes: async () => engine.listNodes().then(list => model.replaceSwarmList('nodes', list)),
		services: async () => engine.listServices().then(list => model.replaceSwarmList('services', list)),
		secrets: async () => engine.listSwarmData('secret').then(list => model.replaceSwarmList('secrets', list)),
		configs: async () => engine.listSwarmData('config').then(list => model.replaceSwarmList('configs', list)),
	};

	const relist = (kind: SwarmListKind): void => {
		loaders[kind]().catch((error: unknown) => {
			if (!stopped && isManager(model.get().swarm)) {
				options.report(LISTING[kind](), error);
			}
		});
	};

	/** Reads where the engine stands; lists everything when it became a manager, or always with `listAll`. */
	const readStatus = async (listAll: boolean): Promise<void> => {
		const status = await engine.swarmStatus();
		if (stopped) {
			return;
		}

		const wasManager = isManager(model.get().swarm);
		model.setSwarmStatus(status);
		if (status.role === 'manager' && (listAll || !wasManager)) {
			for (const kind of Object.keys(loaders) as SwarmListKind[]) {
				relist(kind);
			}
		}
	};

	const flush = (): void => {
		listTimer = undefined;
		if (!isManager(model.get().swarm)) {
			pending.clear();
			return;
		}

		for (const kind of pending) {
			relist(kind);
		}

		pending.clear();
	};

	/** One settling re-list per delay at a time, however many events asked for it. */
	const settle = (ms: number): void => {
		if (timers.has(ms)) {
			return;
		}

		timers.set(
			ms,
			setTimeout(() => {
				timers.delete(ms);
				pending.add('services');
				pending.add('nodes');
				listTimer ??= setTimeout(flush, options.debounceMs);
			}, ms),
		);
	};

	return {
		reconcile(kind) {
			if (kind === 'podman') {
				model.setSwarmStatus({role: 'unsupported', reason: t('podman has no swarm mode: nodes, services, stacks, secrets and configs need a Docker engine that manages a swarm')});
				return;
			}

			// A manager's lists are read afresh after a reconnection: events may have been missed.
			readStatus(true).catch((error: unknown) => {
				options.report(t('reading the swarm status'), error);
			});
		},
		onEvent(event) {
			const kinds = LISTS_OF_EVENT[event.type];
			if (!kinds) {
				return;
			}

			// A node promoted, demoted or removed may be this engine's own: where it stands is read again.
			if (event.type === 'node') {
				readStatus(false).catch((error: unknown) => {
					options.report(t('reading the swarm status'), error);
				});
			}

			for (const kind of kinds) {
				pending.add(kind);
			}

			listTimer ??= setTimeout(flush, options.debounceMs);
			if (event.type === 'service' || event.type === 'node') {
				for (const ms of SETTLE_MS) {
					settle(ms);
				}
			}
		},
		stop() {
			stopped = true;
			clearTimeout(listTimer);
			for (const timer of timers.values()) {
				clearTimeout(timer);
			}

			timers.clear();
		},
	};
}
