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
	#dueAt = Number.POSITIVE_INFINITY;

	constructor(frameMs: number) {
		this.#frameMs = frameMs;
	}

	readonly policy: NotifyPolicy = flush => {
		this.#schedule(flush, this.#frameMs);
	};

	/**
	 * For changes that can wait up to `delayMs`: they are drawn with the next frame anything else
	 * asks for, or after that long. Metrics, sampled once an interval, then share the frame of the
	 * log lines that arrive between samples instead of taking one of their own.
	 */
	within(delayMs: number): NotifyPolicy {
		return flush => {
			this.#schedule(flush, delayMs);
		};
	}

	#schedule(flush: () => void, delayMs: number): void {
		this.#pending.add(flush);
		const due = performance.now() + delayMs;
		if (due < this.#dueAt) {
			clearTimeout(this.#timer);
			this.#dueAt = due;
			this.#timer = setTimeout(this.#run, delayMs);
		}
	}

	readonly #run = (): void => {
		this.#timer = undefined;
		this.#dueAt = Number.POSITIVE_INFINITY;
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

	constructor(initial: S, policy: NotifyPolicy = notifyNow) {
		this.#state = initial;
		this.#policy = policy;
	}

	readonly get = (): S => this.#state;

	readonly subscribe = (listener: Listener): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/** `policy` decides when this change is heard, if not the store's own. */
	protected update(change: (state: S) => S, policy = this.#policy): void {
		const next = change(this.#state);
		if (next === this.#state) {
			return;
		}

		this.#state = next;
		// Every change asks, so one that may not wait brings forward a notification another deferred.
		policy(this.#flush);
	}

	readonly #flush = (): void => {
		for (const listener of this.#listeners) {
			listener();
		}
	};
}
