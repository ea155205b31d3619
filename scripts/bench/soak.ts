// The soak: berth left running for minutes at the reference load and used meanwhile, its memory
// and CPU sampled every 30 s. A leak shows as steady growth over minutes, which one 30 s window
// cannot tell from the garbage collector's ups and downs.
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import type Dockerode from 'dockerode';
import {assertRunning, keypressLatencies, type Berth} from './berth.js';
import {cpuBetween, cpuSeconds, memory} from './procfs.js';
import {FLAT_MB, formatNumber, MB, renderTable, RSS_LIMIT_MB} from './report.js';

const SAMPLE_SECONDS = 30;
/** The selection goes down within the list's first rows and back, ending each window where it began. */
const MOVE_ROWS = 4;
/** Seconds the engine gives a restarted container to stop; the loggers stop at once on TERM. */
const RESTART_GRACE = 1;

export interface SoakSample {
	/** Minutes since the soak began. */
	minute: number;
	rssMB: number;
	/** VmHWM: the highest RSS so far, between samples included. */
	peakMB: number;
	/** berth's CPU over the window that ends here, scaled to 30 s; none at the start. */
	berthCpu?: number;
	/** The short id of the container restarted in that window. */
	restarted?: string;
}

export interface SoakOptions {
	docker: Dockerode;
	berth: Berth;
	minutes: number;
	/** Restarted in turn, one a minute. */
	containers: readonly string[];
	pressPauseMs: number;
	log: (message: string) => void;
}

const megabytes = (value: number): string => `${formatNumber(value, 1)} MB`;

async function memoryMB(pid: number): Promise<{rssMB: number; peakMB: number}> {
	const {rssBytes, peakBytes} = await memory(pid);
	return {rssMB: rssBytes / MB, peakMB: peakBytes / MB};
}

/**
 * Samples berth every 30 s for `minutes`, using it like a user between samples so more than the
 * idle paths run: the selection moves (the main area follows it), the main area's tab goes to
 * the next one, and once a minute a container restarts (its events, and its log and stats
 * streams opened again). Fills in `samples` as it goes, so a failure leaves what was measured.
 */
export async function soak(options: SoakOptions, samples: SoakSample[]): Promise<void> {
	const {berth, containers, log} = options;
	const windows = (options.minutes * 60) / SAMPLE_SECONDS;
	const began = performance.now();
	let windowStart = began;
	let cpuStart = await cpuSeconds([berth.pid]);
	samples.push({minute: 0, ...(await memoryMB(berth.pid))});
	for (let window = 0; window < windows; window += 1) {
		await keypressLatencies(berth, MOVE_ROWS, 2 * (MOVE_ROWS - 1), options.pressPauseMs);
		await berth.terminal.sendKeys(']');
		// After the keys, so the selection never moves while a container is restarting.
		const id = window % 2 === 0 ? containers[(window / 2) % containers.length] : undefined;
		if (id !== undefined) {
			await options.docker.getContainer(id).restart({t: RESTART_GRACE});
		}
		// Windows end on a fixed schedule, so the time the keys and restarts take does not add up.
		await sleep(Math.max(0, began + (window + 1) * SAMPLE_SECONDS * 1000 - performance.now()));
		const cpuEnd = await cpuSeconds([berth.pid]);
		const now = performance.now();
		await assertRunning(berth);
		const minute = ((window + 1) * SAMPLE_SECONDS) / 60;
		const {rssMB, peakMB} = await memoryMB(berth.pid);
		const berthCpu = (cpuBetween(cpuStart, cpuEnd) * 30_000) / (now - windowStart);
		samples.push({minute, rssMB, peakMB, berthCpu, ...(id === undefined ? {} : {restarted: id.slice(0, 12)})});
		log(
			`minute ${minute.toFixed(1)}: RSS ${megabytes(rssMB)}, peak ${megabytes(peakMB)}, ` +
				`berth CPU ${formatNumber(berthCpu, 2)} s`,
		);
		cpuStart = cpuEnd;
		windowStart = now;
	}
}

/**
 * RSS after the first minute (start-up and warm-up done) against the target, with a
 * verdict. Flat means every sample from then on lies within ±5 MB of the middle of their range:
 * a leak fails it, and so does a garbage collector that lets the heap swing wider than that.
 */
function summary(samples: readonly SoakSample[], minutes: number): string {
	const settled = samples.filter(sample => sample.minute >= 1);
	const last = samples.at(-1);
	if (settled.length === 0 || last === undefined) {
		return 'summary: none, the soak ended before its first minute did';
	}
	const rss = settled.map(sample => sample.rssMB);
	const low = Math.min(...rss);
	const high = Math.max(...rss);
	const growth = formatNumber(last.rssMB - settled[0]!.rssMB, 1);
	const sign = growth.startsWith('-') || Number(growth) === 0 ? '' : '+';
	// VmHWM never falls, so the last one is the soak's peak (berth's start included).
	const met = last.peakMB < RSS_LIMIT_MB && high - low <= 2 * FLAT_MB;
	return [
		`summary: RSS from minute 1 on between ${megabytes(low)} and ${megabytes(high)}`,
		` (${sign}${growth} MB from minute 1 to the end), peak ${megabytes(last.peakMB)}`,
		`; target < ${RSS_LIMIT_MB} MB peak, flat (±${FLAT_MB} MB): ${met ? 'ok' : 'MISSED'}`,
		last.minute < minutes ? ` (stopped after ${last.minute} of ${minutes} minutes)` : '',
	].join('');
}

/** One row a sample, then the summary and what the figures mean. */
export function formatSoak(samples: readonly SoakSample[], minutes: number): string {
	const rows = [
		['minute', 'RSS', 'peak (VmHWM)', 'berth CPU per 30 s', 'restarted'],
		...samples.map(sample => [
			sample.minute.toFixed(1),
			megabytes(sample.rssMB),
			megabytes(sample.peakMB),
			sample.berthCpu === undefined ? '-' : `${formatNumber(sample.berthCpu, 2)} s`,
			sample.restarted ?? '',
		]),
	];
	return [
		renderTable(rows, new Set([0, 1, 2, 3])),
		summary(samples, minutes),
		`each ${SAMPLE_SECONDS} s window: the selection ${MOVE_ROWS - 1} rows down and back up (Down/Up, each waited for on`,
		'  screen), then `]` (next tab: Logs, Stats, Inspect, Top in turn); in every other window, a restart',
		`  of one container (restart -t ${RESTART_GRACE}). berth CPU includes drawing all that.`,
		'RSS and peak are VmRSS and VmHWM from /proc at the end of each window; minute 0 is the start, after',
		'  the settle.',
	].join('\n');
}
