// The bench's containers on the real engine. They are created and removed concurrently in
// batches (1,000 one at a time takes minutes), and the project's labelled sweep runs behind the
// removal, so nothing this run labelled is left.
import {performance} from 'node:perf_hooks';
import type Dockerode from 'dockerode';
import {createTestContainer, removeTestObjects, RUN_ID, RUN_LABEL, uniqueName} from '../../test/support/engine.js';

/** Containers created or removed at once. */
export const BATCH = 20;
const NAME_BASE = 'bench';
/** A line a second until stopped; the trap lets a plain stop end it within that second. */
const LOGGER = ['sh', '-c', 'trap "exit 0" TERM; while :; do echo "line $(date)"; sleep 1; done'];

/**
 * Running past the first LOGGERS_AT_MOST, containers only wait: a thousand loggers forking `date`
 * and `sleep` every second keep a 2-core host at a load average of 400, which then measures the
 * host rather than berth, whose cost per container is its metrics, not their logs.
 */
const LOGGERS_AT_MOST = 200;
const SLEEPER = ['sh', '-c', 'trap "exit 0" TERM; sleep 86400 & wait'];

/** As fast as the shell can: the log flood. Each line carries a count, so lines never repeat. */
const FLOODER = ['sh', '-c', 'trap "exit 0" TERM; i=0; while :; do i=$((i+1)); echo "flood line $i: a log line as long as a real one, give or take"; done'];
/** The flood scenario's two containers are named with this; berth is filtered to it then. */
export const FLOOD_PREFIX = `flood-${RUN_ID}-`;

/** Every bench container's name starts with this (uniqueName's shape); berth is filtered to it. */
export const NAME_PREFIX = `${NAME_BASE}-${RUN_ID}-`;
// RUN_ID is digits, hex and '-', none of them special in a pattern.
const NAME_PATTERN = new RegExp(`${NAME_PREFIX}\\d+`);

/** The first bench container name in the text. */
export function benchName(text: string): string | undefined {
	return NAME_PATTERN.exec(text)?.[0];
}

export interface Counts {
	running: number;
	total: number;
}

export interface Fleet {
	/** The ids of the containers created so far, in the order they were created. */
	readonly ids: readonly string[];
	/**
	 * Creates containers until the fleet holds `running` started ones and `created` never
	 * started ones; returns how many it created and the seconds that took.
	 */
	grow(running: number, created: number): Promise<{count: number; seconds: number}>;
	/** This run's containers as the engine reports them. */
	counts(): Promise<Counts>;
	/** Stops any growth and removes everything this run labelled; returns what is left behind. */
	remove(): Promise<{seconds: number; left: number}>;
}

/** `count` running loggers on another engine, named like the fleet's so berth's filter shows them. */
export async function startLoggers(docker: Dockerode, count: number): Promise<void> {
	for (let index = 0; index < count; index += BATCH) {
		await Promise.all(
			Array.from({length: Math.min(BATCH, count - index)}, async () => createTestContainer(docker, {name: uniqueName(NAME_BASE), cmd: LOGGER})),
		);
	}
}

export interface Flood {
	/** The flooding container's id. */
	id: string;
	remove(): Promise<void>;
}

/**
 * The flood scenario's containers: one writing lines as fast as it can, named so that it sorts
 * first (it is the one selected, its logs open), and one quiet logger for the keys to move to.
 */
export async function startFlood(docker: Dockerode): Promise<Flood> {
	const flooding = await createTestContainer(docker, {name: `${FLOOD_PREFIX}a`, cmd: FLOODER});
	const quiet = await createTestContainer(docker, {name: `${FLOOD_PREFIX}b`, cmd: LOGGER});
	return {
		id: flooding.id,
		async remove() {
			await Promise.all([flooding, quiet].map(async container => container.remove({force: true, v: true})));
		},
	};
}

export function createFleet(docker: Dockerode): Fleet {
	const ids: string[] = [];
	let running = 0;
	let created = 0;
	let stopped = false;
	let growing: Promise<unknown> = Promise.resolve();

	const counts = async (): Promise<Counts> => {
		const list = await docker.listContainers({all: true, filters: {label: [`${RUN_LABEL}=${RUN_ID}`]}});
		return {running: list.filter(container => container.State === 'running').length, total: list.length};
	};

	const grow = async (starts: boolean[]): Promise<void> => {
		for (let index = 0; index < starts.length; index += BATCH) {
			if (stopped) {
				throw new Error('the bench is stopping');
			}
			await Promise.all(
				starts.slice(index, index + BATCH).map(async start => {
					const cmd = start && running >= LOGGERS_AT_MOST ? SLEEPER : LOGGER;
					const container = await createTestContainer(docker, {name: uniqueName(NAME_BASE), cmd, start});
					ids.push(container.id);
					if (start) {
						running += 1;
					} else {
						created += 1;
					}
				}),
			);
		}
	};

	return {
		ids,
		async grow(wantRunning, wantCreated) {
			const starts = [
				...Array.from({length: Math.max(0, wantRunning - running)}, () => true),
				...Array.from({length: Math.max(0, wantCreated - created)}, () => false),
			];
			const started = performance.now();
			growing = grow(starts);
			await growing;
			return {count: starts.length, seconds: (performance.now() - started) / 1000};
		},
		counts,
		async remove() {
			stopped = true;
			// A batch in flight would otherwise create containers after the sweep.
			await growing.catch(() => undefined);
			const started = performance.now();
			for (let index = 0; index < ids.length; index += BATCH) {
				await Promise.all(
					ids
						.slice(index, index + BATCH)
						// A failure here is left to the sweep below, which reports what it cannot remove.
						.map(id => docker.getContainer(id).remove({force: true, v: true}).catch(() => undefined)),
				);
			}
			await removeTestObjects(docker);
			return {seconds: (performance.now() - started) / 1000, left: (await counts()).total};
		},
	};
}
