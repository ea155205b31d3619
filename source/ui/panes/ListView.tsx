import React, {useRef, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {pad} from '../../format/index.js';
import {windowStart} from './list-window.js';

export interface ListViewProps<T> {
	items: readonly T[];
	cursor: number;
	rows: number;
	width: number;
	/** Column titles, already fitted to the widths the rows use. */
	header: string;
	/** Shown when the list is empty. */
	empty: string;
	focused: boolean;
	renderRow(item: T, selected: boolean): ReactNode;
}

/** A virtualised list: a header line and only the rows that fit. */
export function ListView<T>({items, cursor, rows, width, header, empty, focused, renderRow}: ListViewProps<T>): React.JSX.Element {
	const start = useRef(0);
	start.current = windowStart(cursor, items.length, rows, start.current);
	const visible = items.slice(start.current, start.current + rows);
	const scrollInfo = items.length > rows ? ` ${start.current + 1}-${start.current + visible.length}/${items.length}` : '';
	return (
		<Box flexDirection="column" width={width} height={rows + 1} overflow="hidden">
			<Text bold dimColor={!focused} wrap="truncate">
				{pad(header, Math.max(0, width - scrollInfo.length))}
				{scrollInfo}
			</Text>
			{visible.length === 0 ? (
				<Text dimColor>{pad(` ${empty}`, width)}</Text>
			) : (
				visible.map((item, index) => (
					<React.Fragment key={start.current + index}>{renderRow(item, start.current + index === cursor)}</React.Fragment>
				))
			)}
		</Box>
	);
}
