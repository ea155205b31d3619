import {bareKey, splitKey} from './engine-key.js';
import {fuzzyScore} from './fuzzy.js';
import {t} from '../i18n/translate.js';

/** What a row offers the `/` filter: its words, its ids (matched by prefix) and its labels. */
export interface Matchable {
	/** Names, images, drivers…: matched as text, anywhere or as a subsequence. */
	text: readonly string[];
	/** Full ids: a filter matches their start, as `docker` accepts a short id. */
	ids?: readonly string[];
	labels?: Readonly<Record<string, string>>;
}

/** A filter as typed, compiled once: which rows it keeps, and what is wrong with it, if anything. */
export interface RowFilter {
	matches(row: Matchable): boolean;
	/** Set for a filter that cannot be used (a broken regular expression); it then keeps every row. */
	error?: string;
}

const EVERYTHING: RowFilter = {matches: () => true};

function textFilter(text: string): RowFilter {
	const needle = text.toLowerCase();
	// With several engines a volume's or project's name carries its engine: only the name is matched.
	return {
		matches: row =>
			row.text.some(word => bareKey(word).toLowerCase().includes(needle) || fuzzyScore(needle, bareKey(word)) !== undefined) ||
			(row.ids ?? []).some(id => id.replace(/^sha256:/, '').startsWith(needle)),
	};
}

function regexFilter(pattern: string): RowFilter {
	let expression: RegExp;
	try {
		expression = new RegExp(pattern, 'i');
	} catch (error) {
		const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
		return {...EVERYTHING, error: t('not a regular expression: {reason}', {reason})};
	}

	return {matches: row => row.text.some(word => expression.test(word)) || (row.ids ?? []).some(id => expression.test(id))};
}

function labelFilter(condition: string): RowFilter {
	const equals = condition.indexOf('=');
	const key = equals === -1 ? condition : condition.slice(0, equals);
	const value = equals === -1 ? undefined : condition.slice(equals + 1);
	if (key === '') {
		return {...EVERYTHING, error: t('label: needs a key, as in label:key or label:key=value')};
	}

	return {
		matches(row) {
			const labels = row.labels ?? {};
			return Object.hasOwn(labels, key) && (value === undefined || labels[key] === value);
		},
	};
}

/** The engine a row came from, with several engines: its keys (ids, or a volume's or project's name) carry it. */
function rowEngine(row: Matchable): string | undefined {
	for (const key of [...(row.ids ?? []), ...row.text]) {
		const {engine} = splitKey(key);
		if (engine !== undefined) {
			return engine;
		}
	}

	return undefined;
}

function engineFilter(name: string): RowFilter {
	const needle = name.toLowerCase();
	if (needle === '') {
		return {...EVERYTHING, error: t('engine: needs a name, as in engine:prod')};
	}

	// By the start of the name: engine:/var finds the engine at unix:///var/run/docker.sock.
	return {matches: row => rowEngine(row)?.toLowerCase().startsWith(needle) ?? false};
}

function compile(text: string): RowFilter {
	if (text === '') {
		return EVERYTHING;
	}

	if (text.startsWith('!')) {
		const inner = compile(text.slice(1));
		return inner.error === undefined && inner !== EVERYTHING ? {matches: row => !inner.matches(row)} : inner;
	}

	if (text.startsWith('re:')) {
		return regexFilter(text.slice(3));
	}

	if (text.startsWith('label:')) {
		return labelFilter(text.slice(6));
	}

	if (text.startsWith('engine:')) {
		return engineFilter(text.slice(7));
	}

	return textFilter(text);
}

const compiled = new Map<string, RowFilter>();
/** Filters of every pane, the event and typed-so-far texts: a few dozen at most in practice. */
const KEPT = 64;

/**
 * Compiles a `/` filter: plain text matches words anywhere or as a subsequence ("ngx" finds nginx)
 * and ids by prefix; `re:PATTERN` a regular expression (ignoring case); `label:key` or
 * `label:key=value` a label; `engine:NAME` the rows of the engines whose name starts so; a leading `!` keeps the rows that do not match. Compiled once per
 * text, so filtering a list tests each row without parsing anything again.
 */
export function compileFilter(text: string): RowFilter {
	let filter = compiled.get(text);
	if (!filter) {
		if (compiled.size >= KEPT) {
			compiled.delete(compiled.keys().next().value!);
		}

		filter = compile(text);
		compiled.set(text, filter);
	}

	return filter;
}
