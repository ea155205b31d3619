import type {Instance} from 'ink';
import type {InteractiveIo, InteractiveResult, InteractiveSession} from '../engine/types.js';
import type {TerminalControl} from '../actions/types.js';
import type {FrameWriter} from './frame-writer.js';
import {HOME_AND_CLEAR, RESET_STYLE} from './sequences.js';

const ENTER_ALT_SCREEN = '\u001B[?1049h';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const HIDE_CURSOR = '\u001B[?25l';
/** New line mode off (the default), so the frame writer's line tabulations move down and no more. */
const NEW_LINE_MODE_OFF = '\u001B[20l';
const SHOW_CURSOR = '\u001B[?25h';
/** How long an ended session may take to stop its processes in the container before berth exits anyway. */
const SESSION_CLEANUP_MS = 3000;
/** Mouse reporting: presses, releases and the wheel (1000), sent in SGR form (1006), which has no limit on columns. */
const MOUSE_ON = '\u001B[?1000h\u001B[?1006h';
const MOUSE_OFF = '\u001B[?1006l\u001B[?1000l';

/**
 * Owns the terminal: the alternate screen, the Ink instance drawn on it, and handing the real
 * terminal to an interactive session and back. Restoring is idempotent so every exit path can call it.
 */
export class Screen implements TerminalControl {
	readonly #io: InteractiveIo;
	readonly #writer: FrameWriter;
	readonly #mount: () => Instance;
	readonly #onQuit: () => void;
	#instance: Instance | undefined;
	#session: InteractiveSession | undefined;
	#inAltScreen = false;
	/** Set once restoring began: a session ending after that must not bring the app back. */
	#closed = false;
	/** Whether berth wants the mouse; the terminal reports it only while berth's screen is up. */
	#mouse: boolean;

	constructor(io: InteractiveIo, writer: FrameWriter, mount: () => Instance, onQuit: () => void, mouse = false) {
		this.#io = io;
		this.#writer = writer;
		this.#mount = mount;
		this.#onQuit = onQuit;
		this.#mouse = mouse;
	}

	get mouse(): boolean {
		return this.#mouse;
	}

	set mouse(on: boolean) {
		this.#mouse = on;
		if (this.#inAltScreen) {
			this.#write(on ? MOUSE_ON : MOUSE_OFF);
		}
	}

	#write(text: string): void {
		// After SSH drops the terminal is gone; writing must not throw on the way out.
		try {
			this.#io.stdout.write(text);
		} catch {}
	}

	/** Enters the alternate screen and draws the app on it, whole. */
	open(): void {
		this.#write(ENTER_ALT_SCREEN + HOME_AND_CLEAR + HIDE_CURSOR + NEW_LINE_MODE_OFF + (this.#mouse ? MOUSE_ON : ''));
		this.#inAltScreen = true;
		this.#writer.invalidate();
		this.#instance = this.#mount();
	}

	async handOver(open: (io: InteractiveIo) => Promise<InteractiveSession>): Promise<InteractiveResult> {
		this.#unmount();
		// The session gets a terminal as it was found: a shell or editor there asks for the mouse itself if it wants it.
		this.#write((this.#mouse ? MOUSE_OFF : '') + RESET_STYLE + HOME_AND_CLEAR + LEAVE_ALT_SCREEN + SHOW_CURSOR);
		this.#inAltScreen = false;
		try {
			this.#session = await open(this.#io);
			if (this.#closed) {
				// berth is shutting down: the session that just opened must not outlive it.
				this.#session.abort();
			}

			return await this.#session.done;
		} finally {
			this.#session = undefined;
			if (!this.#closed) {
				this.open();
			}
		}
	}

	quit(): void {
		this.#onQuit();
	}

	#unmount(): void {
		this.#instance?.unmount();
		this.#instance = undefined;
		// Ink draws one last frame as it unmounts; it must not reach whoever has the terminal next.
		this.#writer.suspend();
	}

	/**
	 * Ends any session, removes the app and gives the terminal back as it was found. Resolves once
	 * an ended session has cleaned up inside its container, or after a few seconds at most.
	 */
	async restore(): Promise<void> {
		this.#closed = true;
		const session = this.#session;
		session?.abort();
		this.#session = undefined;
		this.#unmount();
		this.#writer.dispose();
		if (this.#inAltScreen) {
			this.#write((this.#mouse ? MOUSE_OFF : '') + RESET_STYLE + HOME_AND_CLEAR + LEAVE_ALT_SCREEN);
			this.#inAltScreen = false;
		}

		this.#write(SHOW_CURSOR);
		if (this.#io.stdin.isTTY) {
			try {
				this.#io.stdin.setRawMode(false);
			} catch {}
		}

		if (session) {
			await Promise.race([session.done, new Promise(resolve => setTimeout(resolve, SESSION_CLEANUP_MS).unref())]);
		}
	}
}
