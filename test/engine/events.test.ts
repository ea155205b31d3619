import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {createEngine} from '../../source/engine/connect.js';
import type {ConnectionState, EngineEvent} from '../../source/engine/types.js';
import {cleanUp, createContainer, docker, endpoint, engine, labels, requireEngine, uniqueName, waitFor} from './helpers.js';

before(requireEngine);
after(cleanUp);

test('container and volume events arrive with their ids, in order', async () => {
	const events: EngineEvent[] = [];
	let connected = 0;
	const subscription = engine.watchEvents({
		onEvent: event => events.push(event),
		onState: () => undefined,
		onConnected: () => {
			connected += 1;
		},
	});
	try {
		await waitFor('the events stream', () => (connected > 0 ? true : undefined));
		const startedAt = Date.now();
		const container = await createContainer({hint: 'events', Cmd: ['true']});
		await container.wait();
		await container.remove();
		const volumeName = uniqueName('volume');
		await docker.createVolume({Name: volumeName, Labels: labels});

		const actions = await waitFor('create, start, die and destroy', () => {
			const seen = events.filter(event => event.type === 'container' && event.id === container.id).map(event => event.action);
			return seen.includes('destroy') ? seen : undefined;
		});
		const lifecycle = actions.filter(action => ['create', 'start', 'die', 'destroy'].includes(action));
		assert.deepEqual(lifecycle, ['create', 'start', 'die', 'destroy']);
		const die = events.find(event => event.id === container.id && event.action === 'die');
		assert.equal(die?.attributes['exitCode'], '0');
		assert.ok(die?.attributes['name']?.startsWith('berth-test-'));
		assert.ok(die !== undefined && die.time >= startedAt - 1000 && die.time <= Date.now());

		const volumeEvent = await waitFor('the volume create event', () =>
			events.find(event => event.type === 'volume' && event.action === 'create' && event.id === volumeName),
		);
		assert.equal(volumeEvent.attributes['driver'], 'local');
		assert.equal(connected, 1);
	} finally {
		subscription.stop();
	}
});

/** Where a proxy forwards to: the real engine's socket or TCP port. */
function upstream(): net.NetConnectOpts {
	if (endpoint.protocol === 'unix') {
		return {path: endpoint.socketPath};
	}
	if (endpoint.protocol === 'tcp' && !endpoint.tls) {
		return {host: endpoint.host, port: endpoint.port};
	}
	throw new Error(`the reconnect test forwards plain connections; ${endpoint.display} needs TLS or SSH`);
}

/** A unix socket that forwards to the engine and can be killed (with its connections) and restarted. */
class EngineProxy {
	readonly socketPath = path.join(os.tmpdir(), `berth-proxy-${process.pid}-${Date.now()}.sock`);
	#server: net.Server | undefined;
	readonly #connections = new Set<net.Socket>();

	async start(): Promise<void> {
		rmSync(this.socketPath, {force: true});
		const server = net.createServer(client => {
			const engineSide = net.connect(upstream());
			for (const socket of [client, engineSide]) {
				this.#connections.add(socket);
				socket.on('error', () => socket.destroy());
				socket.on('close', () => {
					this.#connections.delete(socket);
					client.destroy();
					engineSide.destroy();
				});
			}
			client.pipe(engineSide);
			engineSide.pipe(client);
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.socketPath, resolve);
		});
		this.#server = server;
	}

	async kill(): Promise<void> {
		const server = this.#server;
		this.#server = undefined;
		for (const socket of this.#connections) {
			socket.destroy();
		}
		await new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve()));
	}
}

test('when the events stream breaks, the engine reports reconnecting and comes back', async () => {
	const proxy = new EngineProxy();
	await proxy.start();
	const proxied = createEngine({protocol: 'unix', socketPath: proxy.socketPath, display: `unix://${proxy.socketPath}`});
	const states: ConnectionState[] = [];
	const events: EngineEvent[] = [];
	let connected = 0;
	const subscription = proxied.watchEvents({
		onEvent: event => events.push(event),
		onState: state => states.push(state),
		onConnected: () => {
			connected += 1;
		},
	});
	try {
		await waitFor('the first connection', () => (connected === 1 ? true : undefined));
		assert.deepEqual(states, [
			{status: 'connecting', attempt: 0},
			{status: 'connected', attempt: 0},
		]);

		await proxy.kill();
		const failure = await waitFor('a failed reconnection', () =>
			states.find(state => state.status === 'reconnecting' && state.attempt >= 2),
		);
		assert.match(failure.error ?? '', new RegExp(`^cannot connect to the Docker engine at unix://${proxy.socketPath}: ENOENT`));
		assert.equal(failure.retryInMs, 500);
		const firstFailure = states.find(state => state.status === 'reconnecting');
		assert.deepEqual(
			[firstFailure?.attempt, firstFailure?.retryInMs],
			[1, 250],
		);

		await proxy.start();
		await waitFor('the reconnection', () => (connected === 2 ? true : undefined), 15_000);
		assert.deepEqual(states.at(-1), {status: 'connected', attempt: 0});

		// Events flow again over the new connection.
		const container = await createContainer({hint: 'after-reconnect', Cmd: ['true'], start: false});
		await waitFor('an event after reconnecting', () =>
			events.find(event => event.id === container.id && event.action === 'create'),
		);
	} finally {
		subscription.stop();
		proxied.close();
		await proxy.kill();
	}
});

function activeTimers(): number {
	return process.getActiveResourcesInfo().filter(resource => resource === 'Timeout').length;
}

test('stop() while a retry is pending cancels it, so no timer keeps the process alive', async () => {
	const missing = createEngine({protocol: 'unix', socketPath: '/nonexistent/berth.sock', display: 'unix:///nonexistent/berth.sock'});
	const states: ConnectionState[] = [];
	const subscription = missing.watchEvents({
		onEvent: () => undefined,
		onState: state => states.push(state),
		onConnected: () => undefined,
	});
	const failure = await waitFor('a failed attempt', () => states.find(state => state.status === 'reconnecting'));
	assert.equal(failure.error, 'cannot connect to the Docker engine at unix:///nonexistent/berth.sock: ENOENT (no such socket); is the Docker daemon running?');
	assert.equal(activeTimers(), 1);
	subscription.stop();
	missing.close();
	assert.equal(activeTimers(), 0);
});
