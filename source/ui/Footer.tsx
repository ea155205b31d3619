import React from 'react';
import {Text} from 'ink';
import {keyLabel} from '../actions/keys.js';
import {reachableActions, scopesFor} from '../actions/registry.js';
import {pad, sanitize, textWidth, truncate} from '../format/index.js';
import {compileFilter} from '../format/match.js';
import type {ConnectionState} from '../engine/types.js';
import type {ModelState} from '../store/model-store.js';
import {containerCounts} from '../store/selectors.js';
import type {ViewState} from '../store/view-store.js';
import {useApp} from './app-context.js';
import {glyph as glyphs} from './glyphs.js';
import {useNow, useStore} from './hooks.js';
import {tone} from './theme.js';
import {languageKey, t} from '../i18n/translate.js';
import {byCount} from '../actions/fields.js';

/** How long a notice stays: errors longer, since their reason is worth reading. */
const INFO_MS = 6000;
const ERROR_MS = 20_000;

interface Props {
	model: ModelState;
	view: ViewState;
	width: number;
}

/** What is being typed, named before the text. */
function inputLabel(purpose: NonNullable<ViewState['input']>['purpose']): string {
	switch (purpose) {
		case 'filter': {
			return t('filter');
		}

		case 'search': {
			return t('search logs');
		}

		case 'events': {
			return t('filter events (type:NAME narrows to a type)');
		}

		case 'diff': {
			return t('filter changes (A, C or D narrows to a kind)');
		}
	}
}

/** Hints per language and set of scopes: the registry does not change, so each set is worked out once. */
const hintsByLanguage = new WeakMap<object, Map<string, string>>();

function keyHints(view: ViewState, model: ModelState): string {
	const scopes = scopesFor(view, model);
	const key = scopes.join(' ');
	let hintsByScopes = hintsByLanguage.get(languageKey());
	if (!hintsByScopes) {
		hintsByScopes = new Map();
		hintsByLanguage.set(languageKey(), hintsByScopes);
	}

	let hints = hintsByScopes.get(key);
	if (hints === undefined) {
		hints = reachableActions(scopes)
			.flatMap(group => group.actions)
			.filter(({action}) => action.hint)
			.map(({action, keys}) => `${keyLabel(keys[0]!)} ${t(action.hint!)}`)
			.join('  ');
		hintsByScopes.set(key, hints);
	}

	return hints;
}

/** The line above the status bar: the field being typed, work in progress, the last notice, or key hints. */
export function MessageLine({model, view, width}: Props): React.JSX.Element {
	// Ticks only while a notice shows, to take it away when its time is up.
	const now = useNow(model.notice ? 1000 : undefined);
	if (view.input) {
		// A broken filter keeps every row; the line says why rather than leaving the list unchanged in silence.
		const filterError = view.input.purpose === 'filter' ? compileFilter(view.input.text).error : undefined;
		return (
			<Text wrap="truncate">
				<Text {...tone.accent}>{inputLabel(view.input.purpose)}: </Text>
				{view.input.text}
				<Text inverse> </Text>
				{filterError === undefined ? (
					<Text {...tone.muted}>
						{' '}
						{t('Enter keeps')} {glyphs.separator} {t('Esc clears')}
						{view.input.purpose === 'filter' ? ` ${glyphs.separator} re:${glyphs.ellipsis} !${glyphs.ellipsis} label:k=v${model.engines.size > 1 ? ' engine:NAME' : ''}` : ''}
					</Text>
				) : (
					<Text {...tone.error}> {t('{error} (nothing filtered)', {error: filterError})}</Text>
				)}
			</Text>
		);
	}

	if (model.busy.size > 0) {
		const work = [...model.busy.values()].map(busy => `${busy.doing} ${busy.name}`);
		return (
			<Text {...tone.warning} wrap="truncate">
				{truncate(`${glyphs.busy} ${work.join(', ')}${glyphs.ellipsis}`, width)}
			</Text>
		);
	}

	const notice = model.notice;
	if (notice && now - notice.at < (notice.level === 'error' ? ERROR_MS : INFO_MS)) {
		const look = {info: [tone.success, `${glyphs.done} `], note: [{}, ''], error: [tone.error, `${glyphs.cross} `]} as const;
		const [style, mark] = look[notice.level];
		return (
			<Text {...style} wrap="truncate">
				{truncate(`${mark}${sanitize(notice.text)}`, width)}
			</Text>
		);
	}

	return (
		<Text {...tone.muted} wrap="truncate">
			{truncate(keyHints(view, model), width)}
		</Text>
	);
}

