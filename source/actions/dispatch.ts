import {sanitize} from '../format/index.js';
import {cursorIndex, objectByKey, targetKey, targetObjects, visibleKeys} from '../store/selectors.js';
import {shownChoices, type Dialog, type TextInput} from '../store/view-store.js';
import {checkForm, formValues, openDialog} from './dialogs.js';
import {copyText} from './copy.js';
import {reasonOf} from './each.js';
import {actionCommands, actionEngine, dialogOnEngine} from './engine-scope.js';
import {withEngine} from '../engine/multi-engine.js';
import {jumpToMatch} from './logs.js';
import {paletteKey} from './palette-keys.js';
import {actionById, findAction, scopesFor} from './registry.js';
import type {Action, ActionContext, Answer, Target} from './types.js';
import {t} from '../i18n/translate.js';

/** In read-only mode an action that changes state is refused, saying so; true when it was. */
export function refusedReadOnly(ctx: ActionContext, action: Action): boolean {
	if (!action.changesState || !ctx.view.get().readOnly) {
		return false;
	}

	ctx.model.notify('error', `read-only: ${action.title.toLowerCase()} is not allowed (berth was started with --read-only)`);
	return true;
}

/** Runs an action on these targets with this answer, unless read-only mode refuses it; logs its command line. */
export function execute(ctx: ActionContext, action: Action, targets: readonly Target[], answer?: Answer): void {
	if (refusedReadOnly(ctx, action)) {
		return;
	}

	const engine = actionEngine(ctx, action.targets, targets);
	const record = commandRecorder(ctx, actionCommands(ctx, action, targets, answer));
	const failed = (error: unknown): void => {
		ctx.model.notify('error', `${action.title.toLowerCase()}: ${reasonOf(error)}`);
		record(reasonOf(error));
	};

	try {
		const result = withEngine(engine, () => action.run(ctx, targets, answer));
		if (result instanceof Promise) {
			result.then(() => {
				record();
			}, failed);
		} else {
			record();
		}
	} catch (error) {
		failed(error);
	}
}

/**
 * Notes what is there before an action runs, and returns what logs the command lines it stood
 * for once it ran: the jobs it started (each knows its command; the log follows their outcome),
 * or else its own `command`. The status bar shows the latest, so users learn the CLI. An error the
 * action reported itself (one of several targets failed) marks it failed.
 */
function commandRecorder(ctx: ActionContext, commands: readonly string[]): (reason?: string) => void {
	const before = ctx.model.get();
	const earlierJobs = new Set(before.jobs.map(job => job.id));
	return reason => {
		const model = ctx.model.get();
		const jobs = model.jobs.filter(job => !earlierJobs.has(job.id));
		const said = model.notice === before.notice ? undefined : model.notice;
		const failure = reason ?? (said?.level === 'error' ? said.text : undefined);
		const at = Date.now();
		if (jobs.length > 0) {
			for (const job of jobs) {
				ctx.commands.record({at, command: job.command, ok: true, job: job.id});
			}
		} else {
			for (const command of commands) {
				ctx.commands.record({at, command, ok: failure === undefined, ...(failure === undefined ? {} : {reason: failure})});
			}
		}
	};
}

/** Runs an action on the current targets, asking its question first when it has one. */
export function invoke(ctx: ActionContext, action: Action): void {
	if (refusedReadOnly(ctx, action)) {
		return;
	}

	const kind = action.targets;
	const targets = kind ? targetObjects(ctx.model.get(), ctx.view.get(), kind) : [];
	if (kind && targets.length === 0) {
		ctx.model.notify('info', `no ${kind} selected`);
		return;
	}

	const asked = action.ask?.(targets, ctx);
	const spec = asked && dialogOnEngine(ctx, action, asked);
	if (spec) {
		openDialog(ctx, action, spec, kind ? targets.map(target => targetKey(kind, target)) : []);
		return;
	}

	execute(ctx, action, targets);
}

