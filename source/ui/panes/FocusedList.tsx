import React from 'react';
import type {ModelState} from '../../store/model-store.js';
import {cursorIndex, selectEngines, selectJobs, viewImages, viewNetworks, viewProjectRows, viewVolumes, visibleKeys} from '../../store/selectors.js';
import type {ViewState} from '../../store/view-store.js';
import {ContainerList} from './ContainerList.js';
import {ObjectList} from './ObjectList.js';
import {VolumeList} from './VolumeList.js';
import {ProjectList} from './ProjectList.js';
import {SwarmList, swarmNaturalWidth} from './SwarmList.js';
import {PROJECT_TABLE} from './project-columns.js';
import {containersNaturalWidth} from './container-columns.js';
import {contentWidths, naturalWidth} from './table.js';
import {ENGINE_TABLE, IMAGE_TABLE, JOB_TABLE, NETWORK_TABLE, VOLUME_TABLE, type ObjectTable} from './object-columns.js';

interface Props {
	model: ModelState;
	view: ViewState;
	rows: number;
	width: number;
}

/** How wide the focused pane's list would be with every cell whole. */
export function naturalListWidth(model: ModelState, view: ViewState): number {
	const filter = view.filters[view.pane];
	const now = Date.now();
	switch (view.pane) {
		case 'containers': {
			return containersNaturalWidth(model.containers);
		}

		case 'images': {
			return objectsNaturalWidth(IMAGE_TABLE, viewImages(model, view), now, model);
		}

		case 'volumes': {
			return objectsNaturalWidth(VOLUME_TABLE, viewVolumes(model, view), now, model);
		}

		case 'networks': {
			return objectsNaturalWidth(NETWORK_TABLE, viewNetworks(model, view), now, model);
		}

		case 'jobs': {
			return objectsNaturalWidth(JOB_TABLE, selectJobs(model.jobs, filter), now, model);
		}

		case 'system': {
			return objectsNaturalWidth(ENGINE_TABLE, selectEngines(model.engine, model.engines), now, model);
		}

		case 'projects': {
			return objectsNaturalWidth(PROJECT_TABLE, viewProjectRows(model, view), now, model);
		}

		default: {
			return swarmNaturalWidth(model, view, view.pane, now);
		}
	}
}

function objectsNaturalWidth<T extends object, C>(table: ObjectTable<T, C>, items: readonly T[], now: number, model: ModelState): number {
	return naturalWidth(table.columns, contentWidths(items, items, item => table.cells(item, now, model)));
}

/** The list of the pane in view, with its cursor. */
export function FocusedList({model, view, rows, width}: Props): React.JSX.Element {
	const pane = view.pane;
	const cursor = cursorIndex(visibleKeys(model, view, pane), view, pane);
	const filter = view.filters[pane];
	const common = {model, view, cursor, rows, width};
	switch (pane) {
		case 'containers': {
			return (
				<ContainerList
					model={model}
					view={view}
					cursor={cursor}
					rows={rows}
					width={width}
				/>
			);
		}

		case 'images': {
			return <ObjectList table={IMAGE_TABLE} items={viewImages(model, view)} {...common} />;
		}

		case 'volumes': {
			return <VolumeList {...common} />;
		}

		case 'networks': {
			return <ObjectList table={NETWORK_TABLE} items={viewNetworks(model, view)} {...common} />;
		}

		case 'jobs': {
			return <ObjectList table={JOB_TABLE} items={selectJobs(model.jobs, filter)} {...common} />;
		}

		case 'system': {
			return <ObjectList table={ENGINE_TABLE} items={selectEngines(model.engine, model.engines)} {...common} />;
		}

		case 'projects': {
			return <ProjectList {...common} />;
		}

		default: {
			return <SwarmList pane={pane} {...common} />;
		}
	}
}
