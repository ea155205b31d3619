import type {LogBuffer} from './log-buffer.js';
import type {SortColumn} from './metrics.js';
import {Observable} from './observable.js';

export type PaneId = 'containers' | 'images' | 'volumes' | 'networks' | 'jobs' | 'system' | 'projects' | SwarmPaneId;
/** The swarm's panes: shown only while the engine manages a swarm. */
export type SwarmPaneId = 'nodes' | 'swarm-services' | 'stacks' | 'secrets';
export const SWARM_PANES: readonly SwarmPaneId[] = ['nodes', 'swarm-services', 'stacks', 'secrets'];
/** In the order of their number keys: a new pane goes last, so the others keep their numbers. */
export const PANES: readonly PaneId[] = ['containers', 'images', 'volumes', 'networks', 'jobs', 'system', 'projects', ...SWARM_PANES];

/** The number key that shows a pane: 1 to 9, then 0; panes past the tenth have none (the palette finds them). */
export function paneNumber(pane: PaneId): string | undefined {
	const index = PANES.indexOf(pane);
	return index < 9 ? String(index + 1) : index === 9 ? '0' : undefined;
}

export type TabId =
	| 'logs'
	| 'stats'
	| 'inspect'
	| 'top'
	| 'diff'
	| 'info'
	| 'history'
	| 'used-by'
	| 'output'
	| 'disk'
	| 'events'
	| 'services'
	| 'tasks'
	| 'contents';
export const PANE_TABS: Readonly<Record<PaneId, readonly TabId[]>> = {
	containers: ['logs', 'stats', 'inspect', 'top', 'diff'],
	images: ['inspect', 'history', 'used-by'],
	volumes: ['inspect'],
	networks: ['inspect'],
	jobs: ['output'],
	system: ['info', 'disk', 'events'],
	projects: ['services', 'logs'],
	nodes: ['tasks'],
	'swarm-services': ['tasks', 'logs', 'inspect'],
	stacks: ['contents'],
	secrets: ['inspect'],
};

/** How the images list is ordered. */
export type ImageSort = 'name' | 'size' | 'created';
export const IMAGE_SORTS: readonly ImageSort[] = ['name', 'size', 'created'];
/** How the volumes and networks lists are ordered. */
export type ObjectSort = 'name' | 'driver' | 'created';
export const OBJECT_SORTS: readonly ObjectSort[] = ['name', 'driver', 'created'];

/** A per-pane record, e.g. of selections or marks. */
export type PerPane<T> = Readonly<Record<PaneId, T>>;

function perPane<T>(make: (pane: PaneId) => T): Record<PaneId, T> {
	return Object.fromEntries(PANES.map(pane => [pane, make(pane)])) as Record<PaneId, T>;
}

export type Zoom = 'none' | 'main' | 'list';

/** The choices a choice dialog's filter lets through. */
export function shownChoices(dialog: {choices: Array<{value: string; label: string}>; filter?: string}): Array<{value: string; label: string}> {
	const needle = dialog.filter?.toLowerCase() ?? '';
	return needle === '' ? dialog.choices : dialog.choices.filter(choice => choice.label.toLowerCase().includes(needle));
}

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
	/**
	 * What an earlier step decided that this one acts on (the container picked to disconnect, the
	 * kinds chosen to prune), handed back to the action with the answer.
	 */
	carry?: string;
	/** Drawn across the whole body, not in the main area: its lines are long (the engine switcher). */
	wide?: boolean;
}

/** A question an action asks before it runs. */
export type Dialog =
	| (DialogBase & {kind: 'confirm'; toggles: Toggle[]; /** What it would do, one item a line (what a prune removes). */ lines?: string[]})
	| (DialogBase & {
			kind: 'choice';
			choices: Array<{value: string; label: string}>;
			/** Index into the choices the filter lets through. */
			index: number;
			/** Set for long lists: typing narrows them (digits and j/k are then text). */
			filter?: string;
	  })
	| (DialogBase & {kind: 'text'; text: string; error?: string})
	| (DialogBase & FormState & {kind: 'form'});

/**
 * One field of a form. 'list' fields hold one entry a line (Enter starts the next); 'toggle'
 * fields are "true" or "false" (Space flips them); 'secret' fields never show what was typed.
 */
export interface FormField {
	id: string;
	label: string;
	kind: 'text' | 'list' | 'toggle' | 'secret';
	text: string;
	/** Shown dimmed while the field is empty: an example of what it takes. */
	placeholder?: string;
}

export interface FormState {
	fields: FormField[];
	/** The field being edited; `fields.length` is the submit button. */
	index: number;
	/** Field id → what is wrong with it, as typed. */
	errors: Readonly<Record<string, string>>;
	/** The command line the form stands for. */
	preview?: string;
	/** Why the engine refused the last submission; the form stays filled to be corrected. */
	refusal?: string;
	/** Set once a submission was tried: wrong fields left empty are pointed out from then on. */
	attempted?: boolean;
	/** What is being done while the submission runs ("creating"); keys wait until it ends. */
	busy?: string;
	submitLabel: string;
}

/** A one-line text field being edited: the list filter, the logs search or the events filter. */
export interface TextInput {
	purpose: 'filter' | 'search' | 'events' | 'diff';
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
	/** Only the lines of this window, as typed (`42m`, a timestamp) and as seconds since the epoch. */
	range?: {since?: number; until?: number; text: string};
	/** Lines being selected (to copy them); while there is a selection the view does not follow. */
	selection?: LogSelection;
}

