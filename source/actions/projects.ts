// Compose projects and services: every action runs the user's compose CLI as a job, so its output
// streams into the job panel and a failure is told in the CLI's own words. A project row and a
// service row have their own keys (scopes 'project' and 'service'); the pane's own keys work on both.
import path from 'node:path';
import {composeMissingMessage, maxReplicas, projectActionArgs, serviceActionArgs, type ComposeCli, type ComposeTarget, type ProjectAction, type ServiceAction} from '../engine/compose.js';
import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {shellQuote} from '../parse/run-spec.js';
import {projectDefinitions} from '../store/project-drift.js';
import {isServiceKey, projectKey, serviceKey, type ComposeProject, type ProjectRow, type ProjectService} from '../store/projects.js';
import {selectedKey, viewProjectRows} from '../store/selectors.js';
import {formFields} from './dialogs.js';
import {errorsOf, existingFile, byCount} from './fields.js';
import {startJob} from './jobs.js';
import {defineAction, type Action, type ActionContext, type DialogSpec, type FormCheck} from './types.js';

/** What a form's preview names before the CLI is known: the v2 plugin's form. */
const assumedCli: ComposeCli = {kind: 'v2', command: ['docker', 'compose'], version: '2.0.0'};

function previewCli(ctx: ActionContext): ComposeCli {
	const known = projectDefinitions(ctx.engine).knownCli();
	return known === 'unknown' || known === undefined ? assumedCli : known;
}

/** True when the CLI is known to be missing: a form would only lead to the message. */
function knownMissing(ctx: ActionContext): boolean {
	return projectDefinitions(ctx.engine).knownCli() === undefined;
}

/** The CLI, or the plain message saying one is needed and how to get it. */
async function requireCli(ctx: ActionContext): Promise<ComposeCli> {
	const cli = await ctx.engine.composeCli();
	if (cli === undefined) {
		// The status line has room for the start of the message; the Services tab shows all of it.
		ctx.view.change(state => ({...state, tab: {...state.tab, projects: 'services'}}));
		throw new Error(composeMissingMessage());
	}

	return cli;
}

/** Runs the action on one project as a job; the project's drift is asked for again once it ends. */
async function projectJob(ctx: ActionContext, project: ComposeTarget, action: ProjectAction): Promise<void> {
	const cli = await requireCli(ctx);
	const definitions = projectDefinitions(ctx.engine);
	startJob(ctx, {
		title: `compose ${action.action} ${project.name}`,
		command: shellQuote([...cli.command, ...projectActionArgs(cli, project, action)]),
		async run(control) {
			try {
				await ctx.engine.composeProject(project, action, control);
			} finally {
				definitions.refresh(project.name);
			}
		},
	});
}

async function serviceJob(ctx: ActionContext, {project, service}: ProjectService, action: ServiceAction): Promise<void> {
	const cli = await requireCli(ctx);
	const definitions = projectDefinitions(ctx.engine);
	const verb = action.action === 'scale' ? `scale ${service.name}=${action.replicas}` : `${action.action} ${service.name}`;
	startJob(ctx, {
		title: `compose ${verb} (${project.name})`,
		command: shellQuote([...cli.command, ...serviceActionArgs(cli, project, action)]),
		async run(control) {
			try {
				await ctx.engine.composeService(project, action, control);
			} finally {
				definitions.refresh(project.name);
			}
		},
	});
}

async function eachProject(ctx: ActionContext, projects: readonly ComposeProject[], action: ProjectAction): Promise<void> {
	for (const project of projects) {
		await projectJob(ctx, project, action);
	}
}

async function eachService(ctx: ActionContext, services: readonly ProjectService[], action: (target: ProjectService) => ServiceAction): Promise<void> {
	for (const target of services) {
		await serviceJob(ctx, target, action(target));
	}
}

function projectNames(projects: readonly ComposeProject[]): string {
	return projects.map(project => sanitize(project.name)).join(', ');
}

