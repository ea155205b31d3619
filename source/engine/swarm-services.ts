// Swarm services and their tasks: list, inspect, create, scale, update, roll back, restart, remove.
// Services are created and updated without asking the manager to resolve the image on a registry
// (no X-Registry-Auth, and the API from 1.30 on leaves resolving to the client): the image is
// used by name, as `--no-resolve-image` does, so images that exist only on the nodes work.
import type Docker from 'dockerode';
import {compareText} from '../format/index.js';
import {maxServiceReplicas, type ServiceSpecInput, type ServiceUpdateInput} from '../parse/service-spec.js';
import {call} from './errors.js';
import {runningTasks} from './swarm-nodes.js';
import {
	compareTasks,
	normalizeService,
	normalizeServiceDetails,
	normalizeTask,
	type RawNode,
	type RawService,
	type RawServiceSpec,
	type RawTask,
} from './swarm-normalize.js';
import {retryOutOfSequence, swarmRequest} from './swarm-request.js';
import type {ServiceDetails, ServiceSummary, TaskSummary} from './swarm-types.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

const someEngine = 'the Docker engine';
const nsPerSecond = 1e9;

/** The engine's service spec for a create form's spec; `labels` are added to the service's own. */
export function serviceSpecFromInput(input: ServiceSpecInput, labels: Record<string, string> = {}): RawServiceSpec & Record<string, unknown> {
	const mounts = input.mounts.map(mount =>
		mount.type === 'anonymous'
			? {Type: 'volume', Target: mount.target}
			: {Type: mount.type, Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly},
	);
	const ports = input.ports.map(port => ({
		Protocol: port.protocol,
		TargetPort: port.target,
		...(port.published === undefined ? {} : {PublishedPort: port.published}),
		PublishMode: 'ingress',
	}));
	const update = {Parallelism: input.updateParallelism, Delay: Math.round(input.updateDelay * nsPerSecond), FailureAction: 'pause', Order: 'stop-first'};
	return {
		Name: input.name,
		Labels: {...input.labels, ...labels},
		TaskTemplate: {
			ContainerSpec: {
				Image: input.image,
				// As `docker service create IMAGE COMMAND…`: the words replace the image's CMD, not its ENTRYPOINT.
				...(input.command === undefined ? {} : {Args: input.command}),
				Env: input.env,
				Mounts: mounts,
			},
			Placement: {Constraints: input.constraints},
			RestartPolicy: {Condition: input.restartCondition},
			Networks: input.networks.map(network => ({Target: network})),
		},
		Mode: input.mode === 'global' ? {Global: {}} : {Replicated: {Replicas: input.replicas}},
		UpdateConfig: update,
		RollbackConfig: {...update, FailureAction: 'pause'},
		EndpointSpec: {Mode: 'vip', Ports: ports},
	};
}

async function hostnames(docker: Docker): Promise<Map<string, string>> {
	const nodes = (await docker.listNodes()) as RawNode[];
	return new Map(nodes.map(node => [node.ID, node.Description?.Hostname ?? node.ID]));
}

export async function listServices(docker: Docker, endpoint = someEngine): Promise<ServiceSummary[]> {
	const [services, tasks] = await call(endpoint, async () =>
		Promise.all([docker.listServices() as Promise<RawService[]>, runningTasks(docker)]),
	);
	return services.map(service => normalizeService(service, tasks)).sort((a, b) => compareText(a.name, b.name));
}

async function inspectRaw(docker: Docker, id: string): Promise<RawService> {
	return (await docker.getService(id).inspect()) as RawService;
}

export async function inspectService(docker: Docker, id: string, endpoint = someEngine): Promise<ServiceDetails> {
	return call(endpoint, async () => {
		const service = await inspectRaw(docker, id);
		const [tasks, networks] = await Promise.all([
			runningTasks(docker, {service: [service.ID]}),
			docker.listNetworks() as Promise<Array<{Id: string; Name: string}>>,
		]);
		return normalizeServiceDetails(service, tasks, new Map(networks.map(network => [network.Id, network.Name])));
	});
}

