import assert from 'node:assert/strict';
import {test} from 'node:test';
import {toEngineError} from '../../source/engine/errors.js';
import {
	containerName,
	containerState,
	healthFromStatus,
	normalizeContainer,
	normalizeDetails,
	normalizeImage,
	normalizeNetwork,
	normalizeVolume,
} from '../../source/engine/normalize.js';
import {EngineError} from '../../source/engine/types.js';

test('health is read from the status text', () => {
	assert.equal(healthFromStatus('Up 3 minutes (healthy)'), 'healthy');
	assert.equal(healthFromStatus('Up 10 seconds (unhealthy)'), 'unhealthy');
	assert.equal(healthFromStatus('Up 1 second (health: starting)'), 'starting');
	assert.equal(healthFromStatus('Up 2 hours'), undefined);
	assert.equal(healthFromStatus('Exited (137) 5 minutes ago'), undefined);
	assert.equal(healthFromStatus('Up 2 hours (Paused)'), undefined);
});

test('container states are checked, and foreign ones mapped', () => {
	assert.equal(containerState('running'), 'running');
	assert.equal(containerState('exited'), 'exited');
	assert.equal(containerState('stopped'), 'exited');
	assert.equal(containerState('configured'), 'created');
	assert.equal(containerState(undefined), 'dead');
});

test('the container name is the one without a further slash', () => {
	assert.equal(containerName(['/web']), 'web');
	assert.equal(containerName(['/app/db', '/db']), 'db');
	assert.equal(containerName(null), '');
});

