import path from 'node:path';
import type {ContainerSummary} from '../engine/types.js';
import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {shellQuote} from '../parse/run-spec.js';
import {formatEngineTime, parseSince} from '../parse/since.js';
import {NO_LOG_LINES, type LogEntry, type LogLines} from '../store/log-lines.js';
import {selectedContainer} from '../store/selectors.js';
import type {LogSelection, LogViewOptions} from '../store/view-store.js';
import {anchorShowing, logRows, type LogRowOptions} from '../ui/main/log-rows.js';
import {outputFileError, byCount} from './fields.js';
import {formFields} from './dialogs.js';
import {startJob} from './jobs.js';
import {keyLabel} from './keys.js';
import {backToList} from './navigation.js';
import {defineAction, type Action, type ActionContext, type FormCheck} from './types.js';

function lines(ctx: ActionContext): LogLines {
	return ctx.logs.get().buffer?.get().lines ?? NO_LOG_LINES;
}

function setLogs(ctx: ActionContext, change: (logs: LogViewOptions) => LogViewOptions): void {
	ctx.view.change(state => ({...state, logs: change(state.logs)}));
}

/** The anchor that puts `bottom` at the bottom of the view; none (follow) at the newest line. */
function anchorAt(list: LogLines, bottom: number, rows: number): number | undefined {
	const first = list.firstSeq;
	const last = list.nextSeq - 1;
	if (bottom >= last) {
		return undefined;
	}

	// Never scroll past the point where the oldest line sits at the top.
	return Math.max(Math.min(last, first + rows - 1), bottom);
}

/**
 * How the logs tab draws its lines now: anchor, wrap and timestamps from the view, rows and width
 * as last drawn (before the tab is first drawn: the main area's rows, lines not wrapped).
 */
export function drawnOptions(ctx: ActionContext): LogRowOptions {
	const {logs} = ctx.view.get();
	const drawn = ctx.view.logsDrawn ?? {rows: Math.max(1, ctx.layout().mainRows - 1), width: Number.MAX_SAFE_INTEGER};
	return {...drawn, anchor: logs.anchor, timestamps: logs.timestamps, wrap: logs.wrap};
}

/** The selection, when it belongs to the logs followed now. */
export function activeSelection(ctx: ActionContext): LogSelection | undefined {
	const {selection} = ctx.view.get().logs;
	return selection && selection.buffer === ctx.logs.get().buffer ? selection : undefined;
}

/** The oldest and newest `seq` a selection covers (some may have been dropped since). */
export function selectionSeqs(selection: LogSelection): {first: number; last: number} {
	return {first: Math.min(selection.from, selection.cursor), last: Math.max(selection.from, selection.cursor)};
}

/**
 * Moves the selection's cursor to `to(cursor)`, within the lines held, and the view with it to
 * keep it in sight; `also` changes more of the logs' options at the same time.
 */
function moveCursor(ctx: ActionContext, selection: LogSelection, to: (cursor: number) => number, also: Partial<LogViewOptions> = {}): void {
	const list = lines(ctx);
	if (list.length === 0) {
		return;
	}

	const cursor = Math.max(list.firstSeq, Math.min(list.nextSeq - 1, to(selection.cursor)));
	const anchor = anchorShowing(list, cursor, drawnOptions(ctx));
	setLogs(ctx, logs => ({...logs, ...also, anchor, selection: {...selection, cursor}}));
}

/** Ends the line selection; the view stays where it is. */
export function clearSelection(ctx: ActionContext): void {
	setLogs(ctx, logs => ({...logs, selection: undefined}));
}

function scrollBy(ctx: ActionContext, delta: number): void {
	const selection = activeSelection(ctx);
	if (selection) {
		moveCursor(ctx, selection, cursor => cursor + delta);
		return;
	}

	const list = lines(ctx);
	if (list.length === 0) {
		return;
	}

	const rows = ctx.layout().mainRows;
	setLogs(ctx, logs => {
		const last = list.nextSeq - 1;
		const bottom = Math.min(logs.anchor ?? last, last);
		return {...logs, anchor: anchorAt(list, bottom + delta, rows)};
	});
}

/** The next line matching the search, from `fromSeq` (exclusive) towards older (-1) or newer (+1). */
export function findMatch(list: LogLines, needle: string, fromSeq: number, direction: 1 | -1): LogEntry | undefined {
	if (list.length === 0 || needle === '') {
		return undefined;
	}

	const lower = needle.toLowerCase();
	for (let index = fromSeq - list.firstSeq + direction; index >= 0 && index < list.length; index += direction) {
		const entry = list.at(index)!;
		if (entry.text.toLowerCase().includes(lower)) {
			return entry;
		}
	}

	return undefined;
}

