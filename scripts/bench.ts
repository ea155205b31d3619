// `npm run bench [-- --quick] [-- --save-baseline]`: the built berth against the real engine
// under growing loads of logging containers. Prints time to first frame, CPU (berth's and the
// engine's above idle), memory, bytes written to the terminal and keypress latency, each with
// the load that produced it and its target, compared with bench/baseline.json.
// `npm run bench -- --soak [minutes]` (10 by default) instead keeps one berth running that long
// at the reference load, used like a user meanwhile, and prints its RSS every 30 s against the
// issue's "under 100 MB and flat" (scripts/bench/soak.ts); it leaves the baseline alone.
import {mkdtemp, rm} from 'node:fs/promises';
import {availableParallelism, constants, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import type Dockerode from 'dockerode';
import {requireEngine} from '../test/support/engine.js';
import {
	assertRunning,
	captureMs,
	closeAll,
	closeBerth,
	keypressLatencies,
	launchBerth,
	percentile,
	POLL_MS,
	showsContainerRow,
	startCountingOutput,
	snapshotBuild,
	stopCountingOutput,
	type Berth,
	type LaunchOptions,
} from './bench/berth.js';
import {BATCH, createFleet, NAME_PREFIX} from './bench/fleet.js';
import {cpuBetween, cpuSeconds, engineProcesses, memory} from './bench/procfs.js';
import {
	formatResults,
	MB,
	readBaseline,
	REFERENCE_RUNNING,
	writeBaseline,
	type Figures,
	type Load,
	type ScenarioResult,
} from './bench/report.js';
import {formatSoak, soak, type SoakSample} from './bench/soak.js';
import {printTextFigures} from './bench/text.js';

const USAGE = [
	'usage: npm run bench -- [--quick] [--save-baseline]',
	'       npm run bench -- --soak [minutes]   (whole minutes, 2 or more; 10 by default)',
].join('\n');
const BASELINE_FILE = fileURLToPath(new URL('../bench/baseline.json', import.meta.url));
const COLS = 160;
const ROWS = 45;
const LAUNCHES = 3;
/** After the first frame, before the window: the list fills in and the first logs load. */
const SETTLE_MS = 2_000;
/** After a burst of creates the engine is busy for a while; idle would not be idle yet. */
const AFTER_CREATE_MS = 5_000;
const PRESS_PAUSE_MS = 100;
const CAPTURE_SAMPLES = 20;
const SOAK_MINUTES = 10;

interface Scenario {
	running: number;
	/** Created and never started. */
	created: number;
}

interface Options {
	quick: boolean;
	saveBaseline: boolean;
	/** Set in soak mode. */
	soakMinutes?: number;
}

function readOptions(): Options {
	// --soak's minutes are a positional: parseArgs has no option whose value may be left out.
	const args = process.argv.slice(2).flatMap(arg => (arg.startsWith('--soak=') ? ['--soak', arg.slice(7)] : [arg]));
	const {values, positionals} = parseArgs({
		args,
		options: {quick: {type: 'boolean'}, 'save-baseline': {type: 'boolean'}, soak: {type: 'boolean'}},
		allowPositionals: true,
		strict: true,
	});
	const options = {quick: values.quick ?? false, saveBaseline: values['save-baseline'] ?? false};
	if (!values.soak) {
		if (positionals.length > 0) {
			throw new Error(`unexpected argument '${positionals[0]}'`);
		}
		return options;
	}
	if (options.quick || options.saveBaseline) {
		throw new Error('--soak takes neither --quick nor --save-baseline');
	}
	const [minutes = String(SOAK_MINUTES), ...rest] = positionals;
	// Growth is measured from the end of minute 1, so one minute would show none.
	if (rest.length > 0 || !/^\d+$/.test(minutes) || Number(minutes) < 2) {
		throw new Error(`--soak takes one whole number of minutes, 2 or more; got '${positionals.join(' ')}'`);
	}
	return {...options, soakMinutes: Number(minutes)};
}

function parseOptions(): Options {
	try {
		return readOptions();
	} catch (error) {
		console.error(`${(error as Error).message}\n${USAGE}`);
		process.exit(2);
	}
}

const {quick, saveBaseline, soakMinutes} = parseOptions();
// The reference load is 21 running containers, hence 21 rather than 20.
const plan = quick
	? {windowSeconds: 10, presses: 15, scenarios: [{running: 0, created: 0}, {running: 21, created: 0}]}
	: {
			windowSeconds: 30,
			presses: 50,
			scenarios: [
				{running: 0, created: 0},
				{running: 21, created: 0},
				{running: 200, created: 0},
				{running: 200, created: 800},
			],
		};

const began = performance.now();
function log(message: string): void {
	const seconds = ((performance.now() - began) / 1000).toFixed(1).padStart(6);
	process.stderr.write(`[${seconds} s] ${message}\n`);
}

const docker = await requireEngine();
// Where the bench's containers go; berth is pointed there too. docker-modem may hold its
// default as a function that finds the socket.
const socketOption: unknown = (docker.modem as {socketPath?: unknown}).socketPath;
const socket: unknown = typeof socketOption === 'function' ? await (socketOption as () => Promise<unknown>)() : socketOption;
if (typeof socket !== 'string') {
	console.error('the bench measures the engine’s CPU from /proc, so it needs an engine on a local unix socket');
	process.exit(2);
}
const sampleEngine = async (): Promise<Map<number, number>> => cpuSeconds(await engineProcesses(socket));
const fleet = createFleet(docker);
const directory = await mkdtemp(join(tmpdir(), 'berth-bench-'));
const setup: string[] = [];

let cleaning: Promise<number> | undefined;
/** Ends every berth and removes every container; resolves to how many were left behind. */
function cleanUp(): Promise<number> {
	cleaning ??= (async () => {
		await closeAll();
		log('removing the bench containers');
		const {seconds, left} = await fleet.remove();
		await rm(directory, {recursive: true, force: true});
		log(`removed in ${seconds.toFixed(1)} s (${BATCH} at a time); ${left} left behind`);
		return left;
	})();
	return cleaning;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		if (stopping) {
			return;
		}
		stopping = true;
		log(`${signal}: stopping`);
		void cleanUp().finally(() => process.exit(128 + constants.signals[signal]));
	});
}

