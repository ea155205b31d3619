import type {LogEntry} from '../store/log-buffer.js';
import type {LogViewOptions} from '../store/view-store.js';
import type {Action, ActionContext} from './types.js';

function lines(ctx: ActionContext): readonly LogEntry[] {
	return ctx.logs.get().buffer?.get().lines ?? [];
}

function setLogs(ctx: ActionContext, change: (logs: LogViewOptions) => LogViewOptions): void {
	ctx.view.change(state => ({...state, logs: change(state.logs)}));
}

/** The anchor that puts `bottom` at the bottom of the view; none (follow) at the newest line. */
function anchorAt(list: readonly LogEntry[], bottom: number, rows: number): number | undefined {
	const first = list[0]!.seq;
	const last = list.at(-1)!.seq;
	if (bottom >= last) {
		return undefined;
	}

	// Never scroll past the point where the oldest line sits at the top.
	return Math.max(Math.min(last, first + rows - 1), bottom);
}

function scrollBy(ctx: ActionContext, delta: number): void {
	const list = lines(ctx);
	if (list.length === 0) {
		return;
	}

	const rows = ctx.layout().mainRows;
	setLogs(ctx, logs => {
		const last = list.at(-1)!.seq;
		const bottom = Math.min(logs.anchor ?? last, last);
		return {...logs, anchor: anchorAt(list, bottom + delta, rows)};
	});
}

/** The next line matching the search, from `fromSeq` (exclusive) towards older (-1) or newer (+1). */
export function findMatch(list: readonly LogEntry[], needle: string, fromSeq: number, direction: 1 | -1): LogEntry | undefined {
	if (list.length === 0 || needle === '') {
		return undefined;
	}

	const lower = needle.toLowerCase();
	const first = list[0]!.seq;
	for (let index = fromSeq - first + direction; index >= 0 && index < list.length; index += direction) {
		const entry = list[index]!;
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

	const last = list.at(-1)!.seq;
	const from = fromBottom ? last + 1 : logs.matchSeq ?? Math.min(logs.anchor ?? last, last) + 1;
	const match = findMatch(list, logs.search, from, direction);
	if (!match) {
		ctx.model.notify('info', `no ${direction === -1 ? 'older' : 'newer'} line matches "${logs.search}"`);
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
			setLogs(ctx, logs => ({...logs, anchor: undefined}));
		},
	},
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
];
