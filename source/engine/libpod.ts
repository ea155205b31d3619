// Podman's own API, served beside the Docker-compatible one on the same socket, for what the
// compatible one leaves out. Pods: the compatible container list says nothing of them, so a pod's
// infra container (which only holds the namespaces the pod's members share, and shows the pod's
// ports) looked like any other container; podman's list says which is which.
import type Docker from 'dockerode';
import type {ContainerSummary, PodMembership} from './types.js';

export interface RawLibpodContainer {
	Id: string;
	Pod?: string;
	PodName?: string;
	IsInfra?: boolean;
}

/** The pod of each container that is in one, by container id. */
export function podMemberships(raw: RawLibpodContainer[]): Map<string, PodMembership> {
	const pods = new Map<string, PodMembership>();
	for (const container of raw) {
		if (container.Pod) {
			pods.set(container.Id, {id: container.Pod, name: container.PodName ?? '', infra: container.IsInfra === true});
		}
	}
	return pods;
}

export function withPods(containers: ContainerSummary[], pods: Map<string, PodMembership>): ContainerSummary[] {
	return containers.map(container => {
		const pod = pods.get(container.id);
		return pod ? {...container, pod} : container;
	});
}

/**
 * The path of a podman endpoint: podman serves them only under a version prefix, which the client
 * adds when an API version has been settled, and which is added here otherwise.
 */
export function libpodPath(docker: Docker, path: string): string {
	return (docker.modem as {version?: string}).version ? `/libpod${path}` : `/v4.0.0/libpod${path}`;
}

/** Podman's own container list (`/libpod/containers/json`), narrowed to `ids` when given. */
export function listLibpodContainers(docker: Docker, ids?: string[]): Promise<RawLibpodContainer[]> {
	return new Promise((resolve, reject) => {
		docker.modem.dial(
			{
				path: libpodPath(docker, '/containers/json?'),
				method: 'GET',
				options: {all: true, ...(ids ? {filters: JSON.stringify({id: ids})} : {})},
				statusCodes: {200: true, 400: 'bad parameter', 500: 'server error'},
			},
			(error, data) => (error ? reject(error) : resolve((data as RawLibpodContainer[] | null) ?? [])),
		);
	});
}