/** Text typed into a field: printable characters only (a paste can carry anything). */
export function typed(input: string): string {
	return sanitize(input).replaceAll(/[\u2400-\u2424]/g, '');
}

function closeDialog(ctx: ActionContext): void {
	ctx.view.change(state => ({...state, dialog: undefined}));
}

/** The dialog's targets as they are now; those that went away meanwhile are left out. */
function dialogTargets(ctx: ActionContext, action: Action, dialog: Dialog): Target[] {
	const kind = action.targets;
	if (!kind) {
		return [];
	}

	const model = ctx.model.get();
	return dialog.targetIds.map(key => objectByKey(model, kind, key)).filter((target): target is Target => target !== undefined);
}

const NO_FIELDS: Readonly<Record<string, string>> = {};

function answerDialog(ctx: ActionContext, dialog: Dialog, answer: Omit<Answer, 'fields'>): void {
	const action = actionById(dialog.actionId);
	if (!action) {
		closeDialog(ctx);
		return;
	}

	const targets = dialogTargets(ctx, action, dialog);
	const invalid = dialog.kind === 'text' ? action.validate?.(answer.value, targets) : undefined;
	if (invalid !== undefined) {
		ctx.view.change(state => (state.dialog === dialog ? {...state, dialog: {...dialog, error: invalid}} : state));
		return;
	}

	closeDialog(ctx);
	if (action.targets && targets.length === 0) {
		ctx.model.notify('info', `the ${action.targets}s asked about are gone`);
		return;
	}

	execute(ctx, action, targets, {...answer, fields: NO_FIELDS, carry: dialog.carry});
}

type FormDialog = Extract<Dialog, {kind: 'form'}>;

/**
 * Sends a valid form to its action and waits: the form shows what is being done meanwhile, closes
 * when the action succeeds, and stays filled with the engine's reason when it fails.
 */
function submitForm(ctx: ActionContext, dialog: FormDialog): void {
	const action = actionById(dialog.actionId);
	if (!action) {
		closeDialog(ctx);
		return;
	}

	if (refusedReadOnly(ctx, action)) {
		closeDialog(ctx);
		return;
	}

	const wrong = dialog.fields.findIndex(field => dialog.errors[field.id] !== undefined);
	if (wrong !== -1) {
		ctx.view.change(state => ({...state, dialog: {...dialog, index: wrong, attempted: true, refusal: undefined}}));
		return;
	}

	const targets = dialogTargets(ctx, action, dialog);
	if (action.targets && targets.length === 0) {
		closeDialog(ctx);
		ctx.model.notify('info', `the ${action.targets}s asked about are gone`);
		return;
	}

	const answer: Answer = {value: '', toggles: {}, fields: formValues(dialog), carry: dialog.carry};
	const engine = actionEngine(ctx, action.targets, targets);
	const record = commandRecorder(ctx, actionCommands(ctx, action, targets, answer, dialog.preview));
	const busy: FormDialog = {...dialog, busy: `${dialog.submitLabel.toLowerCase()}…`, refusal: undefined};
	ctx.view.change(state => ({...state, dialog: busy}));
	const settle = (refusal?: string): void => {
		record(refusal);
		if (ctx.view.get().dialog !== busy) {
			// The form was left while the engine worked: the refusal still reaches the user.
			if (refusal !== undefined) {
				ctx.model.notify('error', `${action.title.toLowerCase()}: ${refusal}`);
			}

			return;
		}

		ctx.view.change(state => {
			if (state.dialog !== busy) {
				return state;
			}

			return refusal === undefined ? {...state, dialog: undefined} : {...state, dialog: {...dialog, busy: undefined, refusal}};
		});
	};

	Promise.resolve()
		.then(async () => withEngine(engine, async () => action.run(ctx, targets, answer)))
		.then(
			() => {
				settle();
			},
			(error: unknown) => {
				settle(reasonOf(error));
			},
		);
}

