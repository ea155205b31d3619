// Records engine data for the UI tests: builds a small labelled scene on a real engine, reads it
// back through berth's engine layer, writes test/fixtures/*.json, and removes the scene.
// Run with: npx tsx scripts/record-fixtures.ts
import {mkdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {setTimeout as delay} from 'node:timers/promises';
import type Docker from 'dockerode';
import {createDockerClient} from '../source/engine/client.js';
import {createEngine, resolveEndpoint} from '../source/engine/connect.js';
import type {LogLine} from '../source/engine/types.js';

const image = 'berth-test/busybox';
const fixturesDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const sceneLabel = {'berth.test': `fixtures-${Date.now().toString(36)}`};
const millisecond = 1_000_000;

/** Runs until stopped; SIGTERM ends it at once. */
function idle(before = ''): string[] {
	return ['sh', '-c', `${before}trap "exit 0" TERM; while :; do sleep 1 & wait $!; done`];
}

const hostile = {
	title: '\u001b]0;pwned\u0007',
	red: '\u001b[31m',
	reset: '\u001b[0m',
};

const endpoint = resolveEndpoint({env: process.env, homeDir: os.homedir()});
const engine = createEngine(endpoint);
const {docker} = createDockerClient(endpoint);
const created: Docker.Container[] = [];
const volumes: string[] = [];
const networks: string[] = [];

/** Scene containers are named berth-<role>, so the scene does not collide with containers it did not make. */
async function container(role: string, options: Omit<Docker.ContainerCreateOptions, 'name' | 'Image'>): Promise<Docker.Container> {
	const made = await docker.createContainer({
		name: `berth-${role}`,
		Image: image,
		StopTimeout: 1,
		...options,
		Labels: {...options.Labels, ...sceneLabel},
	});
	created.push(made);
	await made.start();
	return made;
}

function compose(service: string): Record<string, string> {
	return {
		'com.docker.compose.project': 'shop',
		'com.docker.compose.service': service,
		'com.docker.compose.container-number': '1',
		'com.docker.compose.oneoff': 'False',
		'com.docker.compose.project.working_dir': '/srv/shop',
	};
}

async function buildScene(): Promise<Record<string, Docker.Container>> {
	const network = await docker.createNetwork({
		Name: 'berth-fixture-shop_default',
		Labels: {...sceneLabel, 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'default'},
	});
	networks.push(network.id);
	await docker.createVolume({
		Name: 'berth-fixture-shop_db-data',
		Labels: {...sceneLabel, 'com.docker.compose.project': 'shop', 'com.docker.compose.volume': 'db-data'},
	});
	volumes.push('berth-fixture-shop_db-data');

	const scene = {
		'tty-shell': await container('tty-shell', {Cmd: ['sh'], Tty: true, OpenStdin: true}),
		chatty: await container('chatty', {
			Cmd: idle('i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo "request $i served in ${i}ms"; echo "warning $i: slow disk" >&2; done; '),
		}),
		killed: await container('killed', {Cmd: idle()}),
		paused: await container('paused', {Cmd: idle()}),
		healthy: await container('healthy', {
			Cmd: idle(),
			Healthcheck: {Test: ['CMD', 'true'], Interval: 200 * millisecond},
		}),
		'shop-web-1': await container('shop-web-1', {
			Cmd: idle(),
			Labels: compose('web'),
			ExposedPorts: {'80/tcp': {}},
			HostConfig: {PortBindings: {'80/tcp': [{HostIp: '127.0.0.1', HostPort: ''}]}, NetworkMode: 'berth-fixture-shop_default'},
		}),
		'shop-db-1': await container('shop-db-1', {
			Cmd: idle(),
			Labels: compose('db'),
			Env: ['POSTGRES_DB=shop'],
			HostConfig: {
				NetworkMode: 'berth-fixture-shop_default',
				Mounts: [{Type: 'volume', Source: 'berth-fixture-shop_db-data', Target: '/var/lib/db'}],
			},
		}),
		nasty: await container('nasty', {
			// The hostile text travels as an argument, so it shows in the command and in the logs.
			Cmd: [...idle('printf "%s\\n" "$1"; '), 'nasty', `${hostile.title}${hostile.red}red alert${hostile.reset}`],
			Labels: {title: `${hostile.title}innocent`, colour: `${hostile.red}red${hostile.reset}`},
			Env: [`PS1=${hostile.title}${hostile.red}$ `],
		}),
	};
	await scene.killed.kill({signal: 'SIGKILL'});
	await scene.killed.wait();
	await scene.paused.pause();
	const deadline = Date.now() + 10_000;
	while ((await scene.healthy.inspect()).State.Health?.Status !== 'healthy') {
		if (Date.now() > deadline) {
			throw new Error('the healthcheck container did not become healthy within 10 s');
		}
		await delay(100);
	}
	// Let the status texts read like a scene that has been up for a moment.
	await delay(2000);
	return scene;
}

function readLogs(id: string): Promise<LogLine[]> {
	return new Promise((resolve, reject) => {
		const lines: LogLine[] = [];
		engine.streamLogs(id, {tail: 50, timestamps: true, follow: false}, {
			onLines: batch => lines.push(...batch),
			onError: message => reject(new Error(message)),
			onEnd: () => resolve(lines),
		});
	});
}

function write(name: string, value: unknown): void {
	const file = path.join(fixturesDirectory, name);
	writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
	console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

async function record(scene: Record<string, Docker.Container>): Promise<void> {
	mkdirSync(fixturesDirectory, {recursive: true});
	const ids = Object.values(scene).map(member => member.id);
	const isOurs = (labels: Record<string, string>) => labels['berth.test'] === sceneLabel['berth.test'];

	write('containers.json', await engine.listContainers(ids));
	// The scene's image and what it was built from: other images on the engine are not the scene's.
	const images = await engine.listImages();
	const used = new Set(images.filter(item => item.tags.includes(`${image}:latest`)).flatMap(item => [item.id, item.parentId]));
	write('images.json', images.filter(item => used.has(item.id)));
	write('volumes.json', (await engine.listVolumes()).filter(volume => isOurs(volume.labels)));
	write(
		'networks.json',
		(await engine.listNetworks()).filter(
			network => isOurs(network.labels) || ['bridge', 'host', 'none'].includes(network.name),
		),
	);
	for (const [name, member] of Object.entries(scene)) {
		write(`inspect-${name}.json`, await engine.inspectContainer(member.id));
	}
	write('top.json', await engine.top(scene['shop-web-1']!.id));
	write('volume-details.json', await engine.inspectVolume('berth-fixture-shop_db-data'));
	write('network-details.json', await engine.inspectNetwork('berth-fixture-shop_default'));
	write('system-info.json', await engine.systemInfo());
	write('disk-usage.json', await engine.diskUsage());
	await scene['shop-db-1']!.exec({Cmd: ['sh', '-c', 'mkdir -p /var/lib/db/base && echo 1 > /var/lib/db/base/PG_VERSION && rm /bin/yes && touch /etc/motd']}).then(
		async exec => new Promise(resolve => {
			void exec.start({}).then(stream => {
				stream.on('end', resolve);
				stream.resume();
			});
		}),
	);
	write('container-diff.json', await engine.containerDiff(scene['shop-db-1']!.id));
	write('logs.json', {chatty: await readLogs(scene['chatty']!.id), nasty: await readLogs(scene['nasty']!.id)});
}

/** Removes everything the scene created, reporting (not throwing) what could not be removed. */
async function removeScene(): Promise<void> {
	const steps = [
		() => created.map(member => member.remove({force: true, v: true})),
		() => volumes.map(name => docker.getVolume(name).remove()),
		() => networks.map(id => docker.getNetwork(id).remove()),
	];
	for (const step of steps) {
		for (const outcome of await Promise.allSettled(step())) {
			if (outcome.status === 'rejected') {
				console.error(`clean-up: ${(outcome.reason as Error).message}`);
			}
		}
	}
}

try {
	await engine.ping();
	await record(await buildScene());
} catch (error) {
	const reason = (error as {json?: {message?: string}}).json?.message ?? (error as Error).message;
	console.error(`record-fixtures: ${reason}`);
	process.exitCode = 1;
} finally {
	await removeScene();
	engine.close();
}
