// Grouping containers into compose projects and services from their labels, the status text of
// `docker compose ls`, one-off containers, and drift against the config files' hashes.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ContainerState, ContainerSummary} from '../../source/engine/types.js';
import {
	combinedStatus,
	containerNumber,
	groupProjects,
	isOneOff,
	isServiceKey,
	logSources,
	outdatedContainerIds,
	projectDrift,
	projectKey,
	projectRows,
	selectProjects,
	serviceKey,
} from '../../source/store/projects.js';
import {container} from '../support/build.js';

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);

let clock = 1_700_000_000_000;

/** A container as compose labels it. */
function member(
	project: string,
	service: string,
	number: number,
	options: {state?: ContainerState; oneOff?: boolean; hash?: string; dir?: string; files?: string; image?: string; created?: number; ports?: ContainerSummary['ports']} = {},
): ContainerSummary {
	clock += 1000;
	const dir = options.dir ?? `/srv/${project}`;
	return container({
		name: options.oneOff ? `${project}_${service}_run_${number}` : `${project}-${service}-${number}`,
		state: options.state ?? 'running',
		image: options.image ?? 'berth-test/busybox',
		created: options.created ?? clock,
		ports: options.ports ?? [],
		project,
		service,
		labels: {
			'com.docker.compose.project': project,
			'com.docker.compose.service': service,
			'com.docker.compose.container-number': String(number),
			'com.docker.compose.oneoff': options.oneOff ? 'True' : 'False',
			'com.docker.compose.project.working_dir': dir,
			'com.docker.compose.project.config_files': options.files ?? `${dir}/compose.yaml`,
			'com.docker.compose.config-hash': options.hash ?? hashA,
		},
	});
}

test('containers are grouped by project and service, by name; others are left out', () => {
	const list = [
		member('shop', 'web', 1),
		member('blog', 'db', 1),
		member('shop', 'db', 1),
		container({name: 'loner'}),
		member('shop', 'web', 2),
	];
	const projects = groupProjects(list);
	assert.deepEqual(
		projects.map(project => [project.name, project.services.map(service => service.name)]),
		[
			['blog', ['db']],
			['shop', ['db', 'web']],
		],
	);
});

test('a project tells its status like `docker compose ls`, its counts, directory and files', () => {
	const list = [
		member('shop', 'web', 1),
		member('shop', 'web', 2, {state: 'exited'}),
		member('shop', 'db', 1),
		member('shop', 'cache', 1, {state: 'paused'}),
	];
	const [shop] = groupProjects(list);
	assert.ok(shop);
	// States sorted alphabetically, as compose v2's combinedStatus sorts them.
	assert.equal(shop.status, 'exited(1), paused(1), running(2)');
	assert.equal(shop.running, 2);
	assert.equal(shop.total, 4);
	assert.equal(shop.workingDir, '/srv/shop');
	assert.deepEqual(shop.configFiles, ['/srv/shop/compose.yaml']);
	assert.equal(combinedStatus([]), '');
});

