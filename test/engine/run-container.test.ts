import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {
	createBody,
	loadRunSpec,
	recreateContainer,
	runContainer,
	specFromInspect,
	type RawRunInspect,
} from '../../source/engine/run-container.js';
import {EngineError} from '../../source/engine/types.js';
import {parseRunForm, type RunSpec} from '../../source/parse/run-spec.js';
import {cleanUp, docker, endpoint, idle, labels, requireEngine, runId, testImage, uniqueName} from './helpers.js';

const where = endpoint.display;
let scratch = '';
const networks: string[] = [];
/** Anonymous volumes a recreate carried over: the new container mounts them by name, so cleanUp leaves them. */
const carried: string[] = [];

before(async () => {
	await requireEngine();
	scratch = await mkdtemp(join(tmpdir(), 'berth-run-'));
});

after(async () => {
	await cleanUp();
	await Promise.all([
		...networks.map(id => docker.getNetwork(id).remove()),
		...carried.map(name => docker.getVolume(name).remove()),
	]);
	await rm(scratch, {recursive: true, force: true});
});

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** The smallest labelled spec: the rest of each test's spec is spread over it. */
function baseSpec(hint: string): RunSpec {
	return {
		name: uniqueName(hint),
		image: testImage,
		command: idle,
		ports: [],
		publishAll: false,
		env: [],
		mounts: [],
		aliases: [],
		dns: [],
		extraHosts: [],
		volumesFrom: [],
		restart: {name: 'no', maxRetries: 0},
		labels: {...labels},
		privileged: false,
		capAdd: [],
		capDrop: [],
		ulimits: [],
		autoRemove: false,
		interactive: false,
	};
}

function inspect(idOrName: string) {
	return docker.getContainer(idOrName).inspect();
}

