import React from 'react';
import {Text} from 'ink';
import type {ContainerSummary} from '../../engine/types.js';
import {pad, stateStyle} from '../../format/index.js';
import {useNow} from '../hooks.js';
import {containerCells, containerHeader, containerWidths, joinCells} from './container-columns.js';
import {ListView} from './ListView.js';

interface Props {
	containers: readonly ContainerSummary[];
	cursor: number;
	rows: number;
	width: number;
	focused: boolean;
	marked: ReadonlySet<string>;
	busy: ReadonlyMap<string, string>;
}

export function ContainerList({containers, cursor, rows, width, focused, marked, busy}: Props): React.JSX.Element {
	const now = useNow(1000);
	const widths = containerWidths(containers, width);
	return (
		<ListView
			items={containers}
			cursor={cursor}
			rows={rows}
			width={width}
			header={containerHeader(widths)}
			empty="no containers"
			focused={focused}
			renderRow={(container, selected) => {
				const style = stateStyle(container.state, container.health);
				const doing = busy.get(container.id);
				const cells = containerCells(container, now, doing);
				const line = joinCells([cells.name, cells.image, cells.status, cells.ports, cells.project], widths);
				return (
					<Text wrap="truncate" inverse={selected && focused} bold={selected && !focused}>
						{selected ? '›' : ' '}
						<Text color="magenta">{marked.has(container.id) ? '*' : ' '}</Text>
						<Text color={doing === undefined ? style.color : 'yellow'}>{style.glyph}</Text>{' '}
						{pad(line, width - 4)}
					</Text>
				);
			}}
		/>
	);
}
