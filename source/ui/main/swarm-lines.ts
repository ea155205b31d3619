// The swarm tabs' text: a node's or a service's tasks, a service's spec, a stack's services, a
// secret's or config's metadata. Pure functions of what the engine answered; all of it sanitised.
import type {NodeSummary, ServiceDetails, ServiceSummary, TaskSummary} from '../../engine/types.js';
import {t} from '../../i18n/translate.js';
import {formatAge, localDuration, pad, sanitize, shortId, textWidth, truncate} from '../../format/index.js';
import {contentWidths, fitTable, joinCells, ROW_PREFIX, type Column} from '../panes/table.js';
import type {StackRow, SwarmDataRow} from '../../store/swarm.js';
import {glyph} from '../glyphs.js';
import {servicePorts, serviceMode} from '../panes/swarm-columns.js';
import {tone} from '../theme.js';
import {wrapToFit} from '../../format/prose.js';
import type {TextLine} from './ScrollText.js';

function field(name: string, value: string): TextLine {
	return {text: `${pad(name, Math.max(14, textWidth(name)))}${value}`};
}

function labelLines(labels: Readonly<Record<string, string>>): TextLine[] {
	const entries = Object.entries(labels);
	return entries.length === 0 ? [field(t('labels'), '-')] : entries.map(([key, value], index) => field(index === 0 ? t('labels') : '', sanitize(`${key}=${value}`)));
}

/** "5m ago": an age in berth's words. */
function ago(ms: number): string {
	return t('{age} ago', {age: formatAge(ms)});
}

/** "Running 5 minutes ago", as `docker service ps` words a task's current state. */
export function taskState(task: TaskSummary, now: number): string {
	const state = task.state.charAt(0).toUpperCase() + task.state.slice(1);
	return t('{state} {duration} ago', {state: sanitize(state), duration: localDuration(Math.max(0, now - task.stateSince)).toLowerCase()});
}

/** A task's name as the CLI gives it: `service.slot`, or `service.node` for a global service. */
export function taskName(task: TaskSummary, service: string): string {
	return `${service}.${task.slot ?? shortId(task.nodeId)}`;
}

const TASK_COLUMNS: Column[] = [
	{get title() { return t('ID'); }, min: 12, max: 12},
	{get title() { return t('NAME'); }, min: 8, max: 30},
	{get title() { return t('NODE'); }, min: 4, max: 20, priority: 3},
	{get title() { return t('DESIRED'); }, min: 7, max: 8, priority: 4},
	{get title() { return t('CURRENT STATE'); }, min: 13, max: 30, priority: 2},
	{get title() { return t('ERROR'); }, min: 8, max: 40, priority: 6},
	{get title() { return t('IMAGE'); }, min: 8, max: 40, priority: 5},
];

/**
 * The tasks, newest first as the engine sorted them, in columns fitted to the width; a task that
 * failed is followed by its error in full, wrapped, since the column cuts it (or is left out).
 */
export function taskLines(tasks: readonly TaskSummary[], names: ReadonlyMap<string, string>, width: number, now: number): TextLine[] {
	if (tasks.length === 0) {
		return [{text: t('no tasks'), tone: tone.muted}];
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
			for (const part of wrapToFit(`${glyph.errorArrow} ${sanitize(task.error ?? '')}`, Math.max(10, width - 2))) {
				lines.push({text: `  ${part}`, tone: tone.error});
			}
		}
	}

	return lines;
}

/** The node, then its tasks. */
export function nodeLines(node: NodeSummary, tasks: TextLine[]): TextLine[] {
	return [
		field(t('hostname'), sanitize(node.hostname)),
		field(t('role'), `${node.role}${node.managerStatus ? ` (${node.managerStatus})` : ''}`),
		field(t('availability'), node.availability),
		field(t('status'), `${sanitize(node.status)}${node.message ? ` ${glyph.separator} ${sanitize(node.message)}` : ''}`),
		field(t('engine'), sanitize(node.engineVersion)),
		field(t('address'), sanitize(node.address)),
		field(t('id'), node.id),
		...labelLines(node.labels),
		{text: ''},
		...tasks,
	];
}

