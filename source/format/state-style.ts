import {sanitize} from './sanitize.js';

/** How a container state is drawn: a one-cell glyph, a colour Ink accepts, and a word. */
export interface StateStyle {
	glyph: string;
	color: string;
	label: string;
}

// Glyphs are one cell wide and present in common terminal fonts; colour is never the only cue.
const STATES: Record<string, StateStyle> = {
	created: {glyph: '○', color: 'cyan', label: 'created'},
	running: {glyph: '●', color: 'green', label: 'running'},
	paused: {glyph: '◐', color: 'yellow', label: 'paused'},
	restarting: {glyph: '↻', color: 'yellow', label: 'restarting'},
	removing: {glyph: '✕', color: 'gray', label: 'removing'},
	exited: {glyph: '■', color: 'gray', label: 'exited'},
	dead: {glyph: '✕', color: 'red', label: 'dead'},
};

const RUNNING_BY_HEALTH: Record<string, StateStyle> = {
	healthy: {glyph: '●', color: 'green', label: 'healthy'},
	starting: {glyph: '●', color: 'yellow', label: 'starting'},
	unhealthy: {glyph: '▲', color: 'red', label: 'unhealthy'},
};

/** Glyph, colour and label for a container state (and, while running, its health). */
export function stateStyle(state: string, health?: string): StateStyle {
	if (state === 'running' && health !== undefined) {
		const byHealth = RUNNING_BY_HEALTH[health];
		if (byHealth) {
			return byHealth;
		}
	}
	return STATES[state] ?? {glyph: '?', color: 'gray', label: sanitize(state)};
}

/** The 12-character short form of a container or image id, without its "sha256:" prefix. */
export function shortId(id: string): string {
	return (id.startsWith('sha256:') ? id.slice('sha256:'.length) : id).slice(0, 12);
}
