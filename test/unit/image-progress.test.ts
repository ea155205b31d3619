// The engine-independent parts of image operations: reading JSON progress streams, what their
// messages mean, build output and failures, load output, references, and the build context.
import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough, type Readable} from 'node:stream';
import {after, test} from 'node:test';
import tar from 'tar-stream';
import {ContextFilter, checkContext, listContext, packContext} from '../../source/engine/build-context.js';
import {loadFailure, parseLoadedImages} from '../../source/engine/image-archive.js';
import {BuildOutput} from '../../source/engine/image-build.js';
import {splitReference} from '../../source/engine/image-reference.js';
import {normalizeImageDetails} from '../../source/engine/images.js';
import {asJob, readMessages, type JsonMessage} from '../../source/engine/job-stream.js';
import {progressEvent, pushedDigest, registryFailure} from '../../source/engine/pull-progress.js';
import {EngineError, type JobEvent} from '../../source/engine/types.js';

const temporaryDirs: string[] = [];
after(async () => {
	await Promise.all(temporaryDirs.map(dir => rm(dir, {recursive: true, force: true})));
});

async function temporaryDir(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-image-unit-'));
	temporaryDirs.push(dir);
	return dir;
}

/** Feeds `bytes` to a stream in chunks of `size`, then ends it. */
function feed(stream: PassThrough, bytes: Buffer, size: number): void {
	for (let offset = 0; offset < bytes.length; offset += size) {
		stream.write(bytes.subarray(offset, offset + size));
	}
	stream.end();
}

const pullOutput = [
	{status: 'Pulling from team/app', id: '1.0'},
	{status: 'Pulling fs layer', progressDetail: {}, id: 'a1b2c3'},
	{status: 'Downloading', progressDetail: {current: 512, total: 2048}, progress: '[==>   ]', id: 'a1b2c3'},
	{status: 'Extracting', progressDetail: {current: 2048, total: 2048}, id: 'a1b2c3'},
	{status: 'Pull complete', progressDetail: {}, id: 'a1b2c3'},
	{status: 'Digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'},
	{status: 'Status: Downloaded newer image for 127.0.0.1:5000/team/app:1.0 — «ü»'},
];

test('a progress stream is read whole, whatever the chunk boundaries (even inside a character)', async () => {
	const bytes = Buffer.from(pullOutput.map(message => `${JSON.stringify(message)}\r\n`).join(''));
	for (const size of [1, 2, 5, 17, 64, bytes.length]) {
		const stream = new PassThrough();
		const seen: JsonMessage[] = [];
		const read = readMessages(stream, new AbortController().signal, message => seen.push(message));
		feed(stream, bytes, size);
		await read;
		assert.deepEqual(seen, pullOutput, `chunk size ${size}`);
	}
});

test('a last message without its newline is not lost', async () => {
	const stream = new PassThrough();
	const seen: JsonMessage[] = [];
	const read = readMessages(stream, new AbortController().signal, message => seen.push(message));
	stream.end('{"status":"one"}\n{"status":"two"}');
	await read;
	assert.deepEqual(seen, [{status: 'one'}, {status: 'two'}]);
});

test('a handler that throws ends the read with its error and closes the response', async () => {
	const stream = new PassThrough();
	const failure = new EngineError('boom');
	const read = readMessages(stream, new AbortController().signal, message => {
		if (message.error) {
			throw failure;
		}
	});
	stream.write('{"status":"fine"}\n{"error":"bad","errorDetail":{"message":"bad"}}\n');
	await assert.rejects(read, error => error === failure);
	assert.equal(stream.destroyed, true);
});

test('a response cut before its end fails; a signal cancels the read and closes the response', async () => {
	const cut = new PassThrough();
	const read = readMessages(cut, new AbortController().signal, () => undefined);
	cut.write('{"status":"half');
	cut.destroy();
	await assert.rejects(read, /closed the connection before the operation finished/);

	const controller = new AbortController();
	const stream = new PassThrough();
	const cancelled = readMessages(stream, controller.signal, () => undefined);
	stream.write('{"status":"working"}\n');
	controller.abort();
	await assert.rejects(cancelled, /cancelled/);
	assert.equal(stream.destroyed, true);
});

