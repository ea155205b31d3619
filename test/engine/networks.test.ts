// Network operations against the real engine. Every network made here carries this run's
// `berth.test` label and a name with the run id, and is removed at the end; subnets come from
// 10.213.0.0/16 and are checked against the engine's networks before use.
import assert from 'node:assert/strict';
import {randomInt} from 'node:crypto';
import {after, before, test} from 'node:test';
import {
	connectContainer,
	createNetwork,
	disconnectContainer,
	inspectNetwork,
	attachedContainers,
	networkCreateBody,
	networksToPrune,
	normalizeNetworkRow,
	NetworkFormError,
	pruneNetworks,
	removeNetwork,
	type NetworkCreateOptions,
} from '../../source/engine/networks.js';
import {EngineError} from '../../source/engine/types.js';
import {checkNetworkForm, cidrsOverlap} from '../../source/parse/cidr.js';
import {cleanUp, createContainer, docker, engine, idle, labels, requireEngine, runId, testLabel} from './helpers.js';

const where = 'unix:///var/run/docker.sock';
const label = `${testLabel}=${runId}`;
/** Labelled as another run's: a prune with this run's label must leave it alone. */
const otherLabel = {[testLabel]: `${runId}-other`};
let networkCounter = 0;

before(requireEngine);

after(async () => {
	// Containers first: they hold their networks.
	await cleanUp();
	for (const value of [runId, `${runId}-other`]) {
		const networks = await docker.listNetworks({filters: {label: [`${testLabel}=${value}`]}});
		for (const network of networks) {
			await docker
				.getNetwork(network.Id)
				.remove()
				.catch(() => undefined);
		}
	}
});

function networkName(hint: string): string {
	networkCounter += 1;
	return `berth-test-${runId}-${hint}-${networkCounter}`;
}

const taken: string[] = [];

/** A /24 in 10.213.0.0/16 that no network on the engine (nor an earlier call) uses. */
async function freeSubnet(): Promise<{subnet: string; base: string}> {
	const pools = (await docker.listNetworks()).flatMap(network => (network.IPAM?.Config ?? []).flatMap(config => (config.Subnet ? [config.Subnet] : [])));
	const start = randomInt(0, 256);
	for (let offset = 0; offset < 256; offset += 1) {
		const third = (start + offset) % 256;
		const subnet = `10.213.${third}.0/24`;
		if (![...pools, ...taken].some(pool => cidrsOverlap(pool, subnet))) {
			taken.push(subnet);
			return {subnet, base: `10.213.${third}`};
		}
	}
	throw new Error('no free /24 in 10.213.0.0/16 on this engine');
}

function options(name: string, extra: Partial<NetworkCreateOptions> = {}): NetworkCreateOptions {
	return {
		name,
		driver: 'bridge',
		ipv6: false,
		internal: false,
		attachable: false,
		labels,
		options: {},
		...extra,
	};
}

function rejectsWith(pattern: RegExp, type: new (...args: never[]) => EngineError = EngineError): (error: unknown) => boolean {
	return (error: unknown) => {
		assert.ok(error instanceof type, `a ${type.name}, not ${String(error)}`);
		assert.match(error.message, pattern);
		return true;
	};
}

async function exists(name: string): Promise<boolean> {
	return (await docker.listNetworks({filters: {name: [name]}})).some(network => network.Name === name);
}

