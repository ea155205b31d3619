// Copying files between this machine and a container, running or stopped (`docker cp`), through the
// engine's archive endpoints: a tar read with tar-stream on the way out, made with it on the way in.
import {createReadStream, createWriteStream, type Stats} from 'node:fs';
import {chmod, link, lstat, lutimes, mkdir, readdir, readlink, realpath, stat, symlink, unlink, utimes} from 'node:fs/promises';
import type {IncomingMessage} from 'node:http';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import {fileError} from './local-file.js';
import {inspectRaw, nameOf} from './container-raw.js';
import {toEngineError} from './errors.js';
import {everyStatus, openStream} from './job-stream.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

export interface CopyResult {
	/** Where the copied item landed: a path on this machine, or in the container. */
	target: string;
	/** Files, folders and links written. */
	entries: number;
	/** Entries that could not be made here (devices, fifos, sockets), by their archive name. */
	skipped: string[];
}

/** The engine's description of a path in a container (the X-Docker-Container-Path-Stat header). */
interface PathStat {
	name: string;
	size: number;
	/** Go's os.FileMode: the directory bit is 1<<31, the symlink bit 1<<27. */
	mode: number;
	mtime: string;
	linkTarget: string;
}

const isDirectoryMode = (mode: number): boolean => mode >>> 31 === 1;
const isLinkMode = (mode: number): boolean => ((mode >>> 27) & 1) === 1;

function pathStat(response: IncomingMessage): PathStat | undefined {
	const header = response.headers['x-docker-container-path-stat'];
	if (typeof header !== 'string') {
		return undefined;
	}
	try {
		return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat;
	} catch {
		return undefined;
	}
}

/** A HEAD or PUT on the archive endpoint; a failure rejects with the engine's reason and status. */
function archiveRequest(
	docker: Docker,
	request: {id: string; method: 'HEAD' | 'PUT'; query: Record<string, unknown>; body?: Readable},
	endpoint: string,
): Promise<IncomingMessage> {
	return new Promise<IncomingMessage>((resolve, reject) => {
		docker.modem.dial(
			{
				path: `/containers/${encodeURIComponent(request.id)}/archive?`,
				method: request.method,
				options: request.query,
				isStream: true,
				statusCodes: everyStatus,
				...(request.body ? {file: request.body, headers: {'Content-Type': 'application/x-tar'}} : {}),
			},
			(error, response) => (error ? reject(toEngineError(error, endpoint)) : resolve(response as IncomingMessage)),
		);
	}).then(async response => {
		const status = response.statusCode ?? 0;
		const chunks: Buffer[] = [];
		for await (const chunk of response) {
			chunks.push(chunk as Buffer);
		}
		if (status >= 200 && status < 300) {
			return response;
		}
		const body = Buffer.concat(chunks).toString('utf8').trim();
		let reason = body;
		try {
			reason = (JSON.parse(body) as {message?: string}).message ?? body;
		} catch {
			// Not JSON: the text is the reason.
		}
		// A HEAD answer has no body: its 404 (the container was looked up first) is a missing path.
		if (reason === '' && status === 404 && request.method === 'HEAD') {
			reason = `Could not find the file ${String(request.query['path'])}`;
		}
		throw new EngineError(reason || `HTTP ${status}`, status);
	});
}

const notFound = (error: unknown): boolean =>
	error instanceof EngineError && error.statusCode === 404 && /Could not find the file/i.test(error.message);

/** A path in the container, followed once if it is a symbolic link; undefined when it does not exist. */
async function statInContainer(docker: Docker, id: string, containerPath: string, endpoint: string): Promise<PathStat | undefined> {
	let found: PathStat | undefined;
	try {
		found = pathStat(await archiveRequest(docker, {id, method: 'HEAD', query: {path: containerPath}}, endpoint));
	} catch (error) {
		if (notFound(error)) {
			return undefined;
		}
		throw error;
	}
	if (found && isLinkMode(found.mode) && found.linkTarget) {
		const target = path.posix.isAbsolute(found.linkTarget)
			? found.linkTarget
			: path.posix.join(path.posix.dirname(containerPath), found.linkTarget);
		return (await statInContainer(docker, id, target, endpoint)) ?? found;
	}
	return found;
}

/** Container paths are absolute: a relative one is taken from the container's root, as docker cp does. */
function inContainer(containerPath: string): string {
	return containerPath.startsWith('/') ? containerPath : `/${containerPath}`;
}

