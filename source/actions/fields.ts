import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import type {FormCheck} from './types.js';

/** Form errors from (field, message or nothing) pairs. */
export function errorsOf(entries: Array<[string, string | undefined]>): FormCheck['errors'] {
	return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** "1 volume", "3 volumes" */
export function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A file to read: required and there, or the field's message. */
export function existingFile(text: string, field: string): string | undefined {
	const file = text.trim();
	if (file === '') {
		return `${field}: a file is required`;
	}

	try {
		return statSync(file).isFile() ? undefined : `${field}: ${file} is not a file`;
	} catch {
		return `${field}: ${file} does not exist`;
	}
}

/**
 * A file to write, named by the form's `field` (`file` unless said): required, in a folder that
 * exists, and not replacing one unless the form's `overwrite` toggle is on.
 */
export function outputFileError(fields: Readonly<Record<string, string>>, field = 'file'): string | undefined {
	const file = (fields[field] ?? '').trim();
	if (file === '') {
		return `${field}: a path is required`;
	}

	if (existsSync(file)) {
		if (statSync(file).isDirectory()) {
			return `${field}: ${file} is a folder`;
		}

		if (fields['overwrite'] !== 'true') {
			return `${field}: ${file} exists; tick overwrite to replace it`;
		}
	}

	return existsSync(path.dirname(path.resolve(file))) ? undefined : `${field}: ${path.dirname(file)} does not exist`;
}
