// Registries for real: Debian's docker-registry started by test/support/registry.ts, images
// pushed to it by the real engine, login through the engine's /auth, credentials written where
// the docker CLI keeps them, the registry browser's client, and search's plain failure.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createServer, type Server} from 'node:http';
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import type Docker from 'dockerode';
import {authConfigFor, configFilePath} from '../../source/engine/credentials.js';
import {
	isInsecureRegistry,
	listRepositories,
	listTags,
	nextLink,
	parseChallenge,
	engineInsecureRegistries,
} from '../../source/engine/registry-client.js';
import {cleanRegistryReason, login, logout} from '../../source/engine/registry-login.js';
import {searchImages} from '../../source/engine/registry-search.js';
import {freePort, startRegistry, type TestRegistry} from '../support/registry.js';
import {docker, requireEngine, runId, testImage} from './helpers.js';

/** Every tag this file creates on the engine, removed at the end whatever happens. */
const createdTags = new Set<string>();
const scratch = await mkdtemp(path.join(tmpdir(), 'berth-registry-test-'));
let configCounter = 0;

async function freshConfigDir(): Promise<string> {
	configCounter += 1;
	return path.join(scratch, `docker-config-${configCounter}`);
}

/** Tags the test image as `reference` and pushes it; the tag is removed in after(). */
async function push(reference: string, authconfig?: Docker.AuthConfig): Promise<void> {
	const colon = reference.lastIndexOf(':');
	const repo = reference.slice(0, colon);
	const tag = reference.slice(colon + 1);
	await docker.getImage(testImage).tag({repo, tag});
	createdTags.add(reference);
	// The engine wants an X-Registry-Auth header even for a registry without auth: {} sends an empty one.
	const stream = await docker.getImage(reference).push({authconfig: authconfig ?? {}});
	const messages = await new Promise<Array<{error?: string; errorDetail?: {message?: string}}>>((resolve, reject) => {
		docker.modem.followProgress(stream, (error: Error | null, output: any[]) => (error ? reject(error) : resolve(output)));
	});
	const failure = messages.find(message => message.error);
	if (failure) {
		throw new Error(`pushing ${reference} failed: ${failure.error}`);
	}
}

/** Runs the docker CLI (argument array, no shell), with `input` on stdin when given. */
function dockerCli(args: string[], input?: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = execFile('docker', args, {timeout: 60_000}, (error, stdout, stderr) =>
			error ? reject(new Error(`docker ${args[0]} ${args[1] ?? ''} failed: ${stderr.trim() || error.message}`)) : resolve(stdout),
		);
		child.stdin?.end(input ?? '');
	});
}

const repo = (name: string): string => `berth-test/${name}-${runId}`;

before(async () => {
	await requireEngine();
});

after(async () => {
	for (const reference of createdTags) {
		await docker
			.getImage(reference)
			.remove({noprune: true})
			.catch((error: {statusCode?: number}) => {
				if (error.statusCode !== 404) {
					throw error;
				}
			});
	}
	await rm(scratch, {recursive: true, force: true});
});

