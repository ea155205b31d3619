import {PANE_OF_KIND} from '../store/selectors.js';
import {PANE_TABS, PANES, type PaletteState, type PaneId, type TabId, type ViewState} from '../store/view-store.js';
import {openDialog} from './dialogs.js';
import {execute, invoke, refusedReadOnly, typed} from './dispatch.js';
import {paletteEntries, rankEntries, usedEntry, type PaletteEntry} from './palette-entries.js';
import {ACTIONS, actionById, scopesFor} from './registry.js';
import {runForm} from './run.js';
import type {ActionContext, Scope} from './types.js';

/** The entries the palette's text finds, best first. */
export function shownEntries(ctx: ActionContext, palette: PaletteState): PaletteEntry[] {
	const model = ctx.model.get();
	const entries = paletteEntries({
		actions: ACTIONS,
		containers: [...model.containers.values()],
		images: model.images,
		volumes: model.volumes,
		networks: model.networks,
		engines: palette.engines,
		text: palette.text,
	});
	const view = ctx.view.get();
	return rankEntries(entries, palette.text, view.paletteRecent, new Set(scopesFor(view, model)));
}

/** Where an action's keys work: the palette goes there first, so the action acts on what is shown. */
function placeFor(state: ViewState, scope: Scope): ViewState {
	if ((PANES as readonly string[]).includes(scope)) {
		return {...state, pane: scope as PaneId, focus: 'list'};
	}

	if (scope === 'project' || scope === 'service') {
		return {...state, pane: 'projects', focus: 'list'};
	}

	const tab = scope as TabId;
	const pane = PANE_TABS[state.pane].includes(tab) ? state.pane : PANES.find(candidate => PANE_TABS[candidate].includes(tab));
	return pane === undefined ? state : {...state, pane, focus: 'main', tab: {...state.tab, [pane]: tab}};
}

/** Does what an entry stands for, through the same paths as its key. */
function runEntry(ctx: ActionContext, entry: PaletteEntry): void {
	ctx.view.change(state => ({...state, palette: undefined, paletteRecent: usedEntry(state.paletteRecent, entry.id)}));
	const {command} = entry;
	switch (command.kind) {
		case 'action': {
			const action = actionById(command.actionId);
			if (action) {
				ctx.view.change(state => placeFor(state, action.scope));
				invoke(ctx, action);
			}

			return;
		}

		case 'logs': {
			ctx.view.change(state => ({
				...state,
				pane: 'containers',
				focus: 'main',
				showStopped: true,
				selected: {...state.selected, containers: command.containerId},
				tab: {...state.tab, containers: 'logs'},
				logs: {...state.logs, anchor: undefined, matchSeq: undefined},
			}));
			return;
		}

		case 'select': {
			const pane = PANE_OF_KIND[command.target];
			ctx.view.change(state => ({
				...state,
				pane,
				focus: 'list',
				showStopped: state.showStopped || command.target === 'container',
				selected: {...state.selected, [pane]: command.key},
			}));
			return;
		}

		case 'engine': {
			const action = actionById('engine.switch');
			if (action) {
				execute(ctx, action, [], {value: command.name, toggles: {}, fields: {}});
			}

			return;
		}

		case 'run': {
			const action = actionById('container.create');
			if (action && !refusedReadOnly(ctx, action)) {
				openDialog(ctx, action, runForm('Run a new container', {image: command.image}, 'Run'));
			}
		}
	}
}

/** A key while the palette is open: typing narrows, arrows choose, Enter runs, Esc leaves. */
export function paletteKey(ctx: ActionContext, palette: PaletteState, key: string, input: string): void {
	const change = (next: Partial<PaletteState>): void => {
		ctx.view.change(state => (state.palette ? {...state, palette: {...state.palette, ...next}} : state));
	};

	if (key === 'escape') {
		ctx.view.change(state => ({...state, palette: undefined}));
		return;
	}

	if (key === 'enter') {
		const entry = shownEntries(ctx, palette)[palette.index];
		if (entry) {
			runEntry(ctx, entry);
		}

		return;
	}

	const step = {down: 1, 'ctrl+n': 1, up: -1, 'ctrl+p': -1, pagedown: 10, pageup: -10}[key];
	if (step !== undefined) {
		const count = shownEntries(ctx, palette).length;
		change({index: Math.max(0, Math.min(count - 1, palette.index + step))});
	} else if (key === 'backspace' || key === 'delete') {
		change({text: palette.text.slice(0, -1), index: 0});
	} else if (key === 'ctrl+u') {
		change({text: '', index: 0});
	} else if (!key.startsWith('ctrl+') && typed(input) !== '') {
		change({text: palette.text + typed(input), index: 0});
	}
}
