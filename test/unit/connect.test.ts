import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {parseHost, resolveEndpoint} from '../../source/engine/connect.js';
import {writeConfig, writeContext} from '../support/contexts.js';

const temporaryRoots: string[] = [];

after(() => {
	for (const root of temporaryRoots) {
		rmSync(root, {recursive: true, force: true});
	}
});

/** A fresh home directory, optionally with a docker CLI configuration. */
function makeHome(): string {
	const home = mkdtempSync(path.join(os.tmpdir(), 'berth-connect-'));
	temporaryRoots.push(home);
	return home;
}

test('with nothing configured, the default socket is used', () => {
	const endpoint = resolveEndpoint({env: {}, homeDir: makeHome()});
	assert.deepEqual(endpoint, {
		protocol: 'unix',
		socketPath: '/var/run/docker.sock',
		display: 'unix:///var/run/docker.sock',
	});
});

test('the host flag wins over the context flag, DOCKER_HOST, DOCKER_CONTEXT and the current context', () => {
	const home = makeHome();
	const configDir = path.join(home, '.docker');
	writeContext(configDir, 'prod', 'ssh://me@prod.example');
	writeConfig(configDir, {currentContext: 'prod'});
	const endpoint = resolveEndpoint({
		host: 'unix:///run/flag.sock',
		context: 'prod',
		env: {DOCKER_HOST: 'tcp://env.example:2375', DOCKER_CONTEXT: 'prod'},
		homeDir: home,
	});
	assert.deepEqual(endpoint, {protocol: 'unix', socketPath: '/run/flag.sock', display: 'unix:///run/flag.sock'});
});

test('the context flag wins over DOCKER_HOST', () => {
	const home = makeHome();
	writeContext(path.join(home, '.docker'), 'staging', 'tcp://staging.example:2375');
	const endpoint = resolveEndpoint({context: 'staging', env: {DOCKER_HOST: 'tcp://env.example:2375'}, homeDir: home});
	assert.deepEqual(endpoint, {
		protocol: 'tcp',
		host: 'staging.example',
		port: 2375,
		display: 'context staging (tcp://staging.example:2375)',
	});
});

test('DOCKER_HOST wins over DOCKER_CONTEXT and the current context', () => {
	const home = makeHome();
	const configDir = path.join(home, '.docker');
	writeContext(configDir, 'prod', 'ssh://me@prod.example');
	writeConfig(configDir, {currentContext: 'prod'});
	const endpoint = resolveEndpoint({env: {DOCKER_HOST: 'tcp://10.0.0.2:2375', DOCKER_CONTEXT: 'prod'}, homeDir: home});
	assert.deepEqual(endpoint, {protocol: 'tcp', host: '10.0.0.2', port: 2375, display: 'tcp://10.0.0.2:2375'});
});

test('DOCKER_CONTEXT wins over the current context', () => {
	const home = makeHome();
	const configDir = path.join(home, '.docker');
	writeContext(configDir, 'prod', 'ssh://me@prod.example');
	writeContext(configDir, 'lab', 'unix:///run/lab.sock');
	writeConfig(configDir, {currentContext: 'prod'});
	const endpoint = resolveEndpoint({env: {DOCKER_CONTEXT: 'lab'}, homeDir: home});
	assert.deepEqual(endpoint, {protocol: 'unix', socketPath: '/run/lab.sock', display: 'context lab (unix:///run/lab.sock)'});
});

test("the docker CLI's current context is read from config.json and the context's meta.json", () => {
	const home = makeHome();
	const configDir = path.join(home, '.docker');
	writeContext(configDir, 'prod', 'ssh://me@prod.example:2222');
	writeConfig(configDir, {auths: {}, currentContext: 'prod'});
	const endpoint = resolveEndpoint({env: {SSH_AUTH_SOCK: '/tmp/agent.sock'}, homeDir: home});
	assert.deepEqual(endpoint, {
		protocol: 'ssh',
		host: 'prod.example',
		port: 2222,
		username: 'me',
		agentSocket: '/tmp/agent.sock',
		homeDir: home,
		display: 'context prod (ssh://me@prod.example:2222)',
	});
});

