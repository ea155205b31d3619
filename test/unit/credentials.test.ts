// Registry credentials as the docker CLI keeps them: config.json's auths, credsStore and
// credHelpers through a real (tiny) credential helper program on PATH.
import assert from 'node:assert/strict';
import {chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
	authConfigFor,
	configFilePath,
	credentialKey,
	dockerHubKey,
	eraseCredentials,
	registryOf,
	storeCredentials,
} from '../../source/engine/credentials.js';

const scratch = await mkdtemp(path.join(tmpdir(), 'berth-credentials-'));
let counter = 0;

/** A fresh config folder, optionally with a config.json. */
async function configDir(config?: unknown): Promise<string> {
	counter += 1;
	const dir = path.join(scratch, `config-${counter}`);
	await mkdir(dir, {recursive: true});
	if (config !== undefined) {
		await writeFile(path.join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
	}
	return dir;
}

async function readJson(dir: string): Promise<Record<string, any>> {
	return JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
}

function decode(auth: string): string {
	return Buffer.from(auth, 'base64').toString('utf8');
}

after(async () => {
	await rm(scratch, {recursive: true, force: true});
});

describe('registryOf', () => {
	const cases: Array<[string, string]> = [
		['nginx', 'docker.io'],
		['nginx:1.27', 'docker.io'],
		['library/nginx', 'docker.io'],
		['someone/app:1', 'docker.io'],
		['someone/app@sha256:' + 'a'.repeat(64), 'docker.io'],
		['docker.io/library/nginx', 'docker.io'],
		['index.docker.io/someone/app', 'docker.io'],
		['127.0.0.1:5001/berth/bb:1', '127.0.0.1:5001'],
		['localhost/app', 'localhost'],
		['localhost:5000/team/app:2', 'localhost:5000'],
		['ghcr.io/owner/repo/sub:tag', 'ghcr.io'],
		['registry.example.com/app@sha256:' + 'b'.repeat(64), 'registry.example.com'],
		['[::1]:5000/app', '[::1]:5000'],
		['Host/app', 'Host'],
	];
	for (const [reference, registry] of cases) {
		it(`${reference} → ${registry}`, () => {
			assert.equal(registryOf(reference), registry);
		});
	}
});

describe('credentialKey', () => {
	it('gives Docker Hub the CLI key, whatever it is called', () => {
		for (const name of ['docker.io', 'index.docker.io', 'registry-1.docker.io', dockerHubKey, 'https://index.docker.io/v1']) {
			assert.equal(credentialKey(name), dockerHubKey, name);
		}
	});
	it('drops scheme and path from other registries', () => {
		assert.equal(credentialKey('https://reg.example:5000/v2/'), 'reg.example:5000');
		assert.equal(credentialKey('http://127.0.0.1:5001'), '127.0.0.1:5001');
		assert.equal(credentialKey('127.0.0.1:5001'), '127.0.0.1:5001');
	});
});

describe('config.json location', () => {
	it('is $DOCKER_CONFIG/config.json, else ~/.docker/config.json, unless configDir says otherwise', () => {
		const saved = process.env['DOCKER_CONFIG'];
		try {
			process.env['DOCKER_CONFIG'] = '/somewhere/docker';
			assert.equal(configFilePath(), '/somewhere/docker/config.json');
			assert.equal(configFilePath({configDir: '/elsewhere'}), '/elsewhere/config.json');
			delete process.env['DOCKER_CONFIG'];
			assert.match(configFilePath(), /\/\.docker\/config\.json$/);
		} finally {
			if (saved === undefined) {
				delete process.env['DOCKER_CONFIG'];
			} else {
				process.env['DOCKER_CONFIG'] = saved;
			}
		}
	});
});

describe('credentials in config.json', () => {
	it('stores base64 user:password under the registry, mode 0600, keeping every other key', async () => {
		const dir = await configDir({
			psFormat: 'table {{.Names}}',
			proxies: {default: {httpProxy: 'http://proxy:3128'}},
			auths: {'other.example:5000': {auth: Buffer.from('ann:secret-a').toString('base64'), email: 'a@b'}},
			credHelpers: {'gcr.io': 'gcloud'},
		});
		const result = await storeCredentials('127.0.0.1:5001', 'berth', 'p:ss wörd', {configDir: dir});
		const file = path.join(dir, 'config.json');
		assert.equal(result.warning, `your password is stored unencrypted in ${file}; configure a credential helper (credsStore) to store it safely`);
		const written = await readJson(dir);
		assert.equal(decode(written['auths']['127.0.0.1:5001'].auth), 'berth:p:ss wörd');
		assert.deepEqual(written['auths']['other.example:5000'], {
			auth: Buffer.from('ann:secret-a').toString('base64'),
			email: 'a@b',
		});
		assert.equal(written['psFormat'], 'table {{.Names}}');
		assert.deepEqual(written['proxies'], {default: {httpProxy: 'http://proxy:3128'}});
		assert.deepEqual(written['credHelpers'], {'gcr.io': 'gcloud'});
		assert.equal((await stat(file)).mode & 0o777, 0o600);
		// Tab-indented, as the CLI writes it.
		assert.match(await readFile(file, 'utf8'), /^\{\n\t"/);
		assert.deepEqual(await authConfigFor('127.0.0.1:5001', {configDir: dir}), {
			username: 'berth',
			password: 'p:ss wörd',
			serveraddress: '127.0.0.1:5001',
		});
	});

	it('creates config.json (and its folder) with mode 0600 when there is none', async () => {
		const dir = path.join(await configDir(), 'fresh', '.docker');
		await storeCredentials('docker.io', 'hubuser', 'hubpass', {configDir: dir});
		const file = path.join(dir, 'config.json');
		assert.equal((await stat(file)).mode & 0o777, 0o600);
		const written = await readJson(dir);
		assert.deepEqual(Object.keys(written['auths']), [dockerHubKey]);
		assert.equal(decode(written['auths'][dockerHubKey].auth), 'hubuser:hubpass');
		const found = await authConfigFor(registryOf('someone/app'), {configDir: dir});
		assert.deepEqual(found, {username: 'hubuser', password: 'hubpass', serveraddress: dockerHubKey});
	});

	it('finds entries the CLI wrote with a scheme, and the older username/password fields', async () => {
		const dir = await configDir({
			auths: {
				'https://reg.example:5000': {auth: Buffer.from('u1:p1').toString('base64')},
				'old.example': {username: 'u2', password: 'p2'},
				'empty.example': {},
			},
		});
		assert.deepEqual(await authConfigFor('reg.example:5000', {configDir: dir}), {
			username: 'u1',
			password: 'p1',
			serveraddress: 'reg.example:5000',
		});
		assert.deepEqual(await authConfigFor('old.example', {configDir: dir}), {
			username: 'u2',
			password: 'p2',
			serveraddress: 'old.example',
		});
		assert.equal(await authConfigFor('empty.example', {configDir: dir}), undefined);
		assert.equal(await authConfigFor('nowhere.example', {configDir: dir}), undefined);
		assert.equal(await authConfigFor('nowhere.example', {configDir: await configDir()}), undefined);
	});

	it('replaces an old entry spelled differently instead of keeping two', async () => {
		const dir = await configDir({auths: {'https://reg.example:5000/': {auth: Buffer.from('old:old').toString('base64')}}});
		await storeCredentials('reg.example:5000', 'new', 'new', {configDir: dir});
		const written = await readJson(dir);
		assert.deepEqual(Object.keys(written['auths']), ['reg.example:5000']);
		assert.equal(decode(written['auths']['reg.example:5000'].auth), 'new:new');
	});

	it('erases a registry and keeps the rest; false when there was nothing', async () => {
		const dir = await configDir({
			auths: {
				'127.0.0.1:5001': {auth: Buffer.from('a:b').toString('base64')},
				'http://127.0.0.1:5001': {auth: Buffer.from('a:b').toString('base64')},
				'keep.example': {auth: Buffer.from('c:d').toString('base64')},
			},
			detachKeys: 'ctrl-x',
		});
		assert.equal(await eraseCredentials('127.0.0.1:5001', {configDir: dir}), true);
		const written = await readJson(dir);
		assert.deepEqual(Object.keys(written['auths']), ['keep.example']);
		assert.equal(written['detachKeys'], 'ctrl-x');
		assert.equal(await eraseCredentials('127.0.0.1:5001', {configDir: dir}), false);
		assert.equal(await authConfigFor('127.0.0.1:5001', {configDir: dir}), undefined);
	});

	it('says a broken config.json is broken without quoting it (it may hold a password)', async () => {
		const dir = await configDir('{"auths": {"x": {"auth": "c2VjcmV0LXBhc3N3b3Jk"}}, oops-secret-password');
		await assert.rejects(authConfigFor('x', {configDir: dir}), (error: Error) => {
			assert.equal(error.name, 'EngineError');
			assert.match(error.message, /config\.json: it is not valid JSON$/);
			assert.doesNotMatch(error.message, /secret|c2VjcmV0/);
			return true;
		});
		await assert.rejects(storeCredentials('x', 'u', 'p', {configDir: dir}), /not valid JSON/);
		const array = await configDir('[1, 2]');
		await assert.rejects(authConfigFor('x', {configDir: array}), /not a JSON object/);
	});

	it('refuses a user name the auth field could not hold', async () => {
		const dir = await configDir();
		await assert.rejects(storeCredentials('x.example', 'a:b', 'p', {configDir: dir}), /must not be empty or contain ":"/);
		await assert.rejects(storeCredentials('x.example', '', 'p', {configDir: dir}), /must not be empty/);
	});
});

describe('credential helpers', () => {
	let binDir: string;
	let storeFile: string;
	let logFile: string;
	let savedPath: string | undefined;

	before(async () => {
		binDir = path.join(scratch, 'bin');
		storeFile = path.join(scratch, 'helper-store.json');
		logFile = path.join(scratch, 'helper-log.txt');
		await mkdir(binDir, {recursive: true});
		// The docker-credential-helpers protocol: the action as argument, the request on stdin,
		// JSON on stdout; "credentials not found" and a non-zero exit for a registry it lacks.
		const helper = `#!/usr/bin/env node
const fs = require('node:fs');
const [action] = process.argv.slice(2);
const storeFile = ${JSON.stringify(storeFile)};
const input = fs.readFileSync(0, 'utf8');
fs.appendFileSync(${JSON.stringify(logFile)}, action + ' ' + (action === 'store' ? JSON.parse(input).ServerURL : input.trim()) + '\\n');
let store = {};
try { store = JSON.parse(fs.readFileSync(storeFile, 'utf8')); } catch {}
if (action === 'store') {
	const request = JSON.parse(input);
	if (request.Username === 'refuse') { process.stdout.write('cannot store ' + request.Secret + '\\n'); process.exit(1); }
	store[request.ServerURL] = {Username: request.Username, Secret: request.Secret};
	fs.writeFileSync(storeFile, JSON.stringify(store));
} else if (action === 'get') {
	const found = store[input.trim()];
	if (!found) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
	process.stdout.write(JSON.stringify({ServerURL: input.trim(), ...found}));
} else if (action === 'erase') {
	if (!store[input.trim()]) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
	delete store[input.trim()];
	fs.writeFileSync(storeFile, JSON.stringify(store));
} else if (action === 'list') {
	process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(store).map(([k, v]) => [k, v.Username]))));
} else { process.exit(2); }
`;
		const program = path.join(binDir, 'docker-credential-berthtest');
		await writeFile(program, helper);
		await chmod(program, 0o755);
		savedPath = process.env['PATH'];
		process.env['PATH'] = `${binDir}${path.delimiter}${savedPath ?? ''}`;
	});

	after(() => {
		process.env['PATH'] = savedPath;
	});

	async function helperStore(): Promise<Record<string, {Username: string; Secret: string}>> {
		return JSON.parse(await readFile(storeFile, 'utf8').catch(() => '{}'));
	}

	async function helperLog(): Promise<string[]> {
		return (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n');
	}

	it('credsStore: store, get and erase go through the helper; nothing lands in auths', async () => {
		const dir = await configDir({credsStore: 'berthtest', currentContext: 'default'});
		const result = await storeCredentials('127.0.0.1:5001', 'berth', 'helper-secret', {configDir: dir});
		assert.deepEqual(result, {});
		assert.deepEqual((await helperStore())['127.0.0.1:5001'], {Username: 'berth', Secret: 'helper-secret'});
		const config = await readJson(dir);
		assert.deepEqual(config, {credsStore: 'berthtest', currentContext: 'default'});
		assert.doesNotMatch(await readFile(path.join(dir, 'config.json'), 'utf8'), /helper-secret|auths/);

		assert.deepEqual(await authConfigFor('http://127.0.0.1:5001', {configDir: dir}), {
			username: 'berth',
			password: 'helper-secret',
			serveraddress: '127.0.0.1:5001',
		});
		assert.equal(await authConfigFor('unknown.example', {configDir: dir}), undefined);

		assert.equal(await eraseCredentials('127.0.0.1:5001', {configDir: dir}), true);
		assert.equal((await helperStore())['127.0.0.1:5001'], undefined);
		assert.equal(await authConfigFor('127.0.0.1:5001', {configDir: dir}), undefined);
		assert.equal(await eraseCredentials('127.0.0.1:5001', {configDir: dir}), false);
		const log = await helperLog();
		for (const line of ['store 127.0.0.1:5001', 'get 127.0.0.1:5001', 'get unknown.example', 'erase 127.0.0.1:5001']) {
			assert.ok(log.includes(line), `helper log lacks "${line}": ${log.join(' | ')}`);
		}
	});

	it('credHelpers: only the named registry goes through the helper; Docker Hub under its CLI key', async () => {
		const dir = await configDir({credHelpers: {'docker.io': 'berthtest', 'https://helped.example:5000': 'berthtest'}});
		assert.deepEqual(await storeCredentials('helped.example:5000', 'h', 'helped-secret', {configDir: dir}), {});
		assert.deepEqual(await storeCredentials('index.docker.io', 'hub', 'hub-secret', {configDir: dir}), {});
		const {warning} = await storeCredentials('plain.example', 'p', 'plain-secret', {configDir: dir});
		assert.match(warning ?? '', /stored unencrypted/);

		const store = await helperStore();
		assert.deepEqual(store['helped.example:5000'], {Username: 'h', Secret: 'helped-secret'});
		assert.deepEqual(store[dockerHubKey], {Username: 'hub', Secret: 'hub-secret'});
		const config = await readJson(dir);
		assert.deepEqual(Object.keys(config['auths']), ['plain.example']);
		assert.deepEqual(await authConfigFor('docker.io', {configDir: dir}), {
			username: 'hub',
			password: 'hub-secret',
			serveraddress: dockerHubKey,
		});
		assert.deepEqual(await authConfigFor('plain.example', {configDir: dir}), {
			username: 'p',
			password: 'plain-secret',
			serveraddress: 'plain.example',
		});
	});

	it("a helper's failure never shows the password, and a missing helper says so", async () => {
		const dir = await configDir({credsStore: 'berthtest'});
		await assert.rejects(storeCredentials('x.example', 'refuse', 'do-not-show-me', {configDir: dir}), (error: Error) => {
			assert.match(error.message, /^credential helper docker-credential-berthtest store exited with code 1: cannot store \*\*\*$/);
			assert.doesNotMatch(error.message, /do-not-show-me/);
			return true;
		});
		const missing = await configDir({credsStore: 'berth-no-such-helper'});
		await assert.rejects(
			authConfigFor('x.example', {configDir: missing}),
			/credential helper docker-credential-berth-no-such-helper is not installed/,
		);
		const sneaky = await configDir({credsStore: '../../bin/sh'});
		await assert.rejects(authConfigFor('x.example', {configDir: sneaky}), /credential helper name "..\/..\/bin\/sh" is not valid/);
	});
});