/** Engine CPU used over `seconds`, scaled to 30 s. */
async function engineWindow(seconds: number): Promise<number> {
	const start = await sampleEngine();
	const started = performance.now();
	await sleep(seconds * 1000);
	const end = await sampleEngine();
	return (cpuBetween(start, end) * 30_000) / (performance.now() - started);
}

async function expectLoad(scenario: Scenario): Promise<Load> {
	const counts = await fleet.counts();
	if (counts.running !== scenario.running || counts.total !== scenario.running + scenario.created) {
		throw new Error(
			`the bench's containers changed under it: ${counts.running} running of ${counts.total}, ` +
				`expected ${scenario.running} of ${scenario.running + scenario.created} (another run's cleanup?)`,
		);
	}
	return {...counts, cols: COLS, rows: ROWS, windowSeconds: plan.windowSeconds};
}

/** The window with berth on screen, then the key presses; fills in the figures it measures. */
async function measureSession(berth: Berth, load: Load, figures: Figures): Promise<void> {
	await sleep(SETTLE_MS);
	const engineStart = await sampleEngine();
	const berthStart = await cpuSeconds([berth.pid]);
	const memoryStart = await memory(berth.pid);
	await startCountingOutput(berth);
	const started = performance.now();
	await sleep(plan.windowSeconds * 1000);
	const engineEnd = await sampleEngine();
	const berthEnd = await cpuSeconds([berth.pid]);
	const elapsed = performance.now() - started;
	const memoryEnd = await memory(berth.pid);
	const bytes = await stopCountingOutput(berth);
	await assertRunning(berth);
	figures.berthCpu = (cpuBetween(berthStart, berthEnd) * 30_000) / elapsed;
	figures.engineCpu = (cpuBetween(engineStart, engineEnd) * 30_000) / elapsed;
	figures.outputBytesPerSecond = (bytes * 1000) / elapsed;
	figures.rssStartMB = memoryStart.rssBytes / MB;
	figures.rssEndMB = memoryEnd.rssBytes / MB;

	log(`${plan.presses} key presses`);
	figures.captureMs = await captureMs(berth, CAPTURE_SAMPLES);
	// The list holds only the bench's containers (berth is filtered to them); one row has nowhere to move.
	if (load.total >= 2) {
		const latencies = await keypressLatencies(berth, load.total, plan.presses, PRESS_PAUSE_MS);
		figures.keyP50Ms = percentile(latencies, 0.5);
		figures.keyP95Ms = percentile(latencies, 0.95);
	}
	await assertRunning(berth);
	figures.rssPeakMB = (await memory(berth.pid)).peakBytes / MB;
}

