import React, {useEffect, useRef} from 'react';
import {Box, Text} from 'ink';
import type {ContainerSummary} from '../../engine/types.js';
import {pad, sanitize, textWidth as cellWidth, truncate} from '../../format/index.js';
import type {LogSnapshot} from '../../store/log-buffer.js';
import {NO_LOG_LINES, type LogLines} from '../../store/log-lines.js';
import {byCount} from '../../actions/fields.js';
import {keyLabel} from '../../actions/keys.js';
import {selectionSeqs, unselectKey} from '../../actions/logs.js';
import {actionById} from '../../actions/registry.js';
import {Observable} from '../../store/observable.js';
import {useApp} from '../app-context.js';
import type {ActionContext} from '../../actions/types.js';
import type {ViewState} from '../../store/view-store.js';
import {useStore, useView} from '../hooks.js';
import {logRows, type LogRow} from './log-rows.js';
import type {LogSource} from '../../store/projects.js';
import type {SessionOpener} from '../../store/log-follower.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import type {ColorRole} from '../../config/colors.js';
import {t} from '../../i18n/translate.js';

const NO_LOGS = new Observable<LogSnapshot>({lines: NO_LOG_LINES, version: 0, status: 'loading'});

/** Waiting this long before opening a stream means scrolling through the list opens none on the way. */
const FOLLOW_DELAY_MS = 80;

const GUTTER = 2;
const TIME_WIDTH = 25;

/** Several containers' logs in one view (a compose project's): `key` changes when they do. */
export interface MergedLogs {
	key: string;
	sources: readonly LogSource[];
}

/** Logs another part of the store opens (a swarm service's): `key` changes when they do. */
export interface SessionLogs {
	key: string;
	open: SessionOpener;
	/** Cells for each line's origin label. */
	labelWidth: number;
}

type Props = {width: number; rows: number} & ({container: ContainerSummary} | {merged: MergedLogs} | {session: SessionLogs});

/** Each replica's colour in merged logs; red is left to stderr. */
const SOURCE_ROLES: readonly ColorRole[] = ['series1', 'series2', 'series3', 'series4', 'series5'];
/** Room for a replica's label, beyond which it is cut. */
const MAX_LABEL = 24;

interface LineProps {
	row: LogRow;
	/** The current search match. */
	isMatch: boolean;
	/** In the line selection; the cursor line is its moving end. */
	selected: boolean;
	cursor: boolean;
	/** Cells for the line's text: a selected row is filled to it, so the selection reads as a block. */
	textWidth: number;
	/** Another line that matches the search. */
	marked: boolean;
	timestamps: boolean;
	/** Cells for the replica's label in merged logs; 0 for one container's. */
	labelWidth: number;
}

/** A row that shows the same as before is not rendered again. */
function sameLine(before: LineProps, after: LineProps): boolean {
	const a = before.row;
	const b = after.row;
	return (
		before.isMatch === after.isMatch &&
		before.selected === after.selected &&
		before.cursor === after.cursor &&
		before.textWidth === after.textWidth &&
		before.marked === after.marked &&
		before.timestamps === after.timestamps &&
		before.labelWidth === after.labelWidth &&
		(a === b ||
			(a.source === b.source &&
				a.seq === b.seq &&
				a.stream === b.stream &&
				a.time === b.time &&
				a.segments.length === b.segments.length &&
				a.segments.every((segment, index) => segment.text === b.segments[index]!.text && segment.style === b.segments[index]!.style)))
	);
}

