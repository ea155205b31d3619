// The custom commands of a config file: each read whole or not at all, its argv template checked
// against the placeholders of its scope, its program never taken from a placeholder.
import {isMap, isSeq, type Document, type ParsedNode} from 'yaml';
import {t} from '../i18n/translate.js';
import {checkKey} from './key-names.js';
import {commandId} from './keymap.js';
import {BOOLEANS, describe, oneOf, scalar, scalarText, trueOrFalse, type Reader} from './read.js';
import type {Field} from './schema.js';
import {COMMAND_SCOPES, LITERAL_BRACES, parseArgument, placeholderDocs, type CommandScope} from './templates.js';

export interface CustomCommand {
	name: string;
	key: string;
	scope: CommandScope;
	/** argv template; the first argument is the program, plain text. */
	command: readonly string[];
	/** Hand the terminal over (as exec does) rather than collect the output in the background. */
	terminal: boolean;
	confirm: boolean;
}

/** The fields of one custom command: name, key, scope and command must be given. */
const COMMAND_FIELDS = ['name', 'key', 'scope', 'command', 'terminal', 'confirm'] as const;
const REQUIRED = ['name', 'key', 'scope', 'command'];

/** One custom command, or undefined when anything in it is wrong (all reported): a half-right command must not run. */
function readCommand(node: ParsedNode, path: string, reader: Reader, names: Set<string>): CustomCommand | undefined {
	const map = reader.map(node, path, t('a map with name, key, scope and command'));
	if (!map) {
		return undefined;
	}
	const before = reader.problems.length;
	const given = new Map<string, ParsedNode>();
	for (const {key, keyNode, value} of reader.entries(map, path)) {
		if ((COMMAND_FIELDS as readonly string[]).includes(key)) {
			given.set(key, value);
		} else {
			reader.unknown(keyNode, `${path}.${key}`, t('key'), COMMAND_FIELDS, `${path}.`);
		}
	}
	const missing = REQUIRED.filter(key => !given.has(key));
	if (missing.length > 0) {
		reader.report(map, t('{path}: needs {fields}', {path, fields: missing.join(', ')}));
	}
	const text = (key: string): string | undefined => {
		const node = given.get(key);
		const value = scalarText(node);
		if (node && (value === undefined || value.trim() === '')) {
			reader.wrong(node, `${path}.${key}`, key === 'name' ? t('a name') : t('a key'));
			return undefined;
		}
		return value;
	};
	const flag = (key: string): boolean => {
		const node = given.get(key);
		if (node && typeof scalar(node) !== 'boolean') {
			reader.wrong(node, `${path}.${key}`, trueOrFalse(), BOOLEANS);
		}
		return scalar(node) === true;
	};
	const name = text('name');
	if (name !== undefined && names.has(name)) {
		reader.report(given.get('name'), t('{path}.name: another command is already called {name}', {path, name}));
	}
	const keyText = text('key');
	const key = keyText === undefined ? undefined : checkKey(keyText);
	if (key && 'error' in key) {
		reader.report(given.get('key'), `${path}.key: ${key.error}`);
	}
	const scopeNode = given.get('scope');
	const scope = COMMAND_SCOPES.find(item => item === scalar(scopeNode));
	if (scopeNode && !scope) {
		reader.wrong(scopeNode, `${path}.scope`, oneOf(COMMAND_SCOPES), COMMAND_SCOPES);
	}
	const command = readArgv(given.get('command'), `${path}.command`, scope, reader);
	const terminal = flag('terminal');
	const confirm = flag('confirm');
	if (reader.problems.length > before || name === undefined || !key || 'error' in key || !scope || !command) {
		return undefined;
	}
	names.add(name);
	reader.mark(`commands.${commandId({name})}`, given.get('key')!, `${path}.key`);
	return {name, key: key.value, scope, command, terminal, confirm};
}

/** A command's argv template: a non-empty list of strings, the program plain text, every placeholder known to the scope. */
function readArgv(node: ParsedNode | undefined, path: string, scope: CommandScope | undefined, reader: Reader): string[] | undefined {
	if (!node) {
		return undefined;
	}
	if (!isSeq(node) || node.items.length === 0) {
		reader.wrong(node, path, t('a list of arguments, the program first, such as [docker, exec, "{{.ID}}", env]'));
		return undefined;
	}
	const argv: string[] = [];
	node.items.forEach((item, index) => {
		const itemNode = reader.resolve(item);
		const argument = scalarText(itemNode);
		const at = `${path}[${index}]`;
		if (argument === undefined) {
			reader.wrong(itemNode ?? node, at, t('an argument (text)'));
			return;
		}
		// The program is never filled from a container's labels or names: they choose no program.
		if (index === 0 && (argument === '' || argument.includes('{{'))) {
			reader.report(itemNode, t('{path}: the program must be plain text, not {value}', {path: at, value: describe(itemNode)}));
			return;
		}
		const parsed = scope === undefined ? {value: []} : parseArgument(argument, scope);
		if ('error' in parsed) {
			reader.report(itemNode, `${at}: ${parsed.error}`);
			return;
		}
		argv.push(argument);
	});
	return argv.length === node.items.length ? argv : undefined;
}

export const commands: Field<readonly CustomCommand[]> = {
	doc: () =>
		t(
			'Commands of your own, run on the selected object without a shell: name, key, scope (container, image, volume, network, project or service), command (the program and its arguments, with placeholders such as {{.ID}} filled in place), terminal (true: hand it the terminal, as exec does; false: run it in the background and keep its output), confirm (ask first)',
		),
	expected: () => t('a list of commands'),
	default: [],
	notes: () => [
		t('Placeholders by scope:'),
		...placeholderDocs(),
		t('Commands run on this machine with DOCKER_HOST (and DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) set to the engine berth is connected to; read-only mode refuses them all.'),
		t("A placeholder fills part of one argument and never adds or splits arguments. For a docker --format template write each of docker's {{ as {literal}: {example}", {
			literal: LITERAL_BRACES,
			example: `[docker, inspect, --format, '${LITERAL_BRACES}.State.Status}}', "{{.ID}}"]`,
		}),
	],
	example: ['- name: env', '  key: V', '  scope: container', '  command: [docker, exec, "{{.ID}}", env]', '  terminal: false', '  confirm: false'],
	read(node, path, reader) {
		const list = reader.list(node, path, this.expected());
		const names = new Set<string>();
		const read: CustomCommand[] = [];
		list?.items.forEach((item, index) => {
			const itemNode = reader.resolve(item);
			const command = itemNode ? readCommand(itemNode, `${path}[${index}]`, reader, names) : undefined;
			if (command) {
				read.push(command);
			}
		});
		return read;
	},
};

/**
 * The action ids of the commands a config document names, read before the rest of it: its keys
 * section may bind them (command.NAME), and may come first in the file.
 */
export function namedCommandIds(document: Document): string[] {
	const list = document.get('commands');
	if (!isSeq(list)) {
		return [];
	}
	return list.items.flatMap(item => {
		const name = isMap(item) ? item.get('name') : undefined;
		return typeof name === 'string' ? [commandId({name})] : [];
	});
}
