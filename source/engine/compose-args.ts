// The argument arrays and environment for compose actions. Pure, so every action's exact command
// line is unit-tested; nothing here is ever joined into a shell string.
import path from 'node:path';
import type {ComposeCli} from './compose-cli.js';
import {majorVersion} from './compose-output.js';
import type {Endpoint} from './connect.js';

/** Which project to act on, as its containers' labels describe it (the store's ComposeProject fits). */
export interface ComposeTarget {
	name: string;
	workingDir?: string;
	configFiles: readonly string[];
}

export type ProjectAction =
	| {action: 'up'; build?: boolean; forceRecreate?: boolean; removeOrphans?: boolean}
	| {action: 'down'; volumes?: boolean; removeOrphans?: boolean; removeImages?: 'local' | 'all'}
	| {action: 'start' | 'stop' | 'restart' | 'pull' | 'build' | 'config'};

export type ServiceAction =
	| {action: 'start' | 'stop' | 'restart' | 'up'; service: string}
	| {action: 'scale'; service: string; replicas: number};

/** The directory compose should run in: the labelled working directory, else the first file's. */
export function composeCwd(target: ComposeTarget): string | undefined {
	if (target.workingDir !== undefined && target.workingDir !== '') {
		return target.workingDir;
	}
	const first = target.configFiles[0];
	return first !== undefined && path.isAbsolute(first) ? path.dirname(first) : undefined;
}

/**
 * The global options naming the project: `-p NAME`, `--project-directory DIR`, `-f FILE` for each
 * file (relative ones resolved against the working directory, as compose did when it wrote them).
 * `--ansi never` keeps colour codes out of the output berth shows (v2 and v1 from 1.28 take it;
 * older v1 only knows `--no-ansi`, which 1.28 deprecated).
 */
export function projectOptions(cli: ComposeCli, target: ComposeTarget): string[] {
	if (target.name === '') {
		throw new RangeError('a compose project needs a name');
	}
	const args = [...noColour(cli), '-p', target.name];
	const directory = composeCwd(target);
	if (directory !== undefined) {
		args.push('--project-directory', directory);
	}
	for (const file of target.configFiles) {
		args.push('-f', directory === undefined ? file : path.resolve(directory, file));
	}
	return args;
}

function noColour(cli: ComposeCli): string[] {
	const minor = Number.parseInt(cli.version.split('.')[1] ?? '', 10);
	return cli.kind === 'v1' && majorVersion(cli.version) === 1 && minor < 28 ? ['--no-ansi'] : ['--ansi', 'never'];
}

/** The arguments (after `cli.command`) for a project action: the same forms in v1 1.29 and v2. */
export function projectActionArgs(cli: ComposeCli, target: ComposeTarget, action: ProjectAction): string[] {
	const args = projectOptions(cli, target);
	switch (action.action) {
		case 'up': {
			args.push('up', '-d');
			if (action.build) {
				args.push('--build');
			}
			if (action.forceRecreate) {
				args.push('--force-recreate');
			}
			if (action.removeOrphans) {
				args.push('--remove-orphans');
			}
			return args;
		}
		case 'down': {
			args.push('down');
			if (action.volumes) {
				args.push('-v');
			}
			if (action.removeOrphans) {
				args.push('--remove-orphans');
			}
			if (action.removeImages !== undefined) {
				args.push('--rmi', action.removeImages);
			}
			return args;
		}
		default: {
			args.push(action.action);
			return args;
		}
	}
}

/**
 * A service name as a positional argument. Compose allows letters, digits, `.`, `_` and `-`, never
 * a leading `-`: refusing one keeps a name from being read as an option.
 */
function serviceName(service: string): string {
	if (service === '' || service.startsWith('-') || /[\s=]/.test(service)) {
		throw new RangeError(`"${service}" is not a compose service name`);
	}
	return service;
}

/** Largest replica count accepted; a typo of 1000 for 10 would otherwise start a thousand containers. */
export const maxReplicas = 100;

/**
 * The arguments for a service action. Scaling is `up -d --scale svc=N --no-recreate svc` in both
 * v1 (1.29) and v2: it adds or removes replicas without recreating the ones that run, and leaves
 * other services alone.
 */
