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
import {t} from '../i18n/translate.js';

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

// In the user's language, looked up when said.
const fileProblems: Record<string, () => string> = {
	ENOENT: () => t('no such file or directory'),
	EACCES: () => t('permission denied'),
	EPERM: () => t('permission denied'),
	EISDIR: () => t('it is a directory'),
	ENOTDIR: () => t('a part of the path is not a directory'),
	ENOSPC: () => t('no space left on the device'),
	EROFS: () => t('the file system is read-only'),
	EDQUOT: () => t('disk quota exceeded'),
};

/** A local file failure in plain words, naming the file; anything else is left as it is. */
export function fileError(error: unknown, verb: 'read' | 'write', file: string): unknown {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === undefined || !(code in fileProblems)) {
		return error;
	}

	const values = {file, reason: fileProblems[code]?.() ?? code};
	return new EngineError(verb === 'read' ? t('cannot read {file}: {reason}', values) : t('cannot write {file}: {reason}', values));
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
			throw new EngineError(t('{file} already exists', {file}));
		}
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EOPNOTSUPP') {
			throw error;
		}
		if (await fileExists(file)) {
			throw new EngineError(t('{file} already exists', {file}));
		}
		await rename(temporary, file);
	}
}

/** Refuses to write over an existing file unless told to. */
export async function refuseExisting(file: string, overwrite: boolean): Promise<void> {
	if (!overwrite && (await fileExists(file))) {
		throw new EngineError(t('{file} already exists', {file}));
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
			throw new EngineError(t('the engine closed the connection before {target} was complete', {target}));
		}
		throw fileError(error, 'write', target);
	}
}
