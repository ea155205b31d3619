// The engine's operations beyond watching (images, volumes, networks, container operations, the
// system, registries, run forms). DockerEngine loads them when one is first used, so the code they
// bring (tar streams, registry clients, parsers) is not parsed at every start.
export {authConfigFor, registryOf} from './credentials.js';
export {
	buildImage,
	imageHistory,
	imagesToPrune,
	inspectImage,
	loadImages,
	pruneImages,
	pullImage,
	pushImage,
	removeImage,
	saveImages,
	tagImage,
} from './images.js';
export {engineInsecureRegistries, listRepositories, listTags} from './registry-client.js';
export {login, logout} from './registry-login.js';
export {searchImages} from './registry-search.js';
export {loadRunSpec, recreateContainer, runContainer} from './run-container.js';
export {updateFormOf} from '../parse/update-spec.js';
export {
	commitContainer,
	containerDiff,
	containersToPrune,
	copyFromContainer,
	copyToContainer,
	exportContainer,
	pruneContainers,
	saveContainerLogs,
	updateContainer,
} from './container-ops.js';
export {inspectRaw} from './container-raw.js';
export {
	connectContainer,
	createNetwork,
	disconnectContainer,
	inspectNetwork,
	networksToPrune,
	pruneNetworks,
	removeNetwork,
} from './networks.js';
export {diskUsage, pruneBuildCache, systemInfo} from './system.js';
export {
	backupVolume,
	createVolume,
	inspectVolume,
	pruneVolumes,
	removeVolume,
	restoreVolume,
	volumeIsEmpty,
	volumesToPrune,
	volumeUsage,
} from './volumes.js';
export {composeCli, composeEnvironment, readDefinition, runProjectAction, runServiceAction} from './compose.js';
export {
	addNodeLabel,
	createService,
	createSwarmData,
	inspectService,
	listNodes,
	listServices,
	listSwarmData,
	listTasks,
	removeNode,
	removeNodeLabel,
	removeService,
	removeStack,
	removeSwarmData,
	restartService,
	rollbackService,
	runCliCommand,
	scaleService,
	setNodeAvailability,
	setNodeRole,
	stackContents,
	stackDeployCommand,
	streamServiceLogs,
	swarmStatus,
	updateServiceImageEnv,
} from './swarm.js';
