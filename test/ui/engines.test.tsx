// The engine switcher and the unreachable-engine screen, drawn on recorded data at both sizes,
// driven by keys. The switch itself is berth's own (EngineSwitch); only the engines are fakes.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, afterEach, test} from 'node:test';
import {listEngineChoices} from '../../source/engine/contexts.js';
import {recorded} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {writeContext} from '../support/contexts.js';
import {assertFits, lineWith, renderApp, SIZES, unmountAll, waitFor} from '../support/render.js';

afterEach(unmountAll);

const homeDir = mkdtempSync(path.join(os.tmpdir(), 'berth-engines-ui-'));
after(() => {
	rmSync(homeDir, {recursive: true, force: true});
});
writeContext(path.join(homeDir, '.docker'), 'prod', 'tcp://10.0.0.2:2376', {description: 'the production box'});
writeContext(path.join(homeDir, '.docker'), 'build', 'ssh://deploy@build.example');
writeContext(path.join(homeDir, '.docker'), 'broken', 'ftp://nowhere');
const choices = listEngineChoices({env: {}, homeDir});

const KEY = {enter: '\r', escape: '\u001B', down: '\u001B[B'};

function withContexts(ctx: TestContext): void {
	ctx.engines.list = choices;
	ctx.engines.failing.set('build', 'SSH to the Docker engine at ssh://deploy@build.example failed: connection refused');
}

for (const [columns, rows] of SIZES) {
	const size = `${columns}x${rows}`;

	test(`@ lists every context with its endpoint and whether it answers (${size})`, async () => {
		const app = await renderApp(recorded(), columns, rows, withContexts);
		await app.press('@');
		const frame = await waitFor(app, /prod .*answers/);
		assert.match(lineWith(frame, 'default'), /● default\s+unix:\/\/\/var\/run\/docker\.sock\s+in use · answers/);
		assert.match(lineWith(frame, ' prod '), /prod\s+tcp:\/\/10\.0\.0\.2:2376\s+answers \(the production box\)/);
		if (columns >= 160) {
			assert.match(lineWith(frame, ' build '), /build\s+ssh:\/\/deploy@build\.example\s+SSH to the Docker engine .* connection refused/);
			assert.match(lineWith(frame, ' broken '), /unsupported scheme "ftp:\/\/"/);
		}
		assertFits(frame, columns, rows);
		await app.press(KEY.escape);
		assert.equal(app.ctx.view.get().dialog, undefined);
		assert.equal(app.ctx.engines.current(), 'default');
	});
}

test('choosing a context switches live: the old engine is closed, the lists reload, the status bar names it', async () => {
	const app = await renderApp(recorded(), 160, 45, withContexts);
	const before = app.ctx.engine;
	app.ctx.view.change(state => ({...state, marked: {...state.marked, containers: new Set([recorded().containers[0]!.id])}}));
	await app.press('@');
	await waitFor(app, /prod .*answers/);
	// Typing narrows the list; Enter takes the one shown.
	await app.press('p', 'r', 'o', 'd', KEY.enter);
	assert.equal(app.ctx.engines.current(), 'prod');
	assert.notEqual(app.ctx.engine, before, 'a new engine client');
	assert.equal(before.closed, true, 'the old engine is closed');
	assert.equal(app.ctx.view.get().marked.containers.size, 0, 'marks of the old engine are gone');
	const frame = await waitFor(app, 'context prod (tcp://10.0.0.2:2376)');
	assert.match(lineWith(frame, 'context prod'), /● context prod \(tcp:\/\/10\.0\.0\.2:2376\)/);
	assert.match(frame, /switched to prod/);
	assert.match(frame, new RegExp(recorded().containers[0]!.name), 'the new engine\'s containers are listed');
});

