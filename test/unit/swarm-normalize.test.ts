import {test} from 'node:test';
import assert from 'node:assert/strict';
import {splitDetails} from '../../source/engine/swarm-logs.js';
import {
	compareTasks,
	dataUsers,
	imageWithoutDigest,
	normalizeNode,
	normalizeService,
	normalizeServiceDetails,
	normalizeSwarmData,
	normalizeSwarmStatus,
	normalizeTask,
	type RawService,
	type RawTask,
} from '../../source/engine/swarm-normalize.js';

const digest = 'sha256:' + 'a'.repeat(64);

test('swarm status: none, pending, worker with its managers, manager with counts', () => {
	assert.deepEqual(normalizeSwarmStatus({}), {role: 'none'});
	assert.deepEqual(normalizeSwarmStatus({Swarm: {LocalNodeState: 'inactive', NodeID: ''}}), {role: 'none'});
	assert.deepEqual(normalizeSwarmStatus({Swarm: {LocalNodeState: 'error', Error: 'join timed out'}}), {
		role: 'pending',
		state: 'error',
		error: 'join timed out',
	});
	assert.deepEqual(
		normalizeSwarmStatus({
			Swarm: {
				LocalNodeState: 'active',
				ControlAvailable: false,
				NodeID: 'w1',
				NodeAddr: '10.0.0.2',
				RemoteManagers: [
					{NodeID: 'm2', Addr: '10.0.0.9:2377'},
					{NodeID: 'm1', Addr: '10.0.0.1:2377'},
				],
			},
		}),
		{role: 'worker', nodeId: 'w1', address: '10.0.0.2', managers: ['10.0.0.1:2377', '10.0.0.9:2377']},
	);
	assert.deepEqual(
		normalizeSwarmStatus({
			Swarm: {LocalNodeState: 'active', ControlAvailable: true, NodeID: 'm1', NodeAddr: '10.0.0.1', Nodes: 3, Managers: 1, Cluster: {ID: 'c1'}},
		}),
		{role: 'manager', nodeId: 'm1', address: '10.0.0.1', clusterId: 'c1', nodes: 3, managers: 1},
	);
});

test('nodes: leader, reachability, a manager listening everywhere is shown at its manager address', () => {
	const leader = normalizeNode(
		{
			ID: 'm1',
			Version: {Index: 42},
			Spec: {Role: 'manager', Availability: 'active', Labels: {zone: 'a'}},
			Description: {Hostname: 'alpha', Engine: {EngineVersion: '20.10.24'}},
			Status: {State: 'ready', Addr: '0.0.0.0'},
			ManagerStatus: {Leader: true, Reachability: 'reachable', Addr: '10.0.0.1:2377'},
		},
		3,
	);
	assert.deepEqual(leader, {
		id: 'm1',
		version: 42,
		hostname: 'alpha',
		role: 'manager',
		availability: 'active',
		status: 'ready',
		managerStatus: 'leader',
		engineVersion: '20.10.24',
		address: '10.0.0.1',
		labels: {zone: 'a'},
		runningTasks: 3,
	});
	const down = normalizeNode(
		{
			ID: 'w1',
			Spec: {Role: 'worker', Availability: 'drain', Labels: null},
			Description: {Hostname: 'beta'},
			Status: {State: 'down', Message: 'heartbeat failure', Addr: '10.0.0.2'},
		},
		0,
	);
	assert.equal(down.availability, 'drain');
	assert.equal(down.message, 'heartbeat failure');
	assert.equal(down.managerStatus, undefined);
	assert.deepEqual(down.labels, {});
	assert.equal(
		normalizeNode({ID: 'm2', Spec: {Role: 'manager'}, ManagerStatus: {Reachability: 'unreachable', Addr: '10.0.0.3:2377'}}, 0).managerStatus,
		'unreachable',
	);
});

