import type {EngineChoice} from '../engine/contexts.js';
import {pad, textWidth} from '../format/index.js';
import {t} from '../i18n/translate.js';
import type {ModelState} from '../store/model-store.js';
import {openDialog} from './dialogs.js';
import {byCount} from './fields.js';
import {defineAction, type Action, type ActionContext} from './types.js';

const SWITCH = 'engine.switch';

/** Why a context cannot be used, without the file it was read from (the list has no room for it). */
function problemOf(choice: EngineChoice): string | undefined {
	return choice.problem?.replace(/ \(from [^)]*\)/, '');
}

/** A failure's reason without "… at <endpoint>: ", which the row already shows. */
function reasonFor(choice: EngineChoice, reason: string): string {
	const display = choice.endpoint?.display;
	if (display === undefined) {
		return reason;
	}
	const at = reason.indexOf(` at ${display}: `);
	return at === -1 ? reason : reason.slice(at + display.length + 6);
}

/** What is known of a choice's engine: the one in use from its connection, others from a probe. */
function status(choice: EngineChoice, inUse: boolean, model: ModelState, probed: ReadonlyMap<string, string | undefined>): string {
	if (inUse) {
		const {connection} = model.engine;
		if (connection.status === 'connected') {
			return 'in use · answers';
		}
		return `in use · ${connection.error === undefined ? 'connecting…' : reasonFor(choice, connection.error)}`;
	}
	const problem = problemOf(choice);
	if (problem !== undefined) {
		return problem;
	}
	if (!probed.has(choice.name)) {
		return 'checking…';
	}
	const reason = probed.get(choice.name);
	return reason === undefined ? 'answers' : reasonFor(choice, reason);
}

function choiceRows(ctx: ActionContext, choices: readonly EngineChoice[], probed: ReadonlyMap<string, string | undefined>): Array<{value: string; label: string}> {
	const model = ctx.model.get();
	const current = ctx.engines.current();
	const nameWidth = Math.max(...choices.map(choice => textWidth(choice.name)));
	const whereWidth = Math.max(...choices.map(choice => (choice.problem === undefined ? textWidth(choice.where) : 0)));
	return choices.map(choice => {
		const inUse = choice.name === current;
		const where = choice.problem === undefined ? pad(choice.where, whereWidth) : '';
		const described = choice.description === undefined ? '' : ` (${choice.description})`;
		return {
			value: choice.name,
			label: `${inUse ? '●' : ' '} ${pad(choice.name, nameWidth)}  ${where}  ${status(choice, inUse, model, probed)}${described}`,
		};
	});
}

/** Runs the switch, cancelling the jobs of the engine left (after asking, when there are any). */
function switchNow(ctx: ActionContext, name: string): void {
	const choice = ctx.engines.choices().find(candidate => candidate.name === name);
	if (!choice) {
		ctx.model.notify('error', t('context {name} is no longer in the context store', {name}));
		return;
	}
	const problem = problemOf(choice);
	if (problem !== undefined) {
		ctx.model.notify('error', t('context {name} cannot be used: {reason}', {name, reason: problem}));
		return;
	}
	ctx.engines.switchTo(choice);
	ctx.model.notify('info', t('switched to {name}', {name}));
}

function runningJobs(ctx: ActionContext): number {
	return ctx.model.get().jobs.filter(job => job.status === 'running').length;
}

const switchConfirmed = defineAction({
	id: 'engine.switch.confirm',
	title: 'Switch engines, cancelling the running jobs',
	keys: [],
	scope: 'global',
	step: true,
	run(ctx, _targets, answer) {
		if (answer?.carry !== undefined) {
			switchNow(ctx, answer.carry);
		}
	},
});

const switchChosen = defineAction({
	id: SWITCH,
	title: 'Switch to the chosen engine',
	keys: [],
	scope: 'global',
	step: true,
	run(ctx, _targets, answer) {
		const name = answer?.value;
		if (name === undefined) {
			return;
		}
		if (name === ctx.engines.current()) {
			ctx.model.notify('info', t('already using {name}', {name}));
			return;
		}
		const jobs = runningJobs(ctx);
		if (jobs > 0) {
			openDialog(ctx, switchConfirmed, {
				kind: 'confirm',
				title: byCount(
					jobs,
					t('{count} job still running on this engine will be cancelled. Switch to {name}?', {count: jobs, name}),
					t('{count} jobs still running on this engine will be cancelled. Switch to {name}?', {count: jobs, name}),
				),
				toggles: [],
				carry: name,
				wide: true,
			});
			return;
		}
		switchNow(ctx, name);
	},
});

/** Opens the list of engines; each row's status fills in as its engine answers or fails. */
function openSwitcher(ctx: ActionContext): void {
	const choices = ctx.engines.choices();
	const probed = new Map<string, string | undefined>();
	const current = ctx.engines.current();
	openDialog(ctx, switchChosen, {
		kind: 'choice',
		title: 'Switch to which engine? (docker contexts; Enter switches, Esc stays)',
		choices: choiceRows(ctx, choices, probed),
		index: Math.max(0, choices.findIndex(choice => choice.name === current)),
		filter: '',
		wide: true,
	});
	for (const choice of choices) {
		if (choice.name === current || choice.problem !== undefined) {
			continue;
		}
		void ctx.engines.probe(choice).then(reason => {
			probed.set(choice.name, reason);
			ctx.view.change(state =>
				state.dialog?.kind === 'choice' && state.dialog.actionId === SWITCH
					? {...state, dialog: {...state.dialog, choices: choiceRows(ctx, choices, probed)}}
					: state,
			);
		});
	}
}

export const engineActions: Action[] = [
	defineAction({
		id: 'engine.contexts',
		hint: 'engines',
		title: 'Switch to another engine (docker contexts), live',
		keys: ['@'],
		scope: 'global',
		run: openSwitcher,
	}),
	switchChosen,
	switchConfirmed,
	defineAction({
		id: 'engine.retry',
		hint: 'retry',
		title: 'Try to reach the engine again now',
		keys: ['r'],
		scope: 'engine',
		run(ctx) {
			ctx.engines.retry();
			ctx.model.notify('info', `trying ${ctx.model.get().engine.endpoint} again`);
		},
	}),
];
