// A minimal external store for useSyncExternalStore. Snapshots are immutable: every change
// replaces the state object, so React can compare by identity.

export type Listener = () => void;

/** Decides when listeners hear about a change: now, or once per frame. */
export type NotifyPolicy = (flush: () => void) => void;

export const notifyNow: NotifyPolicy = flush => {
	flush();
};

/**
 * Coalesces the changes of every store that shares it, made within one frame, into notifications
 * delivered together, so the UI draws once for all of them.
 */
export class FrameScheduler {
	readonly #frameMs: number;
	readonly #pending = new Set<() => void>();
	#timer: NodeJS.Timeout | undefined;

	constructor(frameMs: number) {
		this.#frameMs = frameMs;
	}

	readonly policy: NotifyPolicy = flush => {
		this.#pending.add(flush);
		this.#timer ??= setTimeout(this.#run, this.#frameMs);
	};

	readonly #run = (): void => {
		this.#timer = undefined;
		const flushes = [...this.#pending];
		this.#pending.clear();
		for (const flush of flushes) {
			flush();
		}
	};
}

/**
 * The frame for what comes from the engine (lists, samples, log lines): short enough that a log
 * line shows at once to the eye, long enough that one drawing serves everything that arrived.
 */
export const DATA_FRAME_MS = 200;
export const dataFrames = new FrameScheduler(DATA_FRAME_MS);

export class Observable<S> {
	#state: S;
	readonly #listeners = new Set<Listener>();
	readonly #policy: NotifyPolicy;
	#dirty = false;

	constructor(initial: S, policy: NotifyPolicy = notifyNow) {
		this.#state = initial;
		this.#policy = policy;
	}

	readonly get = (): S => this.#state;

	readonly subscribe = (listener: Listener): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	protected update(change: (state: S) => S): void {
		const next = change(this.#state);
		if (next === this.#state) {
			return;
		}

		this.#state = next;
		if (this.#dirty) {
			return;
		}

		this.#dirty = true;
		this.#policy(this.#flush);
	}

	readonly #flush = (): void => {
		this.#dirty = false;
		for (const listener of this.#listeners) {
			listener();
		}
	};
}
