import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {EngineError} from '../../source/engine/types.js';
import {cleanUp, createContainer, docker, engine, idle, requireEngine, uniqueName} from './helpers.js';

before(requireEngine);
after(cleanUp);

async function state(id: string) {
	return (await engine.inspectContainer(id)).state;
}

test('start and stop; doing either twice is not an error', async () => {
	const container = await createContainer({hint: 'start-stop', Cmd: idle, start: false});
	await engine.startContainer(container.id);
	assert.equal((await state(container.id)).status, 'running');
	await engine.startContainer(container.id);
	await engine.stopContainer(container.id);
	const stopped = await state(container.id);
	assert.equal(stopped.status, 'exited');
	assert.equal(stopped.exitCode, 0);
	await engine.stopContainer(container.id);
});

test('restart starts the container again', async () => {
	const container = await createContainer({hint: 'restart', Cmd: idle});
	const before = await state(container.id);
	await engine.restartContainer(container.id);
	const after = await state(container.id);
	assert.equal(after.status, 'running');
	assert.notEqual(after.startedAt, before.startedAt);
	assert.notEqual(after.pid, before.pid);
});

test('pause and unpause', async () => {
	const container = await createContainer({hint: 'pause', Cmd: idle});
	await engine.pauseContainer(container.id);
	assert.equal((await state(container.id)).status, 'paused');
	const [listed] = await engine.listContainers([container.id]);
	assert.equal(listed?.state, 'paused');
	await engine.unpauseContainer(container.id);
	const resumed = await state(container.id);
	assert.equal(resumed.status, 'running');
	assert.equal(resumed.paused, false);
});

test('kill sends the given signal', async () => {
	const container = await createContainer({
		hint: 'kill',
		Cmd: ['sh', '-c', 'trap "exit 42" USR1; while :; do sleep 1 & wait $!; done'],
	});
	await engine.killContainer(container.id, 'SIGUSR1');
	assert.equal((await container.wait()).StatusCode, 42);

	const other = await createContainer({hint: 'kill-default', Cmd: idle});
	await engine.killContainer(other.id, 'KILL');
	assert.equal((await other.wait()).StatusCode, 137);
});

test('rename changes the name; taking an existing name is refused with the reason', async () => {
	const container = await createContainer({hint: 'rename', Cmd: idle, start: false});
	const other = await createContainer({hint: 'rename-other', Cmd: idle, start: false});
	const newName = uniqueName('renamed');
	await engine.renameContainer(container.id, newName);
	assert.equal((await engine.inspectContainer(container.id)).name, newName);
	const taken = (await engine.inspectContainer(other.id)).name;
	await assert.rejects(engine.renameContainer(container.id, taken), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.equal(error.statusCode, 409);
		assert.match(error.message, /already in use/);
		return true;
	});
});

test('removing a running container without force is refused with the engine reason', async () => {
	const container = await createContainer({hint: 'remove-running', Cmd: idle});
	await assert.rejects(engine.removeContainer(container.id, {force: false, volumes: false}), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.equal(error.statusCode, 409);
		assert.match(error.message, /running/);
		assert.ok(!error.message.startsWith('(HTTP'), error.message);
		return true;
	});
	await engine.removeContainer(container.id, {force: true, volumes: false});
	assert.deepEqual(await engine.listContainers([container.id]), []);
});

async function anonymousVolume(id: string): Promise<string> {
	const mount = (await engine.inspectContainer(id)).mounts.find(candidate => candidate.destination === '/scratch');
	assert.ok(mount?.name);
	return mount.name;
}

async function volumeExists(name: string): Promise<boolean> {
	return (await engine.listVolumes()).some(volume => volume.name === name);
}

test('removing with volumes removes anonymous volumes too; without, they stay', async () => {
	const withVolumes = await createContainer({hint: 'remove-volumes', Cmd: ['true'], Volumes: {'/scratch': {}}, start: false});
	const removedVolume = await anonymousVolume(withVolumes.id);
	await engine.removeContainer(withVolumes.id, {force: false, volumes: true});
	assert.equal(await volumeExists(removedVolume), false);

	const keepVolumes = await createContainer({hint: 'keep-volumes', Cmd: ['true'], Volumes: {'/scratch': {}}, start: false});
	const keptVolume = await anonymousVolume(keepVolumes.id);
	await engine.removeContainer(keepVolumes.id, {force: false, volumes: false});
	try {
		assert.equal(await volumeExists(keptVolume), true);
	} finally {
		await docker.getVolume(keptVolume).remove();
	}
});

test("an action the engine refuses rejects with the engine's words", async () => {
	const container = await createContainer({hint: 'refused', Cmd: idle, start: false});
	await assert.rejects(engine.pauseContainer(container.id), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.match(error.message, /is not running/);
		return true;
	});
	await assert.rejects(engine.killContainer(container.id, 'NOSUCHSIGNAL'), EngineError);
});