/** "/d/." (or "dir/.") asks for a folder's contents rather than the folder. */
const wantsContents = (text: string): boolean => /(^|\/)\.$/.test(text);

async function hostStat(file: string, follow: boolean): Promise<Stats | undefined> {
	try {
		return await (follow ? stat(file) : lstat(file));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}
		throw fileError(error, 'read', file);
	}
}

/** Reads a stream to its end, throwing its data away. */
function drain(stream: Readable): Promise<void> {
	return new Promise((resolve, reject) => {
		stream.on('end', resolve);
		stream.on('error', reject);
		stream.resume();
	});
}

/**
 * Writes the entries of a tar whose first path component is `root` into `target`: the root entry
 * becomes `target`, the rest go below it. Nothing is written outside `target`: an entry with `..`
 * is refused, a folder on the way that is a symbolic link is never followed (links are made as
 * links, never written through), and a hard link must point at a file extracted here. Exported for
 * tests; callers use copyFromContainer.
 */
export async function extractArchive(
	archive: Readable,
	root: string,
	target: string,
	options: {targetExisted: boolean},
): Promise<{entries: number; skipped: string[]}> {
	const directories: Array<{file: string; mode: number; mtime?: Date}> = [];
	const checked = new Set<string>();
	const skipped: string[] = [];
	let entries = 0;

	/** The entry's path components below the root, or a refusal. */
	const parts = (name: string): string[] => {
		const components = name.split('/').filter(part => part !== '' && part !== '.');
		const rootParts = root.split('/').filter(part => part !== '' && part !== '.');
		if (rootParts.some((part, index) => components[index] !== part)) {
			throw new EngineError(t('refused {name} from the archive: it is not inside {root}', {name, root}));
		}
		const rest = components.slice(rootParts.length);
		if (rest.includes('..')) {
			throw new EngineError(t('refused {name} from the archive: it points outside {target}', {name, target}));
		}
		return rest;
	};

	/** Makes sure every folder between `target` and the entry is a real folder (made when missing). */
	const parentsOf = async (rest: string[]): Promise<void> => {
		for (let depth = 0; depth < rest.length; depth++) {
			const folder = path.join(target, ...rest.slice(0, depth));
			if (checked.has(folder)) {
				continue;
			}
			const found = await hostStat(folder, depth === 0 && options.targetExisted);
			if (found === undefined) {
				await mkdir(folder, {mode: 0o755});
			} else if (!found.isDirectory()) {
				throw new EngineError(
					`refused to write into ${folder}: it is ${found.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`,
				);
			}
			checked.add(folder);
		}
	};

	/** Removes what is in the way of a new entry (never a folder, never through a link). */
	const clear = async (file: string, forFolder: boolean): Promise<boolean> => {
		const found = await hostStat(file, false);
		if (found === undefined) {
			return false;
		}
		if (found.isDirectory()) {
			if (forFolder) {
				return true;
			}
			throw new EngineError(t('cannot overwrite the folder {file} with a file', {file}));
		}
		await unlink(file);
		return false;
	};

	// Regular files this extraction wrote: the only things a hard link may point at, so a link
	// cannot reach outside the target through a folder that is a symlink.
	const written = new Set<string>();

	const handle = async (header: tar.Headers, stream: Readable): Promise<void> => {
		const rest = parts(header.name);
		const file = path.join(target, ...rest);
		if (rest.length > 0 || !options.targetExisted) {
			await parentsOf(rest);
		}
		const mode = (header.mode ?? 0o644) & 0o7777;
		switch (header.type) {
			case 'directory': {
				const existed = rest.length === 0 && options.targetExisted ? true : await clear(file, true);
				if (!existed) {
					await mkdir(file, {mode: 0o700});
				}
				checked.add(file);
				// The folder the user named keeps its own mode; folders made here get the archive's.
				if (!(rest.length === 0 && options.targetExisted)) {
					directories.push({file, mode, mtime: header.mtime});
				}
				await drain(stream);
				break;
			}
			case 'file':
			case 'contiguous-file': {
				await clear(file, false);
				await pipeline(stream, createWriteStream(file, {flags: 'wx', mode: 0o600}));
				written.add(file);
				await chmod(file, mode);
				if (header.mtime) {
					await utimes(file, header.mtime, header.mtime);
				}
				break;
			}
			case 'symlink': {
				await clear(file, false);
				await symlink(header.linkname ?? '', file);
				if (header.mtime) {
					await lutimes(file, header.mtime, header.mtime).catch(() => undefined);
				}
				await drain(stream);
				break;
			}
			case 'link': {
				const source = path.join(target, ...parts(header.linkname ?? ''));
				if (!written.has(source)) {
					throw new EngineError(t('refused {name} from the archive: its hard link does not point at a file copied here', {name: header.name}));
				}
				await clear(file, false);
				await link(source, file);
				written.add(file);
				await drain(stream);
				break;
			}
			default:
				skipped.push(header.name);
				entries -= 1;
				await drain(stream);
		}
		entries += 1;
	};

	const extract = tar.extract();
	extract.on('entry', (header, stream, next) => {
		handle(header, stream).then(
			() => next(),
			(error: unknown) => {
				stream.resume();
				extract.destroy(error as Error);
			},
		);
	});
	await pipeline(archive, extract);
	// Deepest first, so a read-only folder is locked only once everything inside it is written.
	for (const folder of directories.reverse()) {
		await chmod(folder.file, folder.mode);
		if (folder.mtime) {
			await utimes(folder.file, folder.mtime, folder.mtime);
		}
	}
	return {entries, skipped};
}

