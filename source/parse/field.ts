// The common shape of the form parsers: text in, a typed value or a message that names the field
// and says why out. Entry parsers return a reason without the field's name; the field adds it.
import {t} from '../i18n/translate.js';

export type Field<T> = {value: T} | {error: string};

/** Prefixes an entry's failure with the field's name: "ports: 80:abc is not a port". */
export function named<T>(field: string, result: Field<T>): Field<T> {
	return 'error' in result ? {error: t('{field}: {reason}', {field, reason: result.error})} : result;
}

/**
 * The entries of a multi-line field, trimmed, without blank ones. Commas separate entries too
 * unless an entry may contain one (env values, labels, mount paths).
 */
export function entries(text: string, commas: boolean): string[] {
	return text
		.split(commas ? /[\n,]/ : /\n/)
		.map(entry => entry.trim())
		.filter(entry => entry !== '');
}

/** Parses every entry; the first entry that fails is the field's error. */
export function parseEntries<T>(
	field: string,
	text: string,
	commas: boolean,
	parse: (entry: string) => Field<T>,
): Field<T[]> {
	const values: T[] = [];
	for (const entry of entries(text, commas)) {
		const result = named(field, parse(entry));
		if ('error' in result) {
			return result;
		}
		values.push(result.value);
	}
	return {value: values};
}

const WHOLE = /^\d+$/;

/** A whole number within [min, max], or undefined. */
export function wholeNumber(text: string, min: number, max: number): number | undefined {
	if (!WHOLE.test(text)) {
		return undefined;
	}
	const value = Number(text);
	return value >= min && value <= max ? value : undefined;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['', 'false', 'no', 'off', '0']);

/** A toggle: empty is off. */
export function parseBoolean(text: string, field: string): Field<boolean> {
	const word = text.trim().toLowerCase();
	if (TRUE.has(word) || FALSE.has(word)) {
		return {value: TRUE.has(word)};
	}
	return {error: t('{field}: {text} is not yes or no', {field, text: text.trim()})};
}
