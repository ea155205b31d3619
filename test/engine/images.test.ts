// Image operations against the real engine, and pull and push against a real registry
// (Debian's docker-registry). Every image made here carries the run id in its name or its
// `berth.test` label, and is removed at the end; the test image itself is only ever tagged.
import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readdir, rm, stat, writeFile} from 'node:fs/promises';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {
	buildImage,
	imageHistory,
	imagesToPrune,
	inspectImage,
	loadImages,
	pruneImages,
	pullImage,
	pushImage,
	removeImage,
	saveImages,
	tagImage,
	type BuildOptions,
} from '../../source/engine/images.js';
import {EngineError, type JobEvent} from '../../source/engine/types.js';
import {freePort, startRegistry, type TestRegistry} from '../support/registry.js';
import type Docker from 'dockerode';
import {cleanUp, docker, idle, job, labels, requireEngine, runId, testImage, testLabel, uniqueName} from './helpers.js';

const where = 'unix:///var/run/docker.sock';
/** Every name made here is in this repository (or a registry's copy of it). */
const repository = `berth-test-images-${runId}`;
const label = `${testLabel}=${runId}`;
const names = new Set<string>();
const registries: TestRegistry[] = [];
const folders: string[] = [];

before(requireEngine);

after(async () => {
	await Promise.all(registries.map(registry => registry.stop()));
	// Containers first: they hold their images.
	await cleanUp();
	for (const name of names) {
		await docker
			.getImage(name)
			.remove()
			.catch(() => undefined);
	}
	const labelled = await docker.listImages({filters: {label: [label]}});
	for (const image of labelled) {
		await docker
			.getImage(image.Id)
			.remove({force: true})
			.catch(() => undefined);
	}
	await Promise.all(folders.map(folder => rm(folder, {recursive: true, force: true})));
});

/** A name in this run's repository, removed at the end. */
function nameFor(tag: string, host?: string): string {
	const name = `${host ? `${host}/` : ''}${repository}:${tag}`;
	names.add(name);
	return name;
}

async function folder(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-images-'));
	folders.push(dir);
	return dir;
}

function lines(events: JobEvent[]): string[] {
	return events.flatMap(event => (event.kind === 'line' ? [event.text] : []));
}

/** A build context holding `files`; the Dockerfile is one of them. */
async function context(files: Record<string, string>): Promise<string> {
	const dir = await folder();
	for (const [name, content] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
		await writeFile(path.join(dir, name), content);
	}
	return dir;
}

function buildOptions(contextDir: string, options: Partial<BuildOptions> = {}): BuildOptions {
	return {
		contextDir,
		dockerfile: 'Dockerfile',
		tags: [],
		buildArgs: {},
		noCache: false,
		pull: false,
		labels: {[testLabel]: runId},
		...options,
	};
}

/** Builds a small image of its own (a file with `content`), labelled for this run. */
async function buildSmall(content: string, tags: string[]): Promise<string> {
	// The first step makes the chain of layers this build's own: removing another image (which
	// deletes its untagged parents) or another run's build can never take a layer this one reuses.
	// The padding is random so that it does not compress away: a pull of it reports its download.
	const dir = await context({
		Dockerfile: `FROM ${testImage}\nLABEL berth.test.chain="${runId} ${content}"\nARG CONTENT\nRUN echo "$CONTENT" > /content && dd if=/dev/urandom of=/padding bs=1024 count=64 2>/dev/null\n`,
	});
	return buildImage(docker, buildOptions(dir, {tags, buildArgs: {CONTENT: content}}), job(), where);
}

/** A labelled container made from `image` (removed by cleanUp), started when given a command that idles. */
async function containerFrom(image: string, hint: string, start: boolean): Promise<Docker.Container> {
	const container = await docker.createContainer({
		name: uniqueName(hint),
		Image: image,
		Cmd: start ? idle : ['true'],
		StopTimeout: 1,
		Labels: labels,
	});
	if (start) {
		await container.start();
	}
	return container;
}

