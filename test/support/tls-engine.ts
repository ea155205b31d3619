// A real dockerd that serves its API only over TLS and demands a client certificate
// (`--tlsverify`), with certificates made by the openssl CLI for each run.
//
// It is a private engine in its own network namespace (startPrivateEngine): a second dockerd in
// the host's namespace removes the shared engine's docker0 bridge, and with `--bridge=none` it
// does so on purpose (moby's configureNetworking calls removeDefaultBridgeInterface). The test
// reaches it through a veth pair: the host end and two addresses at the engine's end, one that
// its certificate names and one that it does not.
import {execFile} from 'node:child_process';
import {mkdir, mkdtemp, copyFile, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {startPrivateEngine, type PrivateEngine} from './engine.js';
import {freePort} from './registry.js';

const run = promisify(execFile);

const HINT =
	'It needs root, dockerd, openssl and iproute2 (apt-get install docker.io openssl iproute2); ' +
	'run the tests as root, e.g. `sudo npm test`.';

export interface TlsEngine {
	/** The engine's address that its certificate names. */
	host: string;
	/** Another address of the same engine, which the certificate does not name. */
	otherHost: string;
	port: number;
	/** DOCKER_CERT_PATH with the engine's CA and a client certificate it accepts. */
	certPath: string;
	/** The engine's CA only, without a client certificate. */
	caOnlyPath: string;
	/** An unrelated CA's ca.pem, with the accepted client certificate. */
	wrongCaPath: string;
	/** The engine's CA, with a client certificate signed by an unrelated CA. */
	foreignClientPath: string;
	/** The engine over its unix socket, to arrange and check state. */
	engine: PrivateEngine;
	/** Stops the engine and removes its namespace, veth pair and certificates; safe to call twice. */
	dispose(): Promise<void>;
}

let counter = 0;

/** Runs openssl with an argument array in `directory`. */
async function openssl(directory: string, args: string[]): Promise<void> {
	try {
		await run('openssl', args, {cwd: directory});
	} catch (error) {
		const stderr = (error as {stderr?: string}).stderr?.trim();
		throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}`);
	}
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function makeCa(directory: string, name: string, subject: string): Promise<void> {
	await openssl(directory, ['req', '-x509', ...ecKey, '-keyout', `${name}-key.pem`, '-out', `${name}.pem`, '-days', '2', '-subj', subject]);
}

async function makeSigned(directory: string, name: string, ca: string, extensions: string): Promise<void> {
	await writeFile(join(directory, `${name}.ext`), extensions);
	await openssl(directory, ['req', ...ecKey, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=berth ${name}`]);
	await openssl(directory, [
		'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial',
		'-out', `${name}-cert.pem`, '-days', '2', '-extfile', `${name}.ext`,
	]);
}

/** A DOCKER_CERT_PATH directory laid out as the docker CLI expects it. */
async function certDirectory(root: string, name: string, files: {ca: string; cert?: string; key?: string}): Promise<string> {
	const directory = join(root, name);
	await mkdir(directory);
	await copyFile(join(root, files.ca), join(directory, 'ca.pem'));
	if (files.cert !== undefined && files.key !== undefined) {
		await copyFile(join(root, files.cert), join(directory, 'cert.pem'));
		await copyFile(join(root, files.key), join(directory, 'key.pem'));
	}
	return directory;
}

/** A /29 of 198.51.100.0/24 (TEST-NET-2) that no interface here uses: [host end, engine end, second engine address]. */
async function freeAddresses(): Promise<[string, string, string]> {
	const {stdout} = await run('ip', ['-o', '-4', 'addr', 'show']);
	const start = process.pid % 32;
	for (let offset = 0; offset < 32; offset += 1) {
		const base = ((start + offset) % 32) * 8;
		if (!stdout.includes(`198.51.100.${base + 1}/`) && !stdout.includes(`198.51.100.${base + 2}/`)) {
			return [`198.51.100.${base + 1}`, `198.51.100.${base + 2}`, `198.51.100.${base + 3}`];
		}
	}
	throw new Error('every /29 of 198.51.100.0/24 is in use on this machine');
}

