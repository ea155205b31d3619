import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {startTerminal, type ScreenPredicate, type Terminal} from '../support/terminal.js';

export const execFileAsync = promisify(execFile);

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The built CLI, as a user runs it; the e2e tests never run the sources. */
export function requireBuild(): void {
	if (!existsSync(CLI)) {
		throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it).`);
	}
}

export interface LaunchOptions {
	cols?: number;
	rows?: number;
	args?: string[];
	env?: Record<string, string | undefined>;
	/** What the first frame shows (default: the Containers pane). */
	ready?: ScreenPredicate;
}

/** berth in a fresh tmux terminal, waiting until it has drawn its first frame. */
export async function launch(options: LaunchOptions = {}): Promise<Terminal> {
	requireBuild();
	const terminal = await startTerminal({
		cols: options.cols ?? 160,
		rows: options.rows ?? 45,
		command: [process.execPath, CLI, ...(options.args ?? [])],
		env: {TERM: 'xterm-256color', ...options.env},
	});
	await terminal.waitFor(options.ready ?? /Containers/, 15_000);
	return terminal;
}

/** Asks this terminal's tmux server for a pane format value, e.g. '#{alternate_on}'. */
export async function paneValue(terminal: Terminal, format: string): Promise<string> {
	const {stdout} = await execFileAsync('tmux', ['-L', terminal.server, 'display-message', '-p', format]);
	return stdout.trim();
}
