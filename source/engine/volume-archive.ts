// Backing a volume up to a tar file and restoring it, through the engine's archive endpoint on a
// helper container that is created, never started, and always removed (volume-helper.ts).
//
// The archive holds paths relative to the volume root ("./", "./a/", "./a/f"): the engine is asked
// for `<mount>/.`, which it archives without its own top directory, and the restore puts the tar
// at `<mount>`, so a backup restores to the same tree, and a tar made with `tar -C dir -cf f .`
// restores too. Owners, modes, symlinks and times travel in the tar and are kept both ways.
//
// Restore semantics: into an empty volume, the tar is unpacked. Into a non-empty one it is
// refused unless `replace`; with `replace` the volume is cleared first by removing it and creating
// it again with the same driver, options and labels (the engine has no call that deletes files,
// and starting a helper would need an image with a shell). Clearing so needs the volume to be
// mounted by no container, even a stopped one, and a driver that keeps its data outside the
// engine (a local volume over NFS or a bind device) comes back with its old files: both are
// refused with the reason, before anything is unpacked. The tar is read through once before
// anything changes, so a file that is not a tar, or is cut in the middle of an entry, is refused
// without touching the volume (the engine would unpack the part before the cut and answer 200).
// A restore cancelled while it sends leaves what the engine unpacked so far.
import {createReadStream} from 'node:fs';
import {open, stat} from 'node:fs/promises';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGunzip} from 'node:zlib';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import {call, toEngineError} from './errors.js';
import {asJob, openStream} from './job-stream.js';
import {byteCounter, fileError, refuseExisting, writeFileJob} from './local-file.js';
import {
	containerList,
	containersMounting,
	findVolume,
	helperMountPath,
	withHelper,
	type RawVolumeDetails,
} from './volume-helper.js';
import {EngineError, type JobControl} from './types.js';
import {t} from '../i18n/translate.js';

const someEngine = 'the Docker engine';

/** The volume's files as a tar stream, paths relative to its root. */
function readArchive(docker: Docker, container: Docker.Container, signal: AbortSignal, endpoint: string): Promise<Readable> {
	return openStream(
		docker,
		{path: `/containers/${container.id}/archive`, method: 'GET', query: {path: `${helperMountPath}/.`}, signal},
		endpoint,
	);
}

