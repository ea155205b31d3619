// The swarm tabs' text: a node's or a service's tasks, a service's spec, a stack's services, a
// secret's or config's metadata. Pure functions of what the engine answered; all of it sanitised.
import type {NodeSummary, ServiceDetails, ServiceSummary, TaskSummary} from '../../engine/types.js';
import {formatAge, humanDuration, pad, sanitize, shortId, truncate} from '../../format/index.js';
import {contentWidths, fitTable, joinCells, ROW_PREFIX, type Column} from '../panes/table.js';
import type {StackRow, SwarmDataRow} from '../../store/swarm.js';
import {glyph} from '../glyphs.js';
import {servicePorts, serviceMode} from '../panes/swarm-columns.js';
import {tone} from '../theme.js';
import {wrapWords} from './project-lines.js';
import type {TextLine} from './ScrollText.js';

function field(name: string, value: string): TextLine {
	return {text: `${name.padEnd(14)}${value}`};
}

function labelLines(labels: Readonly<Record<string, string>>): TextLine[] {
	const entries = Object.entries(labels);
	return entries.length === 0 ? [field('labels', '-')] : entries.map(([key, value], index) => field(index === 0 ? 'labels' : '', sanitize(`${key}=${value}`)));
}

/** "Running 5 minutes ago", as `docker service ps` words a task's current state. */
export function taskState(task: TaskSummary, now: number): string {
	const state = task.state.charAt(0).toUpperCase() + task.state.slice(1);
	return `${sanitize(state)} ${humanDuration(Math.max(0, now - task.stateSince)).toLowerCase()} ago`;
}

/** A task's name as the CLI gives it: `service.slot`, or `service.node` for a global service. */
export function taskName(task: TaskSummary, service: string): string {
	return `${service}.${task.slot ?? shortId(task.nodeId)}`;
}

const TASK_COLUMNS: Column[] = [
	{title: 'ID', min: 12, max: 12},
	{title: 'NAME', min: 8, max: 30},
	{title: 'NODE', min: 4, max: 20, priority: 3},
	{title: 'DESIRED', min: 7, max: 8, priority: 4},
	{title: 'CURRENT STATE', min: 13, max: 30, priority: 2},
	{title: 'ERROR', min: 8, max: 40, priority: 6},
	{title: 'IMAGE', min: 8, max: 40, priority: 5},
];

/**
 * The tasks, newest first as the engine sorted them, in columns fitted to the width; a task that
 * failed is followed by its error in full, wrapped, since the column cuts it (or is left out).
 */
export function taskLines(tasks: readonly TaskSummary[], names: ReadonlyMap<string, string>, width: number, now: number): TextLine[] {
	if (tasks.length === 0) {
		return [{text: 'no tasks', tone: tone.muted}];
	}

	const rows = tasks.map(task => [
		shortId(task.id),
		sanitize(taskName(task, names.get(task.serviceId) ?? shortId(task.serviceId))),
		sanitize(task.node),
		sanitize(task.desiredState),
		taskState(task, now),
		sanitize(task.error ?? ''),
		sanitize(task.image),
	]);
	// The table's widths leave room for a list's row prefix, which these lines do not have.
	const widths = fitTable(TASK_COLUMNS, width + ROW_PREFIX, contentWidths(rows, rows, cells => cells));
	const lines: TextLine[] = [{text: joinCells(TASK_COLUMNS, TASK_COLUMNS.map(column => column.title), widths), bold: true}];
	for (const [index, task] of tasks.entries()) {
		const failed = task.error !== undefined && task.error !== '';
		lines.push({text: joinCells(TASK_COLUMNS, rows[index]!, widths), ...(failed ? {tone: tone.error} : task.state === 'running' ? {} : {dim: true})});
		if (failed) {
			for (const part of wrapWords(`${glyph.errorArrow} ${sanitize(task.error ?? '')}`, width - 2)) {
				lines.push({text: `  ${part}`, tone: tone.error});
			}
		}
	}

	return lines;
}

