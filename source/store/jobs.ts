import type {JobControl, JobEvent} from '../engine/types.js';
import {errorText} from '../format/index.js';
import type {ModelStore} from './model-store.js';
import {dataFrames, type NotifyPolicy} from './observable.js';

export interface LayerState {
	id: string;
	status: string;
	current?: number;
	total?: number;
}

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** A long operation (pull, push, build, save, load) as the UI sees it: a snapshot, replaced per frame. */
export interface Job {
	id: string;
	/** "pull alpine:3.20" */
	title: string;
	/** The docker command line it stands for. */
	command: string;
	status: JobStatus;
	started: number;
	ended?: number;
	/** Layers of a pull or push, in the order the engine first named them. */
	layers: readonly LayerState[];
	/** The last lines of output (not yet sanitised), at most `JOB_LINES`. */
	lines: readonly string[];
	/** Lines dropped from the front to keep the bound. */
	droppedLines: number;
	bytes?: {current: number; total?: number};
	/** What it made, said when it ended ("sha256:…", "2 images loaded"). */
	result?: string;
	error?: string;
}

/** Output lines kept per job: enough to read a failed build, bounded like logs. */
export const JOB_LINES = 2000;
/** Ended jobs kept for reading; older ones go first. */
const KEPT_JOBS = 50;

interface Entry {
	job: Job;
	layers: Map<string, LayerState>;
	lines: string[];
	dropped: number;
	controller: AbortController;
}

export interface JobSpec<T> {
	title: string;
	command: string;
	run(control: JobControl): Promise<T>;
	/** The words said when it succeeded, from what it made. */
	describe?(result: T): string;
}

/**
 * Runs long operations and keeps what they report. Progress can come hundreds of times a second;
 * it is gathered in place and the model hears of it at most once per frame.
 */
export class Jobs {
	readonly #model: ModelStore;
	readonly #policy: NotifyPolicy;
	readonly #entries = new Map<string, Entry>();
	#dirty = new Set<Entry>();
	#scheduled = false;
	#sequence = 0;

	constructor(model: ModelStore, policy: NotifyPolicy = dataFrames.policy) {
		this.#model = model;
		this.#policy = policy;
	}

	/** Starts a job; the promise settles with its result, or rejects with why it failed or that it was cancelled. */
	start<T>(spec: JobSpec<T>): {id: string; done: Promise<T>} {
		this.#sequence++;
		const id = `job-${this.#sequence}`;
		const controller = new AbortController();
		const entry: Entry = {
			job: {id, title: spec.title, command: spec.command, status: 'running', started: Date.now(), layers: [], lines: [], droppedLines: 0},
			layers: new Map(),
			lines: [],
			dropped: 0,
			controller,
		};
		this.#entries.set(id, entry);
		this.#forget();
		this.#touch(entry);
		const done = spec.run({signal: controller.signal, onEvent: event => this.#event(entry, event)}).then(
			result => {
				this.#end(entry, {status: 'done', result: spec.describe?.(result)});
				return result;
			},
			(error: unknown) => {
				const cancelled = controller.signal.aborted;
				this.#end(entry, cancelled ? {status: 'cancelled'} : {status: 'failed', error: errorText(error)});
				throw error;
			},
		);
		return {id, done};
	}

	cancel(id: string): boolean {
		const entry = this.#entries.get(id);
		if (entry?.job.status !== 'running') {
			return false;
		}

		entry.controller.abort();
		return true;
	}

	/** Whether the job was cancelled: known at once, before the model hears of it with the next frame. */
	wasCancelled(id: string): boolean {
		return this.#entries.get(id)?.controller.signal.aborted ?? false;
	}

	/** Cancels whatever still runs: berth is closing. */
	close(): void {
		for (const entry of this.#entries.values()) {
			entry.controller.abort();
		}
	}

	#event(entry: Entry, event: JobEvent): void {
		if (entry.job.status !== 'running') {
			return;
		}

		switch (event.kind) {
			case 'layer': {
				// "Download complete" and the like come without figures: the layer keeps its size, all of it done.
				const before = entry.layers.get(event.id);
				const total = event.total ?? before?.total;
				const current = event.current ?? (event.total === undefined && before?.total !== undefined ? before.total : before?.current);
				entry.layers.set(event.id, {id: event.id, status: event.status, current, total});
				break;
			}

			case 'line': {
				entry.lines.push(event.text);
				if (entry.lines.length > JOB_LINES * 1.25) {
					// Dropping in batches keeps a flood of lines from costing a splice each.
					const excess = entry.lines.length - JOB_LINES;
					entry.lines.splice(0, excess);
					entry.dropped += excess;
				}

				break;
			}

			case 'bytes': {
				entry.job = {...entry.job, bytes: {current: event.current, total: event.total}};
				break;
			}
		}

		this.#touch(entry);
	}

	#end(entry: Entry, outcome: Pick<Job, 'status' | 'result' | 'error'>): void {
		entry.job = {...entry.job, ...outcome, ended: Date.now()};
		this.#touch(entry);
	}

	#touch(entry: Entry): void {
		this.#dirty.add(entry);
		if (!this.#scheduled) {
			this.#scheduled = true;
			this.#policy(this.#publish);
		}
	}

	readonly #publish = (): void => {
		this.#scheduled = false;
		for (const entry of this.#dirty) {
			const lines = entry.lines.length > JOB_LINES ? entry.lines.slice(-JOB_LINES) : [...entry.lines];
			entry.job = {
				...entry.job,
				layers: [...entry.layers.values()],
				lines,
				droppedLines: entry.dropped + entry.lines.length - lines.length,
			};
		}

		this.#dirty = new Set();
		this.#model.replaceJobs([...this.#entries.values()].map(entry => entry.job));
	};

	/** Keeps the newest ended jobs only, so a session of days does not pile them up. */
	#forget(): void {
		const ended = [...this.#entries.values()].filter(entry => entry.job.status !== 'running');
		for (const entry of ended.slice(0, Math.max(0, ended.length - KEPT_JOBS))) {
			this.#entries.delete(entry.job.id);
		}
	}
}
