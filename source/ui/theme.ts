// The active palette: how each colour role (source/config/colors.ts) is drawn. It is chosen once at
// start, before the first frame, and never changes while berth runs, so components read it as a
// plain object: `<Text {...tone.error}>` or `color={tone.accent.color}`.
import {COLOR_ROLES, type ColorRole, type ThemeName} from '../config/colors.js';

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

// Today's look, for a dark background.
const DARK: Palette = {
	accent: c('cyan'),
	border: DIM,
	selection: PLAIN,
	muted: DIM,
	error: c('red'),
	warning: c('yellow'),
	success: c('green'),
	running: c('green'),
	paused: c('yellow'),
	restarting: c('yellow'),
	created: c('cyan'),
	exited: c('gray'),
	removing: c('gray'),
	dead: c('red'),
	healthy: c('green'),
	starting: c('yellow'),
	unhealthy: c('red'),
	marked: c('magenta'),
	heading: c('yellow'),
	series1: c('cyan'),
	series2: c('green'),
	series3: c('yellow'),
	series4: c('magenta'),
	series5: c('blue'),
	series6: c('red'),
};

// For a white background: no yellow, white or cyan text, which fade into it.
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

/**
 * Makes `name` the active theme, with `colors` (already parsed by parseColor: a colour name,
 * "ansi256(n)" or "#rrggbb") over it: a colour given for a role replaces the theme's look of it.
 * Call it once, before the first frame.
 */
export function chooseTheme(name: ThemeName, colors: Readonly<Partial<Record<ColorRole, string>>> = {}): void {
	for (const role of ROLES) {
		const color = colors[role];
		tone[role] = color === undefined ? THEMES[name][role] : {color};
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
