// Running a container from a RunSpec, reading a RunSpec back from an existing container, and
// recreating a container with a changed spec (the engine cannot change ports or mounts in place).
import {randomBytes} from 'node:crypto';
import type Docker from 'dockerode';
import {formatExtraHost} from '../parse/hosts.js';
import {formatMount, type MountSpec} from '../parse/mounts.js';
import {formatHostPorts, type PortSpec, type Protocol} from '../parse/port-specs.js';
import type {RestartPolicy} from '../parse/restart.js';
import {withoutUnset, type RunSpec} from '../parse/run-spec.js';
import {call, toEngineError} from './errors.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

type PortBindings = Record<string, Array<{HostIp?: string; HostPort?: string}> | null>;

/** What specFromInspect reads of `GET /containers/{id}/json`; the engine sends null for empty lists. */
export interface RawRunInspect {
	Id: string;
	Name: string;
	/** The image's id. */
	Image: string;
	State: {Running: boolean};
	Config: {
		Image: string;
		Cmd?: string[] | null;
		Entrypoint?: string[] | null;
		Env?: string[] | null;
		Labels?: Record<string, string> | null;
		Volumes?: Record<string, unknown> | null;
		Hostname?: string;
		User?: string;
		WorkingDir?: string;
		Tty?: boolean;
		OpenStdin?: boolean;
	};
	HostConfig: {
		Binds?: string[] | null;
		Mounts?: Array<{Type?: string; Source?: string; Target: string; ReadOnly?: boolean}> | null;
		PortBindings?: PortBindings | null;
		PublishAllPorts?: boolean;
		NetworkMode?: string;
		RestartPolicy?: {Name?: string; MaximumRetryCount?: number} | null;
		AutoRemove?: boolean;
		Dns?: string[] | null;
		ExtraHosts?: string[] | null;
		VolumesFrom?: string[] | null;
		Memory?: number;
		MemorySwap?: number;
		NanoCpus?: number;
		CpusetCpus?: string;
		CpuShares?: number;
		Privileged?: boolean;
		CapAdd?: string[] | null;
		CapDrop?: string[] | null;
		Ulimits?: Array<{Name: string; Soft: number; Hard: number}> | null;
	};
	NetworkSettings?: {
		Networks?: Record<string, {IPAMConfig?: {IPv4Address?: string} | null; Aliases?: string[] | null}> | null;
	};
	Mounts?: Array<{Type: string; Name?: string; Destination: string}> | null;
}

/** The image's defaults, which a container inherits and its spec should not repeat. */
export interface RawImageConfig {
	Cmd?: string[] | null;
	Entrypoint?: string[] | null;
	Env?: string[] | null;
	Labels?: Record<string, string> | null;
	Volumes?: Record<string, unknown> | null;
	WorkingDir?: string;
	User?: string;
}

/** The Engine API create body (`POST /containers/create`, with `name` as dockerode takes it). */
export function createBody(spec: RunSpec): Docker.ContainerCreateOptions {
	const portBindings: Record<string, Array<{HostIp: string; HostPort: string}>> = {};
	for (const port of spec.ports) {
		(portBindings[`${port.containerPort}/${port.protocol}`] ??= []).push({
			HostIp: port.hostIp ?? '',
			HostPort: formatHostPorts(port),
		});
	}
	// Binds, not Mounts: like `docker run -v`, a missing host directory is created rather than refused.
	const binds = spec.mounts.filter(mount => mount.type !== 'anonymous').map(formatMount);
	const anonymous = spec.mounts.filter(mount => mount.type === 'anonymous').map(mount => [mount.target, {}]);
	const {interactive} = spec;
	return {
		name: spec.name,
		Image: spec.image,
		Cmd: spec.command,
		Entrypoint: spec.entrypoint,
		Env: spec.env,
		Labels: spec.labels,
		Hostname: spec.hostname,
		User: spec.user,
		WorkingDir: spec.workdir,
		ExposedPorts: Object.fromEntries(Object.keys(portBindings).map(port => [port, {}])),
		Volumes: Object.fromEntries(anonymous),
		// As `docker run -it` (attached, stdin closes with the attach) or `-d` (nothing attached).
		Tty: interactive,
		OpenStdin: interactive,
		StdinOnce: interactive,
		AttachStdin: interactive,
		AttachStdout: interactive,
		AttachStderr: interactive,
		HostConfig: {
			Binds: binds,
			PortBindings: portBindings,
			PublishAllPorts: spec.publishAll,
			NetworkMode: spec.network,
			RestartPolicy: {Name: spec.restart.name, MaximumRetryCount: spec.restart.maxRetries},
			AutoRemove: spec.autoRemove,
			Dns: spec.dns,
			ExtraHosts: spec.extraHosts.map(formatExtraHost),
			VolumesFrom: spec.volumesFrom,
			Memory: spec.memory,
			MemorySwap: spec.memorySwap,
			NanoCpus: spec.nanoCpus,
			CpusetCpus: spec.cpusetCpus,
			CpuShares: spec.cpuShares,
			Privileged: spec.privileged,
			CapAdd: spec.capAdd,
			CapDrop: spec.capDrop,
			Ulimits: spec.ulimits.map(({name, soft, hard}) => ({Name: name, Soft: soft, Hard: hard})),
		},
		NetworkingConfig:
			spec.network === undefined
				? undefined
				: {
						EndpointsConfig: {
							[spec.network]: {
								IPAMConfig: spec.ipv4Address === undefined ? undefined : {IPv4Address: spec.ipv4Address},
								Aliases: spec.aliases,
							},
						},
					},
	};
}

