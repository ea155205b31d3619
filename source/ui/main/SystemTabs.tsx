import React from 'react';
import {Box, Text} from 'ink';
import {Table} from '@alcalzone/ink-table';
import type {DiskUsage, EngineKind} from '../../engine/types.js';
import {formatSize, sanitize} from '../../format/index.js';
import type {EngineInfo} from '../../store/model-store.js';
import {useApp} from '../app-context.js';
import {systemInfoLines} from './inspect-lines.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {useResource} from './use-resource.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';

/** How often the info and disk usage are read again while shown. */
export const SYSTEM_REFRESH_MS = 30_000;

interface Props {
	engine: EngineInfo;
	width: number;
	rows: number;
}

export function SystemInfoTab({engine: shown, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	const info = useResource(`${shown.endpoint} ${shown.version ?? ''}`, async () => engine.systemInfo(), SYSTEM_REFRESH_MS);
	if (info.status === 'loading') {
		return <Text {...tone.muted}>asking the engine{glyph.ellipsis}</Text>;
	}

	if (info.status === 'error') {
		return <Text {...tone.error}>info failed: {sanitize(info.error)}</Text>;
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
	const size = (bytes: number): string => (bytes < 0 ? 'n/a' : formatSize(bytes)).padStart(9);
	// Podman's answer here names images by tag alone and gives their layers no size.
	const podman: TextLine[] = kind === 'podman' ? [{text: 'podman reports images here without their repository and with shared sizes of 0: the Images pane has their names and sizes', tone: tone.warning}] : [];
	return [
		...podman,
		heading('Images'),
		...bySize(usage.images).map(image => ({
			text: sanitize(`  ${size(image.size)}  ${image.repository}:${image.tag}  unique ${image.uniqueSize < 0 ? 'n/a' : formatSize(image.uniqueSize)}, ${image.containers} containers`),
		})),
		heading('Containers'),
		...bySize(usage.containers).map(container => ({text: sanitize(`  ${size(container.size)}  ${container.name}  ${container.image}  ${container.status}`)})),
		heading('Local volumes'),
		...bySize(usage.volumes).map(volume => ({text: sanitize(`  ${size(volume.size)}  ${volume.name}  ${volume.links < 0 ? '' : `${volume.links} links`}`)})),
		heading('Build cache'),
		...bySize(usage.buildCache).map(entry => ({text: sanitize(`  ${size(entry.size)}  ${entry.type}  ${entry.description}${entry.inUse ? '  in use' : ''}`)})),
	];
}

export function DiskUsageTab({engine: shown, width, rows}: Props): React.JSX.Element {
	const {engine} = useApp();
	const usage = useResource(shown.endpoint, async () => engine.diskUsage(), SYSTEM_REFRESH_MS);
	if (usage.status === 'loading') {
		return <Text {...tone.muted}>counting (the engine walks every image, container and volume){glyph.ellipsis}</Text>;
	}

	if (usage.status === 'error') {
		return <Text {...tone.error}>disk usage failed: {sanitize(usage.error)}</Text>;
	}

	const summary = diskSummaryRows(usage.data);
	// The table takes a border line above each row and three more; the detail scrolls below it.
	const tableRows = summary.length * 2 + 3;
	if (rows < tableRows + 2) {
		// Too short for the table: the same figures as lines that scroll with the detail.
		const lines = summary.map(line => ({text: `${line.TYPE.padEnd(14)} ${line.TOTAL.padStart(5)} total, ${line.ACTIVE} active, ${line.SIZE}, reclaimable ${line.RECLAIMABLE}`}));
		return <ScrollText lines={[...lines, ...diskDetailLines(usage.data, shown.kind)]} width={width} rows={rows} />;
	}

	return (
		<Box flexDirection="column" width={width} height={rows}>
			<Table data={summary} />
			<ScrollText lines={diskDetailLines(usage.data, shown.kind)} width={width} rows={Math.max(1, rows - tableRows)} />
		</Box>
	);
}