test('a container summary is normalised: times in ms, labels, compose project, ports, networks', () => {
	const summary = normalizeContainer(
		{
			Id: 'abc',
			Names: ['/shop-web-1'],
			Image: 'nginx:1',
			ImageID: 'sha256:1',
			Command: 'nginx -g daemon off;',
			Created: 1_700_000_000,
			State: 'running',
			Status: 'Up 5 minutes (healthy)',
			Ports: [
				{IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp'},
				{PrivatePort: 443, Type: 'tcp'},
			],
			Labels: {'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web'},
			NetworkSettings: {Networks: {shop_default: {}, bridge: {}}},
			Mounts: [{Type: 'volume', Name: 'shop_data'}, {Type: 'bind'}],
		},
		1234,
	);
	assert.deepEqual(summary, {
		id: 'abc',
		name: 'shop-web-1',
		image: 'nginx:1',
		imageId: 'sha256:1',
		command: 'nginx -g daemon off;',
		created: 1_700_000_000_000,
		state: 'running',
		status: 'Up 5 minutes (healthy)',
		statusAt: 1234,
		health: 'healthy',
		ports: [
			{privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp'},
			{privatePort: 443, type: 'tcp'},
		],
		labels: {'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web'},
		project: 'shop',
		service: 'web',
		networks: ['shop_default', 'bridge'],
		volumes: ['shop_data'],
	});
	const bare = normalizeContainer({Id: 'x', Labels: null, Ports: null}, 0);
	assert.deepEqual([bare.labels, bare.ports, bare.networks, bare.project, bare.health], [{}, [], [], undefined, undefined]);
});

test('images, volumes and networks are normalised', () => {
	assert.deepEqual(
		normalizeImage({
			Id: 'sha256:a',
			ParentId: 'sha256:p',
			RepoTags: ['<none>:<none>'],
			RepoDigests: null,
			Size: 10,
			Created: 2,
			Containers: -1,
			Labels: null,
		}),
		{id: 'sha256:a', parentId: 'sha256:p', tags: [], digests: [], size: 10, created: 2000, containers: -1, labels: {}},
	);
	assert.deepEqual(
		normalizeVolume({Name: 'data', Driver: 'local', Mountpoint: '/m', Scope: 'local', CreatedAt: '2024-01-02T03:04:05Z', Labels: null}),
		{name: 'data', driver: 'local', mountpoint: '/m', scope: 'local', created: Date.UTC(2024, 0, 2, 3, 4, 5), labels: {}},
	);
	assert.equal(normalizeVolume({Name: 'old'}).created, undefined);
	assert.deepEqual(
		normalizeNetwork({
			Id: 'n1',
			Name: 'bridge',
			Driver: 'bridge',
			Scope: 'local',
			Internal: false,
			Attachable: true,
			EnableIPv6: true,
			Created: '2024-01-02T03:04:05.5Z',
			IPAM: {Config: [{Subnet: '172.17.0.0/16', Gateway: '172.17.0.1'}, {}]},
		}),
		{
			id: 'n1',
			name: 'bridge',
			driver: 'bridge',
			scope: 'local',
			internal: false,
			attachable: true,
			ingress: false,
			ipv6: true,
			subnets: ['172.17.0.0/16'],
			gateways: ['172.17.0.1'],
			created: Date.UTC(2024, 0, 2, 3, 4, 5, 500),
			labels: {},
		},
	);
});

test('inspect details: live port bindings while running, configured ones when stopped, health log', () => {
	const details = normalizeDetails({
		Id: 'abc',
		Name: '/web',
		Image: 'sha256:img',
		Created: '2024-01-02T03:04:05Z',
		Config: {
			Image: 'nginx',
			Cmd: 'nginx',
			Entrypoint: null,
			Env: null,
			ExposedPorts: {'80/tcp': {}, '9000/udp': {}, '443/tcp': {}},
		},
		HostConfig: {PortBindings: {'80/tcp': [{HostIp: '', HostPort: '8080'}]}, RestartPolicy: {Name: 'always', MaximumRetryCount: 0}},
		NetworkSettings: {Ports: {}, Networks: {bridge: {IPAddress: '172.17.0.2', Aliases: null}}},
		State: {Status: 'exited', ExitCode: 137, Health: {Status: 'unhealthy', FailingStreak: 3, Log: [{ExitCode: 1, Output: 'no'}]}},
	});
	assert.deepEqual(details.ports, [
		{containerPort: '80/tcp', host: [{ip: '', port: '8080'}]},
		{containerPort: '443/tcp', host: []},
		{containerPort: '9000/udp', host: []},
	]);
	assert.deepEqual(details.command, ['nginx']);
	assert.deepEqual(details.entrypoint, []);
	assert.equal(details.name, 'web');
	assert.equal(details.image, 'nginx');
	assert.equal(details.imageId, 'sha256:img');
	assert.equal(details.state.exitCode, 137);
	assert.deepEqual(details.restartPolicy, {name: 'always', maxRetries: 0});
	assert.deepEqual(details.networks, [{name: 'bridge', ipAddress: '172.17.0.2', ipv6Address: '', gateway: '', macAddress: '', aliases: []}]);
	assert.deepEqual(details.health, {status: 'unhealthy', failingStreak: 3, log: [{start: '', end: '', exitCode: 1, output: 'no'}]});
	const running = normalizeDetails({
		Id: 'abc',
		HostConfig: {PortBindings: {'80/tcp': [{HostIp: '', HostPort: ''}]}},
		NetworkSettings: {Ports: {'80/tcp': [{HostIp: '0.0.0.0', HostPort: '49153'}]}},
		State: {Health: {Status: 'none'}},
	});
	assert.deepEqual(running.ports, [{containerPort: '80/tcp', host: [{ip: '0.0.0.0', port: '49153'}]}]);
	assert.equal(running.health, undefined);
});

test("engine errors carry the engine's reason; connection failures name the endpoint", () => {
	const conflict = toEngineError(
		Object.assign(new Error('(HTTP code 409) unexpected - You cannot remove a running container '), {
			statusCode: 409,
			json: {message: ' You cannot remove a running container abc. Stop the container before attempting removal or force remove \n'},
		}),
		'unix:///var/run/docker.sock',
	);
	assert.ok(conflict instanceof EngineError);
	assert.equal(conflict.statusCode, 409);
	assert.equal(
		conflict.message,
		'You cannot remove a running container abc. Stop the container before attempting removal or force remove',
	);
	assert.equal(
		toEngineError(Object.assign(new Error('x'), {statusCode: 500, json: Buffer.from('plain text reason\n')}), 'e').message,
		'plain text reason',
	);
	assert.equal(
		toEngineError(Object.assign(new Error('(HTTP code 404) no such container'), {statusCode: 404, reason: 'no such container', json: null}), 'e')
			.message,
		'no such container',
	);
	assert.equal(
		toEngineError(Object.assign(new Error('connect ECONNREFUSED /x.sock'), {code: 'ECONNREFUSED'}), 'unix:///x.sock').message,
		'cannot connect to the Docker engine at unix:///x.sock: ECONNREFUSED (connection refused); is the Docker daemon running?',
	);
	assert.equal(
		toEngineError(Object.assign(new Error('self-signed certificate'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'}), 'tcp://h:2376').message,
		'TLS with the Docker engine at tcp://h:2376 failed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
	);
	assert.equal(
		toEngineError(Object.assign(new Error('All configured authentication methods failed'), {level: 'client-authentication'}), 'ssh://me@h')
			.message,
		'SSH to the Docker engine at ssh://me@h failed: All configured authentication methods failed',
	);
	assert.equal(toEngineError(new Error(' odd '), 'e').message, 'odd');
	const original = new EngineError('kept', 400);
	assert.equal(toEngineError(original, 'e'), original);
});
