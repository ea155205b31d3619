// The swarm's pure parts on data recorded from a real two-node swarm (test/fixtures/swarm.json):
// stacks grouped from the services' labels, why a pane is empty, the tasks' lines, and the forms'
// parsers and the docker CLI lines they stand for.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {parseNodeLabel} from '../../source/actions/swarm-nodes.js';
import {serviceCreateArgs} from '../../source/actions/swarm-services.js';
import {contentLines, parseDeploy} from '../../source/actions/swarm-stacks.js';
import {parseSwarmData} from '../../source/actions/swarm-secrets.js';
import type {SwarmStatus} from '../../source/engine/types.js';
import {parseServiceForm} from '../../source/parse/service-spec.js';
import {emptySwarm, notManagedReason, stacksOf, swarmDataRows} from '../../source/store/swarm.js';
import {taskLabel} from '../../source/store/swarm-logs.js';
import {taskLines, taskState} from '../../source/ui/main/swarm-lines.js';
import {fixture, type RecordedSwarm} from '../support/fake-engine.js';

const swarm = fixture<RecordedSwarm>('swarm.json');
const worker = fixture<SwarmStatus>('swarm-worker-status.json');

test('stacks are the services labelled with a stack namespace, with their replicas summed', () => {
	const stacks = stacksOf(swarm.services);
	assert.deepEqual(
		stacks.map(stack => [stack.name, stack.services.map(service => service.name), `${stack.running}/${stack.desired}`]),
		[['shop', ['shop_api', 'shop_cache'], '1/3']],
	);
});

test('why the swarm panes are empty: a worker names its manager, podman and no swarm say so', () => {
	assert.equal(notManagedReason({...emptySwarm, status: swarm.status}), undefined);
	assert.match(notManagedReason({...emptySwarm, status: worker}) ?? '', /swarm worker \(node 10\.199\.30\.2\); its manager is 10\.199\.30\.1:2377/);
	assert.match(notManagedReason({...emptySwarm, status: {role: 'none'}}) ?? '', /not in a swarm/);
	assert.match(notManagedReason({...emptySwarm, status: {role: 'unsupported', reason: 'podman has no swarm mode'}}) ?? '', /podman/);
	assert.match(notManagedReason(emptySwarm) ?? '', /asking/);
});

test('secrets and configs are one list, keyed by kind so their ids never clash', () => {
	const rows = swarmDataRows(swarm.secrets, swarm.configs);
	assert.deepEqual(
		rows.map(row => [row.kind, row.name, row.key.split(':')[0]]),
		[
			['secret', 'db-password', 'secret'],
			['config', 'site.conf', 'config'],
		],
	);
});

test('tasks: fitted columns, state with its age, and a failed task’s error in full beneath it', () => {
	const broken = swarm.services.find(service => service.name === 'broken')!;
	const tasks = swarm.tasks[broken.id]!;
	const failed = tasks.find(task => task.state === 'failed')!;
	const now = failed.stateSince + 90_000;
	assert.equal(taskState(failed, now), 'Failed about a minute ago');
	const lines = taskLines(tasks, new Map([[broken.id, 'broken']]), 60, now);
	assert.match(lines[0]!.text, /^ID\s+NAME\s+/);
	for (const line of lines) {
		assert.ok(line.text.length <= 60, line.text);
	}
	assert.ok(lines.some(line => line.text === '  ↳ task: non-zero exit (3)'), lines.map(line => line.text).join('\n'));
	assert.equal(taskLines([], new Map(), 60, now)[0]?.text, 'no tasks');
});

test('service log lines are labelled by task and node', () => {
	const line = swarm.logs[0]!;
	assert.equal(taskLabel(line), `${line.task}@${line.node}`);
	assert.equal(taskLabel({task: 'web.1', node: ''}), 'web.1');
});

