import type {ActionContext, Clipboard, Layout, TerminalControl} from '../../source/actions/types.js';
import type {EngineChoice} from '../../source/engine/contexts.js';
import {EngineSwitch} from '../../source/engine-switch.js';
import type {InteractiveIo, InteractiveResult, InteractiveSession} from '../../source/engine/types.js';
import {EventLog} from '../../source/store/event-log.js';
import {Jobs} from '../../source/store/jobs.js';
import {LogFollower} from '../../source/store/log-follower.js';
import {ModelStore} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import {StatsCollector} from '../../source/store/stats-collector.js';
import {Clock} from '../../source/store/clock.js';
import {CommandLog} from '../../source/store/command-log.js';
import {ViewStore} from '../../source/store/view-store.js';
import {FakeEngine, type Recorded} from './fake-engine.js';

/** A terminal stand-in that records hand-overs instead of giving a real terminal away. */
export class RecordingTerminal implements TerminalControl {
	handOvers = 0;
	quits = 0;
	mouse = false;

	async handOver(open: (io: InteractiveIo) => Promise<InteractiveSession>): Promise<InteractiveResult> {
		this.handOvers++;
		const session = await open({stdin: process.stdin, stdout: process.stdout});
		return session.done;
	}

	quit(): void {
		this.quits++;
	}
}

/**
 * The real engine switch on fake engines: the choices and what probing them answers are the
 * test's; taking one up replaces the parts with a fake engine on the same recorded data.
 */
export class TestEngines extends EngineSwitch {
	list: EngineChoice[] = [];
	/** Choice name → the reason its engine does not answer; missing means it answers. */
	readonly failing = new Map<string, string>();

	override choices(): EngineChoice[] {
		return this.list;
	}

	override async probe(choice: EngineChoice): Promise<string | undefined> {
		return this.failing.get(choice.name);
	}
}

/** A clipboard stand-in that keeps what was copied (the OSC 52 encoding has its own tests). */
export class RecordingClipboard implements Clipboard {
	readonly copied: string[] = [];

	copy(text: string): {bytes: number; truncated: boolean} {
		this.copied.push(text);
		return {bytes: Buffer.byteLength(text), truncated: false};
	}
}

export interface TestContext extends ActionContext {
	engine: FakeEngine;
	engines: TestEngines;
	terminal: RecordingTerminal;
	clipboard: RecordingClipboard;
}

/** Fills the model with the recorded data, as a first sync would. */
function fill(model: ModelStore, data: Recorded): void {
	model.replaceContainers(data.containers);
	model.replaceList('images', data.images);
	model.replaceList('volumes', data.volumes);
	model.replaceList('networks', data.networks);
	model.setConnection({status: 'connected', attempt: 0});
	model.markSynced(Date.now());
}

/** Stores wired to a fake engine serving `data`, notifying synchronously for simple assertions. */
export function testContext(data: Recorded, layout: Layout = {listRows: 10, mainRows: 10}): TestContext {
	const engine = new FakeEngine(data);
	const model = new ModelStore(engine.endpoint, notifyNow);
	fill(model, data);
	let syncs = 0;
	const engines = new TestEngines({
		resolve: {env: {}, homeDir: '/nonexistent'},
		starting: 'default',
		partsFor(endpoint) {
			const fake = new FakeEngine(data);
			fake.endpoint = endpoint.display;
			return {engine: fake, logs: new LogFollower(fake, 500), stats: new StatsCollector(fake, model, {intervalMs: 1000, historyPoints: 300}), events: new EventLog(notifyNow)};
		},
		sync() {
			// The first sync is the one done above; a later one is another engine's, taken up.
			if (syncs++ > 0) {
				fill(model, data);
			}
			return {stop() {}};
		},
	});
	const ctx: TestContext = {
		engine,
		engines,
		model,
		view: new ViewStore({showStopped: true, filter: ''}),
		logs: new LogFollower(engine, 500),
		stats: new StatsCollector(engine, model, {intervalMs: 1000, historyPoints: 300}),
		clock: new Clock(model),
		jobs: new Jobs(model, notifyNow),
		events: new EventLog(notifyNow),
		terminal: new RecordingTerminal(),
		layout: () => layout,
		commands: new CommandLog(),
		clipboard: new RecordingClipboard(),
	};
	engines.start(ctx);
	return ctx;
}
