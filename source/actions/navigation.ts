import {cursorIndex, selectedKey, visibleKeys} from '../store/selectors.js';
import {PANES, PANE_TABS, paneNumber, type PaneId, type TabId, type ViewState} from '../store/view-store.js';
import {shownPanes} from '../store/swarm-selectors.js';
import {keyLabel} from './keys.js';
import type {Action, ActionContext} from './types.js';
import {t} from '../i18n/translate.js';

function withView(ctx: ActionContext, change: (view: ViewState) => ViewState): void {
	ctx.view.change(change);
}

/** The list focused again, the main area no longer zoomed. */
export function backToList(state: ViewState): ViewState {
	return {...state, focus: 'list', zoom: 'none'};
}

/** Moves the current pane's cursor to `to(index, count)`, keeping it inside the list. */
function moveCursor(ctx: ActionContext, to: (index: number, count: number) => number): void {
	const view = ctx.view.get();
	const pane = view.pane;
	const keys = visibleKeys(ctx.model.get(), view, pane);
	if (keys.length === 0) {
		return;
	}

	const next = Math.max(0, Math.min(keys.length - 1, to(cursorIndex(keys, view, pane), keys.length)));
	withView(ctx, state => ({
		...state,
		selected: {...state.selected, [pane]: keys[next]},
		cursor: {...state.cursor, [pane]: next},
		// A different object's logs start at their end, with no stale search highlight.
		logs: {...state.logs, anchor: undefined, matchSeq: undefined},
		mainScroll: 0,
	}));
}

export function showPane(ctx: ActionContext, pane: PaneId): void {
	withView(ctx, state => ({...state, pane, focus: 'list', input: undefined}));
}

/** Gives the keys to the list or the main area. */
export function focusOn(ctx: ActionContext, focus: ViewState['focus']): void {
	withView(ctx, state => (state.focus === focus ? state : {...state, focus}));
}

/** Selects the current pane's row at `index` (when there is one) and gives the list the keys. */
export function selectRow(ctx: ActionContext, index: number): void {
	focusOn(ctx, 'list');
	const keys = visibleKeys(ctx.model.get(), ctx.view.get(), ctx.view.get().pane);
	if (index < keys.length && index !== cursorIndex(keys, ctx.view.get(), ctx.view.get().pane)) {
		moveCursor(ctx, () => index);
	}
}

/** Moves the current pane's cursor `step` rows, as the arrow keys do. */
export function stepRow(ctx: ActionContext, step: number): void {
	moveCursor(ctx, index => index + step);
}

export function showTab(ctx: ActionContext, tab: TabId): void {
	withView(ctx, state => (state.tab[state.pane] === tab ? state : {...state, mainScroll: 0, tab: {...state.tab, [state.pane]: tab}}));
}

function stepPane(ctx: ActionContext, step: number): void {
	// Panes hidden where they mean nothing (the swarm's, on an engine that manages none) are passed over.
	const panes = shownPanes(ctx.model.get(), ctx.view.get().pane);
	const index = panes.indexOf(ctx.view.get().pane);
	showPane(ctx, panes[(index + step + panes.length) % panes.length]!);
}

function stepTab(ctx: ActionContext, step: number): void {
	withView(ctx, state => {
		const tabs = PANE_TABS[state.pane];
		const index = tabs.indexOf(state.tab[state.pane]);
		return {...state, mainScroll: 0, tab: {...state.tab, [state.pane]: tabs[(index + step + tabs.length) % tabs.length]!}};
	});
}

const page = (ctx: ActionContext): number => Math.max(1, ctx.layout().listRows - 1);
const mainPage = (ctx: ActionContext): number => Math.max(1, ctx.layout().mainRows - 1);

/** Scrolls the inspect, top or info tab; the tab itself stops at its last line. */
function scrollMain(ctx: ActionContext, to: (scroll: number) => number): void {
	withView(ctx, state => ({...state, mainScroll: Math.max(0, to(state.mainScroll))}));
}

const mainScrollActions: Action[] = [
	{id: 'main.down', title: 'Scroll down', keys: ['down', 'j'], scope: 'main', run: ctx => scrollMain(ctx, at => at + 1)},
	{id: 'main.up', title: 'Scroll up', keys: ['up', 'k'], scope: 'main', run: ctx => scrollMain(ctx, at => at - 1)},
	{id: 'main.pagedown', title: 'Page down', keys: ['pagedown'], scope: 'main', run: ctx => scrollMain(ctx, at => at + mainPage(ctx))},
	{id: 'main.pageup', title: 'Page up', keys: ['pageup'], scope: 'main', run: ctx => scrollMain(ctx, at => at - mainPage(ctx))},
	{id: 'main.top', title: 'Go to the top', keys: ['g', 'home'], scope: 'main', run: ctx => scrollMain(ctx, () => 0)},
	{id: 'main.bottom', title: 'Go to the bottom', keys: ['G', 'end'], scope: 'main', run: ctx => scrollMain(ctx, () => Number.MAX_SAFE_INTEGER)},
];

/** Turns mouse reporting on or off; off, the terminal's own selection (to copy text) works again. */
const mouseToggle: Action = {
	id: 'mouse',
	title: 'Mouse on/off (off: select text with the terminal)',
	keys: ['m'],
	scope: 'global',
	run(ctx) {
		const on = !ctx.terminal.mouse;
		ctx.terminal.mouse = on;
		// The key as the config may have changed it; the palette (:) runs it when it has none.
		const key = mouseToggle.keys[0] === undefined ? ': mouse' : keyLabel(mouseToggle.keys[0]);
		ctx.model.notify(
			'info',
			on
				? t('mouse on: click a row, a pane or a tab, and the wheel scrolls; {key} releases the mouse to select text', {key})
				: t('mouse off: the terminal selects and copies text again; {key} turns the mouse on', {key}),
		);
	},
};

