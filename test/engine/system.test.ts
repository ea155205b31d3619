// The system view against the real engine: `docker info`, `docker system df` and build cache prune,
// compared with what the docker CLI prints. Other test files may create objects meanwhile, so the
// disk usage comparison is retried until both readings agree.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {after, before, test} from 'node:test';
import {promisify} from 'node:util';
import {formatSize} from '../../source/format/bytes.js';
import {diskUsage, formatReclaimable, normalizeDiskUsage, pruneBuildCache, systemInfo} from '../../source/engine/system.js';
import {cleanUp, createContainer, docker, idle, requireEngine} from './helpers.js';

const run = promisify(execFile);
const where = 'unix:///var/run/docker.sock';

before(requireEngine);
after(cleanUp);

test('system info has the fields docker info shows', async () => {
	const info = await systemInfo(docker, where);
	const {stdout} = await run('docker', ['info', '--format', '{{json .}}']);
	const cli = JSON.parse(stdout) as Record<string, unknown>;
	const {stdout: api} = await run('docker', ['version', '--format', '{{.Server.APIVersion}}']);
	assert.equal(info.name, cli['Name']);
	assert.equal(info.id, cli['ID']);
	assert.equal(info.engineVersion, cli['ServerVersion']);
	assert.equal(info.apiVersion, api.trim());
	assert.equal(info.operatingSystem, cli['OperatingSystem']);
	assert.equal(info.kernelVersion, cli['KernelVersion']);
	assert.equal(info.architecture, cli['Architecture']);
	assert.equal(info.storageDriver, cli['Driver']);
	assert.equal(info.cgroupDriver, cli['CgroupDriver']);
	assert.equal(info.cgroupVersion, cli['CgroupVersion']);
	assert.equal(info.cpus, cli['NCPU']);
	assert.equal(info.memory, cli['MemTotal']);
	assert.equal(info.rootDir, cli['DockerRootDir']);
	assert.equal(info.loggingDriver, cli['LoggingDriver']);
	assert.equal(info.liveRestore, cli['LiveRestoreEnabled']);
	assert.deepEqual(info.securityOptions, cli['SecurityOptions'] ?? []);
	assert.deepEqual(info.warnings, cli['Warnings'] ?? []);
	assert.ok(info.insecureRegistries.includes('127.0.0.0/8'), info.insecureRegistries.join(', '));
	assert.deepEqual(info.registryMirrors, (cli['RegistryConfig'] as {Mirrors: string[]}).Mirrors ?? []);
	assert.ok(info.cpus >= 1 && info.memory > 0);
	assert.equal(info.osType, 'linux');
	assert.ok(info.containers.total >= info.containers.running);
	assert.ok(info.images >= 1);
	assert.ok(['inactive', 'active', 'pending', 'error', 'locked'].includes(info.swarm));
});

interface CliDf {
	Type: string;
	TotalCount: string;
	Active: string;
	Size: string;
	Reclaimable: string;
}

