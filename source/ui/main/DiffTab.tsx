import React from 'react';
import {Box, Text} from 'ink';
import type {ContainerSummary, FileChange} from '../../engine/types.js';
import {sanitize, truncate} from '../../format/index.js';
import {useApp} from '../app-context.js';
import {useView} from '../hooks.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {useResource} from './use-resource.js';

const KINDS: Readonly<Record<FileChange['kind'], {word: string; color: string}>> = {
	A: {word: 'added', color: 'green'},
	C: {word: 'changed', color: 'yellow'},
	D: {word: 'deleted', color: 'red'},
};

/** The changes a filter lets through: every word in the path, or `A`/`C`/`D` alone for a kind. */
export function diffLines(changes: readonly FileChange[], filter: string): TextLine[] {
	const words = filter.split(/\s+/).filter(Boolean);
	return changes
		.filter(change => words.every(word => (/^[ACD]$/.test(word) ? change.kind === word : change.path.includes(word))))
		.map(change => ({text: `${change.kind} ${sanitize(change.path)}`, color: KINDS[change.kind].color}));
}

/** What changed in the container's filesystem since it was created (`docker diff`). */
export function DiffTab({container, width, rows}: {container: ContainerSummary; width: number; rows: number}): React.JSX.Element {
	const {engine} = useApp();
	const {diffFilter} = useView();
	// Read again when the container's state changes: a stopped container's layer changes no more.
	const changes = useResource(`${container.id} ${container.state} ${container.statusAt}`, async () => engine.containerDiff(container.id));
	if (changes.status === 'loading') {
		return <Text dimColor>reading the changes…</Text>;
	}

	if (changes.status === 'error') {
		return <Text color="red">diff failed: {sanitize(changes.error)}</Text>;
	}

	const lines = diffLines(changes.data, diffFilter);
	const counts = (['A', 'C', 'D'] as const).map(kind => `${changes.data.filter(change => change.kind === kind).length} ${KINDS[kind].word}`);
	const state = `${counts.join(', ')}${diffFilter ? ` · filter "${sanitize(diffFilter)}": ${lines.length} shown` : ''}`;
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text dimColor wrap="truncate">
				{truncate(state, width)}
			</Text>
			{lines.length === 0 ? <Text dimColor>no changes</Text> : <ScrollText lines={lines} width={width} rows={rows - 1} />}
		</Box>
	);
}
