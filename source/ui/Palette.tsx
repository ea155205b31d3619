import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import {shownEntries} from '../actions/palette-keys.js';
import {pad, sanitize} from '../format/index.js';
import type {ModelState} from '../store/model-store.js';
import type {PaletteState} from '../store/view-store.js';
import {useApp} from './app-context.js';
import {box, glyph} from './glyphs.js';
import {tone} from './theme.js';
import {t} from '../i18n/translate.js';

interface Props {
	palette: PaletteState;
	/** Redraws when the objects listed change. */
	model: ModelState;
	recent: readonly string[];
	width: number;
	rows: number;
}

/** Width of the key column: the longest key label ("Ctrl-Y", "S-Tab") and a space. */
const KEY_WIDTH = 7;

/** The `:` palette: what is typed, then the entries it finds, best first, each with its key. */
export function Palette({palette, model, recent, width, rows}: Props): React.JSX.Element {
	const ctx = useApp();
	// Worked out when the text, the objects or the recent list change, not on every frame.
	const entries = useMemo(() => shownEntries(ctx, palette), [ctx, palette, model.containers, model.images, model.volumes, model.networks, recent]);
	// The border takes two rows, the prompt and the hint one each.
	const fit = Math.max(1, rows - 4);
	const start = Math.max(0, Math.min(palette.index - Math.floor(fit / 2), entries.length - fit));
	return (
		<Box flexDirection="column" borderStyle={box.round} borderColor={tone.accent.color} width={width} height={rows} paddingX={1}>
			<Text wrap="truncate">
				<Text {...tone.accent}>:</Text>
				{palette.text}
				<Text inverse> </Text>
				<Text {...tone.muted}>{`  ${t('{count} found', {count: entries.length})}`}</Text>
			</Text>
			{entries.slice(start, start + fit).map((entry, offset) => (
				<Text key={entry.id} inverse={start + offset === palette.index} wrap="truncate">
					<Text {...tone.accent}>{pad(entry.key ?? '', KEY_WIDTH)}</Text>
					{sanitize(entry.title)}
				</Text>
			))}
			<Box flexGrow={1} />
			<Text {...tone.muted} wrap="truncate">
				{[t('type to find'), `${glyph.up}${glyph.down} ${t('choose')}`, t('Enter runs'), t('Esc leaves')].join(` ${glyph.separator} `)}
			</Text>
		</Box>
	);
}