/** Jumps to the next match and centres it; says so when there is none. */
export function jumpToMatch(ctx: ActionContext, direction: 1 | -1, fromBottom = false): void {
	const list = lines(ctx);
	const {logs} = ctx.view.get();
	if (logs.search === '' || list.length === 0) {
		return;
	}

	const last = list.nextSeq - 1;
	const from = fromBottom ? last + 1 : logs.matchSeq ?? Math.min(logs.anchor ?? last, last) + 1;
	const match = findMatch(list, logs.search, from, direction);
	if (!match) {
		ctx.model.notify('info', direction === -1 ? t('no older line matches "{search}"', {search: logs.search}) : t('no newer line matches "{search}"', {search: logs.search}));
		return;
	}

	const selection = activeSelection(ctx);
	if (selection) {
		// While selecting, the match extends the selection, as in vim's visual mode.
		moveCursor(ctx, selection, () => match.seq, {matchSeq: match.seq});
		return;
	}

	const rows = ctx.layout().mainRows;
	setLogs(ctx, state => ({
		...state,
		matchSeq: match.seq,
		anchor: anchorAt(list, match.seq + Math.floor(rows / 2), rows),
	}));
}

const page = (ctx: ActionContext): number => Math.max(1, ctx.layout().mainRows - 1);

/** The container whose logs the tab shows. */
function shownContainer(ctx: ActionContext): ContainerSummary | undefined {
	const view = ctx.view.get();
	// The projects pane's Logs tab merges several containers: there is no one container to name.
	return view.pane === 'containers' ? selectedContainer(ctx.model.get(), view) : undefined;
}

type Range = NonNullable<LogViewOptions['range']>;

/** The since and until typed in a range's text ("since 42m until 10m"), to fill the form again. */
function rangeTexts(range: Range | undefined): {since: string; until: string} {
	return {since: /(?:^|\s)since (\S+)/.exec(range?.text ?? '')?.[1] ?? '', until: /(?:^|\s)until (\S+)/.exec(range?.text ?? '')?.[1] ?? ''};
}

/**
 * The range form as typed: each field empty or a time `parseSince` takes, and until after since.
 * Empty both: no range (every line, following).
 */
export function parseRange(fields: Readonly<Record<string, string>>, now: number): {range?: Range} | {errors: FormCheck['errors']} {
	const sinceText = (fields['since'] ?? '').trim();
	const untilText = (fields['until'] ?? '').trim();
	const since = sinceText === '' ? undefined : parseSince(sinceText, now, 'since');
	const until = untilText === '' ? undefined : parseSince(untilText, now, 'until');
	const errors: Record<string, string> = {};
	if (since && 'error' in since) {
		errors['since'] = since.error;
	}

	if (until && 'error' in until) {
		errors['until'] = until.error;
	}

	if (since && until && 'value' in since && 'value' in until && until.value <= since.value) {
		errors['until'] = t('until: {until} is not after since {since}', {until: untilText, since: sinceText});
	}

	if (Object.keys(errors).length > 0) {
		return {errors};
	}

	if (since === undefined && until === undefined) {
		return {};
	}

	const text = [sinceText && `since ${sinceText}`, untilText && `until ${untilText}`].filter(Boolean).join(' ');
	return {
		range: {
			...(since && 'value' in since ? {since: since.value} : {}),
			...(until && 'value' in until ? {until: until.value} : {}),
			text,
		},
	};
}

/** A time as `docker logs --since` takes it: whole Unix seconds, or with nanoseconds. */
function cliTime(seconds: number): string {
	return Number.isInteger(seconds) ? String(seconds) : formatEngineTime(seconds);
}

function saveCommand(name: string, file: string, timestamps: boolean, range: Range | undefined): string {
	const args = [
		'docker',
		'logs',
		...(timestamps ? ['-t'] : []),
		...(range?.since === undefined ? [] : ['--since', cliTime(range.since)]),
		...(range?.until === undefined ? [] : ['--until', cliTime(range.until)]),
		name,
	];
	return `${shellQuote(args)} > ${shellQuote([file])}`;
}