const LogLine = React.memo(function LogLine({row, isMatch, selected, cursor, textWidth, marked, timestamps, labelWidth}: LineProps): React.JSX.Element {
	// The marker column shows the selection without colour too (--no-color): the cursor, then the rest.
	const marker = cursor ? glyph.pointer : selected ? glyph.vertical : marked ? glyph.collapsed : ' ';
	const fill = selected ? textWidth - row.segments.reduce((cells, segment) => cells + cellWidth(segment.text), 0) : 0;
	return (
		<Text wrap="truncate" inverse={isMatch || selected} color={selected ? tone.selection.color : undefined}>
			{row.stream === 'stderr' ? <Text {...tone.error}>{glyph.stderr}</Text> : ' '}
			{/* A blank marker is styled only where the row is inverted and its colour shows. */}
			{marker === ' ' && !isMatch && !selected ? ' ' : <Text {...(selected ? {bold: true} : tone.warning)}>{marker}</Text>}
			{timestamps ? <Text {...tone.muted}>{pad(row.time, TIME_WIDTH)}</Text> : null}
			{labelWidth > 0 ? (
				<Text {...(row.source ? tone[SOURCE_ROLES[row.source.index % SOURCE_ROLES.length]!] : undefined)}>{`${pad(truncate(row.source?.label ?? '', labelWidth), labelWidth)} ${glyph.vertical} `}</Text>
			) : null}
			{row.segments.map((segment, part) => {
				const style = segment.style ?? {};
				return (
					<Text
						key={part}
						color={style.color}
						backgroundColor={style.backgroundColor}
						bold={style.bold}
						dimColor={style.dim}
						italic={style.italic}
						underline={style.underline}
						inverse={style.inverse}
					>
						{segment.text}
					</Text>
				);
			})}
			{fill > 0 ? ' '.repeat(fill) : null}
		</Text>
	);
}, sameLine);

/** How many logs tabs are drawn now. */
let drawnTabs = 0;
/** Time for the frame after a dialog closes to draw the logs tab again. */
const COME_BACK_MS = 250;

const covered = (view: ViewState): boolean => view.dialog !== undefined || view.help || view.palette !== undefined;

/**
 * Stops the stream of a tab no longer drawn, unless help, a dialog or the palette took its place
 * for a while: then it goes on, so that the lines held, the place scrolled back to and the lines
 * selected are all there again when they close (a new stream numbers its lines anew). It stops
 * if no logs tab is drawn again by then.
 */
function stopUnlessCovered(ctx: ActionContext): void {
	if (!covered(ctx.view.get())) {
		ctx.logs.follow(undefined);
		return;
	}

	const unsubscribe = ctx.view.subscribe(() => {
		if (covered(ctx.view.get())) {
			return;
		}

		unsubscribe();
		setTimeout(() => {
			// Covered again meanwhile (help, then a dialog): the tab that went then sees to it.
			if (drawnTabs === 0 && !covered(ctx.view.get())) {
				ctx.logs.follow(undefined);
			}
		}, COME_BACK_MS).unref();
	});
}

/** The header's word on a selection: how many lines, and the keys that copy and clear it. */
function selectionState(lines: LogLines, first: number, last: number): string {
	const copy = actionById('copy')?.keys[0];
	const keys = {copy: copy === undefined ? ': copy' : keyLabel(copy), clear: unselectKey()};
	if (last < lines.firstSeq) {
		return t('the selected lines were dropped from the buffer ({clear} clears)', keys);
	}

	const count = last - first + 1;
	return byCount(count, t('{count} line selected ({copy} copies, {clear} clears)', {count, ...keys}), t('{count} lines selected ({copy} copies, {clear} clears)', {count, ...keys}));
}

