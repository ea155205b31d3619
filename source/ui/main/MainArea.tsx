import React from 'react';
import {withoutQualifiers} from '../../format/engine-key.js';
import {Box, Text} from 'ink';
import {sanitize, truncate} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import {containersByVolume, networkUsers, selectedKey, viewProjectRows} from '../../store/selectors.js';
import {imageLabel} from '../../actions/each.js';
import {SCOPE_TITLES} from '../../actions/registry.js';
import {PANE_TABS, type TabId, type ViewState} from '../../store/view-store.js';
import {DiffTab} from './DiffTab.js';
import {NetworkInspectTab, VolumeInspectTab} from './ObjectTabs.js';
import {DiskUsageTab, SystemInfoTab} from './SystemTabs.js';
import {ImageHistoryTab, ImageInspectTab, ImageUsersTab} from './ImageTabs.js';
import {EventsTab} from './EventsTab.js';
import {InspectTab} from './InspectTab.js';
import {JobView} from './JobView.js';
import {LogsTab} from './LogsTab.js';
import {ProjectLogsTab, ServicesTab} from './ProjectTabs.js';
import {StatsTab} from './StatsTab.js';
import {swarmContent} from './SwarmTabs.js';
import {TopTab} from './TopTab.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import {tabWidth} from '../layout.js';
import {t} from '../../i18n/translate.js';


interface Props {
	model: ModelState;
	view: ViewState;
	width: number;
	/** Content rows, below the tab line. */
	rows: number;
}

/** Memoised: the main area draws again with every second's figures, its tab line seldom changes. */
const TabLine = React.memo(function TabLine({view, width, subject}: {view: ViewState; width: number; subject: string}): React.JSX.Element {
	const focused = view.focus === 'main';
	const tabs = PANE_TABS[view.pane];
	const used = tabs.reduce((sum, tab) => sum + tabWidth(t(SCOPE_TITLES[tab])), 0);
	return (
		<Text wrap="truncate">
			{tabs.map(tab => {
				const current = tab === view.tab[view.pane];
				return (
					<Text key={tab} inverse={current && focused} bold={current} color={current ? tone.accent.color : undefined} dimColor={!current}>
						{` ${t(SCOPE_TITLES[tab])} `}
						<Text {...tone.muted}>{glyph.vertical}</Text>
					</Text>
				);
			})}
			<Text bold>{truncate(` ${withoutQualifiers(subject)}`, Math.max(0, width - used))}</Text>
		</Text>
	);
});

/** What the main area shows and the name in its tab line. */
function mainContent(model: ModelState, view: ViewState, width: number, rows: number): {content: React.JSX.Element; subject: string} {
	const tab = view.tab[view.pane];
	const overlay = view.job === undefined ? undefined : model.jobs.find(job => job.id === view.job);
	if (overlay) {
		return {content: <JobView job={overlay} width={width} rows={rows} scrollBack={0} />, subject: t('job: {title}', {title: sanitize(overlay.title)})};
	}

	const key = selectedKey(model, view);
	switch (view.pane) {
		case 'containers': {
			const container = key === undefined ? undefined : model.containers.get(key);
			if (!container) {
				return {content: <Text {...tone.muted}>{t('no container selected')}</Text>, subject: ''};
			}

			const props = {container, width, rows};
			const tabs: Partial<Record<TabId, React.JSX.Element>> = {
				inspect: <InspectTab {...props} />,
				stats: <StatsTab {...props} />,
				top: <TopTab {...props} />,
				diff: <DiffTab {...props} />,
			};
			const content = tabs[tab] ?? <LogsTab {...props} />;
			return {content, subject: sanitize(container.name)};
		}

		case 'images': {
			const image = model.images.find(item => item.id === key);
			if (!image) {
				return {content: <Text {...tone.muted}>{t('no image selected')}</Text>, subject: ''};
			}

			const props = {image, width, rows};
			const content =
				tab === 'history' ? <ImageHistoryTab {...props} /> : tab === 'used-by' ? <ImageUsersTab model={model} {...props} /> : <ImageInspectTab {...props} />;
			return {content, subject: sanitize(imageLabel(image))};
		}

		case 'jobs': {
			const job = model.jobs.find(item => item.id === key);
			const scrollBack = view.focus === 'main' ? view.mainScroll : 0;
			return job
				? {content: <JobView job={job} width={width} rows={rows} scrollBack={scrollBack} />, subject: sanitize(job.title)}
				: {content: <Text {...tone.muted}>{t('no job selected')}</Text>, subject: ''};
		}

		case 'volumes': {
			const volume = model.volumes.find(item => item.name === key);
			const users = volume && (containersByVolume(model.containers).get(volume.name) ?? []).map(container => `${container.id} ${container.state}`).join(',');
			return volume
				? {content: <VolumeInspectTab volume={volume} users={users ?? ''} width={width} rows={rows} />, subject: sanitize(volume.name)}
				: {content: <Text {...tone.muted}>{t('no volume selected')}</Text>, subject: ''};
		}

		case 'networks': {
			const network = model.networks.find(item => item.id === key);
			const users = network && networkUsers(model.containers, network).map(container => `${container.id} ${container.state}`).join(',');
			return network
				? {content: <NetworkInspectTab network={network} users={users ?? ''} width={width} rows={rows} />, subject: sanitize(network.name)}
				: {content: <Text {...tone.muted}>{t('no network selected')}</Text>, subject: ''};
		}

		case 'projects': {
			const row = viewProjectRows(model, view).find(candidate => candidate.key === key);
			if (!row) {
				return {content: <Text {...tone.muted}>{t('no compose project selected')}</Text>, subject: ''};
			}

			const props = {row, width, rows};
			const content = tab === 'logs' ? <ProjectLogsTab {...props} /> : <ServicesTab {...props} />;
			return {content, subject: sanitize(row.kind === 'service' ? `${row.project.name}/${row.service.name}` : row.project.name)};
		}

		case 'system': {
			// With several engines, the selected one's.
			const props = {engine: model.engines.get(key ?? '') ?? model.engine, width, rows};
			const content = tab === 'disk' ? <DiskUsageTab {...props} /> : tab === 'events' ? <EventsTab width={width} rows={rows} /> : <SystemInfoTab {...props} />;
			return {content, subject: sanitize(model.engine.endpoint)};
		}

		default: {
			return swarmContent(model, view.pane, tab, key, {width, rows});
		}
	}
}

export function MainArea({model, view, width, rows}: Props): React.JSX.Element {
	const {content, subject} = mainContent(model, view, width, rows);
	return (
		<Box flexDirection="column" width={width} height={rows + 1}>
			<TabLine view={view} width={width} subject={subject} />
			{content}
		</Box>
	);
}
