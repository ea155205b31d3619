// tcp:// with TLS against a real second dockerd that demands client certificates (--tlsverify),
// configured the docker CLI's way: DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH, or a context.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFile, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, test} from 'node:test';
import {createEngine, resolveEndpoint} from '../../source/engine/connect.js';
import {unreachableDetails} from '../../source/engine/errors.js';
import type {Engine, EngineEvent} from '../../source/engine/types.js';
import {createTestContainer, requireEngine, testLabels, uniqueName} from '../support/engine.js';
import {startTlsEngine, type TlsEngine} from '../support/tls-engine.js';
import {waitFor} from './helpers.js';

const run = promisify(execFile);

let server: TlsEngine;
let home: string;
let docker0Before: string;
const engines: Engine[] = [];

/** Whether the shared engine's bridge is there, and its address. */
async function docker0(): Promise<string> {
	const {stdout} = await run('ip', ['-o', '-4', 'addr', 'show', 'docker0']).catch(() => ({stdout: 'no docker0'}));
	return stdout.split(/\s+/).slice(1, 4).join(' ');
}

before(async () => {
	await requireEngine();
	docker0Before = await docker0();
	home = await mkdtemp(path.join(os.tmpdir(), 'berth-tls-home-'));
	server = await startTlsEngine();
});

after(async () => {
	for (const engine of engines) {
		engine.close();
	}
	await server?.dispose();
	await rm(home, {recursive: true, force: true});
	// The TLS engine lives in its own network namespace: the shared engine's bridge is untouched.
	assert.equal(await docker0(), docker0Before);
});

function connect(env: NodeJS.ProcessEnv, host = server.host): Engine {
	const engine = createEngine(resolveEndpoint({host: `tcp://${host}:${server.port}`, env, homeDir: home}));
	engines.push(engine);
	return engine;
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}

test('the right CA and client certificate: ping, version, lists and the events stream work', async () => {
	const engine = connect({DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: server.certPath});
	assert.equal(engine.endpoint, `tcp://${server.host}:${server.port}`);
	await engine.ping();
	const version = await engine.version();
	const info = await server.engine.docker.version();
	assert.equal(version.version, info.Version);
	assert.equal(version.apiVersion, info.ApiVersion, 'this dockerd speaks an API older than berth\'s newest');
	assert.ok((await engine.listImages()).some(image => image.tags.includes('berth-test/busybox:latest')));
	assert.deepEqual(await engine.listContainers(), []);

	const events: EngineEvent[] = [];
	let connected: () => void = () => undefined;
	const streaming = new Promise<void>(resolve => {
		connected = resolve;
	});
	const subscription = engine.watchEvents({onEvent: event => events.push(event), onState: () => undefined, onConnected: () => connected()});
	const name = uniqueName('berth-tls');
	try {
		await within(10_000, 'the events stream over TLS', streaming);
		await server.engine.docker.createVolume({Name: name, Labels: testLabels()});
		await waitFor('the volume create event', () => (events.some(event => event.type === 'volume' && event.action === 'create' && event.id === name) ? true : undefined));
	} finally {
		subscription.stop();
		await server.engine.docker.getVolume(name).remove().catch(() => undefined);
	}
});

test('without a client certificate the engine refuses, and the message says it wants one', async () => {
	const engine = connect({DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: server.caOnlyPath});
	// The engine's alert depends on its TLS version: "bad certificate" (1.2) or "certificate required" (1.3).
	const error = await engine.ping().then(
		() => assert.fail('the engine accepted a connection without a client certificate'),
		(failure: unknown) => failure,
	);
	assert.match(
		(error as Error).message,
		new RegExp(
			`^TLS with the Docker engine at tcp://${server.host}:${server.port} failed: the engine wants a client certificate, and none was given: (sslv3 alert bad certificate \\(ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE\\)|tlsv13 alert certificate required \\(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\\)); put the client certificate and its key in cert\\.pem and key\\.pem \\(DOCKER_CERT_PATH\\)$`,
		),
	);
	assert.equal(unreachableDetails(error)?.title, `TLS with the Docker engine at tcp://${server.host}:${server.port} failed`);
});

test('a client certificate from another CA is refused, naming the certificate', async () => {
	const engine = connect({DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: server.foreignClientPath});
	await assert.rejects(engine.ping(), {
		name: 'EngineError',
		message: new RegExp(
			`failed: the engine refused the client certificate ${path.join(server.foreignClientPath, 'cert.pem')}: sslv3 alert bad certificate \\(ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE\\); use a client certificate signed by the CA the engine trusts`,
		),
	});
});

test("the wrong CA is refused, naming the CA file and why the engine's certificate failed", async () => {
	const engine = connect({DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: server.wrongCaPath});
	await assert.rejects(engine.ping(), {
		name: 'EngineError',
		message:
			`TLS with the Docker engine at tcp://${server.host}:${server.port} failed: the engine's certificate is not signed by the CA in ` +
			`${path.join(server.wrongCaPath, 'ca.pem')}: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE); ` +
			"use the ca.pem of the CA that signed the engine's certificate",
	});
});

