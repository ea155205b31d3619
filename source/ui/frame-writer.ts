import {EventEmitter} from 'node:events';
import {diffFrames, frameGrid, type Grid} from './frame-diff.js';
import {forTerminal} from './glyphs.js';
import {madeFrameCells} from './ink-output.js';
import {HOME_AND_CLEAR, RESET_STYLE} from './sequences.js';


/**
 * The stream Ink renders into. Ink (in its debug mode) writes each whole frame here; this writes
 * to the terminal only the cells that differ from what is on screen, once per turn of the event
 * loop however many frames arrived. Over a slow link a ticking number costs a few bytes, not a line.
 */
export class FrameWriter extends EventEmitter {
	readonly isTTY = true;
	readonly #terminal: NodeJS.WriteStream;
	#screen: Grid = [];
	#pending: string | undefined;
	#scheduled = false;
	#repaint = true;
	/** While the terminal belongs to someone else (a shell), frames are dropped. */
	#suspended = false;

	constructor(terminal: NodeJS.WriteStream) {
		super();
		this.#terminal = terminal;
		terminal.on('resize', this.#onResize);
	}

	get columns(): number {
		return this.#terminal.columns || 80;
	}

	get rows(): number {
		return this.#terminal.rows || 24;
	}

	write(frame: string): boolean {
		if (this.#suspended) {
			return true;
		}

		this.#pending = frame;
		if (!this.#scheduled) {
			this.#scheduled = true;
			setImmediate(this.#flush);
		}

		return true;
	}

	/** Forgets what is on screen: the next frame is drawn whole on a cleared screen. */
	invalidate(): void {
		this.#suspended = false;
		this.#repaint = true;
		this.#screen = [];
	}

	/** Drops the pending frame and any written until the next invalidate(): the screen is not ours now. */
	suspend(): void {
		this.#suspended = true;
		this.#pending = undefined;
	}

	dispose(): void {
		this.#terminal.off('resize', this.#onResize);
		this.#pending = undefined;
	}

	readonly #onResize = (): void => {
		// A resize may reflow or clear the screen in ways we cannot know: draw everything again.
		this.invalidate();
		this.emit('resize');
	};

	readonly #flush = (): void => {
		this.#scheduled = false;
		const frame = this.#pending;
		if (frame === undefined) {
			return;
		}

		this.#pending = undefined;
		const next = madeFrameCells(frame) ?? frameGrid(frame.replace(/\n$/, ''));
		let out = diffFrames(this.#screen, next, this.rows, this.columns);
		if (this.#repaint) {
			// The default style first: the screen is cleared in the default colours, and frames start
			// from that style.
			out = RESET_STYLE + HOME_AND_CLEAR + out;
			this.#repaint = false;
		}

		this.#screen = next;
		if (out !== '') {
			try {
				this.#terminal.write(forTerminal(out));
			} catch {
				// The terminal is gone (SSH dropped); the process is on its way out.
			}
		}
	};
}