function upOptions(fields: Readonly<Record<string, string>>): ProjectAction {
	return {action: 'up', build: fields['build'] === 'true', forceRecreate: fields['forceRecreate'] === 'true', removeOrphans: fields['removeOrphans'] === 'true'};
}

/** The command line a form stands for, for the first of its projects. */
function preview(ctx: ActionContext, project: ComposeTarget | undefined, action: ProjectAction): string | undefined {
	if (!project) {
		return undefined;
	}

	const cli = previewCli(ctx);
	return sanitize(shellQuote([...cli.command, ...projectActionArgs(cli, project, action)]));
}

/** The row a form's preview is for: its key rides in the form's carry. */
function rowOf(ctx: ActionContext, key: string | undefined): ProjectRow | undefined {
	return viewProjectRows(ctx.model.get(), ctx.view.get()).find(row => row.key === key);
}

/** What compose accepts as a project name (v2's rule; v1 lowercases and drops the rest). */
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** The name compose would give a project in `folder`: its name, lowercased, other characters dropped. */
export function defaultProjectName(folder: string): string {
	return path.basename(folder).toLowerCase().replaceAll(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

/** The new-project form as typed: the project to bring up, or each wrong field's message. */
export function parseNewProject(fields: Readonly<Record<string, string>>): {value: ComposeTarget} | {errors: FormCheck['errors']} {
	const fileError = existingFile(fields['file'] ?? '', t('file'));
	const file = path.resolve((fields['file'] ?? '').trim());
	const typed = (fields['name'] ?? '').trim();
	const name = typed === '' ? defaultProjectName(path.dirname(file)) : typed;
	const nameError = PROJECT_NAME.test(name)
		? undefined
		: name === ''
			? t('name: a project name is required')
			: t('name: {name} is not a project name (lowercase letters, digits, _ and -, starting with a letter or digit)', {name});
	const errors = errorsOf([
		['file', fileError],
		['name', fileError === undefined ? nameError : undefined],
	]);
	return Object.keys(errors).length > 0 ? {errors} : {value: {name, workingDir: path.dirname(file), configFiles: [file]}};
}

/** A replica count as typed: a whole number from 0 to maxReplicas, or the field's message. */
export function parseReplicas(text: string): {value: number} | {error: string} {
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed) || Number(trimmed) > maxReplicas) {
		return {
			error: trimmed === '' ? t('replicas: a number is required') : t('replicas: {text} is not a whole number from 0 to {max}', {text: trimmed, max: maxReplicas}),
		};
	}

	return {value: Number(trimmed)};
}

const simpleProjectActions = (
	[
		['start', 'S', 'start', 'Start the project’s stopped containers'],
		['stop', 's', 'stop', 'Stop the project’s containers'],
		['restart', 'r', 'restart', 'Restart the project’s containers'],
		['pull', 'p', 'pull', 'Pull the images of the project’s services'],
		['build', 'b', 'build', 'Build the images of the project’s services that have a build section'],
		['config', 'C', 'config', 'Show the resolved config file (compose config) in a job view'],
	] as const
).map(([verb, key, hint, title]) =>
	defineAction({
		id: `project.${verb}`,
		hint,
		title,
		keys: [key],
		scope: 'project',
		// Config only reads the files.
		...(verb === 'config' ? {} : {changesState: true}),
		targets: 'project',
		async run(ctx, targets) {
			await eachProject(ctx, targets, {action: verb});
		},
	}),
);

const simpleServiceActions = (
	[
		['start', 'S', 'start', 'Start the service’s containers'],
		['stop', 's', 'stop', 'Stop the service’s containers'],
		['restart', 'r', 'restart', 'Restart the service’s containers'],
		['up', 'u', 'up', 'Create and start just this service (up -d SERVICE)'],
	] as const
).map(([verb, key, hint, title]) =>
	defineAction({
		id: `service.${verb}`,
		hint,
		title,
		keys: [key],
		scope: 'service',
		changesState: true,
		targets: 'service',
		async run(ctx, targets) {
			await eachService(ctx, targets, ({service}) => ({action: verb, service: service.name}));
		},
	}),
);

