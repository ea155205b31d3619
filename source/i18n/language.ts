// Which language berth speaks: `--lang`, else the locale the C library would use for messages.
// A language is one file, messages/CODE.json; English is the source text and needs none.
import type {Messages} from './translate.js';

/**
 * The codes to try for `--lang` (when given) or the environment (LC_ALL, else LC_MESSAGES, else
 * LANG, as the C library picks the messages locale), most specific first: `zh_CN.UTF-8` gives
 * zh-CN, then zh. C, POSIX and English give none.
 */
export function languageCandidates(flag: string | undefined, env: NodeJS.ProcessEnv): string[] {
	const locale = flag ?? [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find(value => value !== undefined && value !== '') ?? '';
	const match = /^([a-z]{2,3})(?:[_-]([a-z0-9]+))?/i.exec(locale.split(/[.@]/)[0] ?? '');
	if (!match || match[1]!.toLowerCase() === 'en') {
		return [];
	}

	const language = match[1]!.toLowerCase();
	const region = match[2];
	return region === undefined ? [language] : [`${language}-${region.length === 2 ? region.toUpperCase() : region}`, language];
}

/**
 * The value of the last `--lang X` or `--lang=X` among the arguments, read before meow parses them
 * so that --help and the errors about the other options are said in that language. Options end at `--`.
 */
export function langArgument(argv: readonly string[]): string | undefined {
	let found: string | undefined;
	for (const [index, argument] of argv.entries()) {
		if (argument === '--') {
			break;
		}
		if (argument.startsWith('--lang=')) {
			found = argument.slice('--lang='.length);
		} else if (argument === '--lang') {
			const next = argv[index + 1];
			// As meow reads it: an option next is not this one's value.
			found = next === undefined || next.startsWith('-') ? '' : next;
		}
	}
	return found;
}

/** The messages of the first candidate berth has a file for; undefined (English) when none. */
export async function loadMessages(candidates: readonly string[]): Promise<{code: string; messages: Messages} | undefined> {
	for (const code of candidates) {
		try {
			const loaded = (await import(`./messages/${code}.json`, {with: {type: 'json'}})) as {default: Messages};
			return {code, messages: loaded.default};
		} catch {
			// No file for this code: try the next.
		}
	}

	return undefined;
}