test('services carry image, replicas running/total, ports without repeats, containers by number', () => {
	const web80 = {privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp'};
	const list = [
		member('shop', 'web', 10, {ports: [web80]}),
		member('shop', 'web', 2, {state: 'exited'}),
		member('shop', 'web', 1, {ports: [web80, {privatePort: 443, type: 'tcp'}], image: 'nginx:1.27'}),
	];
	const web = groupProjects(list)[0]?.services[0];
	assert.ok(web);
	assert.deepEqual(web.containers.map(c => containerNumber(c)), [1, 2, 10], 'numerically, not as text');
	assert.equal(web.running, 2);
	assert.equal(web.total, 3);
	assert.equal(web.image, 'nginx:1.27', 'the newest replica names the image');
	assert.deepEqual(web.ports, [web80, {privatePort: 443, type: 'tcp'}]);
});

test('one-off containers (compose run) are kept apart and not counted', () => {
	const runOne = member('shop', 'web', 1, {oneOff: true, state: 'exited'});
	const list = [member('shop', 'web', 1), runOne, member('shop', 'migrate', 1, {oneOff: true})];
	const [shop] = groupProjects(list);
	assert.ok(shop);
	assert.equal(shop.status, 'running(1)');
	assert.equal(shop.total, 1);
	const web = shop.services.find(service => service.name === 'web');
	assert.deepEqual(web?.oneOffs.map(c => c.id), [runOne.id]);
	assert.equal(web?.total, 1);
	const migrate = shop.services.find(service => service.name === 'migrate');
	assert.equal(migrate?.total, 0);
	assert.equal(migrate?.oneOffs.length, 1);
	assert.equal(migrate?.image, 'berth-test/busybox', 'a service of one-offs only still shows its image');
	assert.ok(isOneOff(runOne));
});

test('a project moved and brought up again: the newest containers name its directory; files listed once each', () => {
	const list = [
		member('shop', 'db', 1, {dir: '/old/shop', files: '/old/shop/compose.yaml', created: 1}),
		member('shop', 'web', 1, {dir: '/new/shop', files: '/new/shop/compose.yaml,/new/shop/compose.override.yaml', created: 3}),
		member('shop', 'web', 2, {dir: '/new/shop', files: '/new/shop/compose.yaml,/new/shop/compose.override.yaml', created: 2}),
	];
	const [shop] = groupProjects(list);
	assert.equal(shop?.workingDir, '/new/shop');
	assert.deepEqual(shop?.configFiles, ['/new/shop/compose.yaml', '/new/shop/compose.override.yaml', '/old/shop/compose.yaml']);
});

test('containers without numbers or directory labels still group', () => {
	const bare = container({name: 'x', project: 'p', service: 's', labels: {'com.docker.compose.project': 'p', 'com.docker.compose.service': 's'}});
	const [p] = groupProjects([bare]);
	assert.equal(p?.workingDir, undefined);
	assert.deepEqual(p?.configFiles, []);
	assert.equal(p?.services[0]?.total, 1);
	assert.equal(containerNumber(bare), undefined);
});

test('selectProjects is memoised on the containers map', () => {
	const map = new Map([member('shop', 'web', 1)].map(c => [c.id, c]));
	const first = selectProjects(map);
	assert.equal(selectProjects(map), first);
	const changed = new Map(map);
	const second = selectProjects(changed);
	assert.notEqual(second, first);
	assert.deepEqual(second, first);
});

test('drift: defined services with no container, outdated containers, orphans', () => {
	const fresh = member('shop', 'web', 1, {hash: hashA});
	const stale = member('shop', 'web', 2, {hash: hashB});
	const db = member('shop', 'db', 1, {hash: hashA});
	const old = member('shop', 'legacy', 1);
	const runOnly = member('shop', 'worker', 1, {oneOff: true});
	const [shop] = groupProjects([fresh, stale, db, old, runOnly]);
	assert.ok(shop);
	const hashes = new Map([
		['web', hashA],
		['db', hashB],
		['cache', hashA],
		['worker', hashA],
	]);
	const drift = projectDrift(shop, hashes, ['cache', 'db', 'web', 'worker']);
	assert.deepEqual(drift.missing, ['cache', 'worker'], 'a service with only one-off containers has no replica');
	assert.deepEqual(drift.outdated, [
		{service: 'db', containers: [db.id]},
		{service: 'web', containers: [stale.id]},
	]);
	assert.deepEqual(drift.orphans, ['legacy']);
	assert.deepEqual(outdatedContainerIds(drift), new Set([db.id, stale.id]));
});

test('drift: an unknown hash is not drift, and an in-sync project reports nothing', () => {
	const [shop] = groupProjects([member('shop', 'web', 1, {hash: hashA}), member('shop', 'db', 1, {hash: hashB})]);
	assert.ok(shop);
	assert.deepEqual(projectDrift(shop, new Map([['web', hashA]]), ['web', 'db']), {missing: [], outdated: [], orphans: []});
	assert.deepEqual(projectDrift(shop, new Map([['web', hashA], ['db', hashB]]), ['db', 'web']), {missing: [], outdated: [], orphans: []});
});

test('v1 labels relative config files: they are resolved against the working directory, so each file is listed once', () => {
	const list = [
		member('shop', 'web', 1, {files: 'docker-compose.yml', created: 1}),
		member('shop', 'web', 2, {files: '/srv/shop/docker-compose.yml', created: 2}),
	];
	assert.deepEqual(groupProjects(list)[0]?.configFiles, ['/srv/shop/docker-compose.yml']);
});

test('the pane tree: each project then its services, folded projects without them, the last service marked', () => {
	const projects = groupProjects([member('shop', 'web', 1), member('shop', 'db', 1), member('blog', 'app', 1)]);
	const rows = projectRows(projects, new Set(), '');
	assert.deepEqual(
		rows.map(row => (row.kind === 'project' ? `${row.project.name}${row.collapsed ? '+' : ''}` : `  ${row.service.name}${row.last ? ' (last)' : ''}`)),
		['blog', '  app (last)', 'shop', '  db', '  web (last)'],
	);
	assert.equal(rows[0]?.key, projectKey('blog'));
	assert.equal(rows[1]?.key, serviceKey('blog', 'app'));
	assert.ok(isServiceKey(rows[1]?.key));
	assert.ok(!isServiceKey(rows[0]?.key));
	assert.ok(!isServiceKey(undefined), 'nothing selected yet: the first row, a project');

	const folded = projectRows(projects, new Set(['shop']), '');
	assert.deepEqual(
		folded.map(row => row.key),
		[projectKey('blog'), serviceKey('blog', 'app'), projectKey('shop')],
	);
	const shop = folded.at(-1);
	assert.ok(shop?.kind === 'project' && shop.collapsed, 'shop is shown folded');
});

test('the pane filter keeps a project whose name has it whole, else the services that have it under their project', () => {
	const projects = groupProjects([member('shop', 'web', 1), member('shop', 'db', 1, {image: 'postgres:16'}), member('blog', 'app', 1)]);
	assert.deepEqual(
		projectRows(projects, new Set(), 'SHO').map(row => row.key),
		[projectKey('shop'), serviceKey('shop', 'db'), serviceKey('shop', 'web')],
	);
	assert.deepEqual(
		projectRows(projects, new Set(), 'postgres').map(row => row.key),
		[projectKey('shop'), serviceKey('shop', 'db')],
	);
	assert.deepEqual(projectRows(projects, new Set(), 'nothing'), []);
});

test('merged logs label each replica by its service, with its number when the service has more than one', () => {
	const web1 = member('shop', 'web', 1);
	const web2 = member('shop', 'web', 2);
	const db = member('shop', 'db', 1);
	const [shop] = groupProjects([web2, db, web1]);
	assert.ok(shop);
	assert.deepEqual(logSources(shop), [
		{id: db.id, label: 'db'},
		{id: web1.id, label: 'web-1'},
		{id: web2.id, label: 'web-2'},
	]);
	assert.deepEqual(logSources(shop, 'db'), [{id: db.id, label: 'db'}]);
});
