import React, {useEffect} from 'react';
import {Box, Text} from 'ink';
import type {ContainerSummary} from '../../engine/types.js';
import {pad, sanitize, truncate} from '../../format/index.js';
import type {LogSnapshot} from '../../store/log-buffer.js';
import {Observable} from '../../store/observable.js';
import {useApp} from '../app-context.js';
import {useStore, useView} from '../hooks.js';
import {logRows, type LogRow} from './log-rows.js';

const NO_LOGS = new Observable<LogSnapshot>({lines: [], version: 0, status: 'loading'});

/** Waiting this long before opening a stream means scrolling through the list opens none on the way. */
const FOLLOW_DELAY_MS = 80;

const GUTTER = 2;
const TIME_WIDTH = 25;

interface Props {
	container: ContainerSummary;
	width: number;
	rows: number;
}

interface LineProps {
	row: LogRow;
	/** The current search match. */
	isMatch: boolean;
	/** Another line that matches the search. */
	marked: boolean;
	timestamps: boolean;
}

/** Rows are made anew for every frame; one that shows the same as before is not rendered again. */
function sameLine(before: LineProps, after: LineProps): boolean {
	const a = before.row;
	const b = after.row;
	return (
		before.isMatch === after.isMatch &&
		before.marked === after.marked &&
		before.timestamps === after.timestamps &&
		a.seq === b.seq &&
		a.stream === b.stream &&
		a.time === b.time &&
		a.segments.length === b.segments.length &&
		a.segments.every((segment, index) => segment.text === b.segments[index]!.text && segment.style === b.segments[index]!.style)
	);
}

const LogLine = React.memo(function LogLine({row, isMatch, marked, timestamps}: LineProps): React.JSX.Element {
	return (
		<Text wrap="truncate" inverse={isMatch}>
			<Text color={row.stream === 'stderr' ? 'red' : undefined}>{row.stream === 'stderr' ? '▌' : ' '}</Text>
			<Text color="yellow">{marked ? '▸' : ' '}</Text>
			{timestamps ? <Text dimColor>{pad(row.time, TIME_WIDTH)}</Text> : null}
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
		</Text>
	);
}, sameLine);

export function LogsTab({container, width, rows}: Props): React.JSX.Element {
	const ctx = useApp();
	const view = useView();
	const {since, until} = view.logs.range ?? {};
	useEffect(() => {
		const timer = setTimeout(() => {
			ctx.logs.follow(container.id, {since, until});
		}, FOLLOW_DELAY_MS);
		return () => {
			clearTimeout(timer);
		};
	}, [ctx, container.id, since, until]);
	useEffect(
		() => () => {
			ctx.logs.follow(undefined);
		},
		[ctx],
	);
	const followed = useStore(ctx.logs);
	const snapshot = useStore(followed.id === container.id && followed.buffer ? followed.buffer : NO_LOGS);
	const {logs} = view;
	const textWidth = Math.max(1, width - GUTTER - (logs.timestamps ? TIME_WIDTH : 0));
	const bodyRows = rows - 1;
	const shown = logRows(snapshot.lines, {anchor: logs.anchor, rows: bodyRows, width: textWidth, timestamps: logs.timestamps, wrap: logs.wrap});
	const needle = logs.search.toLowerCase();
	let part = 0;

	let state: string;
	if (snapshot.status === 'error') {
		state = `error: ${sanitize(snapshot.error ?? '')}`;
	} else if (snapshot.status === 'loading') {
		state = 'no log output yet';
	} else {
		const where = logs.anchor === undefined ? 'following' : 'scrolled back (G follows)';
		state = `${where} · ${snapshot.lines.length} lines${snapshot.status === 'ended' ? ' · stream ended' : ''}`;
	}

	const flags = [logs.range ? sanitize(logs.range.text) : '', logs.timestamps ? 'timestamps' : '', logs.wrap ? 'wrap' : '', logs.search ? `search "${logs.search}"` : '']
		.filter(Boolean)
		.join(' · ');
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text dimColor wrap="truncate">
				{truncate(`${state}${flags ? ` · ${flags}` : ''}`, width)}
			</Text>
			{shown.map((row, index) => {
				const isMatch = row.seq === logs.matchSeq;
				const matches = needle !== '' && row.segments.some(segment => segment.text.toLowerCase().includes(needle));
				// Keyed by line and part of a wrapped line, not by place: when a line arrives the rows
				// above it move up a place and keep their elements.
				part = index > 0 && shown[index - 1]!.seq === row.seq ? part + 1 : 0;
				return <LogLine key={`${row.seq}:${part}`} row={row} isMatch={isMatch} marked={matches && !isMatch} timestamps={logs.timestamps} />;
			})}
		</Box>
	);
}