test('create with subnet, gateway, ip range, labels, options, internal and attachable, and inspect it back', async () => {
	const {subnet, base} = await freeSubnet();
	const name = networkName('full');
	const id = await createNetwork(
		docker,
		options(name, {
			subnet,
			gateway: `${base}.254`,
			ipRange: `${base}.128/25`,
			internal: true,
			attachable: true,
			labels: {...labels, 'berth.purpose': 'full'},
			options: {'com.docker.network.driver.mtu': '1400', 'com.docker.network.bridge.enable_icc': 'false'},
		}),
		where,
	);
	assert.match(id, /^[0-9a-f]{64}$/);
	const details = await inspectNetwork(docker, name, where);
	assert.equal(details.id, id);
	assert.equal(details.name, name);
	assert.equal(details.driver, 'bridge');
	assert.equal(details.scope, 'local');
	assert.equal(details.internal, true);
	assert.equal(details.attachable, true);
	assert.equal(details.ingress, false);
	assert.equal(details.enableIPv6, false);
	assert.ok(Math.abs(details.created - Date.now()) < 60_000, `created ${details.created} is now`);
	assert.deepEqual(details.ipam.config, [{subnet, gateway: `${base}.254`, ipRange: `${base}.128/25`, auxAddresses: {}}]);
	assert.equal(details.ipam.driver, 'default');
	assert.deepEqual(details.options, {'com.docker.network.driver.mtu': '1400', 'com.docker.network.bridge.enable_icc': 'false'});
	assert.deepEqual(details.labels, {...labels, 'berth.purpose': 'full'});
	assert.deepEqual(details.containers, []);

	const row = (await engine.listNetworks()).find(network => network.id === id);
	assert.ok(row, 'the new network is listed');
	assert.deepEqual(
		{subnets: row.subnets, gateways: row.gateways, internal: row.internal, attachable: row.attachable, ipv6: row.ipv6},
		{subnets: [subnet], gateways: [`${base}.254`], internal: true, attachable: true, ipv6: false},
	);
	const bridge = (await engine.listNetworks()).find(network => network.name === 'bridge');
	assert.ok(bridge && bridge.subnets.length > 0, 'the default bridge has its subnet');
});

test('create an IPv6 network with its own subnet and gateway', async () => {
	const name = networkName('v6');
	const v6 = `fd00:213:${randomInt(1, 0xffff).toString(16)}::`;
	const {subnet} = await freeSubnet();
	await createNetwork(docker, options(name, {subnet, ipv6: true, ipv6Subnet: `${v6}/64`, ipv6Gateway: `${v6}1`}), where);
	const details = await inspectNetwork(docker, name, where);
	assert.equal(details.enableIPv6, true);
	assert.deepEqual(
		details.ipam.config.map(config => [config.subnet, config.gateway]),
		[
			[subnet, ''],
			[`${v6}/64`, `${v6}1`],
		],
	);
	const row = (await engine.listNetworks()).find(network => network.name === name);
	assert.equal(row?.ipv6, true);
});

test('an invalid CIDR, a gateway or range outside the subnet, a bad name: refused before the engine is asked', async () => {
	const name = networkName('bad');
	await assert.rejects(
		createNetwork(docker, options(name, {subnet: '10.213.7'}), where),
		rejectsWith(/^subnet: 10\.213\.7 has no prefix length/, NetworkFormError),
	);
	await assert.rejects(
		createNetwork(docker, options(name, {subnet: '10.213.7.5/24'}), where),
		rejectsWith(/^subnet: 10\.213\.7\.5\/24 has host bits set \(it should be 10\.213\.7\.0\/24\)$/, NetworkFormError),
	);
	await assert.rejects(
		createNetwork(docker, options(name, {subnet: '10.213.7.0/24', gateway: '10.213.8.1'}), where),
		(error: unknown) => {
			assert.ok(error instanceof NetworkFormError);
			assert.deepEqual(error.fields, {gateway: 'gateway: 10.213.8.1 is not in the subnet 10.213.7.0/24'});
			return true;
		},
	);
	// The engine itself (20.10) would take this range and never hand out an address from it.
	await assert.rejects(
		createNetwork(docker, options(name, {subnet: '10.213.7.0/24', ipRange: '10.213.8.0/25'}), where),
		rejectsWith(/^ip-range: 10\.213\.8\.0\/25 is not inside the subnet 10\.213\.7\.0\/24$/, NetworkFormError),
	);
	// The engine takes this name as it is; berth does not.
	await assert.rejects(createNetwork(docker, options('bad name!'), where), rejectsWith(/^name: bad name! has characters/, NetworkFormError));
	assert.equal(await exists(name), false);
	assert.equal(await exists('bad name!'), false);
});

