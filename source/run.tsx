import React from 'react';
import {render} from 'ink';
import type {ActionContext} from './actions/types.js';
import {createEngine, type Endpoint} from './engine/connect.js';
import {LogFollower} from './store/log-follower.js';
import {ModelStore} from './store/model-store.js';
import {startSync} from './store/sync.js';
import {ViewStore} from './store/view-store.js';
import {App, type LayoutBox} from './ui/App.js';
import {Screen} from './ui/screen.js';

export interface RunOptions {
	endpoint: Endpoint;
	tail: number;
	showStopped: boolean;
	filter: string;
}

const SIGNAL_CODES: Readonly<Record<string, number>> = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15};

/** Runs berth on this process's terminal until the user quits; resolves to the exit code. */
export async function run(options: RunOptions): Promise<number> {
	const engine = createEngine(options.endpoint);
	const model = new ModelStore(engine.endpoint);
	const view = new ViewStore({showStopped: options.showStopped, filter: options.filter});
	const logs = new LogFollower(engine, options.tail);
	const layoutBox: LayoutBox = {current: {listRows: 10, mainRows: 10}};
	const io = {stdin: process.stdin, stdout: process.stdout};

	let finish: (code: number) => void = () => {};
	const finished = new Promise<number>(resolve => {
		finish = resolve;
	});
	const screen = new Screen(
		io,
		() => render(<App ctx={ctx} layoutBox={layoutBox} />, {exitOnCtrlC: false, incrementalRendering: true, patchConsole: true}),
		() => {
			finish(0);
		},
	);
	const ctx: ActionContext = {engine, model, view, logs, terminal: screen, layout: () => layoutBox.current};

	const sync = startSync(engine, model);
	let closed = false;
	const close = (): void => {
		if (closed) {
			return;
		}

		closed = true;
		screen.restore();
		sync.stop();
		logs.close();
		engine.close();
	};

	const onSignal = (signal: NodeJS.Signals): void => {
		finish(128 + (SIGNAL_CODES[signal] ?? 0));
	};

	const onCrash = (error: unknown): void => {
		close();
		process.stderr.write(`berth: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(70);
	};

	for (const signal of Object.keys(SIGNAL_CODES)) {
		process.on(signal, onSignal);
	}

	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	// The last line of defence: whatever ends the process, the terminal comes back.
	process.on('exit', close);
	// Over SSH a dropped link turns writes into errors; treat it like a hangup.
	process.stdout.on('error', () => {
		finish(128 + SIGNAL_CODES['SIGHUP']!);
	});

	screen.open();
	const code = await finished;
	close();
	return code;
}