function rejectsWith(pattern: RegExp): (error: unknown) => boolean {
	return (error: unknown) => {
		assert.ok(error instanceof EngineError, `an EngineError, not ${String(error)}`);
		assert.match(error.message, pattern);
		return true;
	};
}

test('tag, inspect and history of the test image', async () => {
	const tagged = nameFor('tagged');
	await tagImage(docker, testImage, tagged);
	await tagImage(docker, testImage, repository);
	names.add(`${repository}:latest`);

	const original = await inspectImage(docker, testImage);
	const details = await inspectImage(docker, tagged);
	assert.equal(details.id, original.id);
	assert.ok(details.repoTags.includes(tagged), details.repoTags.join(' '));
	assert.ok(details.repoTags.includes(`${repository}:latest`), 'no tag means latest');
	assert.equal(details.os, 'linux');
	assert.notEqual(details.architecture, '');
	assert.deepEqual(details.config.cmd, ['sh']);
	assert.ok(details.config.env.some(variable => variable.startsWith('PATH=')));
	assert.ok(details.layers >= 1);
	assert.ok(details.size > 1_000_000, `size ${details.size}`);
	assert.ok(details.created > Date.UTC(2020, 0, 1) && details.created <= Date.now() + 60_000);

	const history = await imageHistory(docker, tagged);
	assert.ok(history.length >= 2);
	assert.equal(history[0]?.id, details.id);
	assert.ok(history[0]?.tags.includes(tagged));
	assert.match(history[0]?.createdBy ?? '', /CMD \["sh"\]/);
	assert.ok(history.some(layer => /busybox/.test(layer.createdBy) && layer.size > 1_000_000));
	assert.ok(history.every(layer => layer.created > Date.UTC(2020, 0, 1)));

	await assert.rejects(tagImage(docker, testImage, `${repository}@sha256:${'0'.repeat(64)}`), /not a name to tag with/);
	await assert.rejects(tagImage(docker, `no-such-image-${runId}`, nameFor('never')), rejectsWith(/No such image/i));
	await assert.rejects(inspectImage(docker, `no-such-image-${runId}`), rejectsWith(/No such image/i));
});

test('removing an image containers use names the containers; force and untagging', async () => {
	const inUse = nameFor('in-use');
	const id = await buildSmall('in use', [inUse]);
	const stopped = await containerFrom(inUse, 'img-stopped', false);
	const running = await containerFrom(inUse, 'img-running', true);
	const containerName = async (container: typeof stopped): Promise<string> =>
		(await container.inspect()).Name.replace(/^\//, '');
	const stoppedName = await containerName(stopped);
	const expected = [stoppedName, await containerName(running)].sort().join(', ');

	await assert.rejects(
		removeImage(docker, inUse, {force: false, noPrune: false}),
		rejectsWith(new RegExp(`^image ${inUse} is used by containers ${expected} \\(remove them first, or force\\)$`)),
	);
	await assert.rejects(
		removeImage(docker, id, {force: true, noPrune: false}),
		rejectsWith(new RegExp(`^image ${id} is used by containers ${expected} \\(stop and remove them first\\)$`)),
	);
	await running.remove({force: true});
	await assert.rejects(
		removeImage(docker, id, {force: false, noPrune: false}),
		rejectsWith(new RegExp(`^image ${id} is used by container ${stoppedName} \\(remove them first, or force\\)$`)),
	);
	await stopped.remove();

	// An image with two names: removing one only untags; removing it by id needs force.
	const second = nameFor('second-name');
	await tagImage(docker, inUse, second);
	assert.deepEqual(await removeImage(docker, second, {force: false, noPrune: false}), {untagged: [second], deleted: []});
	await tagImage(docker, inUse, second);
	await assert.rejects(removeImage(docker, id, {force: false, noPrune: false}), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.equal(error.statusCode, 409);
		assert.match(error.message, /must be forced.*referenced in multiple repositories/);
		return true;
	});
	const removed = await removeImage(docker, id, {force: true, noPrune: false});
	assert.deepEqual([...removed.untagged].sort(), [inUse, second].sort());
	assert.ok(removed.deleted.includes(id), removed.deleted.join(' '));
	await assert.rejects(removeImage(docker, id, {force: false, noPrune: false}), rejectsWith(/No such image/i));
});

