// Image workflows through the built CLI in a real terminal (tmux), checked against the real
// engine: pull from a real registry with progress, run from an image through the form, build
// from a directory, prune, and save and load. Every image and container made here carries the
// run's `berth.test` label or a name in this run's repository, and is removed at the end. The
// prune runs on a private engine of its own, since a prune removes images the test did not make.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import {createServer, connect, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import {removeTestObjects, requireEngine, RUN_ID, RUN_LABEL, startPrivateEngine, TEST_IMAGE, type PrivateEngine} from '../support/engine.js';
import {freePort, startRegistry, type TestRegistry} from '../support/registry.js';
import type {Terminal} from '../support/terminal.js';
import {buildLabelled, dockerCli, execFileAsync, launch} from './berth.js';

let docker: Dockerode;
/** Every image name made here is in this repository (or under it, in a registry). */
const token = `img${RUN_ID.replace('-', '')}`;
const label = `${RUN_LABEL}=${RUN_ID}`;
const terminals: Terminal[] = [];
const registries: TestRegistry[] = [];
const proxies: Server[] = [];
const folders: string[] = [];
/** Private engines, for the tests that prune: a prune removes what the test did not make. */
const engines: PrivateEngine[] = [];
/** Image names this run made or pulled, removed at the end. */
const names = new Set<string>();

before(async () => {
	docker = await requireEngine();
});

after(async () => {
	await Promise.all(terminals.map(async terminal => terminal.kill()));
	await Promise.all(proxies.map(async proxy => new Promise(resolve => proxy.close(resolve))));
	await Promise.all(registries.map(async registry => registry.stop()));
	// Containers first: they hold their images.
	await removeTestObjects(docker);
	for (const name of names) {
		await docker
			.getImage(name)
			.remove()
			.catch(() => undefined);
	}
	// Children before parents: an image with children cannot be removed, so go round until none is left.
	for (let pass = 0; pass < 5; pass++) {
		const labelled = await docker.listImages({all: true, filters: {label: [label]}});
		if (labelled.length === 0) {
			break;
		}
		for (const image of labelled) {
			await docker
				.getImage(image.Id)
				.remove({force: true})
				.catch(() => undefined);
		}
	}
	await Promise.all(folders.map(async folder => rm(folder, {recursive: true, force: true})));
	await Promise.all(engines.map(async engine => engine.dispose()));
});

/** A name in this run's repository, removed at the end. */
function nameFor(repository: string, tag: string, host?: string): string {
	const name = `${host ? `${host}/` : ''}${token}/${repository}:${tag}`;
	names.add(name);
	return name;
}

async function folder(files: Record<string, string> = {}): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-e2e-images-'));
	folders.push(dir);
	for (const [name, content] of Object.entries(files)) {
		await writeFile(path.join(dir, name), content);
	}
	return dir;
}

/** Builds a labelled image of `steps` as `tag` (on `engine`, else the shared one). Returns its id. */
async function buildFixture(tag: string, steps: string[], engine?: PrivateEngine): Promise<string> {
	return buildLabelled(engine?.docker ?? docker, tag, steps, engine && `unix://${engine.socket}`);
}

