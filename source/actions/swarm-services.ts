// Swarm services: create (a form), scale, update the image and environment (a form filled with the
// service's own), roll back, restart (a forced update), remove. Each names the docker CLI line it
// stands for; the engine layer makes the same change through the API.
import type {ServiceSpecInput, ServiceSummary} from '../engine/types.js';
import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {
	maxServiceReplicas,
	parseReplicas,
	parseServiceForm,
	parseServiceUpdateForm,
	serviceUpdateForm,
} from '../parse/service-spec.js';
import {shellQuote} from '../parse/run-spec.js';
import {dockerLine} from './command-line.js';
import {formFields, openDialog} from './dialogs.js';
import {names, onlyOne, runOnEach} from './each.js';
import {byCount} from './fields.js';
import {defineAction, type Action, type ActionContext, type Answer, type FormCheck} from './types.js';

/** `--mount` text of a form's mount, as `docker service create` takes it. */
function mountArg(mount: ServiceSpecInput['mounts'][number]): string {
	return mount.type === 'anonymous'
		? `type=volume,target=${mount.target}`
		: `type=${mount.type},source=${mount.source},target=${mount.target}${mount.readOnly ? ',readonly' : ''}`;
}

/**
 * `docker service create` for a valid form. Env is shown as typed (a bare KEY, not the value
 * berth's environment gave it: it may be a secret).
 */
export function serviceCreateArgs(spec: ServiceSpecInput, typedEnv: readonly string[]): string[] {
	return [
		'docker',
		'service',
		'create',
		'--name',
		spec.name,
		...(spec.mode === 'global' ? ['--mode', 'global'] : spec.replicas === 1 ? [] : ['--replicas', String(spec.replicas)]),
		...spec.ports.flatMap(port => ['--publish', `${port.published === undefined ? '' : `${port.published}:`}${port.target}${port.protocol === 'tcp' ? '' : `/${port.protocol}`}`]),
		...typedEnv.flatMap(line => ['--env', line]),
		...spec.mounts.flatMap(mount => ['--mount', mountArg(mount)]),
		...spec.networks.flatMap(network => ['--network', network]),
		...spec.constraints.flatMap(constraint => ['--constraint', constraint]),
		...(spec.restartCondition === 'any' ? [] : ['--restart-condition', spec.restartCondition]),
		...(spec.updateParallelism === 1 ? [] : ['--update-parallelism', String(spec.updateParallelism)]),
		...(spec.updateDelay === 0 ? [] : ['--update-delay', `${spec.updateDelay}s`]),
		...Object.entries(spec.labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]),
		'--no-resolve-image',
		spec.image,
		...(spec.command ?? []),
	];
}

function typedLines(text: string | undefined): string[] {
	return (text ?? '')
		.split('\n')
		.map(line => line.trim())
		.filter(line => line !== '');
}

function errorsByField(errors: ReadonlyArray<{field: string; message: string}>): FormCheck['errors'] {
	return Object.fromEntries(errors.map(error => [error.field, error.message]));
}

function checkCreate(fields: Readonly<Record<string, string>>): FormCheck {
	const parsed = parseServiceForm(fields, process.env);
	return 'errors' in parsed
		? {errors: errorsByField(parsed.errors)}
		: {errors: {}, preview: shellQuote(serviceCreateArgs(parsed.spec, typedLines(fields['env'])))};
}

/** Shows the service selected in the services pane (it may not be listed yet: the selection waits for it). */
function selectService(ctx: ActionContext, id: string): void {
	ctx.view.change(state => ({...state, pane: 'swarm-services', selected: {...state.selected, 'swarm-services': id}, tab: {...state.tab, 'swarm-services': 'tasks'}}));
}

function updateCommand(targets: readonly ServiceSummary[], answer: Answer | undefined): string | undefined {
	if (!answer) {
		return undefined;
	}

	const parsed = parseServiceUpdateForm(answer.fields, process.env);
	const service = targets[0];
	if ('errors' in parsed || !service) {
		return undefined;
	}

	// `--env-add` for each line typed; berth replaces the whole environment, as the form shows it.
	return dockerLine('service', 'update', '--image', parsed.spec.image, ...typedLines(answer.fields['env']).flatMap(line => ['--env-add', line]), '--no-resolve-image', service.name);
}

