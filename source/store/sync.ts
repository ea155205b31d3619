import type {ContainerSummary, Engine, EngineEvent, EngineSource, Subscription} from '../engine/types.js';
import {errorText} from '../format/index.js';
import type {EventLog} from './event-log.js';
import type {ListKind, ModelState, ModelStore} from './model-store.js';
import {swarmSync} from './swarm-sync.js';
import {t} from '../i18n/translate.js';

// Container events that can change what a list row shows. Others (exec_*, attach, resize, top,
// archive-path, ...) are frequent and change nothing in the list, so they cost no engine call.
const CONTAINER_CHANGES = new Set([
	'create',
	'start',
	'restart',
	'stop',
	'die',
	'kill',
	'oom',
	'pause',
	'unpause',
	'rename',
	'update',
	'health_status',
]);

const LIST_OF_TYPE: Partial<Record<EngineEvent['type'], ListKind>> = {
	image: 'images',
	volume: 'volumes',
	network: 'networks',
};

/** What a failed re-list of each kind says, in the user's language. */
const LISTING: Readonly<Record<ListKind, () => string>> = {
	images: () => t('listing images'),
	volumes: () => t('listing volumes'),
	networks: () => t('listing networks'),
};

export interface SyncOptions {
	/** How long to gather container events before one re-list of just those containers. */
	batchMs?: number;
	/** How long to gather image/volume/network events before re-listing that kind. */
	listDebounceMs?: number;
	/** Something to report a failed re-list to, besides the model's notice. */
	onError?: (message: string) => void;
	/** Where every event is also kept, for the events view. */
	events?: EventLog;
	/**
	 * A container list asked for before the events stream opened (at start, while the screen's
	 * code loads): its rows are shown until the listing made after the stream opened replaces them.
	 * Shown at once when it already came, else when it comes; a promise of undefined when it failed
	 * (the later listing reports why), never rejected.
	 */
	early?: readonly ContainerSummary[] | Promise<readonly ContainerSummary[] | undefined>;
	/** How long the listing made once the stream opened waits for an early list still under way. */
	earlyWaitMs?: number;
}

/**
 * Keeps the model in step with the engine: a full listing on every (re)connection, then the
 * events stream. A container event re-lists only the containers it names, batched, so a burst
 * of events for many containers costs one call.
 */
