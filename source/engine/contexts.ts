import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {configDirectory, resolveContext, resolveEndpoint, resolveHost, type Endpoint, type ResolveOptions} from './connect.js';

/** One engine the user can switch to: a docker context, or the host berth was started with. */
export interface EngineChoice {
	/** The context's name, or "--host" / "DOCKER_HOST" for a host given so. */
	name: string;
	/** The engine's URL, or why the context cannot be used. */
	where: string;
	/** The context's description, as `docker context ls` shows it. */
	description?: string;
	/** Missing when the context is broken (unreadable, no host, bad TLS files). */
	endpoint?: Endpoint;
	/** Why the context cannot be used. */
	problem?: string;
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The URL an endpoint connects to, without the "context x (…)" wrapping of its display. */
export function endpointUrl(endpoint: Endpoint): string {
	return /\((.*)\)$/.exec(endpoint.display)?.[1] ?? endpoint.display;
}

function choice(name: string, resolve: () => Endpoint, description?: string): EngineChoice {
	try {
		const endpoint = resolve();
		return {name, where: endpointUrl(endpoint), description, endpoint};
	} catch (error) {
		const problem = errorMessage(error);
		return {name, where: problem, description, problem};
	}
}

interface StoredContext {
	name: string;
	description?: string;
}

/** The contexts in the docker CLI's store (~/.docker/contexts/meta/<hash>/meta.json), by name. */
function storedContexts(options: Pick<ResolveOptions, 'env' | 'homeDir'>): StoredContext[] {
	const metaDirectory = path.join(configDirectory(options), 'contexts', 'meta');
	let entries: string[];
	try {
		entries = readdirSync(metaDirectory);
	} catch {
		return [];
	}
	const found: StoredContext[] = [];
	for (const entry of entries) {
		try {
			const meta = JSON.parse(readFileSync(path.join(metaDirectory, entry, 'meta.json'), 'utf8')) as {
				Name?: unknown;
				Metadata?: {Description?: unknown};
			};
			if (typeof meta.Name === 'string' && meta.Name !== 'default') {
				const description = meta.Metadata?.Description;
				found.push({name: meta.Name, description: typeof description === 'string' && description !== '' ? description : undefined});
			}
		} catch {
			// Not a context directory the CLI could read either; `docker context ls` leaves it out too.
		}
	}
	return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Every engine berth can switch to: the host it was started with (flag or DOCKER_HOST) when
 * there is one, the default context, then the stored contexts by name.
 */
export function listEngineChoices(options: ResolveOptions): EngineChoice[] {
	const choices: EngineChoice[] = [];
	const host = options.host?.trim();
	if (host) {
		choices.push(choice('--host', () => resolveHost(host, '--host', options)));
	}
	const dockerHost = options.env['DOCKER_HOST']?.trim();
	if (dockerHost) {
		choices.push(choice('DOCKER_HOST', () => resolveHost(dockerHost, 'DOCKER_HOST', options)));
	}
	choices.push(choice('default', () => resolveContext('default', 'the context list', options), 'the local engine'));
	for (const stored of storedContexts(options)) {
		choices.push(choice(stored.name, () => resolveContext(stored.name, 'the context list', options), stored.description));
	}
	return choices;
}

/** The name of the choice berth starts with, in the docker CLI's order (see resolveEndpoint). */
export function startingChoice(options: ResolveOptions): string {
	if (options.host?.trim()) {
		return '--host';
	}
	if (options.context?.trim()) {
		return options.context.trim();
	}
	if (options.env['DOCKER_HOST']?.trim()) {
		return 'DOCKER_HOST';
	}
	const endpoint = resolveEndpoint(options);
	return /^context (.*) \(/.exec(endpoint.display)?.[1] ?? 'default';
}
