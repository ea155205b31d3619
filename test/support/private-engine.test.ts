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
	createTestNetwork,
	createTestVolume,
	removeAllTestObjects,
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
	await container.remove({force: true});
});

test('removeTestObjects removes only what this run labelled', async () => {
	const foreign = await engine.docker.createContainer({Image: TEST_IMAGE, Cmd: ['true']});
	const other = await engine.docker.createContainer({
		Image: TEST_IMAGE,
		Cmd: ['true'],
		Labels: {[RUN_LABEL]: 'another-run'},
	});
	const network = await createTestNetwork(engine.docker);
	const volume = await createTestVolume(engine.docker);
	const ours = await createTestContainer(engine.docker, {
		cmd: ['sh', '-c', 'echo $GREETING; sleep 86400'],
		env: ['GREETING=hi'],
		labels: {purpose: 'check'},
		healthcheck: {Test: ['CMD', 'true'], Interval: 1_000_000_000},
	});
	await network.connect({Container: ours.id});
	const inspected = await ours.inspect();
	assert.equal(inspected.Config.Labels?.['purpose'], 'check');
	assert.ok(inspected.Config.Env.includes('GREETING=hi'));
	assert.ok(inspected.Config.Healthcheck?.Test?.includes('true'));

	const removed = await removeTestObjects(engine.docker);

	assert.deepEqual(removed, {containers: 1, networks: 1, volumes: 1});
	await assert.rejects(ours.inspect(), {statusCode: 404});
	await assert.rejects(network.inspect(), {statusCode: 404});
	await assert.rejects(volume.inspect(), {statusCode: 404});
	await foreign.inspect();
	await other.inspect();
});

test('removeAllTestObjects removes leftovers of ended runs, not those of live ones', async () => {
	const create = (value: string) =>
		engine.docker.createContainer({Image: TEST_IMAGE, Cmd: ['true'], Labels: {[RUN_LABEL]: value}});
	const live = await createTestContainer(engine.docker, {start: false});
	const ended = await create('999999999-abc'); // beyond pid_max: no such process
	const unknown = await create('no-pid-here');
	const unlabelled = await engine.docker.createContainer({Image: TEST_IMAGE, Cmd: ['true']});

	await removeAllTestObjects(engine.docker);

	await live.inspect();
	await assert.rejects(ended.inspect(), {statusCode: 404});
	await assert.rejects(unknown.inspect(), {statusCode: 404});
	await unlabelled.inspect();
	await removeTestObjects(engine.docker);
});

test('dispose() removes the namespace and the files', async () => {
	await engine.dispose();
	const {stdout} = await run('ip', ['netns', 'list']);
	assert.equal(stdout.split('\n').some(line => line.split(' ')[0] === engine.netns), false);
	assert.equal(existsSync(dirname(engine.socket)), false);
});
