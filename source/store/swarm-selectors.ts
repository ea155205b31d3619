// The swarm panes' rows as the view filters them, and how an action finds its swarm targets.
import type {NodeSummary, ServiceSummary} from '../engine/types.js';
import type {Target, TargetKind, TargetTypes} from '../actions/types.js';
import type {ModelState} from './model-store.js';
import {keysOf, memoizeLast} from './memo.js';
import {
	filterNodes,
	filterServices,
	filterStacks,
	filterSwarmData,
	isManager,
	stacksOf,
	swarmDataRows,
	type StackRow,
	type SwarmDataRow,
} from './swarm.js';
import {PANES, SWARM_PANES, type PaneId, type SwarmPaneId, type ViewState} from './view-store.js';

export type SwarmKind = 'node' | 'swarm-service' | 'stack' | 'swarm-data';

export const SWARM_PANE_OF_KIND: Readonly<Record<SwarmKind, SwarmPaneId>> = {
	node: 'nodes',
	'swarm-service': 'swarm-services',
	stack: 'stacks',
	'swarm-data': 'secrets',
};

const allStacks = memoizeLast(stacksOf);
const allData = memoizeLast(swarmDataRows);
const nodesShown = memoizeLast(filterNodes);
const servicesShown = memoizeLast(filterServices);
const stacksShown = memoizeLast(filterStacks);
const dataShown = memoizeLast(filterSwarmData);
const NONE: never[] = [];

/** Nothing is listed where the engine manages no swarm, whatever the model still holds. */
export function viewNodes(model: ModelState, view: ViewState): NodeSummary[] {
	return isManager(model.swarm) ? nodesShown(model.swarm.nodes, view.filters.nodes) : NONE;
}

export function viewSwarmServices(model: ModelState, view: ViewState): ServiceSummary[] {
	return isManager(model.swarm) ? servicesShown(model.swarm.services, view.filters['swarm-services']) : NONE;
}

export function viewStacks(model: ModelState, view: ViewState): StackRow[] {
	return isManager(model.swarm) ? stacksShown(allStacks(model.swarm.services), view.filters.stacks) : NONE;
}

export function viewSwarmData(model: ModelState, view: ViewState): SwarmDataRow[] {
	return isManager(model.swarm) ? dataShown(allData(model.swarm.secrets, model.swarm.configs), view.filters.secrets) : NONE;
}

export function swarmVisibleKeys(model: ModelState, view: ViewState, pane: PaneId): string[] {
	switch (pane) {
		case 'nodes': {
			return keysOf(viewNodes(model, view), node => node.id);
		}

		case 'swarm-services': {
			return keysOf(viewSwarmServices(model, view), service => service.id);
		}

		case 'stacks': {
			return keysOf(viewStacks(model, view), stack => stack.name);
		}

		case 'secrets': {
			return keysOf(viewSwarmData(model, view), row => row.key);
		}

		default: {
			return [];
		}
	}
}

function isSwarmKind(kind: TargetKind): kind is SwarmKind {
	return kind in SWARM_PANE_OF_KIND;
}

export function swarmObjectByKey<K extends TargetKind>(model: ModelState, kind: K, key: string): TargetTypes[K] | undefined {
	if (!isSwarmKind(kind) || !isManager(model.swarm)) {
		return undefined;
	}

	const found: Target | undefined =
		kind === 'node'
			? model.swarm.nodes.find(node => node.id === key)
			: kind === 'swarm-service'
				? model.swarm.services.find(service => service.id === key)
				: kind === 'stack'
					? allStacks(model.swarm.services).find(stack => stack.name === key)
					: allData(model.swarm.secrets, model.swarm.configs).find(row => row.key === key);
	return found as TargetTypes[K] | undefined;
}

/** A swarm target's pane key; undefined for the other kinds. */
export function swarmTargetKey(kind: TargetKind, target: Target): string | undefined {
	switch (kind) {
		case 'stack': {
			return (target as StackRow).name;
		}

		case 'swarm-data': {
			return (target as SwarmDataRow).key;
		}

		case 'node':
		case 'swarm-service': {
			return (target as {id: string}).id;
		}

		default: {
			return undefined;
		}
	}
}

/**
 * The panes offered: the swarm's only while the engine manages one, or while one is on screen
 * (it then says why it is empty rather than vanishing under the user).
 */
export function shownPanes(model: ModelState, current: PaneId): readonly PaneId[] {
	if (isManager(model.swarm)) {
		return PANES;
	}

	return PANES.filter(pane => pane === current || !(SWARM_PANES as readonly PaneId[]).includes(pane));
}
