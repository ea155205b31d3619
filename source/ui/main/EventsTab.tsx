import React from 'react';
import {Box, Text} from 'ink';
import type {EngineEvent} from '../../engine/types.js';
import {pad, sanitize, shortId, textWidth, truncate} from '../../format/index.js';
import type {EventLogState} from '../../store/event-log.js';
import type {EventViewOptions} from '../../store/view-store.js';
import {useApp} from '../app-context.js';
import {t} from '../../i18n/translate.js';
import {useStore, useView} from '../hooks.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {tone, type Tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import type {ColorRole} from '../../config/colors.js';

/** Attributes worth a place on the line, in this order; the rest are in inspect. */
const MAIN_ATTRIBUTES = ['image', 'exitCode', 'signal', 'container', 'type', 'driver'];

const TYPE_ROLES: Readonly<Record<string, ColorRole>> = {container: 'series1', image: 'series4', volume: 'series3', network: 'series5'};

function eventTone(type: string): Tone | undefined {
	const role = TYPE_ROLES[type];
	return role === undefined ? undefined : tone[role];
}

function objectName(event: EngineEvent): string {
	return event.attributes['name'] ?? (event.id.length > 12 ? shortId(event.id) : event.id);
}

/** "12:03:04  container  die  web-1  image=nginx exitCode=137" */
export function eventText(event: EngineEvent): string {
	const time = new Date(event.time).toISOString().slice(11, 19);
	const attributes = MAIN_ATTRIBUTES.filter(key => event.attributes[key] !== undefined).map(key => `${key}=${event.attributes[key]}`);
	const type = sanitize(event.type);
	const action = sanitize(event.action);
	return `${time}  ${pad(type, Math.max(9, textWidth(type)))} ${pad(action, Math.max(14, textWidth(action)))} ${sanitize(`${objectName(event)}  ${attributes.join(' ')}`)}`.trimEnd();
}

/** Whether an event passes the filter: every word must appear; `type:NAME` must be its type. */
export function eventMatches(event: EngineEvent, filter: string): boolean {
	const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) {
		return true;
	}

	const text = `${event.type} ${event.action} ${event.id} ${Object.entries(event.attributes).map(([key, value]) => `${key}=${value}`).join(' ')}`.toLowerCase();
	return words.every(word => (word.startsWith('type:') ? event.type === word.slice(5) : text.includes(word)));
}

/** The events to show, newest first: a paused view stops at what had arrived when it paused. */
export function shownEvents(log: EventLogState, options: EventViewOptions): EngineEvent[] {
	const upTo = options.pausedAt === undefined ? log.events.length : Math.max(0, options.pausedAt - (log.total - log.events.length));
	return log.events
		.slice(0, upTo)
		.filter(event => eventMatches(event, options.filter))
		.reverse();
}

export function EventsTab({width, rows}: {width: number; rows: number}): React.JSX.Element {
	const {events: store} = useApp();
	const log = useStore(store);
	const {events: options} = useView();
	const shown = shownEvents(log, options);
	const waiting = options.pausedAt === undefined ? 0 : log.total - options.pausedAt;
	const state = [
		options.pausedAt === undefined ? t('live') : t('paused ({count} newer waiting; p resumes)', {count: waiting}),
		t('{shown} of {kept} kept ({seen} seen)', {shown: shown.length, kept: log.events.length, seen: log.total}),
		options.filter ? t('filter "{filter}"', {filter: sanitize(options.filter)}) : '',
	].filter(Boolean);
	const lines: TextLine[] = shown.map(event => ({text: eventText(event), tone: eventTone(event.type)}));
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text {...tone.muted} wrap="truncate">
				{truncate(`${state.join(` ${glyph.separator} `)} ${glyph.separator} ${t('newest first')}`, width)}
			</Text>
			{lines.length === 0 ? <Text {...tone.muted}>{t('no events yet: they appear as the engine reports them')}</Text> : <ScrollText lines={lines} width={width} rows={rows - 1} />}
		</Box>
	);
}