export const navigationActions: Action[] = [
	...mainScrollActions,
	mouseToggle,
	{
		id: 'quit',
		hint: 'quit',
		title: 'Quit',
		keys: ['q', 'ctrl+c'],
		scope: 'global',
		run(ctx) {
			ctx.terminal.quit();
		},
	},
	{
		id: 'help',
		hint: 'help',
		title: 'Show the keys of this view',
		keys: ['?'],
		scope: 'global',
		run(ctx) {
			withView(ctx, state => ({...state, help: !state.help}));
		},
	},
	{
		id: 'pane.next',
		hint: 'pane',
		title: 'Next pane',
		keys: ['tab'],
		scope: 'global',
		run(ctx) {
			stepPane(ctx, 1);
		},
	},
	{
		id: 'pane.previous',
		title: 'Previous pane',
		keys: ['shift+tab'],
		scope: 'global',
		run(ctx) {
			stepPane(ctx, -1);
		},
	},
	...PANES.map(
		(pane): Action => ({
			id: `pane.${pane}`,
			title: `Show ${pane.replaceAll('-', ' ')}`,
			keys: paneNumber(pane) === undefined ? [] : [paneNumber(pane)!],
			scope: 'global',
			run(ctx) {
				showPane(ctx, pane);
			},
		}),
	),
	{
		id: 'tab.next',
		hint: 'tab',
		title: 'Next tab',
		keys: [']', 'right'],
		scope: 'global',
		run(ctx) {
			stepTab(ctx, 1);
		},
	},
	{
		id: 'tab.previous',
		title: 'Previous tab',
		keys: ['[', 'left'],
		scope: 'global',
		run(ctx) {
			stepTab(ctx, -1);
		},
	},
	{
		id: 'fullscreen',
		hint: 'full screen',
		title: 'Full screen on/off for the main area',
		keys: ['f'],
		scope: 'global',
		run(ctx) {
			withView(ctx, state => ({...state, zoom: state.zoom === 'main' ? 'none' : 'main'}));
		},
	},
	{
		id: 'zoom.list',
		title: 'The list alone, full width (every column), on/off',
		hint: 'wide list',
		keys: ['z'],
		scope: 'global',
		run(ctx) {
			withView(ctx, state => ({...state, zoom: state.zoom === 'list' ? 'none' : 'list', focus: 'list'}));
		},
	},
	{
		id: 'list.down',
		title: 'Move down',
		keys: ['down', 'j'],
		scope: 'list',
		run(ctx) {
			moveCursor(ctx, index => index + 1);
		},
	},
	{
		id: 'list.up',
		title: 'Move up',
		keys: ['up', 'k'],
		scope: 'list',
		run(ctx) {
			moveCursor(ctx, index => index - 1);
		},
	},
	{
		id: 'list.pagedown',
		title: 'Page down',
		keys: ['pagedown'],
		scope: 'list',
		run(ctx) {
			moveCursor(ctx, index => index + page(ctx));
		},
	},
	{
		id: 'list.pageup',
		title: 'Page up',
		keys: ['pageup'],
		scope: 'list',
		run(ctx) {
			moveCursor(ctx, index => index - page(ctx));
		},
	},
	{
		id: 'list.first',
		title: 'First row',
		keys: ['g', 'home'],
		scope: 'list',
		run(ctx) {
			moveCursor(ctx, () => 0);
		},
	},
	{
		id: 'list.last',
		title: 'Last row',
		keys: ['G', 'end'],
		scope: 'list',
		run(ctx) {
			moveCursor(ctx, (_index, count) => count - 1);
		},
	},
	{
		id: 'list.mark',
		hint: 'mark',
		title: 'Mark or unmark (actions apply to all marked)',
		keys: ['space'],
		scope: 'list',
		run(ctx) {
			const view = ctx.view.get();
			const key = selectedKey(ctx.model.get(), view);
			if (key === undefined) {
				return;
			}

			const marked = new Set(view.marked[view.pane]);
			if (marked.has(key)) {
				marked.delete(key);
			} else {
				marked.add(key);
			}

			withView(ctx, state => ({...state, marked: {...state.marked, [state.pane]: marked}}));
		},
	},
	{
		id: 'list.filter',
		hint: 'filter',
		title: 'Filter as you type: words, re:PATTERN, !NOT, label:KEY=VALUE',
		keys: ['/'],
		scope: 'list',
		run(ctx) {
			withView(ctx, state => ({...state, input: {purpose: 'filter', text: state.filters[state.pane]}}));
		},
	},
	{
		id: 'list.clear',
		title: 'Clear the filter, then the marks',
		keys: ['escape'],
		scope: 'list',
		run(ctx) {
			withView(ctx, state => {
				if (state.filters[state.pane] !== '') {
					return {...state, filters: {...state.filters, [state.pane]: ''}};
				}

				return state.marked[state.pane].size > 0 ? {...state, marked: {...state.marked, [state.pane]: new Set()}} : state;
			});
		},
	},
	{
		id: 'main.focus',
		hint: 'focus',
		title: 'Focus the main area (logs, inspect, top)',
		keys: ['enter'],
		scope: 'list',
		run(ctx) {
			withView(ctx, state => ({...state, focus: 'main'}));
		},
	},
	{
		id: 'main.back',
		hint: 'back',
		title: 'Back to the list',
		keys: ['escape'],
		scope: 'main',
		run(ctx) {
			withView(ctx, backToList);
		},
	},
];
