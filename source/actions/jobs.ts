import {AsyncLocalStorage} from 'node:async_hooks';
import {sanitize} from '../format/index.js';
import {withoutQualifiers} from '../format/engine-key.js';
import {chosenEngineName} from '../engine/multi-engine.js';
import {commandOnEngine} from './engine-scope.js';
import {t} from '../i18n/translate.js';
import type {JobSpec} from '../store/jobs.js';
import {selectedKey} from '../store/selectors.js';
import {reasonOf} from './each.js';
import {defineAction, type Action, type ActionContext} from './types.js';

/** The action running now (see `tracingJobs`), told when it starts a job. */
const runningAction = new AsyncLocalStorage<{startedJob: boolean}>();

/**
 * Runs an action's `work`, noting whether it started a job (even after an await): a job logs its
 * command line itself, once it ended, so the action's own is not logged as well.
 */
export function tracingJobs<T>(work: () => T): {result: T; startedJob(): boolean} {
	const trace = {startedJob: false};
	return {result: runningAction.run(trace, work), startedJob: () => trace.startedJob};
}

/**
 * Starts a long operation as a job, shows its progress over the main area, and says how it ended.
 * `then` runs after success (select what it made); failures are said in the job and the status line.
 * Once it ended, its command line goes to the command log with how it ended.
 */
export function startJob<T>(ctx: ActionContext, spec: JobSpec<T>, then?: (result: T) => void): void {
	const trace = runningAction.getStore();
	if (trace) {
		trace.startedJob = true;
	}

	// With several engines, the job's title and command line name objects as the user knows them, on their engine.
	const command = commandOnEngine(ctx, chosenEngineName(), spec.command);
	const {id, done} = ctx.jobs.start({...spec, title: withoutQualifiers(spec.title), command});
	ctx.view.change(state => ({...state, job: id}));
	done.then(
		result => {
			ctx.commands.record({at: Date.now(), command, ok: true});
			ctx.model.notify('info', `${sanitize(spec.title)}: ${sanitize(spec.describe?.(result) ?? t('done'))}`);
			then?.(result);
		},
		(error: unknown) => {
			const cancelled = ctx.jobs.wasCancelled(id);
			const reason = cancelled ? t('cancelled') : reasonOf(error);
			ctx.commands.record({at: Date.now(), command, ok: false, reason});
			ctx.model.notify(cancelled ? 'info' : 'error', `${sanitize(spec.title)}: ${reason}`);
		},
	);
}

function shownJob(ctx: ActionContext) {
	const id = ctx.view.get().job;
	return ctx.model.get().jobs.find(job => job.id === id);
}

export const jobActions: Action[] = [
	defineAction({
		id: 'job.cancel',
		hint: 'cancel/close',
		title: 'Cancel the job while it runs; close it once it ended',
		keys: ['escape'],
		scope: 'job',
		run(ctx) {
			const job = shownJob(ctx);
			if (job?.status === 'running') {
				ctx.jobs.cancel(job.id);
			} else {
				ctx.view.change(state => ({...state, job: undefined}));
			}
		},
	}),
	defineAction({
		id: 'job.hide',
		hint: 'hide',
		title: 'Hide the job; it goes on in the Jobs pane',
		keys: ['h'],
		scope: 'job',
		run(ctx) {
			ctx.view.change(state => ({...state, job: undefined}));
		},
	}),
	defineAction({
		id: 'jobs.cancel',
		hint: 'cancel',
		title: 'Cancel the selected job',
		keys: ['x'],
		scope: 'jobs',
		run(ctx) {
			const id = selectedKey(ctx.model.get(), ctx.view.get(), 'jobs');
			if (id === undefined || !ctx.jobs.cancel(id)) {
				ctx.model.notify('note', t('no running job selected'));
			}
		},
	}),
];