function escape(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Polls the engine until `check` returns a value other than undefined. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) {
			return value;
		}
		if (Date.now() > deadline) {
			assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

async function imageExists(name: string): Promise<boolean> {
	try {
		await docker.getImage(name).inspect();
		return true;
	} catch (error) {
		if ((error as {statusCode?: number}).statusCode === 404) {
			return false;
		}
		throw error;
	}
}

/** berth at 160x45 on the images pane (of `engine` when given). */
async function openImages(engine?: PrivateEngine): Promise<Terminal> {
	const terminal = await launch({cols: 160, rows: 45, env: engine ? {DOCKER_HOST: `unix://${engine.socket}`} : {}});
	terminals.push(terminal);
	// A busy shared engine can take a while to report: wait up to 20 s unless told otherwise.
	const waitFor = terminal.waitFor.bind(terminal);
	terminal.waitFor = async (predicate, timeoutMs = 20_000) => waitFor(predicate, timeoutMs);
	await terminal.type('2');
	await terminal.waitFor(s => /─ 2 Images · \d+/.test(s) && s.includes('p pull'));
	return terminal;
}

/** Narrows the images list to names containing `text`. */
async function filterImages(terminal: Terminal, text: string): Promise<void> {
	await terminal.type('/');
	await terminal.type(text);
	await terminal.sendKeys('Enter');
	await terminal.waitFor(`filter "${text}"`);
}

/** The dialog box drawn over the screen: its rows, from its left border on. */
function dialogText(screen: string): string {
	const lines = screen.split('\n');
	const top = lines.findIndex(line => line.includes('╭'));
	const bottom = lines.findIndex((line, index) => index > top && line.includes('╰'));
	assert.ok(top !== -1 && bottom !== -1, `no dialog on the screen:\n${screen}`);
	const column = lines[top]!.indexOf('╭');
	return lines
		.slice(top, bottom + 1)
		.map(line => line.slice(column))
		.join('\n');
}

/** The row of the list that carries the selection cursor. */
function selectedRow(screen: string): string | undefined {
	return screen.split('\n').find(line => line.startsWith('›'));
}

/** Types into a form field after clearing it. */
async function setField(terminal: Terminal, text: string): Promise<void> {
	await terminal.sendKeys('C-u');
	await terminal.type(text);
}

/** Presses Tab `count` times. */
async function tab(terminal: Terminal, count: number): Promise<void> {
	await terminal.sendKeys(...Array.from({length: count}, () => 'Tab'));
}

/**
 * A TCP proxy in front of the registry that passes the registry's answers on at about `rate`
 * bytes a second, so a pull runs long enough to be watched.
 */
async function slowProxy(port: number, rate: number): Promise<number> {
	const sockets = new Set<Socket>();
	const server = createServer(client => {
		const upstream = connect(port, '127.0.0.1');
		sockets.add(client).add(upstream);
		const close = (): void => {
			client.destroy();
			upstream.destroy();
		};
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
		client.pipe(upstream);
		upstream.on('data', (chunk: Buffer) => {
			upstream.pause();
			// Passed on in slices, each after its share of time.
			let offset = 0;
			const next = (): void => {
				if (offset >= chunk.length || client.destroyed) {
					upstream.resume();
					return;
				}
				const slice = chunk.subarray(offset, offset + 16_384);
				offset += slice.length;
				client.write(slice);
				setTimeout(next, (1000 * slice.length) / rate);
			};
			next();
		});
	});
	server.on('close', () => {
		for (const socket of sockets) {
			socket.destroy();
		}
	});
	proxies.push(server);
	const proxyPort = await freePort();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(proxyPort, '127.0.0.1', () => resolve());
	});
	return proxyPort;
}

