// What berth knows of the swarm the engine manages: its status and the lists the swarm panes show.
// Stacks are not listed apart: they are the services' `com.docker.stack.namespace` labels grouped.
import type {NodeSummary, ServiceSummary, SwarmDataKind, SwarmDataSummary, SwarmStatus} from '../engine/types.js';
import {compareText} from '../format/index.js';
import {compileFilter} from '../format/match.js';
import {t} from '../i18n/translate.js';

/** Where the engine stands; 'unsupported' for an engine that has no swarm mode at all (podman). */
export type SwarmStanding = SwarmStatus | {role: 'unsupported'; reason: string};

export interface SwarmState {
	/** Undefined until the engine has said. */
	status?: SwarmStanding;
	nodes: readonly NodeSummary[];
	services: readonly ServiceSummary[];
	secrets: readonly SwarmDataSummary[];
	configs: readonly SwarmDataSummary[];
}

export type SwarmListKind = 'nodes' | 'services' | 'secrets' | 'configs';

export const emptySwarm: SwarmState = {nodes: [], services: [], secrets: [], configs: []};

export function isManager(swarm: SwarmState): boolean {
	return swarm.status?.role === 'manager';
}

/** Why the swarm panes have nothing to show, in plain words; undefined on a manager. */
export function notManagedReason(swarm: SwarmState): string | undefined {
	const status = swarm.status;
	switch (status?.role) {
		case undefined: {
			return t('asking the engine whether it is in a swarm…');
		}

		case 'manager': {
			return undefined;
		}

		case 'worker': {
			const managers = status.managers.length > 0 ? status.managers.join(', ') : t('a manager it cannot name');
			return t('this engine is a swarm worker (node {address}); its manager is {managers}: point berth at the manager (--host) to manage the swarm', {address: status.address, managers});
		}

		case 'pending': {
			return status.error
				? t('this engine is joining a swarm ({state}: {error})', {state: status.state, error: status.error})
				: t('this engine is joining a swarm ({state})', {state: status.state});
		}

		case 'none': {
			return t('this engine is not in a swarm (docker swarm init makes it a manager; joining or leaving is done with the docker CLI)');
		}

		case 'unsupported': {
			return status.reason;
		}
	}
}

/** A stack: the services sharing a `com.docker.stack.namespace` label. */
export interface StackRow {
	name: string;
	services: readonly ServiceSummary[];
	running: number;
	desired: number;
}

export function stacksOf(services: readonly ServiceSummary[]): StackRow[] {
	const stacks = new Map<string, ServiceSummary[]>();
	for (const service of services) {
		if (service.stack !== undefined) {
			stacks.set(service.stack, [...(stacks.get(service.stack) ?? []), service]);
		}
	}

	return [...stacks]
		.map(([name, members]) => ({
			name,
			services: members.sort((a, b) => compareText(a.name, b.name)),
			running: members.reduce((sum, service) => sum + service.running, 0),
			desired: members.reduce((sum, service) => sum + service.desired, 0),
		}))
		.sort((a, b) => compareText(a.name, b.name));
}

/** A secret or a config, as one row of the secrets pane. */
export interface SwarmDataRow extends SwarmDataSummary {
	kind: SwarmDataKind;
	/** `secret:ID` or `config:ID`: ids of the two kinds may not be told apart otherwise. */
	key: string;
}

export function swarmDataRows(secrets: readonly SwarmDataSummary[], configs: readonly SwarmDataSummary[]): SwarmDataRow[] {
	return [
		...secrets.map(item => ({...item, kind: 'secret' as const, key: `secret:${item.id}`})),
		...configs.map(item => ({...item, kind: 'config' as const, key: `config:${item.id}`})),
	];
}

export function filterNodes(nodes: readonly NodeSummary[], filter: string): NodeSummary[] {
	const match = compileFilter(filter);
	return nodes.filter(node =>
		match.matches({text: [node.hostname, node.role, node.availability, node.status, node.address, ...Object.entries(node.labels).map(([key, value]) => `${key}=${value}`)]}),
	);
}

export function filterServices(services: readonly ServiceSummary[], filter: string): ServiceSummary[] {
	const match = compileFilter(filter);
	return services.filter(service => match.matches({text: [service.name, service.image, service.stack ?? '']}));
}

export function filterStacks(stacks: readonly StackRow[], filter: string): StackRow[] {
	const match = compileFilter(filter);
	return stacks.filter(stack => match.matches({text: [stack.name, ...stack.services.map(service => service.name)]}));
}

export function filterSwarmData(rows: readonly SwarmDataRow[], filter: string): SwarmDataRow[] {
	const match = compileFilter(filter);
	return rows.filter(row => match.matches({text: [row.name, row.kind, ...row.usedBy]}));
}
