import {execFile, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import type Dockerode from 'dockerode';
import {RUN_ID, RUN_LABEL, TEST_IMAGE} from '../support/engine.js';
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
		// The file itself, as its bin link runs it: its first lines start Node with berth's V8 flags.
		command: [CLI, ...(options.args ?? [])],
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

/** The docker CLI with an argument array (no shell), on `host` when given; `input` goes to its stdin. */
export function dockerCli(args: string[], options: {input?: string; host?: string} = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		// The legacy builder: its intermediate images carry the labels of the steps before them.
		const env: NodeJS.ProcessEnv = {...process.env, DOCKER_BUILDKIT: '0'};
		if (options.host) {
			env['DOCKER_HOST'] = options.host;
		}
		const child = spawn('docker', args, {stdio: ['pipe', 'pipe', 'pipe'], env});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		child.once('close', code => {
			if (code === 0) {
				resolve(stdout);
			} else {
				reject(new Error(`docker ${args.join(' ')} exited with code ${code}: ${stderr.trim()}`));
			}
		});
		child.stdin.end(options.input ?? '');
	});
}

/**
 * Builds a Dockerfile of `steps` (no context) FROM the test image as `tag`, with the run's label,
 * through `docker` (on `host` when given, the engine `docker` talks to). Returns the image's id.
 */
export async function buildLabelled(docker: Dockerode, tag: string, steps: string[], host?: string): Promise<string> {
	const dockerfile = [`FROM ${TEST_IMAGE}`, `LABEL ${RUN_LABEL}=${RUN_ID}`, ...steps].join('\n');
	await dockerCli(['build', '-q', '-t', tag, '-'], {input: `${dockerfile}\n`, host});
	return (await docker.getImage(tag).inspect()).Id;
}

/** The list row (left of the main area) with `text`; not a pane's title line. */
export function listRow(screen: string, text: string): string | undefined {
	return screen
		.split('\n')
		.map(line => line.split('│')[0]!)
		.find(line => line.includes(text) && !line.startsWith('─'));
}

/**
 * Moves the cursor to the list row with `text`, up or down from where the screen shows it, reading
 * the screen again after every key: a key that a redraw swallowed, or a screen read mid-redraw,
 * costs a step rather than sending the cursor past the row.
 */
export async function selectRow(terminal: Terminal, text: string): Promise<void> {
	for (let guard = 0; guard < 20; guard++) {
		const rows = (await terminal.screen())
			.split('\n')
			.map(line => line.split('│')[0]!)
			.filter(line => !line.startsWith('─'));
		const target = rows.findIndex(line => line.includes(text));
		const cursor = rows.findIndex(line => line.startsWith('›'));
		if (target !== -1 && target === cursor) {
			return;
		}

		await terminal.sendKeys(target === -1 || cursor === -1 ? 'g' : target < cursor ? 'k' : 'j');
		await new Promise(resolve => setTimeout(resolve, 150));
	}

	throw new Error(`the cursor never reached ${text}:\n${await terminal.screen()}`);
}
