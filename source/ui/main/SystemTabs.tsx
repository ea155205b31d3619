import React from 'react';
import {withEngine} from '../../engine/multi-engine.js';
import {Box} from 'ink';
import {Table} from '@alcalzone/ink-table';
import type {DiskUsage, EngineKind} from '../../engine/types.js';
import {formatSize, pad, sanitize} from '../../format/index.js';
import {t} from '../../i18n/translate.js';
import type {EngineInfo} from '../../store/model-store.js';
import {useApp} from '../app-context.js';
import {systemInfoLines} from './inspect-lines.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {useResource} from './use-resource.js';
import {ResourceNotice} from './ResourceNotice.js';
import {tone} from '../theme.js';

/** How often the info and disk usage are read again while shown. */
export const SYSTEM_REFRESH_MS = 30_000;

interface Props {
	engine: EngineInfo;
	width: number;
	rows: number;
}

export function SystemInfoTab({engine: shown, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	const info = useResource(`${shown.endpoint} ${shown.version ?? ''}`, async () => withEngine(shown.endpoint, async () => engine.systemInfo()), SYSTEM_REFRESH_MS);
	if (info.status !== 'ready') {
		return <ResourceNotice state={info} loading={t('asking the engine')} failed={reason => t('info failed: {reason}', {reason})} />;
	}

	return <ScrollText lines={systemInfoLines(info.data, shown)} width={width} rows={rows} />;
}

/** `docker system df`'s lines, as table rows. */
export function diskSummaryRows(usage: DiskUsage): Array<{TYPE: string; TOTAL: string; ACTIVE: string; SIZE: string; RECLAIMABLE: string}> {
	return usage.summary.map(line => ({
		TYPE: line.title,
		TOTAL: String(line.total),
		ACTIVE: String(line.active),
		SIZE: formatSize(line.size),
		RECLAIMABLE: `${formatSize(line.reclaimable)}${line.reclaimablePercent === undefined ? '' : ` (${line.reclaimablePercent}%)`}`,
	}));
}

/** `docker system df -v`'s detail, one line an object, largest first within each kind. */
export function diskDetailLines(usage: DiskUsage, kind?: EngineKind): TextLine[] {
	const bySize = <T extends {size: number}>(items: readonly T[]): T[] => [...items].sort((a, b) => b.size - a.size);
	const heading = (text: string): TextLine => ({text, bold: true, tone: tone.accent});
	const unknown = t('n/a');
	const size = (bytes: number): string => pad(bytes < 0 ? unknown : formatSize(bytes), 9, 'right');
	// Podman's answer here names images by tag alone and gives their layers no size.
	const podman: TextLine[] =
		kind === 'podman' ? [{text: t('podman reports images here without their repository and with shared sizes of 0: the Images pane has their names and sizes'), tone: tone.warning}] : [];
	return [
		...podman,
		heading(t('Images')),
		...bySize(usage.images).map(image => ({
			text: sanitize(
				`  ${size(image.size)}  ${image.repository}:${image.tag}  ${t('unique {size}, {count} containers', {size: image.uniqueSize < 0 ? unknown : formatSize(image.uniqueSize), count: image.containers})}`,
			),
		})),
		heading(t('Containers')),
		...bySize(usage.containers).map(container => ({text: sanitize(`  ${size(container.size)}  ${container.name}  ${container.image}  ${container.status}`)})),
		heading(t('Local volumes')),
		...bySize(usage.volumes).map(volume => ({text: sanitize(`  ${size(volume.size)}  ${volume.name}  ${volume.links < 0 ? '' : t('{count} links', {count: volume.links})}`)})),
		heading(t('Build cache')),
		...bySize(usage.buildCache).map(entry => ({text: sanitize(`  ${size(entry.size)}  ${entry.type}  ${entry.description}${entry.inUse ? `  ${t('in use')}` : ''}`)})),
	];
}

export function DiskUsageTab({engine: shown, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	const usage = useResource(shown.endpoint, async () => withEngine(shown.endpoint, async () => engine.diskUsage()), SYSTEM_REFRESH_MS);
	if (usage.status !== 'ready') {
		return <ResourceNotice state={usage} loading={t('counting (the engine walks every image, container and volume)')} failed={reason => t('disk usage failed: {reason}', {reason})} />;
	}

	const summary = diskSummaryRows(usage.data);
	// The table takes a border line above each row and three more; the detail scrolls below it.
	const tableRows = summary.length * 2 + 3;
	if (rows < tableRows + 2) {
		// Too short for the table: the same figures as lines that scroll with the detail.
		const lines = summary.map(line => ({
			text: `${pad(line.TYPE, 14)} ${t('{total} total, {active} active, {size}, reclaimable {reclaimable}', {total: pad(line.TOTAL, 5, 'right'), active: line.ACTIVE, size: line.SIZE, reclaimable: line.RECLAIMABLE})}`,
		}));
		return <ScrollText lines={[...lines, ...diskDetailLines(usage.data, shown.kind)]} width={width} rows={rows} />;
	}

	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Table data={summary} />
			<ScrollText lines={diskDetailLines(usage.data, shown.kind)} width={width} rows={Math.max(1, rows - tableRows)} />
		</Box>
	);
}