test('prune lists the dangling images it will delete, keeps those in use, and reports the space', async () => {
	const reused = nameFor('reused');
	const dangling = await buildSmall('first', [reused]);
	const usedDangling = await buildSmall('second', [reused]);
	const user = await containerFrom(usedDangling, 'dangling-user', false);
	const current = await buildSmall('third', [reused]);
	// Both earlier images lost their name to the later builds.
	assert.deepEqual((await inspectImage(docker, dangling)).repoTags, []);
	assert.deepEqual((await inspectImage(docker, usedDangling)).repoTags, []);

	const only = {label: [label]};
	const listed = await imagesToPrune(docker, {all: false, ...only});
	assert.deepEqual(
		listed.map(image => image.id),
		[dangling],
		'the unused dangling image, not the one a container uses nor the tagged one',
	);
	const pruned = await pruneImages(docker, {all: false, ...only});
	assert.ok(pruned.deleted.includes(dangling), pruned.deleted.join(' '));
	assert.ok(pruned.spaceReclaimed >= 64 * 1024, `reclaimed ${pruned.spaceReclaimed}`);
	await assert.rejects(inspectImage(docker, dangling), rejectsWith(/No such image/i));
	await inspectImage(docker, usedDangling);
	await inspectImage(docker, current);

	// With all, the unused tagged image goes too; the one in use stays.
	const everything = await imagesToPrune(docker, {all: true, ...only});
	assert.ok(everything.some(image => image.id === current && image.tags.includes(reused)));
	assert.ok(!everything.some(image => image.id === usedDangling));
	const prunedAll = await pruneImages(docker, {all: true, ...only});
	assert.ok(prunedAll.untagged.includes(reused), prunedAll.untagged.join(' '));
	assert.ok(prunedAll.deleted.includes(current));
	await inspectImage(docker, usedDangling);
	await user.remove();
});

test('build honours .dockerignore (Dockerfile and .dockerignore still sent), build args, target, tags and labels', async () => {
	const dir = await context({
		Dockerfile: [
			`FROM ${testImage} AS base`,
			'ARG GREETING',
			'COPY . /ctx',
			'RUN ["test", "!", "-e", "/ctx/secret.txt"]',
			'RUN ["test", "!", "-e", "/ctx/logs"]',
			'RUN ["test", "!", "-e", "/ctx/drop.tmp"]',
			'RUN ["test", "-e", "/ctx/keep.tmp"]',
			'RUN ["test", "-e", "/ctx/src/app.txt"]',
			// Both were sent (the build could not start without its Dockerfile); the engine drops them
			// from the context after reading them, because .dockerignore names them.
			'RUN ["test", "!", "-e", "/ctx/Dockerfile"]',
			'RUN ["test", "!", "-e", "/ctx/.dockerignore"]',
			'RUN test "$GREETING" = "hello there" && echo "greeting: $GREETING"',
			'FROM base AS broken',
			'RUN false',
			'',
		].join('\n'),
		'.dockerignore': 'secret.txt\nlogs\n*.tmp\n!keep.tmp\nDockerfile\n.dockerignore\n',
		'secret.txt': 'do not send',
		'logs/today.log': 'noise',
		'drop.tmp': 'x',
		'keep.tmp': 'y',
		'src/app.txt': 'app',
	});
	const tags = [nameFor('built'), nameFor('built-too')];
	const control = job();
	const id = await buildImage(
		docker,
		buildOptions(dir, {tags, buildArgs: {GREETING: 'hello there'}, target: 'base', noCache: true}),
		control,
		where,
	);
	assert.match(id, /^sha256:[0-9a-f]{64}$/);
	const output = lines(control.events);
	assert.ok(output.some(line => /^Step 1\/\d+ : FROM /.test(line)), output.join('\n'));
	assert.ok(output.includes('greeting: hello there'), output.join('\n'));
	const details = await inspectImage(docker, id);
	assert.deepEqual([...details.repoTags].sort(), [...tags].sort());
	assert.equal(details.config.labels[testLabel], runId);
});