/** Creates a service; answers its id. */
export async function createService(docker: Docker, input: ServiceSpecInput, options: {labels?: Record<string, string>} = {}, endpoint = someEngine): Promise<string> {
	const created = await call(endpoint, () =>
		swarmRequest<{ID: string}>(docker, {method: 'POST', path: '/services/create', body: serviceSpecFromInput(input, options.labels)}),
	);
	return created.ID;
}

/**
 * Reads the service and writes back `change(spec)` at the version read (`rollback` asks the
 * manager to go back to the previous spec instead). The engine's warnings are not errors.
 */
async function updateService(
	docker: Docker,
	id: string,
	change: (spec: RawServiceSpec, service: RawService) => RawServiceSpec,
	endpoint: string,
	rollback = false,
): Promise<void> {
	await call(endpoint, () =>
		retryOutOfSequence(async () => {
			const service = await inspectRaw(docker, id);
			await swarmRequest(docker, {
				method: 'POST',
				path: `/services/${encodeURIComponent(service.ID)}/update`,
				query: {version: service.Version?.Index ?? 0, ...(rollback ? {rollback: 'previous'} : {})},
				body: change(structuredClone(service.Spec), service),
			});
		}),
	);
}

/** `docker service scale name=N`: replicated services only, 0 to maxServiceReplicas. */
export function scaleService(docker: Docker, id: string, replicas: number, endpoint = someEngine): Promise<void> {
	if (!Number.isInteger(replicas) || replicas < 0 || replicas > maxServiceReplicas) {
		return Promise.reject(new EngineError(t('{replicas} is not a number of replicas (0 to {max})', {replicas, max: maxServiceReplicas})));
	}
	return updateService(
		docker,
		id,
		(spec, service) => {
			if (spec.Mode?.Global !== undefined) {
				throw new EngineError(t('service {name} is global (one task on every node): it cannot be scaled', {name: service.Spec.Name ?? id}));
			}
			return {...spec, Mode: {Replicated: {Replicas: replicas}}};
		},
		endpoint,
	);
}

/** Sets the image and the whole environment; the swarm rolls the tasks over as the update config says. */
export function updateServiceImageEnv(docker: Docker, id: string, update: ServiceUpdateInput, endpoint = someEngine): Promise<void> {
	return updateService(
		docker,
		id,
		spec => ({
			...spec,
			TaskTemplate: {...spec.TaskTemplate, ContainerSpec: {...spec.TaskTemplate?.ContainerSpec, Image: update.image, Env: update.env}},
		}),
		endpoint,
	);
}

/** `docker service rollback`: back to the spec before the last update. */
export function rollbackService(docker: Docker, id: string, endpoint = someEngine): Promise<void> {
	return updateService(
		docker,
		id,
		(spec, service) => {
			if (!service.PreviousSpec) {
				throw new EngineError(t('service {name} has no previous version to roll back to', {name: service.Spec.Name ?? id}));
			}
			return spec;
		},
		endpoint,
		true,
	);
}

/** `docker service update --force`: replaces every task with a new one though nothing changed. */
export function restartService(docker: Docker, id: string, endpoint = someEngine): Promise<void> {
	return updateService(
		docker,
		id,
		spec => ({...spec, TaskTemplate: {...spec.TaskTemplate, ForceUpdate: (spec.TaskTemplate?.ForceUpdate ?? 0) + 1}}),
		endpoint,
	);
}

export async function removeService(docker: Docker, id: string, endpoint = someEngine): Promise<void> {
	await call(endpoint, () => swarmRequest(docker, {method: 'DELETE', path: `/services/${encodeURIComponent(id)}`}));
}

/**
 * The tasks of a service or of a node, old ones too (what `docker service ps` / `docker node ps`
 * show), each with its node's hostname.
 */
export async function listTasks(docker: Docker, of: {service: string} | {node: string}, endpoint = someEngine): Promise<TaskSummary[]> {
	return call(endpoint, async () => {
		const filters = 'service' in of ? {service: [of.service]} : {node: [of.node]};
		const [tasks, names] = await Promise.all([docker.listTasks({filters}) as Promise<RawTask[]>, hostnames(docker)]);
		return tasks.map(task => normalizeTask(task, names)).sort(compareTasks);
	});
}
