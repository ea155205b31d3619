import React from 'react';
import {Box, Text} from 'ink';
import {textWidth, truncate} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import {paneNumber, type ViewState} from '../../store/view-store.js';
import {shownPanes} from '../../store/swarm-selectors.js';
import {FocusedList} from './FocusedList.js';
import {PANE_TITLES, paneBarLabels, paneCount} from './pane-titles.js';
import {glyph} from '../glyphs.js';
import {tone} from '../theme.js';

interface Props {
	model: ModelState;
	view: ViewState;
	width: number;
	rows: number;
}

/** A title on a horizontal line that fills the width. */
function rule(title: string, width: number): string {
	const head = truncate(`${glyph.horizontal}${title}`, width);
	return head + glyph.horizontal.repeat(Math.max(0, width - textWidth(head)));
}

/** Memoised: the column draws again with every second's figures, and most titles stay as they were. */
const PaneTitle = React.memo(function PaneTitle({title, current, width}: {title: string; current: boolean; width: number}): React.JSX.Element {
	return (
		<Text bold={current} color={current ? tone.accent.color : undefined} dimColor={!current} wrap="truncate">
			{rule(title, width)}
		</Text>
	);
});

/** Side by side: every pane's title in a column, the focused one opened to its list. */
export function PaneColumn({model, view, width, rows}: Props): React.JSX.Element {
	return (
		<Box flexDirection="column" width={width}>
			{shownPanes(model, view.pane).map(pane => {
				const current = pane === view.pane;
				const title = ` ${paneNumber(pane) ?? glyph.dot} ${PANE_TITLES[pane]()} ${glyph.separator} ${paneCount(model, view, pane)} `;
				return (
					<Box key={pane} flexDirection="column">
						<PaneTitle title={title} current={current} width={width} />
						{current ? <FocusedList model={model} view={view} rows={rows} width={width} /> : null}
					</Box>
				);
			})}
		</Box>
	);
}

/** Stacked: the panes as one line of tabs above the focused list. */
export function PaneBar({model, view, width}: Omit<Props, 'rows'>): React.JSX.Element {
	// Cut here, by cells: the terminal's cut could split a wide character at the edge.
	let used = 0;
	const labels = paneBarLabels(model, view, width).map(({pane, label}) => {
		const shown = truncate(label, Math.max(0, width - used));
		used += textWidth(shown);
		return {pane, label: shown};
	});
	return (
		<Text wrap="truncate">
			{labels.map(({pane, label}) => {
				const current = pane === view.pane;
				return (
					<Text key={pane} inverse={current} bold={current} color={current ? tone.accent.color : undefined} dimColor={!current}>
						{label}
					</Text>
				);
			})}
			{' '.repeat(Math.max(0, width - used))}
		</Text>
	);
}