const unselect: Action = {
	id: 'logs.unselect',
	title: 'Clear the line selection; without one, back to the list',
	keys: ['escape'],
	scope: 'logs',
	run(ctx) {
		if (activeSelection(ctx)) {
			clearSelection(ctx);
			return;
		}

		ctx.view.change(state => ({...backToList(state), logs: {...state.logs, selection: undefined}}));
	},
};

/** The key that clears a selection, as the config may have changed it, for messages that name it. */
export function unselectKey(): string {
	return keyLabel(unselect.keys[0] ?? 'escape');
}

export const logActions: Action[] = [
	{
		id: 'logs.up',
		title: 'Scroll up a line',
		keys: ['up', 'k'],
		scope: 'logs',
		run(ctx) {
			scrollBy(ctx, -1);
		},
	},
	{
		id: 'logs.down',
		title: 'Scroll down a line',
		keys: ['down', 'j'],
		scope: 'logs',
		run(ctx) {
			scrollBy(ctx, 1);
		},
	},
	{
		id: 'logs.pageup',
		title: 'Scroll up a page',
		keys: ['pageup'],
		scope: 'logs',
		run(ctx) {
			scrollBy(ctx, -page(ctx));
		},
	},
	{
		id: 'logs.pagedown',
		title: 'Scroll down a page',
		keys: ['pagedown'],
		scope: 'logs',
		run(ctx) {
			scrollBy(ctx, page(ctx));
		},
	},
	{
		id: 'logs.top',
		title: 'Oldest line held',
		keys: ['g', 'home'],
		scope: 'logs',
		run(ctx) {
			scrollBy(ctx, -Number.MAX_SAFE_INTEGER / 2);
		},
	},
	{
		id: 'logs.bottom',
		hint: 'follow',
		title: 'Newest line, and follow',
		keys: ['G', 'end'],
		scope: 'logs',
		run(ctx) {
			const selection = activeSelection(ctx);
			if (selection) {
				// Following would move the lines away from under the selection: the cursor goes instead.
				moveCursor(ctx, selection, () => Number.MAX_SAFE_INTEGER);
				return;
			}

			setLogs(ctx, logs => ({...logs, anchor: undefined}));
		},
	},
	{
		id: 'logs.select',
		hint: 'select',
		title: 'Select log lines: j/k, PgUp/PgDn, g/G extend (again: stop)',
		keys: ['v', 'V'],
		scope: 'logs',
		run(ctx) {
			if (activeSelection(ctx)) {
				clearSelection(ctx);
				return;
			}

			const buffer = ctx.logs.get().buffer;
			const list = lines(ctx);
			const rows = logRows(list, drawnOptions(ctx));
			const bottom = rows.at(-1)?.seq;
			if (!buffer || bottom === undefined) {
				ctx.model.notify('note', t('no log lines to select'));
				return;
			}

			// The cursor starts on the search match when it is on screen, else on the bottom line.
			const {matchSeq} = ctx.view.get().logs;
			const cursor = matchSeq !== undefined && rows.some(row => row.seq === matchSeq) ? matchSeq : bottom;
			// The view stays where it is: arriving lines no longer move it.
			setLogs(ctx, logs => ({...logs, anchor: bottom, selection: {buffer, from: cursor, cursor}}));
		},
	},
	unselect,
	{
		id: 'logs.timestamps',
		hint: 'time',
		title: 'Timestamps on/off',
		keys: ['t'],
		scope: 'logs',
		run(ctx) {
			setLogs(ctx, logs => ({...logs, timestamps: !logs.timestamps}));
		},
	},
	{
		id: 'logs.wrap',
		hint: 'wrap',
		title: 'Wrap long lines on/off',
		keys: ['w'],
		scope: 'logs',
		run(ctx) {
			setLogs(ctx, logs => ({...logs, wrap: !logs.wrap}));
		},
	},
	{
		id: 'logs.search',
		hint: 'search',
		title: 'Search',
		keys: ['/'],
		scope: 'logs',
		run(ctx) {
			ctx.view.change(state => ({...state, input: {purpose: 'search', text: state.logs.search}}));
		},
	},
	{
		id: 'logs.older',
		title: 'Previous (older) match',
		keys: ['n'],
		scope: 'logs',
		run(ctx) {
			jumpToMatch(ctx, -1);
		},
	},
	{
		id: 'logs.newer',
		title: 'Next (newer) match',
		keys: ['N'],
		scope: 'logs',
		run(ctx) {
			jumpToMatch(ctx, 1);
		},
	},
	defineAction({
		id: 'logs.range',
		hint: 'range',
		title: 'Only the lines of a time range: since, until (42m, 2h, 2026-11-29T10:00, an RFC 3339 time, Unix seconds)',
		keys: ['R'],
		scope: 'logs',
		ask(_targets, ctx) {
			const {since, until} = rangeTexts(ctx.view.get().logs.range);
			return {
				kind: 'form',
				title: t('Show the logs of a time range (both empty: all of them, following)'),
				submitLabel: t('Show'),
				index: 0,
				errors: {},
				fields: formFields([
					['since', t('since'), 'text', since, '42m, 2h, 2026-11-29, 2026-11-29T10:00:00Z'],
					['until', t('until'), 'text', until, t('10m; empty: up to now, following')],
				]),
			};
		},
		check(fields) {
			const parsed = parseRange(fields, Date.now());
			return 'errors' in parsed ? {errors: parsed.errors} : {errors: {}, preview: parsed.range ? `docker logs ${sanitize(parsed.range.text.replace(/(since|until) /g, '--$1 '))}` : 'docker logs --follow'};
		},
		run(ctx, _targets, answer) {
			const parsed = parseRange(answer?.fields ?? {}, Date.now());
			if ('errors' in parsed) {
				throw new Error(Object.values(parsed.errors).join('; '));
			}

			const {range} = parsed;
			// Sequence numbers belong to the stream they came from: a new stream starts at the newest line.
			setLogs(ctx, logs => ({...logs, range, anchor: undefined, matchSeq: undefined, selection: undefined}));
			// The tab follows the range too; the follower takes the same range once.
			const id = shownContainer(ctx)?.id;
			if (!ctx.logs.changeRange({since: range?.since, until: range?.until}) && id !== undefined) {
				ctx.logs.follow(id, {since: range?.since, until: range?.until});
			}

			ctx.model.notify('info', range ? t('logs {range}', {range: sanitize(range.text)}) : t('all logs, following'));
		},
	}),
	defineAction({
		id: 'logs.save',
		hint: 'save',
		title: 'Save the logs (all of them in the range, not only what is held) to a file',
		keys: ['S'],
		scope: 'logs',
		ask(_targets, ctx) {
			const container = shownContainer(ctx);
			if (!container) {
				return undefined;
			}

			const {logs} = ctx.view.get();
			return {
				kind: 'form',
				title: logs.range
					? t('Save the logs of {name} ({range}) to a file', {name: sanitize(container.name), range: sanitize(logs.range.text)})
					: t('Save the logs of {name} to a file', {name: sanitize(container.name)}),
				submitLabel: t('Save'),
				index: 0,
				errors: {},
				fields: formFields([
					['file', t('file'), 'text', '', `${sanitize(container.name)}.log`],
					['timestamps', t('timestamps'), 'toggle', String(logs.timestamps)],
					['overwrite', t('overwrite'), 'toggle', 'false'],
				]),
			};
		},
		check(fields, ctx): FormCheck {
			const wrong = outputFileError(fields);
			const name = sanitize(shownContainer(ctx)?.name ?? 'CONTAINER');
			return wrong === undefined
				? {errors: {}, preview: saveCommand(name, path.resolve((fields['file'] ?? '').trim()), fields['timestamps'] === 'true', ctx.view.get().logs.range)}
				: {errors: {file: wrong}};
		},
		run(ctx, _targets, answer) {
			const container = shownContainer(ctx);
			if (!container) {
				ctx.model.notify('info', ctx.view.get().pane === 'containers' ? t('no container selected') : t('saving works on one container’s logs: select it in the Containers pane'));
				return;
			}

			if (!answer) {
				return;
			}

			const wrong = outputFileError(answer.fields);
			if (wrong !== undefined) {
				throw new Error(wrong);
			}

			const file = path.resolve((answer.fields['file'] ?? '').trim());
			const timestamps = answer.fields['timestamps'] === 'true';
			const {range} = ctx.view.get().logs;
			startJob(ctx, {
				title: t('save the logs of {name}', {name: container.name}),
				command: saveCommand(container.name, file, timestamps, range),
				run: async control =>
					ctx.engine.saveContainerLogs(
						container.id,
						file,
						{
							timestamps,
							overwrite: answer.fields['overwrite'] === 'true',
							...(range?.since === undefined ? {} : {since: range.since}),
							...(range?.until === undefined ? {} : {until: range.until}),
						},
						control,
					),
				describe: count => byCount(count, t('{count} line saved to {file}', {count, file}), t('{count} lines saved to {file}', {count, file})),
			});
		},
	}),
];
