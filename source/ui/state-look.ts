import {stateStyle, type StateKind} from '../format/index.js';
import {glyph, type Glyphs} from './glyphs.js';
import {tone, type Tone} from './theme.js';

/** A container state as the active theme and glyph set draw it. */
export interface StateLook {
	glyph: string;
	tone: Tone;
	label: string;
}

const STATE_GLYPHS: Readonly<Record<StateKind, keyof Glyphs>> = {
	created: 'circle',
	running: 'filled',
	paused: 'half',
	restarting: 'restarting',
	removing: 'cross',
	exited: 'square',
	dead: 'cross',
	healthy: 'filled',
	starting: 'filled',
	unhealthy: 'unhealthy',
	unknown: 'question',
};

/** Glyph, colour and word for a container state (and, while running, its health). */
export function stateLook(state: string, health?: string): StateLook {
	const {kind, label} = stateStyle(state, health);
	return {glyph: glyph[STATE_GLYPHS[kind]], tone: kind === 'unknown' ? tone.muted : tone[kind], label};
}
