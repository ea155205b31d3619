import {formatPorts, sanitize} from '../../format/index.js';
import {t} from '../../i18n/translate.js';
import {driftOf, driftSummary, type DefinitionState} from '../../store/project-drift.js';
import {outdatedContainerIds, type ProjectRow} from '../../store/projects.js';
import type {ObjectTable} from './object-columns.js';
import {bareKey} from '../../format/engine-key.js';
import {ENGINE_COLUMN, engineCell} from './engine-column.js';
import {glyph} from '../glyphs.js';
import {tone} from '../theme.js';

/** What the projects list loaded besides the model: each project's definition from its files. */
export type Definitions = ReadonlyMap<string, DefinitionState>;

/** "checking…", "2 outdated · 1 not created", "in sync", or why it is not known. */
function projectDriftCell(row: Extract<ProjectRow, {kind: 'project'}>, definitions: Definitions | undefined): string {
	const state = definitions?.get(row.project.name);
	const drift = driftOf(row.project, state);
	if (drift) {
		return driftSummary(drift) || t('in sync');
	}

	return state?.status === 'error' ? t('unknown') : state ? `${t('checking')}${glyph.ellipsis}` : '';
}

function serviceDriftCell(row: Extract<ProjectRow, {kind: 'service'}>, definitions: Definitions | undefined): string {
	const drift = driftOf(row.project, definitions?.get(row.project.name));
	if (!drift) {
		return '';
	}

	if (drift.orphans.includes(row.service.name)) {
		return t('orphaned');
	}

	const outdated = outdatedContainerIds(drift);
	const stale = row.service.containers.filter(container => outdated.has(container.id)).length;
	return stale > 0 ? t('outdated {count}/{total}', {count: stale, total: row.service.containers.length}) : '';
}

export const PROJECT_TABLE: ObjectTable<ProjectRow, Definitions> = {
	columns: [
		{get title() { return t('PROJECT / SERVICE'); }, min: 14, max: 40},
		{get title() { return t('STATUS'); }, min: 10, max: 32},
		{get title() { return t('DRIFT'); }, min: 8, max: 32},
		{get title() { return t('IMAGE'); }, min: 10, max: 40, priority: 5},
		{get title() { return t('PORTS'); }, min: 10, max: 40, priority: 6},
		{get title() { return t('WORKING DIR'); }, min: 12, max: 60, priority: 9},
		ENGINE_COLUMN,
	],
	cells(row, _now, _model, definitions) {
		if (row.kind === 'project') {
			return [
				sanitize(bareKey(row.project.name)),
				row.project.total === 0 ? t('no replicas') : sanitize(row.project.status),
				projectDriftCell(row, definitions),
				'',
				'',
				sanitize(row.project.workingDir ?? ''),
				engineCell(row.project.name),
			];
		}

		const {service} = row;
		return [
			`${row.last ? glyph.treeLast : glyph.treeBranch} ${sanitize(service.name)}`,
			service.total === 0 ? t('{count} one-off', {count: service.oneOffs.length}) : t('{running}/{total} running', {running: service.running, total: service.total}),
			serviceDriftCell(row, definitions),
			sanitize(service.image),
			sanitize(formatPorts(service.ports)),
			'',
			'',
		];
	},
	key: row => row.key,
	glyph(row) {
		if (row.kind === 'project') {
			return {glyph: row.collapsed ? glyph.collapsed : glyph.expanded, tone: tone.accent};
		}

		const {running, total} = row.service;
		return running === 0 ? {glyph: glyph.square, tone: tone.exited} : running < total ? {glyph: glyph.half, tone: tone.paused} : {glyph: glyph.filled, tone: tone.running};
	},
	empty: () => t('no compose projects: containers made by docker compose (v1 or v2) are grouped here; n brings one up from a file'),
};
