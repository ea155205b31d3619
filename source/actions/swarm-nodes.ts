// Swarm nodes: availability (drain, pause, activate), role (promote, demote), labels, removal.
// The engine layer reads each node's version before it writes, so a change made meanwhile is not lost.
import type {NodeAvailability, NodeRole, NodeSummary} from '../engine/types.js';
import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {dockerLine} from './command-line.js';
import {formFields} from './dialogs.js';
import {errorsOf} from './fields.js';
import {names, onlyOne, runOnEach} from './each.js';
import {defineAction, type Action, type ActionContext} from './types.js';

const LABEL_KEY = /^[^\s=]+$/;

/** `key=value` (or a bare `key`, whose value is empty) as typed in the label form. */
export function parseNodeLabel(text: string): {key: string; value: string} | {error: string} {
	const trimmed = text.trim();
	const equals = trimmed.indexOf('=');
	const key = equals === -1 ? trimmed : trimmed.slice(0, equals);
	const value = equals === -1 ? '' : trimmed.slice(equals + 1);
	if (key === '') {
		return {error: t('label: type key=value (e.g. zone=east)')};
	}

	return LABEL_KEY.test(key) ? {key, value} : {error: t('label: {key} is not a label key (no spaces)', {key})};
}

interface NodeChange {
	id: string;
	key: string;
	title: string;
	/** The words shown while it runs and once done, in the user's language (looked up when it runs). */
	doing(): string;
	done(): string;
	/** The docker CLI's words before the nodes' names. */
	cli: string[];
	/** Nodes already as asked are left alone, saying so. */
	already(node: NodeSummary): boolean;
	skipReason(): string;
	call(ctx: ActionContext, node: NodeSummary): Promise<void>;
}

/** An action that makes one change to each node (availability, role). */
function nodeChange(change: NodeChange): Action {
	return defineAction({
		id: change.id,
		command: targets => dockerLine('node', ...change.cli, ...targets.map(node => node.hostname)),
		hint: change.id.slice('node.'.length),
		title: change.title,
		keys: [change.key],
		scope: 'nodes',
		changesState: true,
		targets: 'node',
		async run(ctx, targets) {
			await runOnEach(ctx, targets, {
				kind: 'node',
				title: change.title,
				doing: change.doing(),
				done: change.done(),
				applies: node => !change.already(node),
				skipReason: change.skipReason(),
				call: async node => change.call(ctx, node),
			});
		},
	});
}

function availabilityAction(availability: NodeAvailability, key: string, title: string, doing: () => string, done: () => string): Action {
	return nodeChange({
		id: `node.${availability === 'active' ? 'activate' : availability}`,
		key,
		title,
		doing,
		done,
		cli: ['update', '--availability', availability],
		already: node => node.availability === availability,
		skipReason: () => t('is already {availability}', {availability}),
		call: async (ctx, node) => ctx.engine.setNodeAvailability(node.id, availability),
	});
}

function roleAction(role: NodeRole, key: string): Action {
	const verb = role === 'manager' ? 'promote' : 'demote';
	return nodeChange({
		id: `node.${verb}`,
		key,
		title: role === 'manager' ? 'Promote to manager' : 'Demote to worker',
		doing: () => (role === 'manager' ? t('promoting') : t('demoting')),
		done: () => (role === 'manager' ? t('promoted') : t('demoted')),
		cli: [verb],
		already: node => node.role === role,
		skipReason: () => (role === 'manager' ? t('is already a manager') : t('is already a worker')),
		call: async (ctx, node) => ctx.engine.setNodeRole(node.id, role),
	});
}

/** The labels of the node, as a choice of which to remove. */
function labelChoices(node: NodeSummary): Array<{value: string; label: string}> {
	return Object.entries(node.labels).map(([key, value]) => ({value: key, label: sanitize(value === '' ? key : `${key}=${value}`)}));
}

function labelAdded(ctx: ActionContext, node: NodeSummary, text: string): Promise<void> {
	const parsed = parseNodeLabel(text);
	if ('error' in parsed) {
		throw new Error(parsed.error);
	}

	return runOnEach(ctx, [node], {
		kind: 'node',
		title: 'Add a label',
		doing: t('labelling'),
		done: t('labelled {key} on', {key: sanitize(parsed.key)}),
		call: async target => ctx.engine.addNodeLabel(target.id, parsed.key, parsed.value),
	});
}

