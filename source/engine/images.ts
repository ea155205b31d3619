// Image operations: pull, push, tag, remove, prune, history, inspect (build, save and load live
// in their own modules and are re-exported here, so callers import images from one place).
import type Docker from 'dockerode';
import {call, toEngineError} from './errors.js';
import {splitReference} from './image-reference.js';
import {asJob, messageError, openStream, readMessages, type JsonMessage} from './job-stream.js';
import {normalizeImage, type RawImage} from './normalize.js';
import {progressEvent, pushedDigest, registryFailure, type RegistryAction} from './pull-progress.js';
import {EngineError, type ImageSummary, type JobControl} from './types.js';
import {t} from '../i18n/translate.js';

export {buildImage, type BuildOptions} from './image-build.js';
export {loadImages, saveImages} from './image-archive.js';

/** Used in messages when the caller did not say which engine it talks to. */
const someEngine = 'the Docker engine';

/** Registry credentials, sent to the engine as the X-Registry-Auth header. */
export interface AuthConfig {
	username: string;
	password: string;
	/** The registry host, e.g. "registry.example.com" or "127.0.0.1:5000". */
	serveraddress: string;
}

/**
 * Runs a pull or push: its refusals before the stream (HTTP errors) and the `error` messages in
 * it are said in plain words; every progress message becomes a job event.
 */
async function registryJob(
	docker: Docker,
	action: RegistryAction,
	request: {path: string; query: Record<string, unknown>; reference: string; auth: AuthConfig | undefined},
	control: JobControl,
	endpoint: string,
	onMessage: (message: JsonMessage) => void = () => undefined,
): Promise<void> {
	const context = {action, reference: request.reference, withCredentials: request.auth !== undefined};
	let response;
	try {
		response = await openStream(
			docker,
			{
				path: request.path,
				method: 'POST',
				query: request.query,
				// Always sent, as the CLI does: without the header the engine refuses a push outright.
				authconfig: request.auth ? {...request.auth} : {},
				signal: control.signal,
			},
			endpoint,
		);
	} catch (error) {
		// A status code means the engine answered; without one, the engine itself could not be reached.
		throw error instanceof EngineError && error.statusCode !== undefined && !control.signal.aborted
			? new EngineError(registryFailure(error.message, context), error.statusCode)
			: error;
	}
	await readMessages(response, control.signal, message => {
		const failure = messageError(message);
		if (failure !== undefined) {
			throw new EngineError(registryFailure(failure, context));
		}
		onMessage(message);
		const event = progressEvent(message);
		if (event) {
			control.onEvent(event);
		}
	});
}

/**
 * Pulls `reference` (`repo[:tag]` or `repo@digest`; no tag means latest) and resolves with the
 * pulled image's id. Progress arrives as layer events and status lines.
 */
export function pullImage(
	docker: Docker,
	reference: string,
	auth: AuthConfig | undefined,
	control: JobControl,
	endpoint: string,
): Promise<string> {
	return asJob('pull', control.signal, endpoint, async () => {
		const {repository, tag, digest} = splitReference(reference);
		const version = digest ?? tag ?? 'latest';
		await registryJob(
			docker,
			'pull',
			{path: '/images/create', query: {fromImage: repository, tag: version}, reference, auth},
			control,
			endpoint,
		);
		const pulled = digest === undefined ? `${repository}:${version}` : `${repository}@${digest}`;
		const image = await call(endpoint, () => docker.getImage(pulled).inspect());
		return image.Id;
	});
}

/**
 * Pushes `reference` to its registry and resolves with the pushed digest, when the engine reports
 * one. Without a tag, every tag of the repository is pushed (as `docker push` does).
 */
export function pushImage(
	docker: Docker,
	reference: string,
	auth: AuthConfig | undefined,
	control: JobControl,
	endpoint: string,
): Promise<string | undefined> {
	return asJob('push', control.signal, endpoint, async () => {
		const {repository, tag, digest} = splitReference(reference);
		if (digest !== undefined) {
			throw new EngineError(t('cannot push {reference}: push a tag, not a digest', {reference}));
		}
		let pushed: string | undefined;
		await registryJob(
			docker,
			'push',
			{path: `/images/${repository}/push`, query: tag === undefined ? {} : {tag}, reference, auth},
			control,
			endpoint,
			message => {
				pushed = pushedDigest(message) ?? pushed;
			},
		);
		return pushed;
	});
}

/** Gives the image `source` (name or id) the name `target` (`repo[:tag]`, tag latest when absent). */
export async function tagImage(docker: Docker, source: string, target: string, endpoint = someEngine): Promise<void> {
	const {repository, tag, digest} = splitReference(target);
	if (digest !== undefined || repository === '') {
		throw new EngineError(t('{target} is not a name to tag with: use repository[:tag]', {target}));
	}
	await call(endpoint, () => docker.getImage(source).tag({repo: repository, tag: tag ?? 'latest'}));
}

