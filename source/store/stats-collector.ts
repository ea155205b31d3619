import type {Engine, Subscription} from '../engine/types.js';
import type {ModelStore} from './model-store.js';

export interface CollectorOptions {
	intervalMs: number;
	/** Points of history kept per container. */
	historyPoints: number;
	/** A container must stay wanted this long before its stream opens: scrolling past opens none. */
	openDelayMs?: number;
	/** A stream no longer wanted stays open this long, so scrolling back and forth does not churn. */
	lingerMs?: number;
	/** After a stream ends or fails, wait this long before opening it again. */
	retryMs?: number;
}

interface Stream {
	subscription: Subscription;
	unwantedSince?: number;
}

/**
 * Keeps one stats stream open per wanted running container and none for the others. Every sample
 * goes into the model, where every view that shows the container reads the same one.
 */
export class StatsCollector {
	readonly #engine: Engine;
	readonly #model: ModelStore;
	readonly #options: Required<CollectorOptions>;
	readonly #streams = new Map<string, Stream>();
	readonly #failedAt = new Map<string, number>();
	#wanted = new Set<string>();
	#listed: readonly string[] = [];
	#pinned: string | undefined;
	#timer: NodeJS.Timeout | undefined;
	#dueAt = Infinity;
	#closed = false;

	constructor(engine: Engine, model: ModelStore, options: CollectorOptions) {
		this.#engine = engine;
		this.#model = model;
		this.#options = {openDelayMs: 200, lingerMs: 3000, retryMs: 5000, ...options};
	}

	/** The ids streamed right now. */
	get streaming(): string[] {
		return [...this.#streams.keys()];
	}

	get intervalMs(): number {
		return this.#options.intervalMs;
	}

	/** Where the samples come from, for the stats tab to say. */
	get source(): Engine['statsSource'] {
		return this.#engine.statsSource;
	}

	/** The running containers the list shows (or sorts by). */
	want(ids: readonly string[]): void {
		this.#listed = ids;
		this.#update();
	}

	/** One container sampled whatever the list shows: the one whose graphs are open. */
	pin(id: string | undefined): void {
		this.#pinned = id;
		this.#update();
	}

	#update(): void {
		this.#wanted = new Set(this.#listed);
		if (this.#pinned !== undefined) {
			this.#wanted.add(this.#pinned);
		}

		// A container that left the set (it stopped) and comes back (restarted) gets a stream at once.
		for (const id of this.#failedAt.keys()) {
			if (!this.#wanted.has(id)) {
				this.#failedAt.delete(id);
			}
		}

		this.#schedule(this.#options.openDelayMs);
	}

	close(): void {
		this.#closed = true;
		clearTimeout(this.#timer);
		for (const stream of this.#streams.values()) {
			stream.subscription.stop();
		}

		this.#streams.clear();
	}

	/** Reconciles after `delayMs`, or sooner if a reconcile is already due sooner. */
	#schedule(delayMs: number): void {
		const dueAt = Date.now() + delayMs;
		if (this.#closed || (this.#timer !== undefined && this.#dueAt <= dueAt)) {
			return;
		}

		clearTimeout(this.#timer);
		this.#dueAt = dueAt;
		this.#timer = setTimeout(this.#reconcile, delayMs);
	}

	readonly #reconcile = (): void => {
		this.#timer = undefined;
		this.#dueAt = Infinity;
		const now = Date.now();
		let next = Infinity;
		for (const [id, stream] of this.#streams) {
			if (this.#wanted.has(id)) {
				stream.unwantedSince = undefined;
				continue;
			}

			stream.unwantedSince ??= now;
			const closeAt = stream.unwantedSince + this.#options.lingerMs;
			if (closeAt <= now) {
				this.#stop(id);
			} else {
				next = Math.min(next, closeAt);
			}
		}

		for (const id of this.#wanted) {
			if (this.#streams.has(id)) {
				continue;
			}

			const retryAt = (this.#failedAt.get(id) ?? -Infinity) + this.#options.retryMs;
			if (retryAt > now) {
				next = Math.min(next, retryAt);
				continue;
			}

			this.#open(id);
		}

		if (next !== Infinity) {
			this.#schedule(next - now);
		}
	};

	#open(id: string): void {
		const stream: Stream = {subscription: {stop() {}}};
		// A stream ends when its container stops, or fails; if the container is still wanted a
		// while later (it restarted, or the failure passed), the next reconcile opens a new one.
		const ended = (): void => {
			if (this.#streams.get(id) !== stream) {
				return;
			}

			this.#streams.delete(id);
			this.#model.endSamples(id);
			this.#failedAt.set(id, Date.now());
			this.#schedule(this.#options.retryMs);
		};

		this.#failedAt.delete(id);
		this.#streams.set(id, stream);
		stream.subscription = this.#engine.streamStats(id, this.#options.intervalMs, {
			onSample: sample => {
				this.#model.recordSample(id, sample, this.#options.historyPoints);
			},
			onError: ended,
			onEnd: ended,
		});
	}

	#stop(id: string): void {
		this.#streams.get(id)?.subscription.stop();
		this.#streams.delete(id);
		this.#model.endSamples(id);
	}
}
