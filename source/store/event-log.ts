import type {EngineEvent} from '../engine/types.js';
import {dataFrames, Observable, type NotifyPolicy} from './observable.js';

/** Events kept for the events view: enough to scroll back through a burst, bounded for days. */
export const EVENTS_KEPT = 1000;

export interface EventLogState {
	/** Oldest first. */
	events: readonly EngineEvent[];
	/** Events seen since berth started, kept or not. */
	total: number;
}

/**
 * The engine's recent events, for the system view's events tab. A store of its own, so that only
 * that tab redraws for an event; a burst within one frame is one update.
 */
export class EventLog extends Observable<EventLogState> {
	#pending: EngineEvent[] = [];
	#scheduled = false;
	readonly #policy: NotifyPolicy;

	constructor(policy: NotifyPolicy = dataFrames.policy) {
		super({events: [], total: 0});
		this.#policy = policy;
	}

	record(event: EngineEvent): void {
		this.#pending.push(event);
		if (!this.#scheduled) {
			this.#scheduled = true;
			this.#policy(this.#publish);
		}
	}

	readonly #publish = (): void => {
		const arrived = this.#pending;
		this.#pending = [];
		this.#scheduled = false;
		this.update(state => {
			const events = [...state.events, ...arrived];
			return {events: events.length > EVENTS_KEPT ? events.slice(-EVENTS_KEPT) : events, total: state.total + arrived.length};
		});
	};
}