test('DOCKER_CONFIG replaces ~/.docker', () => {
	const home = makeHome();
	const configDir = path.join(home, 'elsewhere');
	writeContext(configDir, 'lab', 'tcp://lab.example');
	writeConfig(configDir, {currentContext: 'lab'});
	const endpoint = resolveEndpoint({env: {DOCKER_CONFIG: configDir}, homeDir: home});
	assert.equal(endpoint.display, 'context lab (tcp://lab.example)');
	assert.equal(endpoint.protocol === 'tcp' && endpoint.port, 2375);
});

test('the context "default" means the default socket, whatever else is configured', () => {
	const home = makeHome();
	const configDir = path.join(home, '.docker');
	writeContext(configDir, 'prod', 'ssh://me@prod.example');
	writeConfig(configDir, {currentContext: 'prod'});
	assert.equal(resolveEndpoint({context: 'default', env: {}, homeDir: home}).display, 'unix:///var/run/docker.sock');
	writeConfig(configDir, {currentContext: 'default'});
	assert.equal(resolveEndpoint({env: {}, homeDir: home}).display, 'unix:///var/run/docker.sock');
});

test('an unknown context names itself, the file looked for and the contexts that exist', () => {
	const home = makeHome();
	const configDir = path.join(home, '.docker');
	writeContext(configDir, 'prod', 'ssh://me@prod.example');
	const hash = createHash('sha256').update('nope').digest('hex');
	assert.throws(
		() => resolveEndpoint({context: 'nope', env: {}, homeDir: home}),
		(error: Error) => {
			assert.match(error.message, /^unknown Docker context "nope" \(from --context\)/);
			assert.ok(error.message.includes(path.join(configDir, 'contexts', 'meta', hash, 'meta.json')));
			assert.match(error.message, /known contexts: default, prod$/);
			return true;
		},
	);
	writeConfig(configDir, {currentContext: 'gone'});
	assert.throws(() => resolveEndpoint({env: {}, homeDir: home}), /unknown Docker context "gone" \(from currentContext in .*config\.json\)/);
	assert.throws(() => resolveEndpoint({env: {DOCKER_CONTEXT: 'gone'}, homeDir: home}), /unknown Docker context "gone" \(from DOCKER_CONTEXT\)/);
});

test('a context without a docker endpoint, or a config.json that is not JSON, is reported with its file', () => {
	const home = makeHome();
	const configDir = path.join(home, '.docker');
	const hash = createHash('sha256').update('empty').digest('hex');
	mkdirSync(path.join(configDir, 'contexts', 'meta', hash), {recursive: true});
	writeFileSync(path.join(configDir, 'contexts', 'meta', hash, 'meta.json'), JSON.stringify({Name: 'empty', Endpoints: {}}));
	assert.throws(() => resolveEndpoint({context: 'empty', env: {}, homeDir: home}), /context "empty" .* has no Endpoints\.docker\.Host in .*meta\.json/);
	writeFileSync(path.join(configDir, 'config.json'), '{"currentContext": ');
	assert.throws(() => resolveEndpoint({env: {}, homeDir: home}), /config\.json is not valid JSON/);
});

test("a context's TLS files are used when present, and not verified when SkipTLSVerify is set", () => {
	const home = makeHome();
	const configDir = path.join(home, '.docker');
	const tlsDir = writeContext(configDir, 'secure', 'tcp://secure.example', {tlsFiles: ['ca', 'cert', 'key']});
	assert.deepEqual(resolveEndpoint({context: 'secure', env: {}, homeDir: home}), {
		protocol: 'tcp',
		host: 'secure.example',
		port: 2376,
		tls: {
			verify: true,
			caFile: path.join(tlsDir, 'ca.pem'),
			certFile: path.join(tlsDir, 'cert.pem'),
			keyFile: path.join(tlsDir, 'key.pem'),
		},
		display: 'context secure (tcp://secure.example)',
	});
	writeContext(configDir, 'lax', 'tcp://lax.example:2376', {skipTlsVerify: true});
	const lax = resolveEndpoint({context: 'lax', env: {}, homeDir: home});
	assert.equal(lax.protocol, 'tcp');
	assert.deepEqual(lax.protocol === 'tcp' ? lax.tls : undefined, {verify: false, certFile: undefined, keyFile: undefined});
	writeContext(configDir, 'plain', 'tcp://plain.example');
	const plain = resolveEndpoint({context: 'plain', env: {}, homeDir: home});
	assert.deepEqual(plain, {protocol: 'tcp', host: 'plain.example', port: 2375, display: 'context plain (tcp://plain.example)'});
});

