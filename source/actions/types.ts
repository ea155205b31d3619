import type {
	ContainerSummary,
	Engine,
	ImageSummary,
	NetworkSummary,
	VolumeSummary,
	InteractiveIo,
	InteractiveResult,
	InteractiveSession,
} from '../engine/types.js';
import type {EngineChoice} from '../engine/contexts.js';
import type {Clock} from '../store/clock.js';
import type {CommandLog} from '../store/command-log.js';
import type {ComposeProject, ProjectService} from '../store/projects.js';
import type {EventLog} from '../store/event-log.js';
import type {Jobs} from '../store/jobs.js';
import type {LogFollower} from '../store/log-follower.js';
import type {ModelStore} from '../store/model-store.js';
import type {StatsCollector} from '../store/stats-collector.js';
import type {Dialog, PaneId, TabId, ViewStore} from '../store/view-store.js';
import type {NodeSummary, ServiceSummary} from '../engine/swarm-types.js';
import type {StackRow, SwarmDataRow} from '../store/swarm.js';

/**
 * Where a key means something. A pane's keys work while its list or its main area has focus;
 * a tab's keys only while the main area shows that tab and has focus.
 */
export type Scope = PaneId | TabId | 'list' | 'main' | 'global' | 'job' | 'engine' | RowScope;

/** The projects pane's rows are of two kinds, each with its own keys. */
export type RowScope = 'project' | 'service';

/** Lets an action give the real terminal to an interactive session and take it back. */
export interface TerminalControl {
	handOver(open: (io: InteractiveIo) => Promise<InteractiveSession>): Promise<InteractiveResult>;
	quit(): void;
	/** Mouse reporting: on, the terminal sends clicks and the wheel to berth; off, it selects text itself. */
	mouse: boolean;
}

/** Rows the UI currently gives to a list and to the main area: what a page is. */
export interface Layout {
	listRows: number;
	mainRows: number;
}

/** Which engine berth is connected to, and switching to another without restarting. */
export interface EngineControl {
	/** The name of the choice in use (a context name, "--host" or "DOCKER_HOST"). */
	current(): string;
	/** Every engine there is to switch to, read afresh from the docker CLI's context store. */
	choices(): EngineChoice[];
	/** Resolves to undefined when the choice's engine answers, else to the reason it does not. */
	probe(choice: EngineChoice): Promise<string | undefined>;
	/** Closes every stream of the engine in use and connects to the chosen one. */
	switchTo(choice: EngineChoice): void;
	/** Tries the engine in use again now, rather than at the next retry. */
	retry(): void;
	/** A number that moves on each time another engine is taken up, and how to hear of it. */
	get(): number;
	subscribe(listener: () => void): () => void;
}

export interface ActionContext {
	engine: Engine;
	engines: EngineControl;
	model: ModelStore;
	view: ViewStore;
	logs: LogFollower;
	stats: StatsCollector;
	clock: Clock;
	jobs: Jobs;
	events: EventLog;
	terminal: TerminalControl;
	layout(): Layout;
	/** The session's equivalent docker command lines, recorded as actions run. */
	commands: CommandLog;
	/** Puts text on the user's clipboard (OSC 52 through the terminal, so it works over SSH). */
	clipboard: Clipboard;
}

export interface Clipboard {
	copy(text: string): {bytes: number; truncated: boolean};
}

/** What the user answered in an action's dialog. */
export interface Answer {
	/** The choice or the text entered. */
	value: string;
	/** A confirm dialog's options, by id. */
	toggles: Readonly<Record<string, boolean>>;
	/** A form's fields, by id, as typed (toggles as "true" or "false"). */
	fields: Readonly<Record<string, string>>;
	/** The dialog's `carry`: what an earlier step decided. */
	carry?: string;
}

export type DialogSpec = Dialog extends infer D ? (D extends Dialog ? Omit<D, 'actionId' | 'targetIds'> : never) : never;

