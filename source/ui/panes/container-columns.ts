import type {ContainerSummary} from '../../engine/types.js';
import {t} from '../../i18n/translate.js';
import {formatBinary, formatPorts, formatSize, formatStatus, parseStatus, sanitize, textWidth, type ParsedStatus} from '../../format/index.js';
import {CONTAINER_COLUMN_IDS, type ContainerColumnId, type MetricPoint, type SortColumn} from '../../store/metrics.js';
import {bareKey} from '../../format/engine-key.js';
import {ENGINE_COLUMN, engineCell} from './engine-column.js';
import {fitTable, joinCells, naturalWidth, tableHeader, widestOf, type Column} from './table.js';
import {glyph} from '../glyphs.js';
import {sameItems} from '../../store/memo.js';

/** Metric cells have fixed widths: numbers that change every second must not move the columns. */
const METRIC_WIDTH = {cpu: 7, memory: 19, memoryPercent: 6, io: 17, pids: 5};

/** Every column, in the order of CONTAINER_COLUMN_IDS and of a row's cells. */
const CONTAINER_COLUMNS: Column[] = [
	{get title() { return t('NAME'); }, min: 10, max: 32, priority: 0},
	ENGINE_COLUMN,
	{get title() { return t('IMAGE'); }, min: 8, max: 30, priority: 6},
	{get title() { return t('STATUS'); }, min: 12, max: 32, priority: 1},
	{get title() { return t('CPU %'); }, min: METRIC_WIDTH.cpu, max: METRIC_WIDTH.cpu, priority: 2, align: 'right'},
	{get title() { return t('MEM USAGE / LIMIT'); }, min: METRIC_WIDTH.memory, max: METRIC_WIDTH.memory, priority: 4, align: 'right'},
	{get title() { return t('MEM %'); }, min: METRIC_WIDTH.memoryPercent, max: METRIC_WIDTH.memoryPercent, priority: 3, align: 'right'},
	{get title() { return t('NET RX / TX /s'); }, min: METRIC_WIDTH.io, max: METRIC_WIDTH.io, priority: 5, align: 'right'},
	{get title() { return t('BLOCK R / W /s'); }, min: METRIC_WIDTH.io, max: METRIC_WIDTH.io, priority: 7, align: 'right'},
	{get title() { return t('PIDS'); }, min: METRIC_WIDTH.pids, max: METRIC_WIDTH.pids, priority: 8, align: 'right'},
	{get title() { return t('PORTS'); }, min: 10, max: 44, priority: 9},
	{get title() { return t('PROJECT'); }, min: 7, max: 16, priority: 10},
];

const METRIC_COLUMNS = [4, 5, 6, 7, 8, 9];

/** Which column a sort marks in the header. */
const SORTED_COLUMN: Readonly<Record<SortColumn, ContainerColumnId>> = {state: 'status', name: 'name', cpu: 'cpu', memory: 'memory', net: 'net', block: 'block', pids: 'pids'};

/** The columns shown, by index into CONTAINER_COLUMNS, in their order: the config file's ui.columns. */
let shown: readonly number[] = CONTAINER_COLUMNS.map((_column, index) => index);
let shownColumns: readonly Column[] = CONTAINER_COLUMNS;

/** Chooses the columns the list shows and their order; before the first frame (as the config file is read). */
export function showColumns(ids: readonly ContainerColumnId[]): void {
	shown = ids.map(id => CONTAINER_COLUMN_IDS.indexOf(id));
	shownColumns = shown.map(index => CONTAINER_COLUMNS[index]!);
}

const pick = <T>(all: readonly T[]): T[] => shown.map(index => all[index]!);

const parsed = new WeakMap<ContainerSummary, ParsedStatus>();

/** Docker's status text brought up to `now`, so "Up 3 minutes" keeps counting without a re-list. */
function statusOf(container: ContainerSummary): ParsedStatus {
	let status = parsed.get(container);
	if (!status) {
		status = parseStatus(container.status, container.statusAt);
		parsed.set(container, status);
	}

	return status;
}

export function liveStatus(container: ContainerSummary, now: number): string {
	return formatStatus(statusOf(container), now);
}

/** How often the statuses of these rows change their text: each second while one counts seconds. */
export function statusTick(containers: readonly ContainerSummary[], now: number): number {
	const countsSeconds = containers.some(container => {
		const since = statusOf(container).since;
		return since !== undefined && now - since < 60_000;
	});
	return countsSeconds ? 1000 : 60_000;
}

function pair(format: (value: number) => string, first: number | undefined, second: number | undefined): string {
	return first === undefined || second === undefined ? '' : `${format(first)} / ${format(second)}`;
}

/** The metric cells of a row: blank, not zero, when the container is not running or not sampled yet. */
function metricCells(point: MetricPoint | undefined): string[] {
	if (!point) {
		return ['', '', '', '', '', ''];
	}

	return [
		point.cpuPercent === undefined ? '' : `${point.cpuPercent.toFixed(2)}%`,
		pair(formatBinary, point.memoryUsage, point.memoryLimit),
		`${point.memoryPercent.toFixed(2)}%`,
		pair(formatSize, point.netRxRate, point.netTxRate),
		pair(formatSize, point.blockReadRate, point.blockWriteRate),
		String(point.pids),
	];
}