/** A user-defined network with a subnet of its own, so static addresses can be given. */
async function testNetwork(): Promise<{name: string; prefix: string}> {
	const name = uniqueName('net');
	const prefix = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}`;
	const network = await docker.createNetwork({
		Name: name,
		Labels: labels,
		IPAM: {Config: [{Subnet: `${prefix}.0/24`}]},
	});
	networks.push(network.id);
	return {name, prefix};
}

async function namedVolume(): Promise<string> {
	const name = uniqueName('vol');
	await docker.createVolume({Name: name, Labels: labels});
	return name;
}

/** Names of this run's containers that match `fragment`. */
async function containersNamed(fragment: string): Promise<string[]> {
	const list = await docker.listContainers({all: true, filters: {label: [`berth.test=${runId}`], name: [fragment]}});
	return list.map(container => (container.Names[0] ?? '').replace(/^\//, ''));
}

/** The volumes mounted into the container called `name` since `since` (epoch seconds), from the engine's events. */
async function volumesMountedInto(name: string, since: number): Promise<string[]> {
	const stream = await docker.getEvents({since, until: Math.ceil(Date.now() / 1000) + 1});
	let text = '';
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		text += chunk.toString();
	}
	const events = text
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as {Type: string; Action: string; Actor: {ID: string; Attributes: Record<string, string>}});
	const ids = new Set(events.filter(event => event.Type === 'container' && event.Actor.Attributes['name'] === name).map(event => event.Actor.ID));
	return events
		.filter(event => event.Type === 'volume' && event.Action === 'mount' && ids.has(event.Actor.Attributes['container'] ?? ''))
		.map(event => event.Actor.ID);
}

function refusal(pattern: RegExp) {
	return (error: unknown) => {
		assert.ok(error instanceof EngineError, String(error));
		assert.match(error.message, pattern);
		return true;
	};
}

test('runContainer creates and starts a container with the form’s options', async () => {
	const port = await freePort();
	const volume = await namedVolume();
	const parsed = parseRunForm(
		{
			name: uniqueName('run'),
			image: testImage,
			command: `sh -c 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'`,
			ports: `127.0.0.1:${port}:80, 53/udp`,
			env: 'GREETING=hello, world\nFROM_HOST',
			mounts: `${volume}:/data\n${scratch}:/host:ro\n/cache`,
			labels: `berth.test=${runId}\ntier=front`,
			restart: 'on-failure:2',
			memory: '64m',
			'memory-swap': '128m',
			cpus: '0.5',
			'cpu-shares': '512',
			ulimits: 'nofile=1024:2048',
			'cap-add': 'net_admin',
			dns: '10.0.0.53',
			'extra-hosts': 'db:10.0.0.5',
			hostname: 'webhost',
			workdir: '/tmp',
		},
		{FROM_HOST: 'from berth'},
		() => '',
	);
	assert.ok('spec' in parsed, JSON.stringify(parsed));
	const id = await runContainer(docker, parsed.spec, where);

	const info = await inspect(id);
	assert.equal(info.State.Running, true);
	assert.equal(info.Name, `/${parsed.spec.name}`);
	assert.deepEqual(info.HostConfig.PortBindings, {
		'80/tcp': [{HostIp: '127.0.0.1', HostPort: String(port)}],
		'53/udp': [{HostIp: '', HostPort: ''}],
	});
	assert.deepEqual(info.NetworkSettings.Ports['80/tcp'], [{HostIp: '127.0.0.1', HostPort: String(port)}]);
	assert.ok(info.Config.Env.includes('GREETING=hello, world'));
	assert.ok(info.Config.Env.includes('FROM_HOST=from berth'));
	const mounts = Object.fromEntries(info.Mounts.map(mount => [mount.Destination, mount]));
	assert.equal(mounts['/data']?.Name, volume);
	assert.equal(mounts['/host']?.Source, scratch);
	assert.equal(mounts['/host']?.RW, false);
	assert.equal(mounts['/cache']?.Type, 'volume');
	assert.equal(info.Config.Labels['tier'], 'front');
	assert.deepEqual(info.HostConfig.RestartPolicy, {Name: 'on-failure', MaximumRetryCount: 2});
	assert.equal(info.HostConfig.Memory, 64 * 1024 ** 2);
	assert.equal(info.HostConfig.MemorySwap, 128 * 1024 ** 2);
	assert.equal(info.HostConfig.NanoCpus, 500_000_000);
	assert.equal(info.HostConfig.CpuShares, 512);
	assert.deepEqual(info.HostConfig.Ulimits, [{Name: 'nofile', Soft: 1024, Hard: 2048}]);
	assert.deepEqual(info.HostConfig.CapAdd, ['CAP_NET_ADMIN']);
	assert.deepEqual(info.HostConfig.Dns, ['10.0.0.53']);
	assert.deepEqual(info.HostConfig.ExtraHosts, ['db:10.0.0.5']);
	assert.equal(info.Config.Hostname, 'webhost');
	assert.equal(info.Config.WorkingDir, '/tmp');
	assert.equal(info.Config.Tty, false);
});

test('an interactive container is created with a TTY and open stdin, and left for the caller to attach and start', async () => {
	const id = await runContainer(docker, {...baseSpec('interactive'), command: ['sh'], interactive: true}, where);
	const info = await inspect(id);
	assert.equal(info.State.Status, 'created');
	assert.equal(info.Config.Tty, true);
	assert.equal(info.Config.OpenStdin, true);
	assert.equal(info.Config.AttachStdin, true);
});