test('asJob says "cancelled" however the operation fails after the signal, and keeps other reasons', async () => {
	const controller = new AbortController();
	const job = asJob('pull', controller.signal, 'unix:///x.sock', async () => {
		controller.abort();
		throw Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'});
	});
	await assert.rejects(job, (error: unknown) => error instanceof EngineError && error.message === 'pull cancelled');
	await assert.rejects(
		asJob('push', new AbortController().signal, 'unix:///x.sock', async () => {
			throw Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'});
		}),
		(error: unknown) => error instanceof EngineError && /cannot connect to the Docker engine at unix:\/\/\/x\.sock/.test(error.message),
	);
	await assert.rejects(asJob('load', AbortSignal.abort(), 'e', async () => 1), /load cancelled/);
});

test('layer messages become layer events with their figures; the rest become lines', () => {
	assert.deepEqual(
		pullOutput.map(message => progressEvent(message)),
		[
			{kind: 'line', text: '1.0: Pulling from team/app'},
			{kind: 'layer', id: 'a1b2c3', status: 'Pulling fs layer'},
			{kind: 'layer', id: 'a1b2c3', status: 'Downloading', current: 512, total: 2048},
			{kind: 'layer', id: 'a1b2c3', status: 'Extracting', current: 2048, total: 2048},
			{kind: 'layer', id: 'a1b2c3', status: 'Pull complete'},
			{kind: 'line', text: 'Digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'},
			{kind: 'line', text: 'Status: Downloaded newer image for 127.0.0.1:5000/team/app:1.0 — «ü»'},
		] satisfies JobEvent[],
	);
	// An unknown size (0 or -1) is no total; a message with nothing to say is no event.
	assert.deepEqual(progressEvent({status: 'Pushing', id: 'ff', progressDetail: {current: 10, total: 0}}), {
		kind: 'layer',
		id: 'ff',
		status: 'Pushing',
		current: 10,
	});
	assert.equal(progressEvent({progressDetail: {}, aux: {Tag: '1.0', Digest: 'sha256:ab', Size: 527}}), undefined);
});

test('the pushed digest comes from the aux message or the digest line', () => {
	const digest = `sha256:${'ab'.repeat(32)}`;
	assert.equal(pushedDigest({progressDetail: {}, aux: {Tag: 'latest', Digest: digest, Size: 527}}), digest);
	assert.equal(pushedDigest({status: `latest: digest: ${digest} size: 527`}), digest);
	assert.equal(pushedDigest({status: 'Pushed', id: 'ab', progressDetail: {}}), undefined);
});

test('registry failures in plain words', () => {
	const pull = {action: 'pull' as const, reference: '127.0.0.1:5000/team/app:nope', withCredentials: false};
	assert.equal(
		registryFailure('manifest for 127.0.0.1:5000/team/app:nope not found: manifest unknown: manifest unknown', pull),
		'cannot pull 127.0.0.1:5000/team/app:nope: no such image or tag on 127.0.0.1:5000',
	);
	assert.equal(
		registryFailure('Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', pull),
		'cannot pull 127.0.0.1:5000/team/app:nope: the registry 127.0.0.1:5000 cannot be reached (connection refused)',
	);
	assert.match(
		registryFailure('Get "https://nowhere.example/v2/": dial tcp: lookup nowhere.example on 10.0.0.1:53: no such host', {
			...pull,
			reference: 'nowhere.example/app',
		}),
		/^cannot pull nowhere\.example\/app: the registry nowhere\.example cannot be reached \(no such host\)$/,
	);
	const push = {action: 'push' as const, reference: '127.0.0.1:5000/team/app:1', withCredentials: false};
	assert.equal(
		registryFailure('no basic auth credentials', push),
		'cannot push 127.0.0.1:5000/team/app:1: 127.0.0.1:5000 requires authentication (log in to it first)',
	);
	assert.match(registryFailure('unauthorized: authentication required', {...push, withCredentials: true}), /refused the credentials/);
	assert.match(registryFailure('denied: requested access to the resource is denied', push), /requires authentication/);
	assert.match(
		registryFailure('pull access denied for nosuch, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied', {
			...pull,
			reference: 'nosuch',
		}),
		/^cannot pull nosuch: the repository does not exist on docker\.io, or it requires logging in$/,
	);
	assert.match(registryFailure('An image does not exist locally with the tag: 127.0.0.1:5000/x', push), /no local image has that name/);
	assert.match(registryFailure('tag does not exist: 127.0.0.1:5000/team/app:1', push), /^cannot push 127\.0\.0\.1:5000\/team\/app:1: no local image has that name/);
	assert.equal(registryFailure('something new', push), 'cannot push 127.0.0.1:5000/team/app:1: something new');
});

