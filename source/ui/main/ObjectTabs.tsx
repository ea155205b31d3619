import React from 'react';
import type {NetworkSummary, VolumeSummary} from '../../engine/types.js';
import {networkInspectLines, volumeInspectLines} from './inspect-lines.js';
import {DetailsTab} from './DetailsTab.js';

interface Size {
	width: number;
	rows: number;
}

/** A volume's every field and the containers mounting it, read again when its users change. */
export function VolumeInspectTab({volume, users, width, rows}: Size & {volume: VolumeSummary; users: string}): React.JSX.Element {
	return <DetailsTab detailsKey={`${volume.name}\n${users}`} inspect={async engine => engine.inspectVolume(volume.name)} lines={volumeInspectLines} width={width} rows={rows} />;
}

/** A network's attached containers with their addresses, its IPAM and options, read again when its containers change. */
export function NetworkInspectTab({network, users, width, rows}: Size & {network: NetworkSummary; users: string}): React.JSX.Element {
	return <DetailsTab detailsKey={`${network.id}\n${users}`} inspect={async engine => engine.inspectNetwork(network.id)} lines={networkInspectLines} width={width} rows={rows} />;
}
