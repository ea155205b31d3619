// What berth knows of a swarm, normalised from the engine's answers. Text here is not yet
// sanitised: it came from the engine.
import type {LogLine} from './types.js';

/** Where an engine stands in a swarm (`docker info` Swarm). */
export type SwarmStatus =
	| {role: 'none'}
	/** Joining, or failed to: the engine's state word and error, e.g. "pending", "error". */
	| {role: 'pending'; state: string; error?: string}
	/** A worker: it cannot manage the swarm; `managers` are the addresses (`host:port`) it knows. */
	| {role: 'worker'; nodeId: string; address: string; managers: string[]}
	| {role: 'manager'; nodeId: string; address: string; clusterId: string; nodes: number; managers: number};

export type NodeRole = 'manager' | 'worker';
export type NodeAvailability = 'active' | 'pause' | 'drain';

export interface NodeSummary {
	id: string;
	/** The index an update must name (optimistic locking). */
	version: number;
	hostname: string;
	role: NodeRole;
	availability: NodeAvailability;
	/** "ready", "down", "unknown", "disconnected". */
	status: string;
	/** Why the node is not ready, when the engine says. */
	message?: string;
	/** Managers only: the leader, or "reachable" / "unreachable". */
	managerStatus?: 'leader' | 'reachable' | 'unreachable' | 'unknown';
	engineVersion: string;
	/** The node's address as the swarm sees it. */
	address: string;
	/** Node labels (`docker node update --label-add`). */
	labels: Record<string, string>;
	/** Tasks running on the node now. */
	runningTasks: number;
}

export interface PublishedPort {
	/** The port on every node (ingress) or on the task's node (host); 0 until the engine assigns one. */
	published: number;
	target: number;
	protocol: string;
	mode: 'ingress' | 'host';
}

/** A service's rolling update, when one was started. */
export interface UpdateStatus {
	/** "updating", "paused", "completed", "rollback_started", "rollback_paused", "rollback_completed". */
	state: string;
	message?: string;
}

export interface ServiceSummary {
	id: string;
	version: number;
	name: string;
	mode: {kind: 'replicated'; replicas: number} | {kind: 'global'};
	/** Tasks running now. */
	running: number;
	/** Tasks that should run: the replica count, or (global) the tasks the swarm wants running. */
	desired: number;
	/** The image as asked for, without the `@sha256:` the CLI pins it to. */
	image: string;
	ports: PublishedPort[];
	updateStatus?: UpdateStatus;
	/** The stack it belongs to (`com.docker.stack.namespace`). */
	stack?: string;
	labels: Record<string, string>;
	/** Epoch ms. */
	createdAt: number;
	updatedAt: number;
}

export interface ServiceMount {
	type: string;
	source?: string;
	target: string;
	readOnly: boolean;
}

export interface ServiceDetails extends ServiceSummary {
	command?: string[];
	args?: string[];
	/** `KEY=VALUE`, as the spec holds them. */
	env: string[];
	mounts: ServiceMount[];
	/** Network names (ids when a network is gone). */
	networks: string[];
	constraints: string[];
	/** "none", "on-failure", "any". */
	restartCondition: string;
	update: {parallelism: number; delayNs: number; failureAction: string; order: string};
	/** Secret and config names the service uses. */
	secrets: string[];
	configs: string[];
	/** The previous spec exists: a rollback is possible. */
	canRollback: boolean;
}

export interface TaskSummary {
	id: string;
	serviceId: string;
	/** Replicated services number their tasks; global ones do not. */
	slot?: number;
	nodeId: string;
	/** The node's hostname, or its id when the node is gone. */
	node: string;
	/** "running", "shutdown", "accepted", … */
	desiredState: string;
	/** "new" … "running", "complete", "failed", "rejected", "orphaned". */
	state: string;
	/** Epoch ms the state was reached. */
	stateSince: number;
	message?: string;
	error?: string;
	containerId?: string;
	exitCode?: number;
	image: string;
}

/** A secret or a config: names and metadata only, never the data. */
export interface SwarmDataSummary {
	id: string;
	name: string;
	/** Epoch ms. */
	createdAt: number;
	updatedAt: number;
	labels: Record<string, string>;
	/** Names of the services that use it. */
	usedBy: string[];
}

export interface StackSummary {
	name: string;
	/** Service names. */
	services: string[];
}

/** What removing a stack removes, in that order. */
export interface StackContents {
	services: Array<{id: string; name: string}>;
	secrets: Array<{id: string; name: string}>;
	configs: Array<{id: string; name: string}>;
	networks: Array<{id: string; name: string}>;
}

/** A line of a service's logs: the task and node it came from. */
export interface ServiceLogLine extends LogLine {
	taskId: string;
	/** `service.slot` (or `service.node` for a global service), as `docker service logs` names tasks. */
	task: string;
	nodeId: string;
	/** The node's hostname, or its id when unknown. */
	node: string;
}

export interface ServiceLogHandlers {
	onLines(lines: ServiceLogLine[]): void;
	onError(message: string): void;
	onEnd(): void;
}
