import React, {createContext, useContext, useRef, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {pad, truncate} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import type {ViewState} from '../../store/view-store.js';
import {windowStart, type ShownWindow} from './list-window.js';
import {ROW_PREFIX} from './table.js';
import {tone} from '../theme.js';

/** Where the screen keeps the drawn list's window, for the mouse. */
export const ShownWindowContext = createContext<ShownWindow | undefined>(undefined);

/** The first row to show, kept across renders so the window moves only as far as the cursor makes it. */
export function useWindowStart(cursor: number, count: number, rows: number): number {
	const start = useRef(0);
	const shown = useContext(ShownWindowContext);
	start.current = windowStart(cursor, count, rows, start.current);
	if (shown) {
		shown.start = start.current;
	}

	return start.current;
}

/**
 * A row's text after its prefix: the selected row is padded so its highlight spans the width;
 * the others end at their last character, which spares the renderer thousands of blank cells.
 */
export function rowText(text: string, width: number, selected: boolean): string {
	return selected ? pad(text, width - ROW_PREFIX) : text.trimEnd();
}

/** What every pane's list is drawn from: the stores, the cursor, and its room. */
export interface PaneListProps {
	model: ModelState;
	view: ViewState;
	cursor: number;
	rows: number;
	width: number;
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
		<Box flexDirection="column" width={width} height={rows + 1}>
			<Text bold dimColor={!focused} wrap="truncate">
				{pad(header, Math.max(0, width - scrollInfo.length))}
				{scrollInfo}
			</Text>
			{visible.length === 0 ? (
				<Text {...tone.muted}>{truncate(` ${empty}`, width)}</Text>
			) : (
				visible.map((item, index) => (
					<React.Fragment key={start + index}>{renderRow(item, start + index === cursor)}</React.Fragment>
				))
			)}
		</Box>
	);
}