test('node labels: key=value, a bare key, and keys with spaces refused', () => {
	assert.deepEqual(parseNodeLabel('zone=east'), {key: 'zone', value: 'east'});
	assert.deepEqual(parseNodeLabel('ssd'), {key: 'ssd', value: ''});
	assert.deepEqual(parseNodeLabel('a=b=c'), {key: 'a', value: 'b=c'});
	assert.deepEqual(parseNodeLabel('bad key=1'), {error: 'label: bad key is not a label key (no spaces)'});
	assert.deepEqual(parseNodeLabel(' '), {error: 'label: type key=value (e.g. zone=east)'});
});

test('the create form’s docker service create line, env as typed', () => {
	const parsed = parseServiceForm(
		{
			name: 'web',
			image: 'nginx:1.25',
			command: 'nginx -g "daemon off;"',
			replicas: '3',
			ports: '8080:80\n53/udp',
			env: 'TOKEN',
			mounts: 'data:/data:ro\n/cache',
			networks: 'front',
			constraints: 'node.role==worker',
			'restart-condition': 'on-failure',
			'update-parallelism': '2',
			'update-delay': '10s',
			labels: 'tier=web',
		},
		{TOKEN: 'hidden'},
	);
	assert.ok('spec' in parsed, JSON.stringify(parsed));
	assert.deepEqual(parsed.spec.env, ['TOKEN=hidden']);
	assert.deepEqual(serviceCreateArgs(parsed.spec, ['TOKEN']), [
		'docker', 'service', 'create', '--name', 'web', '--replicas', '3',
		'--publish', '8080:80', '--publish', '53/udp',
		'--env', 'TOKEN',
		'--mount', 'type=volume,source=data,target=/data,readonly', '--mount', 'type=volume,target=/cache',
		'--network', 'front', '--constraint', 'node.role==worker', '--restart-condition', 'on-failure',
		'--update-parallelism', '2', '--update-delay', '10s', '--label', 'tier=web',
		'--no-resolve-image', 'nginx:1.25', 'nginx', '-g', 'daemon off;',
	]);
});

test('the deploy form: a compose file that exists, a stack name, a resolve mode', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'berth-deploy-'));
	try {
		const file = path.join(folder, 'stack.yml');
		writeFileSync(file, "version: '3.7'\n");
		assert.deepEqual(parseDeploy({file, name: 'shop', 'resolve-image': '', prune: 'true'}), {value: {file, name: 'shop', resolveImage: 'never', prune: true}});
		const wrong = parseDeploy({file: path.join(folder, 'missing.yml'), name: '-x', 'resolve-image': 'sometimes'});
		assert.ok('errors' in wrong);
		assert.match(wrong.errors['file'] ?? '', /does not exist/);
		assert.match(wrong.errors['name'] ?? '', /-x is not a stack name/);
		assert.match(wrong.errors['resolve-image'] ?? '', /sometimes is not one of always, changed, never/);
	} finally {
		rmSync(folder, {recursive: true, force: true});
	}
	assert.deepEqual(contentLines({services: [{id: '1', name: 'shop_api'}], secrets: [], configs: [{id: '2', name: 'conf'}], networks: [{id: '3', name: 'shop_default'}]}), [
		'service shop_api',
		'config conf',
		'network shop_default',
	]);
});

test('the secret form: a name, and a file or a typed value (not both)', () => {
	assert.deepEqual(parseSwarmData({name: 'db-password', file: '', value: 'hunter2', labels: ''}), {value: {name: 'db-password', labels: {}, data: {value: 'hunter2'}}});
	const none = parseSwarmData({name: '', file: '', value: '', labels: ''});
	assert.ok('errors' in none);
	assert.equal(none.errors['name'], 'name: a name is required');
	assert.equal(none.errors['file'], 'file: give a file, or type the value below');
	const both = parseSwarmData({name: 'x', file: '/etc/hostname', value: 'v', labels: ''});
	assert.ok('errors' in both);
	assert.equal(both.errors['file'], 'file: give a file or a value, not both');
	const badName = parseSwarmData({name: 'has space', file: '', value: 'v', labels: ''});
	assert.ok('errors' in badName);
	assert.match(badName.errors['name'] ?? '', /has space is not a name/);
});
