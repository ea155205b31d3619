import React from 'react';
import {Text} from 'ink';
import type {ModelState} from '../../store/model-store.js';
import {selectedKey} from '../../store/selectors.js';
import type {ViewState} from '../../store/view-store.js';
import {useNow} from '../hooks.js';
import {networkInfoLines, volumeInfoLines} from './inspect-lines.js';
import {ScrollText, type TextLine} from './ScrollText.js';

interface Props {
	model: ModelState;
	view: ViewState;
	width: number;
	rows: number;
}

function infoLines(model: ModelState, view: ViewState, now: number): TextLine[] | undefined {
	const key = selectedKey(model, view);
	switch (view.pane) {
		case 'volumes': {
			const volume = model.volumes.find(item => item.name === key);
			return volume && volumeInfoLines(volume, now);
		}

		case 'networks': {
			const network = model.networks.find(item => item.id === key);
			return network && networkInfoLines(network, now);
		}

		default: {
			return undefined;
		}
	}
}

/** What the list knows of the selected volume or network. */
export function InfoTab({model, view, width, rows}: Props): React.JSX.Element {
	const now = useNow(60_000);
	const lines = infoLines(model, view, now);
	return lines ? <ScrollText lines={lines} width={width} rows={rows} /> : <Text dimColor>nothing selected</Text>;
}
