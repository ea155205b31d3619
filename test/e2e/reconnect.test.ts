import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {startPrivateEngine, testLabels, TEST_IMAGE, type PrivateEngine} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {launch} from './berth.js';

let engine: PrivateEngine;
let terminal: Terminal | undefined;

before(async () => {
	engine = await startPrivateEngine();
});

after(async () => {
	await terminal?.kill();
	await engine.dispose();
});

async function run(name: string): Promise<void> {
	const container = await engine.docker.createContainer({
		name,
		Image: TEST_IMAGE,
		Cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 86400 & wait'],
		Labels: testLabels(),
	});
	await container.start();
}

test('when the engine goes away berth keeps the last state, says reconnecting, and re-lists when it is back', async () => {
	await run('before-restart');
	terminal = await launch({args: ['--host', `unix://${engine.socket}`]});
	await terminal.waitFor('before-restart');
	await terminal.waitFor(/● unix:\/\/.*d\.sock/);

	await engine.stop();
	const down = await terminal.waitFor(/reconnecting \(attempt \d+/, 15_000);
	assert.match(down, /last known state \(stale\)/);
	assert.ok(down.includes('before-restart'), 'the last known containers stay on screen');

	await engine.start();
	await run('after-restart');
	const back = await terminal.waitFor(s => s.includes('after-restart') && !s.includes('reconnecting'), 30_000);
	assert.match(back, /● unix:\/\//);
	assert.doesNotMatch(back, /stale/);
	assert.equal(await terminal.exited(), false, 'berth is still running');
});