const web: RawService = {
	ID: 'svc1',
	Version: {Index: 7},
	CreatedAt: '2026-01-02T03:04:05.123456789Z',
	UpdatedAt: '2026-01-02T03:05:00Z',
	Spec: {
		Name: 'shop_web',
		Labels: {'com.docker.stack.namespace': 'shop'},
		TaskTemplate: {
			ContainerSpec: {
				Image: `registry.local:5000/web:1.2@${digest}`,
				Args: ['serve'],
				Env: ['A=1'],
				Mounts: [{Type: 'volume', Source: 'data', Target: '/data'}],
				Secrets: [{SecretID: 's1', SecretName: 'db-password'}],
			},
			Placement: {Constraints: ['node.role==worker']},
			RestartPolicy: {Condition: 'on-failure'},
			Networks: [{Target: 'n1'}, {Target: 'gone'}],
		},
		Mode: {Replicated: {Replicas: 3}},
		UpdateConfig: {Parallelism: 2, Delay: 5e9},
		EndpointSpec: {Ports: [{Protocol: 'tcp', TargetPort: 80}]},
	},
	PreviousSpec: {Name: 'shop_web'},
	Endpoint: {Ports: [{Protocol: 'tcp', TargetPort: 80, PublishedPort: 30001, PublishMode: 'ingress'}]},
	UpdateStatus: {State: 'updating', Message: 'update in progress'},
};

const tasks: RawTask[] = [
	{ID: 't1', ServiceID: 'svc1', Slot: 1, NodeID: 'm1', DesiredState: 'running', Status: {State: 'running', Timestamp: '2026-01-02T03:05:01Z'}},
	{ID: 't2', ServiceID: 'svc1', Slot: 2, NodeID: 'w1', DesiredState: 'running', Status: {State: 'starting'}},
	{ID: 't3', ServiceID: 'svc1', Slot: 3, NodeID: 'w1', DesiredState: 'running', Status: {State: 'running'}},
	{ID: 'x1', ServiceID: 'other', Slot: 1, NodeID: 'w1', DesiredState: 'running', Status: {State: 'running'}},
];

test('services: running of desired from the tasks, the image without its digest, assigned ports, the stack', () => {
	assert.deepEqual(normalizeService(web, tasks), {
		id: 'svc1',
		version: 7,
		name: 'shop_web',
		mode: {kind: 'replicated', replicas: 3},
		running: 2,
		desired: 3,
		image: 'registry.local:5000/web:1.2',
		ports: [{published: 30001, target: 80, protocol: 'tcp', mode: 'ingress'}],
		updateStatus: {state: 'updating', message: 'update in progress'},
		stack: 'shop',
		labels: {'com.docker.stack.namespace': 'shop'},
		createdAt: Date.parse('2026-01-02T03:04:05.123Z'),
		updatedAt: Date.parse('2026-01-02T03:05:00Z'),
	});
	const global: RawService = {ID: 'g', Spec: {Name: 'agent', Mode: {Global: {}}, TaskTemplate: {ContainerSpec: {Image: 'agent'}}}};
	const globalTasks: RawTask[] = [
		{ID: 'a', ServiceID: 'g', NodeID: 'm1', DesiredState: 'running', Status: {State: 'running'}},
		{ID: 'b', ServiceID: 'g', NodeID: 'w1', DesiredState: 'running', Status: {State: 'preparing'}},
	];
	const summary = normalizeService(global, globalTasks);
	assert.deepEqual([summary.mode, summary.running, summary.desired, summary.ports, summary.stack], [{kind: 'global'}, 1, 2, [], undefined]);
});

test('service details name networks, secrets and the update settings', () => {
	const details = normalizeServiceDetails(web, tasks, new Map([['n1', 'shop_default']]));
	assert.deepEqual(details.networks, ['shop_default', 'gone']);
	assert.deepEqual(details.args, ['serve']);
	assert.equal(details.command, undefined);
	assert.deepEqual(details.env, ['A=1']);
	assert.deepEqual(details.mounts, [{type: 'volume', source: 'data', target: '/data', readOnly: false}]);
	assert.deepEqual(details.constraints, ['node.role==worker']);
	assert.equal(details.restartCondition, 'on-failure');
	assert.deepEqual(details.update, {parallelism: 2, delayNs: 5e9, failureAction: 'pause', order: 'stop-first'});
	assert.deepEqual(details.secrets, ['db-password']);
	assert.deepEqual(details.configs, []);
	assert.equal(details.canRollback, true);
	assert.equal(normalizeServiceDetails({...web, PreviousSpec: null}, [], new Map()).canRollback, false);
});