/** Creates what the scenario lacks, then waits for the engine to calm down after the creates. */
async function growFleet(scenario: Scenario): Promise<void> {
	const grew = await fleet.grow(scenario.running, scenario.created);
	if (grew.count > 0) {
		const line =
			`created ${grew.count} for ${scenario.running} running + ${scenario.created} never started ` +
			`in ${grew.seconds.toFixed(1)} s (${BATCH} at a time)`;
		setup.push(line);
		log(line);
		await sleep(AFTER_CREATE_MS);
	}
}

function launchOptions(cli: string, ready: LaunchOptions['ready']): LaunchOptions {
	return {cli, cols: COLS, rows: ROWS, args: ['--host', `unix://${socket}`, '--filter', NAME_PREFIX], directory, ready};
}

async function runScenario(scenario: Scenario, cli: string): Promise<ScenarioResult> {
	await growFleet(scenario);
	const load = await expectLoad(scenario);
	const figures: Figures = {};
	log(`load ${load.running} running / ${load.total} total: engine idle window`);
	const idle = await engineWindow(plan.windowSeconds);

	// With no containers the first frame is the list's title; otherwise a container's row.
	const options = launchOptions(cli, load.total === 0 ? screen => screen.includes('Containers') : showsContainerRow);
	const firstFrames: number[] = [];
	for (let launch = 1; launch < LAUNCHES; launch += 1) {
		const berth = await launchBerth(options);
		firstFrames.push(berth.firstFrameMs);
		await closeBerth(berth);
	}
	const berth = await launchBerth(options);
	firstFrames.push(berth.firstFrameMs);
	figures.firstFrameBestMs = Math.min(...firstFrames);
	figures.firstFrameMedianMs = percentile(firstFrames, 0.5);
	log(`first frames ${firstFrames.map(ms => ms.toFixed(0)).join(', ')} ms; berth window`);
	try {
		await measureSession(berth, load, figures);
	} finally {
		await closeBerth(berth);
	}
	figures.engineIdleCpu = idle;
	figures.engineAboveIdle = (figures.engineCpu ?? 0) - idle;
	await expectLoad(scenario);
	return {load, figures};
}

interface Context {
	engineVersion: string;
	/** Other work on the host moves every figure; the load average shows how much there was. */
	loadBefore: number;
	/** Listed before the bench has created any container of its own. */
	others: Dockerode.ContainerInfo[];
}

async function readContext(): Promise<Context> {
	const {Version} = await docker.version();
	const [loadBefore = 0] = loadavg();
	return {engineVersion: Version, loadBefore, others: await docker.listContainers({all: true})};
}

/** The host, the build measured and the engine's other containers, for either report. */
function describeContext({engineVersion, loadBefore, others}: Context): {host: string[]; others: string} {
	const [loadAfter = 0] = loadavg();
	const othersRunning = others.filter(container => container.State === 'running').length;
	return {
		host: [
			`host: ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} at the start and ` +
				`${loadAfter.toFixed(1)} at the end, node ${process.version}, engine ${engineVersion} at ${socket}`,
			'berth: dist/cli.js as built when the bench started (a copy, so a rebuild meanwhile cannot change it)',
		],
		others: `  The engine also held ${others.length} other containers (${othersRunning} running) at the start.`,
	};
}

