import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {NO_LOG_LINES, type LogEntry, type LogLines} from '../store/log-lines.js';
import {isServiceKey} from '../store/projects.js';
import {objectByKey, selectedKey} from '../store/selectors.js';
import {openDialog} from './dialogs.js';
import {byCount} from './fields.js';
import {activeSelection, clearSelection, drawnOptions, selectionSeqs, unselectKey} from './logs.js';
import {logRows} from '../ui/main/log-rows.js';
import {defineAction, type Action, type ActionContext} from './types.js';

/** One thing that can be copied from where the user is. */
export interface CopyChoice {
	value: string;
	/** What it is, for the dialog and the notice ("id", "the 20 log lines on screen"). */
	what: string;
	text: string;
}

/** Puts text on the user's clipboard and says what went, and how much. */
export function copyText(ctx: ActionContext, what: string, text: string): void {
	const {bytes, truncated} = ctx.clipboard.copy(text);
	const size = byCount(bytes, t('{count} byte', {count: bytes}), t('{count} bytes', {count: bytes}));
	ctx.model.notify('info', truncated ? t('copied {what} to the clipboard ({size}, cut to what terminals take)', {what, size}) : t('copied {what} to the clipboard ({size})', {what, size}));
}

function logLines(ctx: ActionContext): LogLines {
	return ctx.logs.get().buffer?.get().lines ?? NO_LOG_LINES;
}

/** Lines `first` to `last` (by `seq`, both included) of those held. */
function linesBetween(lines: LogLines, first: number, last: number): LogEntry[] {
	return lines.slice(first - lines.firstSeq, last - lines.firstSeq + 1);
}

/** The log lines on screen: the lines of the rows the logs tab draws. */
function shownLogLines(ctx: ActionContext): LogEntry[] {
	const lines = logLines(ctx);
	const rows = logRows(lines, drawnOptions(ctx));
	return rows.length === 0 ? [] : linesBetween(lines, rows[0]!.seq, rows.at(-1)!.seq);
}

/**
 * A log line as copied: its text made safe, after its timestamp when the tab shows them and, in
 * merged logs, its replica's label, as `docker logs -t` and `docker compose logs` print them.
 */
export function copiedLine(entry: LogEntry, timestamps: boolean): string {
	const time = timestamps && entry.timestamp ? `${sanitize(entry.timestamp)} ` : '';
	return `${time}${entry.source ? `${entry.source.label} | ` : ''}${entry.text}`;
}

/** The selected log lines still held, and how many were selected in all; undefined without a selection. */
function selectedLogLines(ctx: ActionContext): {lines: LogEntry[]; selected: number} | undefined {
	const selection = activeSelection(ctx);
	if (!selection) {
		return undefined;
	}

	const {first, last} = selectionSeqs(selection);
	const lines = logLines(ctx);
	return {lines: linesBetween(lines, Math.max(first, lines.firstSeq), last), selected: last - first + 1};
}

function logChoice(value: string, entries: readonly LogEntry[], what: string, ctx: ActionContext): CopyChoice {
	const {timestamps} = ctx.view.get().logs;
	return {value, what, text: `${entries.map(entry => copiedLine(entry, timestamps)).join('\n')}\n`};
}

