// Custom command templates: an argv array whose arguments may hold placeholders in the docker
// CLI's --format spelling ({{.ID}}, {{.Label "key"}}). A placeholder fills part of one argument and
// the command runs without a shell, so no value can add, split or quote arguments.
import type {TargetTypes} from '../actions/types.js';
import {t} from '../i18n/translate.js';
import type {Field} from '../parse/field.js';

export type CommandScope = 'container' | 'image' | 'volume' | 'network' | 'project' | 'service';
export const COMMAND_SCOPES: readonly CommandScope[] = ['container', 'image', 'volume', 'network', 'project', 'service'];

/** The fields each scope fills, and what each holds: the documentation and the check at load. */
const TEMPLATE_FIELDS: Readonly<Record<CommandScope, Readonly<Record<string, () => string>>>> = {
	container: {
		ID: () => t('the full container id'),
		Name: () => t('the container name'),
		Image: () => t('the image as the container was created from it'),
		ImageID: () => t('the image id'),
		Project: () => t('the compose project, or empty'),
		Service: () => t('the compose service, or empty'),
	},
	image: {ID: () => t('the full image id'), Tag: () => t('the first repository:tag, or empty when untagged')},
	volume: {Name: () => t('the volume name'), Driver: () => t('the volume driver'), Mountpoint: () => t('where the volume is on the engine host')},
	network: {ID: () => t('the full network id'), Name: () => t('the network name'), Driver: () => t('the network driver')},
	project: {Name: () => t('the compose project name'), WorkingDir: () => t('the directory compose ran in, or empty')},
	service: {Project: () => t('the compose project name'), Name: () => t('the service name'), Image: () => t('the service image')},
};

/** Placeholders that take a name in quotes, and the scopes that have them. */
const KEYED: Readonly<Record<'Label' | 'Env', {scopes: readonly CommandScope[]; doc: () => string; example: string}>> = {
	Label: {scopes: ['container', 'image', 'volume', 'network'], doc: () => t('the value of a label, or empty'), example: '{{.Label "key"}}'},
	Env: {scopes: ['container'], doc: () => t("the value of a variable in the container's environment, or empty"), example: '{{.Env "NAME"}}'},
};

function keyedOf(scope: CommandScope): ('Label' | 'Env')[] {
	return (['Label', 'Env'] as const).filter(name => KEYED[name].scopes.includes(scope));
}

type Part = string | {field: string} | {label: string} | {env: string};

/**
 * A literal "{{", as Go templates (and so docker's own --format) spell it: an argument that holds a
 * docker --format template writes each of docker's "{{" this way, or berth would read it as its own.
 */
export const LITERAL_BRACES = '{{"{{"}}';

