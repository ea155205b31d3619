import type {Dialog, FormField, FormState} from '../store/view-store.js';
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
