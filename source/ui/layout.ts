import {textWidth} from '../format/index.js';
import {PANES, type Zoom} from '../store/view-store.js';

/** The smallest terminal berth draws in; below it, it says so instead of garbling. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

/** From this width on, panes and the main area sit side by side; below it they stack. */
export const SIDE_BY_SIDE_COLUMNS = 120;

export interface FrameLayout {
	tooSmall: boolean;
	width: number;
	/** One row shorter than the terminal: a frame as tall as the screen makes Ink redraw it all. */
	height: number;
	/** Rows between the top and the two bottom lines. */
	bodyRows: number;
	sideBySide: boolean;
	/** Width of the pane column (side by side) or of the list (stacked); 0 in full screen. */
	listWidth: number;
	/** Rows of list entries in the focused pane. */
	listRows: number;
	mainWidth: number;
	/** Rows of content in the main area, below its tab line. */
	mainRows: number;
}

/** The bottom lines: a message/input line and the status bar. */
const FOOTER_ROWS = 2;
/** The pane bar and the column header when stacked. */
const STACKED_CHROME = 2;

/** Side by side, the pane column takes what its list needs, within these shares of the width. */
const LIST_SHARE = {min: 0.4, max: 0.6};

/**
 * `panes` is how many panes the side-by-side column lists, a title line each (the swarm's only
 * on a swarm manager).
 */
export function frameLayout(columns: number, rows: number, zoom: Zoom, naturalListWidth = columns / 2, panes = PANES.length): FrameLayout {
	// Side by side: the title line of every pane listed, plus the list's column header.
	const paneColumnChrome = panes + 1;
	const height = rows - 1;
	const bodyRows = height - FOOTER_ROWS;
	const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
	const sideBySide = columns >= SIDE_BY_SIDE_COLUMNS;
	if (zoom === 'main') {
		return {tooSmall, width: columns, height, bodyRows, sideBySide, listWidth: 0, listRows: 0, mainWidth: columns, mainRows: bodyRows - 1};
	}

	if (zoom === 'list') {
		const chrome = sideBySide ? paneColumnChrome : STACKED_CHROME;
		return {tooSmall, width: columns, height, bodyRows, sideBySide, listWidth: columns, listRows: bodyRows - chrome, mainWidth: 0, mainRows: 0};
	}

	if (sideBySide) {
		const listWidth = Math.round(Math.min(columns * LIST_SHARE.max, Math.max(columns * LIST_SHARE.min, naturalListWidth)));
		return {
			tooSmall,
			width: columns,
			height,
			bodyRows,
			sideBySide,
			listWidth,
			listRows: bodyRows - paneColumnChrome,
			// The main area's left border takes one column.
			mainWidth: columns - listWidth - 1,
			mainRows: bodyRows - 1,
		};
	}

	const listBlock = Math.floor(bodyRows / 2);
	return {
		tooSmall,
		width: columns,
		height,
		bodyRows,
		sideBySide,
		listWidth: columns,
		listRows: listBlock - STACKED_CHROME,
		mainWidth: columns,
		mainRows: bodyRows - listBlock - 1,
	};
}

/** The columns a tab takes in the main area's tab line: its title, a space either side, and a separator. */
export function tabWidth(title: string): number {
	return textWidth(title) + 3;
}
