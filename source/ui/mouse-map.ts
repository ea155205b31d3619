// Which part of the screen is at a cell: worked out from the same layout and the same labels the
// components draw with, so a click lands on what the user sees there.
import type {MouseTarget} from '../actions/mouse.js';
import {SCOPE_TITLES} from '../actions/registry.js';
import {textWidth} from '../format/index.js';
import type {ModelState} from '../store/model-store.js';
import {shownPanes} from '../store/swarm-selectors.js';
import {PANE_TABS, type ViewState} from '../store/view-store.js';
import {tabWidth, type FrameLayout} from './layout.js';
import type {ShownWindow} from './panes/list-window.js';
import {paneBarLabels} from './panes/pane-titles.js';
import {t} from '../i18n/translate.js';

/** What the last frame was drawn from. */
export interface DrawnScreen {
	layout: FrameLayout;
	model: ModelState;
	view: ViewState;
	/** The focused list's window of rows, as it was drawn. */
	window: ShownWindow;
	/** The body shows the panes and the main area, not the help, the palette, a form or a message. */
	panes: boolean;
}

/** A row of the focused list, `offset` rows below its column header (-1: the header itself). */
function listTarget(offset: number, drawn: DrawnScreen): MouseTarget {
	return offset >= 0 && offset < drawn.layout.listRows ? {area: 'row', index: drawn.window.start + offset} : {area: 'list'};
}

/** Side by side: every pane's title a line, the focused one followed by its list. */
function columnTarget(y: number, drawn: DrawnScreen): MouseTarget | undefined {
	const panes = shownPanes(drawn.model, drawn.view.pane);
	const focused = panes.indexOf(drawn.view.pane);
	if (y <= focused) {
		return {area: 'pane', pane: panes[y]!};
	}

	const listEnd = focused + 2 + drawn.layout.listRows;
	if (y < listEnd) {
		return listTarget(y - focused - 2, drawn);
	}

	const pane = panes[y - drawn.layout.listRows - 1];
	return pane ? {area: 'pane', pane} : undefined;
}

/** Stacked: the panes as one line of labels. */
function barTarget(x: number, drawn: DrawnScreen): MouseTarget | undefined {
	let from = 0;
	for (const {pane, label} of paneBarLabels(drawn.model, drawn.view, drawn.layout.width)) {
		from += textWidth(label);
		if (x < from) {
			return {area: 'pane', pane};
		}
	}

	return undefined;
}

/** The main area: its tab line, then its content. */
function mainTarget(x: number, y: number, drawn: DrawnScreen): MouseTarget {
	if (y === 0) {
		let from = 0;
		for (const tab of PANE_TABS[drawn.view.pane]) {
			from += tabWidth(t(SCOPE_TITLES[tab]));
			if (x < from) {
				return {area: 'tab', tab};
			}
		}
	}

	return {area: 'main'};
}

/** What is at column `x`, row `y` (from 0 at the top left), or undefined where a click means nothing. */
export function hitTest(x: number, y: number, drawn: DrawnScreen): MouseTarget | undefined {
	const {layout, view} = drawn;
	if (!drawn.panes || layout.tooSmall || x < 0 || y < 0 || x >= layout.width || y >= layout.bodyRows) {
		return undefined;
	}

	if (view.zoom === 'main') {
		return mainTarget(x, y, drawn);
	}

	if (layout.sideBySide) {
		if (x < layout.listWidth) {
			return columnTarget(y, drawn);
		}

		// The main area's left border is the column at listWidth.
		return x > layout.listWidth ? mainTarget(x - layout.listWidth - 1, y, drawn) : undefined;
	}

	if (y === 0) {
		return barTarget(x, drawn);
	}

	// Below the pane bar: the list's column header and rows, then the main area.
	const listEnd = 2 + layout.listRows;
	return y < listEnd ? listTarget(y - 2, drawn) : mainTarget(x, y - listEnd, drawn);
}
