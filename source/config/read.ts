// Reading a parsed YAML document against the schema: every problem is recorded with the file,
// line and column of the node it is about, and reading goes on.
import {isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type ParsedNode, type YAMLMap, type YAMLSeq} from 'yaml';
import {sanitize} from '../format/sanitize.js';
import {t} from '../i18n/translate.js';
import type {ConfigProblem, ConfigSite} from './problems.js';
import {nearest} from './suggest.js';

/** One entry of a map: `site` is where its value is written, an alias's own place rather than what it names. */
export interface Entry {
	key: string;
	keyNode: Node;
	value: ParsedNode;
	site: Node;
}

export class Reader {
	readonly problems: ConfigProblem[] = [];
	/** Where settings that are checked after loading are written, by the name they are looked up by (see ConfigSite). */
	readonly sites: Record<string, ConfigSite> = {};

	constructor(
		readonly file: string,
		private readonly lines: LineCounter,
		private readonly document: Document,
		/** The action ids that keys and confirmations may name. */
		readonly actionIds: ReadonlySet<string>,
	) {}

	/** A node with an alias followed to what it names. */
	resolve(node: unknown): ParsedNode | undefined {
		const found = isAlias(node) ? node.resolve(this.document) : node;
		return isScalar(found) || isMap(found) || isSeq(found) ? (found as ParsedNode) : undefined;
	}

	/** Notes where a setting is written, for a problem found once the registry applies it (a key clash). */
	mark(lookup: string, at: Node, path: string): void {
		const position = this.#position(at);
		this.sites[lookup] = {path, line: position.line, column: position.col};
	}

	/** Records a problem at the start of a node (or at the start of the file when there is none). */
	report(at: Node | null | undefined, message: string): void {
		const position = this.#position(at);
		this.problems.push({file: this.file, line: position.line, column: position.col, message: sanitize(message)});
	}

	/** Where a node starts (the start of the file for none). */
	#position(at: Node | null | undefined): {line: number; col: number} {
		const offset = at?.range?.[0];
		return offset === undefined ? {line: 1, col: 1} : this.lines.linePos(offset);
	}

	/**
	 * "stats.interval: expected seconds from 0.5 to 60, got "fast"", with the nearest of `choices`
	 * when a word was close to one. `expected` is in the user's language; `choices` are as typed.
	 */
	wrong(at: Node | null | undefined, path: string, expected: string, choices: readonly string[] = []): void {
		const node = this.resolve(at);
		const word = scalar(node);
		// Where true or false was meant, a word older YAML read as one of them (yes, off…) is that one.
		const yaml11 = choices.includes('true') && choices.includes('false') && typeof word === 'string' && Object.hasOwn(YAML11_BOOLEANS, word.toLowerCase());
		const guess = typeof word !== 'string' ? undefined : yaml11 ? YAML11_BOOLEANS[word.toLowerCase()] : nearest(word, choices);
		const values = {path, expected, value: describe(node), guess: guess ?? ''};
		this.report(at, guess === undefined ? t('{path}: expected {expected}, got {value}', values) : t('{path}: expected {expected}, got {value}; did you mean {guess}?', values));
	}

	/**
	 * "logs.timestamp: unknown key; did you mean logs.timestamps?" The nearest sibling is suggested,
	 * else a setting of that name elsewhere (`elsewhere`: full paths), else the siblings are listed.
	 * `what` is the kind of name, in the user's language.
	 */
	unknown(at: Node | null | undefined, path: string, what: string, known: readonly string[], prefix: string, elsewhere: readonly string[] = []): void {
		const key = path.slice(prefix.length);
		const sibling = nearest(key, known);
		const guess = sibling === undefined ? elsewhere.find(full => full.endsWith(`.${key}`)) : `${prefix}${sibling}`;
		const values = {path, what, guess: guess ?? '', known: known.join(', '), section: prefix.slice(0, -1)};
		this.report(
			at,
			guess !== undefined
				? t('{path}: unknown {what}; did you mean {guess}?', values)
				: prefix === ''
					? t('{path}: unknown {what} (the file has {known})', values)
					: t('{path}: unknown {what} ({section} has {known})', values),
		);
	}

	/** The entries of a map, keys as text; a key that is not plain text, or has no value, is reported and left out. */
	entries(map: YAMLMap.Parsed, path: string): Entry[] {
		const entries: Entry[] = [];
		for (const pair of map.items) {
			const keyNode = this.resolve(pair.key);
			if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
				this.report(keyNode ?? map, t('{path}: keys must be plain words', {path: path || t('the file')}));
				continue;
			}
			const key = String(keyNode.value);
			const value = this.resolve(pair.value);
			if (value === undefined) {
				this.report(keyNode, t('{path}: has no value', {path: path === '' ? key : `${path}.${key}`}));
				continue;
			}
			entries.push({key, keyNode, value, site: pair.value as Node});
		}
		return entries;
	}

	/** The map at a node, or undefined (reported) when it is something else. */
	map(node: ParsedNode, path: string, expected: string): YAMLMap.Parsed | undefined {
		if (isMap(node)) {
			return node;
		}
		this.wrong(node, path, expected);
		return undefined;
	}

	/** The list at a node, or undefined (reported) when it is something else. */
	list(node: ParsedNode, path: string, expected: string): YAMLSeq.Parsed | undefined {
		if (isSeq(node)) {
			return node;
		}
		this.wrong(node, path, expected);
		return undefined;
	}
}

/** The words a boolean setting takes, as `choices` for wrong(). */
export const BOOLEANS: readonly string[] = ['true', 'false'];

/** What a boolean setting accepts, in the user's language. */
export const trueOrFalse = (): string => t('true or false');

/** "one of a, b, c", in the user's language. */
export const oneOf = (choices: readonly string[]): string => t('one of {choices}', {choices: choices.join(', ')});

/** Words older YAML read as booleans and YAML 1.2 reads as text. */
const YAML11_BOOLEANS: Readonly<Record<string, string>> = {yes: 'true', y: 'true', on: 'true', no: 'false', n: 'false', off: 'false'};

/** A value as an error message quotes it: strings in quotes and cut short, maps and lists by kind (in the user's language). */
export function describe(node: ParsedNode | undefined): string {
	if (node === undefined || (isScalar(node) && node.value === null)) {
		return t('nothing');
	}
	if (isMap(node)) {
		return t('a map');
	}
	if (isSeq(node)) {
		return node.items.length === 0 ? t('an empty list') : t('a list');
	}
	const value = (node as {value: unknown}).value;
	if (typeof value === 'string') {
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	}
	return String(value);
}

/**
 * A scalar as text, as it was written when YAML read it as something else: a key bound to 1 or ~
 * is the key "1" or "~", not a number or null.
 */
export function scalarText(node: ParsedNode | undefined): string | undefined {
	if (!isScalar(node)) {
		return undefined;
	}
	if (typeof node.value === 'string') {
		return node.value;
	}
	return node.type === 'PLAIN' ? node.source : undefined;
}

/** The plain value of a scalar node, or undefined for a map or a list. */
export function scalar(node: ParsedNode | undefined): unknown {
	return isScalar(node) ? node.value : undefined;
}
