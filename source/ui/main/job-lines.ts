import {formatSize, localDuration, pad, sanitize} from '../../format/index.js';
import {t} from '../../i18n/translate.js';
import type {Job, LayerState} from '../../store/jobs.js';
import {jobProgress} from '../panes/object-columns.js';
import type {TextLine} from './ScrollText.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';
import type {ColorRole} from '../../config/colors.js';

const BAR = 20;

/** `[#######.............]` for a share of work, or blanks when the total is unknown. */
function bar(current: number | undefined, total: number | undefined): string {
	if (!total || current === undefined) {
		return ' '.repeat(BAR + 2);
	}

	const filled = Math.max(0, Math.min(BAR, Math.round((BAR * current) / total)));
	return `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}]`;
}

function layerLine(layer: LayerState): TextLine {
	const amount = layer.total ? `${formatSize(layer.current ?? 0)}/${formatSize(layer.total)}` : '';
	return {text: `  ${pad(sanitize(layer.id).slice(0, 12), 12)} ${pad(sanitize(layer.status), 22)} ${bar(layer.current, layer.total)} ${amount}`};
}

/** How a job stands, in the user's language. */
function statusWord(status: Job['status']): string {
	switch (status) {
		case 'running': {
			return t('running');
		}

		case 'done': {
			return t('done');
		}

		case 'failed': {
			return t('failed');
		}

		case 'cancelled': {
			return t('cancelled');
		}
	}
}

const STATUS_ROLES: Readonly<Record<Job['status'], ColorRole>> = {running: 'warning', done: 'success', failed: 'error', cancelled: 'muted'};

/** The head of a job's view: what it is, how it stands, its command line, and its layers. */
export function jobHead(job: Job, now: number): TextLine[] {
	const took = localDuration((job.ended ?? now) - job.started);
	const lines: TextLine[] = [
		{text: `${sanitize(job.title)} ${glyph.separator} ${statusWord(job.status)} ${glyph.separator} ${took}`, bold: true, tone: tone[STATUS_ROLES[job.status]]},
		{text: `$ ${sanitize(job.command)}`, dim: true},
		{text: jobProgress(job), tone: job.status === 'failed' ? tone.error : undefined},
	];
	if (job.bytes && job.status === 'running') {
		lines.push({text: `  ${bar(job.bytes.current, job.bytes.total)} ${formatSize(job.bytes.current)}${job.bytes.total ? `/${formatSize(job.bytes.total)}` : ''}`});
	}

	return [...lines, ...job.layers.map(layer => layerLine(layer))];
}

/** Its output lines, the oldest first, with a note of those dropped to keep the bound. */
export function jobOutput(job: Job): TextLine[] {
	const lines = job.lines.map(line => ({text: sanitize(line)}));
	return job.droppedLines > 0 ? [{text: t('({count} earlier lines not kept)', {count: job.droppedLines}), dim: true}, ...lines] : lines;
}