test('a subnet overlapping a test network: the pre-check names it, and so does the engine refusal', async () => {
	const {subnet, base} = await freeSubnet();
	const first = networkName('pool');
	await createNetwork(docker, options(first, {subnet}), where);
	const overlapping = `${base}.0/25`;
	const second = networkName('overlap');

	const rows = await engine.listNetworks();
	assert.deepEqual(
		checkNetworkForm({name: second, driver: 'bridge', subnet: overlapping, gateway: '', ipRange: ''}, rows),
		{subnet: `subnet: ${overlapping} overlaps network ${first} (${subnet})`},
	);
	assert.deepEqual(checkNetworkForm({name: first, driver: 'bridge', subnet, gateway: '', ipRange: ''}, rows), {
		name: `name: a network named ${first} already exists`,
		subnet: `subnet: ${subnet} overlaps network ${first}`,
	});

	// The engine says "Pool overlaps with other one on this address space"; berth names the other one.
	await assert.rejects(createNetwork(docker, options(second, {subnet: overlapping}), where), (error: unknown) => {
		assert.ok(error instanceof NetworkFormError, String(error));
		assert.equal(error.message, `subnet: ${overlapping} overlaps network ${first} (${subnet})`);
		assert.deepEqual(Object.keys(error.fields), ['subnet']);
		assert.equal(error.statusCode, 403);
		return true;
	});
	assert.equal(await exists(second), false);

	// A duplicate name (CheckDuplicate).
	await assert.rejects(
		createNetwork(docker, options(first), where),
		rejectsWith(new RegExp(`^name: a network named ${first} already exists$`), NetworkFormError),
	);
});

test('the engine refusals of drivers, said plainly', async () => {
	const info = await docker.info();
	const overlay = networkName('overlay');
	if (info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable) {
		// Only when someone has made this engine a swarm manager: then overlay networks are made.
		await createNetwork(docker, options(overlay, {driver: 'overlay', attachable: true}), where);
		assert.equal((await inspectNetwork(docker, overlay, where)).scope, 'swarm');
	} else {
		await assert.rejects(
			createNetwork(docker, options(overlay, {driver: 'overlay'}), where),
			rejectsWith(/^overlay networks need swarm mode, and this engine is not a swarm manager \(run docker swarm init, or join a swarm, first\)$/),
		);
	}
	await assert.rejects(
		createNetwork(docker, options(networkName('nodriver'), {driver: 'no-such-driver'}), where),
		rejectsWith(new RegExp(`^driver: there is no network driver named no-such-driver on ${where}$`), NetworkFormError),
	);
});

test('the predefined networks are refused before any call, and by id', async () => {
	for (const name of ['bridge', 'host', 'none']) {
		await assert.rejects(removeNetwork(docker, name, where), rejectsWith(new RegExp(`^${name} is a predefined network and cannot be removed$`)));
	}
	const bridge = await docker.getNetwork('bridge').inspect();
	await assert.rejects(removeNetwork(docker, bridge.Id, where), rejectsWith(/^bridge is a predefined network and cannot be removed$/));
	await docker.getNetwork('bridge').inspect();
});

test('removing a network in use names its containers; unused, it goes', async () => {
	const name = networkName('inuse');
	await createNetwork(docker, options(name), where);
	const one = await createContainer({Cmd: idle, hint: 'rm1', HostConfig: {NetworkMode: name}});
	const two = await createContainer({Cmd: idle, hint: 'rm2', HostConfig: {NetworkMode: name}});
	const names = [(await one.inspect()).Name.slice(1), (await two.inspect()).Name.slice(1)].sort();
	await assert.rejects(
		removeNetwork(docker, name, where),
		rejectsWith(new RegExp(`^network ${name} is in use by containers ${names.join(', ')} \\(disconnect them first\\)$`)),
	);
	await two.remove({force: true});
	await assert.rejects(
		removeNetwork(docker, name, where),
		rejectsWith(new RegExp(`^network ${name} is in use by container ${names[0]} \\(disconnect them first\\)$`)),
	);
	await one.remove({force: true});
	await removeNetwork(docker, name, where);
	assert.equal(await exists(name), false);
	await assert.rejects(removeNetwork(docker, name, where), rejectsWith(/not found/));
});

