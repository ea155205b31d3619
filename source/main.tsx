import {existsSync} from 'node:fs';
import {isDeepStrictEqual} from 'node:util';
import {homedir} from 'node:os';
import process from 'node:process';
import meow from 'meow';
import {startingEngines, type StartingEngines} from './engine/engine-set.js';
import {startEarlyList} from './early-list.js';
import {readOnlySource} from './config/policy.js';
import type {ReadOnlySource} from './store/view-store.js';
import {configPath, shownPath} from './config/paths.js';
import {problemText, siteProblem} from './config/problems.js';
import type {Config} from './config/schema.js';
import {errorText, sanitize} from './format/index.js';
import {SORT_COLUMNS} from './store/metrics.js';
import {THEME_NAMES} from './config/colors.js';
import {chooseLook} from './ui/look.js';
import {langArgument, languageCandidates, loadMessages} from './i18n/language.js';
import {setMessages, t} from './i18n/translate.js';
import {helpText} from './cli-help.js';

// The options as they are typed, for refusing anything else: a mistyped option silently ignored
// would leave berth doing something other than what was asked.
const OPTIONS = ['--host/-H', '--context/-c', '--tail', '--no-all', '--filter/-f', '--sort', '--interval', '--history', '--read-only', '--config', '--print-config', '--theme', '--ascii', '--no-color', '--mouse', '--no-mouse', '--lang', '--version', '--help'];
const KNOWN = new Set(['host', 'H', 'context', 'c', 'tail', 'all', 'filter', 'f', 'sort', 'interval', 'history', 'color', 'readOnly', 'config', 'printConfig', 'theme', 'ascii', 'mouse', 'lang', 'help', 'version']);

function fail(message: string): never {
	process.stderr.write(`berth: ${message}\n`);
	process.exit(2);
}

/** A number of seconds from a flag, within bounds, in milliseconds. */
function seconds(flag: string, value: string, min: number, max: number): number {
	const parsed = Number(value);
	if (!/^\d+(\.\d+)?$/.test(value) || parsed < min || parsed > max) {
		fail(t('--{flag} must be a number of seconds from {min} to {max}, not "{value}"', {flag, min, max, value}));
	}

	return Math.round(parsed * 1000);
}

/**
 * berth: its options, its config file, then the screen, until the user quits. `launcherUrl` is the
 * URL of the script that was started, beside package.json's directory (the bundle has no import.meta).
 */
