// The active palette: how each colour role (source/config/colors.ts) is drawn. It is chosen once at
// start, before the first frame, and never changes while berth runs, so components read it as a
// plain object: `<Text {...tone.error}>` or `color={tone.accent.color}`.
import {COLOR_ROLES, type ColorRole, type ThemeName} from '../config/colors.js';
import {paletteColor} from '../format/index.js';

/** Text props in the shape Ink's <Text> takes. */
export interface Tone {
	readonly color?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
}

type Palette = Readonly<Record<ColorRole, Tone>>;

const DIM: Tone = {dimColor: true};
const BOLD: Tone = {bold: true};
const PLAIN: Tone = {};
const c = (color: string): Tone => ({color});

// The default: it reads on a dark and on a light background alike, since berth cannot know which it
// is drawn on without asking the terminal (a round trip before the first frame). So no cyan, yellow
// or white, which fade into white, and no blue or black, which sink into black: magenta marks what
// is berth's own (titles, keys), magenta in bold what needs a look, bold the help's headings, and
// the states keep green, red and grey, which read on both. Terminals whose palette is made for
// their background (Solarized and the like) draw these well too; `light` suits a white one best.
const DARK: Palette = {
	accent: c('magenta'),
	border: DIM,
	selection: PLAIN,
	muted: DIM,
	error: c('red'),
	warning: {color: 'magenta', bold: true},
	success: c('green'),
	running: c('green'),
	paused: c('magenta'),
	restarting: c('magenta'),
	created: c('blueBright'),
	exited: c('gray'),
	removing: c('gray'),
	dead: c('red'),
	healthy: c('green'),
	starting: c('magenta'),
	unhealthy: c('red'),
	marked: {color: 'magenta', bold: true},
	heading: BOLD,
	series1: c('magenta'),
	series2: c('green'),
	series3: c('blueBright'),
	series4: c('red'),
	series5: c('gray'),
	series6: PLAIN,
};

// For a white background: no yellow, white or cyan text, which fade into it; blue, which reads
// best on white, for what is berth's own.
const LIGHT: Palette = {
	...DARK,
	accent: c('blue'),
	warning: c('magenta'),
	paused: c('magenta'),
	restarting: c('magenta'),
	created: c('blue'),
	exited: c('blackBright'),
	removing: c('blackBright'),
	starting: c('magenta'),
	marked: c('magenta'),
	heading: c('blue'),
	series1: c('blue'),
	series3: c('magenta'),
	series4: c('red'),
	series5: c('black'),
	series6: c('red'),
};

// Bright colours and bold for what matters; nothing dimmed.
const HIGH_CONTRAST: Palette = {
	accent: {color: 'cyanBright', bold: true},
	border: c('whiteBright'),
	selection: PLAIN,
	muted: PLAIN,
	error: {color: 'redBright', bold: true},
	warning: {color: 'yellowBright', bold: true},
	success: c('greenBright'),
	running: c('greenBright'),
	paused: c('yellowBright'),
	restarting: c('yellowBright'),
	created: c('cyanBright'),
	exited: c('whiteBright'),
	removing: c('whiteBright'),
	dead: {color: 'redBright', bold: true},
	healthy: c('greenBright'),
	starting: c('yellowBright'),
	unhealthy: {color: 'redBright', bold: true},
	marked: {color: 'magentaBright', bold: true},
	heading: {color: 'yellowBright', bold: true},
	series1: c('cyanBright'),
	series2: c('greenBright'),
	series3: c('yellowBright'),
	series4: c('magentaBright'),
	series5: c('blueBright'),
	series6: c('redBright'),
};

// No colour at all: bold for what needs attention, dim for what matters less.
const MONOCHROME: Palette = {
	accent: BOLD,
	border: PLAIN,
	selection: PLAIN,
	muted: DIM,
	error: BOLD,
	warning: BOLD,
	success: PLAIN,
	running: PLAIN,
	paused: PLAIN,
	restarting: PLAIN,
	created: PLAIN,
	exited: DIM,
	removing: DIM,
	dead: BOLD,
	healthy: PLAIN,
	starting: PLAIN,
	unhealthy: BOLD,
	marked: BOLD,
	heading: BOLD,
	series1: PLAIN,
	series2: PLAIN,
	series3: PLAIN,
	series4: PLAIN,
	series5: PLAIN,
	series6: PLAIN,
};

