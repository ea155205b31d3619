// Theme names, the roles a colour can be set for, and colour values in the forms Ink's <Text>
// takes: a chalk colour name, "ansi256(n)" or "#rrggbb".
import {t} from '../i18n/translate.js';

export type ThemeName = 'dark' | 'light' | 'high-contrast' | 'monochrome';
export const THEME_NAMES: readonly ThemeName[] = ['dark', 'light', 'high-contrast', 'monochrome'];

/** What each colour is used for (in the user's language), by the role name a config file gives it. */
export const COLOR_ROLES = {
	accent: () => t('key hints, labels and titles'),
	border: () => t('pane borders'),
	selection: () => t('the selected row'),
	muted: () => t('secondary text'),
	error: () => t('errors and destructive confirmations'),
	warning: () => t('warnings'),
	success: () => t('completed jobs'),
	running: () => t('running containers'),
	paused: () => t('paused containers'),
	restarting: () => t('restarting containers'),
	created: () => t('created containers'),
	exited: () => t('exited containers'),
	removing: () => t('containers being removed'),
	dead: () => t('dead containers'),
	healthy: () => t('healthy containers'),
	starting: () => t('containers whose health check is starting'),
	unhealthy: () => t('unhealthy containers'),
	marked: () => t('the mark of rows picked for an action on several'),
	heading: () => t('headings of the help screen'),
	series1: () => t('graphs, log sources and event types, first colour'),
	series2: () => t('second graph, log source and event colour'),
	series3: () => t('third graph, log source and event colour'),
	series4: () => t('fourth graph, log source and event colour'),
	series5: () => t('fifth graph, log source and event colour'),
	series6: () => t('sixth graph colour'),
} satisfies Readonly<Record<string, () => string>>;

export type ColorRole = keyof typeof COLOR_ROLES;

/** The 16 ANSI colours as chalk (and so Ink) names them, with its two spellings of bright black. */
export const COLOR_NAMES: readonly string[] = [
	'black',
	'red',
	'green',
	'yellow',
	'blue',
	'magenta',
	'cyan',
	'white',
	'blackBright',
	'gray',
	'grey',
	'redBright',
	'greenBright',
	'yellowBright',
	'blueBright',
	'magentaBright',
	'cyanBright',
	'whiteBright',
];

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A colour from a config value, in the form Ink takes, or undefined when it is not one. */
export function parseColor(value: unknown): string | undefined {
	if (typeof value === 'number') {
		return Number.isInteger(value) && value >= 0 && value <= 255 ? `ansi256(${value})` : undefined;
	}
	if (typeof value !== 'string') {
		return undefined;
	}
	if (COLOR_NAMES.includes(value) || HEX.test(value)) {
		return value;
	}
	return undefined;
}
