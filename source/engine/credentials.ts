// Registry credentials, kept where and as the docker CLI keeps them, so that a login made here
// works for `docker pull` and the other way round:
//   $DOCKER_CONFIG/config.json (default ~/.docker/config.json)
//     "auths":       {"<registry>": {"auth": base64("user:password")}}, when no helper is configured
//     "credsStore":  "<name>"  → every registry goes through the program docker-credential-<name>
//     "credHelpers": {"<registry>": "<name>"} → that registry goes through docker-credential-<name>
// A helper speaks the docker-credential-helpers protocol: one action as its argument (get, store,
// erase, list), the request on stdin, JSON on stdout. Docker Hub's key is https://index.docker.io/v1/.
// Passwords never appear in a log line or an error message.
import {spawn} from 'node:child_process';
import {chmod, mkdir, readFile, realpath, rename, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

/** The key Docker Hub's credentials are stored under, by the CLI and its helpers. */
export const dockerHubKey = 'https://index.docker.io/v1/';
/** What registryOf returns for an image on Docker Hub. */
export const dockerHubRegistry = 'docker.io';

const dockerHubNames = new Set([
	'docker.io',
	'index.docker.io',
	'registry-1.docker.io',
	'https://index.docker.io/v1/',
	'https://index.docker.io/v1',
	'https://index.docker.io',
	'https://docker.io',
	'https://registry-1.docker.io',
]);

export interface CredentialOptions {
	/** The folder of config.json; default $DOCKER_CONFIG, else ~/.docker. */
	configDir?: string;
}

export interface RegistryAuthConfig {
	username: string;
	password: string;
	/** The key the credentials were found under, as the engine's auth config expects it. */
	serveraddress: string;
}

/**
 * The registry host of an image reference, the way the docker CLI reads it: the part before the
 * first "/" when it looks like a host (has a "." or ":", is "localhost", or has capitals), else
 * Docker Hub ("docker.io"). `nginx`, `user/app:1` → docker.io; `127.0.0.1:5001/x/y@sha256:…` →
 * 127.0.0.1:5001.
 */
export function registryOf(reference: string): string {
	const trimmed = reference.trim();
	const slash = trimmed.indexOf('/');
	if (slash === -1) {
		return dockerHubRegistry;
	}
	const first = trimmed.slice(0, slash);
	const isHost = /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase();
	if (!isHost || first === 'index.docker.io') {
		return dockerHubRegistry;
	}
	return first;
}

/** "https://host:5000/v2/" → "host:5000", as the CLI's ConvertToHostname does. */
function hostnameOf(address: string): string {
	const withoutScheme = address.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
	return withoutScheme.split('/')[0] ?? withoutScheme;
}

/** The key a registry's credentials are stored under: Docker Hub's URL, else the bare host[:port]. */
export function credentialKey(registry: string): string {
	const trimmed = registry.trim();
	if (dockerHubNames.has(trimmed.toLowerCase()) || dockerHubNames.has(hostnameOf(trimmed).toLowerCase())) {
		return dockerHubKey;
	}
	return hostnameOf(trimmed);
}

/** Where config.json is, for these options. */
export function configFilePath(options: CredentialOptions = {}): string {
	const dir =
		options.configDir ?? process.env['DOCKER_CONFIG'] ?? path.join(os.homedir(), '.docker');
	return path.join(dir, 'config.json');
}

type ConfigFile = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** config.json as an object; {} when there is none. Never quotes the file in an error: it holds secrets. */
async function readConfig(file: string): Promise<ConfigFile> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {};
		}
		throw new EngineError(t('cannot read {file}: {reason}', {file, reason: (error as NodeJS.ErrnoException).code ?? 'read error'}));
	}
	if (text.trim() === '') {
		return {};
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		// JSON.parse's own message quotes the text around the error, which may be a password.
		throw new EngineError(t('cannot read {file}: it is not valid JSON', {file}));
	}
	if (!isRecord(parsed)) {
		throw new EngineError(t('cannot read {file}: it is not a JSON object', {file}));
	}
	return parsed;
}

/**
 * Writes config.json as the CLI does (tab-indented), through a temporary file and a rename so a
 * crash never leaves half a file; mode 0600, because it may hold passwords. A symlinked
 * config.json is written through the link.
 */
