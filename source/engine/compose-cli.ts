// Finding the compose CLI and running it. Compose has no engine API of its own: berth runs the
// user's CLI, as the user would, with an argument array (never a shell string) so that names with
// spaces, quotes or `$` reach it as they are.
import {execFile} from 'node:child_process';
import {stat} from 'node:fs/promises';
import {runProcess} from './child-process.js';
import {failureLines, majorVersion, parseComposeVersion} from './compose-output.js';
import {EngineError, type JobControl} from './types.js';
import {t} from '../i18n/translate.js';

export interface ComposeCli {
	/** 'v2' for the Go rewrite (plugin or standalone binary), 'v1' for the Python `docker-compose`. */
	kind: 'v2' | 'v1';
	/** What to run before the arguments: ["docker", "compose"] or ["docker-compose"]. */
	command: string[];
	version: string;
}

/** What to tell a user who has no compose CLI. */
export function composeMissingMessage(): string {
	return t(
		"No compose CLI found: project actions run `docker compose` (the Compose v2 plugin) or `docker-compose` (v1). Install Docker's compose plugin (the docker-compose-plugin package from Docker's apt repository, or see https://docs.docker.com/compose/install/), or the docker-compose package of your distribution, so that one of them is on PATH. Projects are still grouped from container labels without it.",
	);
}

export interface ProbeResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs a command to its end; undefined when it cannot be run at all (not on PATH). */
export type Probe = (command: string[], env: NodeJS.ProcessEnv) => Promise<ProbeResult | undefined>;

const probeTimeoutMs = 15_000;

const execProbe: Probe = (command, env) =>
	new Promise(resolve => {
		const [file, ...args] = command;
		if (file === undefined) {
			resolve(undefined);
			return;
		}
		execFile(file, args, {env, timeout: probeTimeoutMs, windowsHide: true}, (error, stdout, stderr) => {
			const code = (error as NodeJS.ErrnoException | null)?.code;
			if (typeof code === 'string') {
				// ENOENT, EACCES: there is no such program to ask.
				resolve(undefined);
				return;
			}
			resolve({code: typeof code === 'number' ? code : error ? 1 : 0, stdout, stderr});
		});
	});

/**
 * The compose CLI to use: the v2 plugin (`docker compose`) when the docker CLI has it, else a
 * `docker-compose` binary (v1, or v2's standalone build, told apart by its version). Undefined
 * when there is neither; say `composeMissingMessage` then. Costs a process or two (v1 is Python
 * and slow to start): ask once and keep the answer.
 */
export async function composeCli(options: {env?: NodeJS.ProcessEnv; probe?: Probe} = {}): Promise<ComposeCli | undefined> {
	const env = options.env ?? process.env;
	const probe = options.probe ?? execProbe;
	for (const command of [['docker', 'compose'], ['docker-compose']]) {
		// Without the plugin, `docker compose …` fails ("unknown command", or "'compose' is not a docker command").
		const result = await probe([...command, 'version', '--short'], env);
		if (result?.code !== 0) {
			continue;
		}
		const version = parseComposeVersion(result.stdout);
		if (version === undefined) {
			continue;
		}
		return {kind: majorVersion(version) >= 2 ? 'v2' : 'v1', command, version};
	}
	return undefined;
}

/** Global options that take a value, so the subcommand can be found after them. */
const valueOptions = new Set(['-p', '--project-name', '--project-directory', '-f', '--file', '--ansi', '--env-file', '--profile', '-c', '--context']);

/** The compose subcommand in `args` ("up", "down"), for messages. */
export function subcommandOf(args: readonly string[]): string {
	for (let index = 0; index < args.length; index++) {
		const arg = args[index] ?? '';
		if (valueOptions.has(arg)) {
			index++;
		} else if (!arg.startsWith('-')) {
			return arg;
		}
	}
	return 'command';
}

export interface ComposeRunOptions {
	/** The project's working directory: compose resolves relative paths and `.env` from here. */
	cwd?: string;
	/** From `composeEnvironment`: says which engine to talk to. */
	env: NodeJS.ProcessEnv;
}

/** Lines kept from stderr for the failure message; older ones are dropped as they come. */
const stderrKept = 40;
/**
 * Runs compose with `args` (after `cli.command`), calling `onLine` for every line it prints. Resolves
 * when it exits 0; rejects with its own last error lines when it fails, and with "compose <sub>
 * cancelled" once it has exited after the signal fired.
 */
export async function executeCompose(
	cli: ComposeCli,
	args: readonly string[],
	options: ComposeRunOptions,
	signal: AbortSignal,
	onLine: (stream: 'stdout' | 'stderr', text: string) => void,
): Promise<void> {
	const what = `compose ${subcommandOf(args)}`;
	if (signal.aborted) {
		throw new EngineError(t('{what} cancelled', {what}));
	}
	if (options.cwd !== undefined) {
		// spawn reports a missing cwd as ENOENT, as if compose were missing: say what is really wrong.
		const folder = await stat(options.cwd).catch(() => undefined);
		if (!folder?.isDirectory()) {
			throw new EngineError(
				`the project's directory ${options.cwd} is not on this machine (compose needs its files; was the project started elsewhere?)`,
			);
		}
	}
	const end = await runProcess({command: [...cli.command, ...args], cwd: options.cwd, env: options.env, signal, what, stderrKept, onLine});
	if (end.code !== 0) {
		const reason = failureLines(end.stderrTail);
		const fallback = end.signal ? `${what} was killed by ${end.signal}` : `${what} failed with exit code ${end.code ?? '?'}`;
		throw new EngineError(reason.length > 0 ? reason.join('\n') : fallback);
	}
}

/**
 * Runs a compose action as a job: every line it prints, on stdout or stderr, is a `line` event
 * (not yet sanitised); the signal cancels it (the process group is sent SIGTERM, then SIGKILL).
 */
export function runCompose(cli: ComposeCli, args: readonly string[], options: ComposeRunOptions, control: JobControl): Promise<void> {
	return executeCompose(cli, args, options, control.signal, (_stream, text) => {
		if (text.trim() !== '') {
			control.onEvent({kind: 'line', text});
		}
	});
}

/** Runs compose to read its output (config, hashes): resolves with stdout. */
export async function captureCompose(
	cli: ComposeCli,
	args: readonly string[],
	options: ComposeRunOptions & {signal?: AbortSignal},
): Promise<string> {
	const out: string[] = [];
	await executeCompose(cli, args, options, options.signal ?? new AbortController().signal, (stream, text) => {
		if (stream === 'stdout') {
			out.push(text);
		}
	});
	return out.join('\n');
}
