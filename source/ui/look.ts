// How berth looks, chosen once at start from the flags, the config file and the terminal, before
// the app is imported (cli.tsx): the theme and whether to draw with ASCII only.
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

export function chooseLook({theme, ascii, color, env}: LookOptions): void {
	if (color) {
		chooseTheme(theme.name, theme.colors);
	} else {
		chooseTheme('monochrome');
	}
	chooseGlyphs(ascii || asciiTerminal(env));
}
