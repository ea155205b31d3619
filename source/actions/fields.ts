import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {t} from '../i18n/translate.js';
import type {FormCheck} from './types.js';

/** Form errors from (field, message or nothing) pairs. */
export function errorsOf(entries: Array<[string, string | undefined]>): FormCheck['errors'] {
	return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}



/**
 * "1 volume", "3 volumes" in the user's language: `one` when the count is 1, else `other`, each a
 * whole message with the count in it (t('{count} volume', {count}), t('{count} volumes', {count})),
 * so a language without plurals gives both the same words.
 */
export function byCount(count: number, one: string, other: string): string {
	return count === 1 ? one : other;
}

/** "a, b and c", in the user's language. */
export function listOf(items: readonly string[]): string {
	return items.length > 1 ? t('{items} and {last}', {items: items.slice(0, -1).join(t(', ')), last: items.at(-1)!}) : (items[0] ?? '');
}

/** A file to read: required and there, or the message of the field shown as `label`. */
export function existingFile(text: string, label: string): string | undefined {
	const file = text.trim();
	if (file === '') {
		return t('{label}: a file is required', {label});
	}

	try {
		return statSync(file).isFile() ? undefined : t('{label}: {file} is not a file', {label, file});
	} catch {
		return t('{label}: {file} does not exist', {label, file});
	}
}

/**
 * A file to write, the form's `file` field: required, in a folder that exists, and not replacing
 * one unless the form's `overwrite` toggle is on.
 */
export function outputFileError(fields: Readonly<Record<string, string>>): string | undefined {
	const label = t('file');
	const file = (fields['file'] ?? '').trim();
	if (file === '') {
		return t('{label}: a path is required', {label});
	}

	if (existsSync(file)) {
		if (statSync(file).isDirectory()) {
			return t('{label}: {file} is a folder', {label, file});
		}

		if (fields['overwrite'] !== 'true') {
			return t('{label}: {file} exists; tick overwrite to replace it', {label, file});
		}
	}

	return existsSync(path.dirname(path.resolve(file))) ? undefined : t('{label}: {file} does not exist', {label, file: path.dirname(file)});
}
