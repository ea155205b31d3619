import {textWidth} from './width.js';

// Text from Docker or a container must never reach the terminal as control sequences:
// escape sequences are dropped whole, other controls are shown as control pictures.

/** Controls and bidirectional overrides: sanitize() changes these. */
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/**
 * Whether sanitize() changes anything in the text: a control, or half of a surrogate pair.
 * isWellFormed() finds the lone halves natively, three times as fast on 1 MB of CJK as a pattern
 * with lookarounds.
 */
function needsWork(text: string): boolean {
	return CONTROLS.test(text) || !text.isWellFormed();
}

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
const DEL = 0x7f;
const ST = 0x9c;
const C1_CSI = 0x9b;
const C1_OSC = 0x9d;
const C1_DCS = 0x90;
const C1_SOS = 0x98;
const C1_PM = 0x9e;
const C1_APC = 0x9f;

const NEWLINE_PICTURE = '\u2424';
const DEL_PICTURE = '\u2421';
const REPLACEMENT = '\ufffd';
const TAB_STOP = 8;

type Tabs = 'space' | 'expand';

// The readers below return the index where the text resumes after a sequence. The SGR parameters
// of the last CSI read are left here, not in an object per sequence: a coloured log line has
// several sequences, and log floods are made of such lines.
let sgrParams: string | undefined;

/**
 * CSI: parameter and intermediate bytes, then a final byte. Any other character ends it
 * unfinished, is kept, and is handled on its own, as a terminal would.
 */
function readCsi(text: string, from: number): number {
	let i = from;
	while (i < text.length) {
		const code = text.charCodeAt(i);
		if (code >= 0x20 && code <= 0x3f) {
			i++;
			continue;
		}
		if (code === 0x6d) {
			const params = text.slice(from, i);
			sgrParams = /^[\d;:]*$/.test(params) ? params : undefined;
			return i + 1;
		}
		return code >= 0x40 && code <= 0x7e ? i + 1 : i;
	}
	return i;
}

/**
 * OSC, DCS, SOS, PM and APC strings run to ST (ESC \ or 0x9C), or BEL for OSC. ESC, CAN and SUB
 * abort them and are then handled on their own; an unterminated string runs to the end.
 */
function readString(text: string, from: number, bellEnds: boolean): number {
	for (let i = from; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === ST || (bellEnds && code === BEL)) {
			return i + 1;
		}
		if (code === ESC) {
			return text.charCodeAt(i + 1) === 0x5c ? i + 2 : i;
		}
		if (code === CAN || code === SUB) {
			return i;
		}
	}
	return text.length;
}

/** The sequence an ESC at `at` starts. */
function readEscape(text: string, at: number): number {
	const code = text.charCodeAt(at + 1);
	switch (code) {
		case 0x5b: // [
			return readCsi(text, at + 2);
		case 0x5d: // ]
			return readString(text, at + 2, true);
		case 0x50: // P
		case 0x58: // X
		case 0x5e: // ^
		case 0x5f: // _
			return readString(text, at + 2, false);
	}
	// ESC, intermediate bytes, final byte: charset designations, ESC c (reset), ESC # 8 …
	let i = at + 1;
	while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) {
		i++;
	}
	const last = text.charCodeAt(i);
	return last >= 0x30 && last <= 0x7e ? i + 1 : i;
}

/** The sequence an 8-bit C1 control at `at` starts; other C1 controls are just dropped. */
function readC1(text: string, at: number, code: number): number {
	switch (code) {
		case C1_CSI:
			return readCsi(text, at + 1);
		case C1_OSC:
			return readString(text, at + 1, true);
		case C1_DCS:
		case C1_SOS:
		case C1_PM:
		case C1_APC:
			return readString(text, at + 1, false);
		default:
			return at + 1;
	}
}

// Control pictures: U+2400 + code for C0 controls, except that a newline shows as ␤.
const PICTURES = Array.from({length: 0x20}, (_, code) =>
	code === 0x0a ? NEWLINE_PICTURE : String.fromCharCode(0x2400 + code),
);

/**
 * The shared scanner: copies safe text, drops sequences (reporting SGR parameters with the
 * output offset they apply from), and replaces or drops every other unsafe character.
 */
