import {sanitize} from '../format/index.js';
import {cursorIndex, objectByKey, targetKey, targetObjects, visibleKeys} from '../store/selectors.js';
import {shownChoices, type Dialog, type ReadOnlySource, type TextInput} from '../store/view-store.js';
import {checkForm, formValues, openDialog} from './dialogs.js';
import {copyText} from './copy.js';
import {kindWord, reasonOf} from './each.js';
import {actionCommands, actionEngine, commandOnEngine, dialogOnEngine} from './engine-scope.js';
import {tracingJobs} from './jobs.js';
import {withEngine} from '../engine/multi-engine.js';
import {jumpToMatch} from './logs.js';
import {paletteKey} from './palette-keys.js';
import {actionById, findAction, scopesFor} from './registry.js';
import type {Action, ActionContext, Answer, Ran, Target, TargetKind} from './types.js';
import {t} from '../i18n/translate.js';

/** What a refusal says: which action was not run and why, naming where read-only mode comes from when known. */
export function readOnlyRefusal(action: Pick<Action, 'title'>, source?: ReadOnlySource): string {
	const title = t(action.title);
	switch (source?.from) {
		case 'option': {
			return t('read-only: “{action}” was not run; berth was started with --read-only', {action: title});
		}

		case 'config': {
			return t('read-only: “{action}” was not run; the config file sets read-only: true', {action: title});
		}

		case 'context': {
			return t('read-only: “{action}” was not run; the config file sets read-only for context {context}', {action: title, context: source.context});
		}

		default: {
			return t('read-only: “{action}” was not run; berth changes nothing on this engine', {action: title});
		}
	}
}

/** In read-only mode an action that changes state is refused, saying so; true when it was. */
export function refusedReadOnly(ctx: ActionContext, action: Action): boolean {
	if (!action.changesState || !ctx.view.get().readOnly) {
		return false;
	}

	ctx.model.notify('error', readOnlyRefusal(action, ctx.view.get().readOnlyFrom));
	return true;
}

/** What a failed action says: its title (in the user's language) and the engine's reason. */
function failure(action: Action, reason: string): string {
	return t('“{action}” failed: {reason}', {action: t(action.title), reason});
}

/** Runs an action on these targets with this answer, unless read-only mode refuses it; logs its command line. */
export function execute(ctx: ActionContext, action: Action, targets: readonly Target[], answer?: Answer): void {
	if (refusedReadOnly(ctx, action)) {
		return;
	}

	const failed = (reason: string): void => {
		ctx.model.notify('error', failure(action, reason));
	};

	const ran = runLogged(ctx, action, targets, answer);
	if (ran instanceof Promise) {
		void ran.then(reason => {
			if (reason !== undefined) {
				failed(reason);
			}
		});
	} else if (ran !== undefined) {
		failed(ran);
	}
}

/**
 * Runs an action on its engine and logs the command lines it stood for once it ran, so users learn
 * the CLI (the status bar shows the latest): the line its run gave back, else its own `command`,
 * else `fallback` (a form's preview). Jobs it started log theirs when they end. An error the action
 * reported itself (one of several targets failed) marks it failed. Gives back why it failed, if it
 * did: at once when the action ran at once.
 */
function runLogged(ctx: ActionContext, action: Action, targets: readonly Target[], answer: Answer | undefined, fallback?: string): string | undefined | Promise<string | undefined> {
	const before = ctx.model.get().notice;
	const engine = actionEngine(ctx, action.targets, targets);
	// Named before it runs: a remove or a rename changes how the model names its objects.
	const planned = actionCommands(ctx, action, targets, answer, fallback);
	const record = (reason: string | undefined, line: string | undefined, startedJob: boolean): string | undefined => {
		if (startedJob) {
			return reason;
		}

		const said = ctx.model.get().notice;
		const failed = reason ?? (said !== before && said?.level === 'error' ? said.text : undefined);
		const at = Date.now();
		const lines = line === undefined ? planned : [commandOnEngine(ctx, engine, line)];
		for (const command of lines) {
			ctx.commands.record({at, command, ok: failed === undefined, ...(failed === undefined ? {} : {reason: failed})});
		}

		return reason;
	};

	let traced: ReturnType<typeof tracingJobs<Ran>>;
	try {
		traced = tracingJobs(() => withEngine(engine, () => action.run(ctx, targets, answer)));
	} catch (error) {
		return record(reasonOf(error), undefined, false);
	}

	const {result, startedJob} = traced;
	if (result instanceof Promise) {
		return result.then(
			line => record(undefined, line ?? undefined, startedJob()),
			(error: unknown) => record(reasonOf(error), undefined, startedJob()),
		);
	}

	return record(undefined, result ?? undefined, startedJob());
}

/** Runs an action on the current targets, asking its question first when it has one. */
export function invoke(ctx: ActionContext, action: Action): void {
	if (refusedReadOnly(ctx, action)) {
		return;
	}

	const kind = action.targets;
	const targets = kind ? targetObjects(ctx.model.get(), ctx.view.get(), kind) : [];
	if (kind && targets.length === 0) {
		ctx.model.notify('note', t('no {kind} selected', {kind: kindWord(kind)}));
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

/** Said when every object a dialog asked about went away while it was open. */
function goneText(kind: TargetKind, dialog: Dialog): string {
	return dialog.targetIds.length === 1
		? t('nothing done: the {kind} asked about is gone', {kind: kindWord(kind)})
		: t('nothing done: the {count} objects asked about are gone', {count: dialog.targetIds.length});
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
		ctx.model.notify('note', goneText(action.targets, dialog));
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
		ctx.model.notify('note', goneText(action.targets, dialog));
		return;
	}

	const answer: Answer = {value: '', toggles: {}, fields: formValues(dialog), carry: dialog.carry};
	const busy: FormDialog = {...dialog, busy: `${dialog.submitLabel.toLowerCase()}…`, refusal: undefined};
	ctx.view.change(state => ({...state, dialog: busy}));
	const settle = (refusal?: string): void => {
		if (ctx.view.get().dialog !== busy) {
			// The form was left while the engine worked: the refusal still reaches the user.
			if (refusal !== undefined) {
				ctx.model.notify('error', failure(action, refusal));
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

	// Run after this keypress, so the form shows it is busy even when the action answers at once.
	void Promise.resolve()
		.then(async () => runLogged(ctx, action, targets, answer, dialog.preview))
		.then(settle);
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
			} else if (searchable && key === 'ctrl+u') {
				replace({...dialog, filter: '', index: 0});
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
			} else if (key === 'ctrl+u') {
				// A prompt comes filled in (the old name, the selected tag): this clears it, as in a form.
				replace({...dialog, text: '', error: undefined});
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
	} else if (key === 'ctrl+u') {
		setText('');
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
