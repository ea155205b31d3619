// The built berth in a tmux pseudo-terminal, timed as a user sees it: the first frame, the
// selection following a key, and the bytes berth writes to the terminal. Every figure here is
// read back through tmux, so it includes what a tmux call costs (captureMs measures that).
import {execFile} from 'node:child_process';
import {cp, mkdir, readdir, rm, stat, symlink} from 'node:fs/promises';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {startTerminal, type Terminal} from '../../test/support/terminal.js';
import {benchName} from './fleet.js';
import {isRunning} from './procfs.js';

const execFileAsync = promisify(execFile);

/**
 * What tmux runs for pipe-pane. It is constant, so no data ever reaches a shell: the file
 * comes from the environment, which the tmux server hands to the commands it runs.
 */
const PIPE_COMMAND = 'exec cat >"$BERTH_BENCH_OUTPUT"';
/** Between two captures, so polling does not take the CPU berth needs to draw. */
export const POLL_MS = 5;

export interface Berth {
	terminal: Terminal;
	pid: number;
	/** From just before tmux starts berth to the capture that first showed the frame. */
	firstFrameMs: number;
	/** When the first frame showed (performance.now()). */
	firstFrameAt: number;
	outputFile: string;
}

const terminals = new Set<Terminal>();
let launches = 0;

async function tmux(terminal: Terminal, ...args: string[]): Promise<void> {
	await execFileAsync('tmux', ['-S', terminal.socketPath, ...args]);
}

function pane(terminal: Terminal): string {
	// startTerminal names the session after its server.
	return `${terminal.server}:0.0`;
}

/** Captures the screen until `ready` holds; `at` is when that capture returned. */
async function pollScreen(
	terminal: Terminal,
	ready: (screen: string) => boolean,
	timeoutMs: number,
	what: string,
): Promise<{screen: string; at: number}> {
	const deadline = performance.now() + timeoutMs;
	let nextExitCheck = performance.now() + 500;
	for (;;) {
		const screen = await terminal.screen();
		const at = performance.now();
		if (ready(screen)) {
			return {screen, at};
		}
		if (at > nextExitCheck) {
			const status = await terminal.exitStatus();
			if (status !== undefined) {
				throw new Error(`berth exited (status ${status}) while the bench waited for ${what}; the screen was:\n${screen}`);
			}
			nextExitCheck = at + 500;
		}
		if (at > deadline) {
			throw new Error(`waited ${timeoutMs} ms for ${what} in vain; the screen was:\n${screen}`);
		}
		await sleep(POLL_MS);
	}
}

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Copies the built CLI into `directory` and returns its path, so every launch runs the build the
 * bench started with, even if dist/ is rebuilt meanwhile. Packages still resolve from the
 * project's node_modules, linked beside the copy.
 */
export async function snapshotBuild(directory: string): Promise<string> {
	const root = join(directory, 'berth');
	await mkdir(root);
	await cp(join(REPOSITORY, 'dist'), join(root, 'dist'), {recursive: true});
	// It says the .js files are ES modules.
	await cp(join(REPOSITORY, 'package.json'), join(root, 'package.json'));
	await symlink(join(REPOSITORY, 'node_modules'), join(root, 'node_modules'));
	return join(root, 'dist', 'cli.js');
}

/**
 * Where the launched berths keep their compiled code (XDG_CACHE_HOME): the bench's own, so that
 * whether a launch finds it is the bench's doing, not the user's last run.
 */
export function cacheHome(directory: string): string {
	return join(directory, 'cache');
}

/** Empties the launches' compiled-code cache: the next launch starts as the first after a build does. */
export async function clearCodeCache(directory: string): Promise<void> {
	await rm(cacheHome(directory), {recursive: true, force: true});
}

/** Waits until a launch has written its compiled code (2 s after its start), at most `limitMs`. */
export async function untilCodeCached(directory: string, limitMs: number): Promise<void> {
	const deadline = performance.now() + limitMs;
	const folder = join(cacheHome(directory), 'berth');
	while (performance.now() < deadline) {
		const files = await readdir(folder).catch(() => []);
		if (files.some(file => file.endsWith('.bin'))) {
			return;
		}

		await sleep(POLL_MS);
	}

	throw new Error(`berth wrote no compiled-code cache into ${folder} within ${limitMs} ms`);
}

export interface LaunchOptions {
	/** What to run: a built CLI (from snapshotBuild) as itself, as a user runs it; a script under Node. */
	command: string[];
	cols: number;
	rows: number;
	args: string[];
	/** Where berth's terminal output goes while it is counted. */
	directory: string;
	/** True once the screen shows the first frame. */
	ready: (screen: string) => boolean;
	/** How long to wait for it (15 s unless given). */
	firstFrameLimitMs?: number;
}

export async function launchBerth(options: LaunchOptions): Promise<Berth> {
	launches += 1;
	const outputFile = join(options.directory, `output-${launches}`);
	const started = performance.now();
	const terminal = await startTerminal({
		cols: options.cols,
		rows: options.rows,
		command: [...options.command, ...options.args],
		env: {TERM: 'xterm-256color', BERTH_BENCH_OUTPUT: outputFile, XDG_CACHE_HOME: cacheHome(options.directory)},
	});
	terminals.add(terminal);
	const {at} = await pollScreen(terminal, options.ready, options.firstFrameLimitMs ?? 15_000, 'the first frame');
	return {terminal, pid: await terminal.pid(), firstFrameMs: at - started, firstFrameAt: at, outputFile};
}

