// Saving images to a tar archive and loading them back (`docker save` / `docker load`), streamed
// from and to disk with byte counts as they go.
import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import {toEngineError} from './errors.js';
import {asJob, messageError, openStream, readMessages} from './job-stream.js';
import {byteCounter, fileError, refuseExisting, writeFileJob} from './local-file.js';
import {EngineError, type JobControl} from './types.js';
import {t} from '../i18n/translate.js';

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
			throw new EngineError(t('no images to save'));
		}
		await refuseExisting(target, options.overwrite === true);
		// The engine answers "reference does not exist" without saying which: look each one up first.
		for (const ref of refs) {
			try {
				await docker.getImage(ref).inspect();
			} catch (error) {
				const failure = toEngineError(error, endpoint);
				throw failure.statusCode === 404 ? new EngineError(t('no such image: {ref}', {ref}), 404) : failure;
			}
		}
		await writeFileJob(target, options.overwrite === true, control, async () =>
			openStream(docker, {path: '/images/get', method: 'GET', query: {names: refs}, signal: control.signal}, endpoint),
		);
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
				throw new EngineError(t('{source} is not a file', {source}));
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