/** One container's logs, or several merged with each line's replica before it; streamed only while shown. */
export function LogsTab(props: Props): React.JSX.Element {
	const {width, rows} = props;
	const ctx = useApp();
	const view = useView();
	const {since, until} = view.logs.range ?? {};
	const merged = 'merged' in props ? props.merged : undefined;
	const session = 'session' in props ? props.session : undefined;
	const followKey = merged ? merged.key : session ? session.key : (props as {container: ContainerSummary}).container.id;
	useEffect(() => {
		const timer = setTimeout(() => {
			if (session) {
				ctx.logs.followSession(session.key, session.open, {since, until});
			} else if (merged) {
				ctx.logs.followMerged(merged.key, merged.sources, {since, until});
			} else {
				ctx.logs.follow(followKey, {since, until});
			}
		}, FOLLOW_DELAY_MS);
		return () => {
			clearTimeout(timer);
		};
		// The key says when the sources changed.
	}, [ctx, followKey, since, until]);
	useEffect(() => {
		drawnTabs++;
		return () => {
			drawnTabs--;
			stopUnlessCovered(ctx);
		};
	}, [ctx]);
	const followed = useStore(ctx.logs);
	const snapshot = useStore(followed.id === followKey && followed.buffer ? followed.buffer : NO_LOGS);
	const {logs} = view;
	const labelWidth = merged
		? Math.min(MAX_LABEL, Math.max(0, ...merged.sources.map(source => cellWidth(sanitize(source.label)))))
		: Math.min(MAX_LABEL, session?.labelWidth ?? 0);
	const textWidth = Math.max(1, width - GUTTER - (logs.timestamps ? TIME_WIDTH : 0) - (labelWidth > 0 ? labelWidth + 3 : 0));
	const bodyRows = rows - 1;
	// Actions work out what is on screen (to copy it, to keep a cursor in sight) from these.
	ctx.view.logsDrawn = {rows: bodyRows, width: textWidth};
	const shown = logRows(snapshot.lines, {anchor: logs.anchor, rows: bodyRows, width: textWidth, timestamps: logs.timestamps, wrap: logs.wrap});
	// A selection made in another stream (another container's, or before the range changed) means nothing here.
	const selection = logs.selection && followed.id === followKey && logs.selection.buffer === followed.buffer ? logs.selection : undefined;
	const {first, last} = selection ? selectionSeqs(selection) : {first: 0, last: -1};
	// Rows are keyed by their line, so that when a line arrives the rows above it move up a place
	// and keep their elements. When no line of the last frame is left (a flood scrolls a screenful
	// between two frames) they are keyed by place instead: each row's elements are then given new
	// text rather than thrown away and made again.
	const lastSeq = useRef(-1);
	const byLine = shown.length > 0 && shown[0]!.seq <= lastSeq.current;
	lastSeq.current = shown.at(-1)?.seq ?? -1;
	const needle = logs.search.toLowerCase();
	let part = 0;

	let state: string;
	if (snapshot.status === 'error') {
		state = t('error: {reason}', {reason: sanitize(snapshot.error ?? '')});
	} else if (snapshot.status === 'loading') {
		state = t('no log output yet');
	} else {
		const where = selection ? selectionState(snapshot.lines, first, last) : logs.anchor === undefined ? t('following') : t('scrolled back (G follows)');
		const count = t('{count} lines', {count: snapshot.lines.length});
		state = `${where} ${glyph.separator} ${count}${snapshot.status === 'ended' ? ` ${glyph.separator} ${t('stream ended')}` : ''}`;
	}

	const flags = [logs.range ? sanitize(logs.range.text) : '', logs.timestamps ? t('timestamps') : '', logs.wrap ? t('wrap') : '', logs.search ? t('search "{text}"', {text: logs.search}) : '']
		.filter(Boolean)
		.join(` ${glyph.separator} `);
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text {...tone.muted} wrap="truncate">
				{truncate(`${state}${flags ? ` ${glyph.separator} ${flags}` : ''}`, width)}
			</Text>
			{shown.map((row, index) => {
				const isMatch = row.seq === logs.matchSeq;
				const matches = needle !== '' && row.segments.some(segment => segment.text.toLowerCase().includes(needle));
				part = index > 0 && shown[index - 1]!.seq === row.seq ? part + 1 : 0;
				return (
					<LogLine
						key={byLine ? `${row.seq}:${part}` : `at ${index}`}
						row={row}
						isMatch={isMatch}
						selected={row.seq >= first && row.seq <= last}
						cursor={row.seq === selection?.cursor}
						textWidth={textWidth}
						marked={matches && !isMatch}
						timestamps={logs.timestamps}
						labelWidth={labelWidth}
					/>
				);
			})}
		</Box>
	);
}
