// API version negotiation against the shared engine: berth asks GET /version once, then speaks
// versioned paths at min(engine's API version, the newest berth knows).
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, test} from 'node:test';
import {newestApiVersion} from '../../source/engine/api-version.js';
import {createEngine} from '../../source/engine/connect.js';
import {endpoint, requireEngine} from './helpers.js';

const run = promisify(execFile);

let directory: string;
let proxy: net.Server;
/** The request line of every HTTP request that went through the proxy, in order. */
const requests: string[] = [];

before(async () => {
	await requireEngine();
	if (endpoint.protocol !== 'unix') {
		throw new Error(`this test records requests on the way to a unix socket; the engine is at ${endpoint.display}`);
	}
	const engineSocket = endpoint.socketPath;
	directory = await mkdtemp(path.join(os.tmpdir(), 'berth-api-version-'));
	// Each connection carries requests one after another (keep-alive); request lines start with a method.
	proxy = net.createServer(client => {
		const engineSide = net.connect(engineSocket);
		client.on('data', (chunk: Buffer) => {
			for (const line of chunk.toString('latin1').split('\r\n')) {
				if (/^(GET|POST|PUT|DELETE|HEAD) \//.test(line)) {
					requests.push(line.replace(/ HTTP\/1\.1$/, ''));
				}
			}
		});
		client.pipe(engineSide).pipe(client);
		client.on('error', () => engineSide.destroy());
		engineSide.on('error', () => client.destroy());
	});
	await new Promise<void>(resolve => proxy.listen(path.join(directory, 'd.sock'), resolve));
});

after(async () => {
	await new Promise(resolve => proxy.close(resolve));
	await rm(directory, {recursive: true, force: true});
});

function older(a: string, b: string): string {
	const [majorA = 0, minorA = 0] = a.split('.').map(Number);
	const [majorB = 0, minorB = 0] = b.split('.').map(Number);
	return majorA < majorB || (majorA === majorB && minorA < minorB) ? a : b;
}

test("berth speaks the engine's API version, capped at its newest, on every path after one GET /version", async () => {
	const {stdout} = await run('docker', ['version', '--format', '{{.Server.APIVersion}}']);
	const expected = older(stdout.trim(), newestApiVersion);
	const socket = path.join(directory, 'd.sock');
	const engine = createEngine({protocol: 'unix', socketPath: socket, display: `unix://${socket}`});
	try {
		const [version] = await Promise.all([engine.version(), engine.listContainers(), engine.listImages(), engine.ping()]);
		assert.equal(version.apiVersion, expected);
		await engine.listNetworks();
	} finally {
		engine.close();
	}
	assert.equal(requests[0], 'GET /version');
	assert.equal(requests.filter(line => line === 'GET /version').length, 1, `requests: ${requests.join(', ')}`);
	const rest = requests.slice(1);
	assert.ok(rest.length >= 5, `requests: ${requests.join(', ')}`);
	for (const line of rest) {
		assert.ok(line.startsWith(`GET /v${expected}/`), `${line} is not at API ${expected}`);
	}
	assert.ok(rest.some(line => line.startsWith(`GET /v${expected}/containers/json`)));
	assert.ok(rest.some(line => line.startsWith(`GET /v${expected}/_ping`)));
});
