// The bench's figures: their targets, the printed table, and the baseline they are compared with.
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';

/** What produced a figure. Window figures are scaled to 30 s so runs of any length compare. */
export interface Load {
	running: number;
	total: number;
	cols: number;
	rows: number;
	windowSeconds: number;
	/** The log-flood scenario: one container writing as fast as it can, its logs open. */
	flood?: boolean;
	/** Engines berth watches at once (--host given twice); one when absent. */
	engines?: number;
}

export type FigureKey =
	| 'firstFrameBestMs'
	| 'firstFrameMedianMs'
	| 'nodeAloneMs'
	| 'firstFrameColdMs'
	| 'berthCpu'
	| 'berthCpuWarm'
	| 'engineCpu'
	| 'engineIdleCpu'
	| 'engineAboveIdle'
	| 'outputBytesPerSecond'
	| 'logTextBytesPerSecond'
	| 'outputAboveLogsBytesPerSecond'
	| 'listAloneBytesPerSecond'
	| 'logsFullScreenBytesPerSecond'
	| 'newestLineAgeMedianMs'
	| 'newestLineAgeMaxMs'
	| 'rssGrowthMB'
	| 'rssStartMB'
	| 'rssEndMB'
	| 'rssPeakMB'
	| 'keyP50Ms'
	| 'keyP95Ms'
	| 'keyFloorP95Ms'
	| 'captureMs';

export type Figures = Partial<Record<FigureKey, number>>;

export interface ScenarioResult {
	load: Load;
	figures: Figures;
}

export interface Baseline {
	savedAt: string;
	mode: 'full' | 'quick';
	scenarios: ScenarioResult[];
}

interface Target {
	text: string;
	/** The load the target is stated for; elsewhere it is shown but not checked. */
	appliesTo: (load: Load) => boolean;
	met: (value: number, figures: Figures) => boolean;
}

interface FigureSpec {
	key: FigureKey;
	label: string;
	unit: string;
	digits: number;
	/** Measured over the window (the rest are per launch or per key). */
	windowed: boolean;
	/** Each for the loads it is stated for; the first that applies is the one shown. */
	targets?: Target[];
}

export const REFERENCE_RUNNING = 21;
/** The second CPU load. */
const BUSY_RUNNING = 100;
const KEYPRESS_TOTAL = 1000;
/** The --big scenario: 5,000 containers, 1,000 of them running. */
export const BIG_TOTAL = 5000;
export const BIG_RUNNING = 1000;
/** How far RSS may move (either way from the middle) over a soak and still count as flat. */
export const FLAT_MB = 5;
/** The ceiling for berth's resident memory. */
export const RSS_LIMIT_MB = 100;
/** The MB of every memory figure. */
export const MB = 1_000_000;
/** 15% of a core, in CPU seconds per 30 s. */
const FLOOD_CPU_LIMIT = 4.5;
/**
 * When berth's CPU is measured a second time, warm: V8 compiles what runs every second over
 * berth's first minute, and its CPU falls by about half meanwhile (at 21 running, 30 s windows from
 * 8 s after start: 1.03, 0.76, 0.60, 0.59, 0.52 s). Users leave berth open for days.
 */
export const WARM_AFTER_MS = 90_000;

const steady = (load: Load): boolean => load.flood !== true && (load.engines ?? 1) === 1;
const atReference = (load: Load): boolean => steady(load) && load.running === REFERENCE_RUNNING;
const atBusy = (load: Load): boolean => steady(load) && load.running === BUSY_RUNNING;
const atThousand = (load: Load): boolean => steady(load) && load.total === KEYPRESS_TOTAL;
const atBig = (load: Load): boolean => steady(load) && load.total === BIG_TOTAL;
const inFlood = (load: Load): boolean => load.flood === true;

function atMost(limit: number, unit: string, where: string, appliesTo: (load: Load) => boolean, strict = false): Target {
	return {
		text: `${strict ? '<' : '≤'} ${limit} ${unit} ${where}`.trimEnd(),
		appliesTo,
		met: value => (strict ? value < limit : value <= limit),
	};
}