test('the engine’s refusals come back in its own words, and nothing half-made is left', async () => {
	const port = await freePort();
	const published = {hostIp: '127.0.0.1', hostPorts: {first: port, last: port}, containerPort: 80, protocol: 'tcp' as const};
	const first = {...baseSpec('port-holder'), ports: [published]};
	await runContainer(docker, first, where);

	const second = {...baseSpec('port-taker'), ports: [published]};
	await assert.rejects(runContainer(docker, second, where), refusal(/port is already allocated/));
	assert.deepEqual(await containersNamed(second.name ?? ''), [], 'the container that could not start is removed');

	await assert.rejects(
		runContainer(docker, {...baseSpec('name-taken'), name: first.name}, where),
		refusal(/is already in use/),
	);
	await assert.rejects(
		runContainer(docker, {...baseSpec('no-image'), image: 'berth-test/does-not-exist'}, where),
		refusal(/No such image: berth-test\/does-not-exist/),
	);
	const relative = {...baseSpec('bad-mount'), mounts: [{type: 'bind' as const, source: 'relative/path', target: '/x', readOnly: false}]};
	await assert.rejects(runContainer(docker, relative, where), refusal(/"relative\/path" includes invalid characters .*use absolute path/));
	const since = Math.floor(Date.now() / 1000);
	const badCommand = {...baseSpec('bad-command'), command: ['/no/such/program'], mounts: [{type: 'anonymous' as const, target: '/cache'}]};
	await assert.rejects(
		runContainer(docker, badCommand, where),
		refusal(/^the command could not be started: exec: "\/no\/such\/program": stat \/no\/such\/program: no such file or directory$/),
	);
	assert.deepEqual(await containersNamed('bad-command'), []);
	const [volume, ...others] = await volumesMountedInto(badCommand.name ?? '', since);
	assert.ok(volume !== undefined && others.length === 0, 'the engine mounted one anonymous volume');
	await assert.rejects(docker.getVolume(volume).inspect(), (error: {statusCode?: number}) => error.statusCode === 404);
});

test('loadRunSpec gives back the spec a container was run with', async () => {
	const {name: network, prefix} = await testNetwork();
	const volume = await namedVolume();
	const holder = await runContainer(docker, baseSpec('volumes-from'), where);
	const port = await freePort();
	const spec: RunSpec = {
		...baseSpec('round-trip'),
		command: ['sh', '-c', 'echo "$A"; exec sleep 1000'],
		entrypoint: ['/bin/env', '--'],
		// In the engine's order (ports by "port/protocol" text, then binds, then anonymous volumes).
		ports: [
			{hostIp: '127.0.0.1', hostPorts: {first: port, last: port}, containerPort: 53, protocol: 'udp'},
			{containerPort: 80, protocol: 'tcp'},
			{hostIp: '127.0.0.1', containerPort: 81, protocol: 'tcp'},
		],
		publishAll: true,
		env: ['A=1', 'B=x,y', 'EMPTY='],
		mounts: [
			{type: 'volume', source: volume, target: '/data', readOnly: true},
			{type: 'bind', source: scratch, target: '/host', readOnly: false},
			{type: 'anonymous', target: '/cache'},
		],
		network,
		ipv4Address: `${prefix}.9`,
		aliases: ['web', 'www'],
		dns: ['10.0.0.53', '::1'],
		extraHosts: [{host: 'db', ip: '10.0.0.5'}, {host: 'gw', ip: 'host-gateway'}],
		volumesFrom: [`${holder}:ro`],
		restart: {name: 'unless-stopped', maxRetries: 0},
		memory: 64 * 1024 ** 2,
		memorySwap: -1,
		nanoCpus: 1_500_000_000,
		cpusetCpus: '0',
		cpuShares: 256,
		hostname: 'roundtrip',
		user: '65534:65534',
		workdir: '/tmp',
		labels: {...labels, tier: 'front', 'com.example.list': 'a,b'},
		capAdd: ['CAP_NET_ADMIN', 'CAP_SYS_TIME'],
		capDrop: ['CAP_MKNOD'],
		ulimits: [{name: 'nofile', soft: 1024, hard: 2048}, {name: 'nproc', soft: 512, hard: 512}],
	};
	const id = await runContainer(docker, spec, where);
	assert.deepEqual(await loadRunSpec(docker, id, where), spec);

	// Defaults the engine fills in (hostname = short id, swap = twice the memory) are not read back
	// as choices. Interactive, so it is only created: privileged containers cannot start here.
	const plain: RunSpec = {...baseSpec('plain'), memory: 32 * 1024 ** 2, privileged: true, autoRemove: true, interactive: true};
	const plainId = await runContainer(docker, plain, where);
	assert.deepEqual(await loadRunSpec(docker, plainId, where), plain);

	// Without the image's config, what the image gave (its PATH, here) is part of the spec.
	const raw = (await inspect(plainId)) as unknown as RawRunInspect;
	assert.ok(specFromInspect(raw).env.some(variable => variable.startsWith('PATH=')));
});

