import React from 'react';
import {render} from 'ink';
import type {ActionContext} from './actions/types.js';
import {createEngine, type Endpoint, type ResolveOptions} from './engine/connect.js';
import {EngineSwitch, type EngineParts} from './engine-switch.js';
import type {EarlyList} from './early-list.js';
import {readOnlySource} from './config/policy.js';
import {configNotice} from './config/problems.js';
import type {Config} from './config/schema.js';
import {settingsView} from './store/settings-view.js';
import {sanitize} from './format/index.js';
import {EventLog} from './store/event-log.js';
import {Jobs} from './store/jobs.js';
import {LogFollower} from './store/log-follower.js';
import {Clock} from './store/clock.js';
import {CommandLog} from './store/command-log.js';
import type {SortColumn} from './store/metrics.js';
import {ModelStore} from './store/model-store.js';
import {DATA_FRAME_MS, dataFrames} from './store/observable.js';
import {StatsCollector} from './store/stats-collector.js';
import {startSync} from './store/sync.js';
import {ViewStore, type ReadOnlySource, type ViewState} from './store/view-store.js';
import {App, type LayoutBox} from './ui/App.js';
import {terminalClipboard} from './ui/clipboard.js';
import {FrameWriter} from './ui/frame-writer.js';
import {Screen} from './ui/screen.js';

export interface RunOptions {
	endpoint: Endpoint;
	/** How the endpoint was chosen: the context switcher lists the others from the same place. */
	resolve: ResolveOptions;
	/** The name of the choice the endpoint is (a context name, "--host" or "DOCKER_HOST"). */
	starting: string;
	/** The starting engine and its container list, asked for before this module was loaded. */
	early?: EarlyList;
	tail: number;
	showStopped: boolean;
	/** Every action that changes state is refused, and why (the flag, or a watched context; the config may add contexts). */
	readOnlyFrom?: ReadOnlySource;
	/** The config file's settings, when there is one; flags were already applied over it. */
	config?: Config;
	/** What was wrong in the config file, each `file:line:column: message`. */
	configProblems: readonly string[];
	filter: string;
	sort: SortColumn;
	intervalMs: number;
	historyMs: number;
	/** Mouse reporting at start (--mouse, or ui.mouse in the config). */
	mouse: boolean;
}

const SIGNAL_CODES: Readonly<Record<string, number>> = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15};

/** Runs berth on this process's terminal until the user quits; resolves to the exit code. */
export async function run(options: RunOptions): Promise<number> {
	// Samples come once an interval: each may wait most of one for a frame that log lines or keys
	// ask for (see FrameScheduler.within), but is drawn before the next sample comes.
	const sampleDelayMs = Math.max(DATA_FRAME_MS, options.intervalMs - DATA_FRAME_MS);
	const model = new ModelStore(options.endpoint.display, dataFrames.policy, dataFrames.within(sampleDelayMs));
	const {config} = options;
	const readOnlyOn = (choice: string): Pick<ViewState, 'readOnly' | 'readOnlyFrom'> => {
		const from = options.readOnlyFrom ?? (config === undefined ? undefined : readOnlySource(config, [choice]));
		return {readOnly: from !== undefined, readOnlyFrom: from};
	};
	const view = new ViewStore({showStopped: options.showStopped, filter: options.filter, sort: options.sort, ...readOnlyOn(options.starting)});
	const problems = options.configProblems;
	if (config) {
		view.change(state => settingsView(state, config, Date.now()));
	}
	// Taken once: by the first engine's parts and its first sync.
	let {early} = options;
	const partsFor = (endpoint: Endpoint): EngineParts => {
		const engine = early?.engine ?? createEngine(endpoint);
		return {
			engine,
			logs: new LogFollower(engine, options.tail),
			stats: new StatsCollector(engine, model, {
				intervalMs: options.intervalMs,
				historyPoints: Math.ceil(options.historyMs / options.intervalMs),
			}),
			events: new EventLog(),
		};
	};
	const engines = new EngineSwitch({
		resolve: options.resolve,
		starting: options.starting,
		partsFor,
		sync(parts) {
			const sync = startSync(parts.engine, model, {events: parts.events, early: early?.answered ?? early?.containers});
			early = undefined;
			return sync;
		},
		onSwitch(choice) {
			view.change(state => ({...state, ...readOnlyOn(choice)}));
		},
	});
	if (problems.length > 0) {
		// Berth starts with the defaults for what was wrong, and says so.
		model.notify('error', configNotice(problems));
	}
	const layoutBox: LayoutBox = {current: {listRows: 10, mainRows: 10}};
	const io = {stdin: process.stdin, stdout: process.stdout};

	let finish: (code: number) => void = () => {};
	const finished = new Promise<number>(resolve => {
		finish = resolve;
	});
	const writer = new FrameWriter(process.stdout);
	const screen = new Screen(
		io,
		writer,
		// Debug mode makes Ink hand over each whole frame; the writer sends the terminal only what changed.
		() =>
			render(<App ctx={ctx} layoutBox={layoutBox} />, {
				stdout: writer as unknown as NodeJS.WriteStream,
				stdin: process.stdin,
				debug: true,
				exitOnCtrlC: false,
				patchConsole: false,
			}),
		() => {
			finish(0);
		},
		options.mouse,
	);
	const clock = new Clock(model);
	const jobs = new Jobs(model);
	const ctx: ActionContext = {...partsFor(options.endpoint), engines, model, view, clock, jobs, terminal: screen, layout: () => layoutBox.current, commands: new CommandLog(), clipboard: terminalClipboard(process.stdout)};

	// Deprecation warnings speak to the authors of the code that caused them (docker-modem makes
	// one for every ssh:// connection), not to someone watching containers. (A documented
	// property that @types/node 20 leaves out.)
	(process as {noDeprecation?: boolean}).noDeprecation = true;
	// Ink's debug mode does not catch console output, and nothing may write to the terminal
	// behind the frame writer's back: whatever a library logs becomes a notice instead.
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		console[method] = (...args: unknown[]) => {
			model.notify('error', sanitize(args.map(String).join(' ')));
		};
	}

	engines.start(ctx);
	let closing: Promise<void> | undefined;
	const close = async (): Promise<void> => {
		closing ??= (async () => {
			jobs.close();
			clock.close();
			await screen.restore();
			engines.close();
		})();
		return closing;
	};

	const onSignal = (signal: NodeJS.Signals): void => {
		finish(128 + (SIGNAL_CODES[signal] ?? 0));
	};

	const onCrash = (error: unknown): void => {
		void close().finally(() => {
			process.stderr.write(`berth: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exit(70);
		});
	};

	for (const signal of Object.keys(SIGNAL_CODES)) {
		process.on(signal, onSignal);
	}

	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	// The last line of defence: whatever ends the process, the terminal comes back.
	process.on('exit', () => {
		void close();
	});
	// Over SSH a dropped link turns writes into errors; treat it like a hangup.
	process.stdout.on('error', () => {
		finish(128 + SIGNAL_CODES['SIGHUP']!);
	});

	screen.open();
	const code = await finished;
	await close();
	return code;
}
