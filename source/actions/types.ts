import type {
	ContainerSummary,
	Engine,
	InteractiveIo,
	InteractiveResult,
	InteractiveSession,
} from '../engine/types.js';
import type {Clock} from '../store/clock.js';
import type {LogFollower} from '../store/log-follower.js';
import type {ModelStore} from '../store/model-store.js';
import type {StatsCollector} from '../store/stats-collector.js';
import type {Dialog, PaneId, TabId, ViewStore} from '../store/view-store.js';

/**
 * Where a key means something. A pane's keys work while its list or its main area has focus;
 * a tab's keys only while the main area shows that tab and has focus.
 */
export type Scope = PaneId | TabId | 'list' | 'main' | 'global';

/** Lets an action give the real terminal to an interactive session and take it back. */
export interface TerminalControl {
	handOver(open: (io: InteractiveIo) => Promise<InteractiveSession>): Promise<InteractiveResult>;
	quit(): void;
}

/** Rows the UI currently gives to a list and to the main area: what a page is. */
export interface Layout {
	listRows: number;
	mainRows: number;
}

export interface ActionContext {
	engine: Engine;
	model: ModelStore;
	view: ViewStore;
	logs: LogFollower;
	stats: StatsCollector;
	clock: Clock;
	terminal: TerminalControl;
	layout(): Layout;
}

/** What the user answered in an action's dialog. */
export interface Answer {
	/** The choice or the text entered. */
	value: string;
	/** A confirm dialog's options, by id. */
	toggles: Readonly<Record<string, boolean>>;
}

export type DialogSpec = Dialog extends infer D ? (D extends Dialog ? Omit<D, 'actionId' | 'targetIds'> : never) : never;

export interface Action {
	id: string;
	title: string;
	/** A word for the status bar's key hints; actions without one are only in the help screen. */
	hint?: string;
	/** Default keys, as `parseKeys()` names them. */
	keys: readonly string[];
	scope: Scope;
	/** Destructive actions always ask first (their `ask` returns a dialog), and the registry checks it. */
	destructive?: boolean;
	/** Container actions apply to the marked containers, or else the selected one. */
	targetsContainers?: boolean;
	/** A question to ask before running; its answer is passed to `run`. */
	ask?(targets: readonly ContainerSummary[], ctx: ActionContext): DialogSpec | undefined;
	/** Checks a text answer: a message naming the field and what is wrong, or undefined when fine. */
	validate?(value: string, targets: readonly ContainerSummary[]): string | undefined;
	run(ctx: ActionContext, targets: readonly ContainerSummary[], answer?: Answer): void | Promise<void>;
}