export async function main(launcherUrl: string): Promise<void> {
	// First, before meow writes --help: it, the errors about options, the config file's problems and
	// everything after are said in this language.
	const argv = process.argv.slice(2);
	const language = await loadMessages(languageCandidates(langArgument(argv), process.env));
	setMessages(language?.messages);

	// The help is laid out only when it is asked for: its wrapping measures every word.
	const cli = meow(
		argv.includes('--help') ? helpText() : '',
		{
			// meow reads only its URL, to find package.json (the version) from it.
			importMeta: {url: launcherUrl} as ImportMeta,
			// The help says what berth is, in the user's language, rather than package.json's English.
			description: false,
			// A boolean flag not given is absent rather than false, so the config file can set it (--mouse).
			booleanDefault: undefined,
			flags: {
				host: {type: 'string', shortFlag: 'H', isMultiple: true},
				context: {type: 'string', shortFlag: 'c', isMultiple: true},
				tail: {type: 'string'},
				all: {type: 'boolean', default: true},
				filter: {type: 'string', shortFlag: 'f', default: ''},
				sort: {type: 'string'},
				interval: {type: 'string'},
				history: {type: 'string'},
				color: {type: 'boolean', default: true},
				theme: {type: 'string'},
				ascii: {type: 'boolean', default: false},
				readOnly: {type: 'boolean', default: false},
				config: {type: 'string'},
				printConfig: {type: 'boolean', default: false},
				mouse: {type: 'boolean'},
				lang: {type: 'string'},
			},
		},
	);

	const unknown = Object.keys(cli.unnormalizedFlags).filter(name => !KNOWN.has(name));
	if (unknown.length > 0) {
		fail(
			t('unknown option {unknown}; the options are {options} (berth --help says more)', {
				unknown: unknown.map(name => (name.length === 1 ? `-${name}` : `--${name}`)).join(', '),
				options: OPTIONS.join(', '),
			}),
		);
	}

	if (cli.input.length > 0) {
		fail(t('takes no arguments, only options (berth --help lists them), not: {arguments}', {arguments: cli.input.join(' ')}));
	}

	if (cli.flags.lang !== undefined && language === undefined && languageCandidates(cli.flags.lang, {}).length > 0) {
		fail(t('--lang: berth has no messages in "{lang}"; it speaks en and zh-CN', {lang: cli.flags.lang}));
	}

	// meow answers --help and --version by itself only when it is the one argument: `--lang zh-CN --help` asks for it too.
	if (cli.unnormalizedFlags['help'] === true) {
		cli.showHelp(0);
	}

	if (cli.unnormalizedFlags['version'] === true) {
		cli.showVersion();
	}

	// The config file is read only when there is one (or to print it): its parser is not loaded otherwise.
	const configFile = configPath({env: process.env, homeDir: homedir(), flag: cli.flags.config});
	let config: Config | undefined;
	const configProblems: string[] = [];
	if (cli.flags.config !== undefined || existsSync(configFile) || cli.flags.printConfig) {
		const [{loadConfig}, {ACTIONS, actionById, addCommands, applyConfirmations, applyKeys}] = await Promise.all([import('./config/load.js'), import('./actions/registry.js')]);
		// --print-config lists each action's default keys, as they are before the file's replace them.
		const documented = ACTIONS.map(({id, keys, title}) => ({id, keys, title}));
		const shownAs = shownPath(configFile, homedir());
		const loaded = await loadConfig({path: configFile, shownAs, actionIds: ACTIONS.map(action => action.id), mustExist: cli.flags.config !== undefined});
		const clashes = addCommands(loaded.config.commands, loaded.config.keys);
		const conflicts = applyKeys(loaded.config.keys);
		const refused = applyConfirmations(loaded.config.confirmations);
		const said = (lookup: string, message: string): string => siteProblem(loaded, shownAs, lookup, message);
		configProblems.push(
			...loaded.problems.map(problemText),
			...clashes.map(({id, message}) => said(`commands.${id}`, t('{clash}; the command has no key (the palette, :, still runs it)', {clash: message}))),
			...conflicts.map(({id, message}) => said(`keys.${id}`, t('{clash}; the default keys kept', {clash: message}))),
			...refused.map(({id, message}) => said(`confirmations.${id}`, message)),
		);
		// What berth goes by: not the settings refused above (a clash of two overrides refuses both).
		config = {
			...loaded.config,
			keys: Object.fromEntries(Object.entries(loaded.config.keys).filter(([id, keys]) => isDeepStrictEqual(actionById(id)?.keys, keys))),
			confirmations: Object.fromEntries(Object.entries(loaded.config.confirmations).filter(([id]) => !refused.some(setting => setting.id === id))),
		};
		if (cli.flags.printConfig) {
			const {printConfig} = await import('./config/print.js');
			process.stdout.write(printConfig(documented, config));
			for (const problem of configProblems) {
				process.stderr.write(`berth: ${t('config: {problem}', {problem})}\n`);
			}
			process.exit(0);
		}
	}

	// A flag given on the command line wins over the config file.
	const tailText = cli.flags.tail ?? String(config?.logs.tail ?? 500);
	const tail = Number(tailText);
	if (!/^\d+$/.test(tailText) || !Number.isSafeInteger(tail)) {
		fail(t('--tail must be a whole number of lines, not "{value}"', {value: tailText}));
	}

	const sortText = cli.flags.sort ?? config?.ui.sort ?? 'state';
	const sort = SORT_COLUMNS.find(column => column === sortText);
	if (!sort) {
		fail(t('--sort must be one of {choices}, not "{value}"', {choices: SORT_COLUMNS.join(', '), value: sortText}));
	}

	const intervalMs = seconds('interval', cli.flags.interval ?? String(config?.stats.interval ?? 1), 0.5, 60);
	const historyMs = seconds('history', cli.flags.history ?? String(config?.stats.history ?? 300), 10, 86_400);

	const hosts = cli.flags.host ?? [];
	// Without engine flags, the config's contexts marked to connect (contexts: [a, b]) are watched.
	const contexts = hosts.length > 0 || (cli.flags.context ?? []).length > 0 ? (cli.flags.context ?? []) : Object.keys(config?.contexts ?? {}).filter(name => config!.contexts[name]!.connect);
	let engines: StartingEngines;
	try {
		engines = startingEngines({hosts, contexts}, {env: process.env, homeDir: homedir()});
	} catch (error) {
		fail(errorText(error));
	}

	const {endpoint, resolve, starting} = engines;
	// Watching several engines, one read-only context makes the whole session read-only.
	const readOnlyFrom: ReadOnlySource | undefined = cli.flags.readOnly ? {from: 'option'} : config !== undefined && endpoint.engines !== undefined ? readOnlySource(config, contexts) : undefined;

	const themeName = THEME_NAMES.find(name => name === (cli.flags.theme ?? config?.theme.name ?? 'dark'));
	if (!themeName) {
		fail(t('--theme must be one of {choices}, not "{value}"', {choices: THEME_NAMES.join(', '), value: String(cli.flags.theme)}));
	}

	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		fail(t('needs an interactive terminal: run it directly in a terminal, not with its input or output redirected'));
	}

	// Asked for now, answered while the screen's code loads.
	const early = startEarlyList(endpoint);

	if (!cli.flags.color || (process.env['NO_COLOR'] ?? '') !== '') {
		// Read by the colour library when it loads, which is why the app is imported only below.
		process.env['FORCE_COLOR'] = '0';
	}

	// Before the app is imported: its first frame is drawn with these.
	chooseLook({
		theme: {name: themeName, colors: config?.theme.colors ?? {}},
		ascii: cli.flags.ascii || (config?.ui.ascii ?? false),
		color: process.env['FORCE_COLOR'] !== '0',
		env: process.env,
	});

	// React's development build checks much more on every render; berth ships the production one.
	process.env['NODE_ENV'] ??= 'production';

	try {
		if (config) {
			(await import('./ui/panes/container-columns.js')).showColumns(config.ui.columns);
		}
		const {run} = await import('./run.js');
		const code = await run({
			endpoint,
			resolve,
			starting,
			early,
			tail,
			showStopped: cli.flags.all,
			readOnlyFrom,
			config,
			configProblems,
			filter: sanitize(cli.flags.filter),
			sort,
			intervalMs,
			historyMs,
			// --no-mouse turns off what the config file turned on.
			mouse: cli.flags.mouse ?? config?.ui.mouse ?? false,
		});
		// The screen had room for the first; here is every one, where it stays readable.
		for (const problem of configProblems) {
			process.stderr.write(`berth: ${t('config: {problem}', {problem})}\n`);
		}
		process.exit(code);
	} catch (error) {
		fail(errorText(error));
	}
}
