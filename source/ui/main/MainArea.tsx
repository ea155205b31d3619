import React from 'react';
import {Box, Text} from 'ink';
import {sanitize, truncate} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import {selectedContainer} from '../../store/selectors.js';
import {PANE_TABS, type TabId, type ViewState} from '../../store/view-store.js';
import {InfoTab} from './InfoTab.js';
import {InspectTab} from './InspectTab.js';
import {LogsTab} from './LogsTab.js';
import {StatsTab} from './StatsTab.js';
import {TopTab} from './TopTab.js';

const TAB_TITLES: Readonly<Record<TabId, string>> = {logs: 'Logs', stats: 'Stats', inspect: 'Inspect', top: 'Top', info: 'Info'};

interface Props {
	model: ModelState;
	view: ViewState;
	width: number;
	/** Content rows, below the tab line. */
	rows: number;
}

function TabLine({view, width, subject}: {view: ViewState; width: number; subject: string}): React.JSX.Element {
	const focused = view.focus === 'main';
	const tabs = PANE_TABS[view.pane];
	const used = tabs.reduce((sum, tab) => sum + TAB_TITLES[tab].length + 3, 0);
	return (
		<Text wrap="truncate">
			{tabs.map(tab => {
				const current = tab === view.tab[view.pane];
				return (
					<Text key={tab} inverse={current && focused} bold={current} color={current ? 'cyan' : undefined} dimColor={!current}>
						{` ${TAB_TITLES[tab]} `}
						<Text dimColor>│</Text>
					</Text>
				);
			})}
			<Text bold>{truncate(` ${subject}`, Math.max(0, width - used))}</Text>
		</Text>
	);
}

export function MainArea({model, view, width, rows}: Props): React.JSX.Element {
	const tab = view.tab[view.pane];
	const container = view.pane === 'containers' ? selectedContainer(model, view) : undefined;
	let content: React.JSX.Element;
	if (view.pane !== 'containers') {
		content = <InfoTab model={model} view={view} width={width} rows={rows} />;
	} else if (!container) {
		content = <Text dimColor>no container selected</Text>;
	} else if (tab === 'inspect') {
		content = <InspectTab container={container} width={width} rows={rows} />;
	} else if (tab === 'stats') {
		content = <StatsTab container={container} width={width} rows={rows} />;
	} else if (tab === 'top') {
		content = <TopTab container={container} width={width} rows={rows} />;
	} else {
		content = <LogsTab container={container} width={width} rows={rows} />;
	}

	return (
		<Box flexDirection="column" width={width} height={rows + 1}>
			<TabLine view={view} width={width} subject={container ? sanitize(container.name) : ''} />
			{content}
		</Box>
	);
}
