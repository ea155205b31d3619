// A service's logs merged across its tasks (`docker service logs`). Asked for with `details`,
// the engine puts each line's origin before its text ("com.docker.swarm.node.id=…,
// com.docker.swarm.service.id=…,com.docker.swarm.task.id=… text"); the ids are turned into a
// node's hostname and a task's `service.slot` name, as the CLI shows them.
import type {Readable} from 'node:stream';
import type Docker from 'dockerode';
import {call, toEngineError} from './errors.js';
import {LogDecoder, logsQuery} from './logs.js';
import {openLogStream} from './plain-stream.js';
import type {RawNode, RawService, RawTask} from './swarm-normalize.js';
import type {ServiceLogHandlers, ServiceLogLine} from './swarm-types.js';
import type {LogLine, LogOptions, Subscription} from './types.js';

const someEngine = 'the Docker engine';

const DETAILS = /^(\S*com\.docker\.swarm\.\S*) ?/;

/** Go's url.QueryEscape undone: `+` is a space. */
function unescape(text: string): string {
	try {
		return decodeURIComponent(text.replaceAll('+', ' '));
	} catch {
		return text;
	}
}

/** Splits the `key=value,…` details off the front of a line. */
export function splitDetails(text: string): {details: Record<string, string>; text: string} {
	const match = DETAILS.exec(text);
	if (!match) {
		return {details: {}, text};
	}
	const details: Record<string, string> = {};
	for (const pair of (match[1] ?? '').split(',')) {
		const equals = pair.indexOf('=');
		if (equals > 0) {
			details[unescape(pair.slice(0, equals))] = unescape(pair.slice(equals + 1));
		}
	}
	return {details, text: text.slice(match[0].length)};
}

/** Names for the ids in log details; refreshed when a line names a task or node not seen yet. */
class Origins {
	readonly #tasks = new Map<string, string>();
	readonly #nodes = new Map<string, string>();
	readonly #sought = new Set<string>();
	readonly #docker: Docker;
	readonly #service: RawService;

	constructor(docker: Docker, service: RawService) {
		this.#docker = docker;
		this.#service = service;
	}

	async refresh(): Promise<void> {
		const [tasks, nodes] = await Promise.all([
			this.#docker.listTasks({filters: {service: [this.#service.ID]}}) as Promise<RawTask[]>,
			this.#docker.listNodes() as Promise<RawNode[]>,
		]);
		const name = this.#service.Spec.Name ?? this.#service.ID;
		for (const node of nodes) {
			this.#nodes.set(node.ID, node.Description?.Hostname ?? node.ID);
		}
		for (const task of tasks) {
			// A global service's tasks have no slot: the CLI names them by node.
			this.#tasks.set(task.ID, `${name}.${task.Slot ? task.Slot : (task.NodeID ?? task.ID)}`);
		}
	}

	/**
	 * Whether a batch names a task or node not known yet, that was not looked for before: an id
	 * still unknown after a look-up (a task gone from the history) is not looked for again.
	 */
	needsLookup(lines: readonly LogLine[]): boolean {
		let needed = false;
		for (const line of lines) {
			const {details} = splitDetails(line.text);
			for (const [key, names] of [
				['com.docker.swarm.task.id', this.#tasks],
				['com.docker.swarm.node.id', this.#nodes],
			] as const) {
				const id = details[key];
				if (id !== undefined && !names.has(id) && !this.#sought.has(id)) {
					this.#sought.add(id);
					needed = true;
				}
			}
		}
		return needed;
	}

	name(line: LogLine): ServiceLogLine {
		const {details, text} = splitDetails(line.text);
		const taskId = details['com.docker.swarm.task.id'] ?? '';
		const nodeId = details['com.docker.swarm.node.id'] ?? '';
		return {
			...line,
			text,
			taskId,
			task: this.#tasks.get(taskId) ?? taskId,
			nodeId,
			node: this.#nodes.get(nodeId) ?? nodeId,
		};
	}
}

/**
 * Streams a service's logs. Lines arrive in batches in the order the engine sent them (a batch
 * waits while the names of a new task or node are looked up).
 */
export function streamServiceLogs(
	docker: Docker,
	id: string,
	options: LogOptions,
	handlers: ServiceLogHandlers,
	endpoint = someEngine,
): Subscription {
	const controller = new AbortController();
	let stream: Readable | undefined;
	let stopped = false;
	const subscription: Subscription = {
		stop() {
			stopped = true;
			controller.abort();
			stream?.destroy();
		},
	};
	const fail = (error: unknown): void => {
		if (!stopped) {
			subscription.stop();
			handlers.onError(toEngineError(error, endpoint).message);
		}
	};

	const follow = async (): Promise<void> => {
		const service = (await call(endpoint, () => docker.getService(id).inspect())) as RawService & {
			Spec: {TaskTemplate?: {ContainerSpec?: {TTY?: boolean}}};
		};
		const origins = new Origins(docker, service);
		await origins.refresh();
		const opened = await openLogStream(docker, `/services/${encodeURIComponent(service.ID)}/logs?`, {details: true, ...logsQuery(options)}, controller.signal);
		if (stopped) {
			opened.destroy();
			return;
		}
		stream = opened;
		const decoder = new LogDecoder({multiplexed: service.Spec.TaskTemplate?.ContainerSpec?.TTY !== true, timestamps: options.timestamps});
		// Batches are handed on in order, each after any lookup it needed.
		let queue = Promise.resolve();
		const deliver = (lines: LogLine[], last: boolean): void => {
			queue = queue.then(async () => {
				if (origins.needsLookup(lines)) {
					await origins.refresh().catch(() => undefined);
				}
				if (stopped) {
					return;
				}
				if (lines.length > 0) {
					handlers.onLines(lines.map(line => origins.name(line)));
				}
				if (last) {
					subscription.stop();
					handlers.onEnd();
				}
			});
		};
		opened.on('data', (chunk: Buffer) => {
			const lines = decoder.push(chunk);
			if (lines.length > 0) {
				deliver(lines, false);
			}
		});
		opened.on('end', () => deliver(decoder.end(), true));
		opened.on('error', fail);
		opened.on('close', () => {
			void queue.then(() => fail(new Error('the log stream was closed before it ended')));
		});
	};

	follow().catch(fail);
	return subscription;
}
