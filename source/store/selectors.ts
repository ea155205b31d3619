import type {ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary} from '../engine/types.js';
import {compareText} from '../format/index.js';
import {isMetricSort, sortValue, type SortColumn} from './metrics.js';
import type {ModelState} from './model-store.js';
import type {PaneId, ViewState} from './view-store.js';

/** Containers that are up (running, paused, restarting) sort before the rest. */
export function isUp(container: ContainerSummary): boolean {
	return container.state === 'running' || container.state === 'paused' || container.state === 'restarting';
}

function byUpThenName(a: ContainerSummary, b: ContainerSummary): number {
	const up = Number(isUp(b)) - Number(isUp(a));
	if (up !== 0) {
		return up;
	}

	return compareText(a.name, b.name) || compareText(a.id, b.id);
}

function includes(haystack: string, needle: string): boolean {
	return haystack.toLowerCase().includes(needle);
}

export function containerMatches(container: ContainerSummary, filter: string): boolean {
	const needle = filter.toLowerCase();
	return (
		includes(container.name, needle) || includes(container.image, needle) || container.id.startsWith(needle)
	);
}

function imageMatches(image: ImageSummary, needle: string): boolean {
	return image.tags.some(tag => includes(tag, needle)) || image.id.replace('sha256:', '').startsWith(needle);
}

function volumeMatches(volume: VolumeSummary, needle: string): boolean {
	return includes(volume.name, needle) || includes(volume.driver, needle);
}

function networkMatches(network: NetworkSummary, needle: string): boolean {
	return includes(network.name, needle) || network.id.startsWith(needle) || includes(network.driver, needle);
}

/** Remembers the last result for identical inputs, so a render with nothing new costs no sort. */
function memoizeLast<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
	let lastArgs: A | undefined;
	let lastResult: R | undefined;
	return (...args: A): R => {
		if (lastArgs?.length === args.length && lastArgs.every((arg, i) => arg === args[i])) {
			return lastResult as R;
		}

		lastArgs = args;
		lastResult = compute(...args);
		return lastResult;
	};
}

const filterContainers = memoizeLast(
	(containers: ModelState['containers'], showStopped: boolean, filter: string): ContainerSummary[] => {
		const list: ContainerSummary[] = [];
		for (const container of containers.values()) {
			if ((showStopped || isUp(container)) && (filter === '' || containerMatches(container, filter))) {
				list.push(container);
			}
		}

		return list.sort(byUpThenName);
	},
);

function byName(a: ContainerSummary, b: ContainerSummary): number {
	return compareText(a.name, b.name);
}

/**
 * Containers in the order the view asks for. The sort is stable over the default order (up first,
 * then by name), so rows with equal values never swap places between frames; containers without a
 * value (stopped, not yet sampled) go last in either direction.
 */
const sortContainers = memoizeLast(
	(list: ContainerSummary[], column: SortColumn, reverse: boolean, metrics: ModelState['metrics'], _metricsVersion: number): ContainerSummary[] => {
		if (column === 'state') {
			return reverse ? [...list].reverse() : list;
		}

		if (column === 'name') {
			const sorted = [...list].sort(byName);
			return reverse ? sorted.reverse() : sorted;
		}

		const direction = reverse ? 1 : -1;
		const value = (container: ContainerSummary): number | undefined =>
			container.state === 'running' ? sortValue(metrics.get(container.id)?.current, column) : undefined;
		return [...list].sort((a, b) => {
			const left = value(a);
			const right = value(b);
			if (left === undefined || right === undefined) {
				return Number(left === undefined) - Number(right === undefined);
			}

			return (left - right) * direction;
		});
	},
);

export function selectContainers(model: ModelState, view: ViewState): ContainerSummary[] {
	const list = filterContainers(model.containers, view.showStopped, view.filters.containers);
	return sortContainers(list, view.sort.column, view.sort.reverse, model.metrics, model.metricsVersion);
}

/** Running containers to sample: those on screen, or all of them while the list is sorted by a metric. */
export function containersToSample(model: ModelState, view: ViewState, onScreen: readonly string[]): string[] {
	const ids = isMetricSort(view.sort.column) ? model.containers.keys() : onScreen;
	return [...ids].filter(id => model.containers.get(id)?.state === 'running');
}

function imageName(image: ImageSummary): string {
	return image.tags[0] ?? '<none>';
}

export const selectImages = memoizeLast((images: readonly ImageSummary[], filter: string): ImageSummary[] => {
	const needle = filter.toLowerCase();
	return images
		.filter(image => needle === '' || imageMatches(image, needle))
		.sort((a, b) => compareText(imageName(a), imageName(b)) || compareText(a.id, b.id));
});

export const selectVolumes = memoizeLast((volumes: readonly VolumeSummary[], filter: string): VolumeSummary[] => {
	const needle = filter.toLowerCase();
	return volumes
		.filter(volume => needle === '' || volumeMatches(volume, needle))
		.sort((a, b) => compareText(a.name, b.name));
});

export const selectNetworks = memoizeLast((networks: readonly NetworkSummary[], filter: string): NetworkSummary[] => {
	const needle = filter.toLowerCase();
	return networks
		.filter(network => needle === '' || networkMatches(network, needle))
		.sort((a, b) => compareText(a.name, b.name));
});

/** The stable key of each visible row of a pane, in display order. */
export function visibleKeys(model: ModelState, view: ViewState, pane: PaneId): string[] {
	const filter = view.filters[pane];
	switch (pane) {
		case 'containers': {
			return keysOf(selectContainers(model, view), container => container.id);
		}

		case 'images': {
			return keysOf(selectImages(model.images, filter), image => image.id);
		}

		case 'volumes': {
			return keysOf(selectVolumes(model.volumes, filter), volume => volume.name);
		}

		case 'networks': {
			return keysOf(selectNetworks(model.networks, filter), network => network.id);
		}
	}
}

const keyCache = new WeakMap<readonly object[], string[]>();

function keysOf<T extends object>(list: readonly T[], key: (item: T) => string): string[] {
	let keys = keyCache.get(list);
	if (!keys) {
		keys = list.map(item => key(item));
		keyCache.set(list, keys);
	}

	return keys;
}

/**
 * Index of the selected row. When the selected object is gone (removed, filtered out), the cursor
 * stays where it was rather than jumping to the top.
 */
export function cursorIndex(keys: readonly string[], view: ViewState, pane: PaneId): number {
	const selected = view.selected[pane];
	const index = selected === undefined ? -1 : keys.indexOf(selected);
	if (index !== -1) {
		return index;
	}

	return Math.max(0, Math.min(view.cursor[pane], keys.length - 1));
}

export function selectedKey(model: ModelState, view: ViewState, pane: PaneId = view.pane): string | undefined {
	const keys = visibleKeys(model, view, pane);
	return keys[cursorIndex(keys, view, pane)];
}

export function selectedContainer(model: ModelState, view: ViewState): ContainerSummary | undefined {
	const id = selectedKey(model, view, 'containers');
	return id === undefined ? undefined : model.containers.get(id);
}

/** What a container action applies to: the marked containers, or else the selected one. */
export function targetContainers(model: ModelState, view: ViewState): ContainerSummary[] {
	const marked = [...view.marked]
		.map(id => model.containers.get(id))
		.filter((container): container is ContainerSummary => container !== undefined);
	if (marked.length > 0) {
		return marked;
	}

	const selected = selectedContainer(model, view);
	return selected ? [selected] : [];
}