/** Podman's grouping where compose has none: the pod, and which container only holds its namespaces. */
function podOf(container: ContainerSummary): string {
	return container.pod ? (container.pod.infra ? t('pod {name} (infra)', {name: container.pod.name}) : t('pod {name}', {name: container.pod.name})) : '';
}

interface FixedCells {
	name: string;
	engine: string;
	image: string;
	ports: string;
	project: string;
}

const fixedCellsOf = new WeakMap<ContainerSummary, FixedCells>();

/**
 * The cells that change only with the container object, which the model replaces when the engine
 * reports a change: worked out once, not on every frame of every row.
 */
function fixedCells(container: ContainerSummary): FixedCells {
	let cells = fixedCellsOf.get(container);
	if (!cells) {
		cells = {
			name: sanitize(container.name),
			engine: engineCell(container),
			image: sanitize(container.image),
			ports: formatPorts(container.ports),
			project: sanitize(container.project === undefined ? podOf(container) : bareKey(container.project)),
		};
		fixedCellsOf.set(container, cells);
	}

	return cells;
}

/** The status cell: what the container is busy with, or its status brought up to `now`. */
function statusCell(container: ContainerSummary, now: number, busy: string | undefined): string {
	return busy === undefined ? sanitize(liveStatus(container, now)) : `${busy}${glyph.ellipsis}`;
}

/** A row's cells, in column order; `point` is shown only while the container runs. */
function containerCells(container: ContainerSummary, status: string, point: MetricPoint | undefined): string[] {
	const fixed = fixedCells(container);
	return [fixed.name, fixed.engine, fixed.image, status, ...metricCells(point), fixed.ports, fixed.project];
}

/** What a row was last laid out from, kept with its container. */
interface LaidOutRow {
	now: number;
	busy: string | undefined;
	status: string;
	point: MetricPoint | undefined;
	columns: readonly Column[];
	widths: readonly number[];
	text: string;
}

const laidOutOf = new WeakMap<ContainerSummary, LaidOutRow>();

/**
 * A container's row: its cells in the shown columns at these widths, without trailing blanks. It
 * is laid out again only when its status, its sample or the widths changed, so a frame that only
 * moves the selection (a keypress, a log line) lays out no row.
 */
export function containerRow(container: ContainerSummary, now: number, busy: string | undefined, point: MetricPoint | undefined, widths: readonly number[]): string {
	const last = laidOutOf.get(container);
	// `now` moves only as often as the statuses on screen change their text (statusTick).
	const status = last?.now === now && last.busy === busy ? last.status : statusCell(container, now, busy);
	const shownPoint = container.state === 'running' ? point : undefined;
	if (last && last.status === status && last.point === shownPoint && last.columns === shownColumns && sameItems(last.widths, widths)) {
		return last.text;
	}

	const text = joinCells(shownColumns, pick(containerCells(container, status, shownPoint)), widths).trimEnd();
	laidOutOf.set(container, {now, busy, status, point: shownPoint, columns: shownColumns, widths, text});
	return text;
}

type Containers = ReadonlyMap<string, ContainerSummary>;

const contentOf = new WeakMap<Containers, number[]>();
const cellWidthsOf = new WeakMap<ContainerSummary, readonly number[]>();

/**
 * The widths of a container's cells, remembered for as long as the container is: the model keeps
 * the objects of the containers a change did not touch, so at thousands of containers a change
 * measures only the containers it brought.
 */
function cellWidths(container: ContainerSummary): readonly number[] {
	let widths = cellWidthsOf.get(container);
	if (!widths) {
		widths = containerCells(container, statusCell(container, container.statusAt, undefined), undefined).map(cell => textWidth(cell));
		cellWidthsOf.set(container, widths);
	}

	return widths;
}

/**
 * Column widths from every container, not just the filtered and sorted ones: they are worked out
 * once per change of the containers, and do not jump as the filter or the order changes.
 */
function containerContent(containers: Containers): number[] {
	let widths = contentOf.get(containers);
	if (!widths) {
		widths = widestOf(containers.values(), cellWidths);
		// Metric columns show while any container runs, before its first sample arrives too.
		const anyRunning = [...containers.values()].some(container => container.state === 'running');
		for (const index of METRIC_COLUMNS) {
			widths[index] = anyRunning ? CONTAINER_COLUMNS[index]!.min : 0;
		}

		contentOf.set(containers, widths);
	}

	return widths;
}

/** The shown columns' widths. */
export function containerWidths(containers: Containers, width: number): number[] {
	return fitTable(shownColumns, width, pick(containerContent(containers)));
}

export function containersNaturalWidth(containers: Containers): number {
	return naturalWidth(shownColumns, pick(containerContent(containers)));
}

export function containerHeader(widths: readonly number[], sort: {column: SortColumn; reverse: boolean}): string {
	const sorted = shown.indexOf(CONTAINER_COLUMN_IDS.indexOf(SORTED_COLUMN[sort.column]));
	return tableHeader(shownColumns, widths, sorted === -1 ? {} : {[sorted]: sort.reverse ? glyph.sortUp : glyph.sortDown});
}
