// Docker Swarm: where an engine stands in a swarm, and (re-exported here, so callers import swarm
// operations from one place) its nodes, services, tasks, logs, stacks, secrets and configs. Every
// operation but swarmStatus needs a manager; a worker's refusal says so in the engine's words.
import type Docker from 'dockerode';
import {call} from './errors.js';
import {normalizeSwarmStatus, type RawSwarmInfo} from './swarm-normalize.js';
import type {SwarmStatus} from './swarm-types.js';

export {addNodeLabel, inspectNode, listNodes, removeNode, removeNodeLabel, setNodeAvailability, setNodeRole} from './swarm-nodes.js';
export {
	createService,
	inspectService,
	listServices,
	listTasks,
	removeService,
	restartService,
	rollbackService,
	scaleService,
	serviceSpecFromInput,
	updateServiceImageEnv,
} from './swarm-services.js';
export {splitDetails, streamServiceLogs} from './swarm-logs.js';
export {listStacks, removeStack, runCliCommand, stackContents, stackDeployArgs, stackDeployCommand, type CliCommand, type StackDeployOptions} from './swarm-stacks.js';
export {createSwarmData, listSwarmData, removeSwarmData, type SwarmDataInput, type SwarmDataKind} from './swarm-secrets.js';
export {stackLabel} from './swarm-normalize.js';
export type * from './swarm-types.js';

/** Whether the engine is in a swarm, and as what (`docker info`). Any engine answers this. */
export async function swarmStatus(docker: Docker, endpoint = 'the Docker engine'): Promise<SwarmStatus> {
	return normalizeSwarmStatus((await call(endpoint, () => docker.info())) as RawSwarmInfo);
}
