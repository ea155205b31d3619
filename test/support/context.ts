import type {ActionContext, Layout, TerminalControl} from '../../source/actions/types.js';
import type {InteractiveIo, InteractiveResult, InteractiveSession} from '../../source/engine/types.js';
import {EventLog} from '../../source/store/event-log.js';
import {Jobs} from '../../source/store/jobs.js';
import {LogFollower} from '../../source/store/log-follower.js';
import {ModelStore} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import {StatsCollector} from '../../source/store/stats-collector.js';
import {Clock} from '../../source/store/clock.js';
import {ViewStore} from '../../source/store/view-store.js';
import {FakeEngine, type Recorded} from './fake-engine.js';

/** A terminal stand-in that records hand-overs instead of giving a real terminal away. */
export class RecordingTerminal implements TerminalControl {
	handOvers = 0;
	quits = 0;

	async handOver(open: (io: InteractiveIo) => Promise<InteractiveSession>): Promise<InteractiveResult> {
		this.handOvers++;
		const session = await open({stdin: process.stdin, stdout: process.stdout});
		return session.done;
	}

	quit(): void {
		this.quits++;
	}
}

export interface TestContext extends ActionContext {
	engine: FakeEngine;
	terminal: RecordingTerminal;
}

/** Stores wired to a fake engine serving `data`, notifying synchronously for simple assertions. */
export function testContext(data: Recorded, layout: Layout = {listRows: 10, mainRows: 10}): TestContext {
	const engine = new FakeEngine(data);
	const model = new ModelStore(engine.endpoint, notifyNow);
	model.replaceContainers(data.containers);
	model.replaceList('images', data.images);
	model.replaceList('volumes', data.volumes);
	model.replaceList('networks', data.networks);
	model.setConnection({status: 'connected', attempt: 0});
	model.markSynced(Date.now());
	return {
		engine,
		model,
		view: new ViewStore({showStopped: true, filter: ''}),
		logs: new LogFollower(engine, 500),
		stats: new StatsCollector(engine, model, {intervalMs: 1000, historyPoints: 300}),
		clock: new Clock(model),
		jobs: new Jobs(model, notifyNow),
		events: new EventLog(notifyNow),
		terminal: new RecordingTerminal(),
		layout: () => layout,
	};
}
