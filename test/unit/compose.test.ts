// The compose CLI's pure parts: which CLI is found, the exact argument arrays of every action, the
// environment that points compose at an engine, and reading its output. v1 outputs were recorded
// from Debian's docker-compose 1.29.2; v2 outputs (test/fixtures/compose-v2) follow v2's
// documented formats, as no v2 CLI is available here to record them.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import type {Endpoint} from '../../source/engine/connect.js';
import {
	composeCli,
	composeCwd,
	composeEnvironment,
	composeMissingMessage,
	failureLines,
	parseComposeLs,
	parseComposeVersion,
	parseServiceHashes,
	parseServiceNames,
	projectActionArgs,
	runCompose,
	serviceActionArgs,
	subcommandOf,
	type ComposeCli,
	type ComposeTarget,
	type Probe,
	type ProbeResult,
} from '../../source/engine/compose.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'compose-v2');
const fixture = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

// Recorded here: docker 28.2.2 without the compose plugin, and Debian's docker-compose 1.29.2.
const noPlugin: ProbeResult = {code: 1, stdout: '', stderr: "docker: unknown command: docker compose\n\nRun 'docker --help' for more information\n"};
const v1Short: ProbeResult = {code: 0, stdout: '1.29.2\n', stderr: ''};
const v1Hashes =
	'web 3a9141ecaa88d7028b53169b9f7d4c76bdf0dc01034c940a4b1d781be1ffd3ff\n' +
	'worker a24a06883484b0f366b30fb031ddbe581e94bf3fdaace4276ceffaab93a4e997\n' +
	'extra 7a510c01b47587f3312baabc4dfcf70e6b58d730d7f9696d3fec3c6e0b6ab8fe\n';

/** A probe answering from a table of recorded outputs; a command not in it is "not on PATH". */
function probeFrom(answers: Record<string, ProbeResult>): Probe & {asked: string[]} {
	const asked: string[] = [];
	const probe = async (command: string[]): Promise<ProbeResult | undefined> => {
		asked.push(command.join(' '));
		return answers[command.join(' ')];
	};
	return Object.assign(probe, {asked});
}

test('the v2 plugin is preferred when `docker compose` answers', async () => {
	const probe = probeFrom({
		'docker compose version --short': {code: 0, stdout: fixture('version-short.txt'), stderr: ''},
		'docker-compose version --short': v1Short,
	});
	assert.deepEqual(await composeCli({probe, env: {}}), {kind: 'v2', command: ['docker', 'compose'], version: '2.29.7'});
	assert.deepEqual(probe.asked, ['docker compose version --short']);
});

test('without the plugin, docker-compose 1.x is used as v1', async () => {
	const probe = probeFrom({'docker compose version --short': noPlugin, 'docker-compose version --short': v1Short});
	assert.deepEqual(await composeCli({probe, env: {}}), {kind: 'v1', command: ['docker-compose'], version: '1.29.2'});
});

test('a standalone docker-compose 2.x binary counts as v2', async () => {
	const probe = probeFrom({'docker-compose version --short': {code: 0, stdout: 'v2.29.7\n', stderr: ''}});
	assert.deepEqual(await composeCli({probe, env: {}}), {kind: 'v2', command: ['docker-compose'], version: '2.29.7'});
});

test('no compose CLI at all gives undefined, and the message says how to get one', async () => {
	assert.equal(await composeCli({probe: probeFrom({'docker compose version --short': noPlugin}), env: {}}), undefined);
	assert.match(composeMissingMessage(), /docker compose/);
	assert.match(composeMissingMessage(), /docker-compose/);
	assert.match(composeMissingMessage(), /install/i);
});

test('a CLI that answers without a version is not taken', async () => {
	const probe = probeFrom({'docker compose version --short': {code: 0, stdout: 'Usage: docker [OPTIONS] COMMAND\n', stderr: ''}, 'docker-compose version --short': v1Short});
	assert.equal((await composeCli({probe, env: {}}))?.kind, 'v1');
});

