import {validEngineName} from '../format/engine-key.js';
import {parseHost, resolveContext, resolveEndpoint, resolveHost, type Endpoint, type EngineEntry, type ResolveOptions} from './connect.js';
import {endpointUrl, startingChoice} from './contexts.js';

/** What the user asked to watch at once: --host (each maybe NAME=URL) and --context, as given. */
export interface EngineSetWanted {
	hosts: readonly string[];
	contexts: readonly string[];
}

// A name before the URL: prod=ssh://me@host. Docker host URLs never hold "=", so it cannot be part of one.
const NAMED_HOST = /^([^=\s]+)=(.+)$/;

/** The name a host goes by when none is given: the URL without its scheme. */
function hostName(value: string, origin: string): string {
	const url = parseHost(value, origin).url;
	return url.slice(url.indexOf('://') + 3);
}

/**
 * Every engine asked for, named and resolved, hosts first. Throws when a name or URL is wrong or
 * two engines would go by the same name.
 */
export function resolveEngineSet(wanted: EngineSetWanted, options: ResolveOptions): EngineEntry[] {
	const entries: EngineEntry[] = [];
	for (const value of wanted.hosts) {
		const named = NAMED_HOST.exec(value.trim());
		const url = named ? named[2]! : value.trim();
		const endpoint = resolveHost(url, '--host', options);
		entries.push({name: named ? named[1]! : hostName(url, '--host'), endpoint, flags: ['-H', endpointUrl(endpoint)]});
	}

	for (const value of wanted.contexts) {
		const name = value.trim();
		entries.push({name, endpoint: resolveContext(name, '--context', options), flags: ['--context', name]});
	}

	const seen = new Set<string>();
	for (const {name} of entries) {
		if (!validEngineName(name)) {
			throw new Error(`"${name}" cannot name an engine: use letters, digits and . : @ / + _ - (and never "@@"), e.g. --host prod=URL`);
		}

		if (seen.has(name)) {
			throw new Error(`two engines are called "${name}": give each host a name of its own, --host NAME=URL`);
		}

		seen.add(name);
	}

	return entries;
}

/** The endpoint that stands for several engines: what is shown for the set, and each engine of it. */
export function engineSetEndpoint(entries: readonly EngineEntry[]): Endpoint {
	const [first] = entries;
	if (!first) {
		throw new Error('no engine to connect to');
	}

	return {...first.endpoint, display: entries.map(entry => entry.name).join(', '), engines: entries};
}

/** The engine, or engines, berth starts with, the name of that choice, and the options the `@` switcher lists from. */
export interface StartingEngines {
	endpoint: Endpoint;
	starting: string;
	resolve: ResolveOptions;
}

/** One engine as the docker CLI picks it (flags, environment, current context), or the set of several asked for. */
export function startingEngines(wanted: EngineSetWanted, base: Pick<ResolveOptions, 'env' | 'homeDir'>): StartingEngines {
	const [host] = wanted.hosts;
	const resolve: ResolveOptions = {...base, host: host === undefined ? undefined : (NAMED_HOST.exec(host.trim())?.[2] ?? host), context: wanted.contexts[0]};
	if (wanted.hosts.length + wanted.contexts.length > 1) {
		const endpoint = engineSetEndpoint(resolveEngineSet(wanted, resolve));
		return {endpoint, starting: endpoint.display, resolve};
	}

	return {endpoint: resolveEndpoint(resolve), starting: startingChoice(resolve), resolve};
}
