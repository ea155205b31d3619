import React from 'react';
import type {ModelState} from '../../store/model-store.js';
import {cursorIndex, selectContainers, selectImages, selectNetworks, selectVolumes, visibleKeys} from '../../store/selectors.js';
import type {ViewState} from '../../store/view-store.js';
import {ContainerList} from './ContainerList.js';
import {ObjectList} from './ObjectList.js';
import {containersNaturalWidth} from './container-columns.js';
import {contentWidths, naturalWidth} from './table.js';
import {IMAGE_TABLE, NETWORK_TABLE, VOLUME_TABLE, type ObjectTable} from './object-columns.js';

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
			return objectsNaturalWidth(IMAGE_TABLE, selectImages(model.images, filter), now);
		}

		case 'volumes': {
			return objectsNaturalWidth(VOLUME_TABLE, selectVolumes(model.volumes, filter), now);
		}

		case 'networks': {
			return objectsNaturalWidth(NETWORK_TABLE, selectNetworks(model.networks, filter), now);
		}
	}
}

function objectsNaturalWidth<T extends object>(table: ObjectTable<T>, items: readonly T[], now: number): number {
	return naturalWidth(table.columns, contentWidths(items, items, item => table.cells(item, now)));
}

/** The list of the pane in view, with its cursor. */
export function FocusedList({model, view, rows, width}: Props): React.JSX.Element {
	const pane = view.pane;
	const cursor = cursorIndex(visibleKeys(model, view, pane), view, pane);
	const focused = view.focus === 'list';
	const filter = view.filters[pane];
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
			return <ObjectList table={IMAGE_TABLE} items={selectImages(model.images, filter)} cursor={cursor} rows={rows} width={width} focused={focused} />;
		}

		case 'volumes': {
			return <ObjectList table={VOLUME_TABLE} items={selectVolumes(model.volumes, filter)} cursor={cursor} rows={rows} width={width} focused={focused} />;
		}

		case 'networks': {
			return <ObjectList table={NETWORK_TABLE} items={selectNetworks(model.networks, filter)} cursor={cursor} rows={rows} width={width} focused={focused} />;
		}
	}
}
