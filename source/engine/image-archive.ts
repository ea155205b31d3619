// Saving images to a tar archive and loading them back (`docker save` / `docker load`), streamed
// from and to disk with byte counts as they go.
import {randomBytes} from 'node:crypto';
import {createReadStream, createWriteStream} from 'node:fs';
import {link, lstat, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type Docker from 'dockerode';
import {toEngineError} from './errors.js';
import {asJob, messageError, openStream, readMessages} from './job-stream.js';
import {EngineError, type JobControl} from './types.js';

/** Passes bytes through, reporting the running count. */
function byteCounter(total: number | undefined, control: JobControl): Transform {
	let current = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			current += chunk.length;
			control.onEvent(total === undefined ? {kind: 'bytes', current} : {kind: 'bytes', current, total});
			callback(null, chunk);
		},
	});
}

const fileProblems: Record<string, string> = {
	ENOENT: 'no such file or directory',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EISDIR: 'it is a directory',
	ENOTDIR: 'a part of the path is not a directory',
	ENOSPC: 'no space left on the device',
	EROFS: 'the file system is read-only',
	EDQUOT: 'disk quota exceeded',
};

/** A local file failure in plain words, naming the file; anything else is left as it is. */
function fileError(error: unknown, verb: 'read' | 'write', file: string): unknown {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code !== undefined && code in fileProblems ? new EngineError(`cannot ${verb} ${file}: ${fileProblems[code]}`) : error;
}

async function exists(file: string): Promise<boolean> {
	try {
		await lstat(file);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return false;
		}
		throw fileError(error, 'read', file);
	}
}

/**
 * Puts the finished archive in place. Without `overwrite`, a hard link fails if the file appeared
 * in the meantime rather than replacing it; where hard links are not supported it falls back to a
 * rename after one more look.
 */
async function putInPlace(temporary: string, file: string, overwrite: boolean): Promise<void> {
	if (overwrite) {
		await rename(temporary, file);
		return;
	}
	try {
		await link(temporary, file);
		await unlink(temporary);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') {
			throw new EngineError(`${file} already exists`);
		}
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EOPNOTSUPP') {
			throw error;
		}
		if (await exists(file)) {
			throw new EngineError(`${file} already exists`);
		}
		await rename(temporary, file);
	}
}

/**
 * Saves images (names or ids) into one tar archive at `file`, the way `docker save` does.
 * Refuses an existing file unless `overwrite`. The archive is written beside the file under a
 * temporary name and renamed when complete, so a failed or cancelled save leaves nothing behind
 * (and an overwritten file stays as it was until the new one is whole).
 */
export function saveImages(
	docker: Docker,
	refs: string[],
	file: string,
	control: JobControl,
	options: {overwrite?: boolean; endpoint?: string} = {},
): Promise<void> {
	const endpoint = options.endpoint ?? 'the Docker engine';
	const target = path.resolve(file);
	return asJob('save', control.signal, endpoint, async () => {
		if (refs.length === 0) {
			throw new EngineError('no images to save');
		}
		if (!options.overwrite && (await exists(target))) {
			throw new EngineError(`${target} already exists`);
		}
		// The engine answers "reference does not exist" without saying which: look each one up first.
		for (const ref of refs) {
			try {
				await docker.getImage(ref).inspect();
			} catch (error) {
				const failure = toEngineError(error, endpoint);
				throw failure.statusCode === 404 ? new EngineError(`no such image: ${ref}`, 404) : failure;
			}
		}
		const response = await openStream(
			docker,
			{path: '/images/get', method: 'GET', query: {names: refs}, signal: control.signal},
			endpoint,
		);
		const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
		try {
			await pipeline(response, byteCounter(undefined, control), createWriteStream(temporary, {flags: 'wx'}), {
				signal: control.signal,
			});
			await putInPlace(temporary, target, options.overwrite === true);
		} catch (error) {
			await unlink(temporary).catch(() => undefined);
			if ((error as {code?: string}).code === 'ERR_STREAM_PREMATURE_CLOSE') {
				throw new EngineError('the engine closed the connection before the archive was complete');
			}
			throw fileError(error, 'write', target);
		}
	});
}

const loadedName = /^Loaded image: (.+)$/;
const loadedId = /^Loaded image ID: (.+)$/;

/**
 * The names a load reports, from its output lines: "Loaded image: name:tag" for tagged images,
 * "Loaded image ID: sha256:…" for untagged ones.
 */
export function parseLoadedImages(lines: string[]): string[] {
	const names: string[] = [];
	for (const line of lines) {
		const text = line.trim();
		const match = loadedName.exec(text) ?? loadedId.exec(text);
		if (match?.[1] && !names.includes(match[1].trim())) {
			names.push(match[1].trim());
		}
	}
	return names;
}

/** Why an archive did not load, in plain words: not a tar at all, or a tar that holds no images. */
export function loadFailure(reason: string, file: string): string {
	if (/Error processing tar file|unexpected EOF|invalid tar header|archive\/tar/i.test(reason)) {
		return `${file} is not an image archive (it is not a tar file: ${reason})`;
	}
	if (/manifest\.json|repositories: no such file|json: cannot unmarshal|invalid character/i.test(reason)) {
		return `${file} is not an image archive (a tar file, but not one made by docker save: ${reason})`;
	}
	return `cannot load ${file}: ${reason}`;
}

/**
 * Loads every image in the archive at `file` (`docker load`), sending it with byte counts against
 * the file's size, and resolves with the names (or ids, for untagged images) the engine loaded.
 */
export function loadImages(
	docker: Docker,
	file: string,
	control: JobControl,
	options: {endpoint?: string} = {},
): Promise<string[]> {
	const endpoint = options.endpoint ?? 'the Docker engine';
	const source = path.resolve(file);
	return asJob('load', control.signal, endpoint, async () => {
		let size: number;
		try {
			const stats = await stat(source);
			if (!stats.isFile()) {
				throw new EngineError(`${source} is not a file`);
			}
			size = stats.size;
		} catch (error) {
			throw fileError(error, 'read', source);
		}
		const reader = createReadStream(source);
		const body = reader.pipe(byteCounter(size, control));
		// pipe() does not pass errors on: a read failure must still end the request.
		reader.on('error', error => body.destroy(fileError(error, 'read', source) as Error));
		let response;
		try {
			response = await openStream(
				docker,
				{path: '/images/load', method: 'POST', query: {quiet: true}, body, signal: control.signal},
				endpoint,
			);
		} catch (error) {
			throw error instanceof EngineError && !control.signal.aborted
				? new EngineError(loadFailure(error.message, source), error.statusCode)
				: error;
		}
		const lines: string[] = [];
		await readMessages(response, control.signal, message => {
			const failure = messageError(message);
			if (failure !== undefined) {
				throw new EngineError(loadFailure(failure, source));
			}
			const text = typeof message.stream === 'string' ? message.stream : message.status;
			for (const line of (text ?? '').split('\n')) {
				if (line.trim() !== '') {
					lines.push(line.trim());
					control.onEvent({kind: 'line', text: line.trim()});
				}
			}
		});
		return parseLoadedImages(lines);
	});
}
