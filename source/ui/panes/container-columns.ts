import type {ContainerSummary} from '../../engine/types.js';
import {fitColumns, formatPorts, formatStatus, pad, parseStatus, sanitize, textWidth, type ParsedStatus} from '../../format/index.js';

export interface Column {
	title: string;
	min: number;
	max?: number;
	weight?: number;
}

/** Space before the columns: cursor, mark and state glyph. */
export const ROW_PREFIX = 4;

const CONTAINER_COLUMNS: Column[] = [
	{title: 'NAME', min: 10, max: 32, weight: 3},
	{title: 'IMAGE', min: 8, max: 30, weight: 2},
	{title: 'STATUS', min: 12, max: 32, weight: 3},
	{title: 'PORTS', min: 10, max: 44, weight: 2},
	{title: 'PROJECT', min: 7, max: 16, weight: 1},
];

const contentCache = new WeakMap<readonly object[], number[]>();

/** The widest cell of each column over a whole list, remembered for as long as the list is current. */
export function contentWidths<T extends object>(items: readonly T[], cells: (item: T) => readonly string[]): number[] {
	let widths = contentCache.get(items);
	if (!widths) {
		widths = [];
		for (const item of items) {
			for (const [index, cell] of cells(item).entries()) {
				widths[index] = Math.max(widths[index] ?? 0, textWidth(cell));
			}
		}

		contentCache.set(items, widths);
	}

	return widths;
}

/**
 * Column widths for `width` cells: no column grows wider than its widest cell (or title), and a
 * column with nothing in it is left out, so the room goes where there is text to show.
 */
export function fitTable(columns: readonly Column[], width: number, content: readonly number[]): number[] {
	const visible = columns.flatMap((column, index) => ((content[index] ?? 0) > 0 ? [{column, index}] : []));
	const fitted = fitColumns(
		visible.map(({column, index}) => {
			const max = Math.min(column.max ?? Infinity, Math.max(content[index] ?? 0, column.title.length));
			return {min: Math.min(column.min, max), max, weight: column.weight};
		}),
		width - ROW_PREFIX,
		1,
	);
	const widths = columns.map(() => 0);
	for (const [position, {index}] of visible.entries()) {
		widths[index] = fitted[position] ?? 0;
	}

	return widths;
}

/** The width a table would take to show every cell whole, within each column's max. */
export function naturalWidth(columns: readonly Column[], content: readonly number[]): number {
	let width = ROW_PREFIX;
	for (const [index, column] of columns.entries()) {
		const cells = content[index] ?? 0;
		if (cells > 0) {
			width += Math.min(column.max ?? Infinity, Math.max(cells, column.title.length)) + 1;
		}
	}

	return width;
}

/** Joins cells into one line of the fitted widths; zero-width columns do not fit and are left out. */
export function joinCells(cells: readonly string[], widths: readonly number[]): string {
	const parts: string[] = [];
	for (const [index, width] of widths.entries()) {
		if (width > 0) {
			parts.push(pad(cells[index] ?? '', width));
		}
	}

	return parts.join(' ');
}

export function tableHeader(columns: readonly Column[], widths: readonly number[]): string {
	return ' '.repeat(ROW_PREFIX) + joinCells(columns.map(column => column.title), widths);
}

function containerContent(containers: readonly ContainerSummary[]): number[] {
	return contentWidths(containers, container => {
		const cells = containerCells(container, container.statusAt, undefined);
		return [cells.name, cells.image, cells.status, cells.ports, cells.project];
	});
}

export function containerWidths(containers: readonly ContainerSummary[], width: number): number[] {
	return fitTable(CONTAINER_COLUMNS, width, containerContent(containers));
}

export function containersNaturalWidth(containers: readonly ContainerSummary[]): number {
	return naturalWidth(CONTAINER_COLUMNS, containerContent(containers));
}
export const containerHeader = (widths: readonly number[]): string => tableHeader(CONTAINER_COLUMNS, widths);

const parsed = new WeakMap<ContainerSummary, ParsedStatus>();

/** Docker's status text brought up to `now`, so "Up 3 minutes" keeps counting without a re-list. */
export function liveStatus(container: ContainerSummary, now: number): string {
	let status = parsed.get(container);
	if (!status) {
		status = parseStatus(container.status, container.statusAt);
		parsed.set(container, status);
	}

	return formatStatus(status, now);
}

export interface ContainerCells {
	name: string;
	image: string;
	status: string;
	ports: string;
	project: string;
}

export function containerCells(container: ContainerSummary, now: number, busy: string | undefined): ContainerCells {
	return {
		name: sanitize(container.name),
		image: sanitize(container.image),
		status: busy === undefined ? sanitize(liveStatus(container, now)) : `${busy}…`,
		ports: formatPorts(container.ports),
		project: sanitize(container.project ?? ''),
	};
}
