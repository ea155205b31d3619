import React from 'react';
import {Box, Text} from 'ink';
import {keyLabel} from '../actions/keys.js';
import {actionById} from '../actions/registry.js';
import {pad, sanitize} from '../format/index.js';
import type {ModelState} from '../store/model-store.js';
import {tone} from './theme.js';
import {t} from '../i18n/translate.js';

interface Props {
	model: ModelState;
	width: number;
	rows: number;
}

/** The keys of an action as the registry has them, e.g. "r". */
function keysOf(id: string): string {
	return (actionById(id)?.keys ?? []).map(key => keyLabel(key)).join('/');
}

/** Shown while the engine in use has never answered: where berth tried, why it failed, what to do. */
export function Unreachable({model, width, rows}: Props): React.JSX.Element {
	const {engine} = model;
	const {connection} = engine;
	const details = connection.unreachable;
	const retry = connection.retryInMs === undefined ? '' : t(', the next in {seconds} s', {seconds: Math.ceil(connection.retryInMs / 1000)});
	const label = (text: string): React.JSX.Element => <Text {...tone.muted}>{pad(text, 10)}</Text>;
	return (
		<Box flexDirection="column" width={width} height={rows} paddingX={1} paddingY={1}>
			<Text bold color={tone.error.color}>
				{t('Cannot reach the Docker engine')}
			</Text>
			<Text> </Text>
			<Text wrap="truncate">
				{label(t('endpoint'))}
				{sanitize(engine.endpoint)}
			</Text>
			<Box>
				{label(t('reason'))}
				<Text wrap="wrap">{sanitize(details?.reason ?? connection.error ?? t('no answer yet'))}</Text>
			</Box>
			{details?.hint === undefined ? null : (
				<Box>
					{label(t('to try'))}
					<Text wrap="wrap">{sanitize(details.hint)}</Text>
				</Box>
			)}
			<Text wrap="truncate">
				{label(t('tries'))}
				{connection.attempt}
				{retry}
			</Text>
			<Text> </Text>
			<Text wrap="wrap">
				<Text {...tone.accent}>{keysOf('engine.retry')}</Text> {t('try again now')}{'   '}
				<Text {...tone.accent}>{keysOf('engine.contexts')}</Text> {t('switch to another engine (docker contexts)')}{'   '}
				<Text {...tone.accent}>{keysOf('quit')}</Text> {t('quit')}
			</Text>
		</Box>
	);
}
