import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {DockerEngine} from './docker-engine.js';
import {MultiEngine} from './multi-engine.js';
import type {Engine} from './types.js';

const defaultSocketPath = '/var/run/docker.sock';

/** TLS files to present; a missing file means "not configured", not an error. */
export interface TlsSettings {
	/** false when the server certificate must not be checked (DOCKER_TLS, a context's SkipTLSVerify). */
	verify: boolean;
	caFile?: string;
	certFile?: string;
	keyFile?: string;
}

interface EndpointBase {
	/** What to show the user: the URL, or "context <name> (<url>)". */
	display: string;
	/** When berth watches several engines at once: each of them; this endpoint then stands for the set. */
	engines?: readonly EngineEntry[];
}

/** One engine of several, named as the ENGINE column shows it. */
export interface EngineEntry {
	name: string;
	endpoint: Endpoint;
	/** The docker CLI's global flags that point it at this engine: ["--context", "prod"] or ["-H", url]. */
	flags: readonly string[];
}

export interface UnixEndpoint extends EndpointBase {
	protocol: 'unix';
	socketPath: string;
}

export interface TcpEndpoint extends EndpointBase {
	protocol: 'tcp';
	host: string;
	port: number;
	tls?: TlsSettings;
}

export interface SshEndpoint extends EndpointBase {
	protocol: 'ssh';
	host: string;
	port?: number;
	username?: string;
	/** SSH agent socket used to authenticate (SSH_AUTH_SOCK). */
	agentSocket?: string;
	/** Where ~/.ssh (config, known_hosts, keys) is looked up; the user's home directory when unset. */
	homeDir?: string;
}

export type Endpoint = UnixEndpoint | TcpEndpoint | SshEndpoint;

export interface ResolveOptions {
	/** The host flag, e.g. "tcp://10.0.0.2:2376". */
	host?: string;
	/** The context flag. */
	context?: string;
	env: NodeJS.ProcessEnv;
	homeDir: string;
}

type ParsedHost =
	| {protocol: 'unix'; socketPath: string; url: string}
	| {protocol: 'tcp'; host: string; port?: number; url: string}
	| {protocol: 'ssh'; host: string; port?: number; username?: string; url: string};

/** Parses a Docker host URL; `origin` names where it came from so the error can point there. */
export function parseHost(value: string, origin: string): ParsedHost {
	const fail = (problem: string): never => {
		throw new Error(`malformed Docker host "${value}" (from ${origin}): ${problem}`);
	};
	const trimmed = value.trim();
	if (trimmed === '') {
		fail('it is empty');
	}
	// Like the docker CLI, a bare "host:port" means TCP.
	const withScheme = trimmed.includes('://') ? trimmed : `tcp://${trimmed}`;
	const scheme = withScheme.slice(0, withScheme.indexOf('://')).toLowerCase();

	if (scheme === 'unix') {
		const socketPath = withScheme.slice('unix://'.length);
		if (!socketPath.startsWith('/')) {
			fail('a unix socket needs an absolute path, e.g. unix:///var/run/docker.sock');
		}
		return {protocol: 'unix', socketPath, url: `unix://${socketPath}`};
	}
	if (scheme !== 'tcp' && scheme !== 'ssh') {
		fail(`unsupported scheme "${scheme}://"; use unix://, tcp:// or ssh://`);
	}

	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return fail('not a valid URL');
	}
	if (url.hostname === '') {
		fail('no host name');
	}
	if (url.pathname !== '' && url.pathname !== '/') {
		fail(`path "${url.pathname}" is not supported`);
	}
	if (url.search !== '' || url.hash !== '') {
		fail('query strings and fragments are not supported');
	}
	const port = url.port === '' ? undefined : Number(url.port);
	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	const hostForUrl = url.hostname;

	if (scheme === 'tcp') {
		if (url.username !== '' || url.password !== '') {
			fail('tcp:// does not take a user name');
		}
		return {protocol: 'tcp', host, port, url: `tcp://${hostForUrl}${port === undefined ? '' : `:${port}`}`};
	}
	if (url.password !== '') {
		fail('put passwords in an SSH agent, not in the URL');
	}
	const username = url.username === '' ? undefined : decodeURIComponent(url.username);
	return {
		protocol: 'ssh',
		host,
		port,
		username,
		url: `ssh://${username === undefined ? '' : `${username}@`}${hostForUrl}${port === undefined ? '' : `:${port}`}`,
	};
}