export interface ImageRemoveOptions {
	/** Remove even when stopped containers use it, or it has several names (`docker rmi -f`). */
	force: boolean;
	/** Keep untagged parent images. */
	noPrune: boolean;
}

/** What a removal did, as the engine lists it. */
export interface ImageRemoval {
	/** Names taken off the image. */
	untagged: string[];
	/** Ids ("sha256:…") of the images deleted: the image, and its untagged parents unless `noPrune`. */
	deleted: string[];
}

function removals(raw: unknown): ImageRemoval {
	const entries = Array.isArray(raw) ? (raw as Array<{Untagged?: unknown; Deleted?: unknown}>) : [];
	const result: ImageRemoval = {untagged: [], deleted: []};
	for (const entry of entries) {
		if (typeof entry.Untagged === 'string') {
			result.untagged.push(entry.Untagged);
		}
		if (typeof entry.Deleted === 'string') {
			result.deleted.push(entry.Deleted);
		}
	}
	return result;
}

/** The names of the containers (running or not) created from image `id`. */
async function containersUsing(docker: Docker, id: string): Promise<{names: string[]; running: boolean}> {
	const containers = await docker.listContainers({all: true});
	const users = containers.filter(container => container.ImageID === id);
	return {
		names: users.map(container => (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '')).sort(),
		running: users.some(container => container.State === 'running' || container.State === 'paused'),
	};
}

/**
 * Removes an image name or id. When containers use the image, the refusal names them, e.g.
 * "image web:1 is used by containers web-1, job (remove them first, or force)". Resolves with
 * what the engine untagged and deleted.
 */
export async function removeImage(
	docker: Docker,
	ref: string,
	options: ImageRemoveOptions,
	endpoint = someEngine,
): Promise<ImageRemoval> {
	try {
		return removals(await docker.getImage(ref).remove({force: options.force, noprune: options.noPrune}));
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		if (failure.statusCode !== 409 || !/container/.test(failure.message)) {
			throw failure;
		}
		// The engine names one container by a short id; the user knows them by name, and there may be more.
		const users = await call(endpoint, async () => containersUsing(docker, (await docker.getImage(ref).inspect()).Id)).catch(
			() => undefined,
		);
		if (!users || users.names.length === 0) {
			throw failure;
		}
		const values = {ref, names: users.names.join(', ')};
		const stopFirst = users.running && /cannot be forced|running/.test(failure.message);
		const one = users.names.length === 1;
		throw new EngineError(
			stopFirst
				? one
					? t('image {ref} is used by container {names} (stop and remove them first)', values)
					: t('image {ref} is used by containers {names} (stop and remove them first)', values)
				: one
					? t('image {ref} is used by container {names} (remove them first, or force)', values)
					: t('image {ref} is used by containers {names} (remove them first, or force)', values),
			409,
		);
	}
}

export interface PruneOptions {
	/** Every image no container uses, not only dangling (untagged) ones. */
	all: boolean;
	/** Only images with these labels ("key" or "key=value"), as the engine's `label` filter. */
	label?: string[];
}

export interface PruneResult extends ImageRemoval {
	/** Bytes freed. */
	spaceReclaimed: number;
}

function pruneFilters(options: PruneOptions): Record<string, string[]> {
	return {dangling: [options.all ? 'false' : 'true'], ...(options.label?.length ? {label: options.label} : {})};
}

/** Deletes dangling images (or, with `all`, every image no container uses), as `docker image prune [-a]`. */
export async function pruneImages(docker: Docker, options: PruneOptions, endpoint = someEngine): Promise<PruneResult> {
	const raw = (await call(endpoint, () => docker.pruneImages({filters: pruneFilters(options)}))) as {
		ImagesDeleted?: Array<{Untagged?: string; Deleted?: string}> | null;
		SpaceReclaimed?: number;
	};
	return {...removals(raw.ImagesDeleted ?? []), spaceReclaimed: raw.SpaceReclaimed ?? 0};
}

/**
 * What `pruneImages` with the same options would delete, for the user to see before confirming:
 * dangling images (no tags), or with `all` every image, in either case less those a container
 * (running or not) was created from, which the engine keeps.
 */
export async function imagesToPrune(docker: Docker, options: PruneOptions, endpoint = someEngine): Promise<ImageSummary[]> {
	const filters = {
		...(options.all ? {} : {dangling: ['true']}),
		...(options.label?.length ? {label: options.label} : {}),
	};
	const [images, containers] = await call(endpoint, () =>
		Promise.all([docker.listImages({filters}), docker.listContainers({all: true})]),
	);
	const used = new Set(containers.map(container => container.ImageID));
	return (images as RawImage[]).filter(image => !used.has(image.Id)).map(normalizeImage);
}