/** `{{ .Name }}` or `{{ .Label "key" }}`; the key may hold \" and \\. */
const PLACEHOLDER = /^\{\{\s*\.([A-Za-z]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\}\}/;

/** Every placeholder a scope has, as a user writes it. */
export function placeholdersOf(scope: CommandScope): string[] {
	return [...Object.keys(TEMPLATE_FIELDS[scope]).map(name => `{{.${name}}}`), ...keyedOf(scope).map(name => KEYED[name].example)];
}

/** One argument of a command template split into text and placeholders, or why it cannot be (in the user's language). */
export function parseArgument(argument: string, scope: CommandScope): Field<Part[]> {
	const parts: Part[] = [];
	let rest = argument;
	const values = (text: string): Record<string, string> => ({text, scope, placeholders: placeholdersOf(scope).join(', ')});
	while (rest !== '') {
		const start = rest.indexOf('{{');
		if (start === -1) {
			parts.push(rest);
			break;
		}
		if (start > 0) {
			parts.push(rest.slice(0, start));
		}
		rest = rest.slice(start);
		if (rest.startsWith(LITERAL_BRACES)) {
			parts.push('{{');
			rest = rest.slice(LITERAL_BRACES.length);
			continue;
		}
		const match = PLACEHOLDER.exec(rest);
		if (!match) {
			const end = rest.indexOf('}}');
			return {
				error:
					end === -1
						? t('"{{" without a closing "}}" in {argument}', {argument: JSON.stringify(argument)})
						: t("{text} is not a placeholder; {scope} commands have {placeholders} (docker's own --format templates write each {{ as {literal})", {
								...values(rest.slice(0, end + 2)),
								literal: LITERAL_BRACES,
							}),
			};
		}
		const [text, name = '', quoted] = match;
		if (name === 'Label' || name === 'Env') {
			if (!KEYED[name].scopes.includes(scope)) {
				return {error: t('{text} is not a placeholder; {scope} commands have {placeholders}', values(text))};
			}
			if (quoted === undefined) {
				return {error: t('{text} needs a name in double quotes, as in {example}', {text, example: KEYED[name].example})};
			}
			const key = quoted.replace(/\\(.)/g, '$1');
			parts.push(name === 'Label' ? {label: key} : {env: key});
		} else if (Object.hasOwn(TEMPLATE_FIELDS[scope], name)) {
			if (quoted !== undefined) {
				return {error: t('{text}: {field} takes no name', {text, field: `{{.${name}}}`})};
			}
			parts.push({field: name});
		} else {
			return {error: t('{text} is not a placeholder; {scope} commands have {placeholders}', values(text))};
		}
		rest = rest.slice(text.length);
	}
	return {value: parts};
}

/** What a command's placeholders are filled from. */
export interface TemplateValues {
	fields: Readonly<Record<string, string>>;
	labels: Readonly<Record<string, string>>;
	/** The container's environment as the engine lists it ("NAME=value"), when it was inspected. */
	env?: readonly string[];
}

/** Whether a command uses {{.Env "…"}}, so the container must be inspected before it runs. */
export function usesEnv(command: readonly string[]): boolean {
	return command.some(argument => /\{\{\s*\.Env\b/.test(argument));
}

/** A record's own entry: a label called "constructor" is not Object's. */
function own(record: Readonly<Record<string, string>>, key: string): string {
	return Object.hasOwn(record, key) ? record[key]! : '';
}

function envValue(env: readonly string[] | undefined, name: string): string {
	const entry = env?.find(item => item.startsWith(`${name}=`));
	return entry === undefined ? '' : entry.slice(name.length + 1);
}

/**
 * The argv of a custom command for one object: each argument of the template with its
 * placeholders replaced by the values as they are. One template argument is one argument.
 */
export function fillCommand(command: readonly string[], scope: CommandScope, values: TemplateValues): Field<string[]> {
	const argv: string[] = [];
	for (const argument of command) {
		const parsed = parseArgument(argument, scope);
		if ('error' in parsed) {
			return parsed;
		}
		let filled = '';
		for (const part of parsed.value) {
			if (typeof part === 'string') {
				filled += part;
			} else if ('field' in part) {
				filled += own(values.fields, part.field);
			} else if ('label' in part) {
				filled += own(values.labels, part.label);
			} else {
				filled += envValue(values.env, part.env);
			}
		}
		// An operating system argument ends at a NUL byte: the rest would be cut off silently.
		if (filled.includes('\0')) {
			return {error: t('{argument} would hold a NUL byte, which no argument can', {argument: JSON.stringify(argument)})};
		}
		argv.push(filled);
	}
	return {value: argv};
}

type ValuesOf = {[S in CommandScope]: (target: TargetTypes[S], env?: readonly string[]) => TemplateValues};

const VALUES: ValuesOf = {
	container: (container, env) => ({
		fields: {
			ID: container.id,
			Name: container.name,
			Image: container.image,
			ImageID: container.imageId,
			Project: container.project ?? '',
			Service: container.service ?? '',
		},
		labels: container.labels,
		env,
	}),
	image: image => ({fields: {ID: image.id, Tag: image.tags[0] ?? ''}, labels: image.labels}),
	volume: volume => ({fields: {Name: volume.name, Driver: volume.driver, Mountpoint: volume.mountpoint}, labels: volume.labels}),
	network: network => ({fields: {ID: network.id, Name: network.name, Driver: network.driver}, labels: network.labels}),
	project: project => ({fields: {Name: project.name, WorkingDir: project.workingDir ?? ''}, labels: {}}),
	service: ({project, service}) => ({fields: {Project: project.name, Name: service.name, Image: service.image}, labels: {}}),
};

/** The values of one object of a scope, as its placeholders name them. */
export function templateValues<S extends CommandScope>(scope: S, target: TargetTypes[S], env?: readonly string[]): TemplateValues {
	return VALUES[scope](target, env);
}

/** The placeholder documentation of every scope, one line each, for the printed default config. */
export function placeholderDocs(): string[] {
	return COMMAND_SCOPES.map(scope => {
		const fields = Object.entries(TEMPLATE_FIELDS[scope]).map(([name, doc]) => `{{.${name}}} ${doc()}`);
		const keyed = keyedOf(scope).map(name => `${KEYED[name].example} ${KEYED[name].doc()}`);
		return `${scope}: ${[...fields, ...keyed].join('; ')}`;
	});
}
