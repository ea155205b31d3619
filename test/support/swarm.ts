// A real two-node swarm for tests: two private dockerds (each in its own network namespace),
// linked by a veth pair on a test network of their own, one the manager and one a worker. The
// shared engine is never put in a swarm: other tests use it.
import {execFile} from 'node:child_process';
import {randomInt} from 'node:crypto';
import {promisify} from 'node:util';
import type Dockerode from 'dockerode';
import {startPrivateEngine, type PrivateEngine} from './engine.js';

const run = promisify(execFile);

export interface TestSwarm {
	manager: PrivateEngine;
	worker: PrivateEngine;
	/** The manager's address on the test network (its swarm advertise address). */
	managerAddress: string;
	workerAddress: string;
	/** Swarm node ids. */
	managerNodeId: string;
	workerNodeId: string;
	/** Both leave the swarm, the engines stop, their namespaces (and the veth pair) go; safe to call twice. */
	dispose(): Promise<void>;
}

const HINT =
	'A test swarm needs root, iproute2 (`ip`), veth and vxlan support in the kernel and dockerd ' +
	'(apt-get install -y iproute2 docker.io).';

function errorText(error: unknown): string {
	const shape = error as {message?: string; stderr?: string; json?: {message?: string}};
	return (shape.json?.message ?? shape.stderr?.trim() ?? shape.message ?? String(error)).trim();
}

function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

async function step<T>(what: string, action: () => Promise<T>): Promise<T> {
	try {
		return await action();
	} catch (error) {
		throw new Error(`Cannot build the test swarm: ${what} failed (${errorText(error)}). ${HINT}`);
	}
}

/** Links the two namespaces with a veth pair: `swarm0` on each side, addressed on a /24 of its own. */
async function link(manager: PrivateEngine, worker: PrivateEngine, managerAddress: string, workerAddress: string): Promise<void> {
	await run('ip', ['-n', manager.netns, 'link', 'add', 'name', 'swarm0', 'type', 'veth', 'peer', 'name', 'swarm0', 'netns', worker.netns]);
	for (const [netns, address] of [
		[manager.netns, managerAddress],
		[worker.netns, workerAddress],
	] as const) {
		await run('ip', ['-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'swarm0']);
		await run('ip', ['-n', netns, 'link', 'set', 'swarm0', 'up']);
	}
}

async function waitForNodes(docker: Dockerode, count: number): Promise<Array<{ID: string; Status?: {State?: string; Addr?: string}}>> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const nodes = (await docker.listNodes()) as Array<{ID: string; Status?: {State?: string; Addr?: string}}>;
		if (nodes.length === count && nodes.every(node => node.Status?.State === 'ready')) {
			return nodes;
		}
		if (Date.now() > deadline) {
			throw new Error(`${nodes.filter(node => node.Status?.State === 'ready').length} of ${count} nodes ready after 60 s`);
		}
		await sleep(250);
	}
}

export async function startTestSwarm(): Promise<TestSwarm> {
	const engines: PrivateEngine[] = [];
	const dispose = async (): Promise<void> => {
		// The worker first: a manager that leaves first strands it.
		for (const engine of [...engines].reverse()) {
			await engine.docker.swarmLeave({force: true}).catch(() => undefined);
		}
		for (const engine of engines.splice(0).reverse()) {
			await engine.dispose();
		}
	};
	try {
		const manager = await step('starting the manager engine', () => startPrivateEngine());
		engines.push(manager);
		const worker = await step('starting the worker engine', () => startPrivateEngine());
		engines.push(worker);
		// The namespaces are private, so any /24 would do; a random one keeps logs of runs apart.
		const subnet = `10.199.${randomInt(1, 255)}`;
		const managerAddress = `${subnet}.1`;
		const workerAddress = `${subnet}.2`;
		await step('linking the engines with a veth pair', () => link(manager, worker, managerAddress, workerAddress));
		await step(`docker swarm init --advertise-addr ${managerAddress}`, () =>
			manager.docker.swarmInit({ListenAddr: `${managerAddress}:2377`, AdvertiseAddr: managerAddress}),
		);
		const swarm = (await manager.docker.swarmInspect()) as {JoinTokens: {Worker: string}};
		await step(`docker swarm join on the worker (${workerAddress}) to ${managerAddress}:2377`, () =>
			worker.docker.swarmJoin({
				ListenAddr: `${workerAddress}:2377`,
				AdvertiseAddr: workerAddress,
				RemoteAddrs: [`${managerAddress}:2377`],
				JoinToken: swarm.JoinTokens.Worker,
			}),
		);
		const nodes = await step('waiting for both nodes to be ready', () => waitForNodes(manager.docker, 2));
		const managerNodeId = ((await manager.docker.info()) as {Swarm: {NodeID: string}}).Swarm.NodeID;
		const workerNodeId = ((await worker.docker.info()) as {Swarm: {NodeID: string}}).Swarm.NodeID;
		if (!nodes.some(node => node.ID === workerNodeId)) {
			throw new Error(`Cannot build the test swarm: the manager does not list the worker node ${workerNodeId}. ${HINT}`);
		}
		return {manager, worker, managerAddress, workerAddress, managerNodeId, workerNodeId, dispose};
	} catch (error) {
		await dispose();
		throw error;
	}
}
