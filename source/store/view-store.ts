import type {SortColumn} from './metrics.js';
import {Observable} from './observable.js';

export type PaneId = 'containers' | 'images' | 'volumes' | 'networks';
export const PANES: readonly PaneId[] = ['containers', 'images', 'volumes', 'networks'];

export type TabId = 'logs' | 'stats' | 'inspect' | 'top' | 'info';
export const PANE_TABS: Readonly<Record<PaneId, readonly TabId[]>> = {
	containers: ['logs', 'stats', 'inspect', 'top'],
	images: ['info'],
	volumes: ['info'],
	networks: ['info'],
};

export type Zoom = 'none' | 'main' | 'list';

export interface Toggle {
	id: string;
	key: string;
	label: string;
	on: boolean;
}

interface DialogBase {
	actionId: string;
	targetIds: readonly string[];
	title: string;
}

/** A question an action asks before it runs. */
export type Dialog =
	| (DialogBase & {kind: 'confirm'; toggles: Toggle[]})
	| (DialogBase & {kind: 'choice'; choices: Array<{value: string; label: string}>; index: number})
	| (DialogBase & {kind: 'text'; text: string; error?: string});

/** A one-line text field being edited: the list filter or the logs search. */
export interface TextInput {
	purpose: 'filter' | 'search';
	text: string;
}

export interface LogViewOptions {
	timestamps: boolean;
	wrap: boolean;
	search: string;
	/**
	 * `seq` of the line shown at the bottom when scrolled back; undefined follows new lines.
	 * A sequence number rather than an offset, so arriving lines do not move what is being read.
	 */
	anchor?: number;
	/** `seq` of the line the last search jump landed on, highlighted. */
	matchSeq?: number;
}

export interface ViewState {
	pane: PaneId;
	focus: 'list' | 'main';
	selected: Readonly<Record<PaneId, string | undefined>>;
	/** Where the cursor was, for when the selected object disappears. */
	cursor: Readonly<Record<PaneId, number>>;
	/** Marked container ids (space): actions apply to all of them. */
	marked: ReadonlySet<string>;
	filters: Readonly<Record<PaneId, string>>;
	input?: TextInput;
	showStopped: boolean;
	/** How the containers list is ordered; reversed flips it. */
	sort: {column: SortColumn; reverse: boolean};
	tab: Readonly<Record<PaneId, TabId>>;
	/** One part of the screen given all of it: the main area ('main') or the focused list ('list'). */
	zoom: Zoom;
	/** Lines scrolled down in the inspect, top and info tabs. */
	mainScroll: number;
	help: boolean;
	dialog?: Dialog;
	logs: LogViewOptions;
}

export interface ViewOptions {
	showStopped: boolean;
	filter: string;
	sort?: SortColumn;
}

export function initialView(options: ViewOptions): ViewState {
	return {
		pane: 'containers',
		focus: 'list',
		selected: {containers: undefined, images: undefined, volumes: undefined, networks: undefined},
		cursor: {containers: 0, images: 0, volumes: 0, networks: 0},
		marked: new Set(),
		filters: {containers: options.filter, images: '', volumes: '', networks: ''},
		showStopped: options.showStopped,
		sort: {column: options.sort ?? 'state', reverse: false},
		tab: {containers: 'logs', images: 'info', volumes: 'info', networks: 'info'},
		zoom: 'none',
		mainScroll: 0,
		help: false,
		logs: {timestamps: false, wrap: false, search: ''},
	};
}

/** What the user is looking at. Changes apply at once: a keypress must show without delay. */
export class ViewStore extends Observable<ViewState> {
	constructor(options: ViewOptions) {
		super(initialView(options));
	}

	change(change: (state: ViewState) => ViewState): void {
		this.update(change);
	}
}