async function writeConfig(file: string, config: ConfigFile): Promise<void> {
	const target = await realpath(file).catch(() => file);
	await mkdir(path.dirname(target), {recursive: true, mode: 0o700});
	const temporary = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
	try {
		await writeFile(temporary, `${JSON.stringify(config, null, '\t')}\n`, {mode: 0o600});
		// writeFile's mode is filtered by the umask; the file must be 0600 whatever it is.
		await chmod(temporary, 0o600);
		await rename(temporary, target);
	} catch (error) {
		await rm(temporary, {force: true});
		throw new EngineError(t('cannot write {file}: {reason}', {file, reason: (error as NodeJS.ErrnoException).code ?? String(error)}));
	}
}

/** The helper named for this registry (credHelpers first, then credsStore), if any. */
function helperFor(config: ConfigFile, key: string): string | undefined {
	const helpers = config['credHelpers'];
	if (isRecord(helpers)) {
		for (const [registry, name] of Object.entries(helpers)) {
			if (typeof name === 'string' && name !== '' && credentialKey(registry) === key) {
				return name;
			}
		}
	}
	const store = config['credsStore'];
	return typeof store === 'string' && store !== '' ? store : undefined;
}

/** The program that serves a helper name; names with path separators are refused. */
function helperProgram(name: string): string {
	if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
		throw new EngineError(t('credential helper name "{name}" is not valid', {name}));
	}
	return `docker-credential-${name}`;
}

const helperTimeoutMs = 60_000;

/** The text helpers print when they hold nothing for a registry. */
const notFound = /credentials not found/i;

interface HelperResult {
	code: number | null;
	stdout: string;
}

/** Runs a helper (argument array, never a shell) with `input` on stdin. */
function runHelper(program: string, action: string, input: string): Promise<HelperResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(program, [action], {stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), helperTimeoutMs);
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', error => {
			clearTimeout(timer);
			const code = (error as NodeJS.ErrnoException).code;
			reject(
				new EngineError(
					code === 'ENOENT'
						? `credential helper ${program} is not installed (it is named in config.json)`
						: `credential helper ${program} could not be started: ${code ?? error.message}`,
				),
			);
		});
		// A helper that exits before reading stdin makes the write fail with EPIPE; its exit says more.
		child.stdin.on('error', () => undefined);
		child.once('close', code => {
			clearTimeout(timer);
			resolve({code, stdout: stdout.trim() === '' ? stderr : stdout});
		});
		child.stdin.end(input);
	});
}

/** A helper's failure in plain words, with the password blanked out should the helper echo it. */
function helperError(program: string, action: string, result: HelperResult, secret?: string): EngineError {
	let output = result.stdout.trim().split('\n')[0]?.slice(0, 200) ?? '';
	if (secret) {
		output = output.split(secret).join('***');
	}
	const exit = result.code === null ? t('credential helper {program} {action} was killed', {program, action}) : t('credential helper {program} {action} exited with code {code}', {program, action, code: result.code});
	return new EngineError(output === '' ? exit : t('{failure}: {output}', {failure: exit, output}));
}

async function helperGet(program: string, key: string): Promise<RegistryAuthConfig | undefined> {
	const result = await runHelper(program, 'get', key);
	if (result.code !== 0) {
		if (notFound.test(result.stdout)) {
			return undefined;
		}
		throw helperError(program, 'get', result);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(result.stdout);
	} catch {
		throw new EngineError(t('credential helper {program} get printed something that is not JSON', {program}));
	}
	if (!isRecord(parsed) || typeof parsed['Username'] !== 'string' || typeof parsed['Secret'] !== 'string') {
		throw new EngineError(t('credential helper {program} get printed no Username and Secret', {program}));
	}
	if (parsed['Secret'] === '') {
		return undefined;
	}
	return {username: parsed['Username'], password: parsed['Secret'], serveraddress: key};
}

/** A file-stored entry: `auth` (base64 "user:password"), or the older separate fields. */
function decodeEntry(entry: unknown, key: string): RegistryAuthConfig | undefined {
	if (!isRecord(entry)) {
		return undefined;
	}
	const auth = entry['auth'];
	if (typeof auth === 'string' && auth !== '') {
		const decoded = Buffer.from(auth, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon > 0) {
			return {username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: key};
		}
		return undefined;
	}
	const {username, password} = entry;
	if (typeof username === 'string' && username !== '' && typeof password === 'string') {
		return {username, password, serveraddress: key};
	}
	return undefined;
}

