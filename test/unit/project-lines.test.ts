// The Services tab's text: pure, from a project, its files' definition and the compose CLI found.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {composeMissingMessage} from '../../source/engine/compose.js';
import {groupProjects} from '../../source/store/projects.js';
import {projectLines} from '../../source/ui/main/project-lines.js';
import {wrapToFit} from '../../source/format/prose.js';
import {container} from '../support/build.js';

const hashA = 'a'.repeat(64);
const now = Date.now();

function replica(service: string, number: number, hash = hashA) {
	return container({
		name: `shop-${service}-${number}`,
		project: 'shop',
		service,
		status: 'Up 2 minutes',
		statusAt: now,
		labels: {
			'com.docker.compose.project': 'shop',
			'com.docker.compose.service': service,
			'com.docker.compose.container-number': String(number),
			'com.docker.compose.project.working_dir': '/srv/shop',
			'com.docker.compose.project.config_files': 'compose.yaml',
			'com.docker.compose.config-hash': hash,
		},
	});
}

test('prose wraps at spaces, and a word wider than the line is cut', () => {
	assert.deepEqual(wrapToFit('one two three four', 10), ['one two', 'three four']);
	assert.deepEqual(wrapToFit('abcdefghijklmnop xy', 10), ['abcdefghij', 'klmnop', 'xy']);
	for (const line of wrapToFit(composeMissingMessage(), 40)) {
		assert.ok(line.length <= 40, line);
	}
});

test('the tab: status, directory, files resolved, drift, each replica, and what is not created', () => {
	const outdated = replica('worker', 1, 'b'.repeat(64));
	const [shop] = groupProjects([replica('web', 1), replica('web', 2), outdated]);
	const lines = projectLines({
		project: shop!,
		definition: {status: 'ready', data: {services: ['web', 'worker', 'cron'], hashes: new Map([['web', hashA], ['worker', hashA], ['cron', hashA]])}},
		cli: {kind: 'v1', command: ['docker-compose'], version: '1.29.2'},
		missingMessage: composeMissingMessage(),
		width: 80,
		now,
	}).map(line => line.text);
	assert.deepEqual(lines.slice(0, 6), [
		'shop · running(3) · 3/3 running',
		'directory     /srv/shop',
		'config files  /srv/shop/compose.yaml',
		'drift         1 outdated · 1 not created',
		'compose       docker-compose 1.29.2 (v1)',
		'',
	]);
	assert.ok(lines.includes('    ● shop-worker-1  Up 2 minutes  outdated (up recreates it)'), lines.join('\n'));
	assert.ok(lines.includes('○ cron · not created (up creates it)'));
	assert.match(lines.find(line => line.startsWith('● web')) ?? '', /● web · 2\/2 running · berth-test\/busybox/);
});

test('without a compose CLI the tab says so and how to get one; while reading, it says it is checking', () => {
	const [shop] = groupProjects([replica('web', 1)]);
	const base = {project: shop!, missingMessage: composeMissingMessage(), width: 60, now};
	const missing = projectLines({...base, cli: undefined}).map(line => line.text);
	assert.ok(missing.includes('drift         unknown: no compose CLI'));
	assert.match(missing.join(' '), /Install Docker's compose plugin/);
	const checking = projectLines({...base, cli: 'unknown', definition: {status: 'loading'}}).map(line => line.text);
	assert.ok(checking.includes('drift         checking the config files…'));
	const refused = projectLines({...base, cli: {kind: 'v1', command: ['docker-compose'], version: '1.29.2'}, definition: {status: 'error', error: 'ERROR: .FileNotFoundError: [Errno 2] No such file'}});
	assert.ok(refused.some(line => line.text.includes('No such file')));
});
