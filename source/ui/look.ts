// How berth looks, chosen once at start from the flags, the config file and the terminal, before
// the app is imported (cli.tsx): the theme and whether to draw with ASCII only.
import {WriteStream} from 'node:tty';
import type {ColorRole, ThemeName} from '../config/colors.js';
import {asciiTerminal, chooseGlyphs} from './glyphs.js';
import {chooseTheme} from './theme.js';

export interface LookOptions {
	theme: {name: ThemeName; colors: Readonly<Partial<Record<ColorRole, string>>>};
	/** --ascii or the config's ui.ascii; a plain console (see asciiTerminal) turns it on too. */
	ascii: boolean;
	/** False with --no-color or NO_COLOR: no colour at all, whatever the theme says. */
	color: boolean;
	env: NodeJS.ProcessEnv;
}

/**
 * Whether the terminal shows only the 16 ANSI colours (TERM=linux, xterm-16color, FORCE_COLOR=1),
 * read from the environment as the colour library reads it, without loading that library: it
 * settles its colours when it loads, which must wait for --no-color. Node's reading takes
 * TERM=*-256color for 16 colours where the library does not.
 */
export function sixteenColors(env: NodeJS.ProcessEnv): boolean {
	return WriteStream.prototype.getColorDepth.call(undefined, env) <= 4 && !/-256(colou?r)?$/i.test(env['TERM'] ?? '');
}

export function chooseLook({theme, ascii, color, env}: LookOptions): void {
	if (color) {
		chooseTheme(theme.name, theme.colors, sixteenColors(env));
	} else {
		chooseTheme('monochrome');
	}
	chooseGlyphs(ascii || asciiTerminal(env));
}
