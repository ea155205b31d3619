// What can be done with a container besides its lifecycle: commit it to an image, export its
// filesystem, copy files in and out, change its limits in place, prune the stopped ones, and
// filter its diff. Every form is checked field by field as typed; the engine is called only with a
// valid one, and its refusal comes back into the form.
import {existsSync} from 'node:fs';
import path from 'node:path';
import type {CommitOptions, ContainerSummary, UpdateFormField} from '../engine/types.js';
import {formatSize, sanitize, shortId} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {parseCommitChanges} from '../parse/commit-changes.js';
import {parseReference} from '../parse/reference.js';
import {shellQuote} from '../parse/run-spec.js';
import {parseUpdateForm, updateFormFields, type UpdateSpec} from '../parse/update-spec.js';
import {targetObjects} from '../store/selectors.js';
import type {FormField} from '../store/view-store.js';
import {checkForm, formFields, openDialog} from './dialogs.js';
import {names, onlyOne} from './each.js';
import {startJob} from './jobs.js';
import {dockerLine} from './command-line.js';
import {defineAction, type Action, type ActionContext, type DialogSpec, type FormCheck} from './types.js';
import {errorsOf, outputFileError, byCount} from './fields.js';

type Fields = Readonly<Record<string, string>>;

const TAG = /^\w[\w.-]{0,127}$/;

const shown = (container: ContainerSummary): string => sanitize(container.name);

/**
 * The container a form being checked is about: its dialog's, once the dialog is open; before (the
 * first check, while it opens) the action's targets, which are what the dialog will name.
 */
function formContainer(ctx: ActionContext, actionId: string): ContainerSummary | undefined {
	const {dialog} = ctx.view.get();
	const model = ctx.model.get();
	if (dialog?.actionId === actionId) {
		const [key] = dialog.targetIds;
		return key === undefined ? undefined : model.containers.get(key);
	}

	return targetObjects(model, ctx.view.get(), 'container')[0];
}

const nameFor = (ctx: ActionContext, actionId: string): string => sanitize(formContainer(ctx, actionId)?.name ?? 'CONTAINER');

// ---------------------------------------------------------------------------------------------
// Commit

interface CommitForm {
	options: CommitOptions;
	/** repository:tag as the image is named. */
	reference: string;
}

function parseCommit(fields: Fields): {value: CommitForm} | {errors: FormCheck['errors']} {
	const repositoryText = (fields['repository'] ?? '').trim();
	const tagText = (fields['tag'] ?? '').trim();
	let repository = repositoryText;
	let tag = tagText;
	let repositoryError: string | undefined;
	let tagError: string | undefined;
	if (repositoryText === '') {
		repositoryError = t('repository: a repository is required (e.g. team/app)');
	} else {
		const parsed = parseReference(repositoryText, 'repository');
		if ('error' in parsed) {
			repositoryError = parsed.error;
		} else if (parsed.value.digest !== undefined) {
			repositoryError = t('repository: {reference} names a digest; an image made here has none yet (use repository[:tag])', {reference: repositoryText});
		} else if (parsed.value.tag !== undefined) {
			repository = repositoryText.slice(0, repositoryText.lastIndexOf(':'));
			if (tagText === '') {
				tag = parsed.value.tag;
			} else if (tagText !== parsed.value.tag) {
				tagError = t('tag: the repository already names the tag {tag}; keep one', {tag: parsed.value.tag});
			}
		}
	}

	if (tagError === undefined && tagText !== '' && !TAG.test(tagText)) {
		tagError = t('tag: {tag} is not a tag (letters, digits, _ . -; at most 128, not starting with . or -)', {tag: tagText});
	}

	const changes = parseCommitChanges(fields['changes'] ?? '', 'changes');
	const errors = errorsOf([
		['repository', repositoryError],
		['tag', tagError],
		['changes', 'error' in changes ? changes.error : undefined],
	]);
	if (Object.keys(errors).length > 0 || 'error' in changes) {
		return {errors};
	}

	const message = (fields['message'] ?? '').trim();
	const author = (fields['author'] ?? '').trim();
	const finalTag = tag || 'latest';
	return {
		value: {
			reference: `${repository}:${finalTag}`,
			options: {
				repository,
				tag: finalTag,
				...(message === '' ? {} : {message}),
				...(author === '' ? {} : {author}),
				pause: fields['pause'] !== 'false',
				changes: changes.value,
			},
		},
	};
}

