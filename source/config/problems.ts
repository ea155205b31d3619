// What loading a config file found wrong, and how it is said: kept apart from the parser so that
// berth can speak of problems without loading it.
import {sanitize} from '../format/sanitize.js';
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

export interface LoadedConfig {
	config: Config;
	problems: ConfigProblem[];
}
