import type {ComposeCli} from '../../engine/types.js';
import {bareKey} from '../../format/engine-key.js';
import {formatPorts, pad, sanitize, textWidth} from '../../format/index.js';
import {wrapToFit} from '../../format/prose.js';
import {t} from '../../i18n/translate.js';
import {driftOf, driftSummary, type DefinitionState} from '../../store/project-drift.js';
import {outdatedContainerIds, type ComposeProject, type ComposeService} from '../../store/projects.js';
import type {TextLine} from './ScrollText.js';
import {liveStatus} from '../panes/container-columns.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import {stateLook} from '../state-look.js';

export interface ProjectView {
	project: ComposeProject;
	/** Only this service, for a service row. */
	service?: string;
	definition?: DefinitionState;
	cli: ComposeCli | undefined | 'unknown';
	/** The compose CLI's words when there is none. */
	missingMessage: string;
	width: number;
	now: number;
}

/** A label (in the user's language) and its value, the values lined up in one column. */
function field(name: string, value: string): TextLine {
	return {text: `${pad(name, Math.max(14, textWidth(name) + 1))}${value}`};
}

function wrapped(text: string, width: number, style: Omit<TextLine, 'text'>): TextLine[] {
	return wrapToFit(text, Math.max(10, width)).map(piece => ({...style, text: piece}));
}

function serviceLines(service: ComposeService, outdated: ReadonlySet<string>, orphan: boolean, now: number): TextLine[] {
	const state = service.running === 0 ? stateLook('exited') : stateLook('running');
	const replicas = service.total === 0 ? t('no replicas') : t('{running}/{total} running', {running: service.running, total: service.total});
	const ports = formatPorts(service.ports);
	const lines: TextLine[] = [
		{
			text: [`${state.glyph} ${sanitize(service.name)}`, replicas, sanitize(service.image), ...(ports ? [sanitize(ports)] : []), ...(orphan ? [t('orphaned (not in the files)')] : [])].join(` ${glyph.separator} `),
			bold: true,
		},
	];
	for (const container of [...service.containers, ...service.oneOffs]) {
		const look = stateLook(container.state, container.health);
		const notes = [service.oneOffs.includes(container) ? t('one-off') : '', outdated.has(container.id) ? t('outdated (up recreates it)') : ''].filter(Boolean).join(` ${glyph.separator} `);
		lines.push({
			// Docker's status ("Up 3 minutes", "Exited (0) …") says the state in its own words.
			text: `    ${look.glyph} ${sanitize(container.name)}  ${sanitize(liveStatus(container, now))}${notes ? `  ${notes}` : ''}`,
			tone: outdated.has(container.id) ? tone.warning : look.tone === tone.running || look.tone === tone.healthy ? undefined : look.tone,
		});
	}

	return lines;
}

/** The Services tab: the project's status, directory, files and drift, then each service with its containers. */
export function projectLines(view: ProjectView): TextLine[] {
	const {project, definition} = view;
	const drift = driftOf(project, definition);
	const lines: TextLine[] = [
		{
			text: [
				sanitize(bareKey(project.name)),
				project.total === 0 ? t('no replicas') : sanitize(project.status),
				t('{running}/{total} running', {running: project.running, total: project.total}),
			].join(` ${glyph.separator} `),
			bold: true,
		},
		field(t('directory'), project.workingDir === undefined ? t('not labelled') : sanitize(project.workingDir)),
		field(t('config files'), project.configFiles.length === 0 ? t('not labelled') : sanitize(project.configFiles.join(', '))),
	];

	const driftLabel = t('drift');
	if (view.cli === undefined) {
		lines.push(field(driftLabel, t('unknown: no compose CLI')), ...wrapped(view.missingMessage, view.width, {tone: tone.warning}));
	} else if (drift) {
		const summary = driftSummary(drift) || t('in sync with the config files');
		lines.push(field(driftLabel, definition?.status === 'loading' ? `${summary} ${t('(checking again{ellipsis})', {ellipsis: glyph.ellipsis})}` : summary));
	} else if (definition?.status === 'error') {
		lines.push(field(driftLabel, t('unknown: the config files could not be read')), ...wrapped(sanitize(definition.error), view.width, {dim: true}));
	} else {
		lines.push(field(driftLabel, `${t('checking the config files')}${glyph.ellipsis}`));
	}

	if (view.cli !== undefined && view.cli !== 'unknown') {
		lines.push(field('compose', `${view.cli.command.join(' ')} ${sanitize(view.cli.version)} (${view.cli.kind})`));
	}

	lines.push({text: ''});
	const outdated = drift ? outdatedContainerIds(drift) : new Set<string>();
	for (const service of project.services) {
		if (view.service === undefined || service.name === view.service) {
			lines.push(...serviceLines(service, outdated, drift?.orphans.includes(service.name) ?? false, view.now));
		}
	}

	for (const name of drift?.missing ?? []) {
		if (view.service === undefined) {
			lines.push({text: `${glyph.circle} ${sanitize(name)} ${glyph.separator} ${t('not created (up creates it)')}`, tone: tone.created});
		}
	}

	return lines;
}
