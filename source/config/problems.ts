// What loading a config file found wrong, and how it is said: kept apart from the parser so that
// berth can speak of problems without loading it.
import {sanitize} from '../format/sanitize.js';
import {t} from '../i18n/translate.js';
import type {Config} from './schema.js';

export interface ConfigProblem {
	/** The config file as messages show it (`~/.config/berth/config.yml`). */
	file: string;
	/** 1-based; absent for a file that could not be read. */
	line?: number;
	column?: number;
	/** Plain words, sanitised: the key's path and what was wrong. */
	message: string;
}

/** `file:line:column: message`, the way compilers say it. */
export function problemText(problem: ConfigProblem): string {
	const at = problem.line === undefined ? '' : `:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
	return `${sanitize(problem.file)}${at}: ${problem.message}`;
}

/** Where a setting is written: its path as messages name it (keys.container.stop), and its place. */
export interface ConfigSite {
	path: string;
	line: number;
	column: number;
}

export interface LoadedConfig {
	config: Config;
	problems: ConfigProblem[];
	/**
	 * Where the settings the registry applies later are written (keys.ID, confirmations.ID,
	 * commands.ID by the command's action id), so that what it refuses is said at its line. Absent
	 * when there are none.
	 */
	sites?: Readonly<Record<string, ConfigSite>>;
}

/**
 * A problem found after loading, about the setting looked up as `lookup` (see LoadedConfig.sites),
 * said like the others: `file:line:column: keys.container.stop: message`. The lookup names the
 * setting when the file does not say where it is.
 */
export function siteProblem(loaded: LoadedConfig, file: string, lookup: string, message: string): string {
	const site = loaded.sites?.[lookup];
	return problemText({file, ...(site ? {line: site.line, column: site.column} : {}), message: sanitize(`${site?.path ?? lookup}: ${message}`)});
}

/**
 * The status line's word on the config file's problems, what matters first (how many, and that
 * the defaults stand in), so that a narrow terminal cuts only the first problem's detail. Every
 * problem is printed when berth ends.
 */
export function configNotice(problems: readonly string[]): string {
	return problems.length === 1
		? t('config: 1 problem, its default used: {problem}', {problem: problems[0]!})
		: t('config: {count} problems, defaults used, all printed on exit; first: {problem}', {count: problems.length, problem: problems[0]!});
}
