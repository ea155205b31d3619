// Secrets and configs: created from a file or a typed value (a secret's value is typed hidden and
// never shown again), removed after asking; one in use is refused, the engine naming its services.
import path from 'node:path';
import type {SwarmDataInput, SwarmDataKind} from '../engine/types.js';
import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {parseLabels} from '../parse/labels.js';
import {dockerLine} from './command-line.js';
import {formFields} from './dialogs.js';
import {errorsOf, existingFile} from './fields.js';
import {names, runOnEach} from './each.js';
import {defineAction, type Action, type ActionContext, type FormCheck} from './types.js';

/** Swarmkit's rule for secret and config names: at most 64, letters, digits, `-`, `_` and `.` within. */
const DATA_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;

/** The create form as typed: what to create, or each wrong field's message. */
export function parseSwarmData(fields: Readonly<Record<string, string>>): {value: SwarmDataInput} | {errors: FormCheck['errors']} {
	const name = (fields['name'] ?? '').trim();
	const file = (fields['file'] ?? '').trim();
	const value = fields['value'] ?? '';
	const labels = parseLabels(fields['labels'] ?? '', t('labels'));
	const errors = errorsOf([
		[
			'name',
			name === ''
				? t('name: a name is required')
				: !DATA_NAME.test(name) || name.length > 64
					? t('name: {name} is not a name (letters, digits, - _ and ., at most 64)', {name})
					: undefined,
		],
		['file', file === '' ? (value === '' ? t('file: give a file, or type the value below') : undefined) : value === '' ? existingFile(file, t('file')) : t('file: give a file or a value, not both')],
		['labels', 'error' in labels ? labels.error : undefined],
	]);
	if (Object.keys(errors).length > 0 || 'error' in labels) {
		return {errors};
	}

	return {value: {name, labels: labels.value, data: file === '' ? {value} : {file: path.resolve(file)}}};
}

/** `docker secret create NAME FILE`; a typed value is piped in (`-`), and never written out. */
function createCommand(kind: SwarmDataKind, fields: Readonly<Record<string, string>>): string | undefined {
	const parsed = parseSwarmData(fields);
	if ('errors' in parsed) {
		return undefined;
	}

	const {value} = parsed;
	const labels = Object.entries(value.labels ?? {}).flatMap(([key, text]) => ['--label', `${key}=${text}`]);
	return dockerLine(kind, 'create', ...labels, value.name, 'file' in value.data ? value.data.file : '-');
}

function selectRow(ctx: ActionContext, kind: SwarmDataKind, id: string): void {
	ctx.view.change(state => ({...state, pane: 'secrets', selected: {...state.selected, secrets: `${kind}:${id}`}}));
}

function createAction(kind: SwarmDataKind, key: string): Action {
	return defineAction({
		id: `${kind}.create`,
		command: (_targets, answer) => (answer ? createCommand(kind, answer.fields) : undefined),
		hint: `new ${kind}`,
		title: `Create a ${kind} from a file or a typed value (a form)`,
		keys: [key],
		scope: 'secrets',
		changesState: true,
		ask: () => ({
			kind: 'form',
			title: kind === 'secret' ? t('Create a secret (its value is never shown again)') : t('Create a config'),
			submitLabel: t('Create'),
			index: 0,
			errors: {},
			fields: formFields([
				['name', t('name'), 'text', '', kind === 'secret' ? 'db-password' : 'nginx.conf'],
				['file', t('from file'), 'text', '', t('a file to read the value from')],
				// A secret's value is typed hidden; a config's may span lines.
				['value', t('or value'), kind === 'secret' ? 'secret' : 'list', '', kind === 'secret' ? t('typed, never shown') : t('one line of the value a line')],
				['labels', t('labels'), 'list', '', t('key=value, one a line')],
			]),
		}),
		check(fields) {
			const parsed = parseSwarmData(fields);
			return 'errors' in parsed ? {errors: parsed.errors} : {errors: {}, preview: createCommand(kind, fields)};
		},
		async run(ctx, _targets, answer) {
			const parsed = parseSwarmData(answer?.fields ?? {});
			if ('errors' in parsed) {
				throw new Error(Object.values(parsed.errors).join('; '));
			}

			const id = await ctx.engine.createSwarmData(kind, parsed.value);
			selectRow(ctx, kind, id);
			const name = sanitize(parsed.value.name);
			ctx.model.notify('info', kind === 'secret' ? t('created secret {name}', {name}) : t('created config {name}', {name}));
		},
	});
}

export const swarmDataActions: Action[] = [
	createAction('secret', 'n'),
	createAction('config', 'N'),
	defineAction({
		id: 'swarm-data.remove',
		command: targets => targets.map(row => dockerLine(row.kind, 'rm', row.name)).join(' && '),
		hint: 'remove',
		title: 'Remove the secret or config',
		keys: ['d'],
		scope: 'secrets',
		destructive: true,
		changesState: true,
		targets: 'swarm-data',
		ask(targets) {
			// The engine refuses one in use: said before it does.
			const lines = targets
				.filter(row => row.usedBy.length > 0)
				.map(row => {
					const values = {name: sanitize(row.name), services: sanitize(row.usedBy.join(', '))};
					return row.kind === 'secret'
						? t('{name}: in use by {services} (it will be refused: remove the service or its use of the secret first)', values)
						: t('{name}: in use by {services} (it will be refused: remove the service or its use of the config first)', values);
				});
			return {kind: 'confirm', title: t('Remove {names}?', {names: names('swarm-data', targets)}), ...(lines.length > 0 ? {lines} : {}), toggles: []};
		},
		async run(ctx, targets) {
			await runOnEach(ctx, targets, {
				kind: 'swarm-data',
				title: 'Remove',
				doing: t('removing'),
				done: t('removed'),
				call: async row => ctx.engine.removeSwarmData(row.kind, row.id),
			});
		},
	}),
];
