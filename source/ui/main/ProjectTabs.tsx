import React from 'react';
import {composeMissingMessage} from '../../engine/compose.js';
import {projectDefinitions} from '../../store/project-drift.js';
import {logSources, type ProjectRow} from '../../store/projects.js';
import {useApp} from '../app-context.js';
import {useModel, useNow} from '../hooks.js';
import {useProjectDefinitions} from '../panes/ProjectList.js';
import {statusTick} from '../panes/container-columns.js';
import {LogsTab} from './LogsTab.js';
import {projectLines} from './project-lines.js';
import {ScrollText} from './ScrollText.js';

interface Props {
	row: ProjectRow;
	width: number;
	rows: number;
}

/** The project (or one service): status, directory, files, drift, and each service's containers. */
export function ServicesTab({row, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	const definitions = projectDefinitions(engine);
	const loaded = useProjectDefinitions(useModel());
	const containers = row.project.services.flatMap(service => [...service.containers, ...service.oneOffs]);
	const now = useNow(statusTick(containers, Date.now()));
	const lines = projectLines({
		project: row.project,
		...(row.kind === 'service' ? {service: row.service.name} : {}),
		definition: loaded.get(row.project.name),
		cli: definitions.knownCli(),
		missingMessage: composeMissingMessage(),
		width,
		now,
	});
	return <ScrollText lines={lines} width={width} rows={rows} />;
}

/** Every replica's logs of the project (or the service) merged, each line after its replica's label. */
export function ProjectLogsTab({row, width, rows}: Props): React.JSX.Element {
	const sources = logSources(row.project, row.kind === 'service' ? row.service.name : undefined);
	const states = new Map(row.project.services.flatMap(service => service.containers).map(container => [container.id, container.state]));
	// A replica added, removed or restarted (its stream ended) opens the streams again.
	const key = `${row.key}\n${sources.map(source => `${source.id}:${states.get(source.id) ?? ''}`).join(',')}`;
	return <LogsTab merged={{key, sources}} width={width} rows={rows} />;
}
