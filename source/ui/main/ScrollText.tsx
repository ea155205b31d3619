import React, {useEffect} from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../../format/index.js';
import {useApp} from '../app-context.js';
import {useView} from '../hooks.js';
import type {Tone} from '../theme.js';

export interface TextLine {
	text: string;
	tone?: Tone;
	bold?: boolean;
	dim?: boolean;
}

interface Props {
	lines: readonly TextLine[];
	width: number;
	rows: number;
}

/** Lines of already-sanitised text, scrolled by the main area's scroll keys. */
export function ScrollText({lines, width, rows}: Props): React.JSX.Element {
	const ctx = useApp();
	const {mainScroll} = useView();
	const maxScroll = Math.max(0, lines.length - rows);
	const scroll = Math.min(mainScroll, maxScroll);
	useEffect(() => {
		// Keep the stored offset inside the text, so scrolling back up responds at once.
		if (mainScroll > maxScroll) {
			ctx.view.change(state => ({...state, mainScroll: maxScroll}));
		}
	}, [ctx, mainScroll, maxScroll]);
	return (
		<Box flexDirection="column" width={width} height={rows}>
			{lines.slice(scroll, scroll + rows).map((line, index) => (
				<Text key={scroll + index} wrap="truncate" color={line.tone?.color} bold={line.bold || line.tone?.bold} dimColor={line.dim || line.tone?.dimColor}>
					{truncate(line.text, width)}
				</Text>
			))}
		</Box>
	);
}
