import React, {useEffect} from 'react';
import {Box, Text} from 'ink';
import type {ContainerSummary} from '../../engine/types.js';
import {sanitize} from '../../format/index.js';
import {useApp} from '../app-context.js';
import {useModel} from '../hooks.js';
import {statsCharts} from './stats-charts.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import {t} from '../../i18n/translate.js';

interface Props {
	container: ContainerSummary;
	width: number;
	rows: number;
}

/** Each chart takes a title line and an axis line besides its plot. */
const CHART_CHROME = 2;
const MIN_PLOT = 2;

export function StatsTab({container, width, rows}: Props): React.JSX.Element {
	const ctx = useApp();
	const model = useModel();
	const running = container.state === 'running';
	useEffect(() => {
		// The selected container is sampled even when the list would not ask for it.
		ctx.stats.pin(running ? container.id : undefined);
		return () => {
			ctx.stats.pin(undefined);
		};
	}, [ctx, container.id, running]);
	if (!running) {
		return <Text {...tone.muted}>{t('{name} is not running: no live figures', {name: sanitize(container.name)})}</Text>;
	}

	const points = model.metrics.get(container.id)?.points() ?? [];
	// Four charts of at least MIN_PLOT rows each where they fit; on a short terminal, as many as fit.
	const perChart = Math.max(MIN_PLOT + CHART_CHROME, Math.floor((rows - 1) / 4));
	const shown = Math.max(1, Math.min(4, Math.floor((rows - 1) / perChart)));
	const charts = statsCharts(points, width, perChart - CHART_CHROME, ctx.stats.intervalMs).slice(0, shown);
	return (
		<Box flexDirection="column" width={width} height={rows} overflow="hidden">
			<Text {...tone.muted} wrap="truncate">
				{t('{count} samples', {count: points.length})} {glyph.separator} {t('one every {seconds} s', {seconds: ctx.stats.intervalMs / 1000})} {glyph.separator}{' '}
				{ctx.stats.source === 'cgroup' ? t('read from cgroup files') : t('from the engine stats stream')}
			</Text>
			{charts.map(chart => (
				<Box key={chart.title.split(' ')[0]} flexDirection="column">
					<Text bold wrap="truncate">
						{chart.title}
					</Text>
					{chart.lines.map((line, index) => (
						<Text key={index} wrap="truncate">
							{line}
						</Text>
					))}
					<Text {...tone.muted} wrap="truncate">
						{chart.axis}
					</Text>
				</Box>
			))}
		</Box>
	);
}