/** The node, then its tasks. */
export function nodeLines(node: NodeSummary, tasks: TextLine[]): TextLine[] {
	return [
		field('hostname', sanitize(node.hostname)),
		field('role', `${node.role}${node.managerStatus ? ` (${node.managerStatus})` : ''}`),
		field('availability', node.availability),
		field('status', `${sanitize(node.status)}${node.message ? ` ${glyph.separator} ${sanitize(node.message)}` : ''}`),
		field('engine', sanitize(node.engineVersion)),
		field('address', sanitize(node.address)),
		field('id', node.id),
		...labelLines(node.labels),
		{text: ''},
		...tasks,
	];
}

/** The service's summary, then its tasks. */
export function serviceTaskLines(service: ServiceSummary, tasks: TextLine[]): TextLine[] {
	return [
		field('mode', `${serviceMode(service)} ${glyph.separator} ${service.running}/${service.desired} running`),
		field('image', sanitize(service.image)),
		...(service.updateStatus
			? [field('update', `${sanitize(service.updateStatus.state)}${service.updateStatus.message ? ` ${glyph.separator} ${sanitize(service.updateStatus.message)}` : ''}`)]
			: []),
		{text: ''},
		...tasks,
	];
}

/** Everything the create form sets, as the service has it now. */
export function serviceDetailLines(service: ServiceDetails, now: number): TextLine[] {
	const list = (name: string, values: readonly string[]): TextLine[] =>
		values.length === 0 ? [field(name, '-')] : values.map((value, index) => field(index === 0 ? name : '', sanitize(value)));
	return [
		field('name', sanitize(service.name)),
		field('id', service.id),
		field('mode', serviceMode(service)),
		field('replicas', `${service.running}/${service.desired} running`),
		field('image', sanitize(service.image)),
		...(service.command ? [field('command', sanitize(service.command.join(' ')))] : []),
		...(service.args ? [field('args', sanitize(service.args.join(' ')))] : []),
		field('ports', servicePorts(service.ports) || '-'),
		...list('env', service.env),
		...list(
			'mounts',
			service.mounts.map(mount => `${mount.type} ${mount.source ?? ''}${glyph.right}${mount.target}${mount.readOnly ? ' (read-only)' : ''}`),
		),
		...list('networks', service.networks),
		...list('constraints', service.constraints),
		field('restart', service.restartCondition),
		field('update', `${service.update.parallelism} at a time, ${service.update.delayNs / 1e9}s apart, on failure ${sanitize(service.update.failureAction)}`),
		...(service.updateStatus ? [field('update state', sanitize(service.updateStatus.state))] : []),
		field('rollback', service.canRollback ? 'possible (the previous spec is kept)' : 'nothing to roll back to'),
		...list('secrets', service.secrets),
		...list('configs', service.configs),
		...labelLines(service.labels),
		field('created', `${formatAge(now - service.createdAt)} ago`),
		field('updated', `${formatAge(now - service.updatedAt)} ago`),
	];
}

/** A stack's services with their replicas. */
export function stackLines(stack: StackRow): TextLine[] {
	return [
		field('stack', sanitize(stack.name)),
		field('replicas', `${stack.running}/${stack.desired} running`),
		{text: ''},
		{text: `${pad('SERVICE', 32)} ${pad('MODE', 14)} ${pad('REPLICAS', 9)} IMAGE`, bold: true},
		...stack.services.map(service => ({
			text: `${pad(truncate(sanitize(service.name), 32), 32)} ${pad(serviceMode(service), 14)} ${pad(`${service.running}/${service.desired}`, 9)} ${sanitize(service.image)}`,
			...(service.running < service.desired ? {tone: tone.warning} : {}),
		})),
	];
}

/** A secret's or config's metadata: its value is never shown (the engine does not give a secret's out). */
export function swarmDataLines(row: SwarmDataRow, now: number): TextLine[] {
	return [
		field('name', sanitize(row.name)),
		field('kind', row.kind),
		field('id', row.id),
		field('created', `${formatAge(now - row.createdAt)} ago`),
		field('updated', `${formatAge(now - row.updatedAt)} ago`),
		...labelLines(row.labels),
		field('used by', row.usedBy.length === 0 ? 'no service' : sanitize(row.usedBy.join(', '))),
		{text: ''},
		{text: row.kind === 'secret' ? 'A secret’s value is not shown: the engine gives it only to the services that use it.' : 'A config’s value is given to the services that use it.', tone: tone.muted},
	];
}
