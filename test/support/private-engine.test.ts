import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {dirname} from 'node:path';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {after, before, test} from 'node:test';
import {
	RUN_ID,
	RUN_LABEL,
	TEST_IMAGE,
	createTestContainer,
	removeTestObjects,
	startPrivateEngine,
	type PrivateEngine,
} from './engine.js';

const run = promisify(execFile);

let engine: PrivateEngine;
let hostBridgeBefore: boolean;

async function hostHasBridge(): Promise<boolean> {
	return run('ip', ['link', 'show', 'docker0']).then(
		() => true,
		() => false,
	);
}

before(async () => {
	hostBridgeBefore = await hostHasBridge();
	engine = await startPrivateEngine();
});

after(async () => {
	await engine?.dispose();
});

test('the private engine answers and has the test image', async () => {
	assert.equal(String(await engine.docker.ping()), 'OK');
	const image = await engine.docker.getImage(TEST_IMAGE).inspect();
	assert.ok(image.RepoTags?.includes(`${TEST_IMAGE}:latest`));
});

test('the private engine keeps its bridge in its own network namespace', async () => {
	await run('ip', ['-n', engine.netns, 'link', 'show', 'docker0']);
	// A second dockerd in the host's namespace would have deleted the main engine's docker0.
	assert.equal(await hostHasBridge(), hostBridgeBefore, 'host docker0 untouched');
});

test('stop() ends the daemon, start() brings it back with its containers and image', async () => {
	const container = await createTestContainer(engine.docker);
	const id = container.id;

	await engine.stop();
	await assert.rejects(engine.docker.ping());
	assert.equal(existsSync(engine.socket), false, 'socket removed after stop');

	await engine.start();
	assert.equal(String(await engine.docker.ping()), 'OK');
	await engine.docker.getImage(TEST_IMAGE).inspect();
	const state = await engine.docker.getContainer(id).inspect();
	assert.equal(state.State.Running, false, 'the daemon stopped its containers on shutdown');
	assert.equal(state.Config.Labels?.[RUN_LABEL], RUN_ID);

	await engine.docker.getContainer(id).start();
	assert.equal((await engine.docker.getContainer(id).inspect()).State.Running, true);
});

test('removeTestObjects removes only what this run labelled', async () => {
	const foreign = await engine.docker.createContainer({Image: TEST_IMAGE, Cmd: ['true']});
	const other = await engine.docker.createContainer({
		Image: TEST_IMAGE,
		Cmd: ['true'],
		Labels: {[RUN_LABEL]: 'another-run'},
	});
	const ours = await createTestContainer(engine.docker, {start: false});

	const removed = await removeTestObjects(engine.docker);

	assert.ok(removed.containers >= 1);
	await assert.rejects(ours.inspect(), {statusCode: 404});
	await foreign.inspect();
	await other.inspect();
});

test('dispose() removes the namespace and the files', async () => {
	await engine.dispose();
	const {stdout} = await run('ip', ['netns', 'list']);
	assert.equal(stdout.split('\n').some(line => line.split(' ')[0] === engine.netns), false);
	assert.equal(existsSync(dirname(engine.socket)), false);
});
