// Swarm stacks: the services, networks, secrets and configs `docker stack deploy` labels with
// com.docker.stack.namespace. Listing and removing go through the API; deploying reads a compose
// file, which only the docker CLI does, so it runs `docker stack deploy` with an argument array.
import {execFile} from 'node:child_process';
import type Docker from 'dockerode';
import {compareText} from '../format/index.js';
import {composeEnvironment} from './compose-args.js';
import type {Endpoint} from './connect.js';
import {call, toEngineError} from './errors.js';
import {stackLabel, type RawService, type RawSwarmData} from './swarm-normalize.js';
import {swarmRequest} from './swarm-request.js';
import type {StackContents, StackSummary} from './swarm-types.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

const someEngine = 'the Docker engine';

export async function listStacks(docker: Docker, endpoint = someEngine): Promise<StackSummary[]> {
	const services = (await call(endpoint, () => docker.listServices({filters: {label: [stackLabel]}}))) as RawService[];
	const stacks = new Map<string, string[]>();
	for (const service of services) {
		const stack = service.Spec.Labels?.[stackLabel];
		if (stack !== undefined) {
			stacks.set(stack, [...(stacks.get(stack) ?? []), service.Spec.Name ?? service.ID]);
		}
	}
	return [...stacks]
		.map(([name, names]) => ({name, services: names.sort(compareText)}))
		.sort((a, b) => compareText(a.name, b.name));
}

const byName = (a: {name: string}, b: {name: string}) => compareText(a.name, b.name);

/** Everything of a stack, for the user to see before removing it. */
export async function stackContents(docker: Docker, name: string, endpoint = someEngine): Promise<StackContents> {
	const filters = {label: [`${stackLabel}=${name}`]};
	const query = {filters: JSON.stringify(filters)};
	const [services, secrets, configs, networks] = await call(endpoint, async () =>
		Promise.all([
			docker.listServices({filters}) as Promise<RawService[]>,
			swarmRequest<RawSwarmData[]>(docker, {method: 'GET', path: '/secrets', query}),
			swarmRequest<RawSwarmData[]>(docker, {method: 'GET', path: '/configs', query}),
			docker.listNetworks({filters}) as Promise<Array<{Id: string; Name: string}>>,
		]),
	);
	const item = (raw: RawSwarmData) => ({id: raw.ID, name: raw.Spec?.Name ?? raw.ID});
	return {
		services: services.map(service => ({id: service.ID, name: service.Spec.Name ?? service.ID})).sort(byName),
		secrets: secrets.map(item).sort(byName),
		configs: configs.map(item).sort(byName),
		networks: networks.map(network => ({id: network.Id, name: network.Name})).sort(byName),
	};
}

/** How long a stack's networks may stay in use by the tasks of its removed services. */
const networkWaitMs = 30_000;

function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * `docker stack rm`: the services first (secrets and configs cannot go while a service uses them),
 * then secrets and configs, then the networks, which stay in use until the services' tasks have
 * stopped: those are retried for a while. Every part is tried; the failures are reported together.
 */
export async function removeStack(docker: Docker, name: string, endpoint = someEngine): Promise<StackContents> {
	const contents = await stackContents(docker, name, endpoint);
	const failures: string[] = [];
	const remove = async (kind: string, item: {id: string; name: string}, path: string, retryWhileInUse = false): Promise<void> => {
		const deadline = Date.now() + networkWaitMs;
		for (;;) {
			try {
				await swarmRequest(docker, {method: 'DELETE', path});
				return;
			} catch (error) {
				const failure = toEngineError(error, endpoint);
				if (failure.statusCode === 404) {
					return;
				}
				if (retryWhileInUse && /in use|active endpoints/.test(failure.message) && Date.now() < deadline) {
					await sleep(500);
					continue;
				}
				failures.push(`${kind} ${item.name}: ${failure.message}`);
				return;
			}
		}
	};
	for (const service of contents.services) {
		await remove('service', service, `/services/${encodeURIComponent(service.id)}`);
	}
	for (const secret of contents.secrets) {
		await remove('secret', secret, `/secrets/${encodeURIComponent(secret.id)}`);
	}
	for (const config of contents.configs) {
		await remove('config', config, `/configs/${encodeURIComponent(config.id)}`);
	}
	for (const network of contents.networks) {
		await remove('network', network, `/networks/${encodeURIComponent(network.id)}`, true);
	}
	if (failures.length > 0) {
		throw new EngineError(t('stack {name} was not removed entirely: {reasons}', {name, reasons: failures.join('; ')}));
	}
	return contents;
}

export interface StackDeployOptions {
	/** The compose file. */
	file: string;
	/** The stack's name. */
	name: string;
	/**
	 * Whether the CLI asks the registry for each image's digest and pins services to it (its
	 * default, "always"); "never" uses images by name, for images that only exist on the nodes.
	 */
	resolveImage?: 'always' | 'changed' | 'never';
	/** Remove the stack's services the file no longer has. */
	prune?: boolean;
}

export interface CliCommand {
	/** The program and its arguments, to run without a shell. */
	argv: string[];
	env: NodeJS.ProcessEnv;
}

/** `docker stack deploy -c FILE [--resolve-image …] [--prune] NAME`, as an argument array. */
export function stackDeployArgs(options: StackDeployOptions): string[] {
	return [
		'docker',
		'stack',
		'deploy',
		'--compose-file',
		options.file,
		'--resolve-image',
		options.resolveImage ?? 'always',
		...(options.prune ? ['--prune'] : []),
		// `--` so a stack named like an option is still a name.
		'--',
		options.name,
	];
}

/** The deploy command aimed at the endpoint. */
export function stackDeployCommand(endpoint: Endpoint, options: StackDeployOptions, base: NodeJS.ProcessEnv = process.env): CliCommand {
	return {argv: stackDeployArgs(options), env: composeEnvironment(endpoint, base)};
}

/** Runs a CLI command to its end; resolves with its output, rejects with its error lines. */
export function runCliCommand(command: CliCommand, signal?: AbortSignal): Promise<string> {
	const [file = 'docker', ...args] = command.argv;
	return new Promise((resolve, reject) => {
		execFile(file, args, {env: command.env, signal, maxBuffer: 16 * 1024 * 1024, windowsHide: true}, (error, stdout, stderr) => {
			if (!error) {
				resolve(`${stdout}${stderr}`);
				return;
			}
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') {
				reject(new EngineError(t('{file} was not found: stack deploy runs the docker CLI (install it, e.g. the docker.io or docker-ce-cli package)', {file})));
				return;
			}
			if (signal?.aborted) {
				reject(new EngineError(t('{what} cancelled', {what: args.slice(0, 2).join(' ')})));
				return;
			}
			const lines = stderr.trim() || stdout.trim() || error.message;
			reject(new EngineError(t('{command} failed: {reason}', {command: `${file} ${args.slice(0, 2).join(' ')}`, reason: lines})));
		});
	});
}