test('a build failing at a step says which step and why', async () => {
	const dir = await context({Dockerfile: `FROM ${testImage}\nRUN false\nRUN true\n`});
	const control = job();
	await assert.rejects(
		buildImage(docker, buildOptions(dir, {tags: [nameFor('never-built')]}), control, where),
		// Four steps: the builder adds one for the labels.
		rejectsWith(/^build failed at Step 2\/4 : RUN false: The command '\/bin\/sh -c false' returned a non-zero code: 1$/),
	);
	assert.ok(lines(control.events).includes('Step 2/4 : RUN false'));

	const unknownTarget = await context({Dockerfile: `FROM ${testImage}\nRUN true\n`});
	await assert.rejects(
		buildImage(docker, buildOptions(unknownTarget, {target: 'nope'}), job(), where),
		rejectsWith(/^build failed: .*target nope/),
	);
	const unparsable = await context({Dockerfile: `FROM ${testImage}\nBLAH nothing\n`});
	await assert.rejects(
		buildImage(docker, buildOptions(unparsable), job(), where),
		rejectsWith(/^build failed: .*unknown instruction: BLAH/i),
	);
});

test('a missing context or Dockerfile fails before anything is sent, naming the path', async () => {
	const dir = await context({'README.md': 'no Dockerfile here'});
	const control = job();
	await assert.rejects(
		buildImage(docker, buildOptions(dir), control, where),
		rejectsWith(new RegExp(`^there is no Dockerfile at ${path.join(dir, 'Dockerfile')}$`)),
	);
	await assert.rejects(
		buildImage(docker, buildOptions(path.join(dir, 'missing')), control, where),
		rejectsWith(new RegExp(`^the build context ${path.join(dir, 'missing')} does not exist$`)),
	);
	assert.deepEqual(control.events, []);
});

test('a build is cancelled through the signal while a step runs', async () => {
	const dir = await context({Dockerfile: `FROM ${testImage}\nRUN sleep 30\n`});
	const started = Date.now();
	const control = job((event, controller) => {
		if (event.kind === 'line' && event.text.startsWith(' ---> Running in')) {
			controller.abort();
		}
	});
	const tag = nameFor('cancelled');
	await assert.rejects(
		buildImage(docker, buildOptions(dir, {tags: [tag], noCache: true}), control, where),
		rejectsWith(/^build cancelled$/),
	);
	assert.ok(Date.now() - started < 20_000, 'cancelled before the step ended');
	await assert.rejects(docker.getImage(tag).inspect());
});

