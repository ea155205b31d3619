// Custom commands through the real docker CLI: the command talks to the engine berth is connected
// to (the shared one over its socket, a second one over tcp with TLS), a docker --format template
// passes through as docker reads it, and hostile labels and environment values stay one argument.
import assert from 'node:assert/strict';
import os from 'node:os';
import {after, before, test} from 'node:test';
import type Dockerode from 'dockerode';
import {fillCommand, templateValues} from '../../source/config/templates.js';
import {createEngine, resolveEndpoint} from '../../source/engine/connect.js';
import type {Engine, JobEvent} from '../../source/engine/types.js';
import {createTestContainer, removeTestObjects, requireEngine, testLabels, uniqueName} from '../support/engine.js';
import {startTlsEngine, type TlsEngine} from '../support/tls-engine.js';

let docker: Dockerode;
let tls: TlsEngine;
const engines: Engine[] = [];

before(async () => {
	docker = await requireEngine();
	tls = await startTlsEngine();
});

after(async () => {
	for (const engine of engines) {
		engine.close();
	}
	await removeTestObjects(docker);
	await tls?.dispose();
});

function connect(host: string | undefined, env: NodeJS.ProcessEnv): Engine {
	const engine = createEngine(resolveEndpoint({host, env, homeDir: os.homedir()}));
	engines.push(engine);
	return engine;
}

/** Runs a filled command as a job would, resolving with the lines it printed. */
async function run(engine: Engine, argv: string[]): Promise<string[]> {
	const lines: string[] = [];
	await engine.runLocalCommand(argv, {
		signal: new AbortController().signal,
		onEvent(event: JobEvent) {
			if (event.kind === 'line') {
				lines.push(event.text);
			}
		},
	});
	return lines;
}

test('a container command runs the docker CLI against the engine berth is on; docker\'s own braces pass through', async () => {
	const hostile = '; rm -rf / $(touch /tmp/berth-pwned) `id` "q" \'s\'\nline2';
	const created = await createTestContainer(docker, {labels: {note: hostile}, env: [`SECRET=${hostile}`]});
	// berth on the shared engine, while the environment around it names another one.
	const engine = connect(undefined, {DOCKER_HOST: 'unix:///var/run/docker.sock'});
	const previous = process.env['DOCKER_HOST'];
	process.env['DOCKER_HOST'] = 'tcp://127.0.0.1:1';
	try {
		const [summary] = await engine.listContainers([created.id]);
		assert.ok(summary, 'the container is listed');
		const {env} = await engine.inspectContainer(created.id);
		const filled = fillCommand(
			['docker', 'inspect', '--format', '{{"{{"}}.Name}}|{{"{{"}}index .Config.Labels "note"}}|{{.Label "note"}}|{{.Env "SECRET"}}', '{{.ID}}'],
			'container',
			templateValues('container', summary, env),
		);
		assert.ok('value' in filled, JSON.stringify(filled));
		assert.equal(filled.value.length, 5);
		const lines = await run(engine, filled.value);
		// The format is docker's: the label as docker read it, then berth's values as docker printed them back.
		assert.equal(lines.join('\n'), `/${summary.name}|${hostile}|${hostile}|${hostile}`);
	} finally {
		if (previous === undefined) {
			delete process.env['DOCKER_HOST'];
		} else {
			process.env['DOCKER_HOST'] = previous;
		}
	}
});

test('on an engine reached over tcp with TLS, the command gets DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
	const engine = connect(`tcp://${tls.host}:${tls.port}`, {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.certPath});
	// This volume is on the TLS engine only: the CLI finds it only if it talks to that engine.
	const volume = await engine.createVolume({name: uniqueName('tls-vol'), driverOptions: {}, labels: testLabels()});
	const filled = fillCommand(['docker', 'volume', 'inspect', '--format', '{{"{{"}}.Name}}', '{{.Name}}'], 'volume', templateValues('volume', volume));
	assert.ok('value' in filled);
	assert.deepEqual(await run(engine, filled.value), [volume.name]);
	assert.deepEqual(await run(engine, ['sh', '-c', 'printf "%s\\n" "$DOCKER_HOST" "$DOCKER_TLS_VERIFY" "$DOCKER_CERT_PATH"']), [
		`tcp://${tls.host}:${tls.port}`,
		'1',
		tls.certPath,
	]);
	// The shared engine has no such volume: the command's failure says docker's reason and the exit code.
	const shared = connect(undefined, {DOCKER_HOST: 'unix:///var/run/docker.sock'});
	await assert.rejects(run(shared, filled.value), (error: Error) => {
		assert.match(error.message, /^docker failed with exit code 1\n.*no such volume/is);
		return true;
	});
});