test('a certificate for another name is refused, saying which name it lacks', async () => {
	const engine = connect({DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: server.certPath}, server.otherHost);
	await assert.rejects(engine.ping(), {
		message:
			`TLS with the Docker engine at tcp://${server.otherHost}:${server.port} failed: the engine's certificate is for another name: ` +
			`IP: ${server.otherHost} is not in the cert's list: ${server.host}, 127.0.0.1 (ERR_TLS_CERT_ALTNAME_INVALID); ` +
			'connect by a name or address the certificate lists',
	});
});

test('plain TCP against the TLS port says the engine answered with TLS', async () => {
	const engine = connect({});
	const error = await engine.ping().then(
		() => assert.fail('plain HTTP was answered'),
		(failure: unknown) => failure,
	);
	assert.equal(
		(error as Error).message,
		`cannot connect to the Docker engine at tcp://${server.host}:${server.port}: the engine answered with TLS, and berth spoke plain HTTP ` +
			'("client sent an HTTP request to an HTTPS server"); set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem',
	);
	assert.equal((error as {statusCode?: number}).statusCode, undefined);
});

test('TLS to a port that answers plain HTTP says the engine does not speak TLS there', async () => {
	const plain = http.createServer((_request, response) => response.end('not docker'));
	await new Promise<void>(resolve => plain.listen(0, '127.0.0.1', resolve));
	const {port} = plain.address() as AddressInfo;
	const engine = createEngine(
		resolveEndpoint({host: `tcp://127.0.0.1:${port}`, env: {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: server.certPath}, homeDir: home}),
	);
	engines.push(engine);
	try {
		await assert.rejects(engine.ping(), {
			message:
				`TLS with the Docker engine at tcp://127.0.0.1:${port} failed: the engine does not answer with TLS on this port: ` +
				'wrong version number (EPROTO); unset DOCKER_TLS_VERIFY and DOCKER_TLS, or use the port the engine serves TLS on',
		});
	} finally {
		plain.close();
	}
});

test('DOCKER_TLS without DOCKER_TLS_VERIFY connects without checking the engine', async () => {
	// An unrelated CA and an address the certificate does not name: both would fail verification.
	await connect({DOCKER_TLS: '1', DOCKER_CERT_PATH: server.wrongCaPath}).ping();
	await connect({DOCKER_TLS: '1', DOCKER_CERT_PATH: server.wrongCaPath}, server.otherHost).ping();
});

test("a context's TLS files are verified unless the context says SkipTLSVerify", async () => {
	const makeContext = async (name: string, skip: boolean): Promise<void> => {
		const hash = createHash('sha256').update(name).digest('hex');
		const meta = path.join(home, '.docker', 'contexts', 'meta', hash);
		const tlsFiles = path.join(home, '.docker', 'contexts', 'tls', hash, 'docker');
		await mkdir(meta, {recursive: true});
		await mkdir(tlsFiles, {recursive: true});
		const endpoint = {Host: `tcp://${server.host}:${server.port}`, SkipTLSVerify: skip};
		await writeFile(path.join(meta, 'meta.json'), JSON.stringify({Name: name, Endpoints: {docker: endpoint}}));
		for (const file of ['ca.pem', 'cert.pem', 'key.pem']) {
			await copyFile(path.join(server.wrongCaPath, file), path.join(tlsFiles, file));
		}
	};
	await makeContext('checked', false);
	await makeContext('unchecked', true);
	const checked = createEngine(resolveEndpoint({context: 'checked', env: {}, homeDir: home}));
	const unchecked = createEngine(resolveEndpoint({context: 'unchecked', env: {}, homeDir: home}));
	engines.push(checked, unchecked);
	await assert.rejects(checked.ping(), {
		message: new RegExp(
			`^TLS with the Docker engine at context checked \\(tcp://${server.host}:${server.port}\\) failed: the engine's certificate is not signed by the CA in .*/contexts/tls/[0-9a-f]{64}/docker/ca\\.pem: `,
		),
	});
	await unchecked.ping();
});

test("a followed log streams over TLS, and a container that is not there gives the engine's reason", async () => {
	const engine = connect({DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: server.certPath});
	const container = await createTestContainer(server.engine.docker, {
		name: uniqueName('berth-tls-logs'),
		cmd: ['sh', '-c', 'trap "exit 0" TERM; echo first-over-tls; while :; do echo tick; sleep 0.2; done'],
	});
	const lines: string[] = [];
	const errors: string[] = [];
	const subscription = engine.streamLogs(
		container.id,
		{tail: -1, timestamps: true, follow: true},
		{onLines: batch => lines.push(...batch.map(line => line.text)), onError: message => errors.push(message), onEnd: () => undefined},
	);
	try {
		await waitFor('three ticks after the first line', () => (lines[0] === 'first-over-tls' && lines.filter(line => line === 'tick').length >= 3 ? true : undefined), 15_000);
		assert.deepEqual(errors, []);
	} finally {
		subscription.stop();
		await container.remove({force: true});
	}

	const missing = await within(
		10_000,
		'the error for a missing container',
		new Promise<string>(resolve => {
			engine.streamLogs('berth-no-such-container', {tail: 10, timestamps: false, follow: true}, {onLines: () => undefined, onError: resolve, onEnd: () => resolve('ended')});
		}),
	);
	assert.match(missing, /no such container/i);
});
