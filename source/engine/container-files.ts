// Writing what a container holds to a local file: its filesystem as a tar (`docker export`) and
// its logs as text. Both are written beside the file under a temporary name and renamed when
// complete, so a failed or cancelled job leaves nothing behind.
import {Transform} from 'node:stream';
import type Docker from 'dockerode';
import {formatEngineTime} from '../parse/since.js';
import {inspectRaw, nameOf} from './container-raw.js';
import {asJob, openStream} from './job-stream.js';
import {writeFileJob} from './local-file.js';
import {FrameDemuxer, LineSplitter, type OutputStream} from './logs.js';
import {EngineError, type JobControl} from './types.js';
import {t} from '../i18n/translate.js';

export interface ExportOptions {
	/** Replace an existing file (only once the new one is complete). */
	overwrite?: boolean;
}

/**
 * Writes the container's filesystem as a tar archive to `file` (`docker export`), reporting the
 * bytes written. A failed or cancelled export leaves nothing behind.
 */
export function exportContainer(
	docker: Docker,
	id: string,
	file: string,
	control: JobControl,
	options: ExportOptions,
	endpoint: string,
): Promise<void> {
	return asJob('export', control.signal, endpoint, async () => {
		const details = await inspectRaw(docker, id, endpoint);
		await writeFileJob(
			file,
			options.overwrite === true,
			control,
			() =>
				openStream(
					docker,
					{path: `/containers/${encodeURIComponent(details.Id)}/export`, method: 'GET', signal: control.signal},
					endpoint,
				),
			[],
		);
	});
}

export interface SaveLogsOptions {
	/** Seconds since the epoch (see parseSince): only lines logged at or after it. */
	since?: number;
	/** Seconds since the epoch: only lines logged before it. */
	until?: number;
	/** Start each line with the engine's RFC3339Nano timestamp, as `docker logs -t`. */
	timestamps: boolean;
	/** Replace an existing file (only once the new one is complete). */
	overwrite?: boolean;
}

// Lines are split only to be written whole; a line is held up to this size before it is cut.
const maxSavedLineBytes = 16 * 1024 * 1024;

/**
 * Turns a logs response into text lines, each ending with a newline, counting them: demultiplexed
 * unless the container has a TTY, one line splitter per stream so stdout and stderr never mix
 * within a line. (LogDecoder's parts, with a larger line limit: a saved line is never cut.)
 */
class LogLines extends Transform {
	lines = 0;
	readonly #demuxer: FrameDemuxer | undefined;
	readonly #splitters: Record<OutputStream, LineSplitter> = {
		stdout: new LineSplitter(maxSavedLineBytes),
		stderr: new LineSplitter(maxSavedLineBytes),
	};

	constructor(multiplexed: boolean) {
		super();
		this.#demuxer = multiplexed ? new FrameDemuxer() : undefined;
	}

	#text(pieces: Array<{text: string}>): string {
		this.lines += pieces.length;
		return pieces.map(piece => `${piece.text}\n`).join('');
	}

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: unknown) => void): void {
		const pieces = this.#demuxer ? this.#demuxer.push(chunk) : [{stream: 'stdout' as const, data: chunk}];
		const text = pieces.map(piece => this.#text(this.#splitters[piece.stream].push(piece.data))).join('');
		callback(null, text === '' ? undefined : Buffer.from(text, 'utf8'));
	}

	override _flush(callback: (error?: Error | null, data?: unknown) => void): void {
		const text = this.#text([...this.#splitters.stdout.end(), ...this.#splitters.stderr.end()]);
		callback(null, text === '' ? undefined : Buffer.from(text, 'utf8'));
	}
}

/**
 * Saves all of a container's logs in the range (not only what a view holds) to `file` as text
 * lines, stdout and stderr in the order the engine gives them, with the engine's timestamps when
 * asked. Reports bytes written; resolves with the number of lines. A failed or cancelled save
 * leaves nothing behind.
 */
export function saveContainerLogs(
	docker: Docker,
	id: string,
	file: string,
	options: SaveLogsOptions,
	control: JobControl,
	endpoint: string,
): Promise<number> {
	return asJob('saving logs', control.signal, endpoint, async () => {
		const details = await inspectRaw(docker, id, endpoint);
		if (options.since !== undefined && options.until !== undefined && options.until < options.since) {
			throw new EngineError(t('until: is before since'));
		}
		const decoder = new LogLines(details.Config?.Tty !== true);
		await writeFileJob(
			file,
			options.overwrite === true,
			control,
			async () => {
				try {
					return await openStream(
						docker,
						{
							path: `/containers/${encodeURIComponent(details.Id)}/logs`,
							method: 'GET',
							query: {
								follow: false,
								stdout: true,
								stderr: true,
								timestamps: options.timestamps,
								...(options.since !== undefined ? {since: formatEngineTime(options.since)} : {}),
								...(options.until !== undefined ? {until: formatEngineTime(options.until)} : {}),
							},
							signal: control.signal,
						},
						endpoint,
					);
				} catch (error) {
					throw error instanceof EngineError && error.statusCode !== undefined && error.statusCode !== 404
						? new EngineError(t('cannot read the logs of {name}: {reason}', {name: nameOf(details), reason: error.message}), error.statusCode)
						: error;
				}
			},
			[decoder],
		);
		return decoder.lines;
	});
}
