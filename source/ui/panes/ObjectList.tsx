import React from 'react';
import {Text} from 'ink';
import type {ModelState} from '../../store/model-store.js';
import {engineStale} from '../../store/engine-states.js';
import type {ViewState} from '../../store/view-store.js';
import {glyph} from '../glyphs.js';
import {useNow} from '../hooks.js';
import {tone} from '../theme.js';
import {contentWidths, fitTable, joinCells, pairKey, tableHeader} from './table.js';
import {ListView, rowText, useWindowStart} from './ListView.js';
import type {ObjectTable} from './object-columns.js';

interface Props<T extends object, C> {
	table: ObjectTable<T, C>;
	items: readonly T[];
	/** What the pane loaded besides the model, for the table's cells. */
	context?: C;
	model: ModelState;
	view: ViewState;
	cursor: number;
	rows: number;
	width: number;
}

/** An images, volumes, networks or jobs list. */
export function ObjectList<T extends object, C = undefined>({table, items, context, model, view, cursor, rows, width}: Props<T, C>): React.JSX.Element {
	const now = useNow(60_000);
	const start = useWindowStart(cursor, items.length, rows);
	// Widths are kept per list and what the pane loaded, so cells that fill in later (volume sizes) get their room.
	const widths = fitTable(table.columns, width, contentWidths(pairKey(items, context as object | undefined), items, item => table.cells(item, now, model, context)));
	const focused = view.focus === 'list';
	const marked = view.marked[view.pane];
	return (
		<ListView
			items={items}
			start={start}
			cursor={cursor}
			rows={rows}
			width={width}
			header={tableHeader(table.columns, widths)}
			empty={table.empty()}
			focused={focused}
			renderRow={(item, selected) => {
				const key = table.key(item);
				const busy = model.busy.get(key);
				const mark = busy ? {glyph: glyph.busy, tone: tone.warning} : (table.glyph?.(item, model) ?? {glyph: ' '});
				const cells = table.cells(item, now, model, context);
				return (
					<Text wrap="truncate" dimColor={engineStale(model, (item as {engine?: string}).engine)} inverse={selected && focused} bold={selected && !focused} color={selected ? tone.selection.color : undefined}>
						{selected ? glyph.pointer : ' '}
						<Text {...tone.marked}>{marked.has(key) ? '*' : ' '}</Text>
						<Text {...mark.tone}>{mark.glyph}</Text>{' '}
						{rowText(joinCells(table.columns, busy ? [cells[0]!, `${busy.doing}${glyph.ellipsis}`, ...cells.slice(2)] : cells, widths), width, selected)}
					</Text>
				);
			}}
		/>
	);
}
