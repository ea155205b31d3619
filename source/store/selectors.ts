import type {ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary} from '../engine/types.js';
import {qualify} from '../format/engine-key.js';
import {compareText} from '../format/index.js';
import {compileFilter, type RowFilter} from '../format/match.js';
import {isMetricSort, sortValue, type SortColumn} from './metrics.js';
import type {EngineInfo, ModelState} from './model-store.js';
import type {Target, TargetKind, TargetTypes} from '../actions/types.js';
import type {Job} from './jobs.js';
import type {ImageSort, ObjectSort, PaneId, ViewState} from './view-store.js';
import {projectKey, projectRows, selectProjects, serviceKey, type ComposeProject, type ProjectRow, type ProjectService} from './projects.js';
import {swarmObjectByKey, swarmTargetKey, swarmVisibleKeys, SWARM_PANE_OF_KIND} from './swarm-selectors.js';
import {keysOf, memoizeLast} from './memo.js';

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

/** Containers match by name or image, or by id prefix, or by label. */
function containerMatches(container: ContainerSummary, filter: RowFilter): boolean {
	return filter.matches({text: [container.name, container.image], ids: [container.id], labels: container.labels});
}

function imageMatches(image: ImageSummary, filter: RowFilter): boolean {
	return filter.matches({text: image.tags, ids: [image.id], labels: image.labels});
}

function volumeMatches(volume: VolumeSummary, filter: RowFilter): boolean {
	return filter.matches({text: [volume.name, volume.driver], labels: volume.labels});
}

function networkMatches(network: NetworkSummary, filter: RowFilter): boolean {
	return filter.matches({text: [network.name, network.driver], ids: [network.id], labels: network.labels});
}