describe('a registry without auth', () => {
	let registry: TestRegistry;
	const first = repo('alpha');
	const second = repo('beta');

	before(async () => {
		registry = await startRegistry();
		await push(`${registry.host}/${first}:1`);
		await push(`${registry.host}/${first}:2`);
		await push(`${registry.host}/${second}:latest`);
	});

	after(async () => {
		await registry?.stop();
	});

	it('lists the pushed repositories in its catalog', async () => {
		const catalog = await listRepositories(registry.host);
		assert.deepEqual([...catalog.repositories].sort(), [first, second].sort());
		assert.equal(catalog.truncated, false);
	});

	it('follows the catalog pages (Link: rel="next"), and stops at maxPages saying so', async () => {
		const paged = await listRepositories(registry.host, undefined, undefined, {pageSize: 1});
		assert.deepEqual([...paged.repositories].sort(), [first, second].sort());
		assert.equal(paged.truncated, false);
		const bounded = await listRepositories(registry.host, undefined, undefined, {pageSize: 1, maxPages: 1});
		assert.equal(bounded.repositories.length, 1);
		assert.equal(bounded.truncated, true);
	});

	it('lists a repository\'s tags, also page by page', async () => {
		const tags = await listTags(registry.host, first);
		assert.equal(tags.name, first);
		assert.deepEqual([...tags.tags].sort(), ['1', '2']);
		const paged = await listTags(registry.host, first, undefined, undefined, {pageSize: 1});
		assert.deepEqual([...paged.tags].sort(), ['1', '2']);
		assert.deepEqual((await listTags(registry.host, second)).tags, ['latest']);
	});

	it('says when a repository is not there, and refuses names that are not repository names', async () => {
		await assert.rejects(listTags(registry.host, repo('missing')), {
			name: 'EngineError',
			message: `repository ${repo('missing')} is not in registry ${registry.host}`,
		});
		await assert.rejects(listTags(registry.host, '../../_catalog'), /"..\/..\/_catalog" is not a repository name/);
	});

	it('talks plain http to a loopback registry and to those the engine lists as insecure', async () => {
		assert.equal(isInsecureRegistry(registry.host), true);
		assert.equal(isInsecureRegistry('localhost:5000'), true);
		assert.equal(isInsecureRegistry('[::1]:5000'), true);
		assert.equal(isInsecureRegistry('registry.example.com'), false);
		assert.equal(isInsecureRegistry('10.1.2.3:5000', ['10.0.0.0/8']), true);
		assert.equal(isInsecureRegistry('my.registry:5000', ['my.registry:5000']), true);
		assert.equal(isInsecureRegistry('my.registry:5001', ['my.registry:5000']), false);
		// This engine's own list, from docker info: 127.0.0.0/8 by default.
		assert.ok((await engineInsecureRegistries(docker)).includes('127.0.0.0/8'));
	});

	it('honours an abort signal', async () => {
		const controller = new AbortController();
		controller.abort();
		await assert.rejects(listRepositories(registry.host, undefined, controller.signal), /was cancelled/);
	});
});