export function startSync(engine: Engine, model: ModelStore, options: SyncOptions = {}): Subscription {
	const batchMs = options.batchMs ?? 30;
	const listDebounceMs = options.listDebounceMs ?? 150;
	const pendingIds = new Set<string>();
	const pendingLists = new Set<ListKind>();
	let containerTimer: NodeJS.Timeout | undefined;
	let listTimer: NodeJS.Timeout | undefined;
	let stopped = false;
	// The model holds something newer than the early list: a listing or an event's re-list.
	let newerThanEarly = false;
	// Per full listing under way, the containers events re-listed or removed meanwhile: for them
	// the listing, asked for before, may be older than what the model holds.
	const listings = new Set<Set<string>>();
	const touched = (ids: Iterable<string>): void => {
		newerThanEarly = true;
		for (const listing of listings) {
			for (const id of ids) {
				listing.add(id);
			}
		}
	};

	// Per re-list of some containers under way, those destroyed meanwhile: the answer, asked for
	// before, may still hold them (as being removed), and nothing would take them away again.
	const refreshing = new Set<Set<string>>();

	const report = (what: string, error: unknown): void => {
		if (stopped) {
			return;
		}

		model.notify('error', `${what}: ${errorText(error)}`);
		options.onError?.(errorText(error));
	};

	const flushContainers = (): void => {
		containerTimer = undefined;
		const ids = [...pendingIds];
		pendingIds.clear();
		const destroyed = new Set<string>();
		refreshing.add(destroyed);
		engine
			.listContainers(ids)
			.finally(() => {
				refreshing.delete(destroyed);
			})
			.then(
				found => {
					if (!stopped) {
						const live = ids.filter(id => !destroyed.has(id));
						touched(live);
						model.refreshContainers(live, found.filter(container => !destroyed.has(container.id)));
					}
				},
				(error: unknown) => {
					report(t('listing containers'), error);
				},
			);
	};

	const loaders: {[K in ListKind]: () => Promise<ModelState[K]>} = {
		images: async () => engine.listImages(),
		volumes: async () => engine.listVolumes(),
		networks: async () => engine.listNetworks(),
	};

	const relist = <K extends ListKind>(kind: K): void => {
		loaders[kind]().then(
			list => {
				if (!stopped) {
					model.replaceList(kind, list);
				}
			},
			(error: unknown) => {
				report(LISTING[kind](), error);
			},
		);
	};

	const flushLists = (): void => {
		listTimer = undefined;
		for (const kind of pendingLists) {
			relist(kind);
		}

		pendingLists.clear();
	};

	// While the early list is under way, it has the engine to itself: listing thousands of
	// containers is the engine's slowest answer, and a second listing beside it made both take
	// half as long again (the first rows come from the early one). Not for ever, though: an early
	// list that hangs must not hold the listing back.
	const earlyDone: Promise<unknown> =
		options.early instanceof Promise
			? Promise.race([options.early, new Promise(resolve => setTimeout(resolve, options.earlyWaitMs ?? 5000).unref())])
			: Promise.resolve();

	// With several engines, an engine that (re)connects re-lists only its own objects.
	const reconcile = async (source?: EngineSource): Promise<void> => {
		await earlyDone;
		if (stopped) {
			return;
		}

		const lister = source?.engine ?? engine;
		const name = source?.name;
		// The rows are drawn as soon as the containers come, without waiting for the other lists.
		const changed = new Set<string>();
		listings.add(changed);
		const containers = lister
			.listContainers()
			.finally(() => {
				listings.delete(changed);
			})
			.then(list => {
				if (!stopped) {
					newerThanEarly = true;
					const current = model.get().containers;
					const kept = [...changed].flatMap(id => current.get(id) ?? []);
					model.replaceContainers([...list.filter(container => !changed.has(container.id)), ...kept], name);
				}
			});
		const [images, volumes, networks, version] = await Promise.all([lister.listImages(), lister.listVolumes(), lister.listNetworks(), lister.version(), containers]);
		if (stopped) {
			return;
		}

		model.replaceList('images', images, name);
		model.replaceList('volumes', volumes, name);
		model.replaceList('networks', networks, name);
		model.setVersion(version.version, version.apiVersion, version.kind, name);
		model.markSynced(Date.now(), name);
		// With several engines, one of them being podman says nothing of the others' swarms.
		swarm.reconcile(source === undefined ? version.kind : undefined);
	};

	const swarm = swarmSync(engine, model, {debounceMs: listDebounceMs, report});

	const onEvent = (event: EngineEvent): void => {
		options.events?.record(event);
		swarm.onEvent(event);
		if (event.type === 'container') {
			const action = event.action.split(':')[0] ?? '';
			if (action === 'destroy') {
				pendingIds.delete(event.id);
				for (const destroyed of refreshing) {
					destroyed.add(event.id);
				}
				touched([event.id]);
				model.removeContainer(event.id);
				return;
			}

			if (!CONTAINER_CHANGES.has(action) || unchangedHealth(event)) {
				return;
			}

			pendingIds.add(event.id);
			containerTimer ??= setTimeout(flushContainers, batchMs);
		}

		// A container joining or leaving a network changes the container's networks, which the
		// networks list counts: re-list that container with the network.
		const container = event.attributes['container'];
		if (event.type === 'network' && container !== undefined && (event.action === 'connect' || event.action === 'disconnect')) {
			pendingIds.add(container);
			containerTimer ??= setTimeout(flushContainers, batchMs);
		}

		// Images and volumes change their usage with containers too, but their own lists show
		// it only through the containers, so only their own events re-list them.
		const kind = LIST_OF_TYPE[event.type];
		if (kind) {
			pendingLists.add(kind);
			listTimer ??= setTimeout(flushLists, listDebounceMs);
		}
	};

	// A health check runs every few seconds and reports the same result most times; only a
	// change of health changes the row.
	const unchangedHealth = (event: EngineEvent): boolean =>
		event.action.startsWith('health_status') && model.get().containers.get(event.id)?.health === event.action.split(': ')[1];

	const showEarly = (list: readonly ContainerSummary[] | undefined): void => {
		if (list && !stopped && !newerThanEarly) {
			model.replaceContainers(list);
		}
	};

	if (options.early instanceof Promise) {
		void options.early.then(showEarly);
	} else {
		showEarly(options.early);
	}

	const events = engine.watchEvents({
		onEvent,
		onState(state, source) {
			model.setConnection(state, source?.name);
		},
		onConnected(source) {
			// Listing after the stream is open means no change falls between the two.
			reconcile(source).catch((error: unknown) => {
				report(source ? t('listing engine {name}', {name: source.name}) : t('listing the engine'), error);
			});
		},
	});

	return {
		stop() {
			stopped = true;
			events.stop();
			clearTimeout(containerTimer);
			clearTimeout(listTimer);
			swarm.stop();
		},
	};
}