export function serviceActionArgs(cli: ComposeCli, target: ComposeTarget, action: ServiceAction): string[] {
	const args = projectOptions(cli, target);
	const service = serviceName(action.service);
	switch (action.action) {
		case 'scale': {
			const {replicas} = action;
			if (!Number.isInteger(replicas) || replicas < 0 || replicas > maxReplicas) {
				throw new RangeError(`replicas: ${replicas} is not a whole number from 0 to ${maxReplicas}`);
			}
			args.push('up', '-d', '--scale', `${service}=${replicas}`, '--no-recreate', service);
			return args;
		}
		case 'up': {
			args.push('up', '-d', service);
			return args;
		}
		default: {
			args.push(action.action, service);
			return args;
		}
	}
}

const certNames = {caFile: 'ca.pem', certFile: 'cert.pem', keyFile: 'key.pem'} as const;

/**
 * The one directory holding the endpoint's TLS files under the names docker expects (ca.pem,
 * cert.pem, key.pem): DOCKER_CERT_PATH can only name a directory, not files.
 */
function certDirectory(tls: NonNullable<Extract<Endpoint, {protocol: 'tcp'}>['tls']>, display: string): string | undefined {
	const directories = new Set<string>();
	for (const key of Object.keys(certNames) as Array<keyof typeof certNames>) {
		const file = tls[key];
		if (file === undefined) {
			continue;
		}
		if (path.basename(file) !== certNames[key]) {
			throw new Error(`cannot hand ${file} to compose for ${display}: DOCKER_CERT_PATH needs it named ${certNames[key]}`);
		}
		directories.add(path.dirname(file));
	}
	if (directories.size > 1) {
		throw new Error(`cannot hand the TLS files of ${display} to compose: DOCKER_CERT_PATH needs them in one directory`);
	}
	return [...directories][0];
}

function hostUrl(host: string, port: number | undefined): string {
	const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
	return port === undefined ? name : `${name}:${port}`;
}

/**
 * The environment that points compose at `endpoint`, read the same way by the docker CLI (v2) and
 * by docker-py (v1):
 * - DOCKER_HOST names the engine (unix://, tcp://, ssh://); DOCKER_CONTEXT is removed so that no
 *   context from the user's shell wins over it or warns.
 * - TLS: DOCKER_TLS_VERIFY=1 turns verification on. It is "1", not any text, because v1 reads it as
 *   a boolean ("0" and "false" mean off) while v2 counts any value as on; when verification is off
 *   it is removed, not set to "0". DOCKER_CERT_PATH names the directory of ca.pem/cert.pem/key.pem.
 *   DOCKER_TLS=1 asks v2 for TLS without verification; v1 does not read DOCKER_TLS and turns TLS
 *   on only from DOCKER_CERT_PATH or DOCKER_TLS_VERIFY, so v1 cannot reach an engine with TLS that
 *   is neither verified nor given client files.
 * - ssh: the agent socket berth uses is handed on as SSH_AUTH_SOCK.
 * Throws when the TLS files cannot be named by one DOCKER_CERT_PATH.
 */
export function composeEnvironment(endpoint: Endpoint, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...base};
	for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH']) {
		delete env[name];
	}
	switch (endpoint.protocol) {
		case 'unix': {
			env['DOCKER_HOST'] = `unix://${endpoint.socketPath}`;
			break;
		}
		case 'tcp': {
			env['DOCKER_HOST'] = `tcp://${hostUrl(endpoint.host, endpoint.port)}`;
			const {tls} = endpoint;
			if (tls) {
				const directory = certDirectory(tls, endpoint.display);
				if (directory !== undefined) {
					env['DOCKER_CERT_PATH'] = directory;
				}
				if (tls.verify) {
					env['DOCKER_TLS_VERIFY'] = '1';
				} else {
					env['DOCKER_TLS'] = '1';
				}
			}
			break;
		}
		case 'ssh': {
			const user = endpoint.username === undefined ? '' : `${endpoint.username}@`;
			env['DOCKER_HOST'] = `ssh://${user}${hostUrl(endpoint.host, endpoint.port)}`;
			if (endpoint.agentSocket !== undefined) {
				env['SSH_AUTH_SOCK'] = endpoint.agentSocket;
			}
			break;
		}
	}
	return env;
}
