// End-to-end driver: runs a command in a detached tmux session of a fixed size, sends keys
// and reads the screen. Each terminal has its own tmux server, so tests never touch a user's
// tmux nor each other's.
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {readFile, rm} from 'node:fs/promises';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export type ScreenPredicate = string | RegExp | ((screen: string) => boolean);

export interface TerminalOptions {
	cols: number;
	rows: number;
	/** Program and arguments, run directly (no shell). */
	command: string[];
	/** Added to this process's environment; `undefined` removes a variable. CI is always removed. */
	env?: Record<string, string | undefined>;
	cwd?: string;
}

export interface Terminal {
	/**
	 * Process id of the command (the child of a small wrapper shell), once it runs. Wait for it
	 * before sending C-c to a program that has not drawn anything yet.
	 */
	pid(): Promise<number>;
	/** tmux server name: `tmux -L <server> attach` shows a test's terminal while it runs. */
	readonly server: string;
	readonly socketPath: string;
	/** Sends tmux key names, e.g. 'Down', 'C-c', 'Escape', 'Enter', 'F1'. */
	sendKeys(...keys: string[]): Promise<void>;
	/** Sends text literally, as if typed. */
	type(text: string): Promise<void>;
	/** The visible screen: one line per row, trailing spaces trimmed. */
	screen(): Promise<string>;
	/**
	 * Polls the screen every 50 ms until it matches and returns it. Throws with the last screen
	 * on timeout, or as soon as the command has exited without the screen matching.
	 */
	waitFor(predicate: ScreenPredicate, timeoutMs?: number): Promise<string>;
	resize(cols: number, rows: number): Promise<void>;
	/** Whether the command has exited, all its output shown; the last screen stays readable. */
	exited(): Promise<boolean>;
	/** The exit status (128 + signal number when a signal ended it); undefined while it runs. */
	exitStatus(): Promise<number | undefined>;
	/** Waits for the command to exit and returns exitStatus(). */
	waitForExit(timeoutMs?: number): Promise<number>;
	/** Ends the command and the tmux server. */
	kill(): Promise<void>;
}

/**
 * tmux reads an argument ending in ';' as a command separator, even from argv. A backslash
 * before that final ';' makes it literal; tmux removes the backslash.
 */
export function tmuxArgument(argument: string): string {
	return argument.endsWith(';') ? `${argument.slice(0, -1)}\\;` : argument;
}

function childEnvironment(extra: TerminalOptions['env']): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env};
	for (const [name, value] of Object.entries(extra ?? {})) {
		if (value === undefined) {
			delete env[name];
		} else {
			env[name] = value;
		}
	}
	// Ink writes nothing until exit when CI is set; TMUX would make this tmux think it is nested.
	delete env['CI'];
	delete env['TMUX'];
	delete env['TMUX_PANE'];
	return env;
}

function matches(screen: string, predicate: ScreenPredicate): boolean {
	if (typeof predicate === 'string') {
		return screen.includes(predicate);
	}
	if (predicate instanceof RegExp) {
		return predicate.test(screen);
	}
	return predicate(screen);
}

function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Runs the command (never a shell builtin, thanks to exec) and outlives it by a moment: tmux
 * drops output still in flight when the pane's process exits right after writing it. C-c and
 * C-\ reach the command and not the wrapper, which exits with the command's status (128 +
 * signal when a signal ended it).
 */
const WRAPPER = 'trap : INT QUIT; (exec "$@"); status=$?; sleep 0.1; exit $status';

let counter = 0;