function formKey(ctx: ActionContext, dialog: FormDialog, key: string, input: string): void {
	if (dialog.busy) {
		// The engine call goes on; Esc only gives the screen back, and its outcome becomes a notice.
		if (key === 'escape') {
			closeDialog(ctx);
		}

		return;
	}

	const count = dialog.fields.length;
	const field = dialog.fields[dialog.index];
	const move = (step: number): void => {
		ctx.view.change(state => ({...state, dialog: {...dialog, index: (dialog.index + step + count + 1) % (count + 1)}}));
	};

	const edit = (text: string): void => {
		const fields = dialog.fields.map((item, index) => (index === dialog.index ? {...item, text} : item));
		const checked = checkForm(ctx, actionById(dialog.actionId), fields, dialog.carry);
		ctx.view.change(state => ({...state, dialog: {...dialog, fields, ...checked}}));
	};

	if (key === 'escape') {
		closeDialog(ctx);
	} else if (key === 'ctrl+y' && dialog.preview !== undefined) {
		// The copy key, in a form: the docker command line it stands for.
		copyText(ctx, t('the docker command line'), dialog.preview);
	} else if (key === 'ctrl+s' || (key === 'enter' && (!field || (dialog.index === count - 1 && field.kind !== 'list')))) {
		submitForm(ctx, dialog);
	} else if (key === 'tab' || key === 'down') {
		move(1);
	} else if (key === 'shift+tab' || key === 'up') {
		move(-1);
	} else if (!field) {
		// The submit button takes no text.
	} else if (key === 'enter') {
		// In a list, Enter after an entry starts the next; on an empty line it moves on.
		if (field.kind === 'list' && field.text !== '' && !field.text.endsWith('\n')) {
			edit(`${field.text}\n`);
		} else {
			if (field.kind === 'list' && field.text.endsWith('\n')) {
				edit(field.text.slice(0, -1));
			}

			ctx.view.change(state => (state.dialog?.kind === 'form' ? {...state, dialog: {...state.dialog, index: dialog.index + 1}} : state));
		}
	} else if (field.kind === 'toggle') {
		if (key === 'space') {
			edit(field.text === 'true' ? 'false' : 'true');
		}
	} else if (key === 'backspace' || key === 'delete') {
		edit(field.text.slice(0, -1));
	} else if (key === 'ctrl+u') {
		edit('');
	} else if (!key.startsWith('ctrl+') && typed(input) !== '') {
		edit(field.text + typed(input));
	}
}

function dialogKey(ctx: ActionContext, dialog: Dialog, key: string, input: string): void {
	const replace = (next: Dialog): void => {
		ctx.view.change(state => ({...state, dialog: next}));
	};

	if (dialog.kind === 'form') {
		formKey(ctx, dialog, key, input);
		return;
	}

	if (key === 'escape') {
		closeDialog(ctx);
		return;
	}

	switch (dialog.kind) {
		case 'confirm': {
			const toggles = Object.fromEntries(dialog.toggles.map(toggle => [toggle.id, toggle.on]));
			if (key === 'enter' || key === 'y') {
				answerDialog(ctx, dialog, {value: 'yes', toggles});
			} else if (key === 'n') {
				closeDialog(ctx);
			} else if (dialog.toggles.some(toggle => toggle.key === key)) {
				replace({...dialog, toggles: dialog.toggles.map(toggle => (toggle.key === key ? {...toggle, on: !toggle.on} : toggle))});
			}

			return;
		}

		case 'choice': {
			const choices = shownChoices(dialog);
			const count = Math.max(1, choices.length);
			const searchable = dialog.filter !== undefined;
			const digit = searchable ? Number.NaN : Number.parseInt(key, 10);
			const chosen = choices[dialog.index];
			if (key === 'down' || (!searchable && key === 'j')) {
				replace({...dialog, index: (dialog.index + 1) % count});
			} else if (key === 'up' || (!searchable && key === 'k')) {
				replace({...dialog, index: (dialog.index - 1 + count) % count});
			} else if (key === 'pagedown' || key === 'pageup') {
				const step = key === 'pagedown' ? 10 : -10;
				replace({...dialog, index: Math.max(0, Math.min(count - 1, dialog.index + step))});
			} else if (key === 'enter' && chosen) {
				answerDialog(ctx, dialog, {value: chosen.value, toggles: {}});
			} else if (digit >= 1 && digit <= choices.length) {
				answerDialog(ctx, dialog, {value: choices[digit - 1]!.value, toggles: {}});
			} else if (searchable && (key === 'backspace' || key === 'delete')) {
				replace({...dialog, filter: dialog.filter!.slice(0, -1), index: 0});
			} else if (searchable && !key.startsWith('ctrl+') && typed(input) !== '') {
				replace({...dialog, filter: dialog.filter! + typed(input), index: 0});
			}

			return;
		}

		case 'text': {
			if (key === 'enter') {
				answerDialog(ctx, dialog, {value: dialog.text, toggles: {}});
			} else if (key === 'backspace' || key === 'delete') {
				replace({...dialog, text: dialog.text.slice(0, -1), error: undefined});
			} else if (!key.startsWith('ctrl+') && typed(input) !== '') {
				replace({...dialog, text: dialog.text + typed(input), error: undefined});
			}
		}
	}
}

