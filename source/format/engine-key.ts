// With several engines, every object's key carries the engine it came from, so equal ids on two
// engines (the same image pulled on both) stay two rows. The engine goes after the id, so a short
// id (its first 12 characters) reads as it always did; the separator appears in no Docker id,
// name or reference.

const SEPARATOR = '@@';

/** The key of object `id` of engine `engine`. */
export function qualify(id: string, engine: string): string {
	return `${id}${SEPARATOR}${engine}`;
}

/** A key's engine's own id and the engine's name; no engine for a key of a single engine. */
export function splitKey(key: string): {id: string; engine?: string} {
	const at = key.indexOf(SEPARATOR);
	return at === -1 ? {id: key} : {id: key.slice(0, at), engine: key.slice(at + SEPARATOR.length)};
}

/** A key as the user knows it: the engine's own id or name. */
export function bareKey(key: string): string {
	return splitKey(key).id;
}

// What an engine name may hold: enough for context names, host:port, user@host and socket paths,
// and nothing that can end a word in a sentence or a command line, so qualifiers can be found in text.
const NAME = /^[\w.:@/+[\]-]+$/;
const QUALIFIER = /@@[\w.:@/+[\]-]+/g;

/** Text with every key in it brought back to the engine's own ids and names (a notice, a command line). */
export function withoutQualifiers(text: string): string {
	return text.includes(SEPARATOR) ? text.replaceAll(QUALIFIER, '') : text;
}

/** The engine of `names` that a key (or a row key holding one, "service\tapp@@prod\tweb") names. */
export function engineIn(key: string, names: readonly string[]): string | undefined {
	const at = key.indexOf(SEPARATOR);
	if (at === -1) {
		return undefined;
	}

	const rest = key.slice(at + SEPARATOR.length);
	return names.filter(name => rest === name || rest.startsWith(`${name}\t`)).sort((a, b) => b.length - a.length)[0];
}

/** Whether `name` can name an engine: letters, digits and . : @ / + [ ] _ - only, and never the separator. */
export function validEngineName(name: string): boolean {
	return NAME.test(name) && !name.includes(SEPARATOR);
}