test('versions are read from short and long forms', () => {
	assert.equal(parseComposeVersion(fixture('version-short.txt')), '2.29.7');
	assert.equal(parseComposeVersion(fixture('version.txt')), '2.29.7');
	assert.equal(parseComposeVersion('docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3\n'), '1.29.2');
	assert.equal(parseComposeVersion('2.30.0-desktop.1'), '2.30.0-desktop.1');
	assert.equal(parseComposeVersion('no version here'), undefined);
});

const v1: ComposeCli = {kind: 'v1', command: ['docker-compose'], version: '1.29.2'};
const v2: ComposeCli = {kind: 'v2', command: ['docker', 'compose'], version: '2.29.7'};
const shop: ComposeTarget = {name: 'shop', workingDir: '/srv/shop', configFiles: ['/srv/shop/compose.yaml', '/srv/shop/compose.prod.yaml']};
const head = ['--ansi', 'never', '-p', 'shop', '--project-directory', '/srv/shop', '-f', '/srv/shop/compose.yaml', '-f', '/srv/shop/compose.prod.yaml'];

test('project actions name the project, its directory and every config file', () => {
	for (const cli of [v1, v2]) {
		assert.deepEqual(projectActionArgs(cli, shop, {action: 'up'}), [...head, 'up', '-d']);
		assert.deepEqual(projectActionArgs(cli, shop, {action: 'up', build: true, forceRecreate: true, removeOrphans: true}), [
			...head,
			'up',
			'-d',
			'--build',
			'--force-recreate',
			'--remove-orphans',
		]);
		assert.deepEqual(projectActionArgs(cli, shop, {action: 'down'}), [...head, 'down']);
		assert.deepEqual(projectActionArgs(cli, shop, {action: 'down', volumes: true, removeOrphans: true, removeImages: 'local'}), [
			...head,
			'down',
			'-v',
			'--remove-orphans',
			'--rmi',
			'local',
		]);
		assert.deepEqual(projectActionArgs(cli, shop, {action: 'down', removeImages: 'all'}), [...head, 'down', '--rmi', 'all']);
		for (const action of ['start', 'stop', 'restart', 'pull', 'build', 'config'] as const) {
			assert.deepEqual(projectActionArgs(cli, shop, {action}), [...head, action]);
		}
	}
});

test('service actions, and scaling as up --scale --no-recreate for v1 and v2', () => {
	for (const cli of [v1, v2]) {
		for (const action of ['start', 'stop', 'restart'] as const) {
			assert.deepEqual(serviceActionArgs(cli, shop, {action, service: 'web'}), [...head, action, 'web']);
		}
		assert.deepEqual(serviceActionArgs(cli, shop, {action: 'up', service: 'web'}), [...head, 'up', '-d', 'web']);
		assert.deepEqual(serviceActionArgs(cli, shop, {action: 'scale', service: 'web', replicas: 3}), [
			...head,
			'up',
			'-d',
			'--scale',
			'web=3',
			'--no-recreate',
			'web',
		]);
		assert.deepEqual(serviceActionArgs(cli, shop, {action: 'scale', service: 'web', replicas: 0}).slice(-4), ['--scale', 'web=0', '--no-recreate', 'web']);
	}
});

test('a replica count must be a whole number in range, and a service name cannot pass for an option', () => {
	for (const replicas of [-1, 1.5, Number.NaN, 101]) {
		assert.throws(() => serviceActionArgs(v1, shop, {action: 'scale', service: 'web', replicas}), /replicas/);
	}
	assert.throws(() => serviceActionArgs(v2, shop, {action: 'stop', service: '--volumes'}), /not a compose service name/);
	assert.throws(() => serviceActionArgs(v2, shop, {action: 'stop', service: ''}), /not a compose service name/);
	assert.throws(() => projectActionArgs(v2, {name: '', configFiles: []}, {action: 'up'}), /needs a name/);
});

