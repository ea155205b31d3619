import React from 'react';
import type {ContainerSummary} from '../../engine/types.js';
import {containerInspectLines} from './inspect-lines.js';
import {DetailsTab} from './DetailsTab.js';

interface Props {
	container: ContainerSummary;
	width: number;
	rows: number;
}

export function InspectTab({container, width, rows}: Props): React.JSX.Element {
	// Re-inspect when the list row changes (state, health, name): the details changed with it.
	const key = `${container.id} ${container.state} ${container.status} ${container.name}`;
	return <DetailsTab detailsKey={key} inspect={async engine => engine.inspectContainer(container.id)} lines={containerInspectLines} width={width} rows={rows} />;
}