function same(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
	return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function portsFromBindings(bindings: PortBindings): PortSpec[] {
	return Object.entries(bindings).flatMap(([key, hosts]) => {
		const [port = '', protocol = 'tcp'] = key.split('/');
		return (hosts ?? []).map(host => {
			const [first = 0, last = first] = (host.HostPort ?? '').split('-').filter(Boolean).map(Number);
			return {
				...(host.HostIp ? {hostIp: host.HostIp} : {}),
				...(first ? {hostPorts: {first, last}} : {}),
				containerPort: Number(port),
				protocol: protocol as Protocol,
			};
		});
	});
}

/** The engine keeps a bind as it was given: `source:target[:options]`. */
function mountFromBind(bind: string): MountSpec {
	const [source = '', target = '', options = ''] = bind.split(':');
	const readOnly = options.split(',').includes('ro');
	return {type: source.startsWith('/') ? 'bind' : 'volume', source, target, readOnly};
}

/**
 * A container's mounts in spec form: `-v` binds in their order, then `--mount` bind and volume
 * mounts (tmpfs and the like have no place in the form and are left out), then anonymous volumes
 * that are not the image's own.
 */
function mountsFromInspect(raw: RawRunInspect, image: RawImageConfig): MountSpec[] {
	const mounts = (raw.HostConfig.Binds ?? []).map(mountFromBind);
	for (const mount of raw.HostConfig.Mounts ?? []) {
		if (mount.Type === 'bind' || (mount.Type === 'volume' && mount.Source)) {
			mounts.push({type: mount.Type, source: mount.Source ?? '', target: mount.Target, readOnly: mount.ReadOnly ?? false});
		} else if (mount.Type === 'volume') {
			mounts.push({type: 'anonymous', target: mount.Target});
		}
	}
	const targets = new Set(mounts.map(mount => mount.target));
	for (const target of Object.keys(raw.Config.Volumes ?? {})) {
		if (!targets.has(target) && !(target in (image.Volumes ?? {}))) {
			mounts.push({type: 'anonymous', target});
		}
	}
	return mounts;
}

/**
 * The spec that makes a container like this one. With the image's config, what the container only
 * inherited from its image (CMD, ENTRYPOINT, ENV, labels, VOLUMEs, WORKDIR, USER) is left out, so a
 * recreate with another image takes that image's defaults.
 */
export function specFromInspect(raw: RawRunInspect, image: RawImageConfig = {}): RunSpec {
	const {Config: config, HostConfig: host} = raw;
	const shortId = raw.Id.slice(0, 12);
	const entrypointChanged = !same(config.Entrypoint, image.Entrypoint);
	const network = host.NetworkMode && host.NetworkMode !== 'default' ? host.NetworkMode : undefined;
	const endpoint = network === undefined ? undefined : raw.NetworkSettings?.Networks?.[network];
	const imageEnv = new Set(image.Env ?? []);
	const imageLabels = image.Labels ?? {};
	// The engine sets an unset swap limit to twice the memory limit; the same spec without it does too.
	const memorySwap = host.MemorySwap && host.MemorySwap !== 2 * (host.Memory ?? 0) ? host.MemorySwap : undefined;
	return withoutUnset({
		name: raw.Name.replace(/^\//, ''),
		image: config.Image,
		command: config.Cmd && (entrypointChanged || !same(config.Cmd, image.Cmd)) ? config.Cmd : undefined,
		entrypoint: config.Entrypoint && entrypointChanged ? config.Entrypoint : undefined,
		ports: portsFromBindings(host.PortBindings ?? {}),
		publishAll: host.PublishAllPorts ?? false,
		env: (config.Env ?? []).filter(variable => !imageEnv.has(variable)),
		mounts: mountsFromInspect(raw, image),
		network,
		ipv4Address: endpoint?.IPAMConfig?.IPv4Address || undefined,
		// The engine adds the short id and the hostname as aliases of a running container (and adds
		// them again on a recreate).
		aliases: (endpoint?.Aliases ?? []).filter(alias => alias !== shortId && alias !== config.Hostname),
		dns: host.Dns ?? [],
		extraHosts: (host.ExtraHosts ?? []).map(entry => {
			const colon = entry.indexOf(':');
			return {host: entry.slice(0, colon), ip: entry.slice(colon + 1)};
		}),
		volumesFrom: host.VolumesFrom ?? [],
		restart: {
			name: (host.RestartPolicy?.Name || 'no') as RestartPolicy['name'],
			maxRetries: host.RestartPolicy?.MaximumRetryCount ?? 0,
		},
		memory: host.Memory || undefined,
		memorySwap,
		nanoCpus: host.NanoCpus || undefined,
		cpusetCpus: host.CpusetCpus || undefined,
		cpuShares: host.CpuShares || undefined,
		hostname: config.Hostname && config.Hostname !== shortId ? config.Hostname : undefined,
		user: config.User && config.User !== image.User ? config.User : undefined,
		workdir: config.WorkingDir && config.WorkingDir !== image.WorkingDir ? config.WorkingDir : undefined,
		labels: Object.fromEntries(Object.entries(config.Labels ?? {}).filter(([key, value]) => imageLabels[key] !== value)),
		privileged: host.Privileged ?? false,
		capAdd: host.CapAdd ?? [],
		capDrop: host.CapDrop ?? [],
		ulimits: (host.Ulimits ?? []).map(({Name, Soft, Hard}) => ({name: Name, soft: Soft, hard: Hard})),
		autoRemove: host.AutoRemove ?? false,
		interactive: (config.Tty ?? false) && (config.OpenStdin ?? false),
	});
}

/**
 * Why removing a container failed, or undefined when it is gone (also when it already was). With
 * `volumes`, the anonymous volumes it was created with go too.
 */
async function removeForced(container: Docker.Container, endpoint: string, volumes: boolean): Promise<string | undefined> {
	try {
		await container.remove({force: true, v: volumes});
		return undefined;
	} catch (error) {
		const reason = toEngineError(error, endpoint);
		// 404: gone already; 409: an auto-remove container the engine is already removing.
		return reason.statusCode === 404 || reason.statusCode === 409 ? undefined : reason.message;
	}
}

/**
 * An engine error, with a process that could not be started told without the layers its reason
 * passed through ("failed to create shim task: OCI runtime create failed: runc create failed:
 * unable to start container process: exec: …: unknown").
 */
function startError(error: unknown, endpoint: string): EngineError {
	const reason = toEngineError(error, endpoint);
	const cause = /unable to start container process: (.*?)(?:: unknown)?$/.exec(reason.message)?.[1];
	return cause === undefined ? reason : new EngineError(t('the command could not be started: {cause}', {cause}), reason.statusCode);
}

/** Inspects a container and its image: the spec that makes the container again, to fill the edit form. */
export async function loadRunSpec(docker: Docker, id: string, endpoint: string): Promise<RunSpec> {
	const raw = (await call(endpoint, () => docker.getContainer(id).inspect())) as unknown as RawRunInspect;
	// An image removed since (the container keeps it by id) has no defaults to leave out.
	const image = await docker
		.getImage(raw.Image)
		.inspect()
		.then(
			info => info.Config as RawImageConfig,
			() => ({}),
		);
	return specFromInspect(raw, image);
}

/**
 * Creates the container and, unless it is interactive (the caller attaches, then starts it),
 * starts it. A container that fails to start is removed, so nothing half-made is left; the error
 * is the engine's reason.
 */
export async function runContainer(docker: Docker, spec: RunSpec, endpoint: string): Promise<string> {
	const container = await call(endpoint, () => docker.createContainer(createBody(spec)));
	if (spec.interactive) {
		return container.id;
	}
	try {
		await container.start();
	} catch (error) {
		const reason = startError(error, endpoint);
		const leftOver = await removeForced(container, endpoint, true);
		throw leftOver === undefined
			? reason
			: new EngineError(t('{reason}; removing the created container failed too: {leftOver}', {reason: reason.message, leftOver}), reason.statusCode);
	}
	return container.id;
}

/**
 * The old container's anonymous volumes that the new one mounts at the same paths, by name, so
 * their data survives the recreate (as compose does); skipped where the new spec mounts something else.
 */
function carriedVolumes(raw: RawRunInspect, spec: RunSpec): string[] {
	const anonymous = new Set(mountsFromInspect(raw, {}).flatMap(mount => (mount.type === 'anonymous' ? [mount.target] : [])));
	const taken = new Set(spec.mounts.flatMap(mount => (mount.type === 'anonymous' ? [] : [mount.target])));
	return (raw.Mounts ?? [])
		.filter(mount => mount.Type === 'volume' && mount.Name && anonymous.has(mount.Destination) && !taken.has(mount.Destination))
		.map(mount => `${mount.Name}:${mount.Destination}`);
}

/**
 * Replaces a container with one made from `spec`, under the same name (unless the spec names
 * another): the old one is stopped and set aside under a temporary name, and removed only once the
 * new one has started. If anything fails, the new one is removed and the old one gets its name
 * back and is started again if it was running; the error says why and where the old one is.
 * The new container is started even when interactive (then it runs detached with its TTY).
 */
export async function recreateContainer(docker: Docker, id: string, spec: RunSpec, endpoint: string): Promise<string> {
	const old = docker.getContainer(id);
	const raw = (await call(endpoint, () => old.inspect())) as unknown as RawRunInspect;
	const name = raw.Name.replace(/^\//, '');
	const wasRunning = raw.State.Running;
	if (wasRunning && raw.HostConfig.AutoRemove) {
		throw new EngineError(
			`recreate refused: ${name} is removed as soon as it stops (auto-remove), so it could not be put back if the new container failed`,
		);
	}
	const parked = `${name}-berth-old-${randomBytes(3).toString('hex')}`;
	let renamed = false;
	let created: Docker.Container | undefined;
	try {
		if (wasRunning) {
			await old.stop();
		}
		await old.rename({name: parked});
		renamed = true;
		const body = createBody({...spec, name: spec.name ?? name});
		body.HostConfig = {...body.HostConfig, Binds: [...(body.HostConfig?.Binds ?? []), ...carriedVolumes(raw, spec)]};
		created = await docker.createContainer(body);
		await created.start();
	} catch (error) {
		const reason = startError(error, endpoint).message;
		const problems: string[] = [];
		// With its own anonymous volumes, but not the carried ones: it mounts those by name.
		const removeProblem = created && (await removeForced(created, endpoint, true));
		if (removeProblem) {
			problems.push(`the new container could not be removed: ${removeProblem}`);
		}
		const restore = async (what: string, run: () => Promise<unknown>) => {
			try {
				await run();
				return true;
			} catch (restoreError) {
				problems.push(`${what}: ${toEngineError(restoreError, endpoint).message}`);
				return false;
			}
		};
		const back = !renamed || (await restore(`renaming it back from ${parked} failed`, () => old.rename({name})));
		if (wasRunning) {
			// 304: still running, because stopping it was what failed.
			await restore('starting it again failed', () =>
				old.start().catch((failure: {statusCode?: number}) => {
					if (failure.statusCode !== 304) {
						throw failure;
					}
				}),
			);
		}
		const where = back ? name : parked;
		throw new EngineError(
			problems.length === 0
				? `recreate failed: ${reason}; the old container is back as ${name}`
				: `recreate failed: ${reason}; putting the old container back as ${where} went wrong: ${problems.join('; ')}`,
		);
	}
	// Its anonymous volumes stay: the new container uses them.
	const leftOver = await removeForced(old, endpoint, false);
	if (leftOver !== undefined) {
		throw new EngineError(t('recreated {name}, but the old container {parked} could not be removed: {leftOver}', {name, parked, leftOver}));
	}
	return created.id;
}
