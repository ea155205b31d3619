import {sanitize} from './sanitize.js';

/** The states a container is drawn as; each has a glyph (ui/glyphs.ts) and a colour role of the same name. */
export type StateKind = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'healthy' | 'starting' | 'unhealthy' | 'unknown';

/** How a container state is drawn: which kind of state (its glyph and colour), and a word. */
export interface StateStyle {
	kind: StateKind;
	label: string;
}

const STATES = new Set<string>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
const HEALTH = new Set<string>(['healthy', 'starting', 'unhealthy']);

/** The kind and label of a container state (and, while running, its health). */
export function stateStyle(state: string, health?: string): StateStyle {
	if (state === 'running' && health !== undefined && HEALTH.has(health)) {
		return {kind: health as StateKind, label: health};
	}
	return STATES.has(state) ? {kind: state as StateKind, label: state} : {kind: 'unknown', label: sanitize(state)};
}

/** The 12-character short form of a container or image id, without its "sha256:" prefix. */
export function shortId(id: string): string {
	return (id.startsWith('sha256:') ? id.slice('sha256:'.length) : id).slice(0, 12);
}
