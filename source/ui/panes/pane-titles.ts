import type {ModelState} from '../../store/model-store.js';
import {isUp} from '../../store/selectors.js';
import type {PaneId, ViewState} from '../../store/view-store.js';

export const PANE_TITLES: Readonly<Record<PaneId, string>> = {
	containers: 'Containers',
	images: 'Images',
	volumes: 'Volumes',
	networks: 'Networks',
};

/** "3/12 up" for containers, the count for the others, and the filter when one is set. */
export function paneCount(model: ModelState, view: ViewState, pane: PaneId): string {
	let count: string;
	if (pane === 'containers') {
		let up = 0;
		for (const container of model.containers.values()) {
			up += Number(isUp(container));
		}

		count = `${up}/${model.containers.size} up${view.showStopped ? '' : ', stopped hidden'}`;
	} else {
		count = String(model[pane].length);
	}

	return view.filters[pane] === '' ? count : `${count}, filter "${view.filters[pane]}"`;
}
