import React, {useRef, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {pad} from '../../format/index.js';
import {windowStart} from './list-window.js';

/** The first row to show, kept across renders so the window moves only as far as the cursor makes it. */
export function useWindowStart(cursor: number, count: number, rows: number): number {
	const start = useRef(0);
	start.current = windowStart(cursor, count, rows, start.current);
	return start.current;
}

export interface ListViewProps<T> {
	items: readonly T[];
	/** First row shown: from useWindowStart. */
	start: number;
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
export function ListView<T>({items, start, cursor, rows, width, header, empty, focused, renderRow}: ListViewProps<T>): React.JSX.Element {
	const visible = items.slice(start, start + rows);
	const scrollInfo = items.length > rows ? ` ${start + 1}-${start + visible.length}/${items.length}` : '';
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
					<React.Fragment key={start + index}>{renderRow(item, start + index === cursor)}</React.Fragment>
				))
			)}
		</Box>
	);
}
