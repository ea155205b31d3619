// What a click or a turn of the wheel does, once the screen has said what is under the pointer.
// The same view changes and the same registry actions as the keys: the mouse adds no behaviour.
import type {PaneId, TabId} from '../store/view-store.js';
import {invoke} from './dispatch.js';
import type {MouseEvent} from './keys.js';
import {focusOn, selectRow, showPane, showTab, stepRow} from './navigation.js';
import {actionById, scopesFor} from './registry.js';
import type {ActionContext} from './types.js';

/** What is drawn at a cell of the screen, as far as the mouse goes. */
export type MouseTarget =
	| {area: 'pane'; pane: PaneId}
	/** A row of the focused pane's list, by its index in the whole list (it may be past the end). */
	| {area: 'row'; index: number}
	/** The list's column header, or below its last row. */
	| {area: 'list'}
	| {area: 'tab'; tab: TabId}
	| {area: 'main'};

/** Lines one step of the wheel scrolls the main area; in a list it moves one row. */
export const WHEEL_LINES = 3;

/**
 * Scrolls the main area with the scroll action of the tab it shows (logs.down, else main.down),
 * found by id so that keys moved in the config do not change what the wheel does.
 */
function scrollMain(ctx: ActionContext, direction: 'up' | 'down'): void {
	focusOn(ctx, 'main');
	const action = scopesFor(ctx.view.get(), ctx.model.get())
		.map(scope => actionById(`${scope}.${direction}`))
		.find(found => found !== undefined);
	for (let line = 0; action && line < WHEEL_LINES; line++) {
		invoke(ctx, action);
	}
}

function click(ctx: ActionContext, target: MouseTarget): void {
	switch (target.area) {
		case 'pane': {
			showPane(ctx, target.pane);
			break;
		}

		case 'row': {
			selectRow(ctx, target.index);
			break;
		}

		case 'list': {
			focusOn(ctx, 'list');
			break;
		}

		case 'tab': {
			showTab(ctx, target.tab);
			break;
		}

		case 'main': {
			focusOn(ctx, 'main');
			break;
		}
	}
}

/**
 * Routes one mouse event: a dialog, the palette or a text field being typed in keeps it from the
 * screen behind (as they keep the keys); the help screen closes on a click, as on a key.
 */
export function handleMouse(ctx: ActionContext, event: MouseEvent, target: MouseTarget | undefined): void {
	const view = ctx.view.get();
	if (view.dialog || view.palette || view.input) {
		return;
	}

	if (view.help) {
		if (event.kind === 'press') {
			ctx.view.change(state => ({...state, help: false}));
		}

		return;
	}

	if (!target) {
		return;
	}

	if (event.kind === 'wheel') {
		const direction = event.button === 'up' ? 'up' : 'down';
		if (target.area === 'row' || target.area === 'list') {
			focusOn(ctx, 'list');
			stepRow(ctx, direction === 'up' ? -1 : 1);
		} else if (target.area === 'tab' || target.area === 'main') {
			scrollMain(ctx, direction);
		}

		return;
	}

	if (event.kind === 'press' && event.button === 'left') {
		click(ctx, target);
	}
}
