import type {Readable} from 'node:stream';
import {NdjsonSplitter} from '../events.js';
import type {StatsHandlers, StatsSample, Subscription} from '../types.js';
import {sampleFromApi, type RawCpuStats, type RawStats} from './stats-math.js';

/** The engine reads a container's stats about once a second. */
const engineSampleMs = 1000;

/** What a stream's reader makes of one of its JSON values. */
export type StatsReading = {sample: StatsSample} | {skip: true} | {end: true} | {error: string};

/**
 * Follows a stats stream (`open` starts the request), handing each JSON value to `read` and
 * passing on what it makes of it, until it reports the end or an error or the stream closes.
 */
export function followStatsStream(
	open: (signal: AbortSignal) => Promise<Readable>,
	describe: (error: unknown) => string,
	handlers: StatsHandlers,
	read: (value: unknown) => StatsReading,
): Subscription {
	const controller = new AbortController();
	let stream: Readable | undefined;
	let done = false;

	const stop = (): void => {
		done = true;
		controller.abort();
		stream?.destroy();
	};
	const finish = (report: () => void): void => {
		if (!done) {
			stop();
			report();
		}
	};
	const fail = (message: string): void => finish(() => handlers.onError(message));

	const follow = (opened: Readable): void => {
		stream = opened;
		const splitter = new NdjsonSplitter();
		opened.on('data', (chunk: Buffer | string) => {
			for (const value of splitter.push(chunk)) {
				if (done) {
					return;
				}
				const reading = read(value);
				if ('sample' in reading) {
					handlers.onSample(reading.sample);
				} else if ('end' in reading) {
					finish(() => handlers.onEnd());
				} else if ('error' in reading) {
					fail(reading.error);
				}
			}
		});
		opened.on('end', () => finish(() => handlers.onEnd()));
		opened.on('error', error => fail(describe(error)));
		// Closing without an end or an error means the connection was cut.
		opened.on('close', () => fail('the stats stream was closed before it ended'));
	};

	open(controller.signal).then(
		opened => {
			if (done) {
				opened.destroy();
				return;
			}
			follow(opened);
		},
		(error: unknown) => fail(describe(error)),
	);

	return {stop};
}

/**
 * Follows the engine's stats stream for one container, passing on at most one sample per
 * `intervalMs`. The engine never ends the stream itself: once the container stops it sends empty
 * readings, and the first of those ends the subscription.
 */
export function streamApiStats(
	open: (signal: AbortSignal) => Promise<Readable>,
	describe: (error: unknown) => string,
	intervalMs: number,
	handlers: StatsHandlers,
): Subscription {
	let delivered: {time: number; cpu: RawCpuStats | undefined} | undefined;
	// Engine readings are about a second apart, so a sample counts as due half a reading early.
	const minGapMs = intervalMs - engineSampleMs / 2;

	return followStatsStream(open, describe, handlers, value => {
		const raw = value as RawStats;
		// Against the last delivered reading, so CPU% covers the whole interval when readings are skipped.
		const sample = sampleFromApi(delivered ? {...raw, precpu_stats: delivered.cpu} : raw);
		if (!sample) {
			return {end: true};
		}
		if (delivered && sample.time - delivered.time < minGapMs) {
			return {skip: true};
		}
		delivered = {time: sample.time, cpu: raw.cpu_stats};
		return {sample};
	});
}
