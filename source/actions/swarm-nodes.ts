// Swarm nodes: availability (drain, pause, activate), role (promote, demote), labels, removal.
// The engine layer reads each node's version before it writes, so a change made meanwhile is not lost.
import type {NodeAvailability, NodeRole, NodeSummary} from '../engine/types.js';
import {sanitize} from '../format/index.js';
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
		return {error: 'label: type key=value (e.g. zone=east)'};
	}

	return LABEL_KEY.test(key) ? {key, value} : {error: `label: ${key} is not a label key (no spaces)`};
}

interface NodeChange {
	id: string;
	key: string;
	title: string;
	doing: string;
	done: string;
	/** The docker CLI's words before the nodes' names. */
	cli: string[];
	/** Nodes already as asked are left alone, saying so. */
	already(node: NodeSummary): boolean;
	skipReason: string;
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
				doing: change.doing,
				done: change.done,
				applies: node => !change.already(node),
				skipReason: change.skipReason,
				call: async node => change.call(ctx, node),
			});
		},
	});
}

function availabilityAction(availability: NodeAvailability, key: string, title: string, doing: string, done: string): Action {
	return nodeChange({
		id: `node.${availability === 'active' ? 'activate' : availability}`,
		key,
		title,
		doing,
		done,
		cli: ['update', '--availability', availability],
		already: node => node.availability === availability,
		skipReason: `is already ${availability}`,
		call: async (ctx, node) => ctx.engine.setNodeAvailability(node.id, availability),
	});
}

function roleAction(role: NodeRole, key: string): Action {
	const verb = role === 'manager' ? 'promote' : 'demote';
	return nodeChange({
		id: `node.${verb}`,
		key,
		title: role === 'manager' ? 'Promote to manager' : 'Demote to worker',
		doing: role === 'manager' ? 'promoting' : 'demoting',
		done: role === 'manager' ? 'promoted' : 'demoted',
		cli: [verb],
		already: node => node.role === role,
		skipReason: `is already a ${role}`,
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
		doing: 'labelling',
		done: `labelled ${sanitize(parsed.key)} on`,
		call: async target => ctx.engine.addNodeLabel(target.id, parsed.key, parsed.value),
	});
}

export const nodeActions: Action[] = [
	availabilityAction('drain', 'D', 'Drain: move the node’s tasks to other nodes', 'draining', 'drained'),
	availabilityAction('pause', 'p', 'Pause: no new tasks on the node', 'pausing', 'paused'),
	availabilityAction('active', 'a', 'Activate: the node takes tasks again', 'activating', 'activated'),
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
			title: `Add a label to node ${names('node', targets)}`,
			submitLabel: 'Add',
			index: 0,
			errors: {},
			fields: formFields([['label', 'label', 'text', '', 'key=value, e.g. zone=east']]),
		}),
		check: fields => {
			const parsed = parseNodeLabel(fields['label'] ?? '');
			return {errors: errorsOf([['label', 'error' in parsed ? parsed.error : undefined]])};
		},
		async run(ctx, targets, answer) {
			const node = onlyOne(ctx, 'node', targets, 'add a label');
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
				ctx.model.notify('info', node ? `node ${sanitize(node.hostname)} has no labels` : 'removing a label works on one node');
				return undefined;
			}

			return {kind: 'choice', title: `Remove which label of ${sanitize(node.hostname)}?`, choices: labelChoices(node), index: 0};
		},
		async run(ctx, targets, answer) {
			const node = onlyOne(ctx, 'node', targets, 'remove a label');
			const key = answer?.value;
			if (!node || key === undefined) {
				return;
			}

			await runOnEach(ctx, [node], {
				kind: 'node',
				title: 'Remove a label',
				doing: 'unlabelling',
				done: `removed label ${sanitize(key)} from`,
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
				title: `Remove node ${names('node', targets)} from the swarm?`,
				lines: [
					'The manager removes a node that is down or has left; force removes one it can no longer reach.',
					...up.map(node => `${sanitize(node.hostname)} is ${sanitize(node.status)}: drain it and have it leave first, or force`),
				],
				toggles: [{id: 'force', key: 'f', label: 'force (--force): remove a node that is not down', on: false}],
			};
		},
		async run(ctx, targets, answer) {
			const force = answer?.toggles['force'] ?? false;
			await runOnEach(ctx, targets, {
				kind: 'node',
				title: 'Remove',
				doing: 'removing',
				done: 'removed',
				call: async node => ctx.engine.removeNode(node.id, {force}),
			});
		},
	}),
];