describe('a registry with htpasswd auth', () => {
	let registry: TestRegistry;
	let user: string;
	let password: string;
	const image = repo('private');

	before(async () => {
		registry = await startRegistry({auth: true});
		assert.ok(registry.user && registry.password, 'startRegistry({auth: true}) gives a user and password');
		user = registry.user;
		password = registry.password;
		await push(`${registry.host}/${image}:v1`, {username: user, password, serveraddress: registry.host});
	});

	after(async () => {
		await registry?.stop();
	});

	it('refuses a wrong password and stores nothing', async () => {
		const configDir = await freshConfigDir();
		await assert.rejects(login(docker, registry.host, user, 'not-the-password', {configDir}), (error: Error) => {
			assert.equal(error.name, 'EngineError');
			assert.equal(error.message, `login to ${registry.host} failed: wrong user name or password`);
			return true;
		});
		await assert.rejects(stat(configFilePath({configDir})), {code: 'ENOENT'});
		assert.equal(await authConfigFor(registry.host, {configDir}), undefined);
	});

	it('logs in with the right password: auths in DOCKER_CONFIG, mode 0600, other keys kept; logout erases', async () => {
		const configDir = await freshConfigDir();
		const saved = process.env['DOCKER_CONFIG'];
		process.env['DOCKER_CONFIG'] = configDir;
		try {
			await mkdir(configDir, {recursive: true});
			await writeFile(path.join(configDir, 'config.json'), JSON.stringify({psFormat: 'table {{.ID}}'}));
			// No configDir option: DOCKER_CONFIG decides, as it does for the docker CLI.
			const result = await login(docker, registry.host, user, password);
			const file = path.join(configDir, 'config.json');
			assert.equal(result.registry, registry.host);
			assert.match(result.warning ?? '', new RegExp(`stored unencrypted in ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
			assert.equal((await stat(file)).mode & 0o777, 0o600);
			const config = JSON.parse(await readFile(file, 'utf8'));
			assert.equal(config.psFormat, 'table {{.ID}}');
			assert.equal(Buffer.from(config.auths[registry.host].auth, 'base64').toString('utf8'), `${user}:${password}`);

			// The browser with the stored credentials, and without any.
			const auth = await authConfigFor(registry.host);
			assert.ok(auth);
			assert.deepEqual((await listRepositories(registry.host, auth)).repositories, [image]);
			assert.deepEqual((await listTags(registry.host, image, auth)).tags, ['v1']);
			await assert.rejects(listRepositories(registry.host), {
				message: `registry ${registry.host}: authentication required`,
			});
			await assert.rejects(listTags(registry.host, image, {username: user, password: 'wrong'}), {
				message: `registry ${registry.host} refused the credentials: wrong user name or password`,
			});

			assert.equal(await logout(registry.host), true);
			const after = JSON.parse(await readFile(file, 'utf8'));
			assert.deepEqual(after, {psFormat: 'table {{.ID}}', auths: {}});
			assert.equal(await authConfigFor(registry.host), undefined);
			assert.equal(await logout(registry.host), false);
		} finally {
			if (saved === undefined) {
				delete process.env['DOCKER_CONFIG'];
			} else {
				process.env['DOCKER_CONFIG'] = saved;
			}
		}
	});

	it('writes what the docker CLI reads, and reads what it writes', async () => {
		const ours = await freshConfigDir();
		await login(docker, registry.host, user, password, {configDir: ours});
		// The CLI pulls from the registry with the credentials our login stored.
		const pulled = await dockerCli(['--config', ours, 'pull', `${registry.host}/${image}:v1`]);
		assert.match(pulled, /Status: (Image is up to date|Downloaded newer image)/);

		const theirs = await freshConfigDir();
		await dockerCli(['--config', theirs, 'login', '--username', user, '--password-stdin', registry.host], password);
		assert.deepEqual(await authConfigFor(registry.host, {configDir: theirs}), {
			username: user,
			password,
			serveraddress: registry.host,
		});
		assert.deepEqual((await listRepositories(registry.host, await authConfigFor(registry.host, {configDir: theirs}))).repositories, [image]);
	});

	it('answers a Bearer challenge through the token service it names', async () => {
		// A front with the token flow of Docker Hub or GitLab: 401 + WWW-Authenticate: Bearer, a
		// token service that checks Basic credentials, then requests with the token are passed to
		// the real registry (with its Basic credentials, which only the front knows).
		const issued = 'token-' + runId;
		const seen: string[] = [];
		const front: Server = createServer((request, response) => {
			const url = new URL(request.url ?? '/', 'http://front');
			if (url.pathname === '/token') {
				seen.push(`token scope=${url.searchParams.get('scope')} service=${url.searchParams.get('service')}`);
				const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
				if (request.headers.authorization !== expected) {
					response.writeHead(401).end();
					return;
				}
				response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({token: issued}));
				return;
			}
			if (request.headers.authorization !== `Bearer ${issued}`) {
				const {port} = front.address() as {port: number};
				response
					.writeHead(401, {
						'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="berth-front"`,
					})
					.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
				return;
			}
			seen.push(`pass ${url.pathname}`);
			fetch(`http://${registry.host}${url.pathname}${url.search}`, {
				headers: {authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`},
			}).then(
				async upstream => {
					const link = upstream.headers.get('link');
					response.writeHead(upstream.status, {
						'content-type': 'application/json',
						...(link ? {link} : {}),
					});
					response.end(await upstream.text());
				},
				() => response.writeHead(502).end(),
			);
		});
		await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve));
		try {
			const {port} = front.address() as {port: number};
			const host = `127.0.0.1:${port}`;
			const catalog = await listRepositories(host, {username: user, password}, undefined, {pageSize: 1});
			assert.deepEqual(catalog.repositories, [image]);
			assert.deepEqual((await listTags(host, image, {username: user, password})).tags, ['v1']);
			assert.ok(seen.includes('token scope=registry:catalog:* service=berth-front'), seen.join(' | '));
			assert.ok(seen.includes(`token scope=repository:${image}:pull service=berth-front`), seen.join(' | '));
			assert.ok(seen.includes('pass /v2/_catalog'), seen.join(' | '));
			await assert.rejects(listRepositories(host, {username: user, password: 'wrong'}), {
				message: `registry ${host} refused the credentials: wrong user name or password`,
			});
			await assert.rejects(listRepositories(host), {message: `registry ${host}: authentication required`});
		} finally {
			await new Promise<void>(resolve => front.close(() => resolve()));
		}
	});
});

describe('an unreachable registry', () => {
	it('says so in plain words, for the browser and for login', async () => {
		const port = await freePort();
		const host = `127.0.0.1:${port}`;
		await assert.rejects(listRepositories(host), {
			name: 'EngineError',
			message: `registry ${host} is unreachable: connection refused`,
		});
		await assert.rejects(listTags(host, 'some/thing'), {message: `registry ${host} is unreachable: connection refused`});
		const configDir = await freshConfigDir();
		await assert.rejects(login(docker, host, 'someone', 'secret-never-shown', {configDir}), (error: Error) => {
			assert.equal(error.message, `login to ${host} failed: registry ${host} is unreachable: connection refused`);
			return true;
		});
		await assert.rejects(stat(configFilePath({configDir})), {code: 'ENOENT'});
	});

	it('times out on a registry that never answers', async () => {
		const silent = createServer(() => undefined);
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		try {
			const {port} = silent.address() as {port: number};
			await assert.rejects(listRepositories(`127.0.0.1:${port}`, undefined, undefined, {timeoutMs: 300}), {
				message: `registry 127.0.0.1:${port} did not answer within 300 ms`,
			});
		} finally {
			silent.closeAllConnections();
			await new Promise<void>(resolve => silent.close(() => resolve()));
		}
	});
});

describe('search', () => {
	it('says in plain words that the engine could not reach its index (there is no internet here)', async () => {
		let results: Awaited<ReturnType<typeof searchImages>> | undefined;
		let failure: Error | undefined;
		try {
			results = await searchImages(docker, 'busybox', {officialOnly: true, limit: 5});
		} catch (error) {
			failure = error as Error;
		}
		if (failure) {
			assert.equal(failure.name, 'EngineError');
			assert.match(failure.message, /^the engine could not reach its image index \(index\.docker\.io\): \S/);
			assert.doesNotMatch(failure.message, /Get "|dial tcp/);
		} else {
			// An engine with a way out answers instead: then the answer has the promised shape.
			assert.ok(results && results.length > 0 && results.length <= 5);
			for (const result of results) {
				assert.equal(typeof result.name, 'string');
				assert.equal(result.official, true);
			}
		}
		await assert.rejects(searchImages(docker, '  '), /a search needs a term/);
	});
});

describe('parsing what registries send', () => {
	it('reads WWW-Authenticate challenges', () => {
		assert.deepEqual(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), {
			scheme: 'bearer',
			params: {realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull'},
		});
		assert.deepEqual(parseChallenge('Basic realm="berth-test"'), {scheme: 'basic', params: {realm: 'berth-test'}});
		assert.deepEqual(parseChallenge('Bearer realm=https://x/token, service=x'), {
			scheme: 'bearer',
			params: {realm: 'https://x/token', service: 'x'},
		});
		assert.equal(parseChallenge(''), undefined);
	});

	it('reads Link headers', () => {
		assert.equal(nextLink('</v2/_catalog?last=b&n=1>; rel="next"'), '/v2/_catalog?last=b&n=1');
		assert.equal(nextLink('<https://x/prev>; rel="prev", <https://x/next>; rel=next'), 'https://x/next');
		assert.equal(nextLink(null), undefined);
		assert.equal(nextLink('<https://x/prev>; rel="prev"'), undefined);
	});

	it('cleans the engine\'s reasons of Go noise', () => {
		assert.equal(cleanRegistryReason('Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused'), 'connection refused');
		assert.equal(
			cleanRegistryReason('Get "https://index.docker.io/v1/search?q=x&n=3": dial tcp: lookup index.docker.io on 10.0.0.53:53: no such host'),
			'host index.docker.io not found',
		);
		assert.equal(cleanRegistryReason('Get "https://r/v2/": net/http: request canceled (Client.Timeout exceeded while awaiting headers)'), 'timed out');
	});
});
