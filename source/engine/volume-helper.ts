// What volume operations share: finding a volume and the containers that mount it, and the
// helper container through which a volume's files are read and written. The helper is created
// and never started, so its image needs no shell or tar: the engine's archive endpoint mounts the
// container's volumes by itself for the length of one request.
import type Docker from 'dockerode';
import {call, toEngineError} from './errors.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

/** Labels every helper container, so one left behind (a crashed berth) can be found and removed. */
export const helperLabel = 'berth.helper';
/** The volume a helper container serves. */
export const helperVolumeLabel = 'berth.helper.volume';
export type HelperPurpose = 'volume-backup' | 'volume-restore';

/** Where a helper container mounts the volume; a path no image is likely to have. */
export const helperMountPath = '/berth-volume';

/** The raw volume as the engine inspects it. */
export interface RawVolumeDetails {
	Name: string;
	Driver?: string;
	Mountpoint?: string;
	Scope?: string;
	CreatedAt?: string;
	Labels?: Record<string, string> | null;
	Options?: Record<string, string> | null;
	Status?: Record<string, unknown> | null;
}

/** The volume's inspect answer; a missing volume is said plainly, naming it. */
export async function findVolume(docker: Docker, name: string, endpoint: string): Promise<RawVolumeDetails> {
	try {
		return (await docker.getVolume(name).inspect()) as RawVolumeDetails;
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		throw failure.statusCode === 404 ? new EngineError(t('no such volume: {name}', {name}), 404) : failure;
	}
}

/**
 * Every container (in any state) that mounts the volume, with only those mounts. The engine's
 * `volume` filter also matches mount destinations, so the mounts are checked by name too.
 */
export async function containersMounting(docker: Docker, name: string): Promise<Docker.ContainerInfo[]> {
	const containers = await docker.listContainers({all: true, filters: {volume: [name]}});
	return containers
		.map(container => ({
			...container,
			Mounts: (container.Mounts ?? []).filter(mount => mount.Type === 'volume' && mount.Name === name),
		}))
		.filter(container => container.Mounts.length > 0);
}

/** The name a user knows a container by (no leading slash), or its short id. */
export function containerName(container: Docker.ContainerInfo): string {
	return (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '');
}

/** "container web" or "containers web-1, db", sorted. */
export function containerList(containers: Docker.ContainerInfo[]): string {
	const names = [...new Set(containers.map(containerName))].sort();
	return `${names.length === 1 ? 'container' : 'containers'} ${names.join(', ')}`;
}

/**
 * Images a helper container could be made from, best first: that of a container already using the
 * volume (known to suit), then every local image, oldest first (the least likely to be removed
 * while the helper is made). Only an image's configuration is used, since the helper never runs.
 */
async function helperImages(docker: Docker, volume: string, endpoint: string): Promise<string[]> {
	const [users, images] = await call(endpoint, () => Promise.all([containersMounting(docker, volume), docker.listImages()]));
	const candidates = users.filter(user => user.Labels?.[helperLabel] === undefined && user.ImageID).map(user => user.ImageID);
	candidates.push(...[...images].sort((a, b) => a.Created - b.Created).map(image => image.Id));
	return [...new Set(candidates)];
}

/** Creates the helper from the first candidate image that still exists when asked. */
async function createHelper(
	docker: Docker,
	volume: string,
	options: {purpose: HelperPurpose; readOnly: boolean},
	endpoint: string,
): Promise<Docker.Container> {
	const images = await helperImages(docker, volume, endpoint);
	if (images.length === 0) {
		throw new EngineError(
			`there are no images on ${endpoint}: reading or writing a volume's files needs one (any image) to create a helper container from; pull or load one first`,
		);
	}
	let failure: EngineError | undefined;
	for (const image of images) {
		try {
			return await docker.createContainer({
				Image: image,
				// Never run: a command is only set because the engine refuses an image that has none.
				Cmd: ['/berth-volume-helper'],
				Labels: {[helperLabel]: options.purpose, [helperVolumeLabel]: volume},
				NetworkDisabled: true,
				HostConfig: {
					AutoRemove: false,
					NetworkMode: 'none',
					Mounts: [
						{
							Type: 'volume',
							Source: volume,
							Target: helperMountPath,
							ReadOnly: options.readOnly,
							// Never copy the image's files into an empty volume. (The typings want every field,
							// but the engine takes the others as optional.)
							VolumeOptions: {NoCopy: true} as Docker.MountSettings['VolumeOptions'],
						},
					],
				},
			});
		} catch (error) {
			failure = toEngineError(error, endpoint);
			// Removed since it was listed (by someone else, just now): the next one will do.
			if (failure.statusCode !== 404 || !/no such image/i.test(failure.message)) {
				throw failure;
			}
		}
	}
	throw failure ?? new EngineError(t('no image to create a helper container from'));
}

/**
 * Creates a helper container that mounts the volume at `helperMountPath`, hands it to `run`, and
 * removes it afterwards however `run` ends (its removal is not cancellable: it must happen).
 */
export async function withHelper<T>(
	docker: Docker,
	volume: string,
	options: {purpose: HelperPurpose; readOnly: boolean; signal: AbortSignal},
	endpoint: string,
	run: (container: Docker.Container) => Promise<T>,
): Promise<T> {
	const container = await createHelper(docker, volume, options, endpoint);
	try {
		if (options.signal.aborted) {
			throw new EngineError(t('cancelled'));
		}
		return await run(container);
	} finally {
		// `v` removes anonymous volumes the image may declare; the named mount above is never removed.
		await container.remove({force: true, v: true}).catch(() => undefined);
	}
}
