import {readFileSync} from 'node:fs';
import type {RunSpec} from '../engine/types.js';
import {sanitize, shortId} from '../format/index.js';
import {formFromSpec, parseRunForm, runArgs, runFormFields, shellQuote, type RunFormField} from '../parse/run-spec.js';
import type {FormField} from '../store/view-store.js';
import {openDialog} from './dialogs.js';
import {reasonOf} from './each.js';
import {defineAction, type Action, type ActionContext, type Answer, type DialogSpec, type FormCheck} from './types.js';

/** How each field of the run form is edited, labelled, and what it takes. */
const FIELD_SHAPES: Readonly<Record<RunFormField, {kind: FormField['kind']; label?: string; placeholder?: string}>> = {
	name: {kind: 'text', placeholder: 'empty: the engine picks one'},
	image: {kind: 'text', placeholder: 'name[:tag]'},
	command: {kind: 'text', placeholder: "the image's CMD; quote as in a shell"},
	entrypoint: {kind: 'text', placeholder: "the image's ENTRYPOINT"},
	ports: {kind: 'list', placeholder: '8080:80  127.0.0.1:53:53/udp  9000'},
	'publish-all': {kind: 'toggle', label: 'publish all'},
	env: {kind: 'list', placeholder: 'KEY=value, one a line'},
	'env-file': {kind: 'text', label: 'env file', placeholder: 'a file of KEY=value lines'},
	mounts: {kind: 'list', placeholder: 'volume:/path  /host:/ctr:ro  /anonymous'},
	network: {kind: 'text', placeholder: 'bridge'},
	ip: {kind: 'text', label: 'static IPv4'},
	aliases: {kind: 'list', label: 'network aliases'},
	dns: {kind: 'list', label: 'DNS servers'},
	'extra-hosts': {kind: 'list', label: 'extra hosts', placeholder: 'name:1.2.3.4'},
	'volumes-from': {kind: 'list', label: 'volumes from', placeholder: 'container[:ro]'},
	restart: {kind: 'text', placeholder: 'no | on-failure[:N] | unless-stopped | always'},
	memory: {kind: 'text', placeholder: '512m'},
	'memory-swap': {kind: 'text', label: 'memory+swap', placeholder: '1g, -1 unlimited'},
	cpus: {kind: 'text', placeholder: '1.5'},
	'cpuset-cpus': {kind: 'text', label: 'cpuset cpus', placeholder: '0-3'},
	'cpu-shares': {kind: 'text', label: 'cpu shares', placeholder: '1024'},
	hostname: {kind: 'text'},
	user: {kind: 'text', placeholder: 'uid[:gid]'},
	workdir: {kind: 'text', placeholder: '/app'},
	labels: {kind: 'list', placeholder: 'key=value, one a line'},
	privileged: {kind: 'toggle'},
	'cap-add': {kind: 'list', label: 'cap add', placeholder: 'NET_ADMIN'},
	'cap-drop': {kind: 'list', label: 'cap drop', placeholder: 'ALL'},
	ulimits: {kind: 'list', placeholder: 'nofile=1024:2048'},
	'auto-remove': {kind: 'toggle', label: 'auto-remove'},
	interactive: {kind: 'toggle', label: 'interactive -it'},
};

const EMPTY_FORM = Object.fromEntries(runFormFields.map(field => [field, FIELD_SHAPES[field].kind === 'toggle' ? 'false' : ''])) as Record<RunFormField, string>;

/** The run form, filled with `values` (the rest empty). */
export function runForm(title: string, values: Partial<Record<RunFormField, string>>, submitLabel: string): DialogSpec {
	const filled = {...EMPTY_FORM, ...values};
	// The image is what most runs change first; the name comes right after it.
	const order: RunFormField[] = ['image', 'name', ...runFormFields.filter(field => field !== 'image' && field !== 'name')];
	return {
		kind: 'form',
		title,
		submitLabel,
		index: values.image ? 1 : 0,
		errors: {},
		fields: order.map(id => {
			const shape = FIELD_SHAPES[id];
			return {id, label: shape.label ?? id, kind: shape.kind, text: filled[id], ...(shape.placeholder ? {placeholder: shape.placeholder} : {})};
		}),
	};
}

function parse(fields: Readonly<Record<string, string>>): ReturnType<typeof parseRunForm> {
	return parseRunForm(fields, process.env, file => readFileSync(file, 'utf8'));
}

