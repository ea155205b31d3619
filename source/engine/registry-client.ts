// A small client for the registry HTTP API v2, for the registry browser: the catalog of
// repositories and each repository's tags. It talks to the registry directly (the engine has no
// endpoint for either), with the credentials the docker CLI stored for it: Basic auth, or the
// token flow when the registry answers 401 with `WWW-Authenticate: Bearer realm=…`.
// Everything a registry sends is untrusted: shapes are checked, bodies are bounded, pagination
// is bounded and never leaves the registry, and credentials go only to the registry and to a
// token realm it names over https (or plain http when the registry itself is plain http).
import type Docker from 'dockerode';
import {isIPv4} from 'node:net';
import {EngineError} from './types.js';
import {connectionCodes} from './errors.js';
import {t} from '../i18n/translate.js';

export interface RegistryCredentials {
	username: string;
	password: string;
}

export interface RegistryClientOptions {
	/**
	 * Registries the engine treats as insecure (plain http): host[:port] names and IPv4 CIDRs, as
	 * `docker info` lists them (see engineInsecureRegistries). Loopback registries always are.
	 */
	insecureRegistries?: string[];
	/** Per request; default 10 s. */
	timeoutMs?: number;
	/** Pages followed at most (default 50); the result says when more were left. */
	maxPages?: number;
	/** Entries asked for per page (`n`, default 1,000). */
	pageSize?: number;
}

export interface RepositoryList {
	repositories: string[];
	/** True when the registry had more pages than were followed. */
	truncated: boolean;
}

export interface TagList {
	name: string;
	tags: string[];
	truncated: boolean;
}

const defaultTimeoutMs = 10_000;
const defaultMaxPages = 50;
const pageSize = 1000;
/** A catalog page of 1,000 long names is well under this; anything bigger is not a catalog. */
const maxBodyBytes = 8 * 1024 * 1024;


/** Docker Hub's API lives at registry-1.docker.io, whatever name the user gave it. */
function apiHost(registry: string): string {
	const host = registry.trim().replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
	return ['docker.io', 'index.docker.io'].includes(host.toLowerCase()) ? 'registry-1.docker.io' : host;
}

/** host[:port] → host (IPv6 brackets dropped). */
function hostPart(hostPort: string): string {
	const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostPort);
	if (bracketed?.[1]) {
		return bracketed[1].toLowerCase();
	}
	return (hostPort.split(':')[0] ?? hostPort).toLowerCase();
}

function ipv4Number(address: string): number {
	return address.split('.').reduce((total, part) => total * 256 + Number(part), 0);
}

function inCidr(address: string, cidr: string): boolean {
	const [network = '', bitsText = ''] = cidr.split('/');
	const bits = Number(bitsText);
	if (!isIPv4(address) || !isIPv4(network) || !Number.isInteger(bits) || bits < 0 || bits > 32) {
		return false;
	}
	const size = 2 ** (32 - bits);
	return Math.floor(ipv4Number(address) / size) === Math.floor(ipv4Number(network) / size);
}

/** Whether the engine would talk plain http to this registry. */
export function isInsecureRegistry(registry: string, insecure: string[] = []): boolean {
	const hostPort = apiHost(registry);
	const host = hostPart(hostPort);
	if (host === 'localhost' || host === '::1' || inCidr(host, '127.0.0.0/8')) {
		return true;
	}
	return insecure.some(entry => {
		const name = entry.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/$/, '');
		return name.includes('/') ? inCidr(host, name) : name.toLowerCase() === hostPort.toLowerCase() || name.toLowerCase() === host;
	});
}

/** The insecure registries an engine is configured with (CIDRs and names), from `docker info`. */
export async function engineInsecureRegistries(docker: Docker): Promise<string[]> {
	const info: unknown = await docker.info();
	const config = info && typeof info === 'object' ? (info as {RegistryConfig?: unknown}).RegistryConfig : undefined;
	if (!config || typeof config !== 'object') {
		return [];
	}
	const {InsecureRegistryCIDRs: cidrs, IndexConfigs: indexes} = config as {
		InsecureRegistryCIDRs?: unknown;
		IndexConfigs?: unknown;
	};
	const result = Array.isArray(cidrs) ? cidrs.filter((cidr): cidr is string => typeof cidr === 'string') : [];
	if (indexes && typeof indexes === 'object') {
		for (const [name, index] of Object.entries(indexes)) {
			if (index && typeof index === 'object' && (index as {Secure?: unknown}).Secure === false) {
				result.push(name);
			}
		}
	}
	return result;
}

