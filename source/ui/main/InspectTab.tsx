import React from 'react';
import {Text} from 'ink';
import type {ContainerSummary} from '../../engine/types.js';
import {sanitize} from '../../format/index.js';
import {useApp} from '../app-context.js';
import {useNow} from '../hooks.js';
import {containerInspectLines} from './inspect-lines.js';
import {ScrollText} from './ScrollText.js';
import {useResource} from './use-resource.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';

interface Props {
	container: ContainerSummary;
	width: number;
	rows: number;
}

export function InspectTab({container, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	const now = useNow(60_000);
	// Re-inspect when the list row changes (state, health, name): the details changed with it.
	const key = `${container.id} ${container.state} ${container.status} ${container.name}`;
	const details = useResource(key, async () => engine.inspectContainer(container.id));
	if (details.status === 'loading') {
		return <Text {...tone.muted}>inspecting{glyph.ellipsis}</Text>;
	}

	if (details.status === 'error') {
		return <Text {...tone.error}>inspect failed: {sanitize(details.error)}</Text>;
	}

	return <ScrollText lines={containerInspectLines(details.data, now)} width={width} rows={rows} />;
}
