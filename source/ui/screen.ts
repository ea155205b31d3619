import type {Instance} from 'ink';
import type {InteractiveIo, InteractiveResult, InteractiveSession} from '../engine/types.js';
import type {TerminalControl} from '../actions/types.js';

const ENTER_ALT_SCREEN = '\u001B[?1049h';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const CLEAR = '\u001B[2J\u001B[H';
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';
/** Resets colours and attributes, in case a session or a crash left some set. */
const RESET_STYLE = '\u001B[0m';

/**
 * Owns the terminal: the alternate screen, the Ink instance drawn on it, and handing the real
 * terminal to an interactive session and back. Restoring is idempotent so every exit path can call it.
 */
export class Screen implements TerminalControl {
	readonly #io: InteractiveIo;
	readonly #mount: () => Instance;
	readonly #onQuit: () => void;
	#instance: Instance | undefined;
	#session: InteractiveSession | undefined;
	#inAltScreen = false;

	constructor(io: InteractiveIo, mount: () => Instance, onQuit: () => void) {
		this.#io = io;
		this.#mount = mount;
		this.#onQuit = onQuit;
	}

	#write(text: string): void {
		// After SSH drops the terminal is gone; writing must not throw on the way out.
		try {
			this.#io.stdout.write(text);
		} catch {}
	}

	/** Enters the alternate screen and draws the app. */
	open(): void {
		this.#write(ENTER_ALT_SCREEN + CLEAR + HIDE_CURSOR);
		this.#inAltScreen = true;
		this.#io.stdout.on('resize', this.#onResize);
		this.#instance = this.#mount();
	}

	/**
	 * A resize can reflow what is on screen, so the incremental renderer's idea of it is wrong:
	 * clear and let the next frame draw every line. Registered before Ink's own resize handler.
	 */
	readonly #onResize = (): void => {
		if (this.#instance) {
			this.#write(CLEAR);
			this.#instance.clear();
		}
	};

	async handOver(open: (io: InteractiveIo) => Promise<InteractiveSession>): Promise<InteractiveResult> {
		this.#unmount();
		this.#write(RESET_STYLE + CLEAR + LEAVE_ALT_SCREEN + SHOW_CURSOR);
		this.#inAltScreen = false;
		try {
			this.#session = await open(this.#io);
			return await this.#session.done;
		} finally {
			this.#session = undefined;
			// A fresh Ink instance draws the whole frame, where the old one would only write changes.
			this.open();
		}
	}

	quit(): void {
		this.#onQuit();
	}

	#unmount(): void {
		this.#io.stdout.off('resize', this.#onResize);
		this.#instance?.unmount();
		this.#instance = undefined;
	}

	/** Ends any session, removes the app and gives the terminal back as it was found. */
	restore(): void {
		this.#session?.abort();
		this.#session = undefined;
		this.#unmount();
		if (this.#inAltScreen) {
			this.#write(RESET_STYLE + CLEAR + LEAVE_ALT_SCREEN);
			this.#inAltScreen = false;
		}

		this.#write(SHOW_CURSOR);
		if (this.#io.stdin.isTTY) {
			try {
				this.#io.stdin.setRawMode(false);
			} catch {}
		}
	}
}
