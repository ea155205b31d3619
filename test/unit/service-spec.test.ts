import {test} from 'node:test';
import assert from 'node:assert/strict';
import {serviceSpecFromInput} from '../../source/engine/swarm-services.js';
import {
	parseConstraint,
	parseReplicas,
	parseServiceForm,
	parseServicePorts,
	parseServiceUpdateForm,
	serviceUpdateForm,
} from '../../source/parse/service-spec.js';

const env = {TOKEN: 's3cret'};

test('a full create form becomes a spec, and the spec the engine body', () => {
	const parsed = parseServiceForm(
		{
			name: 'web_front-1',
			image: 'registry.local:5000/team/web:1.2',
			command: `sh -c 'echo "$A"; sleep 1000'`,
			mode: 'replicated',
			replicas: '3',
			ports: '8080:80, 53/udp\n9000-9001:90-91',
			env: 'GREETING=hello, world\nTOKEN',
			mounts: 'data:/data\n/srv/static:/static:ro\n/cache',
			networks: 'backend, frontend',
			constraints: 'node.role==worker\nnode.labels.zone != a',
			'restart-condition': 'on-failure',
			'update-parallelism': '2',
			'update-delay': '1m30s',
			labels: 'team=web',
		},
		env,
	);
	assert.ok('spec' in parsed, JSON.stringify(parsed));
	assert.deepEqual(parsed.spec, {
		name: 'web_front-1',
		image: 'registry.local:5000/team/web:1.2',
		command: ['sh', '-c', 'echo "$A"; sleep 1000'],
		mode: 'replicated',
		replicas: 3,
		ports: [
			{published: 8080, target: 80, protocol: 'tcp'},
			{target: 53, protocol: 'udp'},
			{published: 9000, target: 90, protocol: 'tcp'},
			{published: 9001, target: 91, protocol: 'tcp'},
		],
		env: ['GREETING=hello, world', 'TOKEN=s3cret'],
		mounts: [
			{type: 'volume', source: 'data', target: '/data', readOnly: false},
			{type: 'bind', source: '/srv/static', target: '/static', readOnly: true},
			{type: 'anonymous', target: '/cache'},
		],
		networks: ['backend', 'frontend'],
		constraints: ['node.role==worker', 'node.labels.zone!=a'],
		restartCondition: 'on-failure',
		updateParallelism: 2,
		updateDelay: 90,
		labels: {team: 'web'},
	});

	const body = serviceSpecFromInput(parsed.spec, {'berth.test': 'x'});
	assert.deepEqual(body, {
		Name: 'web_front-1',
		Labels: {team: 'web', 'berth.test': 'x'},
		TaskTemplate: {
			ContainerSpec: {
				Image: 'registry.local:5000/team/web:1.2',
				Args: ['sh', '-c', 'echo "$A"; sleep 1000'],
				Env: ['GREETING=hello, world', 'TOKEN=s3cret'],
				Mounts: [
					{Type: 'volume', Source: 'data', Target: '/data', ReadOnly: false},
					{Type: 'bind', Source: '/srv/static', Target: '/static', ReadOnly: true},
					{Type: 'volume', Target: '/cache'},
				],
			},
			Placement: {Constraints: ['node.role==worker', 'node.labels.zone!=a']},
			RestartPolicy: {Condition: 'on-failure'},
			Networks: [{Target: 'backend'}, {Target: 'frontend'}],
		},
		Mode: {Replicated: {Replicas: 3}},
		UpdateConfig: {Parallelism: 2, Delay: 90e9, FailureAction: 'pause', Order: 'stop-first'},
		RollbackConfig: {Parallelism: 2, Delay: 90e9, FailureAction: 'pause', Order: 'stop-first'},
		EndpointSpec: {
			Mode: 'vip',
			Ports: [
				{Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress'},
				{Protocol: 'udp', TargetPort: 53, PublishMode: 'ingress'},
				{Protocol: 'tcp', TargetPort: 90, PublishedPort: 9000, PublishMode: 'ingress'},
				{Protocol: 'tcp', TargetPort: 91, PublishedPort: 9001, PublishMode: 'ingress'},
			],
		},
	});
});

test('a minimal form takes the defaults: one replica, restart any, one at a time without delay', () => {
	const parsed = parseServiceForm({name: 'web', image: 'busybox'}, {});
	assert.deepEqual(parsed, {
		spec: {
			name: 'web',
			image: 'busybox',
			mode: 'replicated',
			replicas: 1,
			ports: [],
			env: [],
			mounts: [],
			networks: [],
			constraints: [],
			restartCondition: 'any',
			updateParallelism: 1,
			updateDelay: 0,
			labels: {},
		},
	});
	const global = parseServiceForm({name: 'agent', image: 'busybox', mode: 'global'}, {});
	assert.ok('spec' in global);
	assert.deepEqual(serviceSpecFromInput(global.spec).Mode, {Global: {}});
});

test('every wrong field is named, in form order', () => {
	const parsed = parseServiceForm(
		{
			name: '-web',
			image: 'Bad Image',
			command: `sh -c 'unclosed`,
			mode: 'global',
			replicas: '2',
			ports: '127.0.0.1:80:80',
			env: '=x',
			mounts: 'data:relative',
			networks: 'a b',
			constraints: 'node.colour==red',
			'restart-condition': 'always',
			'update-parallelism': '-1',
			'update-delay': 'soon',
			labels: '=x',
		},
		{},
	);
	assert.ok('errors' in parsed);
	assert.deepEqual(
		parsed.errors.map(error => error.field),
		['name', 'image', 'command', 'replicas', 'ports', 'env', 'mounts', 'networks', 'constraints', 'restart-condition', 'update-parallelism', 'update-delay', 'labels'],
	);
	for (const error of parsed.errors) {
		assert.ok(error.message.startsWith(`${error.field}: `), error.message);
	}
	assert.match(parsed.errors.find(error => error.field === 'replicas')?.message ?? '', /global service runs one task on every node/);
	assert.deepEqual(parseServiceForm({image: 'busybox', mode: 'both'}, {}), {
		errors: [
			{field: 'name', message: 'name: a service needs a name'},
			{field: 'mode', message: 'mode: both is not a mode (use replicated or global)'},
		],
	});
});

test('replicas are whole numbers from 0 to the limit', () => {
	assert.deepEqual(parseReplicas('0'), {value: 0});
	assert.deepEqual(parseReplicas(' 12 '), {value: 12});
	assert.deepEqual(parseReplicas('1.5'), {error: 'replicas: 1.5 is not a number of replicas (0 to 1000)'});
	assert.deepEqual(parseReplicas('-1', 'scale'), {error: 'scale: -1 is not a number of replicas (0 to 1000)'});
	assert.deepEqual(parseReplicas('1001'), {error: 'replicas: 1001 is not a number of replicas (0 to 1000)'});
	assert.deepEqual(parseReplicas(''), {error: 'replicas: nothing is not a number of replicas (0 to 1000)'});
});

test('service ports refuse an address and a host range to pick from', () => {
	assert.deepEqual(parseServicePorts('80'), {value: [{target: 80, protocol: 'tcp'}]});
	assert.deepEqual(parseServicePorts('8080:80/sctp'), {value: [{published: 8080, target: 80, protocol: 'sctp'}]});
	assert.deepEqual(parseServicePorts('127.0.0.1:8080:80'), {
		error: 'ports: 127.0.0.1: a service publishes on every node\'s addresses (leave the address out)',
	});
	assert.deepEqual(parseServicePorts('8000-8010:80'), {
		error: 'ports: 8000-8010: a service publishes one port for each target port (not a range to pick from)',
	});
	assert.match(JSON.stringify(parseServicePorts('80:abc')), /ports: 80:abc is not a port/);
});

test('constraints name a node attribute or label, with == or !=', () => {
	assert.deepEqual(parseConstraint('node.hostname == db-1'), {value: 'node.hostname==db-1'});
	assert.deepEqual(parseConstraint('engine.labels.gpu!=true'), {value: 'engine.labels.gpu!=true'});
	assert.deepEqual(parseConstraint('node.role==leader'), {error: 'node.role==leader: a node\'s role is manager or worker'});
	assert.match(JSON.stringify(parseConstraint('node.role=manager')), /is not a constraint/);
	assert.match(JSON.stringify(parseConstraint('colour==red')), /colour is not something to place by/);
});

test('the update form gives the image and the whole environment back, and names its errors', () => {
	const form = serviceUpdateForm({image: 'web:2', env: ['A=1', 'B=two words']});
	assert.deepEqual(form, {image: 'web:2', env: 'A=1\nB=two words'});
	assert.deepEqual(parseServiceUpdateForm(form, {}), {spec: {image: 'web:2', env: ['A=1', 'B=two words']}});
	assert.deepEqual(parseServiceUpdateForm({image: 'web:3', env: 'TOKEN\nC=3'}, env), {spec: {image: 'web:3', env: ['TOKEN=s3cret', 'C=3']}});
	const wrong = parseServiceUpdateForm({image: '', env: 'A B=1'}, {});
	assert.ok('errors' in wrong);
	assert.deepEqual(
		wrong.errors.map(error => error.field),
		['image', 'env'],
	);
	assert.match(wrong.errors[1]?.message ?? '', /^env: the name "A B" contains whitespace$/);
});
