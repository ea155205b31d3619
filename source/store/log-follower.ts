import type {Engine} from '../engine/types.js';
import {openLogs, type LogBuffer, type LogLimits, type LogRange, type LogSession} from './log-buffer.js';
import {Observable} from './observable.js';

export interface FollowedLogs {
	id?: string;
	range?: LogRange;
	buffer?: LogBuffer;
}

/**
 * The one log stream on screen. Following another container stops the previous stream first,
 * so moving the selection through a long list never leaves streams open behind it.
 */
export class LogFollower extends Observable<FollowedLogs> {
	readonly #engine: Engine;
	readonly #tail: number;
	readonly #limits?: LogLimits;
	#session: LogSession | undefined;

	constructor(engine: Engine, tail: number, limits?: LogLimits) {
		super({});
		this.#engine = engine;
		this.#tail = tail;
		this.#limits = limits;
	}

	/** Follows `id`'s logs (in `range`, if given); the same container and range again changes nothing. */
	follow(id: string | undefined, range: LogRange = {}): void {
		const state = this.get();
		if (id === state.id && range.since === state.range?.since && range.until === state.range?.until) {
			return;
		}

		this.#session?.stop();
		this.#session = id === undefined ? undefined : openLogs(this.#engine, id, this.#tail, this.#limits, range);
		this.update(() => ({id, range, buffer: this.#session?.buffer}));
	}

	close(): void {
		this.follow(undefined);
	}
}