/** The docker CLI's configuration directory: $DOCKER_CONFIG or ~/.docker. */
export function configDirectory(options: Pick<ResolveOptions, 'env' | 'homeDir'>): string {
	const fromEnv = options.env['DOCKER_CONFIG'];
	return fromEnv !== undefined && fromEnv !== '' ? fromEnv : path.join(options.homeDir, '.docker');
}

function readJson(file: string): unknown {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new Error(`cannot read ${file}: ${(error as Error).message}`);
	}
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
	}
}

function contextHash(name: string): string {
	return createHash('sha256').update(name).digest('hex');
}

/** Names of the contexts the docker CLI knows, for the "unknown context" message. */
function knownContexts(metaDirectory: string): string[] {
	const names = ['default'];
	let entries: string[];
	try {
		entries = readdirSync(metaDirectory);
	} catch {
		return names;
	}
	for (const entry of entries) {
		try {
			const meta = JSON.parse(readFileSync(path.join(metaDirectory, entry, 'meta.json'), 'utf8')) as {Name?: unknown};
			if (typeof meta.Name === 'string') {
				names.push(meta.Name);
			}
		} catch {
			// A broken context directory is not the one asked for; it only drops out of the hint.
		}
	}
	return names.sort();
}

function existing(file: string): string | undefined {
	return existsSync(file) ? file : undefined;
}

interface ContextMeta {
	Endpoints?: {docker?: {Host?: unknown; SkipTLSVerify?: unknown}};
}

function endpointFromHost(
	parsed: ParsedHost,
	display: string,
	tls: TlsSettings | undefined,
	{env, homeDir}: ResolveOptions,
): Endpoint {
	switch (parsed.protocol) {
		case 'unix': {
			return {protocol: 'unix', socketPath: parsed.socketPath, display};
		}
		case 'tcp': {
			const port = parsed.port ?? (tls ? 2376 : 2375);
			return tls ? {protocol: 'tcp', host: parsed.host, port, tls, display} : {protocol: 'tcp', host: parsed.host, port, display};
		}
		case 'ssh': {
			const agentSocket = env['SSH_AUTH_SOCK'];
			return {
				protocol: 'ssh',
				host: parsed.host,
				port: parsed.port,
				username: parsed.username,
				agentSocket: agentSocket === '' ? undefined : agentSocket,
				homeDir,
				display,
			};
		}
	}
}

/** The endpoint of the docker context `name`; `origin` says where the name came from, for errors. */
export function resolveContext(name: string, origin: string, options: ResolveOptions): Endpoint {
	if (name === 'default') {
		return defaultEndpoint();
	}
	const configDir = configDirectory(options);
	const metaDirectory = path.join(configDir, 'contexts', 'meta');
	const hash = contextHash(name);
	const metaFile = path.join(metaDirectory, hash, 'meta.json');
	if (!existsSync(metaFile)) {
		throw new Error(
			`unknown Docker context "${name}" (from ${origin}): ${metaFile} does not exist; known contexts: ${knownContexts(metaDirectory).join(', ')}`,
		);
	}
	const meta = readJson(metaFile) as ContextMeta;
	const docker = meta.Endpoints?.docker;
	if (typeof docker?.Host !== 'string') {
		throw new Error(`Docker context "${name}" (from ${origin}) has no Endpoints.docker.Host in ${metaFile}`);
	}
	const parsed = parseHost(docker.Host, `context "${name}" in ${metaFile}`);
	const skipVerify = docker.SkipTLSVerify === true;
	const tlsDirectory = path.join(configDir, 'contexts', 'tls', hash, 'docker');
	const caFile = existing(path.join(tlsDirectory, 'ca.pem'));
	const certFile = existing(path.join(tlsDirectory, 'cert.pem'));
	const keyFile = existing(path.join(tlsDirectory, 'key.pem'));
	let tls: TlsSettings | undefined;
	if (skipVerify) {
		tls = {verify: false, certFile, keyFile};
	} else if (caFile ?? certFile ?? keyFile) {
		tls = {verify: true, caFile, certFile, keyFile};
	}
	return endpointFromHost(parsed, `context ${name} (${parsed.url})`, tls, options);
}