export interface ImageHistoryEntry {
	/** The layer's image id, or '' for layers built elsewhere (the engine's "<missing>"). */
	id: string;
	createdBy: string;
	size: number;
	/** Epoch milliseconds. */
	created: number;
	tags: string[];
	comment: string;
}

/** The image's layers, newest first, as `docker history` shows them. */
export async function imageHistory(docker: Docker, id: string, endpoint = someEngine): Promise<ImageHistoryEntry[]> {
	const raw = (await call(endpoint, () => docker.getImage(id).history())) as Array<{
		Id?: string;
		CreatedBy?: string;
		Size?: number;
		Created?: number;
		Tags?: string[] | null;
		Comment?: string;
	}>;
	return raw.map(layer => ({
		id: layer.Id && layer.Id !== '<missing>' ? layer.Id : '',
		createdBy: layer.CreatedBy ?? '',
		size: layer.Size ?? 0,
		created: (layer.Created ?? 0) * 1000,
		tags: (layer.Tags ?? []).filter(tag => tag !== '<none>:<none>'),
		comment: layer.Comment ?? '',
	}));
}

export interface ImageConfigDetails {
	env: string[];
	cmd: string[];
	entrypoint: string[];
	workingDir: string;
	user: string;
	/** "80/tcp" */
	exposedPorts: string[];
	/** Container paths declared with VOLUME. */
	volumes: string[];
	labels: Record<string, string>;
	stopSignal: string;
}

export interface ImageDetails {
	id: string;
	repoTags: string[];
	repoDigests: string[];
	/** '' when the image has no parent here (pulled images, FROM scratch). */
	parentId: string;
	architecture: string;
	os: string;
	variant: string;
	/** Epoch milliseconds. */
	created: number;
	author: string;
	comment: string;
	dockerVersion: string;
	config: ImageConfigDetails;
	/** Number of filesystem layers (RootFS.Layers). */
	layers: number;
	/** Bytes. */
	size: number;
}

export interface RawImageDetails {
	Id: string;
	RepoTags?: string[] | null;
	RepoDigests?: string[] | null;
	Parent?: string;
	Architecture?: string;
	Os?: string;
	Variant?: string;
	Created?: string;
	Author?: string;
	Comment?: string;
	DockerVersion?: string;
	Config?: {
		Env?: string[] | null;
		Cmd?: string[] | string | null;
		Entrypoint?: string[] | string | null;
		WorkingDir?: string;
		User?: string;
		ExposedPorts?: Record<string, unknown> | null;
		Volumes?: Record<string, unknown> | null;
		Labels?: Record<string, string> | null;
		StopSignal?: string;
	} | null;
	RootFS?: {Layers?: string[] | null} | null;
	Size?: number;
}

function commandList(value: string[] | string | null | undefined): string[] {
	if (Array.isArray(value)) {
		return value;
	}
	return typeof value === 'string' && value !== '' ? [value] : [];
}

/** RFC 3339 with nanoseconds (as the engine writes it) to epoch milliseconds; 0 when absent. */
function epochMs(value: string | undefined): number {
	const ms = value ? Date.parse(value) : Number.NaN;
	return Number.isFinite(ms) ? ms : 0;
}

export function normalizeImageDetails(raw: RawImageDetails): ImageDetails {
	const config = raw.Config ?? {};
	return {
		id: raw.Id,
		repoTags: (raw.RepoTags ?? []).filter(tag => tag !== '<none>:<none>'),
		repoDigests: (raw.RepoDigests ?? []).filter(digest => digest !== '<none>@<none>'),
		parentId: raw.Parent ?? '',
		architecture: raw.Architecture ?? '',
		os: raw.Os ?? '',
		variant: raw.Variant ?? '',
		created: epochMs(raw.Created),
		author: raw.Author ?? '',
		comment: raw.Comment ?? '',
		dockerVersion: raw.DockerVersion ?? '',
		config: {
			env: config.Env ?? [],
			cmd: commandList(config.Cmd),
			entrypoint: commandList(config.Entrypoint),
			workingDir: config.WorkingDir ?? '',
			user: config.User ?? '',
			exposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
			volumes: Object.keys(config.Volumes ?? {}).sort(),
			labels: {...config.Labels},
			stopSignal: config.StopSignal ?? '',
		},
		layers: raw.RootFS?.Layers?.length ?? 0,
		size: raw.Size ?? 0,
	};
}

/** The image's details, normalised. */
export async function inspectImage(docker: Docker, id: string, endpoint = someEngine): Promise<ImageDetails> {
	const raw = await call(endpoint, () => docker.getImage(id).inspect());
	return normalizeImageDetails(raw as unknown as RawImageDetails);
}