function inputKey(ctx: ActionContext, field: TextInput, key: string, input: string): void {
	const setText = (text: string): void => {
		ctx.view.change(state => {
			const next = {...state, input: {...field, text}};
			// Like the list filter, the events and diff filters apply as they are typed.
			if (field.purpose === 'events') {
				return {...next, events: {...state.events, filter: text}};
			}

			if (field.purpose === 'diff') {
				return {...next, diffFilter: text};
			}

			if (field.purpose !== 'filter') {
				return next;
			}

			// The filter applies as it is typed (a search waits for Enter), and the row the cursor
			// lands on becomes the selection, so it stays selected when the filter is cleared.
			const filtered = {...next, filters: {...state.filters, [state.pane]: text}};
			const keys = visibleKeys(ctx.model.get(), filtered, state.pane);
			const index = cursorIndex(keys, filtered, state.pane);
			return {
				...filtered,
				selected: {...state.selected, [state.pane]: keys[index] ?? state.selected[state.pane]},
				cursor: {...state.cursor, [state.pane]: index},
			};
		});
	};

	if (key === 'escape') {
		ctx.view.change(state => ({
			...state,
			input: undefined,
			filters: field.purpose === 'filter' ? {...state.filters, [state.pane]: ''} : state.filters,
			logs: field.purpose === 'search' ? {...state.logs, search: '', matchSeq: undefined} : state.logs,
			events: field.purpose === 'events' ? {...state.events, filter: ''} : state.events,
			diffFilter: field.purpose === 'diff' ? '' : state.diffFilter,
		}));
	} else if (key === 'enter') {
		ctx.view.change(state => ({
			...state,
			input: undefined,
			logs: field.purpose === 'search' ? {...state.logs, search: field.text, matchSeq: undefined} : state.logs,
		}));
		if (field.purpose === 'search') {
			jumpToMatch(ctx, -1, true);
		}
	} else if (key === 'backspace' || key === 'delete') {
		setText(field.text.slice(0, -1));
	} else if (!key.startsWith('ctrl+') && typed(input) !== '') {
		setText(field.text + typed(input));
	}
}

/** Routes one keypress: an open dialog or text field gets it first, then the registry by scope. */
export function handleKey(ctx: ActionContext, key: string, input: string): void {
	if (key === 'ctrl+c') {
		ctx.terminal.quit();
		return;
	}

	const view = ctx.view.get();
	if (view.dialog) {
		dialogKey(ctx, view.dialog, key, input);
		return;
	}

	if (view.palette) {
		paletteKey(ctx, view.palette, key, input);
		return;
	}

	if (view.input) {
		inputKey(ctx, view.input, key, input);
		return;
	}

	if (view.help) {
		ctx.view.change(state => ({...state, help: false}));
		return;
	}

	const action = findAction(key, scopesFor(view, ctx.model.get()));
	if (action) {
		invoke(ctx, action);
	}
}
