// Custom commands from the config file: programs of the user's run on this machine with an
// argument array (never a shell string), pointed at the engine berth is connected to through the
// environment composeEnvironment makes (DOCKER_HOST, and the TLS settings for tcp).
import {spawn, type ChildProcess} from 'node:child_process';
import {constants} from 'node:os';
import {cannotStart, runProcess} from './child-process.js';
import {EngineError, type InteractiveIo, type InteractiveResult, type InteractiveSession, type JobControl} from './types.js';
import {t} from '../i18n/translate.js';

/** Stderr lines a failure message ends with. */
const FAILURE_LINES = 5;

function programOf(argv: readonly string[]): string {
	const program = argv[0];
	if (program === undefined || program === '') {
		throw new EngineError(t('a custom command needs a program to run'));
	}
	return program;
}

/** The exit code a shell would report: a process ended by a signal counts 128 + its number. */
function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number | undefined {
	return code ?? (signal === null ? undefined : 128 + constants.signals[signal]);
}

/**
 * Runs a program as a job: each line it prints, on stdout or stderr, is a `line` event (not yet
 * sanitised). No stdin, so it never waits for an answer nobody can give. The signal cancels it:
 * its process group gets SIGTERM, then SIGKILL. A failure says the exit code and the last stderr lines.
 */
export async function runLocalCommand(argv: readonly string[], env: NodeJS.ProcessEnv, control: JobControl): Promise<void> {
	const program = programOf(argv);
	const end = await runProcess({
		command: argv,
		env,
		signal: control.signal,
		what: program,
		stderrKept: FAILURE_LINES,
		onLine(_stream, text) {
			control.onEvent({kind: 'line', text});
		},
	});
	if (end.code !== 0) {
		const ended = `${program} failed with exit code ${exitCodeOf(end.code, end.signal) ?? '?'}${end.signal === null ? '' : ` (${end.signal})`}`;
		throw new EngineError([ended, ...end.stderrTail.filter(line => line.trim() !== '')].join('\n'));
	}
}

/** Signals that reach every process in the terminal's foreground group (Ctrl-C, Ctrl-\, Ctrl-Z). */
const KEYBOARD_SIGNALS = ['SIGINT', 'SIGQUIT', 'SIGTSTP'] as const;

/**
 * While the program has the terminal, the keyboard's signals are its own: berth, in the same
 * foreground process group, neither quits nor stops on them. Returns how to put berth's handlers back.
 */
function yieldKeyboardSignals(): () => void {
	const saved = KEYBOARD_SIGNALS.map(signal => [signal, process.rawListeners(signal)] as const);
	const ignore = (): void => {};
	for (const signal of KEYBOARD_SIGNALS) {
		process.removeAllListeners(signal);
		process.on(signal, ignore);
	}
	return () => {
		for (const [signal, listeners] of saved) {
			process.removeListener(signal, ignore);
			for (const listener of listeners) {
				process.on(signal, listener as (signal: NodeJS.Signals) => void);
			}
		}
	};
}

/** What a socket-backed stream reads through: Node's own `net.Socket#pause` stops it this way. */
interface ReadHandle {
	reading: boolean;
	readStop(): number;
	readStart(): number;
}

/**
 * Stops berth reading the terminal, so the keys typed are the program's: pausing the stream alone
 * leaves its handle reading into a buffer. Returns how to start reading again for berth.
 */
function stopReading(stdin: NodeJS.ReadStream): () => void {
	stdin.pause();
	const handle = (stdin as unknown as {_handle?: Partial<ReadHandle>})._handle;
	if (handle?.reading !== true || typeof handle.readStop !== 'function' || typeof handle.readStart !== 'function') {
		return () => {};
	}
	handle.reading = false;
	handle.readStop();
	return () => {
		handle.reading = true;
		handle.readStart!();
	};
}

/**
 * Runs a program with the terminal handed to it (as `docker exec -it` would be run from a shell):
 * its stdin and output are the terminal itself, in the terminal's normal (cooked) mode. `done`
 * settles with its exit code once it ended; `abort` (berth shutting down) hangs it up.
 */
export function openLocalCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: InteractiveIo): InteractiveSession {
	const program = programOf(argv);
	const {stdin} = io;
	const wasRaw = stdin.isTTY ? stdin.isRaw : false;
	if (stdin.isTTY) {
		stdin.setRawMode(false);
	}
	const readAgain = stopReading(stdin);
	const restoreSignals = yieldKeyboardSignals();
	let child: ChildProcess;
	try {
		child = spawn(program, argv.slice(1), {env, stdio: [stdin, io.stdout, io.stdout]});
	} catch (error) {
		restoreSignals();
		readAgain();
		throw error;
	}
	const done = new Promise<InteractiveResult>((resolve, reject) => {
		let spawnError: Error | undefined;
		child.on('error', error => {
			spawnError = error;
		});
		child.on('close', (code, signal) => {
			restoreSignals();
			readAgain();
			if (stdin.isTTY) {
				stdin.setRawMode(wasRaw);
			}
			if (spawnError) {
				reject(cannotStart(program, spawnError));
			} else {
				resolve({exitCode: exitCodeOf(code, signal), detached: false});
			}
		});
	});
	return {
		done,
		abort() {
			child.kill('SIGHUP');
		},
	};
}
