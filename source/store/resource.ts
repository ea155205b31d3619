import {errorText} from '../format/index.js';
import {Observable} from './observable.js';

export type ResourceState<T> =
	| {status: 'loading'}
	| {status: 'ready'; data: T; at: number}
	| {status: 'error'; error: string; data?: T};

/**
 * One value loaded from the engine, optionally refreshed on an interval while someone holds it.
 * The UI reads its state; it never awaits the load itself.
 */
export class Resource<T> extends Observable<ResourceState<T>> {
	readonly #load: () => Promise<T>;
	#timer: NodeJS.Timeout | undefined;
	#closed = false;

	constructor(load: () => Promise<T>, refreshMs?: number) {
		super({status: 'loading'});
		this.#load = load;
		this.#fetch();
		if (refreshMs !== undefined) {
			this.#timer = setInterval(this.#fetch, refreshMs);
		}
	}

	close(): void {
		this.#closed = true;
		clearInterval(this.#timer);
	}

	readonly #fetch = (): void => {
		this.#load().then(
			data => {
				if (!this.#closed) {
					this.update(() => ({status: 'ready', data, at: Date.now()}));
				}
			},
			(error: unknown) => {
				if (!this.#closed) {
					this.update(state => ({status: 'error', error: errorText(error), data: state.status === 'ready' ? state.data : undefined}));
				}
			},
		);
	};
}
