// `npm run bench [-- --quick] [-- --save-baseline]`: the built berth against the real engine
// under growing loads of logging containers. Prints time to first frame, CPU (berth's and the
// engine's above idle), memory, bytes written to the terminal and keypress latency, each with
// the load that produced it and its target, compared with bench/baseline.json.
import {mkdtemp, rm} from 'node:fs/promises';
import {availableParallelism, constants, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
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
import {formatResults, readBaseline, writeBaseline, type Figures, type Load, type ScenarioResult} from './bench/report.js';

const USAGE = 'usage: npm run bench -- [--quick] [--save-baseline]';
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
const MB = 1_000_000;

interface Scenario {
	running: number;
	/** Created and never started. */
	created: number;
}

function parseOptions(): {quick: boolean; saveBaseline: boolean} {
	try {
		const {values} = parseArgs({options: {quick: {type: 'boolean'}, 'save-baseline': {type: 'boolean'}}, strict: true});
		return {quick: values.quick ?? false, saveBaseline: values['save-baseline'] ?? false};
	} catch (error) {
		console.error(`${(error as Error).message}\n${USAGE}`);
		process.exit(2);
	}
}

const {quick, saveBaseline} = parseOptions();
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

async function runScenario(scenario: Scenario, cli: string): Promise<ScenarioResult> {
	const grew = await fleet.grow(scenario.running, scenario.created);
	if (grew.count > 0) {
		const line =
			`created ${grew.count} for ${scenario.running} running + ${scenario.created} never started ` +
			`in ${grew.seconds.toFixed(1)} s (${BATCH} at a time)`;
		setup.push(line);
		log(line);
		await sleep(AFTER_CREATE_MS);
	}
	const load = await expectLoad(scenario);
	const figures: Figures = {};
	log(`load ${load.running} running / ${load.total} total: engine idle window`);
	const idle = await engineWindow(plan.windowSeconds);

	const options: LaunchOptions = {
		cli,
		cols: COLS,
		rows: ROWS,
		args: ['--host', `unix://${socket}`, '--filter', NAME_PREFIX],
		directory,
		// With no containers the first frame is the list's title; otherwise a container's row.
		ready: load.total === 0 ? screen => screen.includes('Containers') : showsContainerRow,
	};
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

async function main(): Promise<void> {
	const version = await docker.version();
	// Other work on the host moves every figure; the load average shows how much there was.
	const [loadBefore = 0] = loadavg();
	// Listed before the bench has created any container of its own.
	const others = await docker.listContainers({all: true});
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
	const othersRunning = others.filter(container => container.State === 'running').length;
	const [loadAfter = 0] = loadavg();
	console.log(
		[
			`berth bench (${quick ? 'quick' : 'full'}): ${COLS}x${ROWS} terminal, ${plan.windowSeconds} s windows, ` +
				`${LAUNCHES} launches and ${plan.presses} key presses per load`,
			`host: ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} at the start and ` +
				`${loadAfter.toFixed(1)} at the end, node ${process.version}, engine ${version.Version} at ${socket}`,
			'berth: dist/cli.js as built when the bench started (a copy, so a rebuild meanwhile cannot change it)',
			`load: the bench's own containers, each running one printing a line a second (the issue's reference`,
			`  load is 21 running); berth runs with --filter ${NAME_PREFIX}, so its list holds exactly them.`,
			`  The engine also held ${others.length} other containers (${othersRunning} running) at the start.`,
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

try {
	await main();
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
