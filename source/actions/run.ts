import {readFileSync} from 'node:fs';
import type {RunSpec} from '../engine/types.js';
import {sanitize, shortId} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {formFromSpec, parseRunForm, runArgs, runFormFields, shellQuote, type RunFormField} from '../parse/run-spec.js';
import type {FormField} from '../store/view-store.js';
import {openDialog} from './dialogs.js';
import {reasonOf} from './each.js';
import {defineAction, type Action, type ActionContext, type Answer, type DialogSpec, type FormCheck} from './types.js';

/** How each field of the run form is edited, labelled (in the user's language), and what it takes. */
function fieldShapes(): Readonly<Record<RunFormField, {kind: FormField['kind']; label: string; placeholder?: string}>> {
	return {
		name: {kind: 'text', label: t('name'), placeholder: t('empty: the engine picks one')},
		image: {kind: 'text', label: t('image'), placeholder: 'name[:tag]'},
		command: {kind: 'text', label: t('command'), placeholder: t("the image's CMD; quote as in a shell")},
		entrypoint: {kind: 'text', label: t('entrypoint'), placeholder: t("the image's ENTRYPOINT")},
		ports: {kind: 'list', label: t('ports'), placeholder: '8080:80  127.0.0.1:53:53/udp  9000'},
		'publish-all': {kind: 'toggle', label: t('publish all')},
		env: {kind: 'list', label: t('env'), placeholder: t('KEY=value, one a line')},
		'env-file': {kind: 'text', label: t('env file'), placeholder: t('a file of KEY=value lines')},
		mounts: {kind: 'list', label: t('mounts'), placeholder: 'volume:/path  /host:/ctr:ro  /anonymous'},
		network: {kind: 'text', label: t('network'), placeholder: 'bridge'},
		ip: {kind: 'text', label: t('static IPv4')},
		aliases: {kind: 'list', label: t('network aliases')},
		dns: {kind: 'list', label: t('DNS servers')},
		'extra-hosts': {kind: 'list', label: t('extra hosts'), placeholder: 'name:1.2.3.4'},
		'volumes-from': {kind: 'list', label: t('volumes from'), placeholder: 'container[:ro]'},
		restart: {kind: 'text', label: t('restart'), placeholder: 'no | on-failure[:N] | unless-stopped | always'},
		memory: {kind: 'text', label: t('memory'), placeholder: '512m'},
		'memory-swap': {kind: 'text', label: t('memory+swap'), placeholder: t('1g, -1 unlimited')},
		cpus: {kind: 'text', label: t('cpus'), placeholder: '1.5'},
		'cpuset-cpus': {kind: 'text', label: t('cpuset cpus'), placeholder: '0-3'},
		'cpu-shares': {kind: 'text', label: t('cpu shares'), placeholder: '1024'},
		hostname: {kind: 'text', label: t('hostname')},
		user: {kind: 'text', label: t('user'), placeholder: 'uid[:gid]'},
		workdir: {kind: 'text', label: t('workdir'), placeholder: '/app'},
		labels: {kind: 'list', label: t('labels'), placeholder: t('key=value, one a line')},
		privileged: {kind: 'toggle', label: t('privileged')},
		'cap-add': {kind: 'list', label: t('cap add'), placeholder: 'NET_ADMIN'},
		'cap-drop': {kind: 'list', label: t('cap drop'), placeholder: 'ALL'},
		ulimits: {kind: 'list', label: t('ulimits'), placeholder: 'nofile=1024:2048'},
		'auto-remove': {kind: 'toggle', label: t('auto-remove')},
		interactive: {kind: 'toggle', label: t('interactive -it')},
	};
}

/** The run form, filled with `values` (the rest empty). */
export function runForm(title: string, values: Partial<Record<RunFormField, string>>, submitLabel: string): DialogSpec {
	const shapes = fieldShapes();
	const empty = Object.fromEntries(runFormFields.map(field => [field, shapes[field].kind === 'toggle' ? 'false' : ''])) as Record<RunFormField, string>;
	const filled = {...empty, ...values};
	// The image is what most runs change first; the name comes right after it.
	const order: RunFormField[] = ['image', 'name', ...runFormFields.filter(field => field !== 'image' && field !== 'name')];
	return {
		kind: 'form',
		title,
		submitLabel,
		index: values.image ? 1 : 0,
		errors: {},
		fields: order.map(id => {
			const shape = shapes[id];
			return {id, label: shape.label, kind: shape.kind, text: filled[id], ...(shape.placeholder ? {placeholder: shape.placeholder} : {})};
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
		ctx.model.notify('info', t('started {name}: {command}', {name, command}));
		return;
	}

	// Started only now, so that a form refusal above never leaves the terminal handed over.
	await ctx.engine.startContainer(id);
	try {
		const result = await ctx.terminal.handOver(async io => ctx.engine.attach(id, io));
		ctx.model.notify('info', result.detached ? t('detached from {name}; it is still running', {name}) : t('{name} ended', {name}));
	} catch (error) {
		ctx.model.notify('error', t('{action} {name}: {reason}', {action: t('attach'), name, reason: reasonOf(error)}));
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
			throw new Error(t('the container is gone'));
		}

		const id = await ctx.engine.recreateContainer(target.id, specOf(answer));
		showContainer(ctx, id);
		ctx.model.notify('info', t('recreated {name}', {name: sanitize(target.name)}));
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
		ask: () => runForm(t('Run a new container'), {}, t('Run')),
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
				ctx.model.notify('info', t('{action} works on one {kind}: unmark the others (Esc)', {action: t('recreate'), kind: t('container')}));
				return;
			}

			const spec = await ctx.engine.containerRunSpec(target.id);
			openDialog(ctx, recreateSubmit, runForm(t('Edit and recreate {name}', {name: sanitize(target.name)}), formFromSpec(spec), t('Recreate')), [target.id]);
		},
	}),
	recreateSubmit,
];