test('names with spaces, quotes or $ stay single arguments', () => {
	const odd: ComposeTarget = {name: 'my $HOME project', workingDir: '/home/me/my "odd" dir', configFiles: ['compose $x.yml', '/etc/a b/c.yml']};
	const args = projectActionArgs(v1, odd, {action: 'up'});
	assert.deepEqual(args, [
		'--ansi',
		'never',
		'-p',
		'my $HOME project',
		'--project-directory',
		'/home/me/my "odd" dir',
		'-f',
		'/home/me/my "odd" dir/compose $x.yml',
		'-f',
		'/etc/a b/c.yml',
		'up',
		'-d',
	]);
	assert.equal(composeCwd(odd), '/home/me/my "odd" dir');
	assert.deepEqual(serviceActionArgs(v2, odd, {action: 'restart', service: 'w$b'}).slice(-2), ['restart', 'w$b']);
});

test('with no working directory label, compose runs beside the first file; with neither, nothing is guessed', () => {
	const bare: ComposeTarget = {name: 'p', configFiles: ['/opt/p/docker-compose.yml']};
	assert.equal(composeCwd(bare), '/opt/p');
	assert.deepEqual(projectActionArgs(v2, bare, {action: 'stop'}), ['--ansi', 'never', '-p', 'p', '--project-directory', '/opt/p', '-f', '/opt/p/docker-compose.yml', 'stop']);
	const labelsOnly: ComposeTarget = {name: 'p', configFiles: []};
	assert.equal(composeCwd(labelsOnly), undefined);
	assert.deepEqual(projectActionArgs(v2, labelsOnly, {action: 'stop'}), ['--ansi', 'never', '-p', 'p', 'stop']);
});

test('a v1 older than 1.28 is asked for plain output with --no-ansi', () => {
	const old: ComposeCli = {kind: 'v1', command: ['docker-compose'], version: '1.25.0'};
	assert.deepEqual(projectActionArgs(old, {name: 'p', configFiles: []}, {action: 'stop'}), ['--no-ansi', '-p', 'p', 'stop']);
});

test('the subcommand is found after the global options, for messages', () => {
	assert.equal(subcommandOf(projectActionArgs(v1, shop, {action: 'down', volumes: true})), 'down');
	assert.equal(subcommandOf(['-p', 'up', 'stop']), 'stop');
	assert.equal(subcommandOf([]), 'command');
});

const base = {PATH: '/usr/bin', HOME: '/home/me', DOCKER_CONTEXT: 'remote', DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: '/old', DOCKER_HOST: 'tcp://old:2375'};

test('a unix endpoint is DOCKER_HOST alone; stale docker settings from the shell are dropped', () => {
	const endpoint: Endpoint = {protocol: 'unix', socketPath: '/run/user/1000/docker.sock', display: 'unix:///run/user/1000/docker.sock'};
	const env = composeEnvironment(endpoint, base);
	assert.equal(env['DOCKER_HOST'], 'unix:///run/user/1000/docker.sock');
	for (const name of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS']) {
		assert.equal(env[name], undefined, name);
	}
	assert.equal(env['PATH'], '/usr/bin');
	assert.equal(base.DOCKER_HOST, 'tcp://old:2375', 'the base is not changed');
});

test('tcp with verified TLS: DOCKER_TLS_VERIFY=1 (v1 reads it as a boolean) and the certificates directory', () => {
	const endpoint: Endpoint = {
		protocol: 'tcp',
		host: 'build.example',
		port: 2376,
		tls: {verify: true, caFile: '/home/me/.docker/ca.pem', certFile: '/home/me/.docker/cert.pem', keyFile: '/home/me/.docker/key.pem'},
		display: 'tcp://build.example:2376',
	};
	const env = composeEnvironment(endpoint, base);
	assert.equal(env['DOCKER_HOST'], 'tcp://build.example:2376');
	assert.equal(env['DOCKER_TLS_VERIFY'], '1');
	assert.equal(env['DOCKER_CERT_PATH'], '/home/me/.docker');
	assert.equal(env['DOCKER_TLS'], undefined);
});