test('p pulls from a registry, showing the layers as they come, and selects the pulled image', async () => {
	const registry = await startRegistry();
	registries.push(registry);
	// An image with a layer of random data the engine will not have once the local copy is gone.
	const pushed = nameFor('pull', '1', registry.host);
	await buildFixture(pushed, ['RUN dd if=/dev/urandom of=/blob bs=1M count=4 2>/dev/null']);
	await dockerCli(['push', pushed]);
	await dockerCli(['rmi', pushed]);
	assert.equal(await imageExists(pushed), false);

	// ~4 MB at 1.5 MB/s: a few seconds of progress to see.
	const proxyPort = await slowProxy(registry.port, 1_500_000);
	const reference = nameFor('pull', '1', `127.0.0.1:${proxyPort}`);
	const terminal = await openImages();
	await terminal.type('p');
	await terminal.waitFor('Pull which image?');
	// Whatever was prefilled goes.
	await terminal.sendKeys(...Array.from({length: 80}, () => 'BSpace'));
	await terminal.waitFor(/> \s*│/);
	await terminal.type(reference);
	await terminal.waitFor(`> ${reference}`);
	await terminal.sendKeys('Enter');

	const running = await terminal.waitFor(
		s => s.includes(`pull ${reference} · running`) && /\[#*\.+\]/.test(s) && /\d+% of [\d.]+\s?[kMG]?B, \d\/\d layers/.test(s),
		20_000,
	);
	assert.ok(running.includes(`$ docker pull ${reference}`), `the command line shows:\n${running}`);
	// One line per layer: the base it has, the random one it downloads.
	assert.match(running, /[0-9a-f]{12} (Downloading|Extracting|Pulling fs layer|Waiting|Verifying Checksum|Download complete)\s/);

	const done = await terminal.waitFor(`pull ${reference} · done`, 60_000);
	assert.match(done, /[0-9a-f]{12} Pull complete/);
	assert.match(done, /[0-9a-f]{12} Already exists/);
	// The message line says how it ended.
	await terminal.waitFor(new RegExp(`✓ pull ${escape(reference)}: pulled as [0-9a-f]{12}`));

	const image = await docker.getImage(reference).inspect();
	assert.equal(image.Config.Labels?.[RUN_LABEL], RUN_ID);
	const selected = await terminal.waitFor(s => selectedRow(s)?.includes(reference) ?? false);
	assert.ok(selectedRow(selected)?.includes(image.Id.replace('sha256:', '').slice(0, 12)), `the selected row is the pulled image:\n${selected}`);

	// Esc closes the ended job; the Jobs pane still lists it.
	await terminal.sendKeys('Escape');
	await terminal.waitFor(s => !s.includes(`pull ${reference} · done`));
	await terminal.type('5');
	await terminal.waitFor(s => s.includes(`pull ${reference}`) && /─ 5 Jobs · 1/.test(s));
});

test('r runs a container from the image through the form: a wrong port is named and fixed, a taken name is refused in the form', async () => {
	const image = nameFor('run', '1');
	await buildFixture(image, []);
	const name = `${token}-run`;
	const port = await freePort();
	const terminal = await openImages();
	await filterImages(terminal, `${token}/run`);
	await terminal.waitFor(s => selectedRow(s)?.includes(image) ?? false);

	await terminal.type('r');
	await terminal.waitFor(`Run a container from ${image}`);
	// The form starts on the name, the image filled in.
	await terminal.waitFor(s => /›name\s/.test(s) && s.includes(`docker run -d ${image}`));
	await terminal.type(name);
	await tab(terminal, 1);
	await terminal.waitFor(/›command/);
	await terminal.type('sleep 300');
	await tab(terminal, 2);
	await terminal.waitFor(/›ports/);
	await terminal.type('18080:abc');
	let screen = await terminal.waitFor(/↳ ports: 18080:abc is not a port/);
	// No docker run line while the form is wrong; the reason is in red.
	assert.doesNotMatch(screen, /docker run -d --name/);
	const {stdout: coloured} = await execFileAsync('tmux', ['-L', terminal.server, 'capture-pane', '-p', '-e']);
	assert.match(coloured, /\u001B\[(31|91|38;5;(1|9))m\s*↳ ports: 18080:abc/, 'the error line is red');

	// Submitting a wrong form goes back to the wrong field and creates nothing.
	await tab(terminal, 1);
	await terminal.waitFor(/›publish all/);
	await terminal.sendKeys('C-s');
	await terminal.waitFor(s => /›ports\s+18080:abc/.test(s) && s.includes('↳ ports: 18080:abc is not a port'));
	assert.deepEqual(await docker.listContainers({all: true, filters: {name: [name]}}), []);

	await setField(terminal, `127.0.0.1:${port}:80`);
	await terminal.waitFor(s => !s.includes('↳ ports'));
	// From ports down to labels.
	await tab(terminal, 20);
	await terminal.waitFor(/›labels/);
	await terminal.type(label);
	screen = await terminal.waitFor(`--label ${label}`);
	assert.match(screen, new RegExp(`docker run -d --name ${name} .*-p 127\\.0\\.0\\.1:${port}:80`));
	await terminal.sendKeys('C-s');

	// The new container, selected in the containers pane.
	screen = await terminal.waitFor(s => /─ 1 Containers/.test(s) && (selectedRow(s)?.includes(name) ?? false), 20_000);
	await terminal.waitFor(`✓ started ${name}`);
	const info = await docker.getContainer(name).inspect();
	assert.equal(info.Config.Image, image);
	assert.equal(info.Config.Labels[RUN_LABEL], RUN_ID);
	assert.deepEqual(info.Config.Cmd, ['sleep', '300']);
	assert.deepEqual(info.HostConfig.PortBindings, {'80/tcp': [{HostIp: '127.0.0.1', HostPort: String(port)}]});
	assert.equal(info.State.Running, true);

	// The same name again: the engine refuses, and the form stays, filled, with the reason.
	await terminal.type('2');
	await terminal.waitFor(s => s.includes('p pull') && (selectedRow(s)?.includes(image) ?? false));
	await terminal.type('r');
	await terminal.waitFor(/›name\s/);
	await terminal.type(name);
	await tab(terminal, 23);
	await terminal.waitFor(/›labels/);
	await terminal.type(label);
	await terminal.waitFor(`--label ${label}`);
	await terminal.sendKeys('C-s');
	screen = await terminal.waitFor(/✕ .*already in use/);
	assert.match(screen, new RegExp(`name\\s+${name}`), 'the name is still in the form');
	assert.match(screen, new RegExp(`labels\\s+${label.replace('.', '\\.')}`), 'the labels are still in the form');
	assert.equal((await docker.listContainers({all: true, filters: {label: [label]}})).length, 1);
	await terminal.sendKeys('Escape');
	await terminal.waitFor(s => !s.includes('Run a container from'));
});

test('b builds a directory with its .dockerignore, streaming the output; a failing step ends the job failed', async () => {
	const tag = nameFor('build', '1');
	const dir = await folder({
		Dockerfile: [
			`FROM ${TEST_IMAGE}`,
			`LABEL ${label}`,
			'COPY . /ctx/',
			// The ignored file never reaches the engine.
			'RUN test -e /ctx/keep.txt && test ! -e /ctx/ignored.txt',
			// Output arrives while the step still runs; the step line itself shows the unexpanded text.
			'RUN echo "tick-$((1+1))" && sleep 3 && echo "tock-$((2+2))"',
			'',
		].join('\n'),
		'.dockerignore': 'ignored.txt\n',
		'keep.txt': 'kept\n',
		'ignored.txt': 'not sent\n',
	});
	const terminal = await openImages();
	await terminal.type('b');
	await terminal.waitFor('Build an image');
	await setField(terminal, dir);
	await tab(terminal, 2);
	await terminal.waitFor(/›tags/);
	await terminal.type(tag);
	await terminal.waitFor(`docker build -t ${tag} ${dir}`);
	await terminal.sendKeys('C-s');

	const streaming = await terminal.waitFor(s => s.includes(`build ${tag} · running`) && /^.*│tick-2\s*$/m.test(s), 30_000);
	assert.doesNotMatch(streaming, /tock-4/);
	assert.match(streaming, /Step 1\/5 : FROM berth-test\/busybox/);
	const done = await terminal.waitFor(`build ${tag} · done`, 30_000);
	assert.match(done, /│tock-4\s*$/m);
	assert.match(done, /built [0-9a-f]{12}/);

	const image = await docker.getImage(tag).inspect();
	assert.equal(image.Config.Labels?.[RUN_LABEL], RUN_ID);
	await terminal.waitFor(s => selectedRow(s)?.includes(tag) ?? false);

	// A second build whose step fails.
	const failing = nameFor('build', 'fails');
	const broken = await folder({
		Dockerfile: [`FROM ${TEST_IMAGE}`, `LABEL ${label}`, 'RUN echo "nearly-$((3+3))"', 'RUN false', ''].join('\n'),
	});
	await terminal.sendKeys('Escape');
	await terminal.waitFor(s => !s.includes(`build ${tag} · done`));
	await terminal.type('b');
	await terminal.waitFor(/›context dir/);
	await setField(terminal, broken);
	await tab(terminal, 2);
	await terminal.waitFor(/›tags/);
	await terminal.type(failing);
	await terminal.waitFor(`docker build -t ${failing} ${broken}`);
	await terminal.sendKeys('C-s');
	const failed = await terminal.waitFor(`build ${failing} · failed`, 30_000);
	assert.match(failed, /Step 4\/4 : RUN false/);
	assert.match(failed, /nearly-6/);
	assert.match(failed, /returned a non-zero code: 1/);
	await terminal.waitFor(/✕ build .*returned a non-zero code: 1/);
	assert.equal(await imageExists(failing), false);
});

test('X 1 lists the dangling images and removes them once confirmed', {timeout: 180_000}, async () => {
	// On a private engine: a prune removes every dangling image, not only this test's.
	const engine = await startPrivateEngine();
	engines.push(engine);
	const own = engine.docker;
	// Built twice under one tag: the first build loses its name and dangles.
	const tag = `${token}/prune:1`;
	const first = await buildFixture(tag, [`RUN echo one-${RUN_ID} > /which`], engine);
	const second = await buildFixture(tag, [`RUN echo two-${RUN_ID} > /which`], engine);
	assert.notEqual(first, second);
	const dangling = await own.listImages({filters: {dangling: ['true']}});
	assert.deepEqual(
		dangling.map(image => image.Id),
		[first],
		'the first build dangles, and nothing else does',
	);
	const shortId = first.replace('sha256:', '').slice(0, 12);

	const terminal = await openImages(engine);
	await terminal.type('X');
	await terminal.waitFor('Prune which images?');
	await terminal.type('1');
	const confirm = dialogText(await terminal.waitFor(/Remove these 1 dangling images/));
	assert.match(confirm, new RegExp(`^\\s*│\\s+${shortId}\\s+[\\d.]+\\s?[kMG]?B\\s`, 'm'), `the dangling image ${shortId} is listed:\n${confirm}`);
	assert.ok(!confirm.includes(second.replace('sha256:', '').slice(0, 12)), `the tagged image is not listed:\n${confirm}`);
	await terminal.type('y');
	await terminal.waitFor(s => !s.includes('Remove these'));
	await eventually('the dangling image to be gone', async () => ((await exists(own, first)) ? undefined : true));
	assert.equal(await exists(own, second), true, 'the tagged build stays');
	assert.equal(await exists(own, TEST_IMAGE), true, 'the base image stays');
	await terminal.waitFor(s => !s.includes(shortId));
	await terminal.kill();
	await engine.dispose();
});

/** Whether `engine` has the image `name`. */
async function exists(engine: Dockerode, name: string): Promise<boolean> {
	try {
		await engine.getImage(name).inspect();
		return true;
	} catch (error) {
		if ((error as {statusCode?: number}).statusCode === 404) {
			return false;
		}
		throw error;
	}
}

test('S saves the marked images to a tar file and L loads them back', async () => {
	const one = nameFor('save', 'one');
	const two = nameFor('save', 'two');
	const oneId = await buildFixture(one, ['RUN echo one > /which']);
	const twoId = await buildFixture(two, ['RUN echo two > /which']);
	const dir = await folder();
	const file = path.join(dir, 'images.tar');

	const terminal = await openImages();
	await filterImages(terminal, `${token}/save`);
	await terminal.waitFor(s => s.includes(one) && s.includes(two));
	// Mark both rows.
	await terminal.sendKeys('Space', 'Down', 'Space');
	await terminal.waitFor(s => /│ 2 marked/.test(s) && (selectedRow(s)?.includes(two) ?? false));
	await terminal.type('S');
	await terminal.waitFor(`Save ${one}, ${two} to a tar file`);
	await terminal.type(file);
	await terminal.waitFor(new RegExp(`›file\\s+${escape(file)}`));
	await terminal.sendKeys('C-s');
	const saved = await terminal.waitFor(/save .* · done/, 30_000);
	assert.ok(saved.includes(`$ docker save -o ${file}`), `the command line shows:\n${saved}`);
	assert.match(saved, /2 names saved to/);
	await terminal.waitFor(`✓ save ${one}, ${two}: 2 names saved to ${file}`);
	assert.ok((await stat(file)).size > 0);
	const manifest = await tarManifest(file);
	assert.deepEqual(manifest.flatMap(entry => entry.RepoTags ?? []).sort(), [one, two].sort());

	// Gone from the engine, then loaded back from the file.
	// Forced: on a shared engine someone else may have a container on it; the names go all the same.
	await docker.getImage(one).remove({force: true});
	await docker.getImage(two).remove({force: true});
	await terminal.waitFor(/─ 2 Images · 0, filter/);
	await terminal.sendKeys('Escape');
	await terminal.type('L');
	await terminal.waitFor('Load images from a tar file');
	await terminal.type(file);
	await terminal.waitFor(new RegExp(`›file\\s+${escape(file)}`));
	await terminal.sendKeys('C-s');
	const loaded = await terminal.waitFor('load images.tar · done', 30_000);
	assert.ok(loaded.includes(`$ docker load -i ${file}`), `the command line shows:\n${loaded}`);
	// The engine loads an archive's images in an order of its own.
	await terminal.waitFor(new RegExp(`✓ load images\\.tar: loaded (${escape(one)}, ${escape(two)}|${escape(two)}, ${escape(one)})`));
	assert.equal((await docker.getImage(one).inspect()).Id, oneId);
	assert.equal((await docker.getImage(two).inspect()).Id, twoId);
	// The first image loaded is selected.
	const first = /Loaded image: (\S+)/.exec(loaded)?.[1];
	assert.ok(first === one || first === two, `the first loaded image is one of the two: ${first}`);
	const other = first === one ? two : one;
	await terminal.waitFor(s => s.includes(other) && (selectedRow(s)?.includes(first) ?? false));
});

/** The manifest.json of a `docker save` archive, read with tar (no shell). */
async function tarManifest(file: string): Promise<Array<{RepoTags?: string[]}>> {
	const {stdout} = await execFileAsync('tar', ['-xOf', file, 'manifest.json']);
	return JSON.parse(stdout) as Array<{RepoTags?: string[]}>;
}