/**
 * The `docker run` line as the user would type it: env as typed and the env file named, never the
 * values a file or berth's own environment filled in (they may be secrets, and `docker run` does
 * not print them either).
 */
function shownCommand(spec: RunSpec, fields: Readonly<Record<string, string>>): string {
	const env = (fields['env'] ?? '').split('\n').map(line => line.trim()).filter(line => line !== '');
	const file = (fields['env-file'] ?? '').trim();
	const args = runArgs({...spec, env});
	// After `docker run -d|-it`.
	return shellQuote(file === '' ? args : [...args.slice(0, 3), '--env-file', file, ...args.slice(3)]);
}

/** Checks the form as typed: every wrong field, and the `docker run` line of a valid one. */
function check(fields: Readonly<Record<string, string>>): FormCheck {
	const parsed = parse(fields);
	if ('errors' in parsed) {
		return {errors: Object.fromEntries(parsed.errors.map(error => [error.field, error.message]))};
	}

	return {errors: {}, preview: shownCommand(parsed.spec, fields)};
}

function specOf(answer: Answer | undefined): RunSpec {
	const parsed = parse(answer?.fields ?? {});
	if ('errors' in parsed) {
		throw new Error(parsed.errors.map(error => error.message).join('; '));
	}

	return parsed.spec;
}

/** Shows the container selected in the containers pane, with its logs. */
function showContainer(ctx: ActionContext, id: string): void {
	ctx.view.change(state => ({
		...state,
		pane: 'containers',
		focus: 'list',
		showStopped: true,
		selected: {...state.selected, containers: id},
		tab: {...state.tab, containers: 'logs'},
	}));
}

/** Creates the container of a valid form and selects it; an interactive one gets the terminal. */
async function runSpec(ctx: ActionContext, spec: RunSpec, command: string): Promise<void> {
	const id = await ctx.engine.runContainer(spec);
	const name = sanitize(spec.name ?? shortId(id));
	showContainer(ctx, id);
	if (!spec.interactive) {
		ctx.model.notify('info', `started ${name}: ${command}`);
		return;
	}

	// Started only now, so that a form refusal above never leaves the terminal handed over.
	await ctx.engine.startContainer(id);
	try {
		const result = await ctx.terminal.handOver(async io => ctx.engine.attach(id, io));
		ctx.model.notify('info', result.detached ? `detached from ${name}; it is still running` : `${name} ended`);
	} catch (error) {
		ctx.model.notify('error', `attach ${name}: ${reasonOf(error)}`);
	}
}

/** The run form's checking and submission, shared by every action that opens it. */
export const runFromForm = {
	check,
	async run(ctx: ActionContext, answer: Answer | undefined): Promise<void> {
		const spec = specOf(answer);
		await runSpec(ctx, spec, shownCommand(spec, answer?.fields ?? {}));
	},
};

/** The recreate form's submission: the container named by the dialog is replaced by the form's. */
const recreateSubmit = defineAction({
	id: 'container.recreate.submit',
	title: 'Recreate the container from the form',
	keys: [],
	scope: 'containers',
	step: true,
	changesState: true,
	targets: 'container',
	check: fields => check(fields),
	async run(ctx, targets, answer) {
		const [target] = targets;
		if (!target) {
			throw new Error('the container is gone');
		}

		const id = await ctx.engine.recreateContainer(target.id, specOf(answer));
		showContainer(ctx, id);
		ctx.model.notify('info', `recreated ${sanitize(target.name)}`);
	},
});

export const runActions: Action[] = [
	defineAction({
		id: 'container.create',
		hint: 'new',
		title: 'Run a new container from any image (a form)',
		keys: ['c'],
		scope: 'containers',
		changesState: true,
		ask: () => runForm('Run a new container', {}, 'Run'),
		check: fields => check(fields),
		run: async (ctx, _targets, answer) => runFromForm.run(ctx, answer),
	}),
	defineAction({
		id: 'container.recreate',
		title: 'Edit and recreate: change ports, env, mounts, limits… (the old one comes back if anything fails)',
		keys: ['C'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		async run(ctx, targets) {
			const [target] = targets;
			if (targets.length !== 1 || !target) {
				ctx.model.notify('info', 'recreate works on one container: unmark the others (Esc)');
				return;
			}

			const spec = await ctx.engine.containerRunSpec(target.id);
			openDialog(ctx, recreateSubmit, runForm(`Edit and recreate ${sanitize(target.name)}`, formFromSpec(spec), 'Recreate'), [target.id]);
		},
	}),
	recreateSubmit,
];