test('save two images to one archive and load it back, with byte counts and the names loaded', async () => {
	const one = nameFor('save-one');
	const two = nameFor('save-two');
	await buildSmall('one', [one]);
	const twoId = await buildSmall('two', [two]);
	const dir = await folder();
	const file = path.join(dir, 'images.tar');

	const saving = job();
	await saveImages(docker, [one, two], file, saving);
	const size = (await stat(file)).size;
	assert.ok(size > 2 * 64 * 1024, `archive of ${size} bytes`);
	const counts = saving.events.flatMap(event => (event.kind === 'bytes' ? [event.current] : []));
	assert.ok(counts.length > 0);
	assert.equal(counts.at(-1), size);

	await assert.rejects(saveImages(docker, [one], file, job()), rejectsWith(/already exists$/));
	await assert.rejects(saveImages(docker, [one, `no-such-image-${runId}`], path.join(dir, 'x.tar'), job()), rejectsWith(/^no such image: no-such-image-/));
	assert.deepEqual((await readdir(dir)).sort(), ['images.tar'], 'no partial files left');

	await removeImage(docker, two, {force: false, noPrune: false});
	await assert.rejects(inspectImage(docker, two));
	const loading = job();
	const loaded = await loadImages(docker, file, loading);
	assert.deepEqual([...loaded].sort(), [one, two].sort());
	assert.equal((await inspectImage(docker, two)).id, twoId);
	const last = loading.events.filter(event => event.kind === 'bytes').at(-1);
	assert.deepEqual(last, {kind: 'bytes', current: size, total: size});
	assert.ok(lines(loading.events).some(line => line === `Loaded image: ${two}`));

	// Overwriting is asked for explicitly; the new archive replaces the old one whole.
	await saveImages(docker, [one], file, job(), {overwrite: true});
	assert.ok((await stat(file)).size < size);
	assert.deepEqual(await readdir(dir), ['images.tar']);
});

test('a cancelled save leaves no file behind', async () => {
	const dir = await folder();
	const file = path.join(dir, 'cancelled.tar');
	const control = job((event, controller) => {
		if (event.kind === 'bytes') {
			controller.abort();
		}
	});
	await assert.rejects(saveImages(docker, [testImage], file, control), rejectsWith(/^save cancelled$/));
	assert.deepEqual(await readdir(dir), []);
});

test('loading a file that is not an image archive says so plainly', async () => {
	const dir = await folder();
	const text = path.join(dir, 'notes.txt');
	await writeFile(text, 'just some notes\n'.repeat(100));
	await assert.rejects(loadImages(docker, text, job()), rejectsWith(new RegExp(`^${text} is not an image archive`)));
	await assert.rejects(loadImages(docker, path.join(dir, 'absent.tar'), job()), rejectsWith(/^cannot read .*absent\.tar: no such file or directory$/));
});

/** A TCP server that accepts connections and never answers: a registry that hangs. */
async function silentServer(): Promise<{port: number; close(): Promise<void>}> {
	const sockets = new Set<Socket>();
	const server: Server = createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	assert.ok(address && typeof address === 'object');
	return {
		port: address.port,
		close: () =>
			new Promise<void>(resolve => {
				for (const socket of sockets) {
					socket.destroy();
				}
				server.close(() => resolve());
			}),
	};
}

test('a pull is cancelled through the signal while the registry does not answer', async () => {
	const silent = await silentServer();
	try {
		const control = job();
		const pulling = pullImage(docker, `127.0.0.1:${silent.port}/${repository}:hang`, undefined, control, where);
		setTimeout(() => control.controller.abort(), 500);
		const started = Date.now();
		await assert.rejects(pulling, rejectsWith(/^pull cancelled$/));
		assert.ok(Date.now() - started < 5_000);
	} finally {
		await silent.close();
	}
});

test('push to a registry and pull back, with layer progress', async () => {
	const registry = await startRegistry();
	registries.push(registry);
	const remote = nameFor('pushed', registry.host);
	await tagImage(docker, testImage, remote);

	const pushing = job();
	const digest = await pushImage(docker, remote, undefined, pushing, where);
	assert.match(digest ?? '', /^sha256:[0-9a-f]{64}$/);
	const pushLayers = pushing.events.filter(event => event.kind === 'layer');
	assert.ok(pushLayers.some(event => event.status === 'Pushed'), JSON.stringify(pushing.events));
	assert.ok(pushLayers.some(event => event.status === 'Preparing'));
	assert.ok(lines(pushing.events).some(line => line.includes(digest ?? '?')));

	// Pushed again, every layer is already there.
	const again = job();
	assert.equal(await pushImage(docker, remote, undefined, again, where), digest);
	assert.ok(again.events.some(event => event.kind === 'layer' && event.status === 'Layer already exists'));

	await removeImage(docker, remote, {force: false, noPrune: false});
	const pulling = job();
	const id = await pullImage(docker, remote, undefined, pulling, where);
	assert.equal(id, (await inspectImage(docker, testImage)).id);
	// The test image's layers are already here, so the pull has no bytes to fetch; its lines say so.
	assert.ok(lines(pulling.events).some(line => line.startsWith('Digest: sha256:')), JSON.stringify(pulling.events));
	assert.ok(lines(pulling.events).some(line => line.startsWith('Status: ')));
});

