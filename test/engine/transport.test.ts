// The engine over TCP and TLS: small local servers forward to the real engine, so the client side
// (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, a context's TLS files) is exercised for real.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import tls from 'node:tls';
import {createEngine, resolveEndpoint} from '../../source/engine/connect.js';
import type {Engine} from '../../source/engine/types.js';
import {endpoint, requireEngine} from './helpers.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'berth-transport-'));
const servers: net.Server[] = [];
const engines: Engine[] = [];

function openssl(...args: string[]): void {
	execFileSync('openssl', args, {cwd: directory, stdio: 'pipe'});
}

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, as the docker CLI lays them out. */
function makeCertificates(): void {
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	openssl('req', '-x509', ...ec, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=berth test CA');
	writeFileSync(path.join(directory, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	writeFileSync(path.join(directory, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
	for (const [name, ext] of [['server', 'server.ext'], ['client', 'client.ext']] as const) {
		openssl('req', ...ec, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=berth ${name}`);
		openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', '1', '-extfile', ext);
	}
	copyFileSync(path.join(directory, 'client-cert.pem'), path.join(directory, 'cert.pem'));
	copyFileSync(path.join(directory, 'client-key.pem'), path.join(directory, 'key.pem'));
}

function forwardToEngine(client: net.Socket): void {
	if (endpoint.protocol !== 'unix') {
		throw new Error(`the transport tests forward to a unix socket; the engine is at ${endpoint.display}`);
	}
	const engineSide = net.connect(endpoint.socketPath);
	client.on('error', () => engineSide.destroy());
	engineSide.on('error', () => client.destroy());
	client.on('close', () => engineSide.destroy());
	engineSide.on('close', () => client.destroy());
	client.pipe(engineSide);
	engineSide.pipe(client);
}

async function listen(server: net.Server): Promise<number> {
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as net.AddressInfo).port;
}

function track(engine: Engine): Engine {
	engines.push(engine);
	return engine;
}

let tcpPort: number;
let tlsPort: number;

before(async () => {
	await requireEngine();
	makeCertificates();
	tcpPort = await listen(net.createServer(forwardToEngine));
	const read = (file: string) => readFileSync(path.join(directory, file));
	tlsPort = await listen(
		tls.createServer(
			{
				key: read('server-key.pem'),
				cert: read('server-cert.pem'),
				ca: read('ca.pem'),
				requestCert: true,
				rejectUnauthorized: true,
			},
			forwardToEngine,
		),
	);
});

after(async () => {
	for (const engine of engines) {
		engine.close();
	}
	await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))));
	rmSync(directory, {recursive: true, force: true});
});

test('plain TCP from DOCKER_HOST', async () => {
	const resolved = resolveEndpoint({env: {DOCKER_HOST: `tcp://127.0.0.1:${tcpPort}`}, homeDir: directory});
	const engine = track(createEngine(resolved));
	assert.equal(engine.endpoint, `tcp://127.0.0.1:${tcpPort}`);
	await engine.ping();
	assert.ok(Array.isArray(await engine.listContainers()));
});

test('verified TLS with a client certificate from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
	const resolved = resolveEndpoint({
		env: {DOCKER_HOST: `tcp://127.0.0.1:${tlsPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: directory},
		homeDir: directory,
	});
	const engine = track(createEngine(resolved));
	await engine.ping();
	assert.match((await engine.version()).apiVersion, /^1\./);
});

test("a context's TLS files are used", async () => {
	const home = path.join(directory, 'home');
	const hash = createHash('sha256').update('secure').digest('hex');
	const meta = path.join(home, '.docker', 'contexts', 'meta', hash);
	const tlsFiles = path.join(home, '.docker', 'contexts', 'tls', hash, 'docker');
	mkdirSync(meta, {recursive: true});
	mkdirSync(tlsFiles, {recursive: true});
	writeFileSync(
		path.join(meta, 'meta.json'),
		JSON.stringify({Name: 'secure', Endpoints: {docker: {Host: `tcp://127.0.0.1:${tlsPort}`, SkipTLSVerify: false}}}),
	);
	for (const file of ['ca.pem', 'cert.pem', 'key.pem']) {
		copyFileSync(path.join(directory, file), path.join(tlsFiles, file));
	}
	const engine = track(createEngine(resolveEndpoint({context: 'secure', env: {}, homeDir: home})));
	assert.equal(engine.endpoint, `context secure (tcp://127.0.0.1:${tlsPort})`);
	await engine.ping();
});

test('a server certificate from an unknown CA is refused, saying it is a TLS failure', async () => {
	const engine = track(
		createEngine({
			protocol: 'tcp',
			host: '127.0.0.1',
			port: tlsPort,
			tls: {verify: true, certFile: path.join(directory, 'cert.pem'), keyFile: path.join(directory, 'key.pem')},
			display: 'tcp://127.0.0.1',
		}),
	);
	await assert.rejects(engine.ping(), {
		name: 'EngineError',
		message: /^TLS with the Docker engine at tcp:\/\/127\.0\.0\.1 failed: .*certificate.*\(\w+\)(; .*)?$/,
	});
});

test('without verification the unknown CA is accepted', async () => {
	const engine = track(
		createEngine({
			protocol: 'tcp',
			host: '127.0.0.1',
			port: tlsPort,
			tls: {verify: false, certFile: path.join(directory, 'cert.pem'), keyFile: path.join(directory, 'key.pem')},
			display: 'tcp://127.0.0.1',
		}),
	);
	await engine.ping();
});