test('choosing the context in use changes nothing; a broken one says why and stays', async () => {
	const app = await renderApp(recorded(), 160, 45, withContexts);
	const before = app.ctx.engine;
	await app.press('@', KEY.enter);
	assert.equal(app.ctx.engine, before);
	await waitFor(app, 'already using default');
	await app.press('@', 'b', 'r', 'o', 'k', KEY.enter);
	assert.equal(app.ctx.engine, before);
	assert.equal(app.ctx.engines.current(), 'default');
	await waitFor(app, /context broken cannot be used: .*unsupported scheme/);
});

test('with a job running, switching asks first; n stays, y cancels the job and switches', async () => {
	const app = await renderApp(recorded(), 160, 45, withContexts);
	let cancelled = false;
	app.ctx.jobs
		.start({
			title: 'pull berth-test/busybox',
			command: 'docker pull berth-test/busybox',
			run: async control =>
				new Promise<void>((_resolve, reject) => {
					control.signal.addEventListener('abort', () => {
						cancelled = true;
						reject(new Error('cancelled'));
					});
				}),
		})
		.done.catch(() => undefined);
	await app.press('@', 'p', 'r', 'o', 'd', KEY.enter);
	await waitFor(app, /1 job still running on this engine will be cancelled\. Switch to prod\?/);
	await app.press('n');
	assert.equal(app.ctx.engines.current(), 'default');
	assert.equal(cancelled, false);
	await app.press('@', 'p', 'r', 'o', 'd', KEY.enter, 'y');
	assert.equal(app.ctx.engines.current(), 'prod');
	assert.equal(cancelled, true);
});

for (const [columns, rows] of SIZES) {
	test(`an engine that never answered gets a screen naming it and why; r retries, @ switches (${columns}x${rows})`, async () => {
		const app = await renderApp(recorded(), columns, rows, ctx => {
			withContexts(ctx);
			ctx.model.switchEngine('unix:///var/run/docker.sock');
			ctx.model.setConnection({
				status: 'reconnecting',
				attempt: 3,
				retryInMs: 4000,
				error: 'cannot connect to the Docker engine at unix:///var/run/docker.sock: ENOENT (no such socket); is the Docker daemon running?',
				unreachable: {
					title: 'cannot connect to the Docker engine at unix:///var/run/docker.sock',
					reason: 'ENOENT (no such socket)',
					hint: 'is the Docker daemon running?',
				},
			});
		});
		let frame = await waitFor(app, 'Cannot reach the Docker engine');
		assert.match(lineWith(frame, 'endpoint'), /endpoint\s+unix:\/\/\/var\/run\/docker\.sock/);
		assert.match(lineWith(frame, 'reason'), /reason\s+ENOENT \(no such socket\)$/);
		assert.match(lineWith(frame, 'to try'), /to try\s+is the Docker daemon running\?/);
		assert.match(lineWith(frame, 'tries'), /tries\s+3, the next in 4 s/);
		assert.match(frame, /r try again now\s+@ switch to another engine \(docker contexts\)\s+q\/Ctrl-C quit/);
		assertFits(frame, columns, rows);
		// r tries again at once.
		await app.press('r');
		frame = await waitFor(app, 'trying unix:///var/run/docker.sock again');
		// The fake's sync answers at once: the screen goes, the lists are back.
		assert.ok(!frame.includes('Cannot reach the Docker engine'), frame);
	});
}

test('from the unreachable screen @ opens the switcher over it', async () => {
	const app = await renderApp(recorded(), 160, 45, ctx => {
		withContexts(ctx);
		ctx.model.switchEngine('unix:///var/run/docker.sock');
		ctx.model.setConnection({status: 'reconnecting', attempt: 1, error: 'connection refused'});
	});
	await waitFor(app, 'Cannot reach the Docker engine');
	await app.press('@');
	await waitFor(app, 'Switch to which engine?');
	// Down from the engine in use (default, first) is the next context by name.
	await app.press(KEY.down, KEY.down, KEY.enter);
	assert.equal(app.ctx.engines.current(), 'build');
	await waitFor(app, 'context build (ssh://deploy@build.example)');
});
