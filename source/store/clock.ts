import {Observable, type Listener} from './observable.js';

interface Subscribable {
	subscribe(listener: Listener): () => void;
}

/**
 * The time the UI shows ("Up 3 minutes", notice expiry). It moves along with every change of
 * `driver` (the model), so when samples arrive the screen is drawn once for both; besides, it
 * ticks only as often as what is on screen asks: every second while some status counts seconds,
 * once a minute otherwise, and not at all when nothing shown depends on the time. Every tick
 * redraws the screen, so ticking less is most of what an idle berth costs.
 */
export class Clock extends Observable<number> {
	readonly #requests = new Map<symbol, number>();
	#timer: NodeJS.Timeout | undefined;
	#unsubscribe: () => void;

	constructor(driver: Subscribable) {
		super(Date.now());
		this.#unsubscribe = driver.subscribe(this.#tick);
	}

	/** Asks for a tick at least every `periodMs` until the returned function is called. */
	request(periodMs: number): () => void {
		const key = Symbol('request');
		this.#requests.set(key, periodMs);
		this.#schedule();
		return () => {
			this.#requests.delete(key);
			this.#schedule();
		};
	}

	close(): void {
		clearTimeout(this.#timer);
		this.#unsubscribe();
	}

	readonly #tick = (): void => {
		this.update(() => Date.now());
		this.#schedule();
	};

	#schedule(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (this.#requests.size > 0) {
			this.#timer = setTimeout(this.#tick, Math.min(...this.#requests.values()));
			this.#timer.unref();
		}
	}
}