/**
 * Copies a file or folder out of a container, running or stopped, as `docker cp CONTAINER:SRC DEST`
 * does: into DEST when it is an existing folder, otherwise as DEST (whose folder must exist). A
 * source ending in "/." copies the folder's contents. Modes are kept; symbolic links are copied as
 * links.
 */
export async function copyFromContainer(
	docker: Docker,
	id: string,
	containerPath: string,
	hostPath: string,
	endpoint: string,
): Promise<CopyResult> {
	const details = await inspectRaw(docker, id, endpoint);
	const name = nameOf(details);
	const source = inContainer(containerPath);
	const controller = new AbortController();
	let response: IncomingMessage;
	try {
		response = await openStream(
			docker,
			{path: `/containers/${encodeURIComponent(details.Id)}/archive`, method: 'GET', query: {path: source}, signal: controller.signal},
			endpoint,
		);
	} catch (error) {
		throw notFound(error) ? new EngineError(t('no such file or directory in {name}: {containerPath}', {name, containerPath}), 404) : error;
	}
	try {
		const found = pathStat(response);
		if (found === undefined) {
			throw new EngineError(t('the engine did not describe {containerPath} in {name}', {containerPath, name}));
		}
		const sourceIsFolder = isDirectoryMode(found.mode);
		const destination = path.resolve(hostPath);
		const existing = await hostStat(destination, true);
		let target: string;
		let targetExisted = false;
		if (existing?.isDirectory()) {
			if (sourceIsFolder && wantsContents(source)) {
				target = destination;
				targetExisted = true;
			} else {
				// The engine's name becomes a path here: one plain name, never a way out of the folder.
				if (found.name === '' || found.name === '.' || found.name === '..' || /[/\\]/.test(found.name)) {
					throw new EngineError(t('refused the name the engine gave {containerPath}: {name}', {containerPath, name: found.name}));
				}

				target = path.join(destination, found.name);
			}
		} else if (existing) {
			if (sourceIsFolder) {
				throw new EngineError(t('cannot copy a folder to a file: {hostPath}', {hostPath}));
			}
			// A link to a file is written through, as docker cp does; nothing else is.
			target = await realpath(destination);
		} else {
			if (/[/\\]$/.test(hostPath) && !sourceIsFolder) {
				throw new EngineError(t('no such directory: {hostPath}', {hostPath}));
			}
			const parent = path.dirname(destination);
			const parentStat = await hostStat(parent, true);
			if (parentStat === undefined) {
				throw new EngineError(t('no such directory: {parent}', {parent}));
			}
			if (!parentStat.isDirectory()) {
				throw new EngineError(t('not a directory: {parent}', {parent}));
			}
			target = destination;
		}
		if (!targetExisted && (await hostStat(target, false))?.isDirectory() === true && sourceIsFolder) {
			// Copying a folder over a folder of the same name merges into it, as docker cp does.
			targetExisted = true;
		}
		const {entries, skipped} = await extractArchive(response, found.name, target, {targetExisted});
		return {target, entries, skipped};
	} catch (error) {
		controller.abort();
		response.destroy();
		throw toEngineError(fileError(error, 'write', hostPath), endpoint);
	}
}