test('createBody publishes every port it binds and puts anonymous volumes in Volumes', () => {
	const body = createBody({
		...baseSpec('body'),
		ports: [
			{hostPorts: {first: 9000, last: 9010}, containerPort: 80, protocol: 'tcp'},
			{hostIp: '::1', hostPorts: {first: 8080, last: 8080}, containerPort: 80, protocol: 'tcp'},
		],
		mounts: [{type: 'anonymous', target: '/cache'}],
	});
	assert.deepEqual(body.ExposedPorts, {'80/tcp': {}});
	assert.deepEqual(body.HostConfig?.PortBindings, {
		'80/tcp': [
			{HostIp: '', HostPort: '9000-9010'},
			{HostIp: '::1', HostPort: '8080'},
		],
	});
	assert.deepEqual(body.Volumes, {'/cache': {}});
	assert.deepEqual(body.HostConfig?.Binds, []);
});

test('recreate changes the port mapping, keeps the name and the anonymous volumes, and removes the old container', async () => {
	const [before, after] = [await freePort(), await freePort()];
	const spec: RunSpec = {
		...baseSpec('recreate'),
		ports: [{hostIp: '127.0.0.1', hostPorts: {first: before, last: before}, containerPort: 80, protocol: 'tcp'}],
		mounts: [{type: 'anonymous', target: '/data'}],
	};
	const oldId = await runContainer(docker, spec, where);
	const oldVolume = (await inspect(oldId)).Mounts.find(mount => mount.Destination === '/data')?.Name;
	assert.ok(oldVolume);
	carried.push(oldVolume);

	const changed = {...spec, ports: [{...spec.ports[0]!, hostPorts: {first: after, last: after}}]};
	const newId = await recreateContainer(docker, oldId, changed, where);

	assert.notEqual(newId, oldId);
	const info = await inspect(spec.name ?? '');
	assert.equal(info.Id, newId);
	assert.equal(info.State.Running, true);
	assert.deepEqual(info.NetworkSettings.Ports['80/tcp'], [{HostIp: '127.0.0.1', HostPort: String(after)}]);
	assert.equal(info.Mounts.find(mount => mount.Destination === '/data')?.Name, oldVolume);
	await assert.rejects(inspect(oldId), (error: {statusCode?: number}) => error.statusCode === 404);
	assert.deepEqual(await containersNamed('berth-old'), []);
});

test('a recreate whose new container cannot start puts the old one back, running, and says why', async () => {
	const port = await freePort();
	const spec: RunSpec = {
		...baseSpec('recreate-fails'),
		ports: [{hostIp: '127.0.0.1', hostPorts: {first: port, last: port}, containerPort: 80, protocol: 'tcp'}],
	};
	const oldId = await runContainer(docker, spec, where);
	const name = spec.name ?? '';
	const startedAt = (await inspect(oldId)).State.StartedAt;

	const expectBack = async () => {
		const info = await inspect(name);
		assert.equal(info.Id, oldId);
		assert.equal(info.State.Running, true);
		assert.deepEqual(info.NetworkSettings.Ports['80/tcp'], [{HostIp: '127.0.0.1', HostPort: String(port)}]);
		assert.deepEqual(await containersNamed(name), [name], 'neither the new container nor a parked name is left');
	};

	await assert.rejects(
		recreateContainer(docker, oldId, {...spec, command: ['/no/such/program']}, where),
		refusal(new RegExp(`^recreate failed: the command could not be started: .*no such file or directory; the old container is back as ${name}$`)),
	);
	await expectBack();
	assert.notEqual((await inspect(oldId)).State.StartedAt, startedAt, 'it was stopped and started again');

	const taken = await freePort();
	await runContainer(
		docker,
		{...baseSpec('port-taken'), ports: [{hostIp: '127.0.0.1', hostPorts: {first: taken, last: taken}, containerPort: 80, protocol: 'tcp'}]},
		where,
	);
	const conflicting = {...spec, ports: [{...spec.ports[0]!, hostPorts: {first: taken, last: taken}}]};
	await assert.rejects(
		recreateContainer(docker, oldId, conflicting, where),
		refusal(new RegExp(`^recreate failed: .*port is already allocated; the old container is back as ${name}$`)),
	);
	await expectBack();
});
