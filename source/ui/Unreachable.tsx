import React from 'react';
import {Box, Text} from 'ink';
import {keyLabel} from '../actions/keys.js';
import {actionById} from '../actions/registry.js';
import {sanitize} from '../format/index.js';
import type {ModelState} from '../store/model-store.js';
import {tone} from './theme.js';

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
	const retry = connection.retryInMs === undefined ? '' : `, the next in ${Math.ceil(connection.retryInMs / 1000)} s`;
	const label = (text: string): React.JSX.Element => <Text {...tone.muted}>{text.padEnd(10)}</Text>;
	return (
		<Box flexDirection="column" width={width} height={rows} paddingX={1} paddingY={1}>
			<Text bold color={tone.error.color}>
				Cannot reach the Docker engine
			</Text>
			<Text> </Text>
			<Text wrap="truncate">
				{label('endpoint')}
				{sanitize(engine.endpoint)}
			</Text>
			<Box>
				{label('reason')}
				<Text wrap="wrap">{sanitize(details?.reason ?? connection.error ?? 'no answer yet')}</Text>
			</Box>
			{details?.hint === undefined ? null : (
				<Box>
					{label('to try')}
					<Text wrap="wrap">{sanitize(details.hint)}</Text>
				</Box>
			)}
			<Text wrap="truncate">
				{label('tries')}
				{connection.attempt}
				{retry}
			</Text>
			<Text> </Text>
			<Text wrap="wrap">
				<Text {...tone.accent}>{keysOf('engine.retry')}</Text> try again now{'   '}
				<Text {...tone.accent}>{keysOf('engine.contexts')}</Text> switch to another engine (docker contexts){'   '}
				<Text {...tone.accent}>{keysOf('quit')}</Text> quit
			</Text>
		</Box>
	);
}