/** Adds `file` (and, for a folder, everything in it) to `pack` under `name`. */
async function packPath(pack: tar.Pack, file: string, name: string, skipped: string[], includeRoot = true): Promise<number> {
	const info = await lstat(file).catch((error: unknown) => {
		throw fileError(error, 'read', file);
	});
	const common = {
		name,
		mode: info.mode & 0o7777,
		mtime: info.mtime,
		uid: 0,
		gid: 0,
	};
	const add = (header: tar.Headers): Promise<void> =>
		new Promise((resolve, reject) => pack.entry(header, error => (error ? reject(error) : resolve())));
	if (info.isDirectory()) {
		let count = 0;
		if (includeRoot) {
			await add({...common, type: 'directory'});
			count += 1;
		}
		const children = await readdir(file).catch((error: unknown) => {
			throw fileError(error, 'read', file);
		});
		for (const child of children.sort()) {
			count += await packPath(pack, path.join(file, child), name === '' ? child : `${name}/${child}`, skipped);
		}
		return count;
	}
	if (info.isSymbolicLink()) {
		await add({...common, type: 'symlink', linkname: await readlink(file)});
		return 1;
	}
	if (info.isFile()) {
		await new Promise<void>((resolve, reject) => {
			const entry = pack.entry({...common, type: 'file', size: info.size}, error => (error ? reject(error) : resolve()));
			const reader = createReadStream(file);
			reader.on('error', error => {
				entry.destroy();
				reject(fileError(error, 'read', file));
			});
			reader.pipe(entry);
		});
		return 1;
	}
	skipped.push(file);
	return 0;
}

/**
 * Copies a file or folder from this machine into a container, running or stopped, as `docker cp
 * SRC CONTAINER:DEST` does: into DEST when it is an existing folder, otherwise as DEST (whose
 * folder must exist). A source ending in "/." copies the folder's contents. Modes are kept; the
 * files belong to the container's root user; symbolic links are copied as links.
 */
export async function copyToContainer(
	docker: Docker,
	id: string,
	hostPath: string,
	containerPath: string,
	endpoint: string,
): Promise<CopyResult> {
	const details = await inspectRaw(docker, id, endpoint);
	const name = nameOf(details);
	const source = path.resolve(hostPath);
	const sourceStat = await hostStat(source, false);
	if (sourceStat === undefined) {
		throw new EngineError(t('no such file or directory: {hostPath}', {hostPath}));
	}
	const contents = wantsContents(hostPath) && sourceStat.isDirectory();
	const destination = path.posix.normalize(inContainer(containerPath));
	const found = await statInContainer(docker, details.Id, destination, endpoint);
	let folder: string;
	let rootName: string;
	let includeRoot = true;
	if (found && isDirectoryMode(found.mode)) {
		folder = destination;
		rootName = contents ? '' : path.basename(source);
		includeRoot = !contents;
	} else if (found) {
		if (sourceStat.isDirectory()) {
			throw new EngineError(t('cannot copy a folder to a file in {name}: {containerPath}', {name, containerPath}));
		}
		folder = path.posix.dirname(destination);
		rootName = path.posix.basename(destination);
	} else {
		if (containerPath.endsWith('/') && !sourceStat.isDirectory()) {
			throw new EngineError(t('no such directory in {name}: {containerPath}', {name, containerPath}));
		}
		folder = path.posix.dirname(destination);
		const parent = await statInContainer(docker, details.Id, folder, endpoint);
		if (parent === undefined) {
			throw new EngineError(t('no such directory in {name}: {folder}', {name, folder}));
		}
		if (!isDirectoryMode(parent.mode)) {
			throw new EngineError(t('not a directory in {name}: {folder}', {name, folder}));
		}
		rootName = path.posix.basename(destination);
	}

	const pack = tar.pack();
	const skipped: string[] = [];
	const packing = packPath(pack, source, rootName, skipped, includeRoot).then(
		count => {
			pack.finalize();
			return count;
		},
		(error: unknown) => {
			pack.destroy(error as Error);
			throw error;
		},
	);
	// Nothing is lost if the request fails first: the packing error is the better reason.
	packing.catch(() => undefined);
	try {
		await archiveRequest(
			docker,
			{id: details.Id, method: 'PUT', query: {path: folder, noOverwriteDirNonDir: true}, body: pack},
			endpoint,
		);
	} catch (error) {
		await packing;
		if (notFound(error)) {
			throw new EngineError(t('no such directory in {name}: {folder}', {name, folder}), 404);
		}
		throw error instanceof EngineError ? new EngineError(t('cannot copy into {name}: {reason}', {name, reason: error.message}), error.statusCode) : error;
	}
	const entries = await packing;
	const target = rootName === '' ? folder : path.posix.join(folder, rootName);
	return {target, entries, skipped};
}