test('references split into repository, tag and digest', () => {
	assert.deepEqual(splitReference('busybox'), {repository: 'busybox'});
	assert.deepEqual(splitReference('team/app:1.2'), {repository: 'team/app', tag: '1.2'});
	assert.deepEqual(splitReference('127.0.0.1:5000/team/app'), {repository: '127.0.0.1:5000/team/app'});
	assert.deepEqual(splitReference('127.0.0.1:5000/team/app:v1'), {repository: '127.0.0.1:5000/team/app', tag: 'v1'});
	assert.deepEqual(splitReference('app:1@sha256:abc'), {repository: 'app', tag: '1', digest: 'sha256:abc'});
	assert.deepEqual(splitReference('localhost:5000/app@sha256:abc'), {repository: 'localhost:5000/app', digest: 'sha256:abc'});
});

function stream(text: string): JsonMessage {
	return {stream: text};
}

test('build output: lines split across messages, the last step remembered, the image id from aux', () => {
	const output = new BuildOutput();
	const events = [
		stream('Step 1/3 : FROM busybox\n'),
		stream(' ---> a2a337d375b4\nStep 2/3 : RUN echo hel'),
		stream('lo\r\n'),
		stream(' ---> Running in 1c3b\n'),
		stream('hello\n'),
		{aux: {ID: 'sha256:feed'}},
		stream('Successfully built feedbeef\n'),
		stream('no newline at the end'),
	].flatMap(message => output.push(message));
	assert.deepEqual(
		[...events, ...output.end()].map(event => (event.kind === 'line' ? event.text : event.kind)),
		[
			'Step 1/3 : FROM busybox',
			' ---> a2a337d375b4',
			'Step 2/3 : RUN echo hello',
			' ---> Running in 1c3b',
			'hello',
			'Successfully built feedbeef',
			'no newline at the end',
		],
	);
	assert.equal(output.imageId, 'sha256:feed');
	assert.equal(output.failure('x'), 'build failed at Step 2/3 : RUN echo hello: x');
});

test('a build failure names the step it happened at; without a step it says so plainly', () => {
	const output = new BuildOutput();
	output.push(stream('Step 1/3 : FROM busybox\n ---> a2a3\nStep 2/3 : RUN false\n ---> Running in 1c3b\n'));
	assert.throws(
		() =>
			output.push({
				errorDetail: {code: 1, message: "The command '/bin/sh -c false' returned a non-zero code: 1"},
				error: "The command '/bin/sh -c false' returned a non-zero code: 1",
			}),
		(error: unknown) =>
			error instanceof EngineError &&
			error.message === "build failed at Step 2/3 : RUN false: The command '/bin/sh -c false' returned a non-zero code: 1",
	);
	assert.throws(() => new BuildOutput().push({error: 'failed to reach build target nope in Dockerfile'}), {
		message: 'build failed: failed to reach build target nope in Dockerfile',
	});
	// Without an aux message the short id of "Successfully built" is what there is.
	const classic = new BuildOutput();
	classic.push(stream('Successfully built 4654a72f6200\nSuccessfully tagged x:1\n'));
	assert.equal(classic.imageId, '4654a72f6200');
	// A base image pulled during the build shows as progress.
	assert.deepEqual(classic.push({status: 'Downloading', id: 'ab', progressDetail: {current: 1, total: 2}}), [
		{kind: 'layer', id: 'ab', status: 'Downloading', current: 1, total: 2},
	]);
});

