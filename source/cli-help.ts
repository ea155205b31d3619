// `berth --help`, in the user's language: each option's names, and beside them what it does,
// wrapped in one column measured in cells (a Chinese character takes two), so it lines up in both.
import {pad} from './format/width.js';
import {t} from './i18n/translate.js';
import {wrapProse} from './format/prose.js';

/** Cells for the option names, and for the text beside them: with meow's indent, under 80 in all. */
const NAMES_WIDTH = 16;
const TEXT_WIDTH = 59;
const INDENT = '  ';

/**
 * Each option as --help lists it: its names, what it does (a paragraph each, said when asked), and
 * the config file's setting it overrides, if any.
 */
const OPTIONS: ReadonlyArray<readonly [string, () => string[], string?]> = [
	[
		'--host, -H',
		() => [
			t('Docker engine: unix:///path, tcp://host:port or ssh://user@host (default: DOCKER_HOST, else the current docker context, else unix:///var/run/docker.sock); NAME=URL names it'),
		],
		'contexts',
	],
	['--context, -c', () => [t('Docker context to use instead'), t('Either, given more than once, watches several engines at once (also contexts: [a, b] in the config file)')], 'contexts'],
	['--tail', () => [t('Log lines to load when logs open (default 500)')], 'logs.tail'],
	['--no-all', () => [t('Start with stopped containers hidden (a toggles)')]],
	['--filter, -f', () => [t('Start with this filter on the containers list')]],
	['--sort', () => [t('Order containers by state (default), name, cpu, memory, net, block or pids')], 'ui.sort'],
	['--interval', () => [t('Seconds between metric samples (default 1)')], 'stats.interval'],
	['--history', () => [t('Seconds of metrics kept for the graphs (default 300)')], 'stats.history'],
	['--read-only', () => [t('Look, never change: every action that would change the engine (start, stop, remove, prune, exec, run, pull, …) is refused')], 'read-only'],
	['--theme', () => [t('Colours: dark (default), light, high-contrast or monochrome')], 'theme.name'],
	['--ascii', () => [t('Draw with ASCII only (also when the locale is not UTF-8, e.g. LANG=C, or on the Linux console)')], 'ui.ascii'],
	['--no-color', () => [t('No colours (also when NO_COLOR is set)')]],
	['--mouse', () => [t('Click rows, panes and tabs, scroll with the wheel (m turns it off and on inside, to select text with the terminal)')], 'ui.mouse'],
	['--no-mouse', () => [t('Leave the mouse to the terminal at start, also when the config file takes it')], 'ui.mouse'],
	['--lang', () => [t('Language of the screen: en or zh-CN (default: from LC_ALL, LC_MESSAGES or LANG)')]],
	['--config', () => [t('Read this config file (default: $XDG_CONFIG_HOME/berth/config.yml, else ~/.config/berth/config.yml)')]],
	['--print-config', () => [t('Print the config file berth would use, every setting commented: the defaults, with what the config file sets in their place; then exit')]],
	['--version', () => [t('Print the version')]],
	['--help', () => [t('Print this help')]],
];

const EXAMPLES = ['berth', 'berth --host ssh://admin@build-server', 'berth --context prod --filter web', 'berth --context default --host prod=ssh://admin@prod-1'];

/** The help text as meow takes it (it indents it and prints it for --help). */
export function helpText(): string {
	const options = OPTIONS.flatMap(([names, paragraphs, setting]) =>
		[...paragraphs(), ...(setting === undefined ? [] : [t('Overrides {setting} in the config file.', {setting})])]
			.flatMap(paragraph => wrapProse(paragraph, TEXT_WIDTH))
			.map((line, index) => `${INDENT}${pad(index === 0 ? names : '', NAMES_WIDTH)}${line}`),
	);
	return [
		t('Usage'),
		`${INDENT}$ berth ${t('[options]')}`,
		'',
		...wrapProse(t('A full-screen terminal UI for Docker. Press ? inside for every key.'), NAMES_WIDTH + TEXT_WIDTH),
		'',
		t('Options'),
		...options,
		'',
		t('Examples'),
		...EXAMPLES.map(example => `${INDENT}$ ${example}`),
	].join('\n');
}