test('tcp with unverified TLS asks v2 with DOCKER_TLS and leaves DOCKER_TLS_VERIFY unset', () => {
	const endpoint: Endpoint = {
		protocol: 'tcp',
		host: '10.0.0.5',
		port: 2376,
		tls: {verify: false, certFile: '/ctx/tls/docker/cert.pem', keyFile: '/ctx/tls/docker/key.pem'},
		display: 'context x',
	};
	const env = composeEnvironment(endpoint, base);
	assert.equal(env['DOCKER_TLS'], '1');
	assert.equal(env['DOCKER_TLS_VERIFY'], undefined);
	assert.equal(env['DOCKER_CERT_PATH'], '/ctx/tls/docker');
});

test('plain tcp, an IPv6 host, and ssh with its agent', () => {
	assert.equal(composeEnvironment({protocol: 'tcp', host: '127.0.0.1', port: 2375, display: ''}, base)['DOCKER_HOST'], 'tcp://127.0.0.1:2375');
	assert.equal(composeEnvironment({protocol: 'tcp', host: '::1', port: 2375, display: ''}, base)['DOCKER_HOST'], 'tcp://[::1]:2375');
	const ssh = composeEnvironment({protocol: 'ssh', host: 'srv', port: 2222, username: 'me', agentSocket: '/tmp/agent.sock', display: ''}, base);
	assert.equal(ssh['DOCKER_HOST'], 'ssh://me@srv:2222');
	assert.equal(ssh['SSH_AUTH_SOCK'], '/tmp/agent.sock');
	assert.equal(composeEnvironment({protocol: 'ssh', host: 'srv', display: ''}, base)['DOCKER_HOST'], 'ssh://srv');
});

test('TLS files that one DOCKER_CERT_PATH cannot name are refused with the reason', () => {
	const spread: Endpoint = {protocol: 'tcp', host: 'h', port: 2376, tls: {verify: true, caFile: '/a/ca.pem', certFile: '/b/cert.pem', keyFile: '/b/key.pem'}, display: 'tcp://h:2376'};
	assert.throws(() => composeEnvironment(spread, base), /one directory/);
	const renamed: Endpoint = {protocol: 'tcp', host: 'h', port: 2376, tls: {verify: true, caFile: '/a/root.crt'}, display: 'tcp://h:2376'};
	assert.throws(() => composeEnvironment(renamed, base), /named ca\.pem/);
});

test('service hashes are read from v1 and v2 output alike', () => {
	assert.deepEqual(
		[...parseServiceHashes(v1Hashes).keys()],
		['web', 'worker', 'extra'],
	);
	assert.equal(parseServiceHashes(v1Hashes).get('web'), '3a9141ecaa88d7028b53169b9f7d4c76bdf0dc01034c940a4b1d781be1ffd3ff');
	const fromV2 = parseServiceHashes(fixture('config-hash.txt'));
	assert.deepEqual([...fromV2.keys()], ['db', 'web']);
	assert.equal(fromV2.get('db'), '5b9b2c1f0d3cdb8a1c1e4f3fa5bbd25e4c4f5ac0a3a8a8a5cb0e0ec3c58ee1f6');
	// Lines that are not "name hash" (a warning that reached stdout) are skipped.
	assert.equal(parseServiceHashes('WARN[0000] something\r\nweb abc\n').size, 0);
	assert.deepEqual(parseServiceNames('web\nworker\n\n'), ['web', 'worker']);
});

test('v2 ls output: names, status, config files split', () => {
	assert.deepEqual(parseComposeLs(fixture('ls.json')), [
		{name: 'blog', status: 'exited(1), running(1)', configFiles: ['/home/me/blog/compose.yaml', '/home/me/blog/compose.override.yaml']},
		{name: 'shop', status: 'running(3)', configFiles: ['/srv/shop/compose.yaml']},
	]);
	assert.deepEqual(parseComposeLs('{"Name":"a","Status":"running(1)","ConfigFiles":"/a.yml"}\n'), [{name: 'a', status: 'running(1)', configFiles: ['/a.yml']}]);
	assert.deepEqual(parseComposeLs(''), []);
});

