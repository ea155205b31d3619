// Stacks: remove one (what goes is listed first, then asked), and deploy one from a compose file,
// which only the docker CLI can read: `docker stack deploy` runs as a job with an argument array.
import path from 'node:path';
import {stackDeployArgs} from '../engine/swarm-stacks.js';
import type {StackContents, StackDeployOptions} from '../engine/types.js';
import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {shellQuote} from '../parse/run-spec.js';
import {dockerLine} from './command-line.js';
import {formFields, openDialog} from './dialogs.js';
import {byCount, errorsOf, existingFile} from './fields.js';
import {onlyOne} from './each.js';
import {startJob} from './jobs.js';
import {defineAction, type Action, type FormCheck} from './types.js';

/** A stack name as `docker stack deploy` takes it: it prefixes every service's name. */
const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const RESOLVE = ['always', 'changed', 'never'] as const;

/** The deploy form as typed: the options, or each wrong field's message. */
export function parseDeploy(fields: Readonly<Record<string, string>>): {value: StackDeployOptions} | {errors: FormCheck['errors']} {
	const name = (fields['name'] ?? '').trim();
	const resolve = (fields['resolve-image'] ?? '').trim() || 'never';
	const errors = errorsOf([
		['file', existingFile(fields['file'] ?? '', t('file'))],
		['name', name === '' ? t('name: a stack needs a name') : STACK_NAME.test(name) ? undefined : t('name: {name} is not a stack name (letters, digits, _ . and -)', {name})],
		['resolve-image', (RESOLVE as readonly string[]).includes(resolve) ? undefined : t('resolve-image: {value} is not one of always, changed, never', {value: resolve})],
	]);
	if (Object.keys(errors).length > 0) {
		return {errors};
	}

	return {
		value: {
			file: path.resolve((fields['file'] ?? '').trim()),
			name,
			resolveImage: resolve as StackDeployOptions['resolveImage'],
			prune: fields['prune'] === 'true',
		},
	};
}

/** What removing the stack removes, one item a line. */
export function contentLines(contents: StackContents): string[] {
	return [
		...contents.services.map(item => t('service {name}', {name: sanitize(item.name)})),
		...contents.secrets.map(item => t('secret {name}', {name: sanitize(item.name)})),
		...contents.configs.map(item => t('config {name}', {name: sanitize(item.name)})),
		...contents.networks.map(item => t('network {name}', {name: sanitize(item.name)})),
	];
}

/** The second step of remove: what goes was listed; yes removes it. The stack's name rides in the carry. */
const removeConfirmed = defineAction({
	id: 'stack.remove.confirm',
	command: (_targets, answer) => dockerLine('stack', 'rm', answer?.carry),
	title: 'Remove the stack and everything listed',
	keys: [],
	scope: 'stacks',
	step: true,
	destructive: true,
	changesState: true,
	async run(ctx, _targets, answer) {
		const name = answer?.carry;
		if (name === undefined) {
			return;
		}

		ctx.model.setBusy(name, {doing: t('removing'), name: sanitize(name)});
		try {
			const count = contentLines(await ctx.engine.removeStack(name)).length;
			const values = {name: sanitize(name), count};
			ctx.model.notify('info', byCount(count, t('removed stack {name} ({count} object)', values), t('removed stack {name} ({count} objects)', values)));
		} finally {
			ctx.model.setBusy(name, undefined);
		}
	},
});

export const stackActions: Action[] = [
	defineAction({
		// Not itself destructive: it lists what would go, and its confirm step asks.
		id: 'stack.remove',
		hint: 'remove',
		title: 'Remove the stack (lists its services, secrets, configs and networks, then asks)',
		keys: ['d'],
		scope: 'stacks',
		changesState: true,
		targets: 'stack',
		async run(ctx, targets) {
			const stack = onlyOne(ctx, 'stack', targets, t('remove'));
			if (!stack) {
				return;
			}

			const contents = await ctx.engine.stackContents(stack.name);
			openDialog(ctx, removeConfirmed, {kind: 'confirm', title: t('Remove stack {name}? These go:', {name: sanitize(stack.name)}), lines: contentLines(contents), toggles: [], carry: stack.name});
		},
	}),
	removeConfirmed,
	defineAction({
		id: 'stack.deploy',
		command(_targets, answer) {
			const parsed = answer ? parseDeploy(answer.fields) : undefined;
			return parsed && 'value' in parsed ? shellQuote(stackDeployArgs(parsed.value)) : undefined;
		},
		hint: 'deploy',
		title: 'Deploy a stack from a compose file (docker stack deploy)',
		keys: ['n'],
		scope: 'stacks',
		changesState: true,
		ask: () => ({
			kind: 'form',
			title: t('Deploy a stack (runs the docker CLI: it reads the compose file)'),
			submitLabel: t('Deploy'),
			index: 0,
			errors: {},
			fields: formFields([
				['file', t('compose file'), 'text', '', 'docker-compose.yml'],
				['name', t('stack name'), 'text', '', 'web'],
				['resolve-image', t('resolve image'), 'text', 'never', t('never (images on the nodes) | changed | always (registry)')],
				['prune', t('prune services not in the file'), 'toggle', 'false'],
			]),
		}),
		check(fields) {
			const parsed = parseDeploy(fields);
			return 'errors' in parsed ? {errors: parsed.errors} : {errors: {}, preview: shellQuote(stackDeployArgs(parsed.value))};
		},
		run(ctx, _targets, answer) {
			const parsed = parseDeploy(answer?.fields ?? {});
			if ('errors' in parsed) {
				throw new Error(Object.values(parsed.errors).join('; '));
			}

			const options = parsed.value;
			startJob(ctx, {
				title: t('stack deploy {name}', {name: options.name}),
				command: shellQuote(stackDeployArgs(options)),
				async run(control) {
					const output = await ctx.engine.deployStack(options, control.signal);
					for (const text of output.split('\n').filter(line => line.trim() !== '')) {
						control.onEvent({kind: 'line', text});
					}
				},
			});
		},
	}),
];
