import React from 'react';
import {Box, Text} from 'ink';
import {keyLabel} from '../actions/keys.js';
import {reachableActions, SCOPE_TITLES, scopesFor} from '../actions/registry.js';
import {pad} from '../format/index.js';
import type {ModelState} from '../store/model-store.js';
import type {ViewState} from '../store/view-store.js';
import {tone} from './theme.js';
import {t} from '../i18n/translate.js';

/** Blank cells between two columns, so a title cut short never runs into the next column's keys. */
const GUTTER = 2;

interface Props {
	model: ModelState;
	view: ViewState;
	width: number;
	rows: number;
}

/** Every key of the current view, from the action registry, in as many columns as fit. */
export function Help({model, view, width, rows}: Props): React.JSX.Element {
	const lines: Array<{text: string; heading: boolean; destructive?: boolean}> = [];
	for (const group of reachableActions(scopesFor(view, model))) {
		lines.push({text: t(SCOPE_TITLES[group.scope]), heading: true});
		for (const {action, keys} of group.actions) {
			const label = keys.map(key => keyLabel(key)).join(' ');
			lines.push({text: `${pad(label, 10)} ${t(action.title)}${action.destructive ? t(' (asks first)') : ''}`, heading: false, destructive: action.destructive});
		}
	}

	const available = rows - 1;
	const columnCount = Math.max(1, Math.ceil(lines.length / available));
	const columnWidth = Math.floor(width / columnCount);
	const columns = Array.from({length: columnCount}, (_unused, index) => lines.slice(index * available, (index + 1) * available));
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text bold color={tone.accent.color} wrap="truncate">
				{t('Keys here (any key closes this)')}
			</Text>
			<Box flexDirection="row">
				{columns.map((column, index) => (
					<Box key={index} flexDirection="column" width={columnWidth} paddingRight={index < columns.length - 1 ? GUTTER : 0}>
						{column.map((line, row) => (
							<Text key={row} {...(line.heading ? tone.heading : line.destructive ? tone.error : undefined)} bold={line.heading || undefined} wrap="truncate">
								{line.text}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