/** The parameters of one `WWW-Authenticate` challenge: `Bearer realm="…",service="…"`. */
export function parseChallenge(header: string): {scheme: string; params: Record<string, string>} | undefined {
	const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
	if (!match) {
		return undefined;
	}
	const [, scheme = '', rest = ''] = match;
	const params: Record<string, string> = {};
	const pattern = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
	for (let found = pattern.exec(rest); found; found = pattern.exec(rest)) {
		const [, name = '', quoted, bare] = found;
		params[name.toLowerCase()] = quoted === undefined ? (bare ?? '') : quoted.replace(/\\(.)/g, '$1');
	}
	return {scheme: scheme.toLowerCase(), params};
}

/** The `rel="next"` target of a Link header, if any. */
export function nextLink(header: string | null): string | undefined {
	if (!header) {
		return undefined;
	}
	for (const part of header.split(',')) {
		const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
		if (match?.[1] && /rel\s*=\s*"?next"?/i.test(match[2] ?? '')) {
			return match[1];
		}
	}
	return undefined;
}

interface Request {
	registry: string;
	base: URL;
	credentials?: RegistryCredentials;
	signal?: AbortSignal;
	timeoutMs: number;
	/** The token scope to ask for when the registry's challenge names none. */
	scope: string;
}

/** Signals combined by hand: AbortSignal.any arrived in Node 20.3. */
function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): {signal: AbortSignal; done(): void} {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(new TimeoutMarker()), timeoutMs);
	const onAbort = (): void => controller.abort(signal?.reason);
	if (signal?.aborted) {
		controller.abort(signal.reason);
	}
	signal?.addEventListener('abort', onAbort, {once: true});
	return {
		signal: controller.signal,
		done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
		},
	};
}

class TimeoutMarker extends Error {}

/** A fetch failure in plain words. */
function fetchError(request: Request, error: unknown, signal: AbortSignal, what = t('registry {registry}', {registry: request.registry})): EngineError {
	if (signal.reason instanceof TimeoutMarker) {
		const limit = request.timeoutMs >= 1000 ? `${Math.round(request.timeoutMs / 1000)} s` : `${request.timeoutMs} ms`;
		return new EngineError(t('{what} did not answer within {limit}', {what, limit}));
	}
	if (request.signal?.aborted) {
		return new EngineError(t('request to registry {registry} was cancelled', {registry: request.registry}));
	}
	let cause: unknown = error;
	while (cause && typeof cause === 'object' && (cause as {cause?: unknown}).cause && !(cause as {code?: unknown}).code) {
		cause = (cause as {cause?: unknown}).cause;
	}
	const code = cause && typeof cause === 'object' ? (cause as {code?: unknown}).code : undefined;
	if (typeof code === 'string' && code in connectionCodes) {
		return new EngineError(t('{what} is unreachable: {reason}', {what, reason: connectionCodes[code]?.() ?? code}));
	}
	const message = cause instanceof Error ? cause.message : String(cause);
	if (typeof code === 'string' && /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_)/.test(code)) {
		return new EngineError(t('TLS with {what} failed: {reason} ({code})', {what, reason: message, code}));
	}
	return new EngineError(typeof code === 'string' ? t('{what} is unreachable: {reason} ({code})', {what, reason: message, code}) : t('{what} is unreachable: {reason}', {what, reason: message}));
}

/** The body as text, refusing more than maxBodyBytes. */
async function readBody(response: Response, request: Request): Promise<string> {
	const reader = response.body?.getReader();
	if (!reader) {
		return '';
	}
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const {done, value} = await reader.read();
		if (done) {
			break;
		}
		size += value.byteLength;
		if (size > maxBodyBytes) {
			await reader.cancel();
			throw new EngineError(t('registry {registry} sent an answer larger than {size} MiB', {registry: request.registry, size: maxBodyBytes / 1024 / 1024}));
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The first message of a registry's `{"errors":[{"code","message"}]}` body, if it is one. */
function registryMessage(text: string): string | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		const errors = parsed && typeof parsed === 'object' ? (parsed as {errors?: unknown}).errors : undefined;
		const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
		const message = first && typeof first === 'object' ? (first as {message?: unknown}).message : undefined;
		return typeof message === 'string' && message.trim() !== '' ? message.trim().slice(0, 300) : undefined;
	} catch {
		return undefined;
	}
}