export const THEMES: Readonly<Record<ThemeName, Palette>> = {dark: DARK, light: LIGHT, 'high-contrast': HIGH_CONTRAST, monochrome: MONOCHROME};

const ROLES = Object.keys(COLOR_ROLES) as ColorRole[];

/** The active palette. Filled by chooseTheme(); dark until then. */
export const tone: Record<ColorRole, Tone> = {...DARK};

/** The 16 ANSI colours as xterm draws them: what a 16-colour terminal is given for a colour it cannot show. */
const SIXTEEN: ReadonlyArray<readonly [string, number, number, number]> = [
	['black', 0, 0, 0],
	['red', 205, 0, 0],
	['green', 0, 205, 0],
	['yellow', 205, 205, 0],
	['blue', 0, 0, 238],
	['magenta', 205, 0, 205],
	['cyan', 0, 205, 205],
	['white', 229, 229, 229],
	['blackBright', 127, 127, 127],
	['redBright', 255, 0, 0],
	['greenBright', 0, 255, 0],
	['yellowBright', 255, 255, 0],
	['blueBright', 92, 92, 255],
	['magentaBright', 255, 0, 255],
	['cyanBright', 0, 255, 255],
	['whiteBright', 255, 255, 255],
];

/**
 * `color` as one of the 16 colour names: a 256-colour index or "#rrggbb" becomes the nearest of
 * them (the first 16 indexes are those colours themselves), a name stays.
 */
export function nearestOf16(color: string): string {
	const index = /^ansi256\((\d+)\)$/.exec(color);
	const value = index ? (paletteColor(Number(index[1])) ?? color) : color;
	if (!/^#[0-9a-f]{6}$/i.test(value)) {
		return value;
	}

	const [red, green, blue] = [1, 3, 5].map(start => Number.parseInt(value.slice(start, start + 2), 16)) as [number, number, number];
	let best = SIXTEEN[0]!;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of SIXTEEN) {
		const distance = (candidate[1] - red) ** 2 + (candidate[2] - green) ** 2 + (candidate[3] - blue) ** 2;
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}

	return best[0];
}

/**
 * Makes `name` the active theme, with `colors` (already parsed by parseColor: a colour name,
 * "ansi256(n)" or "#rrggbb") over it: a colour given for a role replaces the theme's look of it.
 * On a terminal of 16 colours (`sixteen`) those become the nearest of the 16: the colour library
 * reduces "#rrggbb" itself but would send a 256-colour index as it is, and the graphs, drawn
 * outside Ink, would send both. Call it once, before the first frame.
 */
export function chooseTheme(name: ThemeName, colors: Readonly<Partial<Record<ColorRole, string>>> = {}, sixteen = false): void {
	for (const role of ROLES) {
		const color = colors[role];
		tone[role] = color === undefined ? THEMES[name][role] : {color: sixteen ? nearestOf16(color) : color};
	}
}

const SGR_NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/**
 * The escape sequence that starts `color` (in the forms Ink takes), for text coloured outside Ink
 * (the graphs); '' for no colour. Ink leaves such sequences alone, and FORCE_COLOR=0 makes every
 * role colourless (cli.tsx picks monochrome then), so no colour leaks past --no-color.
 */
export function colorSequence(color: string | undefined): string {
	if (color === undefined) {
		return '';
	}
	const ansi256 = /^ansi256\((\d+)\)$/.exec(color);
	if (ansi256) {
		return `\u001B[38;5;${ansi256[1]}m`;
	}
	if (color.startsWith('#')) {
		const rgb = [1, 3, 5].map(start => Number.parseInt(color.slice(start, start + 2), 16));
		return `\u001B[38;2;${rgb.join(';')}m`;
	}
	const bright = color.endsWith('Bright') || color === 'gray' || color === 'grey';
	const base = color === 'gray' || color === 'grey' ? 'black' : color.replace(/Bright$/, '');
	const index = SGR_NAMES.indexOf(base);
	return index === -1 ? '' : `\u001B[${(bright ? 90 : 30) + index}m`;
}
