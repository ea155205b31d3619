import asciichart from 'asciichart';
import {stripVTControlCharacters as stripAnsi} from 'node:util';
import {formatBinary, formatRate, localDuration, textWidth} from '../../format/index.js';
import {t} from '../../i18n/translate.js';
import type {MetricPoint} from '../../store/metrics.js';
import {colorSequence, tone} from '../theme.js';
import {chartSymbols, glyph} from '../glyphs.js';
import type {ColorRole} from '../../config/colors.js';

export interface Chart {
	title: string;
	/** The chart's lines, y-axis labels included; already coloured by the plotter. */
	lines: string[];
	/** The time axis under the plot: how far back its left edge is. */
	axis: string;
}

interface Series {
	/** In the user's language, looked up when drawn. */
	label(): string;
	role: ColorRole;
	value(point: MetricPoint): number | undefined;
}

interface ChartSpec {
	/** In the user's language, looked up when drawn. */
	title(): string;
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
		title: () => 'CPU',
		series: [{label: () => t('cpu'), role: 'series2', value: point => point.cpuPercent}],
		format: percent,
		floor: 1,
	},
	{
		title: () => t('Memory'),
		series: [{label: () => t('used'), role: 'series1', value: point => point.memoryUsage}],
		format: formatBinary,
		floor: 1024 * 1024,
	},
	{
		title: () => t('Network'),
		series: [
			{label: () => t('rx'), role: 'series5', value: point => point.netRxRate},
			{label: () => t('tx'), role: 'series4', value: point => point.netTxRate},
		],
		format: formatRate,
		floor: 1024,
	},
	{
		title: () => t('Block I/O'),
		series: [
			{label: () => t('read'), role: 'series3', value: point => point.blockReadRate},
			{label: () => t('write'), role: 'series6', value: point => point.blockWriteRate},
		],
		format: formatRate,
		floor: 1024,
	},
];

function latestText(spec: ChartSpec, latest: MetricPoint | undefined): string {
	return spec.series
		.map(series => {
			const value = latest ? series.value(latest) : undefined;
			return `${series.label()} ${value === undefined ? glyph.dash : spec.format(value)}`;
		})
		.join('  ');
}

/** Under the plot: its left edge's age at the y axis, "now" under the newest point. */
function timeAxis(firstLine: string, points: number, spanMs: number): string {
	// The y axis: where the plot's first row meets it (asciichart's first two symbols).
	const plain = stripAnsi(firstLine);
	const found = [chartSymbols[0]!, chartSymbols[1]!].map(symbol => plain.indexOf(symbol)).filter(index => index !== -1);
	const column = found.length === 0 ? -1 : Math.min(...found);
	if (points < 2 || column === -1) {
		return '';
	}

	const left = `${glyph.cornerLeft} ${t('{duration} ago', {duration: localDuration(spanMs).toLowerCase()})}`;
	const right = `${t('now')} ${glyph.cornerRight}`;
	const gap = Math.max(1, points + 1 - textWidth(left) - textWidth(right));
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
				? [`${t('waiting for samples (every {interval})', {interval: localDuration(intervalMs).toLowerCase()})}${glyph.ellipsis}`]
				: asciichart
						.plot(series, {
							height: Math.max(1, plotRows - 1),
							min: 0,
							max,
							colors: spec.series.map(item => colorSequence(tone[item.role].color) || undefined),
							symbols: chartSymbols,
							format: value => spec.format(Math.max(0, value)).padStart(LABEL_WIDTH),
						})
						.split('\n');
		return {title: `${spec.title()}  ${latestText(spec, latest)}`, lines, axis: timeAxis(lines[0] ?? '', shown.length, span)};
	});
}
