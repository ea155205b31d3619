import React from 'react';
import {Box, Text} from 'ink';
import type {ContainerSummary, FileChange} from '../../engine/types.js';
import {sanitize, truncate} from '../../format/index.js';
import {useApp} from '../app-context.js';
import {useView} from '../hooks.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {useResource} from './use-resource.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import type {ColorRole} from '../../config/colors.js';

const KINDS: Readonly<Record<FileChange['kind'], {word: string; role: ColorRole}>> = {
	A: {word: 'added', role: 'success'},
	C: {word: 'changed', role: 'warning'},
	D: {word: 'deleted', role: 'error'},
};

/** The changes a filter lets through: every word in the path, or `A`/`C`/`D` alone for a kind. */
export function diffLines(changes: readonly FileChange[], filter: string): TextLine[] {
	const words = filter.split(/\s+/).filter(Boolean);
	return changes
		.filter(change => words.every(word => (/^[ACD]$/.test(word) ? change.kind === word : change.path.includes(word))))
		.map(change => ({text: `${change.kind} ${sanitize(change.path)}`, tone: tone[KINDS[change.kind].role]}));
}

/** What changed in the container's filesystem since it was created (`docker diff`). */
export function DiffTab({container, width, rows}: {container: ContainerSummary; width: number; rows: number}): React.JSX.Element {
	const {engine} = useApp();
	const {diffFilter} = useView();
	// Read again when the container's state changes: a stopped container's layer changes no more.
	const changes = useResource(`${container.id} ${container.state} ${container.statusAt}`, async () => engine.containerDiff(container.id));
	if (changes.status === 'loading') {
		return <Text {...tone.muted}>reading the changes{glyph.ellipsis}</Text>;
	}

	if (changes.status === 'error') {
		return <Text {...tone.error}>diff failed: {sanitize(changes.error)}</Text>;
	}

	const lines = diffLines(changes.data, diffFilter);
	const counts = (['A', 'C', 'D'] as const).map(kind => `${changes.data.filter(change => change.kind === kind).length} ${KINDS[kind].word}`);
	const state = `${counts.join(', ')}${diffFilter ? ` ${glyph.separator} filter "${sanitize(diffFilter)}": ${lines.length} shown` : ''}`;
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text {...tone.muted} wrap="truncate">
				{truncate(state, width)}
			</Text>
			{lines.length === 0 ? <Text {...tone.muted}>no changes</Text> : <ScrollText lines={lines} width={width} rows={rows - 1} />}
		</Box>
	);
}
