import type {Dialog, FormField, FormState} from '../store/view-store.js';
import {t} from '../i18n/translate.js';
import {names} from './each.js';
import type {Action, ActionContext, DialogSpec} from './types.js';

function fieldValues(fields: readonly FormField[]): Record<string, string> {
	return Object.fromEntries(fields.map(field => [field.id, field.text]));
}

/** A form's fields as its action reads them. */
export function formValues(form: FormState): Record<string, string> {
	return fieldValues(form.fields);
}

/** Checks a form's fields with its action: each wrong field's message, and the command line it stands for. */
export function checkForm(ctx: ActionContext, action: Action | undefined, fields: readonly FormField[], carry?: string): Pick<FormState, 'errors' | 'preview'> {
	const check = action?.check?.(fieldValues(fields), ctx, carry);
	return {errors: check?.errors ?? {}, preview: check?.preview};
}

/**
 * Shows `action`'s question about the objects with these keys; its answer runs the action. Also
 * how one step of a longer exchange (choose a registry, then a repository, then a tag) asks the next.
 */
export function openDialog(ctx: ActionContext, action: Action, spec: DialogSpec, targetIds: readonly string[] = []): void {
	let dialog = {...spec, actionId: action.id, targetIds} as Dialog;
	if (dialog.kind === 'form') {
		dialog = {...dialog, ...checkForm(ctx, action, dialog.fields, dialog.carry)};
	}

	ctx.view.change(state => ({...state, dialog}));
}

/** A form's fields from (id, label, kind, text) rows. */
export function formFields(rows: ReadonlyArray<readonly [id: string, label: string, kind: FormField['kind'], text?: string, placeholder?: string]>): FormField[] {
	return rows.map(([id, label, kind, text = '', placeholder]) => ({id, label, kind, text, ...(placeholder === undefined ? {} : {placeholder})}));
}

/** How an action asks once the config file's confirmations set it, or why that setting is refused. */
export type ConfirmationRule = {ask: Action['ask']} | {refused: string};

/**
 * The config file's confirmations for one action: true makes an action that changes something ask
 * "Stop: web?" first, unless it asks already; false takes away its yes-or-no question (a question
 * whose answer it needs, a name or a signal, is still asked). A destructive action always asks,
 * whatever the setting.
 */
export function confirmationRule(action: Action, asks: boolean, destructive: boolean): ConfirmationRule {
	if (asks) {
		if (!action.changesState) {
			return {refused: t('{id} changes nothing, so there is nothing to confirm; setting left out', {id: action.id})};
		}
		return {ask: action.ask ?? (destructive ? undefined : confirmQuestion(action))};
	}
	if (destructive) {
		return {refused: t('{id} always asks first: it is destructive (removes, prunes, overwrites); kept', {id: action.id})};
	}
	const {ask} = action;
	return {
		ask:
			ask &&
			((targets, ctx) => {
				const spec = ask(targets, ctx);
				return spec?.kind === 'confirm' ? undefined : spec;
			}),
	};
}

/** "Stop: web?": the yes-or-no question confirmations: true adds. */
function confirmQuestion(action: Action): NonNullable<Action['ask']> {
	const kind = action.targets;
	return targets => ({
		kind: 'confirm',
		title: kind ? t('{action}: {names}?', {action: t(action.title), names: names(kind, targets)}) : t('{action}?', {action: t(action.title)}),
		toggles: [],
	});
}
