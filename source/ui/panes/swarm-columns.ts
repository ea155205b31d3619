// The swarm panes' columns: nodes, services, stacks, and secrets with configs. Every cell that came
// from the engine is sanitised here.
import type {NodeSummary, PublishedPort, ServiceSummary} from '../../engine/types.js';
import {t} from '../../i18n/translate.js';
import {formatAge, sanitize} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import {isManager, type StackRow, type SwarmDataRow} from '../../store/swarm.js';
import {viewNodes, viewStacks, viewSwarmData, viewSwarmServices} from '../../store/swarm-selectors.js';
import type {SwarmPaneId, ViewState} from '../../store/view-store.js';
import {glyph} from '../glyphs.js';
import {tone, type Tone} from '../theme.js';
import type {ObjectTable} from './object-columns.js';

/** A filled glyph when all that should run runs, half when some, a square when none. */
function replicaGlyph(running: number, desired: number): {glyph: string; tone?: Tone} {
	if (desired === 0) {
		return {glyph: glyph.square, tone: tone.muted};
	}

	return running === 0 ? {glyph: glyph.square, tone: tone.exited} : running < desired ? {glyph: glyph.half, tone: tone.paused} : {glyph: glyph.filled, tone: tone.running};
}

/** "web=3", one label a pair, joined. */
function labelText(labels: Readonly<Record<string, string>>): string {
	return Object.entries(labels)
		.map(([key, value]) => (value === '' ? key : `${key}=${value}`))
		.join(', ');
}

export const NODE_TABLE: ObjectTable<NodeSummary> = {
	columns: [
		{get title() { return t('HOSTNAME'); }, min: 10, max: 40},
		{get title() { return t('ROLE'); }, min: 7, max: 7},
		{get title() { return t('AVAILABILITY'); }, min: 6, max: 12},
		{get title() { return t('STATUS'); }, min: 5, max: 12},
		{get title() { return t('MANAGER'); }, min: 7, max: 11, priority: 5},
		{get title() { return t('TASKS'); }, min: 5, max: 5, align: 'right', priority: 4},
		{get title() { return t('ENGINE'); }, min: 6, max: 16, priority: 7},
		{get title() { return t('ADDRESS'); }, min: 7, max: 40, priority: 6},
		{get title() { return t('LABELS'); }, min: 6, max: 60, priority: 9},
	],
	cells: node => [
		sanitize(node.hostname),
		node.role,
		node.availability,
		sanitize(node.status),
		node.managerStatus ?? '',
		String(node.runningTasks),
		sanitize(node.engineVersion),
		sanitize(node.address),
		sanitize(labelText(node.labels)),
	],
	key: node => node.id,
	glyph(node) {
		if (node.status !== 'ready') {
			return {glyph: glyph.square, tone: tone.exited};
		}

		return node.availability === 'active' ? {glyph: glyph.filled, tone: tone.running} : {glyph: glyph.half, tone: tone.paused};
	},
	empty: () => t('no nodes'),
};

/** "30080→80/tcp", as `docker service ls` shows a published port ("host" when published on the task's node). */
export function servicePorts(ports: readonly PublishedPort[]): string {
	return ports
		.map(port => `${port.published === 0 ? '' : `*:${port.published}`}${glyph.right}${port.target}/${sanitize(port.protocol)}${port.mode === 'host' ? ' host' : ''}`)
		.join(', ');
}

export function serviceMode(service: ServiceSummary): string {
	return service.mode.kind === 'global' ? 'global' : `replicated ${service.mode.replicas}`;
}

export const SWARM_SERVICE_TABLE: ObjectTable<ServiceSummary> = {
	columns: [
		{get title() { return t('NAME'); }, min: 10, max: 40},
		{get title() { return t('MODE'); }, min: 6, max: 14},
		{get title() { return t('REPLICAS'); }, min: 8, max: 9, align: 'right'},
		{get title() { return t('IMAGE'); }, min: 10, max: 48, priority: 4},
		{get title() { return t('PORTS'); }, min: 8, max: 40, priority: 6},
		{get title() { return t('UPDATE'); }, min: 6, max: 22, priority: 5},
	],
	cells: service => [
		sanitize(service.name),
		serviceMode(service),
		`${service.running}/${service.desired}`,
		sanitize(service.image),
		servicePorts(service.ports),
		sanitize(service.updateStatus?.state ?? ''),
	],
	key: service => service.id,
	glyph: service => replicaGlyph(service.running, service.desired),
	empty: () => t('no services: n creates one'),
};

export const STACK_TABLE: ObjectTable<StackRow> = {
	columns: [
		{get title() { return t('STACK'); }, min: 10, max: 40},
		{get title() { return t('SERVICES'); }, min: 8, max: 8, align: 'right'},
		{get title() { return t('REPLICAS'); }, min: 8, max: 9, align: 'right'},
		{get title() { return t('SERVICE NAMES'); }, min: 10, max: 80, priority: 9},
	],
	cells: stack => [
		sanitize(stack.name),
		String(stack.services.length),
		`${stack.running}/${stack.desired}`,
		sanitize(stack.services.map(service => service.name).join(', ')),
	],
	key: stack => stack.name,
	glyph: stack => replicaGlyph(stack.running, stack.desired),
	empty: () => t('no stacks: services deployed with docker stack deploy are grouped here; n deploys a compose file'),
};

export const SWARM_DATA_TABLE: ObjectTable<SwarmDataRow> = {
	columns: [
		{get title() { return t('NAME'); }, min: 10, max: 48},
		{get title() { return t('KIND'); }, min: 6, max: 6},
		{get title() { return t('CREATED'); }, min: 7, max: 8},
		{get title() { return t('USED BY'); }, min: 7, max: 60, priority: 5},
	],
	cells: (row, now) => [sanitize(row.name), row.kind, formatAge(now - row.createdAt), sanitize(row.usedBy.join(', '))],
	key: row => row.key,
	glyph: row => (row.usedBy.length > 0 ? {glyph: ' '} : {glyph: glyph.ring, tone: tone.warning}),
	empty: () => t('no secrets or configs: n creates a secret, N a config'),
};

/** The count in a swarm pane's title: what it lists, or why it lists nothing. */
export function swarmPaneCount(model: ModelState, view: ViewState, pane: SwarmPaneId): string {
	if (!isManager(model.swarm)) {
		return model.swarm.status?.role === 'worker' ? t('worker') : t('no swarm');
	}

	switch (pane) {
		case 'nodes': {
			const nodes = viewNodes(model, view);
			return t('{ready}/{count} ready', {ready: nodes.filter(node => node.status === 'ready').length, count: nodes.length});
		}

		case 'swarm-services': {
			return String(viewSwarmServices(model, view).length);
		}

		case 'stacks': {
			return String(viewStacks(model, view).length);
		}

		case 'secrets': {
			return String(viewSwarmData(model, view).length);
		}
	}
}