const SPECS: FigureSpec[] = [
	{key: 'firstFrameBestMs', label: 'first frame, best of 3', unit: 'ms', digits: 0, windowed: false},
	{
		key: 'firstFrameMedianMs',
		label: 'first frame, median',
		unit: 'ms',
		digits: 0,
		windowed: false,
		targets: [
			atMost(200, 'ms', `at ${REFERENCE_RUNNING} running`, atReference),
			atMost(1500, 'ms', `at ${BIG_TOTAL} containers`, atBig, true),
		],
	},
	{key: 'nodeAloneMs', label: '  under it: Node alone, median', unit: 'ms', digits: 0, windowed: false},
	{key: 'firstFrameColdMs', label: '  first start of a build (no compiled code cached)', unit: 'ms', digits: 0, windowed: false},
	{
		key: 'berthCpu',
		label: 'berth CPU per 30 s',
		unit: 's',
		digits: 2,
		windowed: true,
		// The steady loads' targets are the warm figure's, below: the issue measured after warm-up.
		targets: [atMost(FLOOD_CPU_LIMIT, 's', 'in a log flood (15% of a core)', inFlood)],
	},
	{
		key: 'berthCpuWarm',
		label: `  the same, warm (from ${WARM_AFTER_MS / 1000} s after the first frame)`,
		unit: 's',
		digits: 2,
		windowed: true,
		targets: [
			atMost(0.2, 's', `at ${REFERENCE_RUNNING} running, logs open`, atReference),
			atMost(0.34, 's', `at ${BUSY_RUNNING} running`, atBusy),
			atMost(1, 's', `at ${BIG_TOTAL} containers`, atBig, true),
		],
	},
	{key: 'engineCpu', label: 'engine CPU per 30 s, berth on', unit: 's', digits: 2, windowed: true},
	{key: 'engineIdleCpu', label: 'engine CPU per 30 s, idle', unit: 's', digits: 2, windowed: true},
	{
		key: 'engineAboveIdle',
		label: 'engine CPU above idle',
		unit: 's',
		digits: 2,
		windowed: true,
		targets: [atMost(0.7, 's', `at ${REFERENCE_RUNNING} running`, atReference)],
	},
	{key: 'outputBytesPerSecond', label: 'written to the terminal, logs open', unit: 'B/s', digits: 0, windowed: true},
	{key: 'logTextBytesPerSecond', label: '  of which the log text itself', unit: 'B/s', digits: 0, windowed: true},
	{
		key: 'outputAboveLogsBytesPerSecond',
		label: '  the rest, above the log text',
		unit: 'B/s',
		digits: 0,
		windowed: true,
		targets: [atMost(300, 'B/s', `at ${REFERENCE_RUNNING} running`, atReference)],
	},
	{
		key: 'listAloneBytesPerSecond',
		label: 'written to the terminal, list alone (z)',
		unit: 'B/s',
		digits: 0,
		windowed: true,
		targets: [atMost(200, 'B/s', `at ${REFERENCE_RUNNING} running`, atReference)],
	},
	{
		key: 'logsFullScreenBytesPerSecond',
		label: 'written to the terminal, logs full screen (Enter f)',
		unit: 'B/s',
		digits: 0,
		windowed: true,
	},
	{
		key: 'newestLineAgeMedianMs',
		label: 'newest log line on screen, age, median',
		unit: 'ms',
		digits: 0,
		windowed: true,
	},
	{
		key: 'newestLineAgeMaxMs',
		label: 'newest log line on screen, age, max',
		unit: 'ms',
		digits: 0,
		windowed: true,
		targets: [atMost(1000, 'ms', 'in a log flood', inFlood)],
	},
	{key: 'rssStartMB', label: 'RSS at window start', unit: 'MB', digits: 1, windowed: true},
	{
		key: 'rssEndMB',
		label: 'RSS at window end',
		unit: 'MB',
		digits: 1,
		windowed: true,
		// Not checked: 30 s from start-up is one swing of the garbage collector, not a trend.
		// Flatness is the soak's to judge (--soak), over minutes of use; a flood's, below.
	},
	{
		key: 'rssGrowthMB',
		label: 'RSS growth over the window',
		unit: 'MB',
		digits: 1,
		windowed: true,
		targets: [{text: `flat (±${FLAT_MB} MB) in a log flood`, appliesTo: inFlood, met: value => Math.abs(value) <= FLAT_MB}],
	},
	{
		key: 'rssPeakMB',
		label: 'peak RSS (VmHWM)',
		unit: 'MB',
		digits: 1,
		windowed: false,
		targets: [
			atMost(60, 'MB', `at ${REFERENCE_RUNNING} running`, atReference),
			atMost(80, 'MB', `at ${KEYPRESS_TOTAL} containers`, atThousand),
			atMost(150, 'MB', `at ${BIG_TOTAL} containers`, atBig, true),
			atMost(RSS_LIMIT_MB, 'MB', '', steady, true),
		],
	},
	{key: 'keyP50Ms', label: 'keypress to screen, p50', unit: 'ms', digits: 1, windowed: false},
	{
		key: 'keyP95Ms',
		label: 'keypress to screen, p95',
		unit: 'ms',
		digits: 1,
		windowed: false,
		targets: [
			atMost(30, 'ms', `at ${KEYPRESS_TOTAL} containers`, atThousand, true),
			atMost(30, 'ms', `at ${BIG_TOTAL} containers`, atBig, true),
			atMost(200, 'ms', 'in a log flood', inFlood, true),
		],
	},
	{key: 'keyFloorP95Ms', label: '  under it: a program that only lists, p95', unit: 'ms', digits: 1, windowed: false},
	{key: 'captureMs', label: '  of which one capture-pane', unit: 'ms', digits: 1, windowed: false},
];