test('load output: names, then ids for untagged images; failures say the file is not an image archive', () => {
	assert.deepEqual(
		parseLoadedImages([
			'Loaded image: team/app:1',
			'Loaded image: 127.0.0.1:5000/team/app:2',
			'Loaded image ID: sha256:abcd',
			'Loaded image: team/app:1',
			'something else',
		]),
		['team/app:1', '127.0.0.1:5000/team/app:2', 'sha256:abcd'],
	);
	assert.equal(
		loadFailure('Error processing tar file(exit status 1): unexpected EOF', '/tmp/notes.txt'),
		'/tmp/notes.txt is not an image archive (it is not a tar file: Error processing tar file(exit status 1): unexpected EOF)',
	);
	assert.match(
		loadFailure('open /var/lib/docker/tmp/docker-import-1/repositories: no such file or directory', '/tmp/files.tar'),
		/^\/tmp\/files\.tar is not an image archive \(a tar file, but not one made by docker save/,
	);
	assert.equal(loadFailure('no space left on device', '/a.tar'), 'cannot load /a.tar: no space left on device');
});

test('.dockerignore: patterns, exceptions, and the Dockerfile and .dockerignore always sent', () => {
	const filter = new ContextFilter(
		'# comment\nsecret.txt\n*.log\n!keep.log\nbuild/\n!build/keep\n**/*.tmp\nDockerfile\n.dockerignore\n/docs\n',
		'Dockerfile',
	);
	const sent = (name: string): boolean => filter.includes(name);
	assert.equal(sent('secret.txt'), false);
	assert.equal(sent('a.log'), false);
	assert.equal(sent('keep.log'), true);
	assert.equal(sent('sub/a.log'), true, '*.log matches at the root only');
	assert.equal(sent('sub/deep/x.tmp'), false);
	assert.equal(sent('build'), false);
	assert.equal(sent('build/out.o'), false, 'inside an excluded directory');
	assert.equal(sent('build/keep'), true);
	assert.equal(sent('docs/readme'), false);
	assert.equal(sent('Dockerfile'), true);
	assert.equal(sent('.dockerignore'), true);
	assert.equal(sent('src/main.c'), true);
	// Excluded directories are walked only where an exception may reach into them.
	assert.equal(filter.mayIncludeUnder('build'), true);
	assert.equal(filter.mayIncludeUnder('docs'), false);
	// Case matters, as on the engine's Linux.
	assert.equal(new ContextFilter('Secret.txt', 'Dockerfile').includes('secret.txt'), true);
	// A Dockerfile elsewhere in the context is the one always sent.
	const nested = new ContextFilter('docker\n', 'docker/app.Dockerfile');
	assert.equal(nested.includes('docker/app.Dockerfile'), true);
	assert.equal(nested.includes('docker/other'), false);
	assert.equal(nested.mayIncludeUnder('docker'), true);
});

async function makeContext(): Promise<string> {
	const dir = await temporaryDir();
	await mkdir(path.join(dir, 'build', 'sub'), {recursive: true});
	await mkdir(path.join(dir, 'src'));
	await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
	await writeFile(path.join(dir, '.dockerignore'), 'secret.txt\nbuild\n!build/keep\n.dockerignore\nDockerfile\n');
	await writeFile(path.join(dir, 'secret.txt'), 'top secret');
	await writeFile(path.join(dir, 'build', 'out.o'), 'object');
	await writeFile(path.join(dir, 'build', 'keep'), 'kept');
	await writeFile(path.join(dir, 'build', 'sub', 'x'), 'x');
	await writeFile(path.join(dir, 'src', 'main.c'), 'int main(void) { return 0; }\n', {mode: 0o640});
	await symlink('src/main.c', path.join(dir, 'link'));
	return dir;
}

test('the context lists what goes, in order, walking an excluded directory only for its exceptions', async () => {
	const dir = await makeContext();
	const entries = await listContext(dir, 'Dockerfile');
	assert.deepEqual(
		entries.map(entry => entry.name),
		['.dockerignore', 'Dockerfile', 'build/keep', 'link', 'src', 'src/main.c'],
	);
});

/** Reads a tar stream into {name: type or content}. */
async function untar(archive: Readable): Promise<Record<string, string>> {
	const files: Record<string, string> = {};
	const extract = tar.extract();
	const done = new Promise<void>((resolve, reject) => {
		extract.on('entry', (header, body, next) => {
			let content = '';
			body.on('data', (chunk: Buffer) => (content += chunk.toString()));
			body.on('end', () => {
				files[header.name] =
					header.type === 'file' ? `${content} (${(header.mode ?? 0).toString(8)}, uid ${header.uid})` : `${header.type} ${header.linkname ?? ''}`.trim();
				next();
			});
		});
		extract.on('finish', resolve);
		extract.on('error', reject);
		// pipe() passes no errors on; the engine's client stops the request on them the same way.
		archive.on('error', reject);
	});
	archive.pipe(extract);
	await done;
	return files;
}

test('the context tar holds the selected files with their content, modes and links, owned by root', async () => {
	const dir = await makeContext();
	const files = await untar(packContext(await listContext(dir, 'Dockerfile'), new AbortController().signal));
	assert.deepEqual(files, {
		'.dockerignore': 'secret.txt\nbuild\n!build/keep\n.dockerignore\nDockerfile\n (644, uid 0)',
		Dockerfile: 'FROM scratch\nCOPY . /\n (644, uid 0)',
		'build/keep': 'kept (644, uid 0)',
		link: 'symlink src/main.c',
		src: 'directory',
		'src/main.c': 'int main(void) { return 0; }\n (640, uid 0)',
	});
});

test('a context that cannot be read, or a cancelled one, fails the tar stream', async () => {
	const dir = await makeContext();
	const entries = await listContext(dir, 'Dockerfile');
	await rm(path.join(dir, 'src', 'main.c'));
	await assert.rejects(untar(packContext(entries, new AbortController().signal)), /cannot send the build context: .*ENOENT/);
	await assert.rejects(untar(packContext(entries, AbortSignal.abort())), /cannot send the build context: cancelled/);
});

test('the context and Dockerfile are checked first, with messages naming the path', async () => {
	const dir = await makeContext();
	assert.equal(await checkContext(dir, 'Dockerfile'), 'Dockerfile');
	assert.equal(await checkContext(dir, './src/../Dockerfile'), 'Dockerfile');
	await assert.rejects(checkContext(path.join(dir, 'nope'), 'Dockerfile'), {
		message: `the build context ${path.join(dir, 'nope')} does not exist`,
	});
	await assert.rejects(checkContext(path.join(dir, 'secret.txt'), 'Dockerfile'), /is not a directory/);
	await assert.rejects(checkContext(dir, 'Containerfile'), {message: `there is no Dockerfile at ${path.join(dir, 'Containerfile')}`});
	await assert.rejects(checkContext(dir, 'src'), /is not a file/);
	await assert.rejects(checkContext(dir, '../elsewhere/Dockerfile'), /is not inside the build context/);
});

test('image details are normalised: missing fields become empty, times become milliseconds', () => {
	const details = normalizeImageDetails({
		Id: 'sha256:abc',
		RepoTags: ['team/app:1', '<none>:<none>'],
		RepoDigests: null,
		Created: '2024-03-01T10:00:00.123456789Z',
		Os: 'linux',
		Architecture: 'arm64',
		Variant: 'v8',
		Config: {
			Cmd: ['sh'],
			Entrypoint: null,
			Env: ['A=1'],
			ExposedPorts: {'80/tcp': {}, '443/tcp': {}},
			Volumes: {'/data': {}},
			Labels: null,
			StopSignal: 'SIGQUIT',
		},
		RootFS: {Layers: ['sha256:1', 'sha256:2']},
		Size: 1234,
	});
	assert.deepEqual(details, {
		id: 'sha256:abc',
		repoTags: ['team/app:1'],
		repoDigests: [],
		parentId: '',
		architecture: 'arm64',
		os: 'linux',
		variant: 'v8',
		created: Date.UTC(2024, 2, 1, 10, 0, 0, 123),
		author: '',
		comment: '',
		dockerVersion: '',
		config: {
			env: ['A=1'],
			cmd: ['sh'],
			entrypoint: [],
			workingDir: '',
			user: '',
			exposedPorts: ['443/tcp', '80/tcp'],
			volumes: ['/data'],
			labels: {},
			stopSignal: 'SIGQUIT',
		},
		layers: 2,
		size: 1234,
	});
	assert.equal(normalizeImageDetails({Id: 'x', Config: null}).config.cmd.length, 0);
});
