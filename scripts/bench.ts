// `npm run bench [-- --quick] [-- --save-baseline]`: the built berth against the real engine
// under growing loads of logging containers. Prints time to first frame, CPU (berth's and the
// engine's above idle), memory, bytes written to the terminal and keypress latency, each with
// the load that produced it and its target, compared with bench/baseline.json.
// `npm run bench -- --soak [minutes]` (10 by default) instead keeps one berth running that long
// at the reference load, used like a user meanwhile, and prints its RSS every 30 s against the
// issue's "under 100 MB and flat" (scripts/bench/soak.ts); it leaves the baseline alone.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {availableParallelism, constants, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import type Dockerode from 'dockerode';
import {removeTestObjects, requireEngine, startPrivateEngine} from '../test/support/engine.js';
import {
	assertRunning,
	captureMs,
	clearCodeCache,
	closeAll,
	closeBerth,
	keypressLatencies,
	launchBerth,
	newestLineAgeMs,
	percentile,
	POLL_MS,
	selectedName,
	showsContainerRow,
	startCountingOutput,
	snapshotBuild,
	stopCountingOutput,
	untilCodeCached,
	type Berth,
	type LaunchOptions,
} from './bench/berth.js';
import {BATCH, createFleet, FLOOD_PREFIX, NAME_PREFIX, startFlood, startLoggers} from './bench/fleet.js';
import {cpuBetween, cpuSeconds, engineProcesses, memory} from './bench/procfs.js';
import {
	BIG_RUNNING,
	BIG_TOTAL,
	formatResults,
	MB,
	readBaseline,
	REFERENCE_RUNNING,
	WARM_AFTER_MS,
	writeBaseline,
	type Figures,
	type Load,
	type ScenarioResult,
} from './bench/report.js';
import {formatSoak, soak, type SoakSample} from './bench/soak.js';
import {printTextFigures} from './bench/text.js';
import {LogDecoder} from '../source/engine/logs.js';

