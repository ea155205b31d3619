// `docker commit --change`: Dockerfile instructions applied to the committed image's config, one a
// line. Checked here so a typo comes back naming the line, not as the engine's terse refusal.
import type {Field} from './field.js';
import {t} from '../i18n/translate.js';

/** The instructions the engine applies in a commit (moby's validCommitCommands). */
export const commitInstructions = [
	'CMD',
	'ENTRYPOINT',
	'ENV',
	'EXPOSE',
	'HEALTHCHECK',
	'LABEL',
	'ONBUILD',
	'USER',
	'VOLUME',
	'WORKDIR',
] as const;

/** Every Dockerfile instruction, so an ONBUILD trigger can be checked and a misspelling told apart. */
const DOCKERFILE_INSTRUCTIONS = new Set([
	'ADD',
	'ARG',
	'CMD',
	'COPY',
	'ENTRYPOINT',
	'ENV',
	'EXPOSE',
	'FROM',
	'HEALTHCHECK',
	'LABEL',
	'MAINTAINER',
	'ONBUILD',
	'RUN',
	'SHELL',
	'STOPSIGNAL',
	'USER',
	'VOLUME',
	'WORKDIR',
]);

const ALLOWED: ReadonlySet<string> = new Set(commitInstructions);
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const PORT = /^\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/i;

function isStringArray(text: string): boolean {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) && value.length > 0 && value.every(item => typeof item === 'string');
	} catch {
		return false;
	}
}

/** `KEY=VALUE` pairs (values may be quoted), or the old `KEY VALUE` form. */
function keyValues(instruction: string, rest: string): string | undefined {
	if (!rest.includes('=')) {
		const [key = '', ...value] = rest.split(/\s+/);
		return value.length === 0 ? t('{instruction} needs KEY=VALUE', {instruction}) : NAME.test(key) || instruction === 'LABEL' ? undefined : t('{key} is not a variable name', {key});
	}
	const pairs = rest.match(/(?:[^\s"']+|"(?:\\.|[^"\\])*"|'[^']*')+/g) ?? [];
	for (const pair of pairs) {
		const equals = pair.indexOf('=');
		if (equals <= 0) {
			return t('{pair} is not KEY=VALUE', {pair});
		}
		const key = pair.slice(0, equals).replace(/^"(.*)"$/, '$1');
		if (instruction === 'ENV' && !NAME.test(key)) {
			return t('{key} is not a variable name', {key});
		}
	}
	return undefined;
}

/** Why one instruction is not a valid change, or undefined when it is. */
function problem(instruction: string, rest: string, trigger: boolean): string | undefined {
	if (!DOCKERFILE_INSTRUCTIONS.has(instruction)) {
		return t('{instruction} is not a Dockerfile instruction (use {instructions})', {instruction, instructions: commitInstructions.join(', ')});
	}
	if (trigger) {
		if (instruction === 'ONBUILD' || instruction === 'FROM' || instruction === 'MAINTAINER') {
			return t('{instruction} is not allowed as an ONBUILD trigger', {instruction});
		}
	} else if (!ALLOWED.has(instruction)) {
		return t('{instruction} is not allowed in a commit change (use {instructions})', {instruction, instructions: commitInstructions.join(', ')});
	}
	if (rest === '') {
		return t('{instruction} needs an argument', {instruction});
	}
	switch (instruction) {
		case 'CMD':
		case 'ENTRYPOINT':
		case 'VOLUME':
			return rest.startsWith('[') && !isStringArray(rest) ? t('{instruction} {rest} is not a JSON array of strings', {instruction, rest}) : undefined;
		case 'ENV':
		case 'LABEL':
			return keyValues(instruction, rest);
		case 'EXPOSE': {
			const bad = rest.split(/\s+/).find(port => !PORT.test(port));
			return bad === undefined ? undefined : t('{port} is not a port (use 80, 80/tcp or 8000-8010/udp)', {port: bad});
		}
		case 'HEALTHCHECK':
			return /^NONE$/i.test(rest) || /(^|\s)CMD(\s|$)/i.test(rest) ? undefined : t('HEALTHCHECK needs CMD … or NONE');
		case 'ONBUILD': {
			const [inner = '', innerRest = ''] = split(rest);
			return problem(inner, innerRest, true);
		}
		default:
			return undefined;
	}
}

/** The instruction, upper-cased, and the rest of the line. */
function split(line: string): [string, string] {
	const match = /^(\S+)\s*([\s\S]*)$/.exec(line.trim());
	return match ? [(match[1] ?? '').toUpperCase(), (match[2] ?? '').trim()] : ['', ''];
}

/**
 * The `--change` lines of a commit form, one instruction a line (blank lines and `#` comments are
 * skipped), each with its instruction upper-cased; the first bad line is the field's error, e.g.
 * `changes: "RUN x": RUN is not allowed in a commit change`.
 */
export function parseCommitChanges(text: string, field = 'changes'): Field<string[]> {
	const changes: string[] = [];
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) {
			continue;
		}
		const [instruction, rest] = split(line);
		const reason = problem(instruction, rest, false);
		if (reason !== undefined) {
			return {error: t('{field}: "{line}": {reason}', {field, line, reason})};
		}
		changes.push(rest === '' ? instruction : `${instruction} ${rest}`);
	}
	return {value: changes};
}