/** True when an archive entry is the volume root itself ("./"), not something in it. */
function isRoot(name: string): boolean {
	return name.replace(/^\.?\/*/, '').replace(/\/+$/, '') === '';
}

/** Reads tar headers until one names something other than the root; closes the stream then. */
function hasEntries(stream: Readable): Promise<boolean> {
	return new Promise<boolean>((resolve, reject) => {
		const extract = tar.extract();
		let settled = false;
		const settle = (value: boolean | Error): void => {
			if (settled) {
				return;
			}
			settled = true;
			stream.unpipe(extract);
			stream.destroy();
			extract.destroy();
			if (value instanceof Error) {
				reject(value);
			} else {
				resolve(value);
			}
		};
		extract.on('entry', (header, body, next) => {
			if (!isRoot(header.name)) {
				settle(true);
				return;
			}
			body.on('end', next);
			body.resume();
		});
		extract.on('finish', () => settle(false));
		extract.on('error', error => settle(error));
		stream.on('error', error => settle(error));
		stream.pipe(extract);
	});
}

async function helperIsEmpty(docker: Docker, container: Docker.Container, signal: AbortSignal, endpoint: string): Promise<boolean> {
	return !(await hasEntries(await readArchive(docker, container, signal, endpoint)));
}

/** Whether the volume holds no files (so a restore into it needs no `replace`). */
export function volumeIsEmpty(docker: Docker, name: string, endpoint = someEngine): Promise<boolean> {
	const signal = new AbortController().signal;
	return call(endpoint, async () => {
		await findVolume(docker, name, endpoint);
		return withHelper(docker, name, {purpose: 'volume-backup', readOnly: true, signal}, endpoint, container =>
			helperIsEmpty(docker, container, signal, endpoint),
		);
	});
}

/**
 * Writes a tar of the volume's files to `file`, paths relative to the volume root. Refuses an
 * existing file unless `overwrite`. The tar is written beside the file under a temporary name and
 * renamed when complete, so a failed or cancelled backup leaves no file (and an overwritten one
 * stays as it was). Progress is bytes written; the total is not known in advance.
 */
export function backupVolume(
	docker: Docker,
	name: string,
	file: string,
	control: JobControl,
	options: {overwrite?: boolean} = {},
	endpoint = someEngine,
): Promise<void> {
	const target = path.resolve(file);
	return asJob('backup', control.signal, endpoint, async () => {
		await refuseExisting(target, options.overwrite === true);
		await findVolume(docker, name, endpoint);
		await withHelper(docker, name, {purpose: 'volume-backup', readOnly: true, signal: control.signal}, endpoint, async container =>
			writeFileJob(target, options.overwrite === true, control, async () => readArchive(docker, container, control.signal, endpoint)),
		);
	});
}

const gzipMagic = Buffer.from([0x1f, 0x8b]);

async function startsWith(file: string, magic: Buffer): Promise<boolean> {
	const handle = await open(file, 'r');
	try {
		const head = Buffer.alloc(magic.length);
		const {bytesRead} = await handle.read(head, 0, magic.length, 0);
		return bytesRead === magic.length && head.equals(magic);
	} finally {
		await handle.close();
	}
}

/**
 * Reads the whole archive once, so a file that is not a tar, or one cut short, is refused before
 * the volume is touched. A gzip-compressed tar is accepted (the engine unpacks it too).
 */
export async function checkArchive(file: string, signal: AbortSignal): Promise<void> {
	const gzipped = await startsWith(file, gzipMagic).catch(error => {
		throw fileError(error, 'read', file);
	});
	const extract = tar.extract();
	let entries = 0;
	extract.on('entry', (_header, body, next) => {
		entries += 1;
		body.on('end', next);
		body.resume();
	});
	const source = createReadStream(file);
	try {
		await (gzipped ? pipeline(source, createGunzip(), extract, {signal}) : pipeline(source, extract, {signal}));
	} catch (error) {
		if (signal.aborted) {
			throw error;
		}
		const reason = (error as Error).message;
		if (/unexpected end|premature close|unexpected end of file/i.test(reason)) {
			throw new EngineError(t('{file} is cut short (the tar ends in the middle of a file): nothing was restored', {file}));
		}
		if ((error as NodeJS.ErrnoException).code !== undefined && fileError(error, 'read', file) !== error) {
			throw fileError(error, 'read', file);
		}
		throw new EngineError(t('{file} is not a tar archive ({reason}): nothing was restored', {file, reason}));
	}
	if (entries === 0) {
		throw new EngineError(t('{file} is not a volume backup: it holds no files (an empty file or an empty tar)', {file}));
	}
}

/** Unpacks the archive into the helper's mount, with byte progress against the file's size. */
async function unpack(
	container: Docker.Container,
	file: string,
	size: number,
	control: JobControl,
	endpoint: string,
): Promise<void> {
	const reader = createReadStream(file);
	const body = reader.pipe(byteCounter(size, control));
	// pipe() does not pass errors on: a read failure must still end the request.
	reader.on('error', error => body.destroy(fileError(error, 'read', file) as Error));
	await call(endpoint, () => container.putArchive(body, {path: helperMountPath, abortSignal: control.signal}));
}

/**
 * Removes the volume and creates it again as it was (driver, options, labels): the only way to
 * delete its files through the API. Refused while any container, even a stopped one, mounts it.
 */
async function clearVolume(docker: Docker, volume: RawVolumeDetails, endpoint: string): Promise<void> {
	const users = await call(endpoint, () => containersMounting(docker, volume.Name));
	if (users.length > 0) {
		throw new EngineError(
			`cannot replace the contents of volume ${volume.Name} while ${containerList(users)} use it (remove them first, or restore into a new volume)`,
			409,
		);
	}
	await call(endpoint, () => docker.getVolume(volume.Name).remove());
	try {
		await docker.createVolume({
			Name: volume.Name,
			Driver: volume.Driver ?? 'local',
			DriverOpts: {...volume.Options},
			Labels: {...volume.Labels},
		});
	} catch (error) {
		throw new EngineError(
			`volume ${volume.Name} was removed to clear it but could not be created again: ${toEngineError(error, endpoint).message}`,
		);
	}
}

/**
 * Restores a backup made by `backupVolume` (or any tar whose paths are relative to the volume
 * root) into the volume. A non-empty volume is refused unless `replace`, which clears it first
 * (see the notes at the top of this module). Progress is bytes sent, against the file's size.
 */
export function restoreVolume(
	docker: Docker,
	name: string,
	file: string,
	control: JobControl,
	options: {replace?: boolean} = {},
	endpoint = someEngine,
): Promise<void> {
	const source = path.resolve(file);
	const {signal} = control;
	return asJob('restore', signal, endpoint, async () => {
		let size: number;
		try {
			const stats = await stat(source);
			if (!stats.isFile()) {
				throw new EngineError(t('{source} is not a file', {source}));
			}
			size = stats.size;
		} catch (error) {
			throw fileError(error, 'read', source);
		}
		const volume = await findVolume(docker, name, endpoint);
		await checkArchive(source, signal);
		const helper = {purpose: 'volume-restore', readOnly: false, signal} as const;
		const restored = await withHelper(docker, name, helper, endpoint, async container => {
			if (!(await helperIsEmpty(docker, container, signal, endpoint))) {
				return false;
			}
			await unpack(container, source, size, control, endpoint);
			return true;
		});
		if (restored) {
			return;
		}
		if (!options.replace) {
			throw new EngineError(
				`volume ${name} is not empty: restoring would mix the backup with its files (restore with replace to clear it first, or into a new volume)`,
				409,
			);
		}
		await clearVolume(docker, volume, endpoint);
		await withHelper(docker, name, helper, endpoint, async container => {
			if (!(await helperIsEmpty(docker, container, signal, endpoint))) {
				throw new EngineError(
					`volume ${name} still has files after being cleared: its driver (${volume.Driver ?? 'local'}) keeps them outside the engine, so berth cannot replace them; nothing was restored`,
				);
			}
			await unpack(container, source, size, control, endpoint);
		});
	});
}
