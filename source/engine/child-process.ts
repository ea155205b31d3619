// Programs berth runs on this machine (the compose CLI, custom commands): an argument array,
// never a shell string; no stdin, so they never wait for an answer nobody can give; their own
// process group, so cancelling reaches what they started too.
import {spawn} from 'node:child_process';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

/** After SIGTERM, how long a program gets to stop before it is killed. */
export const killGraceMs = 3_000;

/** Splits a stream's text into lines, carrying a partial line over to the next chunk. */
export function lineSplitter(onLine: (line: string) => void): {push(text: string): void; end(): void} {
	let rest = '';
	return {
		push(text) {
			const parts = (rest + text).split(/\r\n|\r|\n/);
			rest = parts.pop() ?? '';
			for (const part of parts) {
				onLine(part);
			}
		},
		end() {
			if (rest !== '') {
				onLine(rest);
			}
			rest = '';
		},
	};
}

/** Signals a process started `detached` and every process it started. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) {
		return;
	}
	try {
		// The whole group: `docker compose` runs the plugin as a child of the docker CLI.
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

/** Why a program could not be started, in plain words. */
export function cannotStart(program: string, error: Error): EngineError {
	const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found on PATH' : error.message;
	return new EngineError(t('cannot run {program}: {reason}', {program, reason}));
}

export interface ProcessOptions {
	/** The program and its arguments. */
	command: readonly string[];
	cwd?: string;
	env: NodeJS.ProcessEnv;
	signal: AbortSignal;
	/** What it is called in "… cancelled", e.g. "compose up". */
	what: string;
	/** How many of the last stderr lines to keep for a failure message. */
	stderrKept: number;
	onLine(stream: 'stdout' | 'stderr', text: string): void;
}

export interface ProcessEnd {
	code: number | null;
	signal: NodeJS.Signals | null;
	/** Its last stderr lines. */
	stderrTail: string[];
}

/**
 * Runs a program, calling `onLine` for every line it prints, and resolves with how it ended,
 * whatever its exit code. Rejects when it cannot be started ("cannot run X: not found on PATH")
 * and with "WHAT cancelled" once it has exited after the signal fired (SIGTERM, then SIGKILL).
 */
export async function runProcess(options: ProcessOptions): Promise<ProcessEnd> {
	const [file, ...args] = options.command;
	if (file === undefined || file === '') {
		throw new EngineError(t('no program to run'));
	}
	if (options.signal.aborted) {
		throw new EngineError(t('{what} cancelled', {what: options.what}));
	}
	return new Promise<ProcessEnd>((resolve, reject) => {
		const child = spawn(file, args, {cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, windowsHide: true});
		const stderrTail: string[] = [];
		let cancelled = false;
		let killTimer: NodeJS.Timeout | undefined;
		let spawnError: Error | undefined;
		const stdout = lineSplitter(text => options.onLine('stdout', text));
		const stderr = lineSplitter(text => {
			stderrTail.push(text);
			stderrTail.splice(0, stderrTail.length - options.stderrKept);
			options.onLine('stderr', text);
		});
		child.stdout.setEncoding('utf8').on('data', (text: string) => stdout.push(text));
		child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
		const onAbort = (): void => {
			cancelled = true;
			killGroup(child.pid, 'SIGTERM');
			killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), killGraceMs);
		};
		options.signal.addEventListener('abort', onAbort, {once: true});
		child.on('error', error => {
			spawnError = error;
		});
		child.on('close', (code, signal) => {
			options.signal.removeEventListener('abort', onAbort);
			clearTimeout(killTimer);
			stdout.end();
			stderr.end();
			if (cancelled) {
				reject(new EngineError(t('{what} cancelled', {what: options.what})));
			} else if (spawnError) {
				reject(cannotStart(file, spawnError));
			} else {
				resolve({code, signal, stderrTail});
			}
		});
	});
}
