// Driving the dispatcher as a terminal would: keys by name, text as typed, and the dialog it opens.
import assert from 'node:assert/strict';
import {handleKey} from '../../source/actions/dispatch.js';
import {parseKeys} from '../../source/actions/keys.js';
import type {Dialog} from '../../source/store/view-store.js';
import type {TestContext} from './context.js';

export type FormDialog = Extract<Dialog, {kind: 'form'}>;

/** Lets the promise chains an action starts (engine calls, jobs, form submissions) run out. */
export async function settle(): Promise<void> {
	for (let i = 0; i < 4; i++) {
		await new Promise(resolve => setImmediate(resolve));
	}
}

/** Presses keys by their registry names ("tab", "ctrl+s", "y"); Space types a space, as a terminal's does. */
export function press(ctx: TestContext, ...keys: string[]): void {
	for (const key of keys) {
		handleKey(ctx, key, key === 'space' ? ' ' : [...key].length === 1 ? key : '');
	}
}

/** Types text as a terminal sends it. */
export function type(ctx: TestContext, text: string): void {
	for (const key of parseKeys(text)) {
		handleKey(ctx, key.name, key.text);
	}
}

/** The open dialog, which must be of `kind`. */
export function dialogOf<K extends Dialog['kind']>(ctx: TestContext, kind: K): Extract<Dialog, {kind: K}> {
	const dialog = ctx.view.get().dialog;
	assert.equal(dialog?.kind, kind, `a ${kind} dialog is open (got ${dialog?.kind ?? 'nothing'})`);
	return dialog as Extract<Dialog, {kind: K}>;
}

export const form = (ctx: TestContext): FormDialog => dialogOf(ctx, 'form');

/** Tabs to the form's field `id`. */
export function goTo(ctx: TestContext, id: string): void {
	const target = form(ctx).fields.findIndex(field => field.id === id);
	assert.notEqual(target, -1, `the form has a ${id} field`);
	let guard = 0;
	while (form(ctx).index !== target) {
		press(ctx, 'tab');
		assert.ok(++guard < 50, `Tab never reaches ${id}`);
	}
}
