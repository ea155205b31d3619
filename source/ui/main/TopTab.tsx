import React from 'react';
import {Box, Text} from 'ink';
import {Table} from '@alcalzone/ink-table';
import type {ContainerSummary, TopResult} from '../../engine/types.js';
import {sanitize, textWidth, truncate} from '../../format/index.js';
import {useApp} from '../app-context.js';
import {t} from '../../i18n/translate.js';
import {useView} from '../hooks.js';
import {useResource} from './use-resource.js';
import {ResourceNotice} from './ResourceNotice.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';

/** How often the process list is refreshed while the tab is shown. */
export const TOP_REFRESH_MS = 2000;

/** The table's lines besides its rows: top border, header, bottom border. */
const TABLE_CHROME = 3;

/**
 * The processes as table rows whose cells fit `width`: every column but the last keeps its
 * widest cell, the last (the command) gets what is left.
 */
export function topRows(top: TopResult, width: number): Array<Record<string, string>> {
	const titles = top.titles.map(title => sanitize(title));
	const cells = top.processes.map(process => titles.map((_title, index) => sanitize(process[index] ?? '')));
	// Each column costs its padding (one cell each side) and a border.
	const widths = titles.map((title, index) => Math.max(textWidth(title), ...cells.map(row => textWidth(row[index] ?? ''))));
	const fixed = widths.slice(0, -1).reduce((sum, cellWidth) => sum + cellWidth + 3, 0);
	const last = Math.max(4, width - fixed - 4);
	return cells.map(row =>
		Object.fromEntries(titles.map((title, index) => [title, index === titles.length - 1 ? truncate(row[index] ?? '', last) : (row[index] ?? '')])),
	);
}

interface Props {
	container: ContainerSummary;
	width: number;
	rows: number;
}

export function TopTab({container, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	const {mainScroll} = useView();
	const running = container.state === 'running' || container.state === 'paused';
	const top = useResource(`${container.id} ${container.state}`, async () => engine.top(container.id), running ? TOP_REFRESH_MS : undefined);
	if (!running) {
		return <Text {...tone.muted}>{t('{name} is not running: no processes', {name: sanitize(container.name)})}</Text>;
	}

	if (top.status !== 'ready') {
		return <ResourceNotice state={top} loading={t('listing processes')} failed={reason => t('top failed: {reason}', {reason})} />;
	}

	const data = topRows(top.data, width);
	// Each row comes with a separator line above it; one line is the summary.
	const fit = Math.max(1, Math.floor((rows - TABLE_CHROME - 1) / 2));
	const start = Math.min(mainScroll, Math.max(0, data.length - fit));
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text {...tone.muted} wrap="truncate">
				{t('{count} processes', {count: data.length})} {glyph.separator} {t('every {seconds} s', {seconds: TOP_REFRESH_MS / 1000})}
				{data.length > fit ? ` ${glyph.separator} ${t('{first}-{last} shown', {first: start + 1, last: Math.min(data.length, start + fit)})}` : ''}
			</Text>
			<Table data={data.slice(start, start + fit)} />
		</Box>
	);
}