function commitCommand(form: CommitForm, name: string): string {
	const {options} = form;
	return shellQuote([
		'docker',
		'commit',
		...(options.author ? ['--author', options.author] : []),
		...(options.message ? ['--message', options.message] : []),
		...options.changes.flatMap(change => ['--change', change]),
		...(options.pause ? [] : ['--pause=false']),
		name,
		form.reference,
	]);
}

// ---------------------------------------------------------------------------------------------
// Copy

function containerPathError(text: string): string | undefined {
	const value = text.trim();
	if (value === '') {
		return t('container path: a path in the container is required');
	}

	return value.startsWith('/') ? undefined : t('container path: {path} must be absolute (start with /)', {path: value});
}

function hostTargetError(text: string): string | undefined {
	const value = text.trim();
	if (value === '') {
		return t('host path: a path on this machine is required');
	}

	const folder = path.dirname(path.resolve(value));
	return existsSync(folder) ? undefined : t('host path: {path} does not exist', {path: folder});
}

function hostSourceError(text: string): string | undefined {
	const value = text.trim();
	if (value === '') {
		return t('host path: a path on this machine is required');
	}

	return existsSync(value) ? undefined : t('host path: {path} does not exist', {path: value});
}

function copyNotice(from: string, result: {target: string; entries: number; skipped: readonly string[]}): string {
	const copied = t('copied {from} to {target}: {entries}', {
		from,
		target: result.target,
		entries: byCount(result.entries, t('{count} entry', {count: result.entries}), t('{count} entries', {count: result.entries})),
	});
	const skipped =
		result.skipped.length === 0
			? ''
			: t('; skipped {count} that cannot be made here: {names}', {count: result.skipped.length, names: `${result.skipped.slice(0, 3).join(', ')}${result.skipped.length > 3 ? ', …' : ''}`});
	return sanitize(`${copied}${skipped}`);
}

// ---------------------------------------------------------------------------------------------
// Update in place

/** The update form's fields, in the user's language. */
function updateShapes(): Readonly<Record<UpdateFormField, {label: string; placeholder: string}>> {
	return {
		restart: {label: t('restart'), placeholder: 'no | on-failure[:N] | unless-stopped | always'},
		memory: {label: t('memory'), placeholder: t('512m; empty: as it is')},
		'memory-swap': {label: t('memory+swap'), placeholder: t('1g, -1 unlimited')},
		cpus: {label: t('cpus'), placeholder: '1.5'},
		'cpuset-cpus': {label: t('cpuset cpus'), placeholder: '0-3'},
		'cpu-shares': {label: t('cpu shares'), placeholder: '1024'},
		'pids-limit': {label: t('pids limit'), placeholder: t('100, -1 unlimited')},
	};
}

/** The update form's check; `carry` is the settings it was filled with, so the preview shows only what changes. */
function updateCheck(fields: Fields, ctx: ActionContext, carry: string | undefined): FormCheck {
	const parsed = parseUpdateForm(fields);
	if ('errors' in parsed) {
		return {errors: Object.fromEntries(parsed.errors.map(error => [error.field, error.message]))};
	}

	const container = formContainer(ctx, updateSubmit.id);
	const before = carry === undefined ? undefined : (JSON.parse(carry) as Partial<Record<UpdateFormField, string>>);
	const flags = updateFormFields.filter(field => {
		const text = (fields[field] ?? '').trim();
		return text !== '' && text !== before?.[field]?.trim();
	});
	if (flags.length === 0) {
		return {errors: {}, preview: t('nothing changed yet')};
	}

	return {errors: {}, preview: shellQuote(['docker', 'update', ...flags.flatMap(field => [`--${field}`, (fields[field] ?? '').trim()]), sanitize(container?.name ?? 'CONTAINER')])};
}

