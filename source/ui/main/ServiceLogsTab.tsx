import React from 'react';
import type {ServiceSummary} from '../../engine/types.js';
import {textWidth} from '../../format/index.js';
import {openServiceLogs} from '../../store/swarm-logs.js';
import {useApp} from '../app-context.js';
import {LogsTab} from './LogsTab.js';

interface Props {
	service: ServiceSummary;
	width: number;
	rows: number;
}

/**
 * A service's logs merged across its tasks, each line after its `task@node`; followed, searchable
 * and bounded as a container's are, and streamed only while shown.
 */
export function ServiceLogsTab({service, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	// `name.slot@hostname`: room for the service's name, a slot and a short hostname.
	const labelWidth = textWidth(service.name) + 14;
	return (
		<LogsTab
			session={{key: `service:${service.id}`, open: (tail, limits, range) => openServiceLogs(engine, service.id, tail, limits, range), labelWidth}}
			width={width}
			rows={rows}
		/>
	);
}