test('connect with aliases and a static IPv4; inspect shows them; disconnect, and force', async () => {
	const {subnet, base} = await freeSubnet();
	const name = networkName('conn');
	await createNetwork(docker, options(name, {subnet}), where);
	const running = await createContainer({Cmd: idle, hint: 'conn'});
	const runningName = (await running.inspect()).Name.slice(1);
	const stopped = await createContainer({Cmd: idle, hint: 'stopped', start: false});
	const stoppedName = (await stopped.inspect()).Name.slice(1);

	await connectContainer(docker, name, runningName, {aliases: ['db', 'primary'], ipv4: `${base}.77`}, where);
	await connectContainer(docker, name, stoppedName, {aliases: ['later']}, where);

	const details = await inspectNetwork(docker, name, where);
	assert.deepEqual(
		details.containers.map(container => container.name),
		[runningName, stoppedName],
	);
	const [first, second] = details.containers;
	assert.ok(first && second);
	assert.equal(first.id, running.id);
	assert.equal(first.ipv4, `${base}.77`);
	assert.equal(first.running, true);
	assert.match(first.mac, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
	// Without the short id the engine adds to every container's aliases (engines before 25 do).
	assert.deepEqual(first.aliases, ['db', 'primary']);
	assert.equal(second.running, false);
	assert.equal(second.ipv4, '');
	assert.deepEqual(second.aliases, ['later']);


	await assert.rejects(
		connectContainer(docker, name, runningName, {aliases: []}, where),
		rejectsWith(new RegExp(`^${runningName} is already connected to ${name}$`)),
	);

	await disconnectContainer(docker, name, runningName, {force: false}, where);
	await disconnectContainer(docker, name, stoppedName, {force: true}, where);
	assert.deepEqual((await inspectNetwork(docker, name, where)).containers, []);
	await assert.rejects(
		disconnectContainer(docker, name, runningName, {force: false}, where),
		rejectsWith(new RegExp(`^${runningName} is not connected to ${name}$`)),
	);
	// Force on a connected, running container.
	await connectContainer(docker, name, runningName, {aliases: []}, where);
	await disconnectContainer(docker, name, runningName, {force: true}, where);
	assert.deepEqual(Object.keys((await running.inspect()).NetworkSettings.Networks).sort(), ['bridge']);
});

test('static addresses: outside the subnet refused before the call; without a configured subnet or on bridge, as the engine says', async () => {
	const {subnet} = await freeSubnet();
	const name = networkName('static');
	await createNetwork(docker, options(name, {subnet}), where);
	const container = await createContainer({Cmd: idle, hint: 'static'});
	const containerName = (await container.inspect()).Name.slice(1);

	await assert.rejects(
		connectContainer(docker, name, containerName, {aliases: [], ipv4: '10.9.0.5'}, where),
		rejectsWith(new RegExp(`^ipv4: 10\\.9\\.0\\.5 is not in ${subnet.replace(/\./g, '\\.')}, the subnet of ${name}$`)),
	);
	await assert.rejects(
		connectContainer(docker, name, containerName, {aliases: [], ipv4: 'fd00::5'}, where),
		rejectsWith(/^ipv4: fd00::5 is not an IPv4 address$/),
	);
	await assert.rejects(
		connectContainer(docker, name, containerName, {aliases: [], ipv6: 'fd00::5'}, where),
		rejectsWith(new RegExp(`^ipv6: ${name} has no IPv6 subnet, so a container cannot have a static IPv6 address on it$`)),
	);
	assert.deepEqual(Object.keys((await container.inspect()).NetworkSettings.Networks), ['bridge']);

	// The engine picked this network's subnet: it refuses a static address even inside it.
	const picked = networkName('picked');
	await createNetwork(docker, options(picked), where);
	const pickedSubnet = (await inspectNetwork(docker, picked, where)).ipam.config[0]?.subnet ?? '';
	const inside = pickedSubnet.replace(/\.0\/\d+$/, '.9');
	await assert.rejects(
		connectContainer(docker, picked, containerName, {aliases: [], ipv4: inside}, where),
		rejectsWith(new RegExp(`^ipv4: a static address needs a network whose subnet was given when it was created; the engine picked ${picked}'s subnet$`)),
	);
	await assert.rejects(
		connectContainer(docker, 'bridge', containerName, {aliases: [], ipv4: '172.17.0.250'}, where),
		rejectsWith(/^ipv4: a static address works only on networks you create; bridge is predefined$/),
	);
	assert.deepEqual(Object.keys((await container.inspect()).NetworkSettings.Networks), ['bridge']);
});

test('prune lists and removes only unused networks with the label', async () => {
	const unused = networkName('unused');
	const used = networkName('used');
	const ofStopped = networkName('stopped');
	const other = networkName('other');
	await createNetwork(docker, options(unused), where);
	await createNetwork(docker, options(used), where);
	await createNetwork(docker, options(ofStopped), where);
	await createNetwork(docker, options(other, {labels: otherLabel}), where);
	await createContainer({Cmd: idle, hint: 'user', HostConfig: {NetworkMode: used}});
	const stopped = await createContainer({Cmd: idle, hint: 'gone', start: false, HostConfig: {NetworkMode: ofStopped}});
	const stoppedName = (await stopped.inspect()).Name.slice(1);

	const candidates = await networksToPrune(docker, where, {label: [label]});
	const byName = new Map(candidates.map(network => [network.name, network]));
	// Earlier tests' networks may still be here (unused, with this label); the ones of this test decide.
	assert.ok(byName.has(unused), 'the unused network would go');
	assert.ok(byName.has(ofStopped), 'a network only a stopped container has would go, as the engine counts endpoints');
	assert.ok(!byName.has(used), 'a network a running container uses stays');
	assert.ok(!byName.has(other), 'a network without the label stays');
	assert.ok(![...byName.keys()].some(name => ['bridge', 'host', 'none'].includes(name)));
	assert.deepEqual(byName.get(ofStopped)?.stoppedContainers, [stoppedName]);
	assert.deepEqual(byName.get(unused)?.stoppedContainers, []);

	const {deleted} = await pruneNetworks(docker, where, {label: [label]});
	assert.deepEqual([...deleted].sort(), candidates.map(network => network.name).sort());
	assert.equal(await exists(unused), false);
	assert.equal(await exists(ofStopped), false);
	assert.equal(await exists(used), true);
	assert.equal(await exists(other), true);
	assert.ok(await exists('bridge'));
});

test('rows count containers by network id, and by name for containers never started', () => {
	const attached = attachedContainers([
		{Id: 'a'.repeat(64), Names: ['/web'], NetworkSettings: {Networks: {front: {NetworkID: 'n1'}, bridge: {NetworkID: 'n0'}}}},
		{Id: 'b'.repeat(64), Names: ['/new'], NetworkSettings: {Networks: {front: {NetworkID: ''}}}},
		{Id: 'c'.repeat(64), Names: null, NetworkSettings: null},
	]);
	const row = normalizeNetworkRow(
		{
			Id: 'n1',
			Name: 'front',
			Driver: 'bridge',
			Scope: 'local',
			Created: '2024-01-02T03:04:05.000000006Z',
			Attachable: true,
			EnableIPv6: true,
			IPAM: {Driver: 'default', Config: [{Subnet: '10.1.0.0/24', Gateway: '10.1.0.1'}, {Subnet: 'fd00::/64'}]},
			Containers: {},
		},
		attached,
	);
	assert.deepEqual(
		{subnets: row.subnets, gateways: row.gateways, attachable: row.attachable, ipv6: row.ipv6, ingress: row.ingress, containers: row.containers},
		{subnets: ['10.1.0.0/24', 'fd00::/64'], gateways: ['10.1.0.1'], attachable: true, ipv6: true, ingress: false, containers: 2},
	);
	assert.equal(row.created, Date.UTC(2024, 0, 2, 3, 4, 5));
});

test('the create body: IPAM entries only for the subnets given, bridge when no driver', () => {
	assert.deepEqual(
		networkCreateBody(options(' n ', {driver: '', subnet: '10.1.0.0/24', gateway: ' ', ipRange: '10.1.0.128/25', ipv6: true, ipv6Subnet: 'fd00::/64'})),
		{
			Name: 'n',
			CheckDuplicate: true,
			Driver: 'bridge',
			Internal: false,
			Attachable: false,
			EnableIPv6: true,
			IPAM: {Driver: 'default', Config: [{Subnet: '10.1.0.0/24', IPRange: '10.1.0.128/25'}, {Subnet: 'fd00::/64'}], Options: {}},
			Options: {},
			Labels: labels,
		},
	);
	assert.deepEqual(networkCreateBody(options('n')).IPAM, {Driver: 'default', Config: [], Options: {}});
});