/** The update form's submission: the container named by the dialog gets the form's limits. */
const updateSubmit: Action = defineAction({
	id: 'container.update.submit',
	title: 'Update the container from the form',
	keys: [],
	scope: 'containers',
	step: true,
	changesState: true,
	targets: 'container',
	check: (fields, ctx, carry) => updateCheck(fields, ctx, carry),
	async run(ctx, targets, answer) {
		const [target] = targets;
		if (!target) {
			throw new Error(t('the container is gone'));
		}

		const parsed = parseUpdateForm(answer?.fields ?? {});
		if ('errors' in parsed) {
			throw new Error(parsed.errors.map(error => error.message).join('; '));
		}

		const spec: UpdateSpec = parsed.spec;
		const warnings = await ctx.engine.updateContainer(target.id, spec);
		ctx.model.notify(
			'info',
			sanitize(warnings.length > 0 ? t('updated {name}; the engine warns: {warnings}', {name: target.name, warnings: warnings.join('; ')}) : t('updated {name}', {name: target.name})),
		);
	},
});

// ---------------------------------------------------------------------------------------------
// Prune

const pruneConfirmed = defineAction({
	id: 'container.prune.confirm',
	command: () => dockerLine('container', 'prune', '--force'),
	title: 'Remove the stopped containers listed',
	keys: [],
	scope: 'containers',
	step: true,
	destructive: true,
	changesState: true,
	async run(ctx) {
		const result = await ctx.engine.pruneContainers();
		const count = result.deleted.length;
		ctx.model.notify(
			'info',
			t('pruned {what}, reclaimed {size}', {what: byCount(count, t('{count} container', {count}), t('{count} containers', {count})), size: formatSize(result.spaceReclaimed)}),
		);
	},
});

// ---------------------------------------------------------------------------------------------

function form(title: string, submitLabel: string, fields: FormField[]): DialogSpec {
	return {kind: 'form', title, submitLabel, index: 0, errors: {}, fields};
}

const COMMIT = 'container.commit';
const EXPORT = 'container.export';
const COPY_FROM = 'container.copyFrom';
const COPY_TO = 'container.copyTo';