export const nodeActions: Action[] = [
	availabilityAction('drain', 'D', 'Drain: move the node’s tasks to other nodes', () => t('draining'), () => t('drained')),
	availabilityAction('pause', 'p', 'Pause: no new tasks on the node', () => t('pausing'), () => t('paused')),
	availabilityAction('active', 'a', 'Activate: the node takes tasks again', () => t('activating'), () => t('activated')),
	roleAction('manager', 'P'),
	roleAction('worker', 'W'),
	defineAction({
		id: 'node.label.add',
		command: (targets, answer) => dockerLine('node', 'update', '--label-add', (answer?.fields['label'] ?? '').trim(), targets[0]?.hostname),
		hint: 'label',
		title: 'Add a label (or change its value)',
		keys: ['l'],
		scope: 'nodes',
		changesState: true,
		targets: 'node',
		ask: targets => ({
			kind: 'form',
			title: t('Add a label to node {names}', {names: names('node', targets)}),
			submitLabel: t('Add'),
			index: 0,
			errors: {},
			fields: formFields([['label', t('label'), 'text', '', t('key=value, e.g. zone=east')]]),
		}),
		check: fields => {
			const parsed = parseNodeLabel(fields['label'] ?? '');
			return {errors: errorsOf([['label', 'error' in parsed ? parsed.error : undefined]])};
		},
		async run(ctx, targets, answer) {
			const node = onlyOne(ctx, 'node', targets, t('add a label'));
			if (node) {
				await labelAdded(ctx, node, answer?.fields['label'] ?? '');
			}
		},
	}),
	defineAction({
		id: 'node.label.remove',
		command: (targets, answer) => dockerLine('node', 'update', '--label-rm', answer?.value, targets[0]?.hostname),
		title: 'Remove a label (choose which)',
		keys: ['L'],
		scope: 'nodes',
		changesState: true,
		targets: 'node',
		ask(targets, ctx) {
			const node = targets.length === 1 ? targets[0] : undefined;
			if (!node || Object.keys(node.labels).length === 0) {
				ctx.model.notify('info', node ? t('node {name} has no labels', {name: sanitize(node.hostname)}) : t('removing a label works on one node'));
				return undefined;
			}

			return {kind: 'choice', title: t('Remove which label of {name}?', {name: sanitize(node.hostname)}), choices: labelChoices(node), index: 0};
		},
		async run(ctx, targets, answer) {
			const node = onlyOne(ctx, 'node', targets, t('remove a label'));
			const key = answer?.value;
			if (!node || key === undefined) {
				return;
			}

			await runOnEach(ctx, [node], {
				kind: 'node',
				title: 'Remove a label',
				doing: t('unlabelling'),
				done: t('removed label {key} from', {key: sanitize(key)}),
				call: async target => ctx.engine.removeNodeLabel(target.id, key),
			});
		},
	}),
	defineAction({
		id: 'node.remove',
		command: (targets, answer) => dockerLine('node', 'rm', answer?.toggles['force'] === true && '--force', ...targets.map(node => node.hostname)),
		hint: 'remove',
		title: 'Remove from the swarm',
		keys: ['d'],
		scope: 'nodes',
		destructive: true,
		changesState: true,
		targets: 'node',
		ask(targets) {
			const up = targets.filter(node => node.status !== 'down');
			return {
				kind: 'confirm',
				title: t('Remove node {names} from the swarm?', {names: names('node', targets)}),
				lines: [
					t('The manager removes a node that is down or has left; force removes one it can no longer reach.'),
					...up.map(node => t('{name} is {status}: drain it and have it leave first, or force', {name: sanitize(node.hostname), status: sanitize(node.status)})),
				],
				toggles: [{id: 'force', key: 'f', label: t('force (--force): remove a node that is not down'), on: false}],
			};
		},
		async run(ctx, targets, answer) {
			const force = answer?.toggles['force'] ?? false;
			await runOnEach(ctx, targets, {
				kind: 'node',
				title: 'Remove',
				doing: t('removing'),
				done: t('removed'),
				call: async node => ctx.engine.removeNode(node.id, {force}),
			});
		},
	}),
];