test('disk usage is counted as docker system df counts it', async () => {
	// One object of ours in the count, running, with bytes in its layer.
	const container = await createContainer({Cmd: ['sh', '-c', `echo data > /written && ${idle[2]}`], hint: 'df'});
	let mismatch = '';
	for (let attempt = 0; attempt < 10; attempt++) {
		const usage = await diskUsage(docker, where);
		const {stdout} = await run('docker', ['system', 'df', '--format', '{{json .}}']);
		const cli = stdout.trim().split('\n').map(line => JSON.parse(line) as CliDf);
		const ours = usage.summary.map(line => ({
			Type: line.title,
			TotalCount: String(line.total),
			Active: String(line.active),
			Size: formatSize(line.size),
			Reclaimable: formatReclaimable(line),
		}));
		const theirs = cli.map(line => ({
			Type: line.Type,
			TotalCount: line.TotalCount,
			Active: line.Active,
			Size: line.Size,
			Reclaimable: line.Reclaimable,
		}));
		try {
			assert.deepEqual(ours, theirs);
			// The -v rows add up to the summary.
			assert.equal(usage.images.length, usage.summary[0]!.total);
			assert.equal(usage.containers.length, usage.summary[1]!.total);
			assert.equal(usage.volumes.length, usage.summary[2]!.total);
			assert.equal(usage.buildCache.length, usage.summary[3]!.total);
			const row = usage.containers.find(candidate => candidate.id === container.id);
			assert.ok(row, 'our container is in the -v rows');
			assert.equal(row.state, 'running');
			assert.ok(row.size > 0);
			assert.equal(row.name, (await container.inspect()).Name.slice(1));
			const image = usage.images.find(candidate => candidate.tags.includes('berth-test/busybox:latest'));
			assert.ok(image && image.containers >= 1 && image.repository === 'berth-test/busybox' && image.tag === 'latest');
			return;
		} catch (error) {
			mismatch = (error as Error).message;
		}
	}
	assert.fail(`disk usage never agreed with docker system df: ${mismatch}`);
});

test('disk usage arithmetic follows the CLI on recorded data', () => {
	const usage = normalizeDiskUsage({
		LayersSize: 1000,
		Images: [
			{Id: 'sha256:a', RepoTags: ['app:1', 'app:latest'], Size: 600, SharedSize: 200, Containers: 2, Created: 1},
			{Id: 'sha256:b', RepoTags: ['<none>:<none>'], Size: 400, SharedSize: 200, Containers: 0, Created: 2},
		],
		Containers: [
			{Id: 'c1', State: 'running', SizeRw: 30, Names: ['/web'], Mounts: [{Type: 'volume', Driver: 'local'}, {Type: 'bind'}]},
			{Id: 'c2', State: 'exited', SizeRw: 10, Names: ['/old']},
		],
		Volumes: [
			{Name: 'used', UsageData: {Size: 50, RefCount: 1}},
			{Name: 'free', UsageData: {Size: 25, RefCount: 0}},
			{Name: 'unknown', UsageData: {Size: -1, RefCount: -1}},
		],
		BuildCache: [
			{ID: 'x', Size: 100, InUse: true, Shared: false, CreatedAt: '2026-11-29T10:00:00Z', LastUsedAt: null},
			{ID: 'y', Size: 70, InUse: false, Shared: false},
			{ID: 'z', Size: 500, InUse: false, Shared: true},
		],
	});
	assert.deepEqual(usage.summary, [
		{kind: 'images', title: 'Images', total: 2, active: 1, size: 1000, reclaimable: 600, reclaimablePercent: 60},
		{kind: 'containers', title: 'Containers', total: 2, active: 1, size: 40, reclaimable: 10, reclaimablePercent: 25},
		{kind: 'volumes', title: 'Local Volumes', total: 3, active: 1, size: 75, reclaimable: 25, reclaimablePercent: 33},
		{kind: 'build-cache', title: 'Build Cache', total: 3, active: 1, size: 170, reclaimable: 70},
	]);
	assert.deepEqual(usage.images.map(image => [image.repository, image.tag, image.uniqueSize]), [
		['app', '1', 400],
		['<none>', '<none>', 200],
	]);
	assert.equal(usage.containers[0]!.localVolumes, 1);
	assert.equal(usage.buildCache[0]!.created, Date.UTC(2026, 10, 29, 10));
	assert.equal(usage.buildCache[0]!.lastUsed, undefined);
	assert.equal(formatReclaimable(usage.summary[0]!), '600B (60%)');
	assert.equal(formatReclaimable(usage.summary[3]!), '70B');
});

test('build cache prune answers with what it freed (narrowed here to nothing: the cache is not ours)', async () => {
	assert.deepEqual(await pruneBuildCache(docker, where, {filters: {id: ['berth-test-no-such-record']}}), {
		deleted: [],
		spaceReclaimed: 0,
	});
});