/** What the selected object of the pane offers: its id and name, a job's command, the engine's address. */
function objectChoices(ctx: ActionContext): CopyChoice[] {
	const model = ctx.model.get();
	const view = ctx.view.get();
	const key = selectedKey(model, view);
	if (key === undefined) {
		return [];
	}

	const pair = (id: string | undefined, name: string | undefined): CopyChoice[] => [
		...(id === undefined ? [] : [{value: 'id', what: t('the id'), text: id}]),
		...(name === undefined ? [] : [{value: 'name', what: t('the name'), text: name}]),
	];
	switch (view.pane) {
		case 'containers': {
			const container = objectByKey(model, 'container', key);
			return container ? pair(container.id, container.name) : [];
		}

		case 'images': {
			const image = objectByKey(model, 'image', key);
			return image ? pair(image.id, image.tags[0]) : [];
		}

		case 'volumes': {
			return pair(undefined, key);
		}

		case 'networks': {
			const network = objectByKey(model, 'network', key);
			return network ? pair(network.id, network.name) : [];
		}

		case 'projects': {
			const service = isServiceKey(key) ? objectByKey(model, 'service', key) : undefined;
			const project = service?.project ?? objectByKey(model, 'project', key);
			return pair(undefined, service?.service.name ?? project?.name);
		}

		case 'jobs': {
			const job = model.jobs.find(candidate => candidate.id === key);
			return job ? [{value: 'command', what: t('the command line'), text: job.command}] : [];
		}

		case 'system': {
			return [{value: 'endpoint', what: t('the engine address'), text: key}];
		}

		case 'nodes': {
			const node = objectByKey(model, 'node', key);
			return node ? pair(node.id, node.hostname) : [];
		}

		case 'swarm-services': {
			const service = objectByKey(model, 'swarm-service', key);
			return service ? pair(service.id, service.name) : [];
		}

		case 'stacks': {
			return pair(undefined, key);
		}

		case 'secrets': {
			const item = objectByKey(model, 'swarm-data', key);
			return item ? pair(item.id, item.name) : [];
		}
	}
}

/**
 * Everything the copy key offers where the user is: the selected log lines first, then the
 * selected object's id and name, then the log lines on screen.
 */
export function copyChoices(ctx: ActionContext): CopyChoice[] {
	const view = ctx.view.get();
	const choices = objectChoices(ctx);
	if (view.tab[view.pane] !== 'logs') {
		return choices;
	}

	const selected = selectedLogLines(ctx);
	if (selected && selected.lines.length > 0) {
		const count = selected.lines.length;
		const dropped = selected.selected - count;
		const what =
			dropped === 0
				? byCount(count, t('the {count} selected log line', {count}), t('the {count} selected log lines', {count}))
				: t('the {count} selected log lines still held ({dropped} dropped)', {count, dropped});
		choices.unshift(logChoice('selection', selected.lines, what, ctx));
	}

	const shown = shownLogLines(ctx);
	if (shown.length > 0) {
		const count = shown.length;
		choices.push(logChoice('logs', shown, byCount(count, t('the {count} log line on screen', {count}), t('the {count} log lines on screen', {count})), ctx));
	}

	return choices;
}

const copyChosen = defineAction({
	id: 'copy.chosen',
	title: 'Copy the chosen text',
	keys: [],
	scope: 'global',
	step: true,
	run(ctx, _targets, answer) {
		const choices = JSON.parse(answer?.carry ?? '[]') as CopyChoice[];
		const choice = choices.find(candidate => candidate.value === answer?.value);
		if (choice) {
			copyText(ctx, choice.what, choice.text);
		}

		if (choice?.value === 'selection') {
			// Copied, the selection is done with, as a yank ends vim's visual mode.
			clearSelection(ctx);
		}
	},
});

export const copyActions: Action[] = [
	defineAction({
		id: 'copy',
		title: 'Copy the selected lines, id or name, or the lines on screen (OSC 52, over SSH too)',
		keys: ['ctrl+y'],
		scope: 'global',
		run(ctx) {
			const selected = ctx.view.get().tab[ctx.view.get().pane] === 'logs' ? selectedLogLines(ctx) : undefined;
			if (selected && selected.lines.length === 0) {
				// Other lines are on screen now: copying them instead would not be what was chosen.
				ctx.model.notify('error', t('the selected log lines were dropped from the buffer for newer ones: nothing copied ({key} clears the selection)', {key: unselectKey()}));
				return;
			}

			const choices = copyChoices(ctx);
			if (choices.length === 0) {
				ctx.model.notify('info', t('nothing selected to copy'));
				return;
			}

			openDialog(ctx, copyChosen, {
				kind: 'choice',
				title: t('Copy what to the clipboard?'),
				// The text is the user's to see before copying; what came from the engine is made safe to show.
				choices: choices.map(choice => ({value: choice.value, label: `${choice.what}: ${sanitize(choice.text.split('\n')[0] ?? '')}${choice.text.includes('\n') ? ' …' : ''}`})),
				index: 0,
				carry: JSON.stringify(choices),
			});
		},
	}),
	copyChosen,
];