test('DOCKER_TLS_VERIFY and DOCKER_CERT_PATH turn a tcp host into verified TLS', () => {
	const home = makeHome();
	const certs = path.join(home, 'certs');
	mkdirSync(certs);
	for (const file of ['ca', 'cert', 'key']) {
		writeFileSync(path.join(certs, `${file}.pem`), file);
	}
	const endpoint = resolveEndpoint({
		env: {DOCKER_HOST: 'tcp://swarm.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs},
		homeDir: home,
	});
	assert.deepEqual(endpoint, {
		protocol: 'tcp',
		host: 'swarm.example',
		port: 2376,
		tls: {
			verify: true,
			caFile: path.join(certs, 'ca.pem'),
			certFile: path.join(certs, 'cert.pem'),
			keyFile: path.join(certs, 'key.pem'),
		},
		display: 'tcp://swarm.example',
	});
	assert.throws(
		() =>
			resolveEndpoint({
				env: {DOCKER_HOST: 'tcp://swarm.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(home, 'missing')},
				homeDir: home,
			}),
		/DOCKER_CERT_PATH is .*missing, but it holds none of ca\.pem, cert\.pem, key\.pem/,
	);
});

test('host URLs: bare host:port means tcp, IPv6 literals and ssh users are understood', () => {
	assert.deepEqual(parseHost('localhost:2375', 'DOCKER_HOST'), {
		protocol: 'tcp',
		host: 'localhost',
		port: 2375,
		url: 'tcp://localhost:2375',
	});
	assert.deepEqual(parseHost('tcp://[::1]:2375', 'DOCKER_HOST'), {
		protocol: 'tcp',
		host: '::1',
		port: 2375,
		url: 'tcp://[::1]:2375',
	});
	assert.deepEqual(parseHost('ssh://deploy@build.example', '--host'), {
		protocol: 'ssh',
		host: 'build.example',
		port: undefined,
		username: 'deploy',
		url: 'ssh://deploy@build.example',
	});
});

test('malformed hosts say what is wrong and where the value came from', () => {
	const cases: Array<[string, RegExp]> = [
		['unix://', /a unix socket needs an absolute path/],
		['unix://relative.sock', /a unix socket needs an absolute path/],
		['http://example.com', /unsupported scheme "http:\/\/"; use unix:\/\/, tcp:\/\/ or ssh:\/\//],
		['npipe:////./pipe/docker_engine', /unsupported scheme "npipe:\/\/"/],
		['tcp://', /not a valid URL|no host name/],
		['tcp://example.com:notaport', /not a valid URL/],
		['tcp://example.com:2375/prefix', /path "\/prefix" is not supported/],
		['ssh://me:secret@example.com', /put passwords in an SSH agent/],
	];
	for (const [value, problem] of cases) {
		assert.throws(
			() => resolveEndpoint({host: value, env: {}, homeDir: makeHome()}),
			(error: Error) => {
				assert.ok(error.message.startsWith(`malformed Docker host "${value}" (from --host): `), error.message);
				assert.match(error.message, problem, value);
				return true;
			},
		);
	}
	assert.throws(() => resolveEndpoint({env: {DOCKER_HOST: 'ftp://x'}, homeDir: makeHome()}), /\(from DOCKER_HOST\)/);
	assert.throws(() => parseHost('  ', 'DOCKER_HOST'), /it is empty/);
});
