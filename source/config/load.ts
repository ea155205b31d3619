// Loading the config file. Nothing in the file's content makes loading fail: every problem is
// reported with its line and the setting keeps its default, so berth starts and says so.
import {readFile} from 'node:fs/promises';
import {LineCounter, parseDocument} from 'yaml';
import {errorText} from '../format/error-text.js';
import {sanitize} from '../format/sanitize.js';
import {t} from '../i18n/translate.js';
import type {LoadedConfig} from './problems.js';
import {namedCommandIds} from './custom-commands.js';
import {Reader} from './read.js';
import {DEFAULT_CONFIG, readSection, SCHEMA} from './schema.js';

export interface ParseOptions {
	/** The file as messages name it. */
	file: string;
	/** Every action id the registry has: keys and confirmations may name only these. */
	actionIds: Iterable<string>;
}

/** A config file's text read against the schema. */
export function parseConfig(text: string, {file, actionIds}: ParseOptions): LoadedConfig {
	const lines = new LineCounter();
	const document = parseDocument(text, {lineCounter: lines, prettyErrors: false});
	const reader = new Reader(file, lines, document, new Set([...actionIds, ...namedCommandIds(document)]));
	const broken = [...document.errors, ...document.warnings];
	if (broken.length > 0) {
		// What a broken file says cannot be trusted in part: all of it keeps its defaults.
		const problems = broken.map(error => {
			const {line, col} = lines.linePos(error.pos[0]);
			// The parser's words for this one are advice to programmers; its others stay in English.
			const why = error.code === 'MULTIPLE_DOCS' ? t('it holds more than one document (---), and berth reads one') : error.message;
			return {file, line, column: col, message: sanitize(t('not valid YAML: {why}', {why}))};
		});
		return {config: DEFAULT_CONFIG, problems};
	}
	const config = readSection(reader.resolve(document.contents), SCHEMA, '', reader);
	return {config, problems: reader.problems, ...(Object.keys(reader.sites).length > 0 ? {sites: reader.sites} : {})};
}

const READ_ERRORS: Readonly<Record<string, () => string>> = {
	ENOENT: () => t('there is no such file'),
	EACCES: () => t('permission denied'),
	EISDIR: () => t('it is a directory, not a file'),
	ENOTDIR: () => t('a part of its path is not a directory'),
	ELOOP: () => t('its path has a loop of symbolic links'),
};

export interface LoadOptions {
	path: string;
	/** The path as messages show it, such as with `~` for the home directory; `path` when absent. */
	shownAs?: string;
	actionIds: Iterable<string>;
	/** A file named with --config must be there; the usual one need not be. */
	mustExist?: boolean;
}

/** Reads and parses the config file. Never throws: a missing file is all defaults, an unreadable one a problem. */
export async function loadConfig({path, shownAs = path, actionIds, mustExist = false}: LoadOptions): Promise<LoadedConfig> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		if (code === 'ENOENT' && !mustExist) {
			return {config: DEFAULT_CONFIG, problems: []};
		}
		const why = Object.hasOwn(READ_ERRORS, code) ? READ_ERRORS[code]!() : errorText(error);
		return {config: DEFAULT_CONFIG, problems: [{file: shownAs, message: sanitize(t('could not read the config file: {why}', {why}))}]};
	}
	return parseConfig(text, {file: shownAs, actionIds});
}
