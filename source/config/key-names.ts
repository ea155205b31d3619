// The key names a config file may bind: exactly those source/actions/keys.ts produces from
// terminal input, so a binding can never name a key that berth will not see.
import {t} from '../i18n/translate.js';
import type {Field} from '../parse/field.js';
import {nearest} from './suggest.js';

/** Keys that arrive as escape sequences or control characters, by the name parseKeys() gives them. */
export const NAMED_KEYS: readonly string[] = [
	'up',
	'down',
	'left',
	'right',
	'home',
	'end',
	'insert',
	'delete',
	'pageup',
	'pagedown',
	'shift+tab',
	'enter',
	'tab',
	'backspace',
	'escape',
	'space',
];

/** Control letters a terminal sends as other keys: Ctrl-H is Backspace, Ctrl-I Tab, Ctrl-J and Ctrl-M Enter. */
const CTRL_AS: Readonly<Record<string, string>> = {h: 'backspace', i: 'tab', j: 'enter', m: 'enter'};

/** Ctrl and a letter, as terminals send them (a byte below 0x20), less the ones that arrive as other keys. */
export const CTRL_KEYS: readonly string[] = [...'abcdefghijklmnopqrstuvwxyz'].filter(letter => !(letter in CTRL_AS)).map(letter => `ctrl+${letter}`);

/** Names people write for keys, and berth's name for each. */
const ALIASES: Readonly<Record<string, string>> = {
	esc: 'escape',
	return: 'enter',
	ret: 'enter',
	pgup: 'pageup',
	pgdn: 'pagedown',
	pgdown: 'pagedown',
	'page-up': 'pageup',
	'page-down': 'pagedown',
	del: 'delete',
	ins: 'insert',
	bs: 'backspace',
	backtab: 'shift+tab',
	'shift-tab': 'shift+tab',
	arrowup: 'up',
	arrowdown: 'down',
	arrowleft: 'left',
	arrowright: 'right',
	' ': 'space',
};

const KNOWN = new Set([...NAMED_KEYS, ...CTRL_KEYS]);

/** One printable character: not a control, not space (which is "space"). */
function isPrintable(name: string): boolean {
	const chars = [...name];
	if (chars.length !== 1) {
		return false;
	}
	const code = name.codePointAt(0)!;
	return code > 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f);
}

/** What the user probably meant by a key name berth does not know. */
function meant(name: string): string | undefined {
	const lower = name.toLowerCase();
	if (Object.hasOwn(ALIASES, lower)) {
		return ALIASES[lower];
	}
	// Ctrl written the ways other programs write it: C-c, ^C, Ctrl-C, control+c.
	const ctrl = /^(?:c-|\^|ctrl-|ctrl\+|control-|control\+)(.)$/i.exec(name);
	if (ctrl) {
		const letter = ctrl[1]!.toLowerCase();
		return CTRL_AS[letter] ?? (KNOWN.has(`ctrl+${letter}`) ? `ctrl+${letter}` : undefined);
	}
	return nearest(name, KNOWN);
}

/** A key name as the registry spells it, or why it is not one (in the user's language). */
export function checkKey(name: string): Field<string> {
	if (KNOWN.has(name) || isPrintable(name)) {
		return {value: name};
	}
	if (/^f\d{1,2}$/i.test(name)) {
		return {error: t('{name} is a function key, which berth does not read; use a letter, Ctrl and a letter, or a named key', {name})};
	}
	const ctrl = /^ctrl\+(.)$/.exec(name);
	if (ctrl && CTRL_AS[ctrl[1]!]) {
		return {error: t('{name} arrives as {key} in a terminal: bind {key} instead', {name, key: CTRL_AS[ctrl[1]!]!})};
	}
	const guess = meant(name);
	const values = {name, guess: guess ?? '', named: NAMED_KEYS.join(', ')};
	return {
		error:
			guess === undefined
				? t('"{name}" is not a key (keys are one character such as s or S, ctrl+ and a letter, or one of {named})', values)
				: t('"{name}" is not a key; did you mean {guess}? (keys are one character such as s or S, ctrl+ and a letter, or one of {named})', values),
	};
}
