// Volume operations against the real engine: create, inspect, remove, prune, disk usage, and
// backup and restore through never-started helper containers. Every volume and container made
// here carries the run's `berth.test` label and is removed at the end; helpers are checked for
// by their own label, since the code under test makes and must remove them.
import assert from 'node:assert/strict';
import {mkdtemp, readdir, rm, stat, truncate, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {
	backupVolume,
	createVolume,
	helperVolumeLabel,
	inspectVolume,
	pruneVolumes,
	removeVolume,
	restoreVolume,
	volumeIsEmpty,
	volumesToPrune,
	volumeUsage,
} from '../../source/engine/volumes.js';
import {EngineError} from '../../source/engine/types.js';
import {cleanUp, createContainer, docker, job, labels, requireEngine, runId, uniqueName} from './helpers.js';

const where = 'unix:///var/run/docker.sock';
const folders: string[] = [];
/** Every volume name made here, so helpers serving them can be looked for. */
const made: string[] = [];

before(requireEngine);

after(async () => {
	// Helpers are the code's to remove; any left over is a failure (reported by the tests), not litter.
	for (const name of made) {
		const helpers = await docker.listContainers({all: true, filters: {label: [`${helperVolumeLabel}=${name}`]}});
		await Promise.all(helpers.map(helper => docker.getContainer(helper.Id).remove({force: true, v: true})));
	}
	await cleanUp();
	await Promise.all(folders.map(folder => rm(folder, {recursive: true, force: true})));
});

async function folder(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-volumes-'));
	folders.push(dir);
	return dir;
}

/** A labelled volume with a unique name. */
async function volume(hint: string, extra: {driverOptions?: Record<string, string>; labels?: Record<string, string>} = {}): Promise<string> {
	const name = uniqueName(hint);
	made.push(name);
	await createVolume(docker, {name, driverOptions: extra.driverOptions ?? {}, labels: {...labels, ...extra.labels}}, where);
	return name;
}

/** Runs a busybox shell script with volumes mounted (`{'/v': name}`), and returns its stdout. */
async function sh(script: string, mounts: Record<string, string>): Promise<string> {
	const container = await createContainer({
		start: false,
		hint: 'sh',
		Cmd: ['sh', '-c', script],
		HostConfig: {Binds: Object.entries(mounts).map(([target, name]) => `${name}:${target}`)},
	});
	try {
		await container.start();
		const {StatusCode: code} = (await container.wait()) as {StatusCode: number};
		const output = (await container.logs({stdout: true, stderr: true, follow: false})) as unknown as Buffer;
		const {stdout, stderr} = demux(output);
		assert.equal(code, 0, `script failed (${code}): ${script}\n${stderr}`);
		return stdout;
	} finally {
		await container.remove({force: true});
	}
}

/** Splits the engine's framed (non-TTY) log output into its streams. */
function demux(buffer: Buffer): {stdout: string; stderr: string} {
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	let offset = 0;
	while (offset + 8 <= buffer.length) {
		const size = buffer.readUInt32BE(offset + 4);
		const payload = buffer.subarray(offset + 8, offset + 8 + size);
		(buffer[offset] === 2 ? err : out).push(payload);
		offset += 8 + size;
	}
	return {stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')};
}

/** Every entry's path, type, mode, owner and link target, and every file's checksum: the whole tree. */
const treeScript =
	'cd /v && find . -exec stat -c "%n %F %a %u:%g %N" {} + | sort && find . -type f -exec md5sum {} + | sort';

/** Nested directories, a symlink, odd modes and owners, a name with a space, an empty directory and a larger file. */
const fillScript = [
	'mkdir -p /v/a/b/c /v/empty-dir',
	'echo hello > /v/a/b/c/f',
	'chmod 640 /v/a/b/c/f',
	'chown 123:45 /v/a/b',
	'chmod 700 /v/a/b',
	'ln -s a/b/c/f /v/link',
	'echo spaced > "/v/name with space"',
	'dd if=/dev/urandom of=/v/a/blob bs=1k count=512 2>/dev/null',
].join(' && ');

/** Helper containers still present for these volumes. */
async function helpersFor(...names: string[]): Promise<string[]> {
	const found: string[] = [];
	for (const name of names) {
		const helpers = await docker.listContainers({all: true, filters: {label: [`${helperVolumeLabel}=${name}`]}});
		found.push(...helpers.map(helper => helper.Id));
	}
	return found;
}

async function volumeExists(name: string): Promise<boolean> {
	return docker
		.getVolume(name)
		.inspect()
		.then(() => true)
		.catch(() => false);
}

test('createVolume keeps driver options and labels, inspectVolume shows them with the containers that mount it', async () => {
	const name = uniqueName('opts');
	made.push(name);
	const created = await createVolume(
		docker,
		{name, driver: 'local', driverOptions: {type: 'tmpfs', device: 'tmpfs', o: 'size=1m'}, labels: {...labels, tier: 'cache'}},
		where,
	);
	assert.equal(created.name, name);
	assert.equal(created.driver, 'local');
	assert.deepEqual(created.labels, {...labels, tier: 'cache'});

	// The engine would hand back the existing volume and ignore the new options: refused instead.
	await assert.rejects(
		createVolume(docker, {name, driverOptions: {}, labels}, where),
		(error: unknown) => error instanceof EngineError && error.message === `volume ${name} already exists`,
	);

	const reader = await createContainer({start: false, hint: 'reader', HostConfig: {Binds: [`${name}:/data:ro`]}});
	const writer = await createContainer({start: false, hint: 'writer', HostConfig: {Binds: [`${name}:/cache`]}});
	const details = await inspectVolume(docker, name, where);
	assert.equal(details.name, name);
	assert.equal(details.driver, 'local');
	assert.equal(details.scope, 'local');
	assert.match(details.mountpoint, /\/_data$/);
	assert.ok(details.created !== undefined && Math.abs(details.created - Date.now()) < 5 * 60_000, `created ${details.created}`);
	assert.deepEqual(details.options, {type: 'tmpfs', device: 'tmpfs', o: 'size=1m'});
	assert.deepEqual(details.labels, {...labels, tier: 'cache'});
	const readerName = (await reader.inspect()).Name.slice(1);
	const writerName = (await writer.inspect()).Name.slice(1);
	assert.deepEqual(
		details.users.map(({id, name: user, state, destination, readWrite}) => ({id, user, state, destination, readWrite})),
		[
			{id: reader.id, user: readerName, state: 'created', destination: '/data', readWrite: false},
			{id: writer.id, user: writerName, state: 'created', destination: '/cache', readWrite: true},
		].sort((a, b) => a.user.localeCompare(b.user)),
	);

	// In use: the refusal names the containers (by name, not the engine's ids), with or without force.
	const inUse = `volume ${name} is in use by containers ${[readerName, writerName].sort().join(', ')} (remove them first)`;
	for (const force of [false, true]) {
		await assert.rejects(removeVolume(docker, name, {force}, where), (error: unknown) => {
			assert.ok(error instanceof EngineError);
			assert.equal(error.message, inUse);
			assert.equal(error.statusCode, 409);
			return true;
		});
	}
	await writer.remove();
	await assert.rejects(removeVolume(docker, name, {force: false}, where), {
		message: `volume ${name} is in use by container ${readerName} (remove them first)`,
	});
	await reader.remove();

	await removeVolume(docker, name, {force: false}, where);
	assert.equal(await volumeExists(name), false);
	await assert.rejects(inspectVolume(docker, name, where), {message: `no such volume: ${name}`});
	await assert.rejects(removeVolume(docker, name, {force: false}, where), {message: `no such volume: ${name}`});
	// Force forgives a volume that is already gone, as `docker volume rm -f` does.
	await removeVolume(docker, name, {force: true}, where);
});

test('createVolume without a name makes one with a name the engine picks', async () => {
	const created = await createVolume(docker, {driverOptions: {}, labels}, where);
	made.push(created.name);
	assert.match(created.name, /^[0-9a-f]{64}$/);
	assert.deepEqual(created.labels, labels);
	// A helper removes its own anonymous volumes when it goes; one it mounted by name is not among them.
	assert.equal(await volumeIsEmpty(docker, created.name, where), true);
	assert.equal(await volumeExists(created.name), true);
	assert.deepEqual(await helpersFor(created.name), []);
});

test('volumesToPrune lists what pruneVolumes removes: unused local volumes without driver options', async () => {
	const only = {'berth.test.case': `prune-${runId}`};
	const unused = await volume('unused', {labels: only});
	const unusedEmpty = await volume('unused-empty', {labels: only});
	const used = await volume('used', {labels: only});
	const withOptions = await volume('tmpfs', {labels: only, driverOptions: {type: 'tmpfs', device: 'tmpfs'}});
	await sh('dd if=/dev/zero of=/v/blob bs=1k count=64 2>/dev/null', {'/v': unused});
	await createContainer({start: false, hint: 'user', HostConfig: {Binds: [`${used}:/data`]}});
	const label = [`berth.test.case=prune-${runId}`];

	const listed = await volumesToPrune(docker, {label}, where);
	assert.deepEqual(
		listed.map(entry => entry.name),
		[unused, unusedEmpty].sort(),
	);
	assert.deepEqual(listed[0]?.labels, {...labels, ...only});

	const result = await pruneVolumes(docker, {label}, where);
	assert.deepEqual([...result.deleted].sort(), [unused, unusedEmpty].sort());
	assert.ok(result.spaceReclaimed >= 64 * 1024, `reclaimed ${result.spaceReclaimed}`);
	assert.equal(await volumeExists(unused), false);
	assert.equal(await volumeExists(used), true);
	assert.equal(await volumeExists(withOptions), true);
	assert.deepEqual(await volumesToPrune(docker, {label}, where), []);
});

test('volumeUsage reports a size and users for each volume', async () => {
	const full = await volume('full');
	const empty = await volume('empty');
	await sh('dd if=/dev/zero of=/v/blob bs=1k count=64 2>/dev/null', {'/v': full});
	await createContainer({start: false, hint: 'user', HostConfig: {Binds: [`${full}:/data`]}});
	const usage = await volumeUsage(docker, where);
	const fullUsage = usage.get(full);
	assert.ok(fullUsage, 'the volume is in the report');
	assert.ok(fullUsage.size >= 64 * 1024, `size ${fullUsage.size}`);
	assert.equal(fullUsage.refCount, 1);
	assert.deepEqual(usage.get(empty), {size: 0, refCount: 0});
});

test('backupVolume and restoreVolume carry every file, directory, link, mode and owner across', async () => {
	const dir = await folder();
	const source = await volume('source');
	const copy = await volume('copy');
	await sh(fillScript, {'/v': source});
	const original = await sh(treeScript, {'/v': source});
	assert.match(original, /\.\/link symbolic link 777 0:0 '\.\/link' -> 'a\/b\/c\/f'/);
	assert.match(original, /\.\/a\/b directory 700 123:45/);

	const file = path.join(dir, 'source.tar');
	const saving = job();
	await backupVolume(docker, source, file, saving, {}, where);
	const size = (await stat(file)).size;
	const counts = saving.events.flatMap(event => (event.kind === 'bytes' ? [event.current] : []));
	assert.ok(counts.length > 0, 'progress was reported');
	assert.equal(counts.at(-1), size);
	assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
	assert.deepEqual(await readdir(dir), ['source.tar'], 'no temporary file is left');

	// Without overwrite an existing file is kept; with it, replaced.
	await assert.rejects(backupVolume(docker, source, file, job(), {}, where), {message: `${file} already exists`});
	await backupVolume(docker, source, file, job(), {overwrite: true}, where);

	assert.equal(await volumeIsEmpty(docker, copy, where), true);
	assert.equal(await volumeIsEmpty(docker, source, where), false);
	const loading = job();
	await restoreVolume(docker, copy, file, loading, {}, where);
	const sent = loading.events.flatMap(event => (event.kind === 'bytes' ? [event] : []));
	assert.deepEqual(sent.at(-1), {kind: 'bytes', current: size, total: size});
	assert.equal(await sh(treeScript, {'/v': copy}), original);
	assert.deepEqual(await helpersFor(source, copy), [], 'every helper container was removed');
	// The helpers never touched the volumes themselves.
	assert.equal(await volumeExists(source), true);
	assert.equal(await volumeExists(copy), true);
});

test('restoreVolume refuses a non-empty volume unless replace, which clears it first', async () => {
	const dir = await folder();
	const source = await volume('source');
	const target = await volume('target');
	await sh(fillScript, {'/v': source});
	const original = await sh(treeScript, {'/v': source});
	const file = path.join(dir, 'backup.tar');
	await backupVolume(docker, source, file, job(), {}, where);
	await sh('echo stale > /v/stale && mkdir -p /v/a && echo old > /v/a/old', {'/v': target});
	const before = await sh(treeScript, {'/v': target});

	await assert.rejects(restoreVolume(docker, target, file, job(), {}, where), {
		message: `volume ${target} is not empty: restoring would mix the backup with its files (restore with replace to clear it first, or into a new volume)`,
	});
	assert.equal(await sh(treeScript, {'/v': target}), before, 'the refused restore changed nothing');

	// Replace needs the volume to itself: it is removed and made again to clear it.
	const user = await createContainer({start: false, hint: 'holder', HostConfig: {Binds: [`${target}:/data`]}});
	const userName = (await user.inspect()).Name.slice(1);
	await assert.rejects(restoreVolume(docker, target, file, job(), {replace: true}, where), {
		message: `cannot replace the contents of volume ${target} while container ${userName} use it (remove them first, or restore into a new volume)`,
	});
	await user.remove();

	const labelsBefore = (await inspectVolume(docker, target, where)).labels;
	await restoreVolume(docker, target, file, job(), {replace: true}, where);
	assert.equal(await sh(treeScript, {'/v': target}), original, 'only the backup is left');
	assert.deepEqual((await inspectVolume(docker, target, where)).labels, labelsBefore, 'the volume kept its labels');
	assert.deepEqual(await helpersFor(source, target), []);
});

test('restoreVolume refuses a missing file, a file that is not a tar, and a cut tar, touching nothing', async () => {
	const dir = await folder();
	const source = await volume('source');
	const target = await volume('target');
	await sh(fillScript, {'/v': source});
	const file = path.join(dir, 'backup.tar');
	await backupVolume(docker, source, file, job(), {}, where);

	const missing = path.join(dir, 'missing.tar');
	await assert.rejects(restoreVolume(docker, target, missing, job(), {}, where), {
		message: `cannot read ${missing}: no such file or directory`,
	});
	await assert.rejects(restoreVolume(docker, target, dir, job(), {}, where), {message: `${dir} is not a file`});

	const text = path.join(dir, 'notes.txt');
	await writeFile(text, 'these are not the files you are looking for\n'.repeat(40));
	await assert.rejects(restoreVolume(docker, target, text, job(), {}, where), (error: unknown) => {
		assert.ok(error instanceof EngineError);
		assert.match(error.message, new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a tar archive \\(.+\\): nothing was restored$`));
		return true;
	});

	const empty = path.join(dir, 'empty.tar');
	await writeFile(empty, '');
	await assert.rejects(restoreVolume(docker, target, empty, job(), {}, where), {
		message: `${empty} is not a volume backup: it holds no files (an empty file or an empty tar)`,
	});

	// The engine itself would unpack the part before the cut and answer 200.
	const cut = path.join(dir, 'cut.tar');
	await backupVolume(docker, source, cut, job(), {}, where);
	await truncate(cut, Math.floor((await stat(cut)).size / 2));
	await assert.rejects(restoreVolume(docker, target, cut, job(), {}, where), {
		message: `${cut} is cut short (the tar ends in the middle of a file): nothing was restored`,
	});

	assert.equal(await volumeIsEmpty(docker, target, where), true);
	assert.deepEqual(await helpersFor(source, target), []);
});

test('a volume that does not exist is named, and not created by the helper mounting it', async () => {
	const dir = await folder();
	const ghost = uniqueName('ghost');
	made.push(ghost);
	await assert.rejects(backupVolume(docker, ghost, path.join(dir, 'x.tar'), job(), {}, where), {message: `no such volume: ${ghost}`});
	await assert.rejects(volumeIsEmpty(docker, ghost, where), {message: `no such volume: ${ghost}`});
	const file = path.join(dir, 'ok.tar');
	const source = await volume('source');
	await backupVolume(docker, source, file, job(), {}, where);
	await assert.rejects(restoreVolume(docker, ghost, file, job(), {}, where), {message: `no such volume: ${ghost}`});
	assert.equal(await volumeExists(ghost), false);
	assert.deepEqual(await readdir(dir), ['ok.tar']);
});

test('cancelling a backup or a restore leaves no file and no helper container', async () => {
	const dir = await folder();
	const source = await volume('source');
	const target = await volume('target');
	await sh('dd if=/dev/urandom of=/v/big bs=1M count=8 2>/dev/null', {'/v': source});
	const file = path.join(dir, 'big.tar');

	const cancelled = job((event, controller) => {
		if (event.kind === 'bytes') {
			controller.abort();
		}
	});
	await assert.rejects(backupVolume(docker, source, file, cancelled, {}, where), {message: 'backup cancelled'});
	assert.deepEqual(await readdir(dir), [], 'neither the file nor a temporary one is left');
	assert.deepEqual(await helpersFor(source), []);

	// Cancelled before it starts: nothing is created at all.
	const early = new AbortController();
	early.abort();
	await assert.rejects(backupVolume(docker, source, file, {signal: early.signal, onEvent: () => undefined}, {}, where), {
		message: 'backup cancelled',
	});

	await backupVolume(docker, source, file, job(), {}, where);
	const restoring = job((event, controller) => {
		if (event.kind === 'bytes' && event.current > 1024 * 1024) {
			controller.abort();
		}
	});
	await assert.rejects(restoreVolume(docker, target, file, restoring, {}, where), {message: 'restore cancelled'});
	assert.deepEqual(await helpersFor(source, target), []);
	assert.deepEqual(await readdir(dir), ['big.tar']);
});