/** "reconnecting (attempt 3, retry in 2 s): reason" */
function reconnecting(connection: ConnectionState): string {
	const values = {attempt: connection.attempt, reason: sanitize(connection.error ?? '')};
	return connection.retryInMs === undefined
		? t('reconnecting (attempt {attempt}): {reason}', values)
		: t('reconnecting (attempt {attempt}, retry in {seconds} s): {reason}', {...values, seconds: Math.ceil(connection.retryInMs / 1000)});
}

/** With several engines, each one that is not connected and how it stands: the others work on. */
function enginesDown(model: ModelState): string {
	const down = [...model.engines].filter(([, info]) => info.connection.status !== 'connected');
	return down
		.map(([name, {connection}]) => ` ${glyphs.separator} ${sanitize(name)} ${connection.status === 'connecting' ? `${t('connecting')}${glyphs.ellipsis}` : t('{state}, its rows stale', {state: reconnecting(connection)})}`)
		.join('');
}

export function StatusBar({model, view, width}: Props): React.JSX.Element {
	// The command line of the last action run: the CLI the user could have typed (H lists them all).
	const lastCommand = useStore(useApp().commands).at(-1);
	const {engine} = model;
	const {connection} = engine;
	let glyph: string;
	let color: string | undefined;
	let state = '';
	if (connection.status === 'connected') {
		const down = enginesDown(model);
		[glyph, color] = [glyphs.filled, (down === '' ? tone.success : tone.warning).color];
		state = engine.stale ? ` ${t('syncing')}${glyphs.ellipsis}` : down;
	} else {
		[glyph, color] = [glyphs.ring, (connection.status === 'connecting' ? tone.warning : tone.error).color];
		// The stale mark goes first: the reason can be long and is cut at the edge.
		const stale = engine.syncedAt === undefined ? '' : ` ${glyphs.separator} ${t('showing last known state (stale)')}`;
		state = connection.status === 'connecting' ? ` ${t('connecting')}${glyphs.ellipsis}` : `${stale} ${glyphs.separator} ${reconnecting(connection)}`;
	}

	const {running} = containerCounts(model.containers);
	const jobs = model.jobs.filter(job => job.status === 'running').length;
	const parts = [
		view.readOnly ? t('READ-ONLY') : '',
		engine.version ? (engine.kind === 'podman' ? `podman ${sanitize(engine.version)}` : t('engine {version}', {version: sanitize(engine.version)})) : '',
		t('{running} running / {count} containers', {running, count: model.containers.size}),
		t('{count} images', {count: model.images.length}),
		jobs > 0 ? `${glyphs.busy} ${byCount(jobs, t('{count} job running (5)', {count: jobs}), t('{count} jobs running (5)', {count: jobs}))}` : '',
		view.marked[view.pane].size > 0 ? t('{count} marked', {count: view.marked[view.pane].size}) : '',
		lastCommand ? `${lastCommand.ok ? '$' : glyphs.cross} ${sanitize(lastCommand.command)}` : '',
	].filter(Boolean);
	const stateText = `${glyph} ${sanitize(engine.endpoint)}${state}`;
	return <StatusLine stateText={stateText} color={color} rest={pad(` ${glyphs.vertical} ${parts.join(` ${glyphs.vertical} `)}`, Math.max(0, width - 1 - textWidth(stateText)))} />;
}

/** Memoised on its text: the status bar is worked out with every second's figures, and seldom changes. */
const StatusLine = React.memo(function StatusLine({stateText, color, rest}: {stateText: string; color: string | undefined; rest: string}): React.JSX.Element {
	return (
		<Text inverse wrap="truncate">
			{' '}
			<Text color={color}>{stateText}</Text>
			{rest}
		</Text>
	);
});