/**
 * A run of log lines, by sequence number, so that it stays on the same lines while older ones are
 * dropped. Numbers belong to one stream: the selection holds only in the buffer it was made in.
 */
export interface LogSelection {
	buffer: LogBuffer;
	/** `seq` of the line the selection started at. */
	from: number;
	/** `seq` of the cursor line, the end that moves. */
	cursor: number;
}

/** The logs tab as last drawn: rows for lines, and cells for a line's text (after gutter, time and label). */
export interface LogsDrawn {
	rows: number;
	width: number;
}

/** Where read-only mode comes from, for a refusal to name: the flag, the config file, or a docker context in it. */
export type ReadOnlySource = {from: 'option'} | {from: 'config'} | {from: 'context'; context: string};

export interface ViewState {
	pane: PaneId;
	focus: 'list' | 'main';
	selected: Readonly<Record<PaneId, string | undefined>>;
	/** Where the cursor was, for when the selected object disappears. */
	cursor: Readonly<Record<PaneId, number>>;
	/** Marked objects' keys per pane (space): actions apply to all of them. */
	marked: PerPane<ReadonlySet<string>>;
	filters: Readonly<Record<PaneId, string>>;
	input?: TextInput;
	showStopped: boolean;
	/** How the containers list is ordered; reversed flips it. */
	sort: {column: SortColumn; reverse: boolean};
	imageSort: {column: ImageSort; reverse: boolean};
	volumeSort: {column: ObjectSort; reverse: boolean};
	networkSort: {column: ObjectSort; reverse: boolean};
	/** Compose projects shown without their services, by name. */
	collapsedProjects: ReadonlySet<string>;
	/** Intermediate images (untagged parents of other images) listed too, as `docker images -a`. */
	showIntermediate: boolean;
	tab: Readonly<Record<PaneId, TabId>>;
	/** One part of the screen given all of it: the main area ('main') or the focused list ('list'). */
	zoom: Zoom;
	/** Lines scrolled down in the inspect, top and info tabs. */
	mainScroll: number;
	help: boolean;
	dialog?: Dialog;
	logs: LogViewOptions;
	/** A job shown over the main area from when it starts, until closed (it goes on in the Jobs pane). */
	job?: string;
	events: EventViewOptions;
	/** Words the diff tab's paths must have; `A`, `C` or `D` alone keeps one kind of change. */
	diffFilter: string;
	/** Every action that changes state is refused (--read-only). */
	readOnly: boolean;
	/** Why, when read-only. */
	readOnlyFrom?: ReadOnlySource;
	/** The `:` command palette, while open. */
	palette?: PaletteState;
	/** Palette entries used this session, most recent first: they are offered first. */
	paletteRecent: readonly string[];
}

export interface PaletteState {
	text: string;
	/** Index into the entries the text finds. */
	index: number;
	/** The engine switcher's choices, read when the palette opened. */
	engines: readonly string[];
}

export interface EventViewOptions {
	/** Words every shown event has (type, action, name, attributes); `type:container` keeps one type. */
	filter: string;
	/** While paused: how many events had arrived, so later ones wait off screen. */
	pausedAt?: number;
}

export interface ViewOptions {
	showStopped: boolean;
	filter: string;
	sort?: SortColumn;
	readOnly?: boolean;
	readOnlyFrom?: ReadOnlySource;
}

export function initialView(options: ViewOptions): ViewState {
	return {
		pane: 'containers',
		focus: 'list',
		selected: perPane<string | undefined>(() => undefined),
		cursor: perPane(() => 0),
		marked: perPane<ReadonlySet<string>>(() => new Set()),
		filters: {...perPane(() => ''), containers: options.filter},
		showStopped: options.showStopped,
		sort: {column: options.sort ?? 'state', reverse: false},
		imageSort: {column: 'name', reverse: false},
		volumeSort: {column: 'name', reverse: false},
		networkSort: {column: 'name', reverse: false},
		showIntermediate: false,
		collapsedProjects: new Set(),
		tab: perPane(pane => PANE_TABS[pane][0]!),
		zoom: 'none',
		mainScroll: 0,
		help: false,
		logs: {timestamps: false, wrap: false, search: ''},
		events: {filter: ''},
		diffFilter: '',
		readOnly: options.readOnly ?? false,
		readOnlyFrom: options.readOnlyFrom,
		paletteRecent: [],
	};
}

/**
 * The view once another engine is taken up: nothing is selected, marked or open, since every
 * object named belonged to the engine left; panes, tabs, filters and sort orders stay.
 */
export function forgetEngineObjects(state: ViewState): ViewState {
	return {
		...state,
		selected: perPane<string | undefined>(() => undefined),
		cursor: perPane(() => 0),
		marked: perPane<ReadonlySet<string>>(() => new Set()),
		input: undefined,
		dialog: undefined,
		palette: undefined,
		job: undefined,
		mainScroll: 0,
		logs: {...state.logs, anchor: undefined, matchSeq: undefined, selection: undefined},
		events: {...state.events, pausedAt: undefined},
	};
}

/** What the user is looking at. Changes apply at once: a keypress must show without delay. */
export class ViewStore extends Observable<ViewState> {
	/**
	 * Written by the logs tab as it draws, like the layout: what actions need to work out which
	 * lines are on screen with the tab's own function. Not state: no frame depends on it.
	 */
	logsDrawn: LogsDrawn | undefined;

	constructor(options: ViewOptions) {
		super(initialView(options));
	}

	change(change: (state: ViewState) => ViewState): void {
		this.update(change);
	}
}
