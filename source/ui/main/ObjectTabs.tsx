import React from 'react';
import {Text} from 'ink';
import type {NetworkSummary, VolumeSummary} from '../../engine/types.js';
import {sanitize} from '../../format/index.js';
import {useApp} from '../app-context.js';
import {t} from '../../i18n/translate.js';
import {useNow} from '../hooks.js';
import {networkInspectLines, volumeInspectLines} from './inspect-lines.js';
import {ScrollText} from './ScrollText.js';
import {useResource} from './use-resource.js';
import {tone} from '../theme.js';
import {glyph} from '../glyphs.js';

interface Size {
	width: number;
	rows: number;
}

/** A volume's every field and the containers mounting it, read again when its users change. */
export function VolumeInspectTab({volume, users, width, rows}: Size & {volume: VolumeSummary; users: string}): React.JSX.Element {
	const {engine} = useApp();
	const now = useNow(60_000);
	const details = useResource(`${volume.name}\n${users}`, async () => engine.inspectVolume(volume.name));
	if (details.status === 'loading') {
		return (
			<Text {...tone.muted}>
				{t('inspecting')}
				{glyph.ellipsis}
			</Text>
		);
	}

	if (details.status === 'error') {
		return <Text {...tone.error}>{t('inspect failed: {reason}', {reason: sanitize(details.error)})}</Text>;
	}

	return <ScrollText lines={volumeInspectLines(details.data, now)} width={width} rows={rows} />;
}

/** A network's attached containers with their addresses, its IPAM and options, read again when its containers change. */
export function NetworkInspectTab({network, users, width, rows}: Size & {network: NetworkSummary; users: string}): React.JSX.Element {
	const {engine} = useApp();
	const now = useNow(60_000);
	const details = useResource(`${network.id}\n${users}`, async () => engine.inspectNetwork(network.id));
	if (details.status === 'loading') {
		return (
			<Text {...tone.muted}>
				{t('inspecting')}
				{glyph.ellipsis}
			</Text>
		);
	}

	if (details.status === 'error') {
		return <Text {...tone.error}>{t('inspect failed: {reason}', {reason: sanitize(details.error)})}</Text>;
	}

	return <ScrollText lines={networkInspectLines(details.data, now)} width={width} rows={rows} />;
}
