// A minimal external store for useSyncExternalStore. Snapshots are immutable: every change
// replaces the state object, so React can compare by identity.

export type Listener = () => void;

/** Decides when listeners hear about a change: now, or once per frame. */
export type NotifyPolicy = (flush: () => void) => void;

export const notifyNow: NotifyPolicy = flush => {
	flush();
};

/** Coalesces every change made within one frame into a single notification. */
export function notifyPerFrame(frameMs: number): NotifyPolicy {
	let pending: NodeJS.Timeout | undefined;
	return flush => {
		pending ??= setTimeout(() => {
			pending = undefined;
			flush();
		}, frameMs);
	};
}

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
