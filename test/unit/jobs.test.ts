import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {JobControl} from '../../source/engine/types.js';
import {JOB_LINES, Jobs, type Job} from '../../source/store/jobs.js';
import {ModelStore} from '../../source/store/model-store.js';
import {notifyNow, type NotifyPolicy} from '../../source/store/observable.js';
import {jobProgress} from '../../source/ui/panes/object-columns.js';
import {startJob} from '../../source/actions/jobs.js';
import {recorded} from '../support/fake-engine.js';
import {testContext} from '../support/context.js';

/** A frame clock the test turns by hand: nothing is published until `frame()`. */
class ManualFrames {
	readonly pending: Array<() => void> = [];
	readonly policy: NotifyPolicy = flush => {
		this.pending.push(flush);
	};

	frame(): void {
		for (const flush of this.pending.splice(0)) {
			flush();
		}
	}
}

interface Harness {
	jobs: Jobs;
	model: ModelStore;
	frames: ManualFrames;
	/** How many times the model's jobs were replaced. */
	published(): number;
	job(id: string): Job | undefined;
}

function harness(): Harness {
	const model = new ModelStore('unix:///var/run/docker.sock', notifyNow);
	const frames = new ManualFrames();
	const jobs = new Jobs(model, frames.policy);
	let published = 0;
	let last = model.get().jobs;
	model.subscribe(() => {
		if (model.get().jobs !== last) {
			last = model.get().jobs;
			published++;
		}
	});
	return {jobs, model, frames, published: () => published, job: id => model.get().jobs.find(job => job.id === id)};
}

/** A job that runs until the test resolves or rejects it, handing the test its control. */
function held<T>(): {run(control: JobControl): Promise<T>; control(): JobControl; resolve(value: T): void; reject(error: unknown): void} {
	let control: JobControl | undefined;
	let resolve: (value: T) => void = () => {};
	let reject: (error: unknown) => void = () => {};
	return {
		async run(given) {
			control = given;
			return new Promise<T>((yes, no) => {
				resolve = yes;
				reject = no;
			});
		},
		control: () => control!,
		resolve: value => {
			resolve(value);
		},
		reject: error => {
			reject(error);
		},
	};
}

const settle = async (): Promise<void> => new Promise(resolve => setImmediate(resolve));

test('a started job is published with the next frame, running, with its title and command', () => {
	const {jobs, frames, published, job} = harness();
	const work = held<string>();
	const {id} = jobs.start({title: 'pull alpine', command: 'docker pull alpine', run: work.run});
	assert.equal(published(), 0, 'nothing before the frame');
	frames.frame();
	assert.equal(published(), 1);
	const shown = job(id)!;
	assert.equal(shown.status, 'running');
	assert.equal(shown.title, 'pull alpine');
	assert.equal(shown.command, 'docker pull alpine');
	assert.deepEqual(shown.layers, []);
	assert.deepEqual(shown.lines, []);
	assert.equal(shown.droppedLines, 0);
	assert.equal(shown.ended, undefined);
});

test('many layer events within one frame are published once, each layer in its last state, in first-seen order', () => {
	const {jobs, frames, published, job} = harness();
	const work = held<string>();
	const {id} = jobs.start({title: 'pull big', command: 'docker pull big', run: work.run});
	frames.frame();
	const before = published();
	const control = work.control();
	for (let step = 0; step <= 100; step++) {
		for (const layer of ['aaa', 'bbb', 'ccc']) {
			control.onEvent({kind: 'layer', id: layer, status: 'Downloading', current: step * 10, total: 1000});
		}
	}

	control.onEvent({kind: 'layer', id: 'bbb', status: 'Download complete'});
	assert.equal(frames.pending.length, 1, 'one frame asked for, however many events');
	assert.equal(published(), before, 'nothing published before the frame');
	frames.frame();
	assert.equal(published(), before + 1, 'published once');
	const shown = job(id)!;
	assert.deepEqual(shown.layers, [
		{id: 'aaa', status: 'Downloading', current: 1000, total: 1000},
		// A status without figures keeps the layer's size, all of it done.
		{id: 'bbb', status: 'Download complete', current: 1000, total: 1000},
		{id: 'ccc', status: 'Downloading', current: 1000, total: 1000},
	]);
	frames.frame();
	assert.equal(published(), before + 1, 'a frame with nothing new publishes nothing');
});

test('bytes events keep the newest count', () => {
	const {jobs, frames, job} = harness();
	const work = held<void>();
	const {id} = jobs.start({title: 'save', command: 'docker save', run: work.run});
	work.control().onEvent({kind: 'bytes', current: 10});
	work.control().onEvent({kind: 'bytes', current: 2048, total: 4096});
	frames.frame();
	assert.deepEqual(job(id)!.bytes, {current: 2048, total: 4096});
});

