import {formatBinary} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import {selectProjects} from '../../store/projects.js';
import {isUp, viewImages} from '../../store/selectors.js';
import type {PaneId, ViewState} from '../../store/view-store.js';
import {glyph} from '../glyphs.js';

export const PANE_TITLES: Readonly<Record<PaneId, string>> = {
	containers: 'Containers',
	images: 'Images',
	volumes: 'Volumes',
	networks: 'Networks',
	jobs: 'Jobs',
	system: 'System',
	projects: 'Projects',
};

/**
 * Total CPU and memory of the running containers that have a sample; when not all of them are
 * sampled (only those on screen are), it says how many the totals cover.
 */
export function metricTotals(model: ModelState): string {
	let running = 0;
	let sampled = 0;
	let cpu = 0;
	let memory = 0;
	for (const container of model.containers.values()) {
		if (container.state !== 'running') {
			continue;
		}

		running++;
		const latest = model.metrics.get(container.id)?.current;
		if (latest) {
			sampled++;
			cpu += latest.cpuPercent ?? 0;
			memory += latest.memoryUsage;
		}
	}

	if (sampled === 0) {
		return '';
	}

	const cover = sampled < running ? ` (${sampled} of ${running} running sampled)` : '';
	return ` ${glyph.separator} CPU ${cpu.toFixed(1)}% ${glyph.separator} MEM ${formatBinary(memory)}${cover}`;
}

/** "3/12 up" for containers, the count for the others, and the filter when one is set. */
export function paneCount(model: ModelState, view: ViewState, pane: PaneId): string {
	let count: string;
	if (pane === 'containers') {
		let up = 0;
		for (const container of model.containers.values()) {
			up += Number(isUp(container));
		}

		count = `${up}/${model.containers.size} up${view.showStopped ? '' : ', stopped hidden'}${metricTotals(model)}`;
	} else if (pane === 'jobs') {
		const running = model.jobs.filter(job => job.status === 'running').length;
		count = running > 0 ? `${running} running, ${model.jobs.length} in all` : String(model.jobs.length);
	} else if (pane === 'system') {
		count = model.engine.connection.status === 'connected' ? 'connected' : model.engine.connection.status;
	} else if (pane === 'projects') {
		const projects = selectProjects(model.containers);
		const running = projects.filter(project => project.running > 0).length;
		count = projects.length === 0 ? '0' : `${running}/${projects.length} up`;
	} else if (pane === 'images') {
		const shown = viewImages(model, view).length;
		const hidden = view.filters.images === '' ? model.images.length - shown : 0;
		count = hidden > 0 ? `${shown} (+${hidden} intermediate)` : String(shown);
	} else {
		count = String(model[pane].length);
	}

	return view.filters[pane] === '' ? count : `${count}, filter "${view.filters[pane]}"`;
}
