import {Observable, type Listener} from './observable.js';

interface Subscribable {
	subscribe(listener: Listener): () => void;
}

/**
 * The time the UI shows ("Up 3 minutes", notice expiry), at least once a second. It moves along
 * with every change of `driver` (the model), so when samples arrive each second the screen is
 * drawn once a second, not once for the samples and again for the clock.
 */
export class Clock extends Observable<number> {
	readonly #periodMs: number;
	#timer: NodeJS.Timeout | undefined;
	#unsubscribe: (() => void) | undefined;

	constructor(driver: Subscribable, periodMs = 1000) {
		super(Date.now());
		this.#periodMs = periodMs;
		this.#unsubscribe = driver.subscribe(this.#tick);
		this.#schedule();
	}

	close(): void {
		clearTimeout(this.#timer);
		this.#unsubscribe?.();
	}

	readonly #tick = (): void => {
		this.update(() => Date.now());
		this.#schedule();
	};

	#schedule(): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(this.#tick, this.#periodMs);
		this.#timer.unref();
	}
}