test('output is bounded at JOB_LINES; droppedLines counts the rest and the newest lines are kept', () => {
	for (const total of [JOB_LINES - 1, JOB_LINES, JOB_LINES + 1, JOB_LINES + 300, Math.floor(JOB_LINES * 1.25) + 1, JOB_LINES * 3 + 7]) {
		const {jobs, frames, job} = harness();
		const work = held<string>();
		const {id} = jobs.start({title: 'build', command: 'docker build .', run: work.run});
		for (let index = 0; index < total; index++) {
			work.control().onEvent({kind: 'line', text: `line ${index}`});
		}

		frames.frame();
		const shown = job(id)!;
		const kept = Math.min(total, JOB_LINES);
		assert.equal(shown.lines.length, kept, `${total} lines: ${kept} kept`);
		assert.equal(shown.droppedLines, total - kept, `${total} lines: ${total - kept} dropped`);
		assert.equal(shown.lines.at(-1), `line ${total - 1}`, 'the newest line is last');
		assert.equal(shown.lines[0], `line ${total - kept}`, 'the oldest kept line follows the dropped ones');
	}
});

test('lines arriving over several frames keep the bound and the count of dropped lines', () => {
	const {jobs, frames, job} = harness();
	const work = held<string>();
	const {id} = jobs.start({title: 'build', command: 'docker build .', run: work.run});
	let sent = 0;
	for (let round = 0; round < 7; round++) {
		for (let index = 0; index < 900; index++) {
			work.control().onEvent({kind: 'line', text: `line ${sent++}`});
		}

		frames.frame();
		const shown = job(id)!;
		assert.ok(shown.lines.length <= JOB_LINES);
		assert.equal(shown.lines.length + shown.droppedLines, sent, 'every line is kept or counted');
		assert.equal(shown.lines.at(-1), `line ${sent - 1}`);
	}
});

test('a job that succeeds ends done with what it made, and its promise gives the result', async () => {
	const {jobs, frames, job} = harness();
	const work = held<string>();
	const {id, done} = jobs.start({title: 'pull', command: 'docker pull x', run: work.run, describe: result => `pulled as ${result}`});
	work.resolve('sha256:abc');
	assert.equal(await done, 'sha256:abc');
	frames.frame();
	const shown = job(id)!;
	assert.equal(shown.status, 'done');
	assert.equal(shown.result, 'pulled as sha256:abc');
	assert.ok(shown.ended !== undefined && shown.ended >= shown.started);
});

test('cancel aborts the signal and the job ends cancelled; cancelling again or an unknown job does nothing', async () => {
	const {jobs, frames, job} = harness();
	const work = held<string>();
	const {id, done} = jobs.start({title: 'pull', command: 'docker pull x', run: work.run});
	const {signal} = work.control();
	signal.addEventListener('abort', () => {
		work.reject(new Error('request aborted'));
	});
	assert.equal(signal.aborted, false);
	assert.equal(jobs.cancel(id), true);
	assert.equal(signal.aborted, true);
	await assert.rejects(done, /request aborted/);
	frames.frame();
	assert.equal(job(id)!.status, 'cancelled');
	assert.equal(job(id)!.error, undefined, 'a cancel is not a failure');
	assert.ok(job(id)!.ended !== undefined);
	assert.equal(jobs.cancel(id), false, 'an ended job cannot be cancelled');
	assert.equal(jobs.cancel('job-999'), false);
});

test('a failing job ends failed with the reason', async () => {
	const {jobs, frames, job} = harness();
	const work = held<string>();
	const {id, done} = jobs.start({title: 'pull', command: 'docker pull nothing', run: work.run});
	work.reject(new Error('pull access denied for nothing, repository does not exist or may require docker login'));
	await assert.rejects(done);
	frames.frame();
	const shown = job(id)!;
	assert.equal(shown.status, 'failed');
	assert.equal(shown.error, 'pull access denied for nothing, repository does not exist or may require docker login');
	assert.equal(jobs.cancel(id), false);
});

test('a job that throws before its first await fails too', async () => {
	const {jobs, frames, job} = harness();
	const {id, done} = jobs.start<string>({
		title: 'load',
		command: 'docker load',
		async run() {
			throw new Error('open x.tar: no such file');
		},
	});
	await assert.rejects(done, /no such file/);
	frames.frame();
	assert.equal(job(id)!.status, 'failed');
	assert.equal(job(id)!.error, 'open x.tar: no such file');
});

test('events that arrive after a job ended change nothing', async () => {
	const {jobs, frames, job} = harness();
	const work = held<string>();
	const {id, done} = jobs.start({title: 'pull', command: 'docker pull x', run: work.run});
	work.control().onEvent({kind: 'line', text: 'before'});
	work.resolve('sha256:x');
	await done;
	work.control().onEvent({kind: 'line', text: 'after'});
	work.control().onEvent({kind: 'layer', id: 'late', status: 'Downloading'});
	frames.frame();
	assert.deepEqual(job(id)!.lines, ['before']);
	assert.deepEqual(job(id)!.layers, []);
});