/** Resolves once something accepts TCP connections at host:port. */
async function waitForPort(host: string, port: number, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		const error = await new Promise<Error | undefined>(resolve => {
			const socket = net.connect({host, port});
			socket.once('connect', () => {
				socket.destroy();
				resolve(undefined);
			});
			socket.once('error', resolve);
		});
		if (error === undefined) {
			return;
		}
		if (Date.now() > deadline) {
			throw new Error(`nothing accepts connections at ${host}:${port} after ${ms} ms (${error.message})`);
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

/** Starts the TLS engine; fails with what is missing when it cannot. */
export async function startTlsEngine(): Promise<TlsEngine> {
	counter += 1;
	const root = await mkdtemp(join(tmpdir(), 'berth-tls-'));
	const hostVeth = `bt${process.pid}-${counter}h`.slice(-15);
	const engineVeth = 'berth0';
	let engine: PrivateEngine | undefined;
	const dispose = async (): Promise<void> => {
		// Deleting the namespace removes the engine's end of the veth pair, and with it the host's.
		await engine?.dispose();
		await run('ip', ['link', 'delete', hostVeth]).catch(() => undefined);
		await rm(root, {recursive: true, force: true});
	};
	try {
		const [hostEnd, host, otherHost] = await freeAddresses();
		const port = await freePort();
		await makeCa(root, 'ca', '/CN=berth test CA');
		await makeCa(root, 'other-ca', '/CN=berth unrelated CA');
		await makeSigned(root, 'server', 'ca', `subjectAltName=IP:${host},IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n`);
		await makeSigned(root, 'client', 'ca', 'extendedKeyUsage=clientAuth\n');
		await makeSigned(root, 'foreign-client', 'other-ca', 'extendedKeyUsage=clientAuth\n');
		const certPath = await certDirectory(root, 'client-dir', {ca: 'ca.pem', cert: 'client-cert.pem', key: 'client-key.pem'});
		const caOnlyPath = await certDirectory(root, 'ca-only-dir', {ca: 'ca.pem'});
		const wrongCaPath = await certDirectory(root, 'wrong-ca-dir', {ca: 'other-ca.pem', cert: 'client-cert.pem', key: 'client-key.pem'});
		const foreignClientPath = await certDirectory(root, 'foreign-client-dir', {
			ca: 'ca.pem',
			cert: 'foreign-client-cert.pem',
			key: 'foreign-client-key.pem',
		});

		// 0.0.0.0 inside the namespace: only the veth pair leads there, and its addresses come after dockerd starts.
		engine = await startPrivateEngine({
			dockerdArgs: [
				'--tlsverify',
				'--tlscacert', join(root, 'ca.pem'),
				'--tlscert', join(root, 'server-cert.pem'),
				'--tlskey', join(root, 'server-key.pem'),
				'--host', `tcp://0.0.0.0:${port}`,
			],
		});
		await run('ip', ['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', engineVeth, 'netns', engine.netns]);
		await run('ip', ['addr', 'add', `${hostEnd}/29`, 'dev', hostVeth]);
		await run('ip', ['link', 'set', hostVeth, 'up']);
		await run('ip', ['-n', engine.netns, 'addr', 'add', `${host}/29`, 'dev', engineVeth]);
		await run('ip', ['-n', engine.netns, 'addr', 'add', `${otherHost}/29`, 'dev', engineVeth]);
		await run('ip', ['-n', engine.netns, 'link', 'set', engineVeth, 'up']);
		await waitForPort(host, port, 10_000);
		return {host, otherHost, port, certPath, caOnlyPath, wrongCaPath, foreignClientPath, engine, dispose};
	} catch (error) {
		await dispose().catch(() => undefined);
		throw new Error(`could not start a TLS Docker engine for the test: ${(error as Error).message}. ${HINT}`);
	}
}