/** The kinds of object an action can act on, and the shape of each as the store holds it. */
export interface TargetTypes {
	container: ContainerSummary;
	image: ImageSummary;
	volume: VolumeSummary;
	network: NetworkSummary;
	project: ComposeProject;
	service: ProjectService;
	node: NodeSummary;
	'swarm-service': ServiceSummary;
	stack: StackRow;
	/** A secret or a config. */
	'swarm-data': SwarmDataRow;
}

export type TargetKind = keyof TargetTypes;
export type Target = TargetTypes[TargetKind];

/** The outcome of checking a form as typed: each wrong field's message, and what it would run. */
export interface FormCheck {
	errors: Readonly<Record<string, string>>;
	/** The equivalent docker command line, shown under the form. */
	preview?: string;
}

/** What running an action gives back: nothing, or the command line it ran (see `run`). */
export type Ran = void | string | Promise<void | string>;

interface ActionBase {
	id: string;
	title: string;
	/** A word for the status bar's key hints; actions without one are only in the help screen. */
	hint?: string;
	/** Default keys, as `parseKeys()` names them. */
	keys: readonly string[];
	scope: Scope;
	/** Destructive actions always ask first (their `ask` returns a dialog), and the registry checks it. */
	destructive?: boolean;
	/** Changes something on the engine (read-only mode refuses it); every destructive action does. */
	changesState?: boolean;
	/**
	 * A later step of another action (confirm what a prune removes, pick a tag to pull): it has no
	 * keys of its own and is reached only through the dialog the earlier step opens.
	 */
	step?: boolean;
}

/**
 * An action on objects of one kind: it applies to the marked objects of that kind, or else the
 * selected one. Written against its own kind's type; `defineAction` files it in the registry.
 */
export interface ObjectAction<K extends TargetKind> extends ActionBase {
	targets: K;
	ask?(targets: ReadonlyArray<TargetTypes[K]>, ctx: ActionContext): DialogSpec | undefined;
	/** Checks a text answer: a message naming the field and what is wrong, or undefined when fine. */
	validate?(value: string, targets: ReadonlyArray<TargetTypes[K]>): string | undefined;
	/** Checks a form's fields as they are typed. */
	check?(fields: Readonly<Record<string, string>>, ctx: ActionContext, carry?: string): FormCheck;
	/** Resolves to the command line it ran when only running can tell (which shell a container has). */
	run(ctx: ActionContext, targets: ReadonlyArray<TargetTypes[K]>, answer?: Answer): Ran;
	/** The docker (or compose) command line the action stands for, shown once it ran; `ctx` names what an answer picked by id. */
	command?(targets: ReadonlyArray<TargetTypes[K]>, answer?: Answer, ctx?: ActionContext): string | undefined;
}

/** An action on no object in particular (navigation, or one that makes something new). */
export interface PlainAction extends ActionBase {
	targets?: undefined;
	ask?(targets: readonly [], ctx: ActionContext): DialogSpec | undefined;
	validate?(value: string, targets: readonly []): string | undefined;
	check?(fields: Readonly<Record<string, string>>, ctx: ActionContext, carry?: string): FormCheck;
	run(ctx: ActionContext, targets: readonly [], answer?: Answer): Ran;
	command?(targets: readonly [], answer?: Answer, ctx?: ActionContext): string | undefined;
}

/** The registry's view of any action: targets of the kind the action names, resolved by the dispatcher. */
export interface Action extends ActionBase {
	targets?: TargetKind;
	ask?(targets: readonly Target[], ctx: ActionContext): DialogSpec | undefined;
	validate?(value: string, targets: readonly Target[]): string | undefined;
	check?(fields: Readonly<Record<string, string>>, ctx: ActionContext, carry?: string): FormCheck;
	run(ctx: ActionContext, targets: readonly Target[], answer?: Answer): Ran;
	command?(targets: readonly Target[], answer?: Answer, ctx?: ActionContext): string | undefined;
}

/**
 * Files an action in the registry. The dispatcher hands an action only objects of the kind it
 * names (see `targetObjects`), which is what makes the widening safe.
 */
export function defineAction<K extends TargetKind>(action: ObjectAction<K>): Action;
export function defineAction(action: PlainAction): Action;
export function defineAction(action: ObjectAction<TargetKind> | PlainAction): Action {
	return action as unknown as Action;
}
