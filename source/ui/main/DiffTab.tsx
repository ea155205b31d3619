import React from 'react';
import {Box, Text} from 'ink';
import type {ContainerSummary, FileChange} from '../../engine/types.js';
import {sanitize, truncate} from '../../format/index.js';
import {useApp} from '../app-context.js';
import {t} from '../../i18n/translate.js';
import {useView} from '../hooks.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {useResource} from './use-resource.js';
import {ResourceNotice} from './ResourceNotice.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import type {ColorRole} from '../../config/colors.js';

const KINDS: Readonly<Record<FileChange['kind'], {role: ColorRole}>> = {
	A: {role: 'success'},
	C: {role: 'warning'},
	D: {role: 'error'},
};

/** "3 added", in the user's language. */
function counted(kind: FileChange['kind'], count: number): string {
	switch (kind) {
		case 'A': {
			return t('{count} added', {count});
		}

		case 'C': {
			return t('{count} changed', {count});
		}

		case 'D': {
			return t('{count} deleted', {count});
		}
	}
}

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
	if (changes.status !== 'ready') {
		return <ResourceNotice state={changes} loading={t('reading the changes')} failed={reason => t('diff failed: {reason}', {reason})} />;
	}

	const lines = diffLines(changes.data, diffFilter);
	const counts = (['A', 'C', 'D'] as const).map(kind => counted(kind, changes.data.filter(change => change.kind === kind).length));
	const state = `${counts.join(t(', '))}${diffFilter ? ` ${glyph.separator} ${t('filter "{filter}": {count} shown', {filter: sanitize(diffFilter), count: lines.length})}` : ''}`;
	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Text {...tone.muted} wrap="truncate">
				{truncate(state, width)}
			</Text>
			{lines.length === 0 ? <Text {...tone.muted}>{t('no changes')}</Text> : <ScrollText lines={lines} width={width} rows={rows - 1} />}
		</Box>
	);
}
