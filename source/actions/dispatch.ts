import type {ContainerSummary} from '../engine/types.js';
import {sanitize} from '../format/index.js';
import {cursorIndex, targetContainers, visibleKeys} from '../store/selectors.js';
import type {Dialog, TextInput} from '../store/view-store.js';
import {reasonOf} from './containers.js';
import {jumpToMatch} from './logs.js';
import {actionById, findAction, scopesFor} from './registry.js';
import type {Action, ActionContext, Answer} from './types.js';

function execute(ctx: ActionContext, action: Action, targets: readonly ContainerSummary[], answer?: Answer): void {
	const failed = (error: unknown): void => {
		ctx.model.notify('error', `${action.title.toLowerCase()}: ${reasonOf(error)}`);
	};

	try {
		const result = action.run(ctx, targets, answer);
		if (result instanceof Promise) {
			result.catch(failed);
		}
	} catch (error) {
		failed(error);
	}
}

/** Runs an action on the current targets, asking its question first when it has one. */
export function invoke(ctx: ActionContext, action: Action): void {
	const targets = action.targetsContainers ? targetContainers(ctx.model.get(), ctx.view.get()) : [];
	if (action.targetsContainers && targets.length === 0) {
		ctx.model.notify('info', 'no container selected');
		return;
	}

	const spec = action.ask?.(targets, ctx);
	if (spec) {
		const dialog = {...spec, actionId: action.id, targetIds: targets.map(target => target.id)} as Dialog;
		ctx.view.change(state => ({...state, dialog}));
		return;
	}

	execute(ctx, action, targets);
}

/** Text typed into a field: printable characters only (a paste can carry anything). */
function typed(input: string): string {
	return sanitize(input).replaceAll(/[\u2400-\u2424]/g, '');
}

function closeDialog(ctx: ActionContext): void {
	ctx.view.change(state => ({...state, dialog: undefined}));
}

function answerDialog(ctx: ActionContext, dialog: Dialog, answer: Answer): void {
	const action = actionById(dialog.actionId);
	const model = ctx.model.get();
	const targets = dialog.targetIds
		.map(id => model.containers.get(id))
		.filter((container): container is ContainerSummary => container !== undefined);
	if (!action) {
		closeDialog(ctx);
		return;
	}

	const invalid = dialog.kind === 'text' ? action.validate?.(answer.value, targets) : undefined;
	if (invalid !== undefined) {
		ctx.view.change(state => (state.dialog === dialog ? {...state, dialog: {...dialog, error: invalid}} : state));
		return;
	}

	closeDialog(ctx);
	if (action.targetsContainers && targets.length === 0) {
		ctx.model.notify('info', 'the containers asked about are gone');
		return;
	}

	execute(ctx, action, targets, answer);
}

function dialogKey(ctx: ActionContext, dialog: Dialog, key: string, input: string): void {
	const replace = (next: Dialog): void => {
		ctx.view.change(state => ({...state, dialog: next}));
	};

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
			const count = dialog.choices.length;
			const digit = Number.parseInt(key, 10);
			if (key === 'down' || key === 'j') {
				replace({...dialog, index: (dialog.index + 1) % count});
			} else if (key === 'up' || key === 'k') {
				replace({...dialog, index: (dialog.index - 1 + count) % count});
			} else if (key === 'enter') {
				answerDialog(ctx, dialog, {value: dialog.choices[dialog.index]!.value, toggles: {}});
			} else if (digit >= 1 && digit <= count) {
				answerDialog(ctx, dialog, {value: dialog.choices[digit - 1]!.value, toggles: {}});
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

	if (view.input) {
		inputKey(ctx, view.input, key, input);
		return;
	}

	if (view.help) {
		ctx.view.change(state => ({...state, help: false}));
		return;
	}

	const action = findAction(key, scopesFor(view));
	if (action) {
		invoke(ctx, action);
	}
}
