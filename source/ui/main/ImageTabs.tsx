import React from 'react';
import {Box, Text} from 'ink';
import {Table} from '@alcalzone/ink-table';
import type {ImageHistoryEntry, ImageSummary} from '../../engine/types.js';
import {formatAge, formatSize, pad, sanitize, shortId, textWidth, truncate} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import {containersByImage} from '../../store/selectors.js';
import {useApp} from '../app-context.js';
import {t} from '../../i18n/translate.js';
import {useNow, useView} from '../hooks.js';
import {imageInspectLines} from './inspect-lines.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {useResource} from './use-resource.js';
import {ResourceNotice} from './ResourceNotice.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import {stateLook} from '../state-look.js';
import {DetailsTab} from './DetailsTab.js';

interface Props {
	image: ImageSummary;
	width: number;
	rows: number;
}

/** Re-read when the image's tags change: the details changed with them. */
const imageKey = (image: ImageSummary): string => `${image.id} ${image.tags.join(',')}`;

export function ImageInspectTab({image, width, rows}: Props): React.JSX.Element {
	return <DetailsTab detailsKey={imageKey(image)} inspect={async engine => engine.inspectImage(image.id)} lines={imageInspectLines} width={width} rows={rows} />;
}

/** The table's lines besides its rows: top border, header, bottom border. */
const TABLE_CHROME = 3;

/** History rows fitted to the width: the command gets what the other columns leave. */
export function historyRows(layers: readonly ImageHistoryEntry[], width: number, now: number): Array<Record<string, string>> {
	const rows = layers.map(layer => ({
		LAYER: layer.id === '' ? '<missing>' : sanitize(shortId(layer.id)),
		CREATED: formatAge(now - layer.created),
		SIZE: formatSize(layer.size),
		'CREATED BY': sanitize(layer.createdBy.replace(/^\/bin\/sh -c #\(nop\) +/, '').replaceAll(/\s+/g, ' ')),
	}));
	// Each column costs its padding and a border: LAYER 12, CREATED 5, SIZE 9.
	const room = Math.max(8, width - (12 + 3) - (5 + 3) - (9 + 3) - 4);
	return rows.map(row => ({...row, 'CREATED BY': truncate(row['CREATED BY'], room)}));
}

export function ImageHistoryTab({image, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	const {mainScroll} = useView();
	const now = useNow(60_000);
	const history = useResource(imageKey(image), async () => engine.imageHistory(image.id));
	if (history.status !== 'ready') {
		return <ResourceNotice state={history} loading={t('reading the layers')} failed={reason => t('history failed: {reason}', {reason})} />;
	}

	const data = historyRows(history.data, width, now);
	// Each row comes with a separator line above it; one line is the summary.
	const fit = Math.max(1, Math.floor((rows - TABLE_CHROME - 1) / 2));
	const start = Math.min(mainScroll, Math.max(0, data.length - fit));
	const total = history.data.reduce((sum, layer) => sum + layer.size, 0);
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text {...tone.muted} wrap="truncate">
				{t('{count} layers, {size}, newest first', {count: data.length, size: formatSize(total)})}
				{data.length > fit ? ` ${glyph.separator} ${t('{first}-{last} shown', {first: start + 1, last: Math.min(data.length, start + fit)})}` : ''}
			</Text>
			<Table data={data.slice(start, start + fit)} />
		</Box>
	);
}

/** The containers made from the image, with their state: what stands in the way of removing it. */
export function imageUsers(model: ModelState, image: ImageSummary, now: number): TextLine[] {
	const users = containersByImage(model.containers).get(image.id) ?? [];
	if (users.length === 0) {
		return [{text: t('no container uses this image'), dim: true}];
	}

	return users.map(container => {
		const look = stateLook(container.state, container.health);
		const name = sanitize(container.name);
		return {text: `${look.glyph} ${pad(name, Math.max(28, textWidth(name)))} ${pad(container.state, 10)} ${t('{age} old', {age: formatAge(now - container.created)})}`, tone: look.tone};
	});
}

export function ImageUsersTab({model, image, width, rows}: Props & {model: ModelState}): React.JSX.Element {
	const now = useNow(60_000);
	return <ScrollText lines={imageUsers(model, image, now)} width={width} rows={rows} />;
}
