// Every setting of the config file in one table: its default, what it does, what it accepts (the
// words error messages and the printed default config use), and how it is read. The words are
// functions: they are said in the user's language, chosen after this module loads.
import {isScalar, isSeq, type Node, type ParsedNode} from 'yaml';
import {parseSince} from '../parse/since.js';
import {CONTAINER_COLUMN_IDS, SORT_COLUMNS, type ContainerColumnId, type SortColumn} from '../store/metrics.js';
import {PANES, type PaneId} from '../store/view-store.js';
import {COLOR_NAMES, COLOR_ROLES, parseColor, THEME_NAMES, type ColorRole, type ThemeName} from './colors.js';
import {commands, type CustomCommand} from './custom-commands.js';
import {checkKey} from './key-names.js';
import {t} from '../i18n/translate.js';
import {BOOLEANS, describe, oneOf, scalar, scalarText, trueOrFalse, type Reader} from './read.js';
import {nearest} from './suggest.js';

/** Action id → the keys that replace its default keys. */
export type Keymap = Readonly<Record<string, readonly string[]>>;

/** Action id → whether it asks before it runs. */
export type Confirmations = Readonly<Record<string, boolean>>;

export interface ThemeConfig {
	name: ThemeName;
	colors: Readonly<Partial<Record<ColorRole, string>>>;
}

export interface LogsConfig {
	tail: number;
	timestamps: boolean;
	wrap: boolean;
	/** As written (a duration counts back from when the logs open); '' loads from the start. */
	since: string;
}

export interface StatsConfig {
	/** Seconds. */
	interval: number;
	/** Seconds. */
	history: number;
}

export interface UiConfig {
	pane: PaneId;
	sort: SortColumn;
	columns: readonly ContainerColumnId[];
	ascii: boolean;
	mouse: boolean;
}

export interface ContextConfig {
	readOnly: boolean;
	/** Watched at start, with every other context so marked (as if each were given with --context). */
	connect: boolean;
}

export interface Config {
	keys: Keymap;
	confirmations: Confirmations;
	theme: ThemeConfig;
	logs: LogsConfig;
	stats: StatsConfig;
	ui: UiConfig;
	readOnly: boolean;
	contexts: Readonly<Record<string, ContextConfig>>;
	commands: readonly CustomCommand[];
}

export interface Field<T> {
	/** What the setting does. */
	doc: () => string;
	/** What it accepts, as "expected …" in an error and in the printed config. */
	expected: () => string;
	default: T;
	/**
	 * The value at a node, or undefined when it is wrong as a whole (then reported with `expected`).
	 * Wrong parts of a map or list are reported here and left out.
	 */
	read(node: ParsedNode, path: string, reader: Reader): T | undefined;
	/** For a wrong word: the words that were meant, to suggest the nearest. */
	choices?: readonly string[];
	/** More that the printed config says about it, a line each. */
	notes?: () => readonly string[];
	/** Commented-out lines the printed config shows under an empty default (YAML, never translated). */
	example?: readonly string[];
}

export interface Section<T> {
	doc: () => string;
	fields: {readonly [P in keyof T]-?: Field<T[P]> | Section<T[P]>};
}

export function isSection<T>(item: Field<T> | Section<T>): item is Section<T> {
	return 'fields' in item;
}