const USAGE = [
	'usage: npm run bench -- [--quick] [--big] [--save-baseline]',
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
/**
 * A container's status counts its first minute in seconds ("Up 35 seconds"), so every row of a
 * fleet that young changes every second; the list alone shows the column. Its window waits until
 * the newest containers are past that minute, which only a quick run comes early enough to need.
 */
const STATUS_IN_SECONDS_MS = 62_000;
const CAPTURE_SAMPLES = 20;
const SOAK_MINUTES = 10;
/** Between two looks at the newest log line's age during the flood window. */
const AGE_SAMPLE_MS = 1_000;

interface Scenario {
	running: number;
	/** Created and never started. */
	created: number;
}

interface Options {
	quick: boolean;
	/** Adds the scenario of 5,000 containers, 1,000 running. */
	big: boolean;
	saveBaseline: boolean;
	/** Set in soak mode. */
	soakMinutes?: number;
}

function readOptions(): Options {
	// --soak's minutes are a positional: parseArgs has no option whose value may be left out.
	const args = process.argv.slice(2).flatMap(arg => (arg.startsWith('--soak=') ? ['--soak', arg.slice(7)] : [arg]));
	const {values, positionals} = parseArgs({
		args,
		options: {quick: {type: 'boolean'}, big: {type: 'boolean'}, 'save-baseline': {type: 'boolean'}, soak: {type: 'boolean'}},
		allowPositionals: true,
		strict: true,
	});
	const options = {quick: values.quick ?? false, big: values.big ?? false, saveBaseline: values['save-baseline'] ?? false};
	if (!values.soak) {
		if (positionals.length > 0) {
			throw new Error(`unexpected argument '${positionals[0]}'`);
		}
		return options;
	}
	if (options.quick || options.big || options.saveBaseline) {
		throw new Error('--soak takes none of --quick, --big and --save-baseline');
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

const {quick, big, saveBaseline, soakMinutes} = parseOptions();
// The reference load is 21 running containers, hence 21 rather than 20; the big one comes
// last, as it leaves the engine busiest.
const bigScenario: Scenario[] = big ? [{running: BIG_RUNNING, created: BIG_TOTAL - BIG_RUNNING}] : [];
const plan = quick
	? {windowSeconds: 10, presses: 15, scenarios: [{running: 0, created: 0}, {running: 21, created: 0}, ...bigScenario]}
	: {
			windowSeconds: 30,
			presses: 50,
			scenarios: [
				{running: 0, created: 0},
				{running: 21, created: 0},
				{running: 100, created: 0},
				{running: 200, created: 800},
				...bigScenario,
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
	const shown = selectedName(await berth.terminal.screen());
	await startCountingOutput(berth);
	const started = performance.now();
	const since = Date.now() / 1000;
	await sleep(plan.windowSeconds * 1000);
	const engineEnd = await sampleEngine();
	const berthEnd = await cpuSeconds([berth.pid]);
	const elapsed = performance.now() - started;
	const until = Date.now() / 1000;
	const memoryEnd = await memory(berth.pid);
	const bytes = await stopCountingOutput(berth);
	await assertRunning(berth);
	figures.berthCpu = (cpuBetween(berthStart, berthEnd) * 30_000) / elapsed;
	figures.engineCpu = (cpuBetween(engineStart, engineEnd) * 30_000) / elapsed;
	figures.outputBytesPerSecond = (bytes * 1000) / elapsed;
	figures.rssStartMB = memoryStart.rssBytes / MB;
	figures.rssEndMB = memoryEnd.rssBytes / MB;
	if (shown !== undefined) {
		// The selected container's logs are open beside the list: what they wrote is drawn whatever berth does.
		figures.logTextBytesPerSecond = (await logTextBytes(shown, since, until)) / (until - since);
		figures.outputAboveLogsBytesPerSecond = figures.outputBytesPerSecond - figures.logTextBytesPerSecond;
	}

	if (load.total > 0) {
		log('the list alone (z)');
		figures.listAloneBytesPerSecond = await listAloneBytesPerSecond(berth);
	}

	if (load.running === REFERENCE_RUNNING) {
		log('the logs full screen (Enter f)');
		figures.logsFullScreenBytesPerSecond = await logsFullScreenBytesPerSecond(berth);
	}

	log(`${plan.presses} key presses`);
	figures.captureMs = await captureMs(berth, CAPTURE_SAMPLES);
	// The list holds only the bench's containers (berth is filtered to them); one row has nowhere to move.
	if (load.total >= 2) {
		const latencies = await keypressLatencies(berth, load.total, plan.presses, PRESS_PAUSE_MS);
		figures.keyP50Ms = percentile(latencies, 0.5);
		figures.keyP95Ms = percentile(latencies, 0.95);
		figures.keyFloorP95Ms = await keyFloorP95Ms(load.total);
	}
	if (load.running > 0) {
		await sleep(Math.max(0, berth.firstFrameAt + WARM_AFTER_MS - performance.now()));
		log('berth window, warm');
		figures.berthCpuWarm = (await berthWindow(berth)).cpu;
	}
	await assertRunning(berth);
	figures.rssPeakMB = (await memory(berth.pid)).peakBytes / MB;
}

/** Bytes of log text (lines without their newlines) the container wrote between two times, in seconds since the epoch. */
async function logTextBytes(name: string, since: number, until: number): Promise<number> {
	const container = docker.getContainer(name);
	const tty = (await container.inspect()).Config.Tty;
	const raw = (await container.logs({stdout: true, stderr: true, follow: false, since, until})) as unknown as Buffer;
	const decoder = new LogDecoder({multiplexed: !tty, timestamps: false});
	return [...decoder.push(raw), ...decoder.end()].reduce((sum, line) => sum + Buffer.byteLength(line.text), 0);
}

/** Bytes a second with the list alone on screen (z), over a window; the main area is back afterwards. */
async function listAloneBytesPerSecond(berth: Berth): Promise<number> {
	const young = fleetGrewAt + STATUS_IN_SECONDS_MS - performance.now();
	if (young > 0) {
		log(`the list alone: waiting ${(young / 1000).toFixed(0)} s, until the newest containers' status no longer counts seconds`);
		await sleep(young);
	}
	await berth.terminal.sendKeys('z');
	await sleep(SETTLE_MS);
	const {bytesPerSecond} = await berthWindow(berth);
	await berth.terminal.sendKeys('z');
	await sleep(SETTLE_MS);
	return bytesPerSecond;
}

/**
 * Bytes a second with the selected container's logs full screen, over a window: their lines move
 * up the whole width as they arrive. The list is back afterwards.
 */
async function logsFullScreenBytesPerSecond(berth: Berth): Promise<number> {
	await berth.terminal.sendKeys('Enter', 'f');
	await sleep(SETTLE_MS);
	if (/NAME\s+IMAGE/.test(await berth.terminal.screen())) {
		throw new Error('Enter and f did not put the logs full screen');
	}

	const {bytesPerSecond} = await berthWindow(berth);
	await berth.terminal.sendKeys('f', 'Escape');
	await sleep(SETTLE_MS);
	return bytesPerSecond;
}

interface BerthWindow {
	/** CPU seconds, scaled to 30 s. */
	cpu: number;
	bytesPerSecond: number;
	rssStartMB: number;
	rssEndMB: number;
}

/** berth's CPU, output and memory over one window, while `during` runs (by default, nothing). */
async function berthWindow(berth: Berth, during: (started: number) => Promise<void> = async () => sleep(plan.windowSeconds * 1000)): Promise<BerthWindow> {
	const berthStart = await cpuSeconds([berth.pid]);
	const memoryStart = await memory(berth.pid);
	await startCountingOutput(berth);
	const started = performance.now();
	await during(started);
	const berthEnd = await cpuSeconds([berth.pid]);
	const elapsed = performance.now() - started;
	const memoryEnd = await memory(berth.pid);
	const bytes = await stopCountingOutput(berth);
	await assertRunning(berth);
	return {
		cpu: (cpuBetween(berthStart, berthEnd) * 30_000) / elapsed,
		bytesPerSecond: (bytes * 1000) / elapsed,
		rssStartMB: memoryStart.rssBytes / MB,
		rssEndMB: memoryEnd.rssBytes / MB,
	};
}

/**
 * A launch as the first start after a build: on an empty cache, it compiles the bundle and leaves
 * the compiled code for the launches after it. Resolves to its first frame's time.
 */
async function firstStart(options: LaunchOptions): Promise<number> {
	await clearCodeCache(directory);
	const berth = await launchBerth(options);
	try {
		await untilCodeCached(directory, 15_000);
	} finally {
		await closeBerth(berth);
	}

	return berth.firstFrameMs;
}

/**
 * One container writing lines as fast as it can, selected with its logs open (timestamps on, so
 * the newest line's age can be read off the screen), and one quiet one for the keys to move to.
 */
async function runFlood(cli: string): Promise<ScenarioResult> {
	log('log flood: starting the flooding container');
	const flood = await startFlood(docker);
	const load: Load = {running: 2, total: 2, cols: COLS, rows: ROWS, windowSeconds: plan.windowSeconds, flood: true};
	const figures: Figures = {};
	try {
		const berth = await launchBerth({...launchOptions(cli, showsContainerRow), args: ['--host', `unix://${socket}`, '--filter', FLOOD_PREFIX]});
		figures.firstFrameMedianMs = berth.firstFrameMs;
		try {
			// Focus the logs, timestamps on, and back to the list.
			for (const key of ['Enter', 't', 'Escape']) {
				await berth.terminal.sendKeys(key);
				await sleep(200);
			}
			await sleep(SETTLE_MS);
			const ages: number[] = [];
			const window = await berthWindow(berth, async started => {
				while (performance.now() - started < plan.windowSeconds * 1000) {
					const age = await newestLineAgeMs(berth);
					if (age !== undefined) {
						ages.push(age);
					}
					await sleep(AGE_SAMPLE_MS);
				}
			});
			if (ages.length === 0) {
				throw new Error(`no log line with a time showed during the flood; the screen was:\n${await berth.terminal.screen()}`);
			}
			figures.berthCpu = window.cpu;
			figures.outputBytesPerSecond = window.bytesPerSecond;
			figures.newestLineAgeMedianMs = percentile(ages, 0.5);
			figures.newestLineAgeMaxMs = Math.max(...ages);
			figures.rssStartMB = window.rssStartMB;
			figures.rssEndMB = window.rssEndMB;
			figures.rssGrowthMB = window.rssEndMB - window.rssStartMB;
			log(`log flood: ${plan.presses} key presses`);
			const latencies = await keypressLatencies(berth, 2, plan.presses, PRESS_PAUSE_MS);
			figures.keyP50Ms = percentile(latencies, 0.5);
			figures.keyP95Ms = percentile(latencies, 0.95);
			figures.rssPeakMB = (await memory(berth.pid)).peakBytes / MB;
		} finally {
			await closeBerth(berth);
		}
	} finally {
		await flood.remove();
	}
	return {load, figures};
}

/**
 * Two engines at once (issue 11): the reference load on the shared engine and as much again on a
 * private dockerd, berth given both with --host. The engine figures are left out: they would be
 * the shared engine's alone.
 */
async function runTwoEngines(cli: string): Promise<ScenarioResult> {
	log('two engines: starting a private dockerd');
	const lab = await startPrivateEngine();
	try {
		await startLoggers(lab.docker, REFERENCE_RUNNING);
		await sleep(AFTER_CREATE_MS);
		const load: Load = {running: 2 * REFERENCE_RUNNING, total: 2 * REFERENCE_RUNNING, cols: COLS, rows: ROWS, windowSeconds: plan.windowSeconds, engines: 2};
		const figures: Figures = {};
		const options = launchOptions(cli, showsContainerRow);
		const berth = await launchBerth({...options, args: ['--host', `unix://${socket}`, '--host', `unix://${lab.socket}`, ...options.args.slice(2)]});
		figures.firstFrameMedianMs = berth.firstFrameMs;
		try {
			await sleep(SETTLE_MS);
			const window = await berthWindow(berth);
			figures.berthCpu = window.cpu;
			figures.outputBytesPerSecond = window.bytesPerSecond;
			figures.rssStartMB = window.rssStartMB;
			figures.rssEndMB = window.rssEndMB;
			log(`two engines: ${plan.presses} key presses`);
			const latencies = await keypressLatencies(berth, load.total, plan.presses, PRESS_PAUSE_MS);
			figures.keyP50Ms = percentile(latencies, 0.5);
			figures.keyP95Ms = percentile(latencies, 0.95);
			figures.rssPeakMB = (await memory(berth.pid)).peakBytes / MB;
		} finally {
			await closeBerth(berth);
		}
		return {load, figures};
	} finally {
		await removeTestObjects(lab.docker);
		await lab.dispose();
	}
}

/** When the bench last started containers, as performance.now(). */
let fleetGrewAt = Number.NEGATIVE_INFINITY;

/** Creates what the scenario lacks, then waits for the engine to calm down after the creates. */
async function growFleet(scenario: Scenario): Promise<void> {
	const grew = await fleet.grow(scenario.running, scenario.created);
	if (grew.count > 0) {
		fleetGrewAt = performance.now();
		const line =
			`created ${grew.count} for ${scenario.running} running + ${scenario.created} never started ` +
			`in ${grew.seconds.toFixed(1)} s (${BATCH} at a time)`;
		setup.push(line);
		log(line);
		await sleep(AFTER_CREATE_MS);
	}
}

function launchOptions(cli: string, ready: LaunchOptions['ready']): LaunchOptions {
	return {command: [cli], cols: COLS, rows: ROWS, args: ['--host', `unix://${socket}`, '--filter', NAME_PREFIX], directory, ready};
}

async function runScenario(scenario: Scenario, cli: string): Promise<ScenarioResult> {
	await growFleet(scenario);
	const load = await expectLoad(scenario);
	const figures: Figures = {};
	log(`load ${load.running} running / ${load.total} total: engine idle window`);
	const idle = await engineWindow(plan.windowSeconds);

	// With no containers the first frame is the list's title; otherwise a container's row.
	// Listing 5,000 containers is the engine's work too: a missed target is a figure, not a failure.
	const options = {...launchOptions(cli, load.total === 0 ? screen => screen.includes('Containers') : showsContainerRow), firstFrameLimitMs: load.total >= BIG_TOTAL ? 120_000 : undefined};
	figures.firstFrameColdMs = await firstStart(options);
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
	log(`first frames ${firstFrames.map(ms => ms.toFixed(0)).join(', ')} ms (the first start of the build ${figures.firstFrameColdMs.toFixed(0)} ms); berth window`);
	if (load.total === 0) {
		figures.nodeAloneMs = await nodeAloneMs();
	}
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

/**
 * The floor under every first frame: a Node process that writes one line and waits, launched and
 * read as berth is (a tmux server started, captures polled), median of LAUNCHES. Node's own start
 * is in it, with whatever the environment adds to it (NODE_EXTRA_CA_CERTS, for one, reads and
 * parses a certificate file before any code runs).
 */
async function nodeAloneMs(): Promise<number> {
	const script = join(directory, 'node-alone.js');
	await writeFile(script, "process.stdout.write('node is up'); setInterval(() => {}, 1 << 30);\n");
	const times: number[] = [];
	for (let launch = 0; launch < LAUNCHES; launch += 1) {
		const node = await launchBerth({command: [process.execPath, script], cols: COLS, rows: ROWS, args: [], directory, ready: screen => screen.includes('node is up')});
		times.push(node.firstFrameMs);
		await closeBerth(node);
	}
	log(`Node alone ${times.map(ms => ms.toFixed(0)).join(', ')} ms`);
	return percentile(times, 0.5);
}

/**
 * A list and nothing else: the bench's names, '›' on the selected one, moved by Down and Up, the
 * visible rows written again on each key. Raw mode, as berth's terminal is.
 */
const KEY_FLOOR_PROGRAM = `const [prefix, count] = [process.argv[2], Number(process.argv[3])];
const rows = process.stdout.rows - 1;
let selected = 0;
let top = 0;
const draw = () => {
	top = Math.min(Math.max(top, selected - rows + 1), selected);
	const lines = [];
	for (let row = top; row < Math.min(count, top + rows); row++) lines.push((row === selected ? '› ' : '  ') + prefix + (row + 1) + '\\x1b[K');
	process.stdout.write('\\x1b[H' + lines.join('\\r\\n'));
};
process.stdin.setRawMode(true);
process.stdin.on('data', data => {
	const key = data.toString();
	selected = key === '\\x1b[B' ? Math.min(count - 1, selected + 1) : key === '\\x1b[A' ? Math.max(0, selected - 1) : selected;
	draw();
});
draw();
`;

/**
 * The floor under the keypress figures: KEY_FLOOR_PROGRAM pressed and read as berth is, at the same
 * load, with berth still open beside it. What tmux, Node and a busy host take of each press.
 */
async function keyFloorP95Ms(rows: number): Promise<number> {
	const script = join(directory, 'key-floor.js');
	await writeFile(script, KEY_FLOOR_PROGRAM);
	const program = await launchBerth({command: [process.execPath, script], cols: COLS, rows: ROWS, args: [NAME_PREFIX, String(rows)], directory, ready: showsContainerRow});
	try {
		return percentile(await keypressLatencies(program, rows, plan.presses, PRESS_PAUSE_MS), 0.95);
	} finally {
		await closeBerth(program);
	}
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
	// The flood and two engines launch once each: on a filled cache, as any start after the first.
	await firstStart(launchOptions(cli, screen => screen.includes('Containers')));
	const results: ScenarioResult[] = [];
	let failure: unknown;
	// The flood first, while the engine holds none of the other scenarios' containers.
	// Two engines right after the reference load, whose containers they add to.
	const runs: Array<() => Promise<ScenarioResult>> = [
		async () => runFlood(cli),
		...plan.scenarios.flatMap(scenario => [
			async () => runScenario(scenario, cli),
			...(scenario.running === REFERENCE_RUNNING && scenario.created === 0 ? [async () => runTwoEngines(cli)] : []),
		]),
	];
	for (const run of runs) {
		const began = performance.now();
		try {
			results.push(await run());
		} catch (error) {
			// What was measured before the failure is still printed.
			failure = error;
			break;
		}
		const last = results.at(-1)!.load;
		if (last.total === BIG_TOTAL) {
			setup.push(`the ${BIG_TOTAL}-container scenario (--big) took ${((performance.now() - began) / 60_000).toFixed(1)} min, its creates included`);
		}
	}
	const described = describeContext(context);
	console.log(
		[
			`berth bench (${quick ? 'quick' : 'full'}): ${COLS}x${ROWS} terminal, ${plan.windowSeconds} s windows, ` +
				`${LAUNCHES} launches and ${plan.presses} key presses per load`,
			...described.host,
			`load: the bench's own containers, each running one printing a line a second (the issue's reference`,
			`  load is 21 running; with --big, those running beyond 200 only wait); berth runs with --filter`,
			`  ${NAME_PREFIX}, so its list holds exactly them.`,
			described.others,
			...setup.map(line => `  ${line}`),
			'',
			formatResults(results, baseline),
			'engine = dockerd, its containerd and that containerd\'s shims; idle = the same load without berth,',
			'  over an equal window just before. CPU figures are scaled to 30 s.',
			`berth CPU = over the first window, from ${SETTLE_MS / 1000} s after the first frame; warm = over a window as long from`,
			`  ${WARM_AFTER_MS / 1000} s after it, once V8 has compiled what berth runs every second (the issue measured after warm-up).`,
			'first frame = from just before tmux starts berth to the first capture that shows a container row',
			`  (with no containers: the Containers title); the median of ${LAUNCHES} launches, of one in the flood and with 2 engines.`,
			'logs open = the selected container\'s logs beside the list, as berth starts; its log text is what',
			'  that container wrote over the window (its own lines, read back from the engine).',
			'list alone = after z, a window as long, at the same load.',
			`logs full screen = after Enter and f, a window as long, at ${REFERENCE_RUNNING} running only.`,
			`2 engines = the ${REFERENCE_RUNNING} running on this engine and ${REFERENCE_RUNNING} more on a private dockerd, berth given both with --host.`,
			`flood = one container writing lines as fast as it can, selected, logs open with timestamps (t);`,
			`  the newest line\'s age is read off the screen every ${AGE_SAMPLE_MS / 1000} s: capture time minus the engine\'s stamp.`,
			`keypress = tmux send-keys Down/Up until a capture (polled every ${POLL_MS} ms) shows the selection moved;`,
			'  it includes tmux\'s own overhead, one capture-pane alone is shown below it, and so does the floor:',
			'  a Node program that only lists the names and moves the selection, pressed the same way at the same load.',
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
