// Local files written and read by long operations (image save and load, volume backups and
// restores): plain-words failures that name the file, byte counting, and putting a finished file
// in place without ever leaving half of one behind.
import {randomBytes} from 'node:crypto';
import {createWriteStream} from 'node:fs';
import {link, lstat, rename, unlink} from 'node:fs/promises';
import path from 'node:path';
import {Transform, type Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {EngineError, type JobControl} from './types.js';

/** Passes bytes through, reporting the running count (against `total` when it is known). */
export function byteCounter(total: number | undefined, control: JobControl): Transform {
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
export function fileError(error: unknown, verb: 'read' | 'write', file: string): unknown {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code !== undefined && code in fileProblems ? new EngineError(`cannot ${verb} ${file}: ${fileProblems[code]}`) : error;
}

export async function fileExists(file: string): Promise<boolean> {
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

/** A name beside `file` for writing it in full before it takes its real name. */
export function temporaryBeside(file: string): string {
	return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.partial`);
}

/**
 * Puts a finished file in place. Without `overwrite`, a hard link fails if the file appeared in
 * the meantime rather than replacing it; where hard links are not supported it falls back to a
 * rename after one more look.
 */
export async function putInPlace(temporary: string, file: string, overwrite: boolean): Promise<void> {
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
		if (await fileExists(file)) {
			throw new EngineError(`${file} already exists`);
		}
		await rename(temporary, file);
	}
}

/** Refuses to write over an existing file unless told to. */
export async function refuseExisting(file: string, overwrite: boolean): Promise<void> {
	if (!overwrite && (await fileExists(file))) {
		throw new EngineError(`${file} already exists`);
	}
}

/**
 * Streams what `open` returns (opened only once the file may be written) through `transforms`
 * into `file`, under a temporary name until it is complete, reporting bytes written. Refuses an
 * existing file unless `overwrite`; a failure or a cancel leaves no file behind.
 */
export async function writeFileJob(
	file: string,
	overwrite: boolean,
	control: JobControl,
	open: () => Promise<Readable>,
	transforms: Transform[] = [],
): Promise<void> {
	const target = path.resolve(file);
	await refuseExisting(target, overwrite);
	const source = await open();
	const temporary = temporaryBeside(target);
	try {
		await pipeline([source, ...transforms, byteCounter(undefined, control), createWriteStream(temporary, {flags: 'wx'})], {
			signal: control.signal,
		});
		await putInPlace(temporary, target, overwrite);
	} catch (error) {
		source.destroy();
		await unlink(temporary).catch(() => undefined);
		if ((error as {code?: string}).code === 'ERR_STREAM_PREMATURE_CLOSE') {
			throw new EngineError(`the engine closed the connection before ${target} was complete`);
		}
		throw fileError(error, 'write', target);
	}
}