/** "2/3 running": the tasks that run of those that should. */
function running(service: {running: number; desired: number}): string {
	return t('{running}/{desired} running', {running: service.running, desired: service.desired});
}

/** The service's summary, then its tasks. */
export function serviceTaskLines(service: ServiceSummary, tasks: TextLine[]): TextLine[] {
	return [
		field(t('mode'), `${serviceMode(service)} ${glyph.separator} ${running(service)}`),
		field(t('image'), sanitize(service.image)),
		...(service.updateStatus
			? [field(t('update'), `${sanitize(service.updateStatus.state)}${service.updateStatus.message ? ` ${glyph.separator} ${sanitize(service.updateStatus.message)}` : ''}`)]
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
		field(t('name'), sanitize(service.name)),
		field(t('id'), service.id),
		field(t('mode'), serviceMode(service)),
		field(t('replicas'), running(service)),
		field(t('image'), sanitize(service.image)),
		...(service.command ? [field(t('command'), sanitize(service.command.join(' ')))] : []),
		...(service.args ? [field(t('args'), sanitize(service.args.join(' ')))] : []),
		field(t('ports'), servicePorts(service.ports) || '-'),
		...list(t('env'), service.env),
		...list(
			t('mounts'),
			service.mounts.map(mount => `${mount.type} ${mount.source ?? ''}${glyph.right}${mount.target}${mount.readOnly ? ` ${t('(read-only)')}` : ''}`),
		),
		...list(t('networks'), service.networks),
		...list(t('constraints'), service.constraints),
		field(t('restart'), service.restartCondition),
		field(
			t('update'),
			t('{count} at a time, {delay}s apart, on failure {action}', {count: service.update.parallelism, delay: service.update.delayNs / 1e9, action: sanitize(service.update.failureAction)}),
		),
		...(service.updateStatus ? [field(t('update state'), sanitize(service.updateStatus.state))] : []),
		field(t('rollback'), service.canRollback ? t('possible (the previous spec is kept)') : t('nothing to roll back to')),
		...list(t('secrets'), service.secrets),
		...list(t('configs'), service.configs),
		...labelLines(service.labels),
		field(t('created'), ago(now - service.createdAt)),
		field(t('updated'), ago(now - service.updatedAt)),
	];
}

/** A stack's services with their replicas. */
export function stackLines(stack: StackRow): TextLine[] {
	return [
		field(t('stack'), sanitize(stack.name)),
		field(t('replicas'), running(stack)),
		{text: ''},
		{text: `${pad(t('SERVICE'), 32)} ${pad(t('MODE'), 14)} ${pad(t('REPLICAS'), 9)} ${t('IMAGE')}`, bold: true},
		...stack.services.map(service => ({
			text: `${pad(truncate(sanitize(service.name), 32), 32)} ${pad(serviceMode(service), 14)} ${pad(`${service.running}/${service.desired}`, 9)} ${sanitize(service.image)}`,
			...(service.running < service.desired ? {tone: tone.warning} : {}),
		})),
	];
}

/** A secret's or config's metadata: its value is never shown (the engine does not give a secret's out). */
export function swarmDataLines(row: SwarmDataRow, now: number): TextLine[] {
	return [
		field(t('name'), sanitize(row.name)),
		field(t('kind'), row.kind),
		field(t('id'), row.id),
		field(t('created'), ago(now - row.createdAt)),
		field(t('updated'), ago(now - row.updatedAt)),
		...labelLines(row.labels),
		field(t('used by'), row.usedBy.length === 0 ? t('no service') : sanitize(row.usedBy.join(', '))),
		{text: ''},
		{text: row.kind === 'secret' ? t('A secret’s value is not shown: the engine gives it only to the services that use it.') : t('A config’s value is given to the services that use it.'), tone: tone.muted},
	];
}
