import {entries, type Field} from './field.js';
import {t} from '../i18n/translate.js';

/** `key=value` lines (values may hold commas); a bare `key` is a label with an empty value, as with `--label`. */
export function parseLabels(text: string, field = 'labels'): Field<Record<string, string>> {
	const labels: Record<string, string> = {};
	for (const entry of entries(text, false)) {
		const equals = entry.indexOf('=');
		const key = (equals === -1 ? entry : entry.slice(0, equals)).trim();
		if (key === '') {
			return {error: t('{field}: {entry} has no key (use key=value)', {field, entry})};
		}
		labels[key] = equals === -1 ? '' : entry.slice(equals + 1).trim();
	}
	return {value: labels};
}

export function formatLabels(labels: Record<string, string>): string {
	return Object.entries(labels)
		.map(([key, value]) => `${key}=${value}`)
		.join('\n');
}