const filterContainers = memoizeLast(
	(containers: ModelState['containers'], showStopped: boolean, filter: string): ContainerSummary[] => {
		const list: ContainerSummary[] = [];
		const match = compileFilter(filter);
		for (const container of containers.values()) {
			if ((showStopped || isUp(container)) && containerMatches(container, match)) {
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

/** How many containers are up and how many of those run, counted once per change of the containers. */
export const containerCounts = memoizeLast((containers: ModelState['containers']): {up: number; running: number} => {
	let up = 0;
	let running = 0;
	for (const container of containers.values()) {
		up += Number(isUp(container));
		running += Number(container.state === 'running');
	}

	return {up, running};
});

/** The running containers' CPU and memory, summed over those with a sample; once per change of either. */
export const metricSums = memoizeLast(
	(containers: ModelState['containers'], metrics: ModelState['metrics'], _metricsVersion: number): {running: number; sampled: number; cpu: number; memory: number} => {
		const sums = {running: 0, sampled: 0, cpu: 0, memory: 0};
		for (const container of containers.values()) {
			if (container.state !== 'running') {
				continue;
			}

			sums.running++;
			const latest = metrics.get(container.id)?.current;
			if (latest) {
				sums.sampled++;
				sums.cpu += latest.cpuPercent ?? 0;
				sums.memory += latest.memoryUsage;
			}
		}

		return sums;
	},
);

/** Running containers to sample: those on screen, or all of them while the list is sorted by a metric. */
export function containersToSample(model: ModelState, view: ViewState, onScreen: readonly string[]): string[] {
	const ids = isMetricSort(view.sort.column) ? model.containers.keys() : onScreen;
	return [...ids].filter(id => model.containers.get(id)?.state === 'running');
}

function imageName(image: ImageSummary): string {
	return image.tags[0] ?? '<none>';
}

/** Untagged images that are the parent of another: build steps, hidden unless asked for (`docker images -a`). */
function intermediateIds(images: readonly ImageSummary[]): Set<string> {
	const parents = new Set(images.map(image => image.parentId));
	return new Set(images.filter(image => image.tags.length === 0 && parents.has(image.id)).map(image => image.id));
}

export const isIntermediate = memoizeLast(intermediateIds);

const IMAGE_ORDER: Readonly<Record<ImageSort, (a: ImageSummary, b: ImageSummary) => number>> = {
	name: (a, b) => compareText(imageName(a), imageName(b)),
	// Largest and newest first: what a user sorting by them looks for.
	size: (a, b) => b.size - a.size,
	created: (a, b) => b.created - a.created,
};

export const selectImages = memoizeLast(
	(images: readonly ImageSummary[], filter: string, sort: ViewState['imageSort'], showIntermediate: boolean): ImageSummary[] => {
		const match = compileFilter(filter);
		const hidden = showIntermediate ? new Set<string>() : isIntermediate(images);
		const order = IMAGE_ORDER[sort.column];
		const sorted = images
			.filter(image => !hidden.has(image.id) && imageMatches(image, match))
			.sort((a, b) => order(a, b) || compareText(a.id, b.id));
		return sort.reverse ? sorted.reverse() : sorted;
	},
);

/** The images of the images pane, as the view filters and orders them. */
export function viewImages(model: ModelState, view: ViewState): ImageSummary[] {
	return selectImages(model.images, view.filters.images, view.imageSort, view.showIntermediate);
}

/** Containers made from each image, counted from the containers list (the engine's own count is often -1). */
export const containersByImage = memoizeLast((containers: ModelState['containers']): ReadonlyMap<string, ContainerSummary[]> => groupBy(containers, container => [container.imageId]));

function groupBy(containers: ModelState['containers'], keys: (container: ContainerSummary) => readonly string[]): Map<string, ContainerSummary[]> {
	const groups = new Map<string, ContainerSummary[]>();
	for (const container of containers.values()) {
		for (const key of keys(container)) {
			const list = groups.get(key);
			if (list) {
				list.push(container);
			} else {
				groups.set(key, [container]);
			}
		}
	}

	return groups;
}

/** Orders volumes or networks by a column, then by name; newest first by age. */
function byObjectSort<T extends {name: string; driver: string; created?: number}>(sort: {column: ObjectSort; reverse: boolean}) {
	return (a: T, b: T): number => {
		const first = sort.column === 'driver' ? compareText(a.driver, b.driver) : sort.column === 'created' ? (b.created ?? 0) - (a.created ?? 0) : 0;
		const order = first || compareText(a.name, b.name);
		return sort.reverse ? -order : order;
	};
}

const selectVolumes = memoizeLast((volumes: readonly VolumeSummary[], filter: string, sort: ViewState['volumeSort']): VolumeSummary[] => {
	const match = compileFilter(filter);
	return volumes.filter(volume => volumeMatches(volume, match)).sort(byObjectSort(sort));
});

const selectNetworks = memoizeLast((networks: readonly NetworkSummary[], filter: string, sort: ViewState['networkSort']): NetworkSummary[] => {
	const match = compileFilter(filter);
	return networks.filter(network => networkMatches(network, match)).sort(byObjectSort(sort));
});

export function viewVolumes(model: ModelState, view: ViewState): VolumeSummary[] {
	return selectVolumes(model.volumes, view.filters.volumes, view.volumeSort);
}

export function viewNetworks(model: ModelState, view: ViewState): NetworkSummary[] {
	return selectNetworks(model.networks, view.filters.networks, view.networkSort);
}

/** Containers by the names of the volumes they mount. */
export const containersByVolume = memoizeLast((containers: ModelState['containers']): ReadonlyMap<string, ContainerSummary[]> => groupBy(containers, container => container.volumes));

/** Containers by the names of the networks they are attached to. */
// Containers name their networks by name, and two engines each have a "bridge": with several
// engines the name is qualified by the container's engine, as the network's key is.
const containersByNetwork = memoizeLast(
	(containers: ModelState['containers']): ReadonlyMap<string, ContainerSummary[]> =>
		groupBy(containers, container => (container.engine === undefined ? container.networks : container.networks.map(name => qualify(name, container.engine!)))),
);

/** The containers attached to a network, on the network's own engine. */
export function networkUsers(containers: ModelState['containers'], network: NetworkSummary): ContainerSummary[] {
	return containersByNetwork(containers).get(network.engine === undefined ? network.name : qualify(network.name, network.engine)) ?? [];
}

export const selectJobs = memoizeLast((jobs: readonly Job[], filter: string): Job[] => {
	const match = compileFilter(filter);
	// Newest first: the job just started is the one wanted.
	return jobs.filter(job => match.matches({text: [job.title, job.command]})).reverse();
});

/** The engines berth is connected to: the system pane's rows. */
export const selectEngines = memoizeLast(
	(engine: EngineInfo, engines: ModelState['engines']): EngineInfo[] => (engines.size > 1 ? [...engines.values()] : [engine]),
);

const selectProjectRows = memoizeLast(
	(projects: readonly ComposeProject[], collapsed: ReadonlySet<string>, filter: string): ProjectRow[] => projectRows(projects, collapsed, filter),
);

/** The projects pane's rows: each compose project, with its services beneath unless collapsed. */
export function viewProjectRows(model: ModelState, view: ViewState): ProjectRow[] {
	return selectProjectRows(selectProjects(model.containers), view.collapsedProjects, view.filters.projects);
}

/** The stable key of each visible row of a pane, in display order. */
export function visibleKeys(model: ModelState, view: ViewState, pane: PaneId): string[] {
	const filter = view.filters[pane];
	switch (pane) {
		case 'containers': {
			return keysOf(selectContainers(model, view), container => container.id);
		}

		case 'images': {
			return keysOf(viewImages(model, view), image => image.id);
		}

		case 'volumes': {
			return keysOf(viewVolumes(model, view), volume => volume.name);
		}

		case 'networks': {
			return keysOf(viewNetworks(model, view), network => network.id);
		}

		case 'jobs': {
			return keysOf(selectJobs(model.jobs, filter), job => job.id);
		}

		case 'system': {
			return keysOf(selectEngines(model.engine, model.engines), engine => engine.endpoint);
		}

		case 'projects': {
			return keysOf(viewProjectRows(model, view), row => row.key);
		}

		default: {
			return swarmVisibleKeys(model, view, pane);
		}
	}
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

/** The pane that lists each kind of object an action can target. */
export const PANE_OF_KIND: Readonly<Record<TargetKind, PaneId>> = {
	container: 'containers',
	image: 'images',
	volume: 'volumes',
	network: 'networks',
	project: 'projects',
	service: 'projects',
	...SWARM_PANE_OF_KIND,
};

function projectObject(model: ModelState, kind: 'project' | 'service', key: string): ComposeProject | ProjectService | undefined {
	for (const project of selectProjects(model.containers)) {
		if (kind === 'project' && projectKey(project.name) === key) {
			return project;
		}

		const service = kind === 'service' ? project.services.find(candidate => serviceKey(project.name, candidate.name) === key) : undefined;
		if (service) {
			return {project, service};
		}
	}

	return undefined;
}

/** The object of `kind` with this pane key, if the model has it. */
export function objectByKey<K extends TargetKind>(model: ModelState, kind: K, key: string): TargetTypes[K] | undefined {
	const found: Target | undefined =
		kind === 'container'
			? model.containers.get(key)
			: kind === 'image'
				? model.images.find(image => image.id === key)
				: kind === 'volume'
					? model.volumes.find(volume => volume.name === key)
					: kind === 'project' || kind === 'service'
						? projectObject(model, kind, key)
						: kind === 'network'
							? model.networks.find(network => network.id === key)
							: swarmObjectByKey(model, kind, key);
	return found as TargetTypes[K] | undefined;
}

/** What an action on `kind` applies to: the marked objects of its pane, or else the selected one. */
export function targetObjects<K extends TargetKind>(model: ModelState, view: ViewState, kind: K): Array<TargetTypes[K]> {
	const pane = PANE_OF_KIND[kind];
	const marked = [...view.marked[pane]]
		.map(key => objectByKey(model, kind, key))
		.filter((item): item is TargetTypes[K] => item !== undefined);
	if (marked.length > 0) {
		return marked;
	}

	const key = selectedKey(model, view, pane);
	const selected = key === undefined ? undefined : objectByKey(model, kind, key);
	return selected ? [selected] : [];
}

/** The pane key of an object an action targets. */
export function targetKey(kind: TargetKind, target: Target): string {
	if (kind === 'project') {
		return projectKey((target as ComposeProject).name);
	}

	if (kind === 'service') {
		const {project, service} = target as ProjectService;
		return serviceKey(project.name, service.name);
	}

	return kind === 'volume' ? (target as VolumeSummary).name : (swarmTargetKey(kind, target) ?? (target as {id: string}).id);
}