async function timedFetch(
	request: Request,
	url: URL,
	headers: Record<string, string>,
	what?: string,
): Promise<{response: Response; body: string}> {
	const timed = withTimeout(request.signal, request.timeoutMs);
	try {
		const response = await fetch(url, {headers, signal: timed.signal, redirect: 'follow'});
		const body = await readBody(response, request);
		return {response, body};
	} catch (error) {
		if (error instanceof EngineError) {
			throw error;
		}
		throw fetchError(request, error, timed.signal, what);
	} finally {
		timed.done();
	}
}

function basic(credentials: RegistryCredentials): string {
	return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}

/** Fetches a token from the realm a Bearer challenge named, with the credentials when there are any. */
async function bearerToken(request: Request, params: Record<string, string>): Promise<string> {
	let realm: URL;
	try {
		realm = new URL(params['realm'] ?? '');
	} catch {
		throw new EngineError(t('registry {registry} named a token service that is not a URL', {registry: request.registry}));
	}
	// Credentials go over plain http only where the registry itself is plain http.
	const allowed = realm.protocol === 'https:' || (realm.protocol === 'http:' && request.base.protocol === 'http:');
	if (!allowed) {
		throw new EngineError(t('registry {registry} named a token service that is not https: {protocol}', {registry: request.registry, protocol: realm.protocol}));
	}
	if (params['service']) {
		realm.searchParams.set('service', params['service']);
	}
	realm.searchParams.set('scope', params['scope'] || request.scope);
	const headers: Record<string, string> = {accept: 'application/json'};
	if (request.credentials) {
		headers['authorization'] = basic(request.credentials);
	}
	const {response, body} = await timedFetch(request, realm, headers, `the token service of registry ${request.registry}`);
	if (response.status === 401 || response.status === 403) {
		throw new EngineError(
			request.credentials
				? `registry ${request.registry} refused the credentials: wrong user name or password`
				: `registry ${request.registry}: authentication required`,
			response.status,
		);
	}
	if (!response.ok) {
		// No status code: the caller's 404 handling is about the registry, not its token service.
		throw new EngineError(t('the token service of registry {registry} answered HTTP {status}', {registry: request.registry, status: response.status}));
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		throw new EngineError(t('the token service of registry {registry} sent something that is not JSON', {registry: request.registry}));
	}
	const record = parsed && typeof parsed === 'object' ? (parsed as {token?: unknown; access_token?: unknown}) : {};
	const token = typeof record.token === 'string' && record.token !== '' ? record.token : record.access_token;
	if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
		throw new EngineError(t('the token service of registry {registry} sent no token', {registry: request.registry}));
	}
	return token;
}

/**
 * GETs a registry path and parses its JSON, answering a 401 challenge once (Basic or Bearer).
 * `authorization` carries what worked to the next page, so a challenge is answered once per listing.
 */
async function getJson(
	request: Request,
	url: URL,
	state: {authorization?: string},
): Promise<{json: unknown; link: string | null}> {
	const headers = (): Record<string, string> => ({
		accept: 'application/json',
		...(state.authorization ? {authorization: state.authorization} : {}),
	});
	let {response, body} = await timedFetch(request, url, headers());
	if (response.status === 401 && state.authorization === undefined) {
		const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
		if (challenge?.scheme === 'bearer' && challenge.params['realm']) {
			state.authorization = `Bearer ${await bearerToken(request, challenge.params)}`;
		} else if (challenge?.scheme === 'basic' && request.credentials) {
			state.authorization = basic(request.credentials);
		}
		if (state.authorization !== undefined) {
			({response, body} = await timedFetch(request, url, headers()));
		}
	}
	if (response.status === 401) {
		throw new EngineError(
			request.credentials
				? `registry ${request.registry} refused the credentials: wrong user name or password`
				: `registry ${request.registry}: authentication required`,
			401,
		);
	}
	if (!response.ok) {
		const reason = registryMessage(body);
		throw new EngineError(
			`registry ${request.registry} answered HTTP ${response.status}${reason ? `: ${reason}` : ''}`,
			response.status,
		);
	}
	try {
		return {json: JSON.parse(body), link: response.headers.get('link')};
	} catch {
		throw new EngineError(t('registry {registry} sent something that is not JSON', {registry: request.registry}));
	}
}