test('tasks carry their node hostname, state time, error and exit code, sorted by slot then newest', () => {
	const hostnames = new Map([
		['m1', 'alpha'],
		['w1', 'beta'],
	]);
	const failed = normalizeTask(
		{
			ID: 't0',
			ServiceID: 'svc1',
			Slot: 1,
			NodeID: 'w1',
			DesiredState: 'shutdown',
			Spec: {ContainerSpec: {Image: `web:1@${digest}`}},
			Status: {
				Timestamp: '2026-01-02T03:00:00Z',
				State: 'failed',
				Message: 'started',
				Err: 'task: non-zero exit (1)',
				ContainerStatus: {ContainerID: 'c0', ExitCode: 1},
			},
		},
		hostnames,
	);
	assert.deepEqual(failed, {
		id: 't0',
		serviceId: 'svc1',
		slot: 1,
		nodeId: 'w1',
		node: 'beta',
		desiredState: 'shutdown',
		state: 'failed',
		stateSince: Date.parse('2026-01-02T03:00:00Z'),
		message: 'started',
		error: 'task: non-zero exit (1)',
		containerId: 'c0',
		exitCode: 1,
		image: 'web:1',
	});
	const current = normalizeTask(tasks[0]!, hostnames);
	const second = normalizeTask(tasks[1]!, hostnames);
	const orphan = normalizeTask({ID: 'o', NodeID: 'lost'}, hostnames);
	assert.equal(orphan.node, 'lost');
	assert.equal(orphan.slot, undefined);
	assert.deepEqual([second, failed, current].sort(compareTasks).map(task => task.id), ['t1', 't0', 't2']);
});

test('secrets and configs list the services using them, never their data', () => {
	const services: RawService[] = [
		web,
		{ID: 'svc2', Spec: {Name: 'api', TaskTemplate: {ContainerSpec: {Secrets: [{SecretID: 's1'}, {SecretID: 's1'}], Configs: [{ConfigID: 'c1'}]}}}},
	];
	const users = dataUsers(services, 'secrets');
	assert.deepEqual(users.get('s1'), ['shop_web', 'api']);
	assert.deepEqual(dataUsers(services, 'configs').get('c1'), ['api']);
	const secret = normalizeSwarmData(
		{ID: 's1', CreatedAt: '2026-01-01T00:00:00Z', UpdatedAt: '2026-01-01T00:00:00Z', Spec: {Name: 'db-password', Labels: {a: 'b'}}},
		users.get('s1') ?? [],
	);
	assert.deepEqual(secret, {
		id: 's1',
		name: 'db-password',
		createdAt: Date.parse('2026-01-01T00:00:00Z'),
		updatedAt: Date.parse('2026-01-01T00:00:00Z'),
		labels: {a: 'b'},
		usedBy: ['api', 'shop_web'],
	});
});

test('images lose their digest only', () => {
	assert.equal(imageWithoutDigest(`busybox:1.36@${digest}`), 'busybox:1.36');
	assert.equal(imageWithoutDigest('localhost:5000/busybox'), 'localhost:5000/busybox');
});

test('log details are split off a line and unescaped; lines without them are left alone', () => {
	assert.deepEqual(
		splitDetails('com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 hello world'),
		{
			details: {'com.docker.swarm.node.id': 'n1', 'com.docker.swarm.service.id': 's1', 'com.docker.swarm.task.id': 't1'},
			text: 'hello world',
		},
	);
	assert.deepEqual(splitDetails('com.docker.swarm.task.id=t1,note=a+b%2Cc '), {
		details: {'com.docker.swarm.task.id': 't1', note: 'a b,c'},
		text: '',
	});
	assert.deepEqual(splitDetails('plain line=1'), {details: {}, text: 'plain line=1'});
});
