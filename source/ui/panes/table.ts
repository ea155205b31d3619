import {pad, textWidth} from '../../format/index.js';

export interface Column {
	title: string;
	min: number;
	max?: number;
	/**
	 * Lower numbers come first: for their minimum width, then for room up to their widest cell.
	 * Columns whose minimum does not fit are left out.
	 */
	priority?: number;
	/** Numbers line up on the right. */
	align?: 'left' | 'right';
}

/** Space before the columns: cursor, mark and state glyph. */
export const ROW_PREFIX = 4;

const contentCache = new WeakMap<object, number[]>();
const pairKeys = new WeakMap<object, WeakMap<object, object>>();

/** One key object for a pair of objects, for as long as both live: widths of a list and what fills its cells. */
export function pairKey(first: object, second: object | undefined): object {
	if (second === undefined) {
		return first;
	}

	let inner = pairKeys.get(first);
	if (!inner) {
		inner = new WeakMap();
		pairKeys.set(first, inner);
	}

	let key = inner.get(second);
	if (!key) {
		key = {};
		inner.set(second, key);
	}

	return key;
}

/**
 * The widest cell of each column over `items`, remembered for as long as `key` (the list, or the
 * map it came from) is the current one.
 */
export function contentWidths<T>(key: object, items: Iterable<T>, cells: (item: T) => readonly string[]): number[] {
	let widths = contentCache.get(key);
	if (!widths) {
		widths = widestOf(items, item => cells(item).map(cell => textWidth(cell)));
		contentCache.set(key, widths);
	}

	return widths;
}

/** The largest of each column's cell widths over `items`. */
export function widestOf<T>(items: Iterable<T>, cellWidths: (item: T) => readonly number[]): number[] {
	const widths: number[] = [];
	for (const item of items) {
		for (const [index, width] of cellWidths(item).entries()) {
			widths[index] = Math.max(widths[index] ?? 0, width);
		}
	}

	return widths;
}

/**
 * Column widths for `width` cells. In priority order each column takes room up to its widest cell
 * (or title, within its max), and a column whose minimum no longer fits is left out: a name is
 * shown whole before a lower column gets any room. Columns with nothing in them are left out too.
 */
export function fitTable(columns: readonly Column[], width: number, content: readonly number[]): number[] {
	const order = columns
		.map((column, index) => ({column, index}))
		.sort((a, b) => (a.column.priority ?? a.index) - (b.column.priority ?? b.index));
	const widths = columns.map(() => 0);
	let remaining = width - ROW_PREFIX;
	let placed = 0;
	for (const {column, index} of order) {
		const cells = content[index] ?? 0;
		const available = remaining - (placed > 0 ? 1 : 0);
		const max = Math.min(column.max ?? Infinity, Math.max(cells, textWidth(column.title)));
		if (cells === 0 || available < Math.min(column.min, max)) {
			continue;
		}

		widths[index] = Math.min(max, available);
		remaining = available - widths[index]!;
		placed++;
	}

	return widths;
}

/** The width a table would take to show every cell whole, within each column's max. */
export function naturalWidth(columns: readonly Column[], content: readonly number[]): number {
	let width = ROW_PREFIX;
	for (const [index, column] of columns.entries()) {
		const cells = content[index] ?? 0;
		if (cells > 0) {
			width += Math.min(column.max ?? Infinity, Math.max(cells, textWidth(column.title))) + 1;
		}
	}

	return width;
}

/** Joins cells into one line of the fitted widths; zero-width columns do not fit and are left out. */
export function joinCells(columns: readonly Column[], cells: readonly string[], widths: readonly number[]): string {
	const parts: string[] = [];
	for (const [index, width] of widths.entries()) {
		if (width > 0) {
			parts.push(pad(cells[index] ?? '', width, columns[index]?.align));
		}
	}

	return parts.join(' ');
}

export function tableHeader(columns: readonly Column[], widths: readonly number[], marks: Readonly<Record<number, string>> = {}): string {
	return ' '.repeat(ROW_PREFIX) + joinCells(columns, columns.map((column, index) => `${column.title}${marks[index] ?? ''}`), widths);
}
