import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import type {CommandEntry} from '../store/command-log.js';
import {copyText} from './copy.js';
import {openDialog} from './dialogs.js';
import {defineAction, type Action} from './types.js';

function clockTime(at: number): string {
	const time = new Date(at);
	return [time.getHours(), time.getMinutes(), time.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');
}

/** How an entry ended (a job's command is logged once the job ended). */
function outcome(entry: CommandEntry): string {
	return entry.ok ? t('ok') : t('failed: {reason}', {reason: entry.reason ?? ''});
}

/** One row of the command log: time, outcome, the command line; newest first. */
export function commandLogRows(entries: readonly CommandEntry[]): Array<{value: string; label: string}> {
	return entries.map((entry, index) => ({value: String(index), label: sanitize(`${clockTime(entry.at)}  ${entry.command}   (${outcome(entry)})`)})).reverse();
}

const copyCommand = defineAction({
	id: 'commands.copy',
	title: 'Copy the chosen command line',
	keys: [],
	scope: 'global',
	step: true,
	run(ctx, _targets, answer) {
		const entry = ctx.commands.get()[Number(answer?.value)];
		if (entry) {
			copyText(ctx, t('the command line'), entry.command);
		}
	},
});

export const commandLogActions: Action[] = [
	defineAction({
		id: 'commands.log',
		title: 'The session’s commands: each action as a docker command line, with its time and result (Enter copies one)',
		keys: ['H'],
		scope: 'global',
		run(ctx) {
			const entries = ctx.commands.get();
			if (entries.length === 0) {
				ctx.model.notify('note', t('no commands run yet in this session'));
				return;
			}

			openDialog(ctx, copyCommand, {
				kind: 'choice',
				title: t('Commands run this session, newest first (Enter copies one to the clipboard)'),
				choices: commandLogRows(entries),
				index: 0,
				filter: '',
				wide: true,
			});
		},
	}),
	copyCommand,
];