test('close cancels every running job', async () => {
	const {jobs, frames, job} = harness();
	const first = held<string>();
	const second = held<string>();
	const a = jobs.start({title: 'a', command: 'a', run: first.run});
	const b = jobs.start({title: 'b', command: 'b', run: second.run});
	for (const work of [first, second]) {
		work.control().signal.addEventListener('abort', () => {
			work.reject(new Error('aborted'));
		});
	}

	jobs.close();
	await Promise.allSettled([a.done, b.done]);
	frames.frame();
	assert.equal(job(a.id)!.status, 'cancelled');
	assert.equal(job(b.id)!.status, 'cancelled');
});

test('beyond 50 ended jobs the oldest are forgotten; running ones stay however old', async () => {
	const {jobs, frames, model} = harness();
	const slow = [held<string>(), held<string>()];
	const running = slow.map((work, index) => jobs.start({title: `slow ${index}`, command: 'docker pull slow', run: work.run}).id);
	const quick: string[] = [];
	const endings: Array<Promise<unknown>> = [];
	for (let index = 0; index < 55; index++) {
		const {id, done} = jobs.start({title: `quick ${index}`, command: 'docker pull quick', run: async () => `r${index}`});
		quick.push(id);
		endings.push(done);
	}

	await Promise.all(endings);
	await settle();
	// Forgetting happens as a new job starts.
	const latest = jobs.start({title: 'latest', command: 'docker pull latest', run: held<string>().run}).id;
	frames.frame();
	const ids = model.get().jobs.map(job => job.id);
	for (const id of running) {
		assert.ok(ids.includes(id), `running ${id} is kept`);
	}

	assert.ok(ids.includes(latest));
	const keptQuick = quick.filter(id => ids.includes(id));
	assert.deepEqual(keptQuick, quick.slice(5), 'the 5 oldest ended jobs are forgotten, the newest 50 kept');
	assert.equal(model.get().jobs.filter(job => job.status !== 'running').length, 50);
	assert.equal(ids.length, 53);

	// A forgotten job cannot be cancelled, a running one still can.
	assert.equal(jobs.cancel(quick[0]!), false);
	assert.equal(jobs.cancel(running[0]!), true);
});

test('job ids are unique and the model keeps the order jobs started in', () => {
	const {jobs, frames, model} = harness();
	const ids = [0, 1, 2].map(index => jobs.start({title: `job ${index}`, command: 'x', run: held<string>().run}).id);
	assert.equal(new Set(ids).size, 3);
	frames.frame();
	assert.deepEqual(model.get().jobs.map(job => job.id), ids);
});

test('a pull’s overall progress does not go back when a layer finishes downloading', () => {
	// The engine sends "Download complete" without byte counts (see pull-events.json): the layer's
	// size must still count, as done, or the share and its total drop as layers finish.
	const {jobs, frames, job} = harness();
	const work = held<string>();
	const {id} = jobs.start({title: 'pull', command: 'docker pull two-layers', run: work.run});
	const control = work.control();
	const shares: string[] = [];
	const step = (event: Parameters<JobControl['onEvent']>[0]): void => {
		control.onEvent(event);
		frames.frame();
		shares.push(jobProgress(job(id)!));
	};

	step({kind: 'layer', id: 'aaaaaaaaaaaa', status: 'Downloading', current: 50, total: 100});
	step({kind: 'layer', id: 'bbbbbbbbbbbb', status: 'Downloading', current: 0, total: 100});
	step({kind: 'layer', id: 'aaaaaaaaaaaa', status: 'Download complete'});
	step({kind: 'layer', id: 'bbbbbbbbbbbb', status: 'Downloading', current: 50, total: 100});
	const percents = shares.map(share => Number(/^(\d+)%/.exec(share)?.[1] ?? Number.NaN));
	assert.equal(shares[1], '25% of 200B, 0/2 layers');
	for (let index = 2; index < percents.length; index++) {
		assert.ok(percents[index]! >= percents[index - 1]!, `progress went back: ${shares.join(' → ')}`);
		assert.match(shares[index]!, / of 200B,/, `the total stays the size of both layers: ${shares.join(' → ')}`);
	}
});

test('a cancelled job is said to be cancelled at once, not reported as a failure, even before a frame is drawn', async () => {
	const ctx = testContext(recorded());
	// Frames that never come: the model has not heard the job ended when its promise settles.
	const jobs = new Jobs(ctx.model, () => {});
	const control = {...ctx, jobs};
	let abortedSignal: AbortSignal | undefined;
	startJob(control, {
		title: 'pull slow',
		command: 'docker pull slow',
		run: async ({signal}) =>
			new Promise<string>((_resolve, reject) => {
				abortedSignal = signal;
				signal.addEventListener('abort', () => reject(new Error('aborted')));
			}),
	});
	const id = control.view.get().job!;
	assert.equal(jobs.cancel(id), true);
	await new Promise(resolve => setImmediate(resolve));
	assert.equal(abortedSignal?.aborted, true);
	assert.equal(jobs.wasCancelled(id), true);
	assert.deepEqual(ctx.model.get().notice && {level: ctx.model.get().notice!.level, text: ctx.model.get().notice!.text}, {level: 'info', text: 'pull slow: cancelled'});
});
