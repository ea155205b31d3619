// Compose projects through the compose CLI: what berth asks of it beyond running actions. The
// pieces live in small modules (finding and running the CLI, argument arrays and environment,
// reading its output); this module is the one the rest of berth imports.
import {composeCwd, projectOptions, type ComposeTarget} from './compose-args.js';
import {captureCompose, type ComposeCli} from './compose-cli.js';
import {parseServiceHashes, parseServiceNames} from './compose-output.js';

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