/** How a property is spelled in the file: readOnly is read-only. */
export function yamlKey(property: string): string {
	return property.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

function boolean(doc: () => string, value: boolean): Field<boolean> {
	return {doc, expected: trueOrFalse, default: value, choices: BOOLEANS, read: node => (typeof scalar(node) === 'boolean' ? (scalar(node) as boolean) : undefined)};
}

function choice<T extends string>(doc: () => string, choices: readonly T[], value: T): Field<T> {
	return {doc, expected: () => oneOf(choices), default: value, choices, read: node => choices.find(item => item === scalar(node))};
}

function seconds(doc: () => string, min: number, max: number, value: number): Field<number> {
	return {
		doc,
		expected: () => t('seconds from {min} to {max}', {min, max}),
		default: value,
		read(node) {
			const number = scalar(node);
			return typeof number === 'number' && number >= min && number <= max ? number : undefined;
		},
	};
}

const since: Field<string> = {
	doc: () => t('How far back logs load when they open: a duration back from then, or a time; empty loads from the start (within tail)'),
	expected: () => t('a duration such as 10m or 2h, an RFC 3339 time such as 2026-11-29T10:00:00Z, or ""'),
	default: '',
	read(node) {
		const text = scalarText(node);
		if (text === undefined) {
			return undefined;
		}
		return text.trim() === '' || !('error' in parseSince(text, Date.now())) ? text.trim() : undefined;
	},
};

/** A key, or a list of keys, each as the registry names it; undefined (reported) when any is wrong. */
function readKeys(node: ParsedNode, path: string, reader: Reader): string[] | undefined {
	const items = isScalar(node) && node.value !== null ? [node] : isSeq(node) ? node.items : undefined;
	if (items === undefined) {
		reader.wrong(node, path, t('a key or a list of keys'));
		return undefined;
	}
	const keys: string[] = [];
	let wrong = false;
	for (const item of items) {
		const itemNode = reader.resolve(item);
		const text = scalarText(itemNode);
		const checked = text === undefined ? {error: t('expected a key name, got {value}', {value: describe(itemNode)})} : checkKey(text);
		if ('error' in checked) {
			reader.report(itemNode ?? node, `${path}: ${checked.error}`);
			wrong = true;
		} else if (!keys.includes(checked.value)) {
			keys.push(checked.value);
		}
	}
	return wrong ? undefined : keys;
}

/** Whether the registry has an action; reports it (with the nearest id) when not. */
function knownAction(id: string, at: Node, path: string, reader: Reader): boolean {
	if (reader.actionIds.has(id)) {
		return true;
	}
	const guess = nearest(id, reader.actionIds);
	const values = {path, id, guess: guess ?? ''};
	reader.report(
		at,
		guess === undefined
			? t('{path}: {id} is not an action (the help screen, ?, lists the actions)', values)
			: t('{path}: {id} is not an action; did you mean {guess}? (the help screen, ?, lists the actions)', values),
	);
	return false;
}

const keys: Field<Keymap> = {
	doc: () => t("Keys for actions, replacing an action's default keys: action id: [keys]. A key is one character (s, S, /), ctrl+ and a letter, or a named key"),
	expected: () => t('a map of action id to a list of keys'),
	default: {},
	example: ['container.stop: [s]', 'quit: [q, ctrl+c]'],
	notes: () => [t('A custom command (commands, below) is the action command.NAME: its own key is its default, and a key here replaces it.')],
	read(node, path, reader) {
		const map = reader.map(node, path, this.expected());
		if (!map) {
			return {};
		}
		const keymap: Record<string, string[]> = {};
		for (const {key, keyNode, value} of reader.entries(map, path)) {
			const at = `${path}.${key}`;
			if (knownAction(key, keyNode, at, reader)) {
				const bound = readKeys(value, at, reader);
				if (bound !== undefined) {
					keymap[key] = bound;
					reader.mark(at, keyNode, at);
				}
			}
		}
		return keymap;
	},
};

const confirmations: Field<Confirmations> = {
	doc: () =>
		t('Whether an action asks before it runs: action id: true makes it ask first; false lets a yes-or-no question go unasked. Destructive actions (remove, prune, down, kill…) always ask'),
	expected: () => t('a map of action id to true or false'),
	default: {},
	example: ['container.stop: true', 'container.restart: true'],
	read(node, path, reader) {
		const map = reader.map(node, path, this.expected());
		const chosen: Record<string, boolean> = {};
		for (const {key, keyNode, value, site} of map ? reader.entries(map, path) : []) {
			const at = `${path}.${key}`;
			if (!knownAction(key, keyNode, at, reader)) {
				continue;
			}
			const asks = scalar(value);
			if (typeof asks === 'boolean') {
				chosen[key] = asks;
				reader.mark(at, keyNode, at);
			} else {
				reader.wrong(site, at, trueOrFalse(), BOOLEANS);
			}
		}
		return chosen;
	},
};

/** The containers list's columns, in order: unknown names are reported and left out; none left keeps the default. */
const columns: Field<readonly ContainerColumnId[]> = {
	doc: () => t('The columns of the containers list, in order (where the terminal is too narrow for all, the least needed are left out)'),
	expected: () => t('a list of {choices}', {choices: CONTAINER_COLUMN_IDS.join(', ')}),
	default: CONTAINER_COLUMN_IDS,
	read(node, path, reader) {
		const list = reader.list(node, path, this.expected());
		const chosen: ContainerColumnId[] = [];
		list?.items.forEach((item, index) => {
			const itemNode = reader.resolve(item);
			const id = CONTAINER_COLUMN_IDS.find(column => column === scalar(itemNode));
			if (id === undefined) {
				reader.wrong(itemNode ?? node, `${path}[${index}]`, oneOf(CONTAINER_COLUMN_IDS), CONTAINER_COLUMN_IDS);
			} else if (!chosen.includes(id)) {
				chosen.push(id);
			}
		});
		return chosen.length > 0 ? chosen : CONTAINER_COLUMN_IDS;
	},
};

const colorExpected = (): string =>
	t('a colour name ({names}), a 256-colour index from 0 to 255, or "#rrggbb" in quotes (# starts a comment in YAML)', {names: COLOR_NAMES.join(', ')});

const colors: Field<ThemeConfig['colors']> = {
	doc: () =>
		t("Colours by role, over the theme's: {roles}", {
			roles: Object.entries(COLOR_ROLES)
				.map(([role, use]) => `${role} (${use()})`)
				.join(', '),
		}),
	expected: () => t('a map of role to colour'),
	default: {},
	example: ['accent: magenta', 'running: 82', 'error: "#ff5f5f"'],
	read(node, path, reader) {
		const map = reader.map(node, path, this.expected());
		const chosen: Partial<Record<ColorRole, string>> = {};
		for (const {key, keyNode, value} of map ? reader.entries(map, path) : []) {
			const at = `${path}.${key}`;
			if (!Object.hasOwn(COLOR_ROLES, key)) {
				reader.unknown(keyNode, at, t('colour role'), Object.keys(COLOR_ROLES), `${path}.`);
				continue;
			}
			const color = parseColor(scalar(value));
			if (color === undefined) {
				reader.wrong(value, at, colorExpected(), COLOR_NAMES);
			} else {
				chosen[key as ColorRole] = color;
			}
		}
		return chosen;
	},
};

const contextSection: Section<ContextConfig> = {
	doc: () => t('Settings for one docker context'),
	fields: {
		readOnly: boolean(() => t('Refuse every action that changes something on this context’s engine'), false),
		connect: boolean(() => t('Watch this engine at start, together with every other context marked so (as --context given for each)'), false),
	},
};

/** `contexts: [a, b]`: the contexts to watch at start, each with the default settings otherwise. */
function connectedContexts(items: readonly unknown[], path: string, reader: Reader): Record<string, ContextConfig> {
	const chosen: Array<[string, ContextConfig]> = [];
	for (const item of items) {
		const itemNode = reader.resolve(item);
		const name = scalarText(itemNode)?.trim();
		if (name === undefined || name === '') {
			reader.report(itemNode ?? (item as Node), t('{path}: expected a context name, got {value}', {path, value: describe(itemNode)}));
		} else {
			chosen.push([name, {...defaultsOf(contextSection), connect: true}]);
		}
	}
	return Object.fromEntries(chosen);
}

const contexts: Field<Readonly<Record<string, ContextConfig>>> = {
	doc: () =>
		t('Settings by docker context name: read-only: true refuses every change on that engine; connect: true watches it at start with the others so marked. A list of names, [local, production], watches those engines at once'),
	expected: () => t('a map of context name to its settings, or a list of context names'),
	default: {},
	example: ['production:', '  read-only: true', '  connect: true', 'default:', '  connect: true'],
	read(node, path, reader) {
		if (isSeq(node)) {
			return connectedContexts(node.items, path, reader);
		}
		const map = reader.map(node, path, this.expected());
		// fromEntries: a context may be called __proto__ without becoming the map's prototype.
		return Object.fromEntries((map ? reader.entries(map, path) : []).map(({key, value}) => [key, readSection(value, contextSection, `${path}.${key}`, reader)]));
	},
};

export const SCHEMA: Section<Config> = {
	doc: () => t('berth configuration'),
	fields: {
		keys,
		confirmations,
		theme: {
			doc: () => t('Colours: a theme, and colours of your own over it'),
			fields: {
				name: choice(() => t('The base palette'), THEME_NAMES, 'dark'),
				colors,
			},
		},
		logs: {
			doc: () => t('The logs tab'),
			fields: {
				tail: {
					doc: () => t('Log lines to load when logs open (0: none, only new lines)'),
					expected: () => t('a whole number from 0'),
					default: 500,
					read: node => {
						const value = scalar(node);
						return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
					},
				},
				timestamps: boolean(() => t('Show the time of each line'), false),
				wrap: boolean(() => t('Wrap long lines rather than cut them at the edge'), false),
				since,
			},
		},
		stats: {
			doc: () => t('Container metrics'),
			fields: {
				interval: seconds(() => t('Seconds between metric samples'), 0.5, 60, 1),
				history: seconds(() => t('Seconds of metrics kept for the graphs'), 10, 86_400, 300),
			},
		},
		ui: {
			doc: () => t('The screen'),
			fields: {
				pane: choice(() => t('The pane shown at start'), PANES, 'containers'),
				sort: choice(() => t('The order of the container list at start'), SORT_COLUMNS, 'state'),
				columns,
				ascii: boolean(() => t('Draw with ASCII only, for terminals or fonts without box-drawing and symbol characters'), false),
				mouse: {
					...boolean(
						() =>
							t('Take the mouse at start: a click selects a row, a pane or a tab, the wheel scrolls lists and logs (the mouse key, m, turns it off and on; --mouse and --no-mouse override this)'),
						false,
					),
					notes: () => [t('While berth has the mouse the terminal cannot select text: press m to give it back, or hold Shift (most terminals) to select anyway.')],
				},
			},
		},
		readOnly: boolean(() => t('Refuse every action that changes something on any engine: look, do not touch'), false),
		contexts,
		commands,
	},
};

/** A section's defaults, sections within it included. */
export function defaultsOf<T>(section: Section<T>): T {
	const values: Record<string, unknown> = {};
	for (const [property, item] of Object.entries<Field<unknown> | Section<unknown>>(section.fields)) {
		values[property] = isSection(item) ? defaultsOf(item) : item.default;
	}
	return values as T;
}

/** A section's values from a map node: the default for anything absent or wrong (reported). */
export function readSection<T>(node: ParsedNode | undefined, section: Section<T>, path: string, reader: Reader): T {
	const values = defaultsOf(section) as Record<string, unknown>;
	if (node === undefined || (isScalar(node) && node.value === null)) {
		return values as T;
	}
	const map = reader.map(node, path || t('the file'), t('a map of settings'));
	const fields = section.fields as Readonly<Record<string, Field<unknown> | Section<unknown>>>;
	const known = Object.keys(fields).map(yamlKey);
	const prefix = path === '' ? '' : `${path}.`;
	for (const {key, keyNode, value, site} of map ? reader.entries(map, path) : []) {
		const property = Object.keys(fields).find(name => yamlKey(name) === key);
		const at = `${prefix}${key}`;
		if (property === undefined) {
			reader.unknown(keyNode, at, t('key'), known, prefix, SETTING_PATHS);
			continue;
		}
		const item = fields[property]!;
		if (isSection(item)) {
			values[property] = readSection(value, item, at, reader);
			continue;
		}
		// A map or list with every entry commented out is empty, not wrong.
		if (isScalar(value) && value.value === null && typeof item.default === 'object') {
			continue;
		}
		const read = item.read(value, at, reader);
		if (read === undefined) {
			reader.wrong(site, at, item.expected(), item.choices);
		} else {
			values[property] = read;
		}
	}
	return values as T;
}

/** The full path of every setting (logs.tail, stats.interval…), to find one written in the wrong place. */
function settingPaths(section: Section<unknown>, prefix: string): string[] {
	return Object.entries<Field<unknown> | Section<unknown>>(section.fields as Record<string, Field<unknown> | Section<unknown>>).flatMap(([property, item]) => {
		const path = `${prefix}${yamlKey(property)}`;
		return isSection(item) ? settingPaths(item, `${path}.`) : [path];
	});
}

export const DEFAULT_CONFIG: Config = defaultsOf(SCHEMA);
const SETTING_PATHS = settingPaths(SCHEMA, '');
