import React from 'react';
import type {Engine} from '../../engine/types.js';
import {t} from '../../i18n/translate.js';
import {useApp} from '../app-context.js';
import {useNow} from '../hooks.js';
import {ScrollText, type TextLine} from './ScrollText.js';
import {useResource} from './use-resource.js';
import {ResourceNotice} from './ResourceNotice.js';

interface Props<T> {
	/** Says when the details are read again: the object's id with what of its row may change them. */
	detailsKey: string;
	inspect(engine: Engine): Promise<T>;
	/** The details as lines; `now` is for the ages among them. */
	lines(details: T, now: number): readonly TextLine[];
	width: number;
	rows: number;
}

/** An object's inspected details, read while shown, as scrollable text: every Inspect tab. */
export function DetailsTab<T>({detailsKey, inspect, lines, width, rows}: Props<T>): React.JSX.Element {
	const {engine} = useApp();
	const now = useNow(60_000);
	const details = useResource(detailsKey, async () => inspect(engine));
	if (details.status !== 'ready') {
		return <ResourceNotice state={details} loading={t('inspecting')} failed={reason => t('inspect failed: {reason}', {reason})} />;
	}

	return <ScrollText lines={lines(details.data, now)} width={width} rows={rows} />;
}