test('a pull downloads and extracts layers with sizes', async () => {
	const registry = registries[0] ?? (await startRegistry());
	if (!registries.includes(registry)) {
		registries.push(registry);
	}
	// An image of its own, so its top layer is not on the engine once removed.
	const local = nameFor('fresh');
	const id = await buildSmall(`fresh ${runId}`, [local]);
	const remote = nameFor('fresh', registry.host);
	await tagImage(docker, local, remote);
	await pushImage(docker, remote, undefined, job(), where);
	await removeImage(docker, remote, {force: false, noPrune: false});
	await removeImage(docker, id, {force: true, noPrune: false});

	const pulling = job();
	const pulled = await pullImage(docker, remote, undefined, pulling, where);
	assert.equal((await inspectImage(docker, pulled)).repoTags.includes(remote), true);
	const layers = pulling.events.filter(event => event.kind === 'layer');
	assert.ok(
		layers.some(event => event.status === 'Downloading' && event.total !== undefined && event.total > 0),
		JSON.stringify(pulling.events),
	);
	assert.ok(layers.some(event => event.status === 'Pull complete'));
	await removeImage(docker, pulled, {force: true, noPrune: false});
});

test('pull failures in plain words: unknown tag, unreachable registry', async () => {
	const registry = registries[0] ?? (await startRegistry());
	if (!registries.includes(registry)) {
		registries.push(registry);
	}
	const unknown = `${registry.host}/${repository}:no-such-tag`;
	await assert.rejects(
		pullImage(docker, unknown, undefined, job(), where),
		rejectsWith(new RegExp(`^cannot pull ${unknown}: no such image or tag on ${registry.host}$`)),
	);
	const closed = await freePort();
	const unreachable = `127.0.0.1:${closed}/${repository}:x`;
	await assert.rejects(
		pullImage(docker, unreachable, undefined, job(), where),
		rejectsWith(new RegExp(`^cannot pull ${unreachable}: the registry 127\\.0\\.0\\.1:${closed} cannot be reached \\(connection refused\\)$`)),
	);
	await assert.rejects(
		pushImage(docker, `${registry.host}/${repository}:not-here-${runId}`, undefined, job(), where),
		rejectsWith(/no local image has that name/),
	);
});

test('a registry with authentication: refused without credentials, works with them', async () => {
	const registry = await startRegistry({auth: true});
	registries.push(registry);
	assert.ok(registry.user && registry.password);
	const remote = nameFor('private', registry.host);
	await tagImage(docker, testImage, remote);

	await assert.rejects(
		pushImage(docker, remote, undefined, job(), where),
		rejectsWith(new RegExp(`^cannot push ${remote}: ${registry.host} requires authentication`)),
	);
	const auth = {username: registry.user, password: registry.password, serveraddress: registry.host};
	await assert.rejects(
		pushImage(docker, remote, {...auth, password: 'wrong'}, job(), where),
		rejectsWith(/refused the credentials/),
	);
	const digest = await pushImage(docker, remote, auth, job(), where);
	assert.match(digest ?? '', /^sha256:/);

	await removeImage(docker, remote, {force: false, noPrune: false});
	await assert.rejects(
		pullImage(docker, remote, undefined, job(), where),
		rejectsWith(new RegExp(`^cannot pull ${remote}: ${registry.host} requires authentication`)),
	);
	const id = await pullImage(docker, remote, auth, job(), where);
	assert.equal(id, (await inspectImage(docker, testImage)).id);
});
