import {formatBinary, textWidth} from '../../format/index.js';
import type {ModelState} from '../../store/model-store.js';
import {selectProjects} from '../../store/projects.js';
import {containerCounts, metricSums, viewImages} from '../../store/selectors.js';
import {paneNumber, type PaneId, type ViewState} from '../../store/view-store.js';
import {glyph} from '../glyphs.js';
import {swarmPaneCount} from './swarm-columns.js';
import {shownPanes} from '../../store/swarm-selectors.js';
import {connectionWord, engineTotals} from './engine-column.js';
import {t} from '../../i18n/translate.js';

/** Each pane's title, looked up when drawn in the language then in use. */
export const PANE_TITLES: Readonly<Record<PaneId, () => string>> = {
	containers: () => t('Containers'),
	images: () => t('Images'),
	volumes: () => t('Volumes'),
	networks: () => t('Networks'),
	jobs: () => t('Jobs'),
	system: () => t('System'),
	projects: () => t('Projects'),
	nodes: () => t('Nodes'),
	'swarm-services': () => t('Services'),
	stacks: () => t('Stacks'),
	secrets: () => t('Secrets'),
};

/**
 * Total CPU and memory of the running containers that have a sample; when not all of them are
 * sampled (only those on screen are), it says how many the totals cover.
 */
export function metricTotals(model: ModelState): string {
	const {running, sampled, cpu, memory} = metricSums(model.containers, model.metrics, model.metricsVersion);
	if (sampled === 0) {
		return '';
	}

	const cover = sampled < running ? ` ${t('({sampled} of {running} running sampled)', {sampled, running})}` : '';
	return ` ${glyph.separator} ${t('CPU {cpu}%', {cpu: cpu.toFixed(1)})} ${glyph.separator} ${t('MEM {memory}', {memory: formatBinary(memory)})}${cover}`;
}

/** "3/12 up" for containers, the count for the others, and the filter when one is set. */
export function paneCount(model: ModelState, view: ViewState, pane: PaneId): string {
	const filtered = (count: string): string => (view.filters[pane] === '' ? count : t('{count}, filter "{filter}"', {count, filter: view.filters[pane]}));
	if (pane === 'containers') {
		const {up} = containerCounts(model.containers);
		const summary = `${t('{up}/{count} up', {up, count: model.containers.size})}${engineTotals(model, pane)}${view.showStopped ? '' : t(', stopped hidden')}`;
		// The metric totals last: they are cut first when the title is too long, where a filter
		// that is cut off would leave a list that looks whole.
		return filtered(summary) + metricTotals(model);
	}

	let count: string;
	if (pane === 'jobs') {
		const running = model.jobs.filter(job => job.status === 'running').length;
		count = running > 0 ? t('{running} running, {count} in all', {running, count: model.jobs.length}) : String(model.jobs.length);
	} else if (pane === 'system') {
		count = connectionWord(model.engine.connection.status);
	} else if (pane === 'projects') {
		const projects = selectProjects(model.containers);
		const running = projects.filter(project => project.running > 0).length;
		count = projects.length === 0 ? '0' : t('{up}/{count} up', {up: running, count: projects.length});
	} else if (pane === 'images') {
		const shown = viewImages(model, view).length;
		const hidden = view.filters.images === '' ? model.images.length - shown : 0;
		count = hidden > 0 ? t('{shown} (+{hidden} intermediate)', {shown, hidden}) : String(shown);
	} else if (pane === 'volumes' || pane === 'networks') {
		count = String(model[pane].length);
	} else {
		count = swarmPaneCount(model, view, pane);
	}

	return filtered(count + engineTotals(model, pane));
}

/** A pane's tab in the stacked pane bar: its number key and title, and its count when it is the pane shown. */
export function paneBarLabel(model: ModelState, view: ViewState, pane: PaneId): string {
	const name = ` ${paneNumber(pane) ?? glyph.dot} ${PANE_TITLES[pane]()} `;
	return pane === view.pane ? `${name}${glyph.separator} ${paneCount(model, view, pane)} ` : name;
}

/**
 * The stacked pane bar's labels for `width` cells. When the pane shown would be cut off (the
 * swarm's panes make eleven), the others keep only their number key, so the one shown is seen.
 */
export function paneBarLabels(model: ModelState, view: ViewState, width: number): Array<{pane: PaneId; label: string}> {
	const full = shownPanes(model, view.pane).map(pane => ({pane, label: paneBarLabel(model, view, pane)}));
	const current = full.findIndex(item => item.pane === view.pane);
	if (full.slice(0, current + 1).reduce((sum, item) => sum + textWidth(item.label), 0) <= width) {
		return full;
	}

	return full.map(item => (item.pane === view.pane ? item : {pane: item.pane, label: ` ${paneNumber(item.pane) ?? glyph.dot} `}));
}
