import type {Field} from './field.js';
import {t} from '../i18n/translate.js';

type Lookup = Record<string, string | undefined>;

/** A `KEY=VALUE` or `KEY` line's name and value, or why it is wrong. */
function splitVariable(line: string): {name: string; value?: string} | {error: string} {
	const equals = line.indexOf('=');
	const name = equals === -1 ? line : line.slice(0, equals);
	if (name === '') {
		return {error: t('{line} has no variable name', {line})};
	}
	if (/\s/.test(name)) {
		return {error: t('the name "{name}" contains whitespace', {name})};
	}
	return equals === -1 ? {name} : {name, value: line.slice(equals + 1)};
}

/** Lines with something on them, without a trailing carriage return; leading whitespace dropped. */
function lines(text: string): Array<{line: string; number: number}> {
	return text
		.split('\n')
		.map((line, index) => ({line: line.replace(/\r$/, '').trimStart(), number: index + 1}))
		.filter(({line}) => line !== '');
}

/**
 * The env field, one variable a line (values may hold commas and spaces, kept as typed). As with
 * `docker run -e`, a bare `KEY` takes its value from `env`; when `env` lacks it, the bare name is
 * passed on and the engine leaves the variable out of the container's environment.
 */
export function parseEnvLines(text: string, env: Lookup, field = 'env'): Field<string[]> {
	const values: string[] = [];
	for (const {line} of lines(text)) {
		const variable = splitVariable(line);
		if ('error' in variable) {
			return {error: t('{field}: {reason}', {field, reason: variable.error})};
		}
		const value = variable.value ?? env[variable.name];
		values.push(value === undefined ? variable.name : `${variable.name}=${value}`);
	}
	return {value: values};
}

/**
 * An env file as `docker run --env-file` reads it: blank lines and lines starting with `#` are
 * skipped, values are taken literally (no quotes, no trimming), and a bare `KEY` takes its value
 * from `env` or, when `env` lacks it, is left out.
 */
export function parseEnvFile(text: string, env: Lookup, path: string, field = 'env-file'): Field<string[]> {
	const values: string[] = [];
	for (const {line, number} of lines(text.replace(/^\uFEFF/, ''))) {
		if (line.startsWith('#')) {
			continue;
		}
		const variable = splitVariable(line);
		if ('error' in variable) {
			return {error: t('{field}: {path} line {number}: {reason}', {field, path, number, reason: variable.error})};
		}
		const value = variable.value ?? env[variable.name];
		if (value !== undefined) {
			values.push(`${variable.name}=${value}`);
		}
	}
	return {value: values};
}