function clean(text: string, tabs: Tabs, onSgr?: (params: string, offset: number) => void): string {
	// The output is appended to, which V8 keeps as a tree of pieces and copies once, when the text
	// is first read: collecting the pieces in an array and joining them took several times as
	// long on text dense with controls (1 MB: 80 ms against 10).
	let out = '';
	// Tab stops: `column` cells come before `sinceTab`, the output since the last tab, which is
	// measured only when the next tab comes.
	let column = 0;
	let sinceTab = '';
	let copied = 0;
	let i = 0;
	while (i < text.length) {
		const code = text.charCodeAt(i);
		if ((code >= 0x20 && code < DEL) || (code > 0x9f && code < 0x202a)) {
			i++;
			continue;
		}
		if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
			const low = text.charCodeAt(i + 1);
			if (low >= 0xdc00 && low <= 0xdfff) {
				i += 2;
				continue;
			}
		}
		const isBidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
		const isSurrogate = code >= 0xd800 && code <= 0xdfff;
		if (code > 0x9f && !isBidi && !isSurrogate) {
			i++;
			continue;
		}

		let piece = i > copied ? text.slice(copied, i) : '';
		if (isBidi) {
			i++;
		} else if (isSurrogate) {
			piece += REPLACEMENT;
			i++;
		} else if (code === ESC || (code >= 0x80 && code <= 0x9f)) {
			sgrParams = undefined;
			i = code === ESC ? readEscape(text, i) : readC1(text, i, code);
			if (sgrParams !== undefined && onSgr) {
				onSgr(sgrParams, out.length + piece.length);
			}
		} else if (code === 0x09) {
			if (tabs === 'space') {
				piece += ' ';
			} else {
				const width = column + textWidth(sinceTab + piece);
				const spaces = TAB_STOP - (width % TAB_STOP);
				column = width + spaces;
				out += piece + ' '.repeat(spaces);
				sinceTab = '';
				piece = '';
			}
			i++;
		} else {
			piece += code === DEL ? DEL_PICTURE : (PICTURES[code] ?? '');
			i++;
		}
		out += piece;
		if (tabs === 'expand') {
			sinceTab += piece;
		}
		copied = i;
	}
	return copied < text.length ? out + text.slice(copied) : out;
}

/**
 * Makes untrusted text safe for a one-line field: escape sequences (7-bit and 8-bit, also
 * unterminated ones) are removed, other controls become visible control pictures (a newline
 * is ␤), a tab becomes a space, C1 controls, bidi overrides and isolates are dropped, and
 * lone surrogates become U+FFFD.
 */
export function sanitize(text: string): string {
	return needsWork(text) ? clean(text, 'space') : text;
}

/** Style props in the shape Ink's <Text> takes (`dim` is its `dimColor`). */
export interface TextStyle {
	color?: string;
	backgroundColor?: string;
	bold?: boolean;
	dim?: boolean;
	italic?: boolean;
	underline?: boolean;
	inverse?: boolean;
}

/** A style applied to text[start, end) of a sanitized line, in UTF-16 code units. Styles are shared and frozen. */
export interface StyleRun {
	start: number;
	end: number;
	style: Readonly<TextStyle>;
}

export interface StyledLine {
	text: string;
	styles: StyleRun[];
}

const NAMED_COLORS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;

function hex(red: number, green: number, blue: number): string {
	return '#' + [red, green, blue].map(value => value.toString(16).padStart(2, '0')).join('');
}

function isByte(value: number): boolean {
	return Number.isInteger(value) && value >= 0 && value <= 255;
}

/** A 256-colour palette index as a colour Ink accepts; the first 16 keep the terminal's theme. */
export function paletteColor(index: number): string | undefined {
	if (!isByte(index)) {
		return undefined;
	}
	if (index < 8) {
		return NAMED_COLORS[index];
	}
	if (index < 16) {
		return `${NAMED_COLORS[index - 8]}Bright`;
	}
	if (index < 232) {
		const cube = index - 16;
		const level = (n: number): number => CUBE_LEVELS[n] ?? 0;
		return hex(level(Math.floor(cube / 36)), level(Math.floor(cube / 6) % 6), level(cube % 6));
	}
	const grey = 8 + (index - 232) * 10;
	return hex(grey, grey, grey);
}

/**
 * Reads an extended colour (after 38, 48 or 58): `5;n` or `2;r;g;b`. Returns the colour, if
 * valid, and how many values it used.
 */
function extendedColor(values: string[]): {color?: string; used: number} {
	// An empty value means 0, as terminals read it; a missing one makes the colour invalid.
	const number = (k: number): number => (values[k] === '' ? 0 : Number(values[k]));
	switch (values[0]) {
		case '5':
			return {color: paletteColor(number(1)), used: 2};
		case '2': {
			const [red, green, blue] = [number(1), number(2), number(3)];
			return {color: isByte(red) && isByte(green) && isByte(blue) ? hex(red, green, blue) : undefined, used: 4};
		}
		default:
			return {used: 0};
	}
}

function setColor(style: TextStyle, key: 'color' | 'backgroundColor', color: string | undefined): TextStyle {
	return color === undefined ? style : {...style, [key]: color};
}

function without(style: TextStyle, ...keys: Array<keyof TextStyle>): TextStyle {
	const next = {...style};
	for (const key of keys) {
		delete next[key];
	}
	return next;
}

