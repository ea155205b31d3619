import type {Duplex} from 'node:stream';
import {setTimeout as delay} from 'node:timers/promises';
import {FrameDemuxer} from './logs.js';
import type {InteractiveIo, InteractiveResult, InteractiveSession} from './types.js';

const ctrlP = 0x10;
const ctrlQ = 0x11;

/**
 * Finds Ctrl-P Ctrl-Q in keyboard input, also when the two bytes arrive in separate chunks.
 * A lone Ctrl-P is held back until the next byte shows whether it starts the sequence.
 */
export class DetachKeyDetector {
	#heldCtrlP = false;

	push(chunk: Buffer): {forward: Buffer; detach: boolean} {
		const bytes = this.#heldCtrlP ? Buffer.concat([Buffer.of(ctrlP), chunk]) : chunk;
		this.#heldCtrlP = false;
		for (let index = 0; index < bytes.length; index++) {
			if (bytes[index] !== ctrlP) {
				continue;
			}
			if (index === bytes.length - 1) {
				this.#heldCtrlP = true;
				return {forward: bytes.subarray(0, index), detach: false};
			}
			if (bytes[index + 1] === ctrlQ) {
				return {forward: bytes.subarray(0, index), detach: true};
			}
		}
		return {forward: bytes, detach: false};
	}
}

interface ExitStatus {
	running: boolean;
	exitCode?: number;
}

/**
 * The exit code once the engine has recorded it: the connection can close a moment before the
 * engine marks the process as exited, so ask a few times before giving up.
 */
export async function settledExitCode(inspect: () => Promise<ExitStatus>): Promise<number | undefined> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const status = await inspect();
		if (!status.running) {
			return status.exitCode;
		}
		await delay(100);
	}
	return undefined;
}

export interface HandOverOptions {
	/** The hijacked connection to the process. */
	socket: Duplex;
	io: InteractiveIo;
	/** True when the connection carries framed stdout/stderr (no TTY). */
	multiplexed: boolean;
	/** Whether keystrokes reach the process (false when it has no stdin). */
	forwardInput: boolean;
	/** Whether Ctrl-P Ctrl-Q ends the session, leaving the process running. */
	detachKeys: boolean;
	resize?: (size: {h: number; w: number}) => Promise<unknown>;
	/** How the session ended, asked once the connection has closed. */
	outcome(ending: {detached: boolean; aborted: boolean}): Promise<InteractiveResult>;
}

/**
 * Gives the terminal to a process: raw keyboard input to the connection, its output to the
 * screen, terminal sizes to the engine. When the connection closes, everything is put back
 * and `done` settles.
 */
export function handOverTerminal(options: HandOverOptions): InteractiveSession {
	const {socket, io} = options;
	const {stdin, stdout} = io;
	const wasRaw = stdin.isTTY ? stdin.isRaw : false;
	const detector = options.detachKeys ? new DetachKeyDetector() : undefined;
	let detached = false;
	let aborted = false;

	const onInput = (chunk: Buffer | string): void => {
		let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		let detach = false;
		if (detector) {
			({forward: bytes, detach} = detector.push(bytes));
		}
		if (options.forwardInput && bytes.length > 0 && !socket.destroyed) {
			socket.write(bytes);
		}
		if (detach) {
			detached = true;
			socket.destroy();
		}
	};
	// Piped (non-terminal) input that ends is passed on as end of input.
	const onInputEnd = (): void => {
		if (options.forwardInput && !socket.destroyed) {
			socket.end();
		}
	};
	const onResize = (): void => {
		const {rows, columns} = stdout;
		if (options.resize && rows > 0 && columns > 0) {
			// Best effort: the process may not have started yet, or already gone.
			options.resize({h: rows, w: columns}).catch(() => undefined);
		}
	};
	const demuxer = options.multiplexed ? new FrameDemuxer() : undefined;
	const onOutput = (chunk: Buffer): void => {
		for (const piece of demuxer?.push(chunk) ?? []) {
			stdout.write(piece.data);
		}
	};

	if (demuxer) {
		socket.on('data', onOutput);
	} else {
		socket.pipe(stdout, {end: false});
	}
	if (stdin.isTTY) {
		stdin.setRawMode(true);
	}
	stdin.on('data', onInput);
	stdin.on('end', onInputEnd);
	stdin.resume();
	stdout.on('resize', onResize);
	onResize();

	const release = (): void => {
		stdin.off('data', onInput);
		stdin.off('end', onInputEnd);
		stdout.off('resize', onResize);
		socket.off('data', onOutput);
		socket.unpipe(stdout);
		if (stdin.isTTY) {
			stdin.setRawMode(wasRaw);
		}
		stdin.pause();
	};

	const done = new Promise<InteractiveResult>(resolve => {
		socket.on('end', () => socket.destroy());
		// An error is always followed by 'close', which is where the session ends.
		socket.on('error', () => undefined);
		socket.once('close', () => {
			release();
			options.outcome({detached, aborted}).then(resolve, () => resolve({detached}));
		});
	});

	return {
		done,
		abort() {
			aborted = true;
			socket.destroy();
		},
	};
}