test('a failure is told in the CLI own words: from the error line on, else the last lines', () => {
	assert.deepEqual(
		failureLines(['Creating p_web_1 ... ', 'Creating p_web_1 ... error', '', 'ERROR: for p_web_1  Cannot start service web: oops', 'ERROR: Encountered errors while bringing up the project.']),
		['ERROR: for p_web_1  Cannot start service web: oops', 'ERROR: Encountered errors while bringing up the project.'],
	);
	assert.deepEqual(failureLines(["The Compose file './bad.yml' is invalid because:", "Unsupported config option for services.web: 'imag'"]), [
		"The Compose file './bad.yml' is invalid because:",
		"Unsupported config option for services.web: 'imag'",
	]);
	assert.deepEqual(failureLines([' Container x  Starting', 'Error response from daemon: no such image']), ['Error response from daemon: no such image']);
	assert.deepEqual(failureLines([]), []);
});

/** A stand-in CLI: a shell script, so the runner is tested without compose (the engine tests use the real one). */
function script(text: string): ComposeCli {
	return {kind: 'v2', command: ['sh', '-c', text, 'compose'], version: '0'};
}

function collect(): {signal: AbortSignal; controller: AbortController; lines: string[]; onEvent(event: {kind: string; text?: string}): void} {
	const controller = new AbortController();
	const lines: string[] = [];
	return {signal: controller.signal, controller, lines, onEvent: event => event.kind === 'line' && lines.push(event.text ?? '')};
}

test('runCompose streams stdout and stderr lines, split on \\n, \\r\\n and \\r, arguments untouched', async () => {
	const control = collect();
	await runCompose(script('printf "a\\r\\nb\\rc"; printf "err 1\\n" >&2; echo; printf "%s|" "$@"'), ['-p', 'x y', '$HOME'], {env: process.env}, control);
	assert.deepEqual(control.lines.sort(), ['-p|x y|$HOME|', 'a', 'b', 'c', 'err 1'].sort());
});

test("runCompose rejects with the CLI's last error lines, or the exit code when it said nothing", async () => {
	await assert.rejects(
		runCompose(script('echo "Creating x ... " >&2; echo "ERROR: for x  boom" >&2; echo "ERROR: Encountered errors" >&2; exit 1'), ['up'], {env: process.env}, collect()),
		{name: 'EngineError', message: 'ERROR: for x  boom\nERROR: Encountered errors'},
	);
	await assert.rejects(runCompose(script('exit 3'), ['-p', 'p', 'down'], {env: process.env}, collect()), {message: 'compose down failed with exit code 3'});
	await assert.rejects(
		runCompose({kind: 'v1', command: ['berth-no-such-compose'], version: '1'}, ['up'], {env: process.env}, collect()),
		{message: 'cannot run berth-no-such-compose: not found on PATH'},
	);
});

test('runCompose is cancelled through the signal, also before it starts', async () => {
	const control = collect();
	const running = runCompose(script('echo started; sleep 30'), ['up'], {env: process.env}, control);
	while (!control.lines.includes('started')) {
		await new Promise(resolve => setTimeout(resolve, 10));
	}
	const at = Date.now();
	control.controller.abort();
	await assert.rejects(running, {message: 'compose up cancelled'});
	assert.ok(Date.now() - at < 2000, 'the whole process group got SIGTERM (sleep included)');
	const early = collect();
	early.controller.abort();
	await assert.rejects(runCompose(script('echo never'), ['pull'], {env: process.env}, early), {message: 'compose pull cancelled'});
	assert.deepEqual(early.lines, []);
});

test('v2 output for drift: config --services and config --hash name the same services', () => {
	const services = parseServiceNames(fixture('config-services.txt'));
	assert.deepEqual(services, ['db', 'web']);
	assert.deepEqual([...parseServiceHashes(fixture('config-hash.txt')).keys()], services);
});

test('v2 failures are told from its "Error response from daemon" line on', () => {
	assert.deepEqual(
		failureLines([' Container shop-web-1  Starting', 'Error response from daemon: driver failed programming external connectivity on endpoint shop-web-1: Bind for 0.0.0.0:80 failed: port is already allocated']),
		['Error response from daemon: driver failed programming external connectivity on endpoint shop-web-1: Bind for 0.0.0.0:80 failed: port is already allocated'],
	);
});
