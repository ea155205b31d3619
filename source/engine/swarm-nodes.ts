// Swarm nodes: the list with running task counts, and the changes `docker node update`,
// `promote`, `demote` and `rm` make. Every change names the node version it was read at: the
// manager refuses it when someone changed the node in between ("update out of sequence").
import type Docker from 'dockerode';
import {compareText} from '../format/index.js';
import {call} from './errors.js';
import {retryOutOfSequence, swarmRequest} from './swarm-request.js';
import {normalizeNode, type RawNode, type RawTask} from './swarm-normalize.js';
import type {NodeAvailability, NodeRole, NodeSummary} from './swarm-types.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

const someEngine = 'the Docker engine';

/** Tasks the swarm wants running, as listed by a manager. */
export async function runningTasks(docker: Docker, filters: Record<string, string[]> = {}): Promise<RawTask[]> {
	return (await docker.listTasks({filters: {...filters, 'desired-state': ['running']}})) as RawTask[];
}

export async function listNodes(docker: Docker, endpoint = someEngine): Promise<NodeSummary[]> {
	const [nodes, tasks] = await call(endpoint, async () =>
		Promise.all([docker.listNodes() as Promise<RawNode[]>, runningTasks(docker)]),
	);
	const counts = new Map<string, number>();
	for (const task of tasks) {
		if (task.Status?.State === 'running' && task.NodeID) {
			counts.set(task.NodeID, (counts.get(task.NodeID) ?? 0) + 1);
		}
	}
	return nodes.map(node => normalizeNode(node, counts.get(node.ID) ?? 0)).sort((a, b) => compareText(a.hostname, b.hostname));
}

export async function inspectNode(docker: Docker, id: string, endpoint = someEngine): Promise<NodeSummary> {
	const [node, tasks] = await call(endpoint, async () =>
		Promise.all([docker.getNode(id).inspect() as Promise<RawNode>, runningTasks(docker, {node: [id]})]),
	);
	return normalizeNode(node, tasks.filter(task => task.Status?.State === 'running').length);
}

type NodeSpec = NonNullable<RawNode['Spec']>;

/** Reads the node's spec and version, and writes back the changed spec at that version. */
async function updateNode(docker: Docker, id: string, change: (spec: NodeSpec) => NodeSpec, endpoint: string): Promise<void> {
	await call(endpoint, () =>
		retryOutOfSequence(async () => {
			const node = (await docker.getNode(id).inspect()) as RawNode;
			await swarmRequest(docker, {
				method: 'POST',
				path: `/nodes/${encodeURIComponent(node.ID)}/update`,
				query: {version: node.Version?.Index ?? 0},
				body: change({...node.Spec}),
			});
		}),
	);
}

/** `docker node update --availability`: drain moves the node's tasks elsewhere; pause stops new ones coming. */
export function setNodeAvailability(docker: Docker, id: string, availability: NodeAvailability, endpoint = someEngine): Promise<void> {
	return updateNode(docker, id, spec => ({...spec, Availability: availability}), endpoint);
}

/** `docker node promote` (manager) and `docker node demote` (worker). */
export function setNodeRole(docker: Docker, id: string, role: NodeRole, endpoint = someEngine): Promise<void> {
	return updateNode(docker, id, spec => ({...spec, Role: role}), endpoint);
}

const LABEL_KEY = /^\S+$/;

/** `docker node update --label-add key=value`. */
export function addNodeLabel(docker: Docker, id: string, key: string, value: string, endpoint = someEngine): Promise<void> {
	if (!LABEL_KEY.test(key)) {
		return Promise.reject(new EngineError(t('"{key}" is not a label key (a word without spaces)', {key})));
	}
	return updateNode(docker, id, spec => ({...spec, Labels: {...spec.Labels, [key]: value}}), endpoint);
}

/** `docker node update --label-rm key`. */
export function removeNodeLabel(docker: Docker, id: string, key: string, endpoint = someEngine): Promise<void> {
	return updateNode(
		docker,
		id,
		spec => ({...spec, Labels: Object.fromEntries(Object.entries(spec.Labels ?? {}).filter(([name]) => name !== key))}),
		endpoint,
	);
}

/**
 * `docker node rm [--force]`. The manager removes only a node that is down (or has left); force
 * removes one it cannot reach any more, e.g. a machine that is gone for good.
 */
export async function removeNode(docker: Docker, id: string, options: {force: boolean}, endpoint = someEngine): Promise<void> {
	await call(endpoint, () =>
		swarmRequest(docker, {method: 'DELETE', path: `/nodes/${encodeURIComponent(id)}`, query: {force: options.force}}),
	);
}