export const containerOpsActions: Action[] = [
	defineAction({
		id: COMMIT,
		hint: 'commit',
		title: 'Commit: make an image of its filesystem and config (a form)',
		keys: ['M'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		ask: targets =>
			targets.length === 1
				? form(t('Commit {names} to an image', {names: names('container', targets)}), t('Commit'), [
						...formFields([
							['repository', t('repository'), 'text', '', t('team/app or host:5000/team/app')],
							['tag', t('tag'), 'text', '', 'latest'],
							['message', t('message'), 'text', '', t('what changed')],
							['author', t('author'), 'text', '', t('Name <mail@example.com>')],
							['pause', t('pause container'), 'toggle', 'true'],
							['changes', t('changes'), 'list', '', t('CMD ["sh"]  ENV KEY=value  EXPOSE 80, one a line')],
						]),
					])
				: undefined,
		check(fields, ctx) {
			const parsed = parseCommit(fields);
			return 'errors' in parsed ? {errors: parsed.errors} : {errors: {}, preview: commitCommand(parsed.value, nameFor(ctx, COMMIT))};
		},
		async run(ctx, targets, answer) {
			const target = onlyOne(ctx, 'container', targets, t('commit'));
			if (!target || !answer) {
				return;
			}

			const parsed = parseCommit(answer.fields);
			if ('errors' in parsed) {
				throw new Error(Object.values(parsed.errors).join('; '));
			}

			const id = await ctx.engine.commitContainer(target.id, parsed.value.options);
			ctx.view.change(state => ({...state, selected: {...state.selected, images: id}}));
			ctx.model.notify('info', sanitize(t('committed {name} as {reference} ({id}); selected in the images pane (2)', {name: target.name, reference: parsed.value.reference, id: shortId(id)})));
		},
	}),
	defineAction({
		id: EXPORT,
		hint: 'export',
		title: 'Export its filesystem to a tar file (docker export)',
		keys: ['T'],
		scope: 'containers',
		targets: 'container',
		ask: targets =>
			targets.length === 1
				? form(t('Export the filesystem of {names}', {names: names('container', targets)}), t('Export'), [
						...formFields([
							['file', t('file'), 'text', '', `${sanitize(targets[0]!.name)}.tar`],
							['overwrite', t('overwrite'), 'toggle', 'false'],
						]),
					])
				: undefined,
		check(fields, ctx): FormCheck {
			const wrong = outputFileError(fields);
			return wrong === undefined
				? {errors: {}, preview: shellQuote(['docker', 'export', '-o', path.resolve((fields['file'] ?? '').trim()), nameFor(ctx, EXPORT)])}
				: {errors: {file: wrong}};
		},
		run(ctx, targets, answer) {
			const target = onlyOne(ctx, 'container', targets, t('export'));
			if (!target || !answer) {
				return;
			}

			const wrong = outputFileError(answer.fields);
			if (wrong !== undefined) {
				throw new Error(wrong);
			}

			const file = path.resolve((answer.fields['file'] ?? '').trim());
			const overwrite = answer.fields['overwrite'] === 'true';
			startJob(ctx, {
				title: t('export {name}', {name: target.name}),
				command: shellQuote(['docker', 'export', '-o', file, target.name]),
				run: async control => ctx.engine.exportContainer(target.id, file, control, overwrite),
				describe: () => t('exported to {file}', {file}),
			});
		},
	}),
	defineAction({
		id: COPY_FROM,
		hint: 'cp out',
		title: 'Copy a file or folder from the container to this machine (docker cp)',
		keys: ['y'],
		scope: 'containers',
		targets: 'container',
		ask: targets =>
			targets.length === 1
				? form(t('Copy from {names} to this machine', {names: names('container', targets)}), t('Copy'), [
						...formFields([
							['container-path', t('container path'), 'text', '', t('/etc/app.conf, or /data/. for a folder’s contents')],
							['host-path', t('host path'), 'text', '', './app.conf'],
						]),
					])
				: undefined,
		check(fields, ctx) {
			const errors = errorsOf([
				['container-path', containerPathError(fields['container-path'] ?? '')],
				['host-path', hostTargetError(fields['host-path'] ?? '')],
			]);
			return Object.keys(errors).length > 0
				? {errors}
				: {errors, preview: shellQuote(['docker', 'cp', `${nameFor(ctx, COPY_FROM)}:${(fields['container-path'] ?? '').trim()}`, (fields['host-path'] ?? '').trim()])};
		},
		async run(ctx, targets, answer) {
			const target = onlyOne(ctx, 'container', targets, t('copy'));
			if (!target || !answer) {
				return;
			}

			const from = (answer.fields['container-path'] ?? '').trim();
			const to = (answer.fields['host-path'] ?? '').trim();
			const wrong = containerPathError(from) ?? hostTargetError(to);
			if (wrong !== undefined) {
				throw new Error(wrong);
			}

			const result = await ctx.engine.copyFromContainer(target.id, from, path.resolve(to));
			ctx.model.notify('info', copyNotice(`${target.name}:${from}`, result));
		},
	}),
	defineAction({
		id: COPY_TO,
		hint: 'cp in',
		title: 'Copy a file or folder from this machine into the container (docker cp)',
		keys: ['Y'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		ask: targets =>
			targets.length === 1
				? form(t('Copy from this machine into {names}', {names: names('container', targets)}), t('Copy'), [
						...formFields([
							['host-path', t('host path'), 'text', '', './app.conf'],
							['container-path', t('container path'), 'text', '', '/etc/app.conf'],
						]),
					])
				: undefined,
		check(fields, ctx) {
			const errors = errorsOf([
				['host-path', hostSourceError(fields['host-path'] ?? '')],
				['container-path', containerPathError(fields['container-path'] ?? '')],
			]);
			return Object.keys(errors).length > 0
				? {errors}
				: {errors, preview: shellQuote(['docker', 'cp', (fields['host-path'] ?? '').trim(), `${nameFor(ctx, COPY_TO)}:${(fields['container-path'] ?? '').trim()}`])};
		},
		async run(ctx, targets, answer) {
			const target = onlyOne(ctx, 'container', targets, t('copy'));
			if (!target || !answer) {
				return;
			}

			const from = (answer.fields['host-path'] ?? '').trim();
			const to = (answer.fields['container-path'] ?? '').trim();
			const wrong = hostSourceError(from) ?? containerPathError(to);
			if (wrong !== undefined) {
				throw new Error(wrong);
			}

			const result = await ctx.engine.copyToContainer(target.id, path.resolve(from), to);
			ctx.model.notify('info', copyNotice(from, {...result, target: `${target.name}:${result.target}`}));
		},
	}),
	defineAction({
		id: 'container.update',
		hint: 'update',
		title: 'Update in place: restart policy, memory, CPUs, pids (a form, filled with what it has now)',
		keys: ['U'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		async run(ctx, targets) {
			const target = onlyOne(ctx, 'container', targets, t('update'));
			if (!target) {
				return;
			}

			const current = await ctx.engine.containerUpdateForm(target.id);
			const shapes = updateShapes();
			openDialog(
				ctx,
				updateSubmit,
				{
					...form(
						t('Update {name} in place (an empty field is left as it is)', {name: shown(target)}),
						t('Update'),
						updateFormFields.map(id => ({id, label: shapes[id].label, kind: 'text', text: current[id], placeholder: shapes[id].placeholder})),
					),
					carry: JSON.stringify(current),
				},
				[target.id],
			);
			// Checked again now that the dialog names its container, for the preview.
			ctx.view.change(state => {
				const {dialog} = state;
				return dialog?.kind === 'form' && dialog.actionId === updateSubmit.id ? {...state, dialog: {...dialog, ...checkForm(ctx, updateSubmit, dialog.fields, dialog.carry)}} : state;
			});
		},
	}),
	updateSubmit,
	defineAction({
		id: 'container.prune',
		hint: 'prune',
		title: 'Prune: remove every stopped container (lists them first, then asks)',
		keys: ['X'],
		scope: 'containers',
		changesState: true,
		async run(ctx) {
			const going = await ctx.engine.containersToPrune();
			if (going.length === 0) {
				ctx.model.notify('note', t('no stopped containers to prune'));
				return;
			}

			openDialog(ctx, pruneConfirmed, {
				kind: 'confirm',
				title: byCount(going.length, t('Remove these {count} stopped container?', {count: going.length}), t('Remove these {count} stopped containers?', {count: going.length})),
				lines: going.map(container => `${shown(container)}  ${sanitize(container.status)}`),
				toggles: [],
			});
		},
	}),
	pruneConfirmed,
	defineAction({
		id: 'diff.filter',
		hint: 'filter',
		title: 'Filter the changes by words in the path, or A, C or D for one kind',
		keys: ['/'],
		scope: 'diff',
		run(ctx) {
			ctx.view.change(state => ({...state, mainScroll: 0, input: {purpose: 'diff', text: state.diffFilter}}));
		},
	}),
];
