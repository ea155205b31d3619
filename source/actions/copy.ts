import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {NO_LOG_LINES} from '../store/log-lines.js';
import {isServiceKey} from '../store/projects.js';
import {objectByKey, selectedKey} from '../store/selectors.js';
import {openDialog} from './dialogs.js';
import {byCount} from './fields.js';
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

/** The log lines on screen: those ending at the line scrolled back to, or the newest. */
function shownLogLines(ctx: ActionContext): string[] {
	const lines = ctx.logs.get().buffer?.get().lines ?? NO_LOG_LINES;
	const {anchor} = ctx.view.get().logs;
	const at = anchor === undefined ? -1 : anchor - lines.firstSeq;
	const end = at >= 0 && at < lines.length ? at + 1 : lines.length;
	// The tab's header takes a row of the main area.
	const rows = Math.max(1, ctx.layout().mainRows - 1);
	return lines.slice(Math.max(0, end - rows), end).map(line => line.text);
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

/** Everything the copy key offers where the user is: the selected object's id and name, the logs on screen. */
export function copyChoices(ctx: ActionContext): CopyChoice[] {
	const view = ctx.view.get();
	const choices = objectChoices(ctx);
	if (view.tab[view.pane] === 'logs') {
		const lines = shownLogLines(ctx);
		if (lines.length > 0) {
			const count = lines.length;
			choices.push({value: 'logs', what: byCount(count, t('the {count} log line on screen', {count}), t('the {count} log lines on screen', {count})), text: `${lines.join('\n')}\n`});
		}
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
	},
});

export const copyActions: Action[] = [
	defineAction({
		id: 'copy',
		title: 'Copy the selected object’s id or name, or the log lines on screen, to the clipboard (OSC 52, works over SSH)',
		keys: ['ctrl+y'],
		scope: 'global',
		run(ctx) {
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
