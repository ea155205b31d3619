// Shared set-up for the engine tests: one engine per test file, a label that marks everything the
// file creates, and clean-up that removes exactly those objects.
import os from 'node:os';
import {PassThrough} from 'node:stream';
import {setTimeout as delay} from 'node:timers/promises';
import type Docker from 'dockerode';
import {createDockerClient} from '../../source/engine/client.js';
import {createEngine, resolveEndpoint} from '../../source/engine/connect.js';
import type {Engine, InteractiveIo, JobControl, JobEvent} from '../../source/engine/types.js';

export const testImage = 'berth-test/busybox';
export const runId = `${process.pid}-${Date.now().toString(36)}`;
export const testLabel = 'berth.test';
export const labels = {[testLabel]: runId};

export const endpoint = resolveEndpoint({env: process.env, homeDir: os.homedir()});
export const engine = createEngine(endpoint);
/** A separate client for setting up scenes, so the engine under test is not also the fixture builder. */
export const docker: Docker = createDockerClient(endpoint).docker;

let reachable = false;

/** Fails (never skips) when there is no engine or no test image, saying how to get them. */
export async function requireEngine(): Promise<void> {
	try {
		await docker.ping();
		reachable = true;
	} catch (error) {
		const reason = (error as {code?: string; message?: string}).code ?? (error as Error).message;
		throw new Error(
			`no Docker engine at ${endpoint.display}: ${reason}. Run \`npm test\` as root to provision one (apt-get install docker.io busybox-static, dockerd, test image), or set DOCKER_HOST.`,
		);
	}
	try {
		await docker.getImage(testImage).inspect();
	} catch {
		throw new Error(
			`the test image ${testImage} is missing on ${endpoint.display}. Run \`npm test\` as root to provision it (busybox FROM scratch), or build it as shown in DESIGN.md.`,
		);
	}
}

let nameCounter = 0;

/** A unique container name for this run. */
export function uniqueName(hint: string): string {
	nameCounter += 1;
	return `berth-test-${runId}-${hint}-${nameCounter}`;
}

/** Creates (and by default starts) a labelled busybox container. */
export async function createContainer(
	options: Omit<Docker.ContainerCreateOptions, 'Image'> & {start?: boolean; hint?: string},
): Promise<Docker.Container> {
	const {start = true, hint = 'c', ...create} = options;
	const container = await docker.createContainer({
		name: uniqueName(hint),
		Image: testImage,
		StopTimeout: 1,
		...create,
		Labels: {...create.Labels, ...labels},
	});
	if (start) {
		await container.start();
	}
	return container;
}

/** A command that runs until stopped and stops at once on SIGTERM (`wait` is interrupted by a trapped signal). */
export const idle = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];

/** Removes every container and volume this run created, and closes the engine. */
export async function cleanUp(): Promise<void> {
	engine.close();
	if (!reachable) {
		return;
	}
	const filters = {label: [`${testLabel}=${runId}`]};
	const containers = await docker.listContainers({all: true, filters});
	await Promise.all(containers.map(container => docker.getContainer(container.Id).remove({force: true, v: true})));
	const {Volumes: volumes} = await docker.listVolumes({filters});
	await Promise.all((volumes ?? []).map(volume => docker.getVolume(volume.Name).remove()));
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await delay(50);
	}
}

/** Stand-ins for a terminal that is not a TTY: what is written to stdout is collected. */
export function fakeTerminal(): {io: InteractiveIo; output: () => string} {
	const stdin = Object.assign(new PassThrough(), {isTTY: false, isRaw: false, setRawMode: () => stdin});
	const stdout = Object.assign(new PassThrough(), {isTTY: false, columns: 80, rows: 24});
	let written = '';
	stdout.on('data', (chunk: Buffer) => {
		written += chunk.toString();
	});
	return {io: {stdin, stdout} as unknown as InteractiveIo, output: () => written};
}

/** A job control that records the events it gets and can be cancelled (`onEvent` may do so). */
export function job(onEvent: (event: JobEvent, controller: AbortController) => void = () => undefined): JobControl & {
	events: JobEvent[];
	controller: AbortController;
} {
	const controller = new AbortController();
	const events: JobEvent[] = [];
	return {
		signal: controller.signal,
		events,
		controller,
		onEvent(event) {
			events.push(event);
			onEvent(event, controller);
		},
	};
}

/**
 * `engine` with its container listing replaced by `listContainers` (to count, hold back or delay
 * its answers); every other method is the engine's own.
 */
export function withListing(engine: Engine, listContainers: Engine['listContainers']): Engine {
	return new Proxy(engine, {
		get(target, property) {
			if (property === 'listContainers') {
				return listContainers;
			}

			const value: unknown = Reflect.get(target, property);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
