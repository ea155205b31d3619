import React, {useEffect, useMemo} from 'react';
import {Text} from 'ink';
import {containersToSample, selectContainers} from '../../store/selectors.js';
import {engineStale} from '../../store/engine-states.js';
import {useApp} from '../app-context.js';
import {glyph as glyphs} from '../glyphs.js';
import {useNow} from '../hooks.js';
import {stateLook} from '../state-look.js';
import {tone, type Tone} from '../theme.js';
import {containerHeader, containerRow, containerWidths, statusTick} from './container-columns.js';
import {ListView, rowText, useWindowStart, type PaneListProps} from './ListView.js';
import {t} from '../../i18n/translate.js';

type Props = PaneListProps;

interface RowProps {
	text: string;
	selected: boolean;
	focused: boolean;
	marked: boolean;
	glyph: string;
	glyphTone: Tone;
	/** Its engine is reconnecting: the row shows the last known state. */
	stale: boolean;
}

/** One row, made of plain values so that a frame in which its text did not change skips it. */
const ContainerRow = React.memo(function ContainerRow({text, selected, focused, marked, glyph, glyphTone, stale}: RowProps): React.JSX.Element {
	// The same elements while they show the same: when only the text changed (a figure ticked),
	// React then skips them, and Ink has nothing of theirs to update. A blank mark is a plain
	// space but on the selected row, whose inverse shows the mark's colour.
	const mark = useMemo(() => (marked || selected ? <Text {...tone.marked}>{marked ? '*' : ' '}</Text> : ' '), [marked, selected]);
	const state = useMemo(() => <Text {...glyphTone}>{glyph}</Text>, [glyph, glyphTone]);
	return (
		<Text wrap="truncate" dimColor={stale} inverse={selected && focused} bold={selected && !focused} color={selected ? tone.selection.color : undefined}>
			{selected ? glyphs.pointer : ' '}
			{mark}
			{state} {text}
		</Text>
	);
});

export function ContainerList({model, view, cursor, rows, width}: Props): React.JSX.Element {
	const ctx = useApp();
	const containers = selectContainers(model, view);
	const start = useWindowStart(cursor, containers.length, rows);
	const now = useNow(statusTick(containers.slice(start, start + rows), ctx.clock.get()));
	const sampled = containersToSample(model, view, containers.slice(start, start + rows).map(container => container.id));
	const sampledKey = sampled.join(' ');
	useEffect(() => {
		ctx.stats.want(sampledKey === '' ? [] : sampledKey.split(' '));
	}, [ctx, sampledKey]);
	useEffect(
		() => () => {
			ctx.stats.want([]);
		},
		[ctx],
	);
	const widths = containerWidths(model.containers, width);
	const focused = view.focus === 'list';
	return (
		<ListView
			items={containers}
			start={start}
			cursor={cursor}
			rows={rows}
			width={width}
			header={containerHeader(widths, view.sort)}
			empty={t('no containers')}
			focused={focused}
			renderRow={(container, selected) => {
				const look = stateLook(container.state, container.health);
				const doing = model.busy.get(container.id)?.doing;
				return (
					<ContainerRow
						text={rowText(containerRow(container, now, doing, model.metrics.get(container.id)?.current, widths), width, selected)}
						selected={selected}
						focused={focused}
						marked={view.marked.containers.has(container.id)}
						glyph={look.glyph}
						glyphTone={doing === undefined ? look.tone : tone.warning}
						stale={engineStale(model, container.engine)}
					/>
				);
			}}
		/>
	);
}
