import React from 'react';
import {Text} from 'ink';
import {sanitize} from '../../format/index.js';
import type {ResourceState} from '../../store/resource.js';
import {glyph} from '../glyphs.js';
import {tone} from '../theme.js';

interface Props {
	state: Exclude<ResourceState<unknown>, {status: 'ready'}>;
	/** What is being done while it loads, in the user's language. */
	loading: string;
	/** The failure's message around the engine's (sanitised) reason. */
	failed: (reason: string) => string;
}

/** What a tab shows while its data loads, or in its place when loading failed. */
export function ResourceNotice({state, loading, failed}: Props): React.JSX.Element {
	if (state.status === 'loading') {
		return (
			<Text {...tone.muted}>
				{loading}
				{glyph.ellipsis}
			</Text>
		);
	}

	return <Text {...tone.error}>{failed(sanitize(state.error))}</Text>;
}
