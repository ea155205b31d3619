import type {ActionContext, EngineControl} from './actions/types.js';
import {createEngine, type Endpoint, type ResolveOptions} from './engine/connect.js';
import {listEngineChoices, type EngineChoice} from './engine/contexts.js';
import type {Subscription} from './engine/types.js';
import {errorText} from './format/index.js';
import type {Listener} from './store/observable.js';
import {forgetEngineObjects} from './store/view-store.js';

/** What berth keeps per engine: replaced as a whole when another engine is taken up. */
export type EngineParts = Pick<ActionContext, 'engine' | 'logs' | 'stats' | 'events'>;

export interface EngineSwitchOptions {
	/** How berth was started (flags, environment, home): where the choices are read from. */
	resolve: ResolveOptions;
	/** The choice berth was started with. */
	starting: string;
	/** The parts for an endpoint: engine client, log follower, stats collector, event log. */
	partsFor(endpoint: Endpoint): EngineParts;
	/** Keeps the model in step with the parts' engine until stopped. */
	sync(parts: EngineParts): Subscription;
	/** How long a probe waits for an answer. */
	probeTimeoutMs?: number;
	/** Told the choice taken up, once its parts are in place (per-context settings follow it). */
	onSwitch?(choice: string): void;
}

/**
 * The engine in use and the switch to another. The context's engine-bound parts are replaced in
 * place, then `generation` moves on so the UI redraws from scratch on the new parts.
 */
export class EngineSwitch implements EngineControl {
	readonly #options: EngineSwitchOptions;
	readonly #listeners = new Set<Listener>();
	#ctx: ActionContext | undefined;
	#current: string;
	#sync: Subscription | undefined;
	#generation = 0;

	constructor(options: EngineSwitchOptions) {
		this.#options = options;
		this.#current = options.starting;
	}

	/** Starts keeping the model in step with the context's engine (the context holds this switch). */
	start(ctx: ActionContext): void {
		this.#ctx = ctx;
		this.#sync = this.#options.sync(ctx);
	}

	/** Moves on each time another engine is taken up; the UI keys its screen on it. */
	readonly get = (): number => this.#generation;

	readonly subscribe = (listener: Listener): (() => void) => {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	};

	current(): string {
		return this.#current;
	}

	choices(): EngineChoice[] {
		return listEngineChoices(this.#options.resolve);
	}

	async probe(choice: EngineChoice): Promise<string | undefined> {
		if (!choice.endpoint) {
			return choice.problem ?? 'not usable';
		}
		const engine = createEngine(choice.endpoint);
		const timeoutMs = this.#options.probeTimeoutMs ?? 5000;
		let timer: NodeJS.Timeout | undefined;
		try {
			await Promise.race([
				engine.ping(),
				new Promise<never>((_resolve, reject) => {
					timer = setTimeout(() => {
						reject(new Error(`no answer within ${timeoutMs / 1000} s`));
					}, timeoutMs);
				}),
			]);
			return undefined;
		} catch (error) {
			return errorText(error);
		} finally {
			clearTimeout(timer);
			engine.close();
		}
	}

	switchTo(choice: EngineChoice): void {
		if (!choice.endpoint) {
			throw new Error(`context ${choice.name} cannot be used: ${choice.problem ?? 'it has no endpoint'}`);
		}
		const ctx = this.#started();
		// Jobs run on the engine being left, whose client closes now.
		for (const job of ctx.model.get().jobs) {
			if (job.status === 'running') {
				ctx.jobs.cancel(job.id);
			}
		}
		this.#stop();
		ctx.model.switchEngine(choice.endpoint.display);
		ctx.view.change(forgetEngineObjects);
		Object.assign(ctx, this.#options.partsFor(choice.endpoint));
		this.#current = choice.name;
		this.#options.onSwitch?.(choice.name);
		this.#sync = this.#options.sync(ctx);
		this.#generation += 1;
		for (const listener of this.#listeners) {
			listener();
		}
	}

	retry(): void {
		const ctx = this.#started();
		this.#sync?.stop();
		this.#sync = this.#options.sync(ctx);
	}

	/** Stops every stream of the engine in use: berth is closing. */
	close(): void {
		if (this.#ctx) {
			this.#stop();
		}
	}

	#started(): ActionContext {
		if (!this.#ctx) {
			throw new Error('the engine switch is not started');
		}
		return this.#ctx;
	}

	#stop(): void {
		const ctx = this.#started();
		this.#sync?.stop();
		ctx.logs.close();
		ctx.stats.close();
		ctx.engine.close();
	}
}