export async function startTerminal(options: TerminalOptions): Promise<Terminal> {
	counter += 1;
	const server = `berth-e2e-${process.pid}-${counter}-${randomBytes(2).toString('hex')}`;
	const env = childEnvironment(options.env);
	const target = `${server}:0.0`;

	const tmux = async (...args: string[]): Promise<string> => {
		try {
			const {stdout} = await execFileAsync('tmux', ['-L', server, '-f', '/dev/null', ...args], {env});
			return stdout;
		} catch (error) {
			const {code, stderr} = error as {code?: unknown; stderr?: string};
			if (code === 'ENOENT') {
				throw new Error(
					'tmux is not installed: run `bash scripts/provision-engine.sh` or `apt-get install tmux`.',
				);
			}
			throw new Error(`tmux ${args[0] ?? ''} failed: ${stderr?.trim() || (error as Error).message}`);
		}
	};

	// The user's tmux config is never read (-f /dev/null). Options go in before the session
	// exists: a command that exits at once must still leave its pane (remain-on-exit) with its
	// last screen intact (an empty exit message), and no status line may take a row.
	await tmux(
		'start-server',
		';',
		'set-option',
		'-g',
		'status',
		'off',
		';',
		'set-option',
		'-g',
		'remain-on-exit',
		'on',
		';',
		'set-option',
		'-g',
		'remain-on-exit-format',
		'',
		';',
		'new-session',
		'-d',
		'-s',
		server,
		'-x',
		String(options.cols),
		'-y',
		String(options.rows),
		...(options.cwd ? ['-c', options.cwd] : []),
		'--',
		...['sh', '-c', WRAPPER, 'sh', ...options.command].map(tmuxArgument),
	);
	const info = await tmux('display-message', '-p', '-t', target, '#{pane_pid} #{socket_path}');
	const [wrapperPid = '', socketPath = ''] = info.trim().split(' ');

	const exitState = async (): Promise<number | undefined> => {
		const read = async (): Promise<string[]> =>
			(
				await tmux(
					'display-message',
					'-p',
					'-t',
					target,
					'#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}',
				)
			)
				.trim()
				.split(':');
		let [dead, status = '', signal = ''] = await read();
		if (dead === '1' && status === '' && signal === '') {
			// The pty closed but tmux has not reaped the process: a SIGCHLD that arrives while
			// tmux updates utmp is lost. Any other child's exit makes tmux reap them all.
			await tmux('run-shell', 'true');
			[dead, status = '', signal = ''] = await read();
		}
		// Until the pty has closed, tmux may not have read the command's last output.
		if (dead !== '1') {
			return undefined;
		}
		if (status !== '') {
			return Number(status);
		}
		// As a shell reports it.
		return signal === '' ? undefined : 128 + Number(signal);
	};

	const screen = async (): Promise<string> => {
		return (await tmux('capture-pane', '-p', '-t', target)).replace(/\n$/, '');
	};

	const terminal: Terminal = {
		server,
		socketPath,
		async pid() {
			const children = `/proc/${wrapperPid}/task/${wrapperPid}/children`;
			const wrapperCommand = await readFile(`/proc/${wrapperPid}/cmdline`, 'utf8').catch(() => '');
			const deadline = Date.now() + 5_000;
			for (;;) {
				const [pid] = (await readFile(children, 'utf8').catch(() => '')).split(' ');
				// Until exec, the child is the wrapper's subshell (same pid), not yet the command.
				const command = pid ? await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '') : '';
				if (pid && command !== '' && command !== wrapperCommand) {
					return Number(pid);
				}
				if (Date.now() > deadline) {
					throw new Error('the command has no process (it may have exited already)');
				}
				await sleep(10);
			}
		},
		async sendKeys(...keys) {
			await tmux('send-keys', '-t', target, ...keys.map(tmuxArgument));
		},
		async type(text) {
			await tmux('send-keys', '-t', target, '-l', '--', tmuxArgument(text));
		},
		screen,
		async waitFor(predicate, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const last = await screen();
				if (matches(last, predicate)) {
					return last;
				}
				const status = await exitState();
				if (status !== undefined) {
					// The screen can no longer change; read it once more in case the last output
					// arrived between the two reads.
					const final = await screen();
					if (matches(final, predicate)) {
						return final;
					}
					throw new Error(
						`waitFor(${String(predicate)}): the command exited (status ${status}) first; the screen was:\n${final}`,
					);
				}
				if (Date.now() > deadline) {
					throw new Error(
						`waitFor(${String(predicate)}) timed out after ${timeoutMs} ms; the screen was:\n${last}`,
					);
				}
				await sleep(50);
			}
		},
		async resize(cols, rows) {
			await tmux('resize-window', '-t', target, '-x', String(cols), '-y', String(rows));
		},
		async exited() {
			return (await exitState()) !== undefined;
		},
		exitStatus: exitState,
		async waitForExit(timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const status = await exitState();
				if (status !== undefined) {
					return status;
				}
				if (Date.now() > deadline) {
					throw new Error(
						`the command did not exit within ${timeoutMs} ms; the screen was:\n${await screen()}`,
					);
				}
				await sleep(50);
			}
		},
		async kill() {
			await tmux('kill-server').catch(() => undefined);
			// tmux leaves its socket file behind.
			await rm(socketPath, {force: true});
		},
	};
	return terminal;
}
