// Arrows are drawn from the active glyph set: ASCII on a plain console.
import {glyph} from '../ui/glyphs.js';

/** One key out of the terminal's input: its name as the registry spells it, and the text it types. */
export interface KeyPress {
	/** "up", "enter", "shift+tab", "ctrl+c", "space", "escape", or the character itself ("s", "S", "/"). */
	name: string;
	/** What the key types into a text field: the character, or '' for keys that type nothing. */
	text: string;
}

const SEQUENCES: Readonly<Record<string, string>> = {
	'[A': 'up',
	'[B': 'down',
	'[C': 'right',
	'[D': 'left',
	OA: 'up',
	OB: 'down',
	OC: 'right',
	OD: 'left',
	'[H': 'home',
	'[F': 'end',
	OH: 'home',
	OF: 'end',
	'[1~': 'home',
	'[7~': 'home',
	'[4~': 'end',
	'[8~': 'end',
	'[2~': 'insert',
	'[3~': 'delete',
	'[5~': 'pageup',
	'[6~': 'pagedown',
	'[Z': 'shift+tab',
};

const CONTROLS: Readonly<Record<string, string>> = {
	'\r': 'enter',
	'\n': 'enter',
	'\t': 'tab',
	'\u007F': 'backspace',
	'\b': 'backspace',
	'\u001B': 'escape',
	' ': 'space',
};

/** CSI: ESC [ then parameter and intermediate bytes, then one final byte. */
const CSI = /^\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]/;
/** SS3: ESC O and one character (keypad and some terminals' arrows). */
const SS3 = /^\u001BO./;

/**
 * Splits one chunk of terminal input into keys. Over a slow link several keys arrive in one
 * chunk (a held arrow key, fast typing, a paste), so every key must be found, not just the first.
 * Esc followed by a character reads as the two keys: berth has no Alt bindings.
 */
export function parseKeys(chunk: string): KeyPress[] {
	const keys: KeyPress[] = [];
	let rest = chunk;
	while (rest.length > 0) {
		const sequence = CSI.exec(rest)?.[0] ?? SS3.exec(rest)?.[0];
		if (sequence) {
			const name = SEQUENCES[sequence.slice(1)];
			if (name) {
				keys.push({name, text: ''});
			}

			rest = rest.slice(sequence.length);
			continue;
		}

		const character = String.fromCodePoint(rest.codePointAt(0)!);
		rest = rest.slice(character.length);
		const control = CONTROLS[character];
		const code = character.codePointAt(0)!;
		if (control) {
			keys.push({name: control, text: character === ' ' ? ' ' : ''});
		} else if (code < 0x20) {
			keys.push({name: `ctrl+${String.fromCodePoint(code + 0x60)}`, text: ''});
		} else {
			keys.push({name: character, text: character});
		}
	}

	return keys;
}

/** How a key is written in help and hints. */
export function keyLabel(key: string): string {
	const labels: Record<string, string> = {
		up: glyph.up,
		down: glyph.down,
		left: glyph.left,
		right: glyph.right,
		pageup: 'PgUp',
		pagedown: 'PgDn',
		enter: 'Enter',
		escape: 'Esc',
		space: 'Space',
		tab: 'Tab',
		'shift+tab': 'S-Tab',
		home: 'Home',
		end: 'End',
	};
	if (key.startsWith('ctrl+')) {
		return `Ctrl-${key.slice(5).toUpperCase()}`;
	}

	return labels[key] ?? key;
}