/** Hangs up berth's terminal, as closing it would, and waits until berth has exited. */
export async function closeBerth(berth: Berth): Promise<void> {
	terminals.delete(berth.terminal);
	await berth.terminal.kill();
	const deadline = performance.now() + 5_000;
	while (await isRunning(berth.pid)) {
		if (performance.now() > deadline) {
			process.kill(berth.pid, 'SIGKILL');
			throw new Error(`berth (pid ${berth.pid}) was still running 5 s after its terminal hung up`);
		}
		await sleep(20);
	}
}

/** Ends every terminal still open, for a bench that stops early. */
export async function closeAll(): Promise<void> {
	await Promise.all([...terminals].map(async terminal => terminal.kill()));
	terminals.clear();
}

/** Throws, with the screen as evidence, when berth has exited. */
export async function assertRunning(berth: Berth): Promise<void> {
	const status = await berth.terminal.exitStatus();
	if (status !== undefined) {
		throw new Error(`berth exited (status ${status}); the screen was:\n${await berth.terminal.screen()}`);
	}
}

/** Starts copying everything berth writes to its terminal into berth.outputFile. */
export async function startCountingOutput(berth: Berth): Promise<void> {
	await tmux(berth.terminal, 'pipe-pane', '-o', '-t', pane(berth.terminal), PIPE_COMMAND);
}

/** Stops the copy and returns how many bytes it holds. */
export async function stopCountingOutput(berth: Berth): Promise<number> {
	await tmux(berth.terminal, 'pipe-pane', '-t', pane(berth.terminal));
	// cat may still be writing what tmux handed it just before the pipe closed.
	await sleep(200);
	return (await stat(berth.outputFile)).size;
}

/** The median time of one capture-pane call, the unit every screen figure is read in. */
export async function captureMs(berth: Berth, samples: number): Promise<number> {
	const times: number[] = [];
	for (let index = 0; index < samples; index += 1) {
		const started = performance.now();
		await berth.terminal.screen();
		times.push(performance.now() - started);
		await sleep(POLL_MS);
	}
	return percentile(times, 0.5);
}

/** Nearest-rank percentile, p in (0, 1]. */
export function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** The selected row of the list: the line that starts with '›'. */
function selectedRow(screen: string): {index: number; line: string} | undefined {
	const lines = screen.split('\n');
	const index = lines.findIndex(line => line.startsWith('›'));
	return index === -1 ? undefined : {index, line: lines[index]!};
}

/** True once the list shows a container row. */
export function showsContainerRow(screen: string): boolean {
	return selectedRow(screen) !== undefined;
}

/**
 * Which row is selected and which container it is. Once the list scrolls the selection stays
 * on the same screen row, so the name tells the moves apart; where the list's name column is
 * too narrow for whole names, the first whole name on screen is the selected container's title.
 */
function selection(screen: string): string | undefined {
	const row = selectedRow(screen);
	return row && `${row.index} ${benchName(row.line) ?? benchName(screen) ?? ''}`;
}

/**
 * Presses Down (Up on the way back from the last row) `presses` times, each time timing send-keys
 * until a capture shows the selection moved.
 */
export async function keypressLatencies(berth: Berth, rows: number, presses: number, pauseMs: number): Promise<number[]> {
	const {terminal} = berth;
	const first = await terminal.screen();
	let selected = selection(first);
	if (selected === undefined) {
		throw new Error(`no row is selected; the screen was:\n${first}`);
	}
	const latencies: number[] = [];
	let position = 0;
	let step = 1;
	for (let press = 0; press < presses; press += 1) {
		if (position + step < 0 || position + step >= rows) {
			step = -step;
		}
		const before = selected;
		const started = performance.now();
		await terminal.sendKeys(step > 0 ? 'Down' : 'Up');
		const {screen, at} = await pollScreen(
			terminal,
			current => {
				const now = selection(current);
				return now !== undefined && now !== before;
			},
			5_000,
			`the selection to move from row and name ${before}`,
		);
		latencies.push(at - started);
		selected = selection(screen);
		position += step;
		await sleep(pauseMs);
	}
	return latencies;
}

/** The engine's timestamps as the logs pane shows them (t): "2026-11-22T10:59:19.123Z". */
const SHOWN_TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;

/**
 * How old the newest log line on screen is, in ms: from the time the engine stamped it to the
 * capture that showed it (the capture's own time included). Undefined when no line shows a time.
 */
export async function newestLineAgeMs(berth: Berth): Promise<number | undefined> {
	const screen = await berth.terminal.screen();
	const at = Date.now();
	const times = (screen.match(SHOWN_TIMESTAMP) ?? []).map(text => Date.parse(text));
	return times.length === 0 ? undefined : at - Math.max(...times);
}

/** The name of the selected container, as the list shows it. */
export function selectedName(screen: string): string | undefined {
	const row = selectedRow(screen);
	return row && benchName(row.line);
}