/** Follows `Link: <…>; rel="next"` on the same registry, up to maxPages pages. */
async function listPages(
	request: Request,
	first: URL,
	maxPages: number,
	take: (json: unknown) => string[],
): Promise<{items: string[]; truncated: boolean}> {
	const items: string[] = [];
	const state: {authorization?: string} = {};
	let url: URL | undefined = first;
	for (let page = 0; url; page += 1) {
		if (page === maxPages) {
			return {items, truncated: true};
		}
		const {json, link}: {json: unknown; link: string | null} = await getJson(request, url, state);
		items.push(...take(json));
		const next = nextLink(link);
		let nextUrl: URL | undefined;
		if (next !== undefined) {
			try {
				nextUrl = new URL(next, url);
			} catch {
				nextUrl = undefined;
			}
			// A next page elsewhere would receive our credentials: stop instead.
			if (nextUrl && nextUrl.origin !== request.base.origin) {
				return {items, truncated: true};
			}
		}
		url = nextUrl;
	}
	return {items, truncated: false};
}

function requestFor(
	registry: string,
	credentials: RegistryCredentials | undefined,
	signal: AbortSignal | undefined,
	options: RegistryClientOptions,
	scope: string,
): Request {
	const host = apiHost(registry);
	if (host === '' || /[\s/?#@]/.test(host)) {
		throw new EngineError(t('"{registry}" is not a registry address', {registry}));
	}
	const scheme = isInsecureRegistry(registry, options.insecureRegistries) ? 'http' : 'https';
	let base: URL;
	try {
		base = new URL(`${scheme}://${host}/`);
	} catch {
		throw new EngineError(t('"{registry}" is not a registry address', {registry}));
	}
	const request: Request = {
		registry: registry.trim(),
		base,
		scope,
		timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
	};
	if (credentials) {
		request.credentials = {username: credentials.username, password: credentials.password};
	}
	if (signal) {
		request.signal = signal;
	}
	return request;
}

function stringArray(value: unknown): string[] | undefined {
	if (value === null) {
		return [];
	}
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

/** A repository name as the distribution spec allows it: lowercase path components. */
const repositoryName = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;

/** Every repository in a registry's catalog (GET /v2/_catalog), following its pages. */
export async function listRepositories(
	registry: string,
	auth?: RegistryCredentials,
	signal?: AbortSignal,
	options: RegistryClientOptions = {},
): Promise<RepositoryList> {
	const request = requestFor(registry, auth, signal, options, 'registry:catalog:*');
	const first = new URL(`/v2/_catalog?n=${options.pageSize ?? pageSize}`, request.base);
	try {
		const {items, truncated} = await listPages(request, first, options.maxPages ?? defaultMaxPages, json => {
			const repositories = stringArray((json as {repositories?: unknown} | null)?.repositories);
			if (repositories === undefined) {
				throw new EngineError(t('registry {registry} sent a catalog without a list of repositories', {registry: request.registry}));
			}
			return repositories;
		});
		return {repositories: [...new Set(items)], truncated};
	} catch (error) {
		if (error instanceof EngineError && error.statusCode === 404) {
			throw new EngineError(t('registry {registry} does not offer a catalog of its repositories', {registry: request.registry}), 404);
		}
		throw error;
	}
}

/** A repository's tags (GET /v2/<name>/tags/list), following its pages. */
export async function listTags(
	registry: string,
	repository: string,
	auth?: RegistryCredentials,
	signal?: AbortSignal,
	options: RegistryClientOptions = {},
): Promise<TagList> {
	// The name goes into the URL path: only what the spec allows, so it cannot climb out of /v2/.
	if (!repositoryName.test(repository) || repository.length > 255) {
		throw new EngineError(t('"{repository}" is not a repository name', {repository}));
	}
	const request = requestFor(registry, auth, signal, options, `repository:${repository}:pull`);
	const first = new URL(`/v2/${repository}/tags/list?n=${options.pageSize ?? pageSize}`, request.base);
	try {
		const {items, truncated} = await listPages(request, first, options.maxPages ?? defaultMaxPages, json => {
			const tags = stringArray((json as {tags?: unknown} | null)?.tags);
			if (tags === undefined) {
				throw new EngineError(t('registry {registry} sent a tag list without tags', {registry: request.registry}));
			}
			return tags;
		});
		return {name: repository, tags: [...new Set(items)], truncated};
	} catch (error) {
		if (error instanceof EngineError && error.statusCode === 404) {
			throw new EngineError(t('repository {repository} is not in registry {registry}', {repository, registry: request.registry}), 404);
		}
		throw error;
	}
}
