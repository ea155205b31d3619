import React from 'react';
import {Text} from 'ink';
import {useNow} from '../hooks.js';
import {contentWidths, fitTable, joinCells, tableHeader} from './table.js';
import {ListView, rowText, useWindowStart} from './ListView.js';
import type {ObjectTable} from './object-columns.js';

interface Props<T extends object> {
	table: ObjectTable<T>;
	items: readonly T[];
	cursor: number;
	rows: number;
	width: number;
	focused: boolean;
}

/** An images, volumes or networks list. */
export function ObjectList<T extends object>({table, items, cursor, rows, width, focused}: Props<T>): React.JSX.Element {
	const now = useNow(60_000);
	const start = useWindowStart(cursor, items.length, rows);
	const widths = fitTable(table.columns, width, contentWidths(items, items, item => table.cells(item, now)));
	return (
		<ListView
			items={items}
			start={start}
			cursor={cursor}
			rows={rows}
			width={width}
			header={tableHeader(table.columns, widths)}
			empty={table.empty}
			focused={focused}
			renderRow={(item, selected) => (
				<Text wrap="truncate" inverse={selected && focused} bold={selected && !focused}>
					{selected ? '›' : ' '}
					{'   '}
					{rowText(joinCells(table.columns, table.cells(item, now), widths), width, selected)}
				</Text>
			)}
		/>
	);
}