function sameLoad(a: Load, b: Load): boolean {
	return a.running === b.running && a.total === b.total && a.cols === b.cols && a.rows === b.rows && (a.flood ?? false) === (b.flood ?? false) && (a.engines ?? 1) === (b.engines ?? 1);
}

export function formatNumber(value: number, digits: number): string {
	const text = value.toFixed(digits);
	// A value that rounds to zero is shown as zero, whatever its sign.
	return Number(text) === 0 ? (0).toFixed(digits) : text;
}

function formatValue(spec: FigureSpec, value: number): string {
	return `${formatNumber(value, spec.digits)} ${spec.unit}`;
}

/** The baseline's value and the difference; the percentage only where it means something. */
function change(spec: FigureSpec, value: number, before: number | undefined): string {
	if (before === undefined) {
		return '';
	}
	const delta = value - before;
	const sign = delta > 0 && formatNumber(delta, spec.digits) !== formatNumber(0, spec.digits) ? '+' : '';
	const text = `was ${formatValue(spec, before)}, ${sign}${formatValue(spec, delta)}`;
	// Near zero (an above-idle figure, say) a percentage is noise.
	if (Number(formatNumber(before, spec.digits)) <= 0) {
		return text;
	}
	const percent = Math.round((delta / before) * 100);
	return `${text} (${percent > 0 ? '+' : ''}${percent}%)`;
}

export function renderTable(rows: string[][], rightAligned: ReadonlySet<number>): string {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => [...(row[column] ?? '')].length)));
	return rows
		.map(row =>
			row
				.map((cell, column) => {
					const pad = ' '.repeat(widths[column]! - [...cell].length);
					return rightAligned.has(column) ? pad + cell : cell + pad;
				})
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

/** The figures as a plain table: the load beside each one, its target, and the baseline's value. */
export function formatResults(results: readonly ScenarioResult[], baseline: Baseline | undefined): string {
	const rows: string[][] = [
		['running', 'total', 'terminal', 'window', 'figure', 'value', 'target', 'check', 'vs baseline'],
	];
	for (const {load, figures} of results) {
		const before = baseline?.scenarios.find(scenario => sameLoad(scenario.load, load))?.figures;
		for (const spec of SPECS) {
			const value = figures[spec.key];
			if (value === undefined) {
				continue;
			}
			const target = spec.targets?.find(candidate => candidate.appliesTo(load));
			rows.push([
				load.flood ? `${load.running} (flood)` : load.engines ? `${load.running} (${load.engines} engines)` : String(load.running),
				String(load.total),
				`${load.cols}x${load.rows}`,
				spec.windowed ? `${load.windowSeconds} s` : '-',
				spec.label,
				formatValue(spec, value),
				target?.text ?? '',
				target === undefined ? '' : target.met(value, figures) ? 'ok' : 'MISSED',
				change(spec, value, before?.[spec.key]),
			]);
		}
		rows.push([]);
	}
	return renderTable(
		rows.map(row => (row.length === 0 ? Array.from({length: 9}, () => '') : row)),
		new Set([0, 1, 5]),
	);
}

export async function readBaseline(file: string): Promise<Baseline | undefined> {
	const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') {
			return undefined;
		}
		throw error;
	});
	return text === undefined ? undefined : (JSON.parse(text) as Baseline);
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
	await mkdir(dirname(file), {recursive: true});
	// Three decimals is finer than any figure is printed, and keeps the file's diffs readable.
	const rounded = (_key: string, value: unknown): unknown =>
		typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(3)) : value;
	await writeFile(file, `${JSON.stringify(baseline, rounded, '\t')}\n`);
}