/** Update's second step: the form, filled with the service's image and environment as they are. */
async function openUpdateForm(ctx: ActionContext, action: Action, service: ServiceSummary): Promise<void> {
	const details = await ctx.engine.inspectService(service.id);
	const current = serviceUpdateForm({image: details.image, env: details.env});
	openDialog(
		ctx,
		action,
		{
			kind: 'form',
			title: t('Update service {name}: the tasks are replaced as its update config says', {name: sanitize(service.name)}),
			submitLabel: t('Update'),
			index: 0,
			errors: {},
			fields: formFields([
				['image', t('image'), 'text', current.image, 'name[:tag]'],
				['env', t('env'), 'list', current.env, t('KEY=value, one a line (the whole environment)')],
			]),
		},
		[service.id],
	);
}

const updateService: Action = defineAction({
	id: 'swarm-service.update',
	command: updateCommand,
	hint: 'update',
	title: 'Update the image and environment (a form)',
	keys: ['u'],
	scope: 'swarm-services',
	changesState: true,
	targets: 'swarm-service',
	check(fields) {
		const parsed = parseServiceUpdateForm(fields, process.env);
		return 'errors' in parsed ? {errors: errorsByField(parsed.errors)} : {errors: {}};
	},
	async run(ctx, targets, answer) {
		const service = onlyOne(ctx, 'swarm-service', targets, t('update'));
		if (!service) {
			return;
		}

		if (!answer) {
			await openUpdateForm(ctx, updateService, service);
			return;
		}

		const parsed = parseServiceUpdateForm(answer.fields, process.env);
		if ('errors' in parsed) {
			throw new Error(parsed.errors.map(error => error.message).join('; '));
		}

		await runOnEach(ctx, [service], {
			kind: 'swarm-service',
			title: 'Update',
			doing: t('updating'),
			done: t('updating'),
			call: async target => ctx.engine.updateServiceImageEnv(target.id, parsed.spec),
		});
	},
});

/** An action that asks the manager for one change to each service and says it started (tasks follow). */
function serviceChange(
	verb: string,
	keys: string[],
	title: string,
	/** "rolling back", in the user's language (looked up when it runs). */
	doing: () => string,
	cli: string[],
	call: (ctx: ActionContext, id: string) => Promise<void>,
): Action {
	return defineAction({
		id: `swarm-service.${verb}`,
		command: targets => dockerLine('service', ...cli, ...targets.map(service => service.name)),
		hint: verb,
		title,
		keys,
		scope: 'swarm-services',
		changesState: true,
		targets: 'swarm-service',
		async run(ctx, targets) {
			await runOnEach(ctx, targets, {kind: 'swarm-service', title, doing: doing(), done: doing(), call: async service => call(ctx, service.id)});
		},
	});
}

