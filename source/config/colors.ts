// Theme names, the roles a colour can be set for, and colour values in the forms Ink's <Text>
// takes: a chalk colour name, "ansi256(n)" or "#rrggbb".

export type ThemeName = 'dark' | 'light' | 'high-contrast' | 'monochrome';
export const THEME_NAMES: readonly ThemeName[] = ['dark', 'light', 'high-contrast', 'monochrome'];

/** What each colour is used for, by the role name a config file gives it. */
export const COLOR_ROLES = {
	accent: 'key hints, labels and titles',
	border: 'pane borders',
	selection: 'the selected row',
	muted: 'secondary text',
	error: 'errors and destructive confirmations',
	warning: 'warnings',
	success: 'completed jobs',
	running: 'running containers',
	paused: 'paused containers',
	restarting: 'restarting containers',
	created: 'created containers',
	exited: 'exited containers',
	removing: 'containers being removed',
	dead: 'dead containers',
	healthy: 'healthy containers',
	starting: 'containers whose health check is starting',
	unhealthy: 'unhealthy containers',
	marked: 'the mark of rows picked for an action on several',
	heading: 'headings of the help screen',
	series1: 'graphs, log sources and event types, first colour',
	series2: 'second graph, log source and event colour',
	series3: 'third graph, log source and event colour',
	series4: 'fourth graph, log source and event colour',
	series5: 'fifth graph, log source and event colour',
	series6: 'sixth graph colour',
} as const;

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
