import type {StatsSample} from '../engine/types.js';

/** One moment of a container's resource use, with rates worked out from the previous sample. */
export interface MetricPoint {
	time: number;
	cpuPercent?: number;
	memoryUsage: number;
	memoryLimit: number;
	memoryPercent: number;
	/** Bytes a second; undefined for the first sample or after a counter went backwards (restart). */
	netRxRate?: number;
	netTxRate?: number;
	blockReadRate?: number;
	blockWriteRate?: number;
	pids: number;
}

function rate(now: number, before: number, seconds: number): number | undefined {
	return seconds > 0 && now >= before ? (now - before) / seconds : undefined;
}

/** A fixed number of the latest points: memory stays the same however long berth runs. */
export class MetricHistory {
	readonly capacity: number;
	readonly #points: MetricPoint[] = [];
	#start = 0;
	#last: StatsSample | undefined;

	constructor(capacity: number) {
		this.capacity = Math.max(2, capacity);
	}

	/** The newest point while its stream runs; undefined once it ended, so old figures are not shown as now. */
	get current(): MetricPoint | undefined {
		return this.#last === undefined ? undefined : this.latest;
	}

	get latest(): MetricPoint | undefined {
		return this.#points.length === 0 ? undefined : this.#points[(this.#start + this.#points.length - 1) % this.#points.length];
	}

	add(sample: StatsSample): void {
		const previous = this.#last;
		const seconds = previous ? (sample.time - previous.time) / 1000 : 0;
		this.#last = sample;
		const point: MetricPoint = {
			time: sample.time,
			cpuPercent: sample.cpuPercent,
			memoryUsage: sample.memoryUsage,
			memoryLimit: sample.memoryLimit,
			memoryPercent: sample.memoryPercent,
			netRxRate: previous && rate(sample.netRx, previous.netRx, seconds),
			netTxRate: previous && rate(sample.netTx, previous.netTx, seconds),
			blockReadRate: previous && rate(sample.blockRead, previous.blockRead, seconds),
			blockWriteRate: previous && rate(sample.blockWrite, previous.blockWrite, seconds),
			pids: sample.pids,
		};
		if (this.#points.length < this.capacity) {
			this.#points.push(point);
		} else {
			this.#points[this.#start] = point;
			this.#start = (this.#start + 1) % this.capacity;
		}
	}

	/** The stream ended: no current point, and rates restart from the next sample. */
	end(): void {
		this.#last = undefined;
	}

	/** Oldest first. */
	points(): MetricPoint[] {
		return [...this.#points.slice(this.#start), ...this.#points.slice(0, this.#start)];
	}
}

export type SortColumn = 'state' | 'name' | 'cpu' | 'memory' | 'net' | 'block' | 'pids';
export const SORT_COLUMNS: readonly SortColumn[] = ['state', 'name', 'cpu', 'memory', 'net', 'block', 'pids'];

/** The containers list's columns as the config file names them (ui.columns), in their default order. */
export const CONTAINER_COLUMN_IDS = ['name', 'engine', 'image', 'status', 'cpu', 'memory', 'memory-pct', 'net', 'block', 'pids', 'ports', 'project'] as const;
export type ContainerColumnId = (typeof CONTAINER_COLUMN_IDS)[number];

/** Columns whose order depends on live samples: sorting by them samples every running container. */
export function isMetricSort(column: SortColumn): boolean {
	return column !== 'state' && column !== 'name';
}

/** The value a metric sort orders by; undefined sorts last, whichever the direction. */
export function sortValue(point: MetricPoint | undefined, column: SortColumn): number | undefined {
	if (!point) {
		return undefined;
	}

	switch (column) {
		case 'cpu': {
			return point.cpuPercent;
		}

		case 'memory': {
			return point.memoryUsage;
		}

		case 'net': {
			return point.netRxRate === undefined ? undefined : point.netRxRate + (point.netTxRate ?? 0);
		}

		case 'block': {
			return point.blockReadRate === undefined ? undefined : point.blockReadRate + (point.blockWriteRate ?? 0);
		}

		case 'pids': {
			return point.pids;
		}

		case 'state':
		case 'name': {
			return undefined;
		}
	}
}
