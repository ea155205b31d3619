// Commit, export, copy, diff, ports, update, prune and saving logs against the real engine. Every
// container and image made here carries the run's `berth.test` label and is removed at the end.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createReadStream} from 'node:fs';
import {chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {after, before, test} from 'node:test';
import {promisify} from 'node:util';
import tar from 'tar-stream';
import type Docker from 'dockerode';
import {
	commitContainer,
	containerDiff,
	containersToPrune,
	copyFromContainer,
	copyToContainer,
	exportContainer,
	pruneContainers,
	saveContainerLogs,
	updateContainer,
} from '../../source/engine/container-ops.js';
import {extractArchive} from '../../source/engine/container-copy.js';
import {normalizeDetails} from '../../source/engine/normalize.js';
import {dockerPortLines, NOT_PUBLISHED} from '../../source/format/port-lines.js';
import {EngineError} from '../../source/engine/types.js';
import {parseCommitChanges} from '../../source/parse/commit-changes.js';
import {parseSince} from '../../source/parse/since.js';
import {parseUpdateForm, updateFormOf} from '../../source/parse/update-spec.js';
import {cleanUp, createContainer, docker, idle, job, labels, requireEngine, runId, testLabel, waitFor} from './helpers.js';

const run = promisify(execFile);
const where = 'unix:///var/run/docker.sock';
const repository = `berth-test-ops-${runId}`;
const folders: string[] = [];

before(requireEngine);

after(async () => {
	await cleanUp();
	const images = await docker.listImages({filters: {label: [`${testLabel}=${runId}`]}});
	for (const image of images) {
		await docker
			.getImage(image.Id)
			.remove({force: true})
			.catch(() => undefined);
	}
	await Promise.all(folders.map(folder => rm(folder, {recursive: true, force: true})));
});

async function folder(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-ops-'));
	folders.push(dir);
	return dir;
}

async function nameOf(container: Docker.Container): Promise<string> {
	return (await container.inspect()).Name.replace(/^\//, '');
}

/** Runs a command in a running container through the docker CLI, resolving with its stdout. */
async function execIn(container: Docker.Container, script: string): Promise<string> {
	const {stdout} = await run('docker', ['exec', container.id, 'sh', '-c', script]);
	return stdout;
}

/** A container that made /data (a file with mode 640, a sub-folder, a link out) and then ran or exited. */
const setUp =
	'mkdir -p /data/sub && echo hello > /data/a.txt && chmod 640 /data/a.txt && echo deep > /data/sub/b && ln -s /etc /data/out';

async function waitExited(container: Docker.Container): Promise<void> {
	await waitFor('the container to exit', async () => ((await container.inspect()).State.Running ? undefined : true));
}

/** The names in a tar file. */
async function tarNames(file: string): Promise<string[]> {
	const names: string[] = [];
	const extract = tar.extract();
	extract.on('entry', (header, stream, next) => {
		names.push(header.name);
		stream.on('end', next);
		stream.resume();
	});
	await pipeline(createReadStream(file), extract);
	return names;
}

test('commit makes an image with the message, author and changes applied', async () => {
	const container = await createContainer({Cmd: idle, hint: 'commit'});
	await execIn(container, 'echo made > /made-here');
	const changes = parseCommitChanges('CMD ["cat", "/made-here"]\nENV BERTH_COMMIT=yes\nLABEL berth.commit=one');
	assert.ok('value' in changes);
	const id = await commitContainer(
		docker,
		container.id,
		{repository, tag: 'c1', message: 'a test commit', author: 'berth <berth@example.com>', pause: true, changes: changes.value},
		where,
	);
	assert.match(id, /^sha256:[0-9a-f]{64}$/);
	const image = await docker.getImage(`${repository}:c1`).inspect();
	assert.equal(image.Id, id);
	assert.deepEqual(image.Config.Cmd, ['cat', '/made-here']);
	assert.ok(image.Config.Env.includes('BERTH_COMMIT=yes'));
	assert.equal(image.Config.Labels['berth.commit'], 'one');
	assert.equal(image.Config.Labels[testLabel], runId);
	assert.equal(image.Comment, 'a test commit');
	assert.equal(image.Author, 'berth <berth@example.com>');
	// The committed filesystem has the file and the CMD prints it.
	const made = await docker.createContainer({Image: id, Labels: labels});
	await made.start();
	await waitExited(made);
	const logs = (await made.logs({stdout: true, stderr: true})) as Buffer;
	assert.match(logs.toString('latin1'), /made/);
	// Still running, and not left paused.
	assert.equal((await container.inspect()).State.Paused, false);
});

test('commit changes are checked: the parser refuses RUN, the engine refusal is said plainly', async () => {
	assert.deepEqual(parseCommitChanges('ENV A=1\nRUN x'), {
		error: 'changes: "RUN x": RUN is not allowed in a commit change (use CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, USER, VOLUME, WORKDIR)',
	});
	const container = await createContainer({Cmd: idle, hint: 'commit-bad'});
	await assert.rejects(
		commitContainer(docker, container.id, {repository, tag: 'bad', pause: true, changes: ['STOPSIGNAL SIGINT']}, where),
		(error: unknown) => error instanceof EngineError && /STOPSIGNAL is not allowed in a commit change/.test(error.message),
	);
	await assert.rejects(
		commitContainer(docker, container.id, {repository: 'Not Valid', pause: false, changes: []}, where),
		/Not Valid:latest is not a valid image name/,
	);
	await assert.rejects(
		commitContainer(docker, `berth-test-${runId}-missing`, {repository, pause: true, changes: []}, where),
		/^EngineError: no such container: berth-test-.*-missing$/,
	);
});

test('export writes the filesystem tar, refuses an existing file, and a cancelled export leaves nothing', async () => {
	const container = await createContainer({Cmd: idle, hint: 'export', start: false});
	const dir = await folder();
	const file = path.join(dir, 'fs.tar');
	const control = job();
	await exportContainer(docker, container.id, file, control, {}, where);
	const names = await tarNames(file);
	assert.ok(names.includes('bin/busybox'), `bin/busybox in ${names.slice(0, 10).join(', ')}`);
	const bytes = control.events.filter(event => event.kind === 'bytes');
	assert.ok(bytes.length > 0);
	assert.equal(bytes.at(-1)?.kind === 'bytes' && bytes.at(-1)!.current, (await stat(file)).size);

	await assert.rejects(exportContainer(docker, container.id, file, job(), {}, where), new RegExp(`${file} already exists`));
	await exportContainer(docker, container.id, file, job(), {overwrite: true}, where);

	const cancelled = path.join(dir, 'cancelled.tar');
	await assert.rejects(
		exportContainer(docker, container.id, cancelled, job((event, controller) => event.kind === 'bytes' && controller.abort()), {}, where),
		/^EngineError: export cancelled$/,
	);
	assert.deepEqual((await readdir(dir)).sort(), ['fs.tar']);
	await assert.rejects(exportContainer(docker, container.id, path.join(dir, 'no', 'x.tar'), job(), {}, where), /cannot write .*: no such file or directory/);
});

for (const running of [true, false]) {
	test(`copy out of a ${running ? 'running' : 'stopped'} container: files and folders, to new names and into folders`, async () => {
		const container = await createContainer({
			Cmd: ['sh', '-c', running ? `${setUp} && ${idle[2]}` : setUp],
			hint: running ? 'cp-running' : 'cp-stopped',
		});
		if (running) {
			await waitFor('the set-up', async () => (((await container.changes()) as Array<{Path: string}> | null)?.some(change => change.Path === '/data/out') ? true : undefined));
		} else {
			await waitExited(container);
		}
		const name = await nameOf(container);
		const dir = await folder();

		// A file to a new name keeps its mode.
		const renamed = path.join(dir, 'renamed.txt');
		const file = await copyFromContainer(docker, container.id, '/data/a.txt', renamed, where);
		assert.equal(file.target, renamed);
		assert.equal(await readFile(renamed, 'utf8'), 'hello\n');
		assert.equal((await stat(renamed)).mode & 0o777, 0o640);
		// A file into an existing folder.
		await copyFromContainer(docker, container.id, 'data/sub/b', dir, where);
		assert.equal(await readFile(path.join(dir, 'b'), 'utf8'), 'deep\n');

		// A folder to a new name: its contents, with the link kept as a link (never followed).
		const copy = path.join(dir, 'copy');
		const folderCopy = await copyFromContainer(docker, container.id, '/data', copy, where);
		assert.equal(folderCopy.entries, 5);
		assert.equal(await readFile(path.join(copy, 'a.txt'), 'utf8'), 'hello\n');
		assert.equal(await readFile(path.join(copy, 'sub', 'b'), 'utf8'), 'deep\n');
		assert.ok((await lstat(path.join(copy, 'out'))).isSymbolicLink());
		assert.equal(await readlink(path.join(copy, 'out')), '/etc');
		// A folder into an existing folder goes inside it.
		const into = path.join(dir, 'into');
		await mkdir(into);
		await copyFromContainer(docker, container.id, '/data', into, where);
		assert.deepEqual((await readdir(path.join(into, 'data'))).sort(), ['a.txt', 'out', 'sub']);
		// "/." copies the contents.
		const contents = path.join(dir, 'contents');
		await mkdir(contents);
		await copyFromContainer(docker, container.id, '/data/.', contents, where);
		assert.deepEqual((await readdir(contents)).sort(), ['a.txt', 'out', 'sub']);

		await assert.rejects(
			copyFromContainer(docker, container.id, '/nope', dir, where),
			(error: unknown) => error instanceof EngineError && error.message === `no such file or directory in ${name}: /nope`,
		);
		await assert.rejects(
			copyFromContainer(docker, container.id, '/data/a.txt', path.join(dir, 'missing', 'x'), where),
			new RegExp(`^EngineError: no such directory: ${path.join(dir, 'missing')}$`),
		);
		await assert.rejects(copyFromContainer(docker, container.id, '/data', renamed, where), /cannot copy a folder to a file/);
	});

	test(`copy into a ${running ? 'running' : 'stopped'} container: files and folders, to new names and into folders`, async () => {
		// The test image has no /tmp: the container makes one.
		const container = await createContainer({
			Cmd: ['sh', '-c', running ? `mkdir /tmp && ${idle[2]}` : 'mkdir /tmp'],
			hint: running ? 'cpin-running' : 'cpin-stopped',
		});
		if (running) {
			await waitFor('/tmp', async () => (((await container.changes()) as Array<{Path: string}> | null)?.some(change => change.Path === '/tmp') ? true : undefined));
		} else {
			await waitExited(container);
		}
		const name = await nameOf(container);
		const dir = await folder();
		const file = path.join(dir, 'f.txt');
		await writeFile(file, 'from the host\n');
		await chmod(file, 0o604);
		const tree = path.join(dir, 'tree');
		await mkdir(path.join(tree, 'inner'), {recursive: true});
		await writeFile(path.join(tree, 'inner', 'x'), 'x\n');
		await symlink('inner/x', path.join(tree, 'link'));

		assert.equal((await copyToContainer(docker, container.id, file, '/tmp', where)).target, '/tmp/f.txt');
		assert.equal((await copyToContainer(docker, container.id, file, '/tmp/renamed.txt', where)).target, '/tmp/renamed.txt');
		const intoFolder = await copyToContainer(docker, container.id, tree, '/tmp', where);
		assert.deepEqual(intoFolder, {target: '/tmp/tree', entries: 4, skipped: []});
		assert.equal((await copyToContainer(docker, container.id, tree, '/tmp/other', where)).target, '/tmp/other');

		// Read back what landed, through the engine.
		const back = path.join(dir, 'back');
		await copyFromContainer(docker, container.id, '/tmp', back, where);
		assert.equal(await readFile(path.join(back, 'f.txt'), 'utf8'), 'from the host\n');
		assert.equal((await stat(path.join(back, 'f.txt'))).mode & 0o777, 0o604);
		assert.equal(await readFile(path.join(back, 'renamed.txt'), 'utf8'), 'from the host\n');
		assert.equal(await readFile(path.join(back, 'tree', 'inner', 'x'), 'utf8'), 'x\n');
		assert.equal(await readlink(path.join(back, 'tree', 'link')), 'inner/x');
		assert.equal(await readFile(path.join(back, 'other', 'inner', 'x'), 'utf8'), 'x\n');
		if (running) {
			assert.equal(await execIn(container, 'stat -c "%u %a" /tmp/f.txt'), '0 604\n');
		}

		await assert.rejects(
			copyToContainer(docker, container.id, path.join(dir, 'nope'), '/tmp', where),
			(error: unknown) => error instanceof EngineError && error.message === `no such file or directory: ${path.join(dir, 'nope')}`,
		);
		await assert.rejects(
			copyToContainer(docker, container.id, file, '/nope/x.txt', where),
			(error: unknown) => error instanceof EngineError && error.message === `no such directory in ${name}: /nope`,
		);
		await assert.rejects(copyToContainer(docker, container.id, tree, '/tmp/f.txt', where), /cannot copy a folder to a file in/);
	});
}

test('extraction refuses entries that would land outside the target', async () => {
	const dir = await folder();
	const outside = path.join(dir, 'outside');
	await mkdir(outside);
	const archive = (entries: Array<{header: tar.Headers; body?: string}>): Readable => {
		const pack = tar.pack();
		for (const {header, body} of entries) {
			pack.entry(header, body);
		}
		pack.finalize();
		return pack as unknown as Readable;
	};
	await assert.rejects(
		extractArchive(archive([{header: {name: 'root/', type: 'directory'}}, {header: {name: 'root/../evil', type: 'file'}, body: 'x'}]), 'root', path.join(dir, 't1'), {targetExisted: false}),
		/points outside/,
	);
	// A link pointing out is made as a link, but nothing is written through it.
	await assert.rejects(
		extractArchive(
			archive([
				{header: {name: 'root/', type: 'directory'}},
				{header: {name: 'root/out', type: 'symlink', linkname: outside}},
				{header: {name: 'root/out/evil', type: 'file'}, body: 'x'},
			]),
			'root',
			path.join(dir, 't2'),
			{targetExisted: false},
		),
		/it is a symbolic link/,
	);
	assert.deepEqual(await readdir(outside), []);
	assert.ok((await lstat(path.join(dir, 't2', 'out'))).isSymbolicLink());
	// A hard link reaching a file outside through a folder that is a symlink is refused.
	await writeFile(path.join(outside, 'secret'), 'secret');
	await assert.rejects(
		extractArchive(
			archive([
				{header: {name: 'root/', type: 'directory'}},
				{header: {name: 'root/l', type: 'symlink', linkname: outside}},
				{header: {name: 'root/x', type: 'link', linkname: 'root/l/secret'}},
			]),
			'root',
			path.join(dir, 't4'),
			{targetExisted: false},
		),
		/hard link does not point at a file copied here/,
	);
	assert.equal((await stat(path.join(outside, 'secret'))).nlink, 1);
	await assert.rejects(
		extractArchive(archive([{header: {name: 'elsewhere/x', type: 'file'}, body: 'x'}]), 'root', path.join(dir, 't3'), {targetExisted: false}),
		/not inside root/,
	);
});

test('diff lists what was added, changed and deleted, as docker diff does', async () => {
	const container = await createContainer({Cmd: idle, hint: 'diff'});
	await execIn(container, 'echo new > /added && rm /bin/ls && mkdir /made');
	const changes = await containerDiff(docker, container.id, where);
	assert.deepEqual(
		changes.filter(change => ['/added', '/bin', '/bin/ls', '/made'].includes(change.path)).sort((a, b) => a.path.localeCompare(b.path)),
		[
			{kind: 'A', path: '/added'},
			{kind: 'C', path: '/bin'},
			{kind: 'D', path: '/bin/ls'},
			{kind: 'A', path: '/made'},
		],
	);
	const {stdout} = await run('docker', ['diff', container.id]);
	assert.deepEqual(
		changes.map(change => `${change.kind} ${change.path}`).sort(),
		stdout.trim().split('\n').sort(),
	);
	const fresh = await createContainer({Cmd: idle, hint: 'diff-none', start: false});
	assert.deepEqual(await containerDiff(docker, fresh.id, where), []);
});

test('the ports lines inspect gives (as the Inspect tab shows them) match docker port', async () => {
	const container = await createContainer({
		Cmd: idle,
		hint: 'ports',
		ExposedPorts: {'80/tcp': {}, '53/udp': {}, '9000/tcp': {}},
		HostConfig: {PortBindings: {'80/tcp': [{HostPort: ''}], '53/udp': [{HostIp: '127.0.0.1', HostPort: ''}]}},
	});
	const portLines = async (id: string): Promise<string[]> =>
		dockerPortLines(normalizeDetails((await docker.getContainer(id).inspect()) as Parameters<typeof normalizeDetails>[0]).ports);
	const lines = await portLines(container.id);
	const published = lines.filter(line => !line.endsWith(NOT_PUBLISHED));
	const {stdout} = await run('docker', ['port', container.id]);
	assert.deepEqual(published, stdout.trim().split('\n'));
	assert.ok(published.some(line => /^80\/tcp -> 0\.0\.0\.0:\d+$/.test(line)), lines.join('\n'));
	assert.ok(published.some(line => /^53\/udp -> 127\.0\.0\.1:\d+$/.test(line)), lines.join('\n'));
	assert.ok(lines.includes(`9000/tcp ${NOT_PUBLISHED}`), lines.join('\n'));
	const unpublished = await createContainer({Cmd: idle, hint: 'ports-none'});
	assert.deepEqual(await portLines(unpublished.id), []);
	assert.equal((await run('docker', ['port', unpublished.id])).stdout.trim(), '');
});

test('update changes limits and the restart policy in place; bad values are refused in plain words', async () => {
	const container = await createContainer({Cmd: idle, hint: 'update'});
	const form = parseUpdateForm({memory: '64m', cpus: '0.5', restart: 'on-failure:2', 'pids-limit': '50', 'cpu-shares': '512'});
	assert.ok('spec' in form);
	await updateContainer(docker, container.id, form.spec, where);
	const details = await container.inspect();
	assert.equal(details.HostConfig.Memory, 64 * 1024 * 1024);
	assert.equal(details.HostConfig.MemorySwap, 128 * 1024 * 1024);
	assert.equal(details.HostConfig.NanoCpus, 500_000_000);
	assert.equal(details.HostConfig.CpuShares, 512);
	assert.equal(details.HostConfig.PidsLimit, 50);
	assert.deepEqual(details.HostConfig.RestartPolicy, {Name: 'on-failure', MaximumRetryCount: 2});
	assert.deepEqual(updateFormOf(details as never), {
		restart: 'on-failure:2',
		memory: '64m',
		'memory-swap': '128m',
		cpus: '0.5',
		'cpuset-cpus': '',
		'cpu-shares': '512',
		'pids-limit': '50',
	});
	// The form as filled, sent back unchanged, changes nothing and is not refused.
	const same = parseUpdateForm(updateFormOf(details as never));
	assert.ok('spec' in same);
	await updateContainer(docker, container.id, same.spec, where);

	assert.deepEqual(parseUpdateForm({memory: 'lots'}), {
		errors: [{field: 'memory', message: 'memory: lots is not a size (use a number with b, k, m or g)'}],
	});
	const refused = async (fields: Record<string, string>, message: RegExp): Promise<void> => {
		const parsed = parseUpdateForm(fields);
		assert.ok('spec' in parsed);
		await assert.rejects(updateContainer(docker, container.id, parsed.spec, where), (error: unknown) => {
			assert.ok(error instanceof EngineError);
			assert.match(error.message, message);
			return true;
		});
	};
	await refused({memory: '1m', 'memory-swap': '2m'}, /^memory: must be at least 6MB$/);
	await refused({memory: '1g'}, /^memory: more than the container's memory-swap limit; set memory-swap too/);
	await refused({cpus: '1000'}, /^cpus: must be between 0\.01 and /);
	await refused({'cpuset-cpus': '63'}, /^cpuset-cpus: not available here: requested 63/);
	// Below what the container uses now: 30 MB in its shared-memory tmpfs count against it.
	await execIn(container, 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=30 2>/dev/null');
	await refused({memory: '8m', 'memory-swap': '8m'}, /^memory: 8MiB is less than the container uses now \(\d+(\.\d+)?MiB\)$/);
});

test('prune removes only the stopped containers with the label', async () => {
	const mark = {'berth.test.prune': runId};
	const stopped = [
		await createContainer({Cmd: ['true'], hint: 'prune-a', Labels: mark}),
		await createContainer({Cmd: ['true'], hint: 'prune-b', Labels: mark, start: false}),
	];
	const running = await createContainer({Cmd: idle, hint: 'prune-run', Labels: mark});
	const unmarked = await createContainer({Cmd: ['true'], hint: 'prune-unmarked', start: false});
	await waitExited(stopped[0]!);
	const label = [`berth.test.prune=${runId}`];
	const candidates = await containersToPrune(docker, where, {label});
	assert.deepEqual(candidates.map(container => container.id).sort(), stopped.map(container => container.id).sort());
	const result = await pruneContainers(docker, where, {label});
	assert.deepEqual(result.deleted.sort(), stopped.map(container => container.id).sort());
	assert.ok(result.spaceReclaimed >= 0);
	assert.equal((await running.inspect()).State.Running, true);
	assert.ok(await unmarked.inspect());
	assert.deepEqual(await containersToPrune(docker, where, {label}), []);
});

/** A container that printed numbered lines to stdout and stderr, a fifth of a second apart, and exited. */
async function numbered(count: number, hint: string): Promise<Docker.Container> {
	const container = await createContainer({
		Cmd: ['sh', '-c', `for i in $(seq 1 ${count}); do echo "line $i"; echo "err $i" >&2; sleep 0.2; done`],
		hint,
	});
	await waitFor('the lines', async () => ((await container.inspect()).State.Running ? undefined : true), 20_000);
	return container;
}

test('saved logs with since/until hold the lines in the range', async () => {
	const container = await numbered(6, 'logs-range');
	const {stdout} = await run('docker', ['logs', '-t', container.id]);
	const times = new Map(
		stdout
			.trim()
			.split('\n')
			.map(line => [line.slice(line.indexOf(' ') + 1), Date.parse(line.slice(0, line.indexOf(' ')))]),
	);
	const between = (a: string, b: string): string => new Date((times.get(a)! + times.get(b)!) / 2).toISOString();
	const since = parseSince(between('line 2', 'line 3'), Date.now());
	const until = parseSince(between('line 4', 'line 5'), Date.now(), 'until');
	assert.ok('value' in since && 'value' in until);
	const dir = await folder();
	const file = path.join(dir, 'range.log');
	const control = job();
	const count = await saveContainerLogs(docker, container.id, file, {since: since.value, until: until.value, timestamps: false}, control, where);
	const lines = (await readFile(file, 'utf8')).split('\n').slice(0, -1);
	assert.equal(count, 4);
	assert.deepEqual([...lines].sort(), ['err 3', 'err 4', 'line 3', 'line 4']);
	assert.deepEqual(lines.filter(line => line.startsWith('line')), ['line 3', 'line 4']);
	assert.ok(control.events.some(event => event.kind === 'bytes'));

	// A duration counts back from now: the last minute holds everything.
	const recent = parseSince('1m', Date.now());
	assert.ok('value' in recent);
	assert.equal(await saveContainerLogs(docker, container.id, path.join(dir, 'recent.log'), {since: recent.value, timestamps: false}, job(), where), 12);
});

test('saved logs with timestamps equal the engine logs; all of them, not a buffer; cancel leaves nothing', async () => {
	const container = await numbered(3, 'logs-save');
	const dir = await folder();
	const file = path.join(dir, 'all.log');
	const count = await saveContainerLogs(docker, container.id, file, {timestamps: true}, job(), where);
	const saved = (await readFile(file, 'utf8')).split('\n').slice(0, -1);
	const {stdout, stderr} = await run('docker', ['logs', '-t', container.id]);
	const engine = [...stdout.trim().split('\n'), ...stderr.trim().split('\n')];
	assert.equal(count, 6);
	assert.deepEqual([...saved].sort(), [...engine].sort());
	const times = saved.map(line => line.slice(0, line.indexOf(' ')));
	assert.deepEqual(times.map(time => Date.parse(time)), [...times].map(time => Date.parse(time)).sort((a, b) => a - b));

	const many = await createContainer({Cmd: ['sh', '-c', 'seq 1 20000'], hint: 'logs-many'});
	await waitExited(many);
	const manyFile = path.join(dir, 'many.log');
	assert.equal(await saveContainerLogs(docker, many.id, manyFile, {timestamps: false}, job(), where), 20000);
	const manyLines = (await readFile(manyFile, 'utf8')).split('\n');
	assert.equal(manyLines[0], '1');
	assert.equal(manyLines[19999], '20000');

	// A TTY container's logs are not framed.
	const tty = await createContainer({Cmd: ['sh', '-c', 'echo one; echo two'], Tty: true, hint: 'logs-tty'});
	await waitExited(tty);
	const ttyFile = path.join(dir, 'tty.log');
	assert.equal(await saveContainerLogs(docker, tty.id, ttyFile, {timestamps: false}, job(), where), 2);
	assert.equal(await readFile(ttyFile, 'utf8'), 'one\ntwo\n');

	await assert.rejects(saveContainerLogs(docker, container.id, file, {timestamps: true}, job(), where), /already exists/);
	const cancelled = job(event => event);
	cancelled.controller.abort();
	await assert.rejects(
		saveContainerLogs(docker, many.id, path.join(dir, 'cancelled.log'), {timestamps: true}, cancelled, where),
		/^EngineError: saving logs cancelled$/,
	);
	const midway = job((event, controller) => event.kind === 'bytes' && controller.abort());
	await assert.rejects(
		saveContainerLogs(docker, many.id, path.join(dir, 'midway.log'), {timestamps: true}, midway, where),
		/^EngineError: saving logs cancelled$/,
	);
	assert.deepEqual((await readdir(dir)).sort(), ['all.log', 'many.log', 'tty.log']);
	await assert.rejects(
		saveContainerLogs(docker, `berth-test-${runId}-missing`, path.join(dir, 'x.log'), {timestamps: false}, job(), where),
		/no such container/,
	);
});
