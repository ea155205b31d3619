// Compose projects through the compose CLI: what berth asks of it beyond running actions. The
// pieces live in small modules (finding and running the CLI, argument arrays and environment,
// reading its output); this module is the one the rest of berth imports.
import {composeCwd, composeEnvironment, projectActionArgs, projectOptions, serviceActionArgs, type ComposeTarget, type ProjectAction, type ServiceAction} from './compose-args.js';
import {captureCompose, composeMissingMessage, runCompose, type ComposeCli} from './compose-cli.js';
import {parseServiceHashes, parseServiceNames} from './compose-output.js';
import type {Endpoint} from './connect.js';
import {EngineError, type JobControl} from './types.js';

export {
	composeCwd,
	composeEnvironment,
	maxReplicas,
	projectActionArgs,
	projectOptions,
	serviceActionArgs,
	type ComposeTarget,
	type ProjectAction,
	type ServiceAction,
} from './compose-args.js';
export {
	captureCompose,
	composeCli,
	composeMissingMessage,
	runCompose,
	subcommandOf,
	type ComposeCli,
	type ComposeRunOptions,
	type Probe,
	type ProbeResult,
} from './compose-cli.js';
export {failureLines, parseComposeLs, parseComposeVersion, parseServiceHashes, parseServiceNames, type ComposeStack} from './compose-output.js';

export interface ComposeReadOptions {
	/**
	 * From `composeEnvironment`. v1 reaches the engine even for `config --hash`: its hash includes
	 * the image's id. Defaults to berth's own environment.
	 */
	env?: NodeJS.ProcessEnv;
	signal?: AbortSignal;
}

function read(cli: ComposeCli, project: ComposeTarget, args: string[], options: ComposeReadOptions): Promise<string> {
	return captureCompose(cli, [...projectOptions(cli, project), ...args], {
		cwd: composeCwd(project),
		env: options.env ?? process.env,
		signal: options.signal,
	});
}

/**
 * The hash compose computes for each service of the project's current config files, as it would
 * label a container made now (`com.docker.compose.config-hash`). Rejects with the CLI's message
 * when the files are missing or invalid.
 */
export async function serviceHashes(cli: ComposeCli, project: ComposeTarget, options: ComposeReadOptions = {}): Promise<Map<string, string>> {
	return parseServiceHashes(await read(cli, project, ['config', '--hash', '*'], options));
}

/** The services the project's current config files define. */
export async function definedServices(cli: ComposeCli, project: ComposeTarget, options: ComposeReadOptions = {}): Promise<string[]> {
	return parseServiceNames(await read(cli, project, ['config', '--services'], options));
}

/** What a project's config files define now: the services, and each one's config hash. */
export interface ComposeDefinition {
	services: string[];
	hashes: Map<string, string>;
}

/** The CLI, or the error that tells a user with none how to get one. */
function requireCli(cli: ComposeCli | undefined): ComposeCli {
	if (cli === undefined) {
		throw new EngineError(composeMissingMessage());
	}
	return cli;
}

/** Runs a project action (up, down, start, …, config) as a job, against the engine at `endpoint`. */
export async function runProjectAction(cli: ComposeCli | undefined, endpoint: Endpoint, target: ComposeTarget, action: ProjectAction, control: JobControl): Promise<void> {
	const found = requireCli(cli);
	await runCompose(found, projectActionArgs(found, target, action), {cwd: composeCwd(target), env: composeEnvironment(endpoint, process.env)}, control);
}

/** Runs a service action (start, stop, restart, up, scale) as a job. */
export async function runServiceAction(cli: ComposeCli | undefined, endpoint: Endpoint, target: ComposeTarget, action: ServiceAction, control: JobControl): Promise<void> {
	const found = requireCli(cli);
	await runCompose(found, serviceActionArgs(found, target, action), {cwd: composeCwd(target), env: composeEnvironment(endpoint, process.env)}, control);
}

/** Reads the project's current config files through the CLI, for drift. */
export async function readDefinition(cli: ComposeCli | undefined, endpoint: Endpoint, target: ComposeTarget, signal?: AbortSignal): Promise<ComposeDefinition> {
	const found = requireCli(cli);
	const options = {env: composeEnvironment(endpoint, process.env), signal};
	// One after the other: v1 is a Python program, and two at once on a small machine slow the UI's host.
	const services = await definedServices(found, target, options);
	const hashes = await serviceHashes(found, target, options);
	return {services, hashes};
}
