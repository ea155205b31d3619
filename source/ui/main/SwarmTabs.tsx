import React from 'react';
import {Text} from 'ink';
import type {NodeSummary, ServiceSummary, TaskSummary} from '../../engine/types.js';
import {sanitize} from '../../format/index.js';
import {t} from '../../i18n/translate.js';
import type {ModelState} from '../../store/model-store.js';
import {notManagedReason, type StackRow, type SwarmDataRow} from '../../store/swarm.js';
import {swarmObjectByKey} from '../../store/swarm-selectors.js';
import type {SwarmPaneId, TabId} from '../../store/view-store.js';
import type {ResourceState} from '../../store/resource.js';
import {useApp} from '../app-context.js';
import {useNow} from '../hooks.js';
import {glyph} from '../glyphs.js';
import {tone} from '../theme.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {ServiceLogsTab} from './ServiceLogsTab.js';
import {nodeLines, serviceDetailLines, serviceTaskLines, stackLines, swarmDataLines, taskLines} from './swarm-lines.js';
import {useResource} from './use-resource.js';
import {DetailsTab} from './DetailsTab.js';

/** Tasks change state without events: while a tasks tab is shown they are listed again this often. */
export const TASKS_REFRESH_MS = 2000;

interface Size {
	width: number;
	rows: number;
}

/** The loaded tasks as lines, or what keeps them from showing (the last good list stays on a failed refresh). */
function tasksOrState(state: ResourceState<TaskSummary[]>, services: ReadonlyMap<string, string>, width: number, now: number): TextLine[] {
	if (state.status === 'loading') {
		return [{text: `${t('listing tasks')}${glyph.ellipsis}`, tone: tone.muted}];
	}

	if (state.status === 'ready') {
		return taskLines(state.data, services, width, now);
	}

	return [{text: t('listing tasks failed: {reason}', {reason: sanitize(state.error)}), tone: tone.error}, ...(state.data ? taskLines(state.data, services, width, now) : [])];
}

function serviceNames(model: ModelState): Map<string, string> {
	return new Map(model.swarm.services.map(service => [service.id, service.name]));
}

/** A node and the tasks on it (`docker node ps`), listed while shown. */
function NodeTasksTab({node, model, width, rows}: Size & {node: NodeSummary; model: ModelState}): React.JSX.Element {
	const {engine} = useApp();
	const now = useNow(TASKS_REFRESH_MS);
	const tasks = useResource(node.id, async () => engine.listTasks({node: node.id}), TASKS_REFRESH_MS);
	return <ScrollText lines={nodeLines(node, tasksOrState(tasks, serviceNames(model), width, now))} width={width} rows={rows} />;
}

/** A service's tasks (`docker service ps`), listed while shown. */
function ServiceTasksTab({service, width, rows}: Size & {service: ServiceSummary}): React.JSX.Element {
	const {engine} = useApp();
	const now = useNow(TASKS_REFRESH_MS);
	const tasks = useResource(service.id, async () => engine.listTasks({service: service.id}), TASKS_REFRESH_MS);
	const names = new Map([[service.id, service.name]]);
	return <ScrollText lines={serviceTaskLines(service, tasksOrState(tasks, names, width, now))} width={width} rows={rows} />;
}

/** A service's spec, read again whenever the service changes. */
function ServiceInspectTab({service, width, rows}: Size & {service: ServiceSummary}): React.JSX.Element {
	return <DetailsTab detailsKey={`${service.id}\n${service.version}\n${service.running}`} inspect={async engine => engine.inspectService(service.id)} lines={serviceDetailLines} width={width} rows={rows} />;
}

function StackTab({stack, width, rows}: Size & {stack: StackRow}): React.JSX.Element {
	return <ScrollText lines={stackLines(stack)} width={width} rows={rows} />;
}

function SwarmDataTab({row, width, rows}: Size & {row: SwarmDataRow}): React.JSX.Element {
	const now = useNow(60_000);
	return <ScrollText lines={swarmDataLines(row, now)} width={width} rows={rows} />;
}

// Looked up when drawn, in the language then in use.
const NOTHING: Readonly<Record<SwarmPaneId, () => string>> = {
	nodes: () => t('no node selected'),
	'swarm-services': () => t('no service selected'),
	stacks: () => t('no stack selected'),
	secrets: () => t('no secret or config selected'),
};

/** What a swarm pane's main area shows, and the name in its tab line. */
export function swarmContent(
	model: ModelState,
	pane: SwarmPaneId,
	tab: TabId,
	key: string | undefined,
	size: Size,
): {content: React.JSX.Element; subject: string} {
	const reason = notManagedReason(model.swarm);
	if (reason !== undefined) {
		return {content: <Text {...tone.muted}>{sanitize(reason)}</Text>, subject: ''};
	}

	const none = {content: <Text {...tone.muted}>{NOTHING[pane]()}</Text>, subject: ''};
	if (key === undefined) {
		return none;
	}

	switch (pane) {
		case 'nodes': {
			const node = swarmObjectByKey(model, 'node', key);
			return node ? {content: <NodeTasksTab node={node} model={model} {...size} />, subject: sanitize(node.hostname)} : none;
		}

		case 'swarm-services': {
			const service = swarmObjectByKey(model, 'swarm-service', key);
			if (!service) {
				return none;
			}

			const content =
				tab === 'logs' ? (
					<ServiceLogsTab service={service} {...size} />
				) : tab === 'inspect' ? (
					<ServiceInspectTab service={service} {...size} />
				) : (
					<ServiceTasksTab service={service} {...size} />
				);
			return {content, subject: sanitize(service.name)};
		}

		case 'stacks': {
			const stack = swarmObjectByKey(model, 'stack', key);
			return stack ? {content: <StackTab stack={stack} {...size} />, subject: sanitize(stack.name)} : none;
		}

		case 'secrets': {
			const row = swarmObjectByKey(model, 'swarm-data', key);
			return row ? {content: <SwarmDataTab row={row} {...size} />, subject: sanitize(`${row.kind} ${row.name}`)} : none;
		}
	}
}