function downDialog(projects: readonly ComposeProject[]): DialogSpec {
	const containers = projects.reduce((sum, project) => sum + project.services.reduce((count, service) => count + service.containers.length + service.oneOffs.length, 0), 0);
	return {
		kind: 'confirm',
		title: byCount(
			containers,
			t('Down {names}: remove {count} container and networks?', {names: projectNames(projects), count: containers}),
			t('Down {names}: remove {count} containers and networks?', {names: projectNames(projects), count: containers}),
		),
		toggles: [
			{id: 'volumes', key: 'v', label: t('volumes too (data is lost)'), on: false},
			{id: 'removeOrphans', key: 'o', label: t('orphans (not in the files)'), on: false},
			{id: 'imagesLocal', key: 'i', label: t('images built (--rmi local)'), on: false},
			{id: 'imagesAll', key: 'a', label: t('all images (--rmi all)'), on: false},
		],
	};
}

export const projectActions: Action[] = [
	defineAction({
		id: 'project.up',
		hint: 'up',
		title: 'Up: create and start the project detached (a form: build, force-recreate, remove orphans)',
		keys: ['u'],
		scope: 'project',
		changesState: true,
		targets: 'project',
		ask(targets, ctx) {
			if (knownMissing(ctx)) {
				return undefined;
			}

			return {
				kind: 'form',
				title: t('Up {names} (detached)', {names: projectNames(targets)}),
				carry: projectKey(targets[0]?.name ?? ''),
				submitLabel: t('Up'),
				index: 0,
				errors: {},
				fields: formFields([
					['build', t('build'), 'toggle', 'false'],
					['forceRecreate', t('force-recreate'), 'toggle', 'false'],
					['removeOrphans', t('remove orphans'), 'toggle', 'false'],
				]),
			};
		},
		check: (fields, ctx, carry) => ({errors: {}, preview: preview(ctx, rowOf(ctx, carry)?.project, upOptions(fields))}),
		async run(ctx, targets, answer) {
			await eachProject(ctx, targets, upOptions(answer?.fields ?? {}));
		},
	}),
	defineAction({
		id: 'project.down',
		hint: 'down',
		title: 'Down: stop and remove the project’s containers and networks; volumes, orphans and images if ticked',
		keys: ['d'],
		scope: 'project',
		destructive: true,
		changesState: true,
		targets: 'project',
		ask: targets => downDialog(targets),
		async run(ctx, targets, answer) {
			const toggles = answer?.toggles ?? {};
			const removeImages = toggles['imagesAll'] ? 'all' : toggles['imagesLocal'] ? 'local' : undefined;
			await eachProject(ctx, targets, {
				action: 'down',
				volumes: toggles['volumes'] ?? false,
				removeOrphans: toggles['removeOrphans'] ?? false,
				...(removeImages === undefined ? {} : {removeImages}),
			});
		},
	}),
	...simpleProjectActions,
	...simpleServiceActions,
	defineAction({
		id: 'service.scale',
		hint: 'scale',
		title: `Scale the service to N replicas (0 to ${maxReplicas}), leaving running ones as they are`,
		keys: ['x'],
		scope: 'service',
		changesState: true,
		targets: 'service',
		ask(targets, ctx) {
			if (knownMissing(ctx)) {
				return undefined;
			}

			const [first] = targets;
			return {
				kind: 'form',
				title: t('Scale {names}', {names: targets.map(({project, service}) => sanitize(`${project.name}/${service.name}`)).join(', ')}),
				...(first ? {carry: serviceKey(first.project.name, first.service.name)} : {}),
				submitLabel: t('Scale'),
				index: 0,
				errors: {},
				fields: formFields([['replicas', t('replicas'), 'text', String(first?.service.total ?? 1), t('0 to {max}', {max: maxReplicas})]]),
			};
		},
		check(fields, ctx, carry) {
			const parsed = parseReplicas(fields['replicas'] ?? '');
			if ('error' in parsed) {
				return {errors: errorsOf([['replicas', parsed.error]])};
			}

			const row = rowOf(ctx, carry);
			if (row?.kind !== 'service') {
				return {errors: {}};
			}

			const cli = previewCli(ctx);
			return {errors: {}, preview: sanitize(shellQuote([...cli.command, ...serviceActionArgs(cli, row.project, {action: 'scale', service: row.service.name, replicas: parsed.value})]))};
		},
		async run(ctx, targets, answer) {
			if (!answer) {
				await requireCli(ctx);
				return;
			}

			const parsed = parseReplicas(answer.fields['replicas'] ?? '');
			if ('error' in parsed) {
				throw new Error(parsed.error);
			}

			await eachService(ctx, targets, ({service}) => ({action: 'scale', service: service.name, replicas: parsed.value}));
		},
	}),
	defineAction({
		id: 'projects.new',
		hint: 'new',
		title: 'Up a project from a compose file (a form: file, project name)',
		keys: ['n'],
		scope: 'projects',
		changesState: true,
		ask(_targets, ctx) {
			if (knownMissing(ctx)) {
				return undefined;
			}

			return {
				kind: 'form',
				title: t('Bring up a compose project (detached)'),
				submitLabel: t('Up'),
				index: 0,
				errors: {},
				fields: formFields([
					['file', t('file'), 'text', '', 'path/to/compose.yaml'],
					['name', t('project name'), 'text', '', t('empty: the file’s folder name')],
				]),
			};
		},
		check(fields, ctx) {
			const parsed = parseNewProject(fields);
			return 'errors' in parsed ? {errors: parsed.errors} : {errors: {}, preview: preview(ctx, parsed.value, {action: 'up'})};
		},
		async run(ctx, _targets, answer) {
			const parsed = parseNewProject(answer?.fields ?? {});
			if (answer === undefined || 'errors' in parsed) {
				await requireCli(ctx);
				throw new Error('errors' in parsed ? Object.values(parsed.errors).join('; ') : t('no compose file given'));
			}

			const target = parsed.value;
			// The project is listed once its containers exist; select it now so the cursor waits on it.
			ctx.view.change(state => ({...state, selected: {...state.selected, projects: projectKey(target.name)}}));
			await projectJob(ctx, target, {action: 'up'});
		},
	}),
	defineAction({
		id: 'projects.logs',
		hint: 'logs',
		title: 'Logs of the project (or the service), merged and following',
		keys: ['l'],
		scope: 'projects',
		run(ctx) {
			ctx.view.change(state => ({...state, tab: {...state.tab, projects: 'logs'}, focus: 'main', logs: {...state.logs, anchor: undefined, matchSeq: undefined}}));
		},
	}),
	defineAction({
		id: 'projects.fold',
		hint: 'fold',
		title: 'Fold or unfold the project’s services',
		keys: ['c'],
		scope: 'projects',
		run(ctx) {
			const model = ctx.model.get();
			const view = ctx.view.get();
			const key = selectedKey(model, view, 'projects');
			const row = viewProjectRows(model, view).find(candidate => candidate.key === key);
			if (!row) {
				return;
			}

			const name = row.project.name;
			ctx.view.change(state => {
				const collapsed = new Set(state.collapsedProjects);
				if (collapsed.has(name)) {
					collapsed.delete(name);
				} else {
					collapsed.add(name);
				}

				// Folding from a service row leaves the cursor on its project.
				const selected = isServiceKey(key) ? projectKey(name) : row.key;
				return {...state, collapsedProjects: collapsed, selected: {...state.selected, projects: selected}};
			});
		},
	}),
];
