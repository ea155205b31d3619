import React from 'react';
import {Text} from 'ink';
import {sanitize} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import {notManagedReason} from '../../store/swarm.js';
import {viewNodes, viewStacks, viewSwarmData, viewSwarmServices} from '../../store/swarm-selectors.js';
import type {SwarmPaneId, ViewState} from '../../store/view-store.js';
import {contentWidths, naturalWidth} from './table.js';
import type {PaneListProps} from './ListView.js';
import {ObjectList} from './ObjectList.js';
import type {ObjectTable} from './object-columns.js';
import {NODE_TABLE, STACK_TABLE, SWARM_DATA_TABLE, SWARM_SERVICE_TABLE} from './swarm-columns.js';
import {tone} from '../theme.js';

/** A swarm pane's table and rows. */
function paneTable(model: ModelState, view: ViewState, pane: SwarmPaneId): {table: ObjectTable<object>; items: readonly object[]} {
	switch (pane) {
		case 'nodes': {
			return {table: NODE_TABLE as ObjectTable<object>, items: viewNodes(model, view)};
		}

		case 'swarm-services': {
			return {table: SWARM_SERVICE_TABLE as ObjectTable<object>, items: viewSwarmServices(model, view)};
		}

		case 'stacks': {
			return {table: STACK_TABLE as ObjectTable<object>, items: viewStacks(model, view)};
		}

		case 'secrets': {
			return {table: SWARM_DATA_TABLE as ObjectTable<object>, items: viewSwarmData(model, view)};
		}
	}
}

export function swarmNaturalWidth(model: ModelState, view: ViewState, pane: SwarmPaneId, now: number): number {
	const {table, items} = paneTable(model, view, pane);
	return naturalWidth(table.columns, contentWidths(items, items, item => table.cells(item, now, model)));
}

/** A swarm pane's list; where the engine manages no swarm, why (a worker names its manager). */
export function SwarmList({pane, ...props}: PaneListProps & {pane: SwarmPaneId}): React.JSX.Element {
	const reason = notManagedReason(props.model.swarm);
	if (reason !== undefined) {
		return (
			<Text {...tone.muted} wrap="wrap">
				{sanitize(reason)}
			</Text>
		);
	}

	const {table, items} = paneTable(props.model, props.view, pane);
	return <ObjectList table={table} items={items} {...props} />;
}
