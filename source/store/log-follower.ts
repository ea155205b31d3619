import type {Engine} from '../engine/types.js';
import {openLogs, openMergedLogs, type LogBuffer, type LogLimits, type LogRange, type LogSession} from './log-buffer.js';
import {Observable} from './observable.js';
import type {LogSource} from './projects.js';

/** Opens a log session: `tail` lines back, at most `limits` kept, in `range`. */
export type SessionOpener = (tail: number, limits: LogLimits | undefined, range: LogRange) => LogSession;

export interface FollowedLogs {
	/** The container id, or the key of merged logs. */
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
	/** How to open the followed logs again, for another range. */
	#reopen: ((range: LogRange) => void) | undefined;

	constructor(engine: Engine, tail: number, limits?: LogLimits) {
		super({});
		this.#engine = engine;
		this.#tail = tail;
		this.#limits = limits;
	}

	/** Follows `id`'s logs (in `range`, if given); the same container and range again changes nothing. */
	follow(id: string | undefined, range: LogRange = {}): void {
		this.#open(id, range, () => openLogs(this.#engine, id!, this.#tail, this.#limits, range));
		this.#reopen = id === undefined ? undefined : next => this.follow(id, next);
	}

	/**
	 * Follows several containers' logs merged (a compose project's), under `key`; a new key (other
	 * replicas, or the same ones restarted) opens them again.
	 */
	followMerged(key: string, sources: readonly LogSource[], range: LogRange = {}): void {
		this.#open(key, range, () => openMergedLogs(this.#engine, sources, this.#tail, this.#limits, range));
		this.#reopen = next => this.followMerged(key, sources, next);
	}

	/**
	 * Follows logs that another part of the store opens (a swarm service's, merged by the engine),
	 * under `key`, with this follower's tail and limits.
	 */
	followSession(key: string, open: SessionOpener, range: LogRange = {}): void {
		this.#open(key, range, () => open(this.#tail, this.#limits, range));
		this.#reopen = next => this.followSession(key, open, next);
	}

	/** Follows what is followed in another range; false when nothing is followed. */
	changeRange(range: LogRange): boolean {
		if (this.#reopen === undefined) {
			return false;
		}

		this.#reopen(range);
		return true;
	}

	close(): void {
		this.follow(undefined);
	}

	#open(id: string | undefined, range: LogRange, open: () => LogSession): void {
		const state = this.get();
		if (id === state.id && range.since === state.range?.since && range.until === state.range?.until) {
			return;
		}

		this.#session?.stop();
		this.#session = id === undefined ? undefined : open();
		this.update(() => ({id, range, buffer: this.#session?.buffer}));
	}
}
