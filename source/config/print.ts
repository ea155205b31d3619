// The default config as a YAML file: every setting with its default value and a comment saying
// what it does and what it accepts, in the user's language. Written from the schema, so it cannot
// drift from what loads; only comments are translated, so it loads the same in every language.
import {isDeepStrictEqual} from 'node:util';
import {stringify} from 'yaml';
import {t} from '../i18n/translate.js';
import {wrapProse} from '../format/prose.js';
import {DEFAULT_CONFIG, isSection, SCHEMA, yamlKey, type Config, type Field, type Section} from './schema.js';

/** What the printed keys section lists: each action's id, default keys and title (in English: the message to translate). */
export interface DocumentedAction {
	id: string;
	keys: readonly string[];
	title?: string;
}

const WIDTH = 100;

/** Comment lines at an indent, words wrapped. */
function comment(text: string, indent: string): string[] {
	return wrapProse(text, WIDTH - indent.length - 2).map(line => `${indent}# ${line}`);
}

/** A text as a sentence: with its full stop, which not every language writes as "." */
const sentence = (text: string): string => t('{text}.', {text});

/** A value on one line: lists as [a, b], maps as {a: b}, scalars quoted only where YAML needs it. */
function inline(value: unknown): string {
	if (Array.isArray(value)) {
		return `[${value.map(inline).join(', ')}]`;
	}
	if (value !== null && typeof value === 'object') {
		return `{${Object.entries(value)
			.map(([key, item]) => `${inline(key)}: ${inline(item)}`)
			.join(', ')}}`;
	}
	return stringify(value).trimEnd();
}

/**
 * A value the config file set, on one line as YAML writes it in flow style, quoting whatever needs
 * it (a key such as "]" or a {{.ID}} placeholder); maps of settings (contexts) spelled as the file spells them.
 */
function setValue(value: unknown): string {
	return stringify(yamlShape(value), {collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0}).trimEnd();
}

/** Settings objects with their keys as the file writes them (readOnly is read-only); lists and maps of ids as they are. */
function yamlShape(value: unknown, settings = false): unknown {
	if (Array.isArray(value)) {
		return value.map(item => yamlShape(item, true));
	}
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [settings ? yamlKey(key) : key, yamlShape(item, true)]));
	}
	return value;
}

function fieldLines(key: string, field: Field<unknown>, indent: string, extra: readonly string[], value: unknown): string[] {
	const lines = [...comment(sentence(field.doc()), indent), ...comment(t('Allowed: {expected}.', {expected: field.expected()}), indent)];
	for (const line of extra) {
		lines.push(...comment(line, indent));
	}
	const example = field.example ?? [];
	if (example.length > 0) {
		lines.push(`${indent}# ${t('For example:')}`, `${indent}# ${key}:`, ...example.map(line => `${indent}#   ${line}`));
	}
	// What the config file set shows in place of the default, which the comments above still say.
	lines.push(`${indent}${key}: ${isDeepStrictEqual(value, field.default) ? inline(field.default) : setValue(value)}`);
	return lines;
}

function sectionLines(section: Section<unknown>, indent: string, actions: readonly DocumentedAction[], values: Readonly<Record<string, unknown>>): string[] {
	const lines: string[] = [];
	for (const [property, item] of Object.entries<Field<unknown> | Section<unknown>>(section.fields as Record<string, Field<unknown> | Section<unknown>>)) {
		const key = yamlKey(property);
		lines.push('');
		if (isSection(item)) {
			lines.push(...comment(sentence(item.doc()), indent), `${indent}${key}:`, ...sectionLines(item, `${indent}  `, actions, values[property] as Record<string, unknown>).slice(1));
			continue;
		}
		// The keys section lists the registry's actions, which this module is not to know of itself.
		const listed =
			property === 'keys' && actions.length > 0
				? [t('The actions and their default keys:'), ...actions.map(action => `${action.id}: ${inline([...action.keys])}${action.title ? ` (${t(action.title)})` : ''}`)]
				: [];
		lines.push(...fieldLines(key, item, indent, [...(item.notes?.() ?? []), ...listed], values[property]));
	}
	return lines;
}

/**
 * The full config as YAML text, a comment on every key: the defaults, or what `config` sets in
 * their place. It loads back with no problems and equals `config`; given the registry's actions,
 * it lists each one's default keys.
 */
export function printConfig(actions: readonly DocumentedAction[] = [], config: Config = DEFAULT_CONFIG): string {
	// Two columns wider than the settings' comments: the header's English has always filled two lines so.
	const header = wrapProse(
		t('berth configuration: $XDG_CONFIG_HOME/berth/config.yml (else ~/.config/berth/config.yml), or the file given with --config PATH. Every setting is optional: one left out keeps the default shown here.'),
		WIDTH,
	).map(line => `# ${line}`);
	return `${[...header, ...sectionLines(SCHEMA, '', actions, config as unknown as Record<string, unknown>)].join('\n')}\n`;
}