/** Applies one SGR code; returns the new style and how many following parameters it consumed. */
function applyCode(style: TextStyle, code: number, rest: string[]): {style: TextStyle; used: number} {
	if (code >= 30 && code <= 37) {
		return {style: {...style, color: NAMED_COLORS[code - 30]}, used: 0};
	}
	if (code >= 40 && code <= 47) {
		return {style: {...style, backgroundColor: NAMED_COLORS[code - 40]}, used: 0};
	}
	if (code >= 90 && code <= 97) {
		return {style: {...style, color: `${NAMED_COLORS[code - 90]}Bright`}, used: 0};
	}
	if (code >= 100 && code <= 107) {
		return {style: {...style, backgroundColor: `${NAMED_COLORS[code - 100]}Bright`}, used: 0};
	}
	switch (code) {
		case 0:
			return {style: {}, used: 0};
		case 1:
			return {style: {...style, bold: true}, used: 0};
		case 2:
			return {style: {...style, dim: true}, used: 0};
		case 3:
			return {style: {...style, italic: true}, used: 0};
		case 4:
			return {style: {...style, underline: true}, used: 0};
		case 7:
			return {style: {...style, inverse: true}, used: 0};
		case 22:
			return {style: without(style, 'bold', 'dim'), used: 0};
		case 23:
			return {style: without(style, 'italic'), used: 0};
		case 24:
			return {style: without(style, 'underline'), used: 0};
		case 27:
			return {style: without(style, 'inverse'), used: 0};
		case 39:
			return {style: without(style, 'color'), used: 0};
		case 49:
			return {style: without(style, 'backgroundColor'), used: 0};
		case 38:
		case 48:
		case 58: {
			// 58 (underline colour) is not shown, but its values must not be read as codes.
			const {color, used} = extendedColor(rest);
			if (code === 58) {
				return {style, used};
			}
			return {style: setColor(style, code === 38 ? 'color' : 'backgroundColor', color), used};
		}
		default:
			return {style, used: 0};
	}
}

/** Applies an SGR parameter string (`1;38;5;208`, `38:2::255:0:0`, `4:3` …) to a style. */
function applySgr(style: TextStyle, params: string): TextStyle {
	const parts = params.split(';');
	let next = style;
	for (let k = 0; k < parts.length; k++) {
		const part = parts[k] ?? '';
		if (part.includes(':')) {
			// Colon form keeps a code's values together: 38:5:n, 38:2:[space]:r:g:b, 4:style.
			const [head = '', ...values] = part.split(':');
			const code = Number(head);
			if (code === 4) {
				next = values[0] === '0' ? without(next, 'underline') : {...next, underline: true};
			} else if (code === 38 || code === 48 || code === 58) {
				const rgb = values[0] === '2' && values.length >= 5 ? ['2', ...values.slice(2)] : values;
				next = applyCode(next, code, rgb).style;
			} else {
				next = applyCode(next, code, []).style;
			}
			continue;
		}
		const applied = applyCode(next, part === '' ? 0 : Number(part), parts.slice(k + 1));
		next = applied.style;
		k += applied.used;
	}
	return next;
}

const STYLE_KEYS: Array<keyof TextStyle> = ['color', 'backgroundColor', 'bold', 'dim', 'italic', 'underline', 'inverse'];

// Coloured logs repeat a few styles and switch between them constantly: each distinct style is
// one frozen object, and each (style, parameters) transition is worked out once. Both tables
// are bounded, since every truecolour value is a style of its own.
const STYLE_LIMIT = 1024;
const TRANSITION_LIMIT = 256;
const PLAIN: Readonly<TextStyle> = Object.freeze({});
const sharedStyles = new Map<string, Readonly<TextStyle>>([['', PLAIN]]);
const transitions = new WeakMap<Readonly<TextStyle>, Map<string, Readonly<TextStyle>>>();

function intern(style: TextStyle): Readonly<TextStyle> {
	const key = STYLE_KEYS.map(name => style[name] ?? '').join('|').replace(/^\|+$/, '');
	let shared = sharedStyles.get(key);
	if (shared === undefined) {
		if (sharedStyles.size >= STYLE_LIMIT) {
			sharedStyles.clear();
			sharedStyles.set('', PLAIN);
		}
		shared = Object.freeze(style);
		sharedStyles.set(key, shared);
	}
	return shared;
}

function afterSgr(style: Readonly<TextStyle>, params: string): Readonly<TextStyle> {
	let known = transitions.get(style);
	let next = known?.get(params);
	if (next === undefined) {
		next = intern(applySgr(style, params));
		if (known === undefined) {
			known = new Map();
			transitions.set(style, known);
		}
		if (known.size < TRANSITION_LIMIT) {
			known.set(params, next);
		}
	}
	return next;
}

/**
 * Sanitizes one log line like sanitize(), expanding tabs to 8-column stops and keeping the
 * colours and attributes of its SGR sequences, from a whitelisted subset, as runs over the
 * clean text. No escape sequence survives: the UI re-emits the styles itself.
 */
export function sanitizeLogLine(text: string): StyledLine {
	if (!needsWork(text)) {
		return {text, styles: []};
	}
	const runs: StyleRun[] = [];
	let style = PLAIN;
	let runStart = 0;
	const close = (end: number): void => {
		if (end <= runStart || style === PLAIN) {
			return;
		}
		const previous = runs[runs.length - 1];
		if (previous && previous.end === runStart && previous.style === style) {
			previous.end = end;
		} else {
			runs.push({start: runStart, end, style});
		}
	};
	const clear = clean(text, 'expand', (params, offset) => {
		const next = afterSgr(style, params);
		if (next === style) {
			return;
		}
		close(offset);
		style = next;
		runStart = offset;
	});
	close(clear.length);
	return {text: clear, styles: runs};
}
