import type {PaneListProps} from './ListView.js';
import React from 'react';
import {viewVolumes} from '../../store/selectors.js';
import {useApp} from '../app-context.js';
import {useResource} from '../main/use-resource.js';
import {VOLUME_TABLE} from './object-columns.js';
import {ObjectList} from './ObjectList.js';

/** How often volume sizes are asked for while the pane is shown: the engine walks every volume to answer. */
export const VOLUME_USAGE_REFRESH_MS = 60_000;

type Props = PaneListProps;

/** The volumes list, with sizes from the engine's disk usage, asked for only while it is shown. */
export function VolumeList(props: Props): React.JSX.Element {
	const {engine} = useApp();
	// A volume added or removed changes the sizes to show, so the list's names are the key.
	const key = props.model.volumes.map(volume => volume.name).join('\n');
	const usage = useResource(key, async () => engine.volumeUsage(), VOLUME_USAGE_REFRESH_MS);
	const context = usage.status === 'ready' ? usage.data : usage.status === 'error' ? usage.data : undefined;
	return <ObjectList table={VOLUME_TABLE} items={viewVolumes(props.model, props.view)} context={context} {...props} />;
}
