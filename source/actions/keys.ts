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
/** A mouse report in SGR form (mode 1006): ESC [ < button ; column ; row, then M for a press, m for a release. */
const SGR_MOUSE = /^\u001B\[<(\d+);(\d+);(\d+)([Mm])/;
/** A mouse report in the older form (terminals without mode 1006): ESC [ M and three bytes, each 32 more than its value. */
const X10_MOUSE = /^\u001B\[M[^]{3}/;
/**
 * The start of an escape sequence that the rest of has not arrived yet: over SSH one report can be
 * cut across two reads, and its pieces must not be taken for keys.
 */
const UNFINISHED = /^\u001B(?:\[[\u0030-\u003F]*[\u0020-\u002F]*|\[M[^]{0,2}|O)?$/;
/** Input that begins with one whole escape sequence of any kind berth reads. */
const WHOLE_SEQUENCE = new RegExp(`${[SGR_MOUSE, X10_MOUSE, CSI, SS3].map(pattern => `(?:${pattern.source})`).join('|')}`);
/** The first part of an SGR mouse report, which no one types. */
const SGR_MOUSE_START = /^\u001B\[<[\d;]*$/;
/** Longer than any sequence berth reads: what has not ended by then never will. */
const LONGEST_SEQUENCE = 32;

/** A click, a release or a turn of the wheel, at a cell counted from 0 at the top left. */
export interface MouseEvent {
	kind: 'press' | 'release' | 'wheel';
	/** The button pressed or released; for the wheel, which way it turned. */
	button: 'left' | 'middle' | 'right' | 'up' | 'down' | 'other';
	x: number;
	y: number;
}

export type InputEvent = ({type: 'key'} & KeyPress) | ({type: 'mouse'} & MouseEvent);

const BUTTONS = ['left', 'middle', 'right'] as const;
/** Bits of the button number: modifiers (shift 4, alt 8, ctrl 16), motion (32), wheel (64), extra buttons (128). */
const MOTION = 32;
const WHEEL = 64;
const EXTRA = 128;

function mouseEvent(code: number, column: number, row: number, released: boolean): MouseEvent | undefined {
	if (column < 1 || row < 1 || (code & MOTION) !== 0) {
		return undefined;
	}

	const at = {x: column - 1, y: row - 1};
	if ((code & (WHEEL | EXTRA)) === WHEEL) {
		const wheel = code & 3;
		// 66 and 67 are a sideways wheel, which berth has no use for.
		return wheel < 2 ? {kind: 'wheel', button: wheel === 0 ? 'up' : 'down', ...at} : undefined;
	}

	const button = (code & EXTRA) === 0 ? BUTTONS[code & 3] : undefined;
	// The older form says "released" (3) without saying which button.
	return {kind: released || (code & 3) === 3 ? 'release' : 'press', button: button ?? 'other', ...at};
}

/** The key a plain character (or control character) is. */
function characterKey(character: string): KeyPress {
	const control = CONTROLS[character];
	const code = character.codePointAt(0)!;
	if (control) {
		return {name: control, text: character === ' ' ? ' ' : ''};
	}

	return code < 0x20 ? {name: `ctrl+${String.fromCodePoint(code + 0x60)}`, text: ''} : {name: character, text: character};
}

/**
 * Splits terminal input into keys and mouse events. Over a slow link several keys arrive in one
 * chunk (a held arrow key, fast typing, a paste), so every key must be found, not just the first.
 * Esc followed by a character reads as the two keys: berth has no Alt bindings. An escape
 * sequence cut off at the end is returned as `rest`, for the next chunk to complete.
 */
export function parseInput(text: string): {events: InputEvent[]; rest: string} {
	const events: InputEvent[] = [];
	let rest = text;
	while (rest.length > 0) {
		if (rest.length < LONGEST_SEQUENCE && UNFINISHED.test(rest)) {
			return {events, rest};
		}

		const sgr = SGR_MOUSE.exec(rest);
		const x10 = sgr ? undefined : X10_MOUSE.exec(rest);
		if (sgr || x10) {
			const [code, column, row] = sgr ? [sgr[1], sgr[2], sgr[3]].map(Number) : [...x10![0].slice(3)].map(byte => byte.codePointAt(0)! - 32);
			const mouse = mouseEvent(code!, column!, row!, sgr?.[4] === 'm');
			if (mouse) {
				events.push({type: 'mouse', ...mouse});
			}

			rest = rest.slice((sgr ?? x10)![0].length);
			continue;
		}

		const sequence = CSI.exec(rest)?.[0] ?? SS3.exec(rest)?.[0];
		if (sequence) {
			const name = SEQUENCES[sequence.slice(1)];
			if (name) {
				events.push({type: 'key', name, text: ''});
			}

			rest = rest.slice(sequence.length);
			continue;
		}

		const character = String.fromCodePoint(rest.codePointAt(0)!);
		rest = rest.slice(character.length);
		events.push({type: 'key', ...characterKey(character)});
	}

	return {events, rest: ''};
}

/** The keys in a whole piece of input, such as a test types: mouse reports are left out. */
export function parseKeys(chunk: string): KeyPress[] {
	const {events, rest} = parseInput(chunk);
	return [...events, ...unfinishedKeys(rest)].flatMap(event => (event.type === 'key' ? [{name: event.name, text: event.text}] : []));
}

/**
 * What an escape sequence cut off for good stands for: a lone Esc is the Escape key (and Esc O the
 * two keys); anything begun with ESC [ was a sequence and never becomes keys.
 */
function unfinishedKeys(rest: string): InputEvent[] {
	return rest === '' || rest.startsWith('\u001B[') ? [] : [...rest].map((character): InputEvent => ({type: 'key', ...characterKey(character)}));
}

/** How long a lone Esc waits for the rest of a sequence it may begin before it is the Escape key. */
export const ESCAPE_WAIT_MS = 50;

/** Held input that time settles: a lone Esc (or Esc O); a sequence begun with ESC [ ends only with its final byte. */
const settlesByWaiting = (pending: string): boolean => pending !== '' && !pending.startsWith('\u001B[');

/**
 * Reads a terminal's input chunk by chunk: a sequence cut across two chunks is held until its
 * rest comes. Only a lone Esc is settled by time (`flush()` after ESCAPE_WAIT_MS): a report cut
 * after its ESC [ waits for its rest however late it comes, and none of it becomes keys.
 */
export class InputReader {
	#pending = '';

	/** The events complete so far; `waiting` when a lone Esc is held, to be flushed after ESCAPE_WAIT_MS. */
	feed(chunk: string): {events: InputEvent[]; waiting: boolean} {
		// A held Esc joins the next chunk only when the two make one whole sequence, or the start of a
		// mouse report: a user who types Esc and then [ quickly pressed two keys, and must not start a
		// sequence that swallows the keys after it.
		const joined = this.#pending + chunk;
		const held = settlesByWaiting(this.#pending) && !WHOLE_SEQUENCE.test(joined) && !SGR_MOUSE_START.test(joined) ? unfinishedKeys(this.#pending) : [];
		const {events, rest} = parseInput(held.length > 0 ? chunk : joined);
		this.#pending = rest;
		return {events: [...held, ...events], waiting: settlesByWaiting(rest)};
	}

	/** A held lone Esc, taken as the key now that nothing followed it. */
	flush(): InputEvent[] {
		if (!settlesByWaiting(this.#pending)) {
			return [];
		}

		const events = unfinishedKeys(this.#pending);
		this.#pending = '';
		return events;
	}
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