export const swarmServiceActions: Action[] = [
	defineAction({
		id: 'swarm-service.create',
		hint: 'new',
		title: 'Create a service (a form)',
		keys: ['n'],
		scope: 'swarm-services',
		changesState: true,
		ask: () => ({
			kind: 'form',
			title: t('Create a swarm service'),
			submitLabel: t('Create'),
			index: 0,
			errors: {},
			fields: formFields([
				['name', t('name'), 'text', '', 'web'],
				['image', t('image'), 'text', '', t('name[:tag] (as the nodes have it)')],
				['command', t('command'), 'text', '', t("the image's CMD; quote as in a shell")],
				['mode', t('mode'), 'text', 'replicated', 'replicated | global'],
				['replicas', t('replicas'), 'text', '1', t('0 to {max}', {max: maxServiceReplicas})],
				['ports', t('ports'), 'list', '', t('8080:80  9000/udp, one a line')],
				['env', t('env'), 'list', '', t('KEY=value, one a line')],
				['mounts', t('mounts'), 'list', '', 'volume:/path  /host:/ctr:ro'],
				['networks', t('networks'), 'list', '', t('an overlay network, one a line')],
				['constraints', t('constraints'), 'list', '', 'node.role==worker  node.labels.zone==east'],
				['restart-condition', t('restart condition'), 'text', 'any', 'none | on-failure | any'],
				['update-parallelism', t('update parallelism'), 'text', '1', t('tasks updated at once (0: all)')],
				['update-delay', t('update delay'), 'text', '0s', '10s, 1m30s'],
				['labels', t('labels'), 'list', '', t('key=value, one a line')],
			]),
		}),
		check: checkCreate,
		command(_targets, answer) {
			const parsed = answer ? parseServiceForm(answer.fields, process.env) : undefined;
			return parsed && 'spec' in parsed ? shellQuote(serviceCreateArgs(parsed.spec, typedLines(answer?.fields['env']))) : undefined;
		},
		async run(ctx, _targets, answer) {
			const parsed = parseServiceForm(answer?.fields ?? {}, process.env);
			if ('errors' in parsed) {
				throw new Error(parsed.errors.map(error => error.message).join('; '));
			}

			const id = await ctx.engine.createService(parsed.spec);
			selectService(ctx, id);
			ctx.model.notify('info', t('created service {name}', {name: sanitize(parsed.spec.name)}));
		},
	}),
	defineAction({
		id: 'swarm-service.scale',
		command: (targets, answer) => dockerLine('service', 'scale', ...targets.map(service => `${service.name}=${(answer?.value ?? '').trim()}`)),
		hint: 'scale',
		title: 'Scale: set the number of replicas',
		keys: ['s'],
		scope: 'swarm-services',
		changesState: true,
		targets: 'swarm-service',
		ask(targets, ctx) {
			const replicated = targets.filter(service => service.mode.kind === 'replicated');
			if (replicated.length === 0) {
				ctx.model.notify('info', t('{names}: a global service runs one task on every node and cannot be scaled', {names: names('swarm-service', targets)}));
				return undefined;
			}

			const current = targets.length === 1 && targets[0]!.mode.kind === 'replicated' ? String(targets[0]!.mode.replicas) : '';
			return {kind: 'text', title: t('Replicas for {names} (0 to {max}):', {names: names('swarm-service', targets), max: maxServiceReplicas}), text: current};
		},
		validate(value) {
			const parsed = parseReplicas(value);
			return 'error' in parsed ? parsed.error : undefined;
		},
		async run(ctx, targets, answer) {
			const parsed = parseReplicas(answer?.value ?? '');
			if ('error' in parsed) {
				throw new Error(parsed.error);
			}

			await runOnEach(ctx, targets, {
				kind: 'swarm-service',
				title: 'Scale',
				doing: t('scaling'),
				done: t('scaled to {replicas}:', {replicas: parsed.value}),
				applies: service => service.mode.kind === 'replicated',
				skipReason: t('is global (one task on every node)'),
				call: async service => ctx.engine.scaleService(service.id, parsed.value),
			});
		},
	}),
	updateService,
	serviceChange('rollback', ['R'], 'Roll back to the spec before the last update', () => t('rolling back'), ['rollback'], (ctx, id) => ctx.engine.rollbackService(id)),
	serviceChange('restart', ['r'], 'Restart: replace every task (update --force)', () => t('restarting'), ['update', '--force'], (ctx, id) => ctx.engine.restartService(id)),
	defineAction({
		id: 'swarm-service.remove',
		command: targets => dockerLine('service', 'rm', ...targets.map(service => service.name)),
		hint: 'remove',
		title: 'Remove (its tasks stop)',
		keys: ['d'],
		scope: 'swarm-services',
		destructive: true,
		changesState: true,
		targets: 'swarm-service',
		ask(targets) {
			const running = targets.reduce((sum, service) => sum + service.running, 0);
			const values = {names: names('swarm-service', targets), count: running};
			const title = byCount(running, t('Remove service {names}? {count} running task stops.', values), t('Remove service {names}? {count} running tasks stop.', values));
			return {kind: 'confirm', title, toggles: []};
		},
		async run(ctx, targets) {
			await runOnEach(ctx, targets, {
				kind: 'swarm-service',
				title: 'Remove',
				doing: t('removing'),
				done: t('removed'),
				call: async service => ctx.engine.removeService(service.id),
			});
		},
	}),
];