/** The auths keys that name this registry: its own key, and any spelled with a scheme or path. */
function matchingKeys(auths: Record<string, unknown>, key: string): string[] {
	return Object.keys(auths).filter(stored => stored === key || credentialKey(stored) === key);
}

/**
 * The stored credentials for a registry (a host[:port], a URL, or "docker.io"), looked up as the
 * docker CLI does: its credential helper when one is configured, else config.json's `auths`.
 */
export async function authConfigFor(
	registry: string,
	options: CredentialOptions = {},
): Promise<RegistryAuthConfig | undefined> {
	const key = credentialKey(registry);
	const config = await readConfig(configFilePath(options));
	const helper = helperFor(config, key);
	if (helper !== undefined) {
		return helperGet(helperProgram(helper), key);
	}
	const auths = config['auths'];
	if (!isRecord(auths)) {
		return undefined;
	}
	const exact = decodeEntry(auths[key], key);
	if (exact) {
		return exact;
	}
	for (const stored of matchingKeys(auths, key)) {
		const found = decodeEntry(auths[stored], key);
		if (found) {
			return found;
		}
	}
	return undefined;
}

/**
 * Stores credentials for a registry: through its credential helper when one is configured, else
 * in config.json's `auths` (keeping every other key of the file), in which case `warning` says,
 * like the CLI, that the password is stored unencrypted.
 */
export async function storeCredentials(
	registry: string,
	username: string,
	password: string,
	options: CredentialOptions = {},
): Promise<{warning?: string}> {
	if (username === '' || username.includes(':')) {
		throw new EngineError(t('the user name must not be empty or contain ":"'));
	}
	const key = credentialKey(registry);
	const file = configFilePath(options);
	const config = await readConfig(file);
	const helper = helperFor(config, key);
	if (helper !== undefined) {
		const program = helperProgram(helper);
		const result = await runHelper(
			program,
			'store',
			JSON.stringify({ServerURL: key, Username: username, Secret: password}),
		);
		if (result.code !== 0) {
			throw helperError(program, 'store', result, password);
		}
		return {};
	}
	const auths = isRecord(config['auths']) ? {...config['auths']} : {};
	// Other spellings of the same registry would shadow or contradict the new entry.
	for (const stored of matchingKeys(auths, key)) {
		delete auths[stored];
	}
	const previous = isRecord(config['auths']) ? config['auths'][key] : undefined;
	// Keep what else the entry held (an email from older CLIs); drop what the new password replaces.
	const kept = isRecord(previous) ? {...previous} : {};
	delete kept['username'];
	delete kept['password'];
	delete kept['identitytoken'];
	auths[key] = {...kept, auth: Buffer.from(`${username}:${password}`, 'utf8').toString('base64')};
	await writeConfig(file, {...config, auths});
	return {
		warning: `your password is stored unencrypted in ${file}; configure a credential helper (credsStore) to store it safely`,
	};
}

/**
 * Removes a registry's credentials from its helper and from config.json's `auths`. True when
 * something was removed.
 */
export async function eraseCredentials(registry: string, options: CredentialOptions = {}): Promise<boolean> {
	const key = credentialKey(registry);
	const file = configFilePath(options);
	const config = await readConfig(file);
	let erased = false;
	const helper = helperFor(config, key);
	if (helper !== undefined) {
		const program = helperProgram(helper);
		const result = await runHelper(program, 'erase', key);
		if (result.code === 0) {
			erased = true;
		} else if (!notFound.test(result.stdout)) {
			throw helperError(program, 'erase', result);
		}
	}
	// Entries written before a helper was configured would otherwise keep working.
	const auths = config['auths'];
	if (isRecord(auths)) {
		const stale = matchingKeys(auths, key);
		if (stale.length > 0) {
			const kept = {...auths};
			for (const stored of stale) {
				delete kept[stored];
			}
			await writeConfig(file, {...config, auths: kept});
			erased = true;
		}
	}
	return erased;
}