/** TLS for a tcp:// host given by flag or DOCKER_HOST, configured the docker CLI's way through the environment. */
function tlsFromEnvironment(options: ResolveOptions): TlsSettings | undefined {
	const {env} = options;
	const verify = (env['DOCKER_TLS_VERIFY'] ?? '') !== '';
	const enabled = verify || (env['DOCKER_TLS'] ?? '') !== '';
	if (!enabled) {
		return undefined;
	}
	const explicitPath = env['DOCKER_CERT_PATH'];
	const certDirectory = explicitPath !== undefined && explicitPath !== '' ? explicitPath : configDirectory(options);
	const caFile = existing(path.join(certDirectory, 'ca.pem'));
	const certFile = existing(path.join(certDirectory, 'cert.pem'));
	const keyFile = existing(path.join(certDirectory, 'key.pem'));
	if (explicitPath && !caFile && !certFile && !keyFile) {
		throw new Error(`DOCKER_CERT_PATH is ${explicitPath}, but it holds none of ca.pem, cert.pem, key.pem`);
	}
	if ((certFile === undefined) !== (keyFile === undefined)) {
		throw new Error(`TLS client certificate in ${certDirectory} needs both cert.pem and key.pem`);
	}
	return {verify, caFile, certFile, keyFile};
}

/** The endpoint a host URL names, with TLS from the environment for tcp://. */
export function resolveHost(value: string, origin: string, options: ResolveOptions): Endpoint {
	const parsed = parseHost(value, origin);
	const tls = parsed.protocol === 'tcp' ? tlsFromEnvironment(options) : undefined;
	return endpointFromHost(parsed, parsed.url, tls, options);
}

function defaultEndpoint(): Endpoint {
	return {protocol: 'unix', socketPath: defaultSocketPath, display: `unix://${defaultSocketPath}`};
}

function nonEmpty(value: string | undefined): value is string {
	return value !== undefined && value.trim() !== '';
}

/**
 * Where to find the engine, in the docker CLI's order: host flag, context flag, DOCKER_HOST,
 * DOCKER_CONTEXT, the CLI's current context, then the default socket. Throws when a name or URL is wrong.
 */
export function resolveEndpoint(options: ResolveOptions): Endpoint {
	if (nonEmpty(options.host)) {
		return resolveHost(options.host, '--host', options);
	}
	if (nonEmpty(options.context)) {
		return resolveContext(options.context.trim(), '--context', options);
	}
	const dockerHost = options.env['DOCKER_HOST'];
	if (nonEmpty(dockerHost)) {
		return resolveHost(dockerHost, 'DOCKER_HOST', options);
	}
	const dockerContext = options.env['DOCKER_CONTEXT'];
	if (nonEmpty(dockerContext)) {
		return resolveContext(dockerContext.trim(), 'DOCKER_CONTEXT', options);
	}
	const configFile = path.join(configDirectory(options), 'config.json');
	if (existsSync(configFile)) {
		const config = readJson(configFile) as {currentContext?: unknown} | null;
		const current = config?.currentContext;
		if (typeof current === 'string' && current.trim() !== '') {
			return resolveContext(current.trim(), `currentContext in ${configFile}`, options);
		}
	}
	return defaultEndpoint();
}

/** An engine client for `endpoint` (one for the set when it stands for several); nothing is contacted until the first call. */
export function createEngine(endpoint: Endpoint): Engine {
	const {engines} = endpoint;
	if (engines !== undefined && engines.length > 1) {
		return new MultiEngine(
			engines.map(entry => ({name: entry.name, engine: new DockerEngine(entry.endpoint), flags: entry.flags})),
			endpoint.display,
		);
	}

	return new DockerEngine(endpoint);
}