async function main(): Promise<void> {
	const context = await readContext();
	const baseline = await readBaseline(BASELINE_FILE);
	const cli = await snapshotBuild(directory);
	const results: ScenarioResult[] = [];
	let failure: unknown;
	for (const scenario of plan.scenarios) {
		try {
			results.push(await runScenario(scenario, cli));
		} catch (error) {
			// What was measured before the failure is still printed.
			failure = error;
			break;
		}
	}
	const described = describeContext(context);
	console.log(
		[
			`berth bench (${quick ? 'quick' : 'full'}): ${COLS}x${ROWS} terminal, ${plan.windowSeconds} s windows, ` +
				`${LAUNCHES} launches and ${plan.presses} key presses per load`,
			...described.host,
			`load: the bench's own containers, each running one printing a line a second (the issue's reference`,
			`  load is 21 running); berth runs with --filter ${NAME_PREFIX}, so its list holds exactly them.`,
			described.others,
			...setup.map(line => `  ${line}`),
			'',
			formatResults(results, baseline),
			'engine = dockerd, its containerd and that containerd\'s shims; idle = the same load without berth,',
			'  over an equal window just before. CPU figures are scaled to 30 s.',
			'first frame = from just before tmux starts berth to the first capture that shows a container row',
			'  (with no containers: the Containers title).',
			`keypress = tmux send-keys Down/Up until a capture (polled every ${POLL_MS} ms) shows the selection moved;`,
			'  it includes tmux\'s own overhead, one capture-pane alone is shown below it.',
			baseline
				? `baseline: ${BASELINE_FILE}, a ${baseline.mode} run saved ${baseline.savedAt}`
				: `baseline: none at ${BASELINE_FILE} (--save-baseline writes one)`,
		].join('\n'),
	);
	printTextFigures();
	if (failure !== undefined) {
		throw failure;
	}
	if (saveBaseline) {
		await writeBaseline(BASELINE_FILE, {
			savedAt: new Date().toISOString(),
			mode: quick ? 'quick' : 'full',
			scenarios: results,
		});
		console.log(`saved these figures as the baseline in ${BASELINE_FILE}`);
	}
}

/** One berth at the reference load for `minutes`, sampled every 30 s. */
async function runSoak(minutes: number): Promise<void> {
	const context = await readContext();
	const cli = await snapshotBuild(directory);
	const scenario: Scenario = {running: REFERENCE_RUNNING, created: 0};
	const samples: SoakSample[] = [];
	let failure: unknown;
	try {
		await growFleet(scenario);
		await expectLoad(scenario);
		const berth = await launchBerth(launchOptions(cli, showsContainerRow));
		log(`first frame in ${berth.firstFrameMs.toFixed(0)} ms; ${minutes} minutes of soak`);
		try {
			await sleep(SETTLE_MS);
			await soak({docker, berth, minutes, containers: fleet.ids, pressPauseMs: PRESS_PAUSE_MS, log}, samples);
		} finally {
			await closeBerth(berth);
		}
		// A restart that failed to start its container again shows here.
		await expectLoad(scenario);
	} catch (error) {
		// What was measured before the failure is still printed.
		failure = error;
	}
	const described = describeContext(context);
	console.log(
		[
			`berth soak: ${COLS}x${ROWS} terminal, ${minutes} minutes from ${SETTLE_MS / 1000} s after berth's first frame`,
			...described.host,
			`load: the issue's reference, ${REFERENCE_RUNNING} of the bench's own containers running, each printing a`,
			`  line a second; berth runs with --filter ${NAME_PREFIX}, so its list holds exactly them.`,
			described.others,
			...setup.map(line => `  ${line}`),
			'',
			formatSoak(samples, minutes),
		].join('\n'),
	);
	if (failure !== undefined) {
		throw failure;
	}
}

try {
	await (soakMinutes === undefined ? main() : runSoak(soakMinutes));
} catch (error) {
	if (!stopping) {
		console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	}
} finally {
	if ((await cleanUp()) > 0) {
		console.error('some bench containers could not be removed; see above');
		process.exitCode = 1;
	}
	log('done');
}
