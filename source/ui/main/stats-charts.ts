import asciichart from 'asciichart';
import {stripVTControlCharacters as stripAnsi} from 'node:util';
import {formatBinary, formatRate, humanDuration} from '../../format/index.js';
import type {MetricPoint} from '../../store/metrics.js';

export interface Chart {
	title: string;
	/** The chart's lines, y-axis labels included; already coloured by the plotter. */
	lines: string[];
	/** The time axis under the plot: how far back its left edge is. */
	axis: string;
}

interface Series {
	label: string;
	color: string;
	value(point: MetricPoint): number | undefined;
}

interface ChartSpec {
	title: string;
	series: Series[];
	format(value: number): string;
	/** The smallest top of the y axis, so a flat line at zero does not fill the chart. */
	floor: number;
}

/** Width of the y-axis labels, and so of every chart's left margin. */
const LABEL_WIDTH = 10;

const percent = (value: number): string => `${value.toFixed(1)}%`;

const CHARTS: ChartSpec[] = [
	{
		title: 'CPU',
		series: [{label: 'cpu', color: asciichart.green, value: point => point.cpuPercent}],
		format: percent,
		floor: 1,
	},
	{
		title: 'Memory',
		series: [{label: 'used', color: asciichart.cyan, value: point => point.memoryUsage}],
		format: formatBinary,
		floor: 1024 * 1024,
	},
	{
		title: 'Network',
		series: [
			{label: 'rx', color: asciichart.blue, value: point => point.netRxRate},
			{label: 'tx', color: asciichart.magenta, value: point => point.netTxRate},
		],
		format: formatRate,
		floor: 1024,
	},
	{
		title: 'Block I/O',
		series: [
			{label: 'read', color: asciichart.yellow, value: point => point.blockReadRate},
			{label: 'write', color: asciichart.red, value: point => point.blockWriteRate},
		],
		format: formatRate,
		floor: 1024,
	},
];

function latestText(spec: ChartSpec, latest: MetricPoint | undefined): string {
	return spec.series
		.map(series => {
			const value = latest ? series.value(latest) : undefined;
			return `${series.label} ${value === undefined ? '–' : spec.format(value)}`;
		})
		.join('  ');
}

/** Under the plot: its left edge's age at the y axis, "now" under the newest point. */
function timeAxis(firstLine: string, points: number, spanMs: number): string {
	const column = stripAnsi(firstLine).search(/[\u2524\u253C]/);
	if (points < 2 || column === -1) {
		return '';
	}

	const left = `└ ${humanDuration(spanMs).toLowerCase()} ago`;
	const right = 'now ┘';
	const gap = Math.max(1, points + 1 - left.length - right.length);
	return `${' '.repeat(column)}${left}${' '.repeat(gap)}${right}`;
}

/**
 * Line charts of the newest points that fit `width`, each `plotRows` tall, with labelled y axes and
 * a time axis.
 */
export function statsCharts(points: readonly MetricPoint[], width: number, plotRows: number, intervalMs: number): Chart[] {
	const plotWidth = Math.max(2, width - LABEL_WIDTH - 2);
	// A stream's first sample has no CPU figure or rates yet; drawing it as zero would draw a dip.
	const shown = points.filter(point => point.cpuPercent !== undefined).slice(-plotWidth);
	const latest = shown.at(-1);
	const span = shown.length > 1 ? shown.at(-1)!.time - shown[0]!.time : 0;
	return CHARTS.map(spec => {
		const series = spec.series.map(item => shown.map(point => item.value(point) ?? 0));
		const max = Math.max(spec.floor, ...series.flat());
		const lines =
			shown.length < 2
				? [`waiting for samples (every ${humanDuration(intervalMs).toLowerCase()})…`]
				: asciichart
						.plot(series, {
							height: Math.max(1, plotRows - 1),
							min: 0,
							max,
							colors: spec.series.map(item => item.color),
							format: value => spec.format(Math.max(0, value)).padStart(LABEL_WIDTH),
						})
						.split('\n');
		return {title: `${spec.title}  ${latestText(spec, latest)}`, lines, axis: timeAxis(lines[0] ?? '', shown.length, span)};
	});
}
