// Records a real two-node swarm for the UI tests (test/support/swarm.ts: a private manager and a
// worker in namespaces of their own). On it: a replicated service scaled to 2 with a published
// port, a global service, a service whose tasks fail (so a task error is recorded), a stack of two
// services deployed with `docker stack deploy`, a secret, a config and a node label. berth's engine
// layer reads it all back into test/fixtures/swarm.json. The swarm goes at the end, also on failure.
// Run with: npx tsx scripts/record-swarm-fixtures.ts
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {setTimeout as delay} from 'node:timers/promises';
import {createEngine} from '../source/engine/connect.js';
import type {ServiceLogLine, TaskSummary} from '../source/engine/types.js';
import {parseServiceForm} from '../source/parse/service-spec.js';
import {startTestSwarm} from '../test/support/swarm.js';
import type {RecordedSwarm} from '../test/support/fake-engine.js';

const fixturesDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const TICKER = 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i from $HOSTNAME"; sleep 1 & wait; done';

const swarm = await startTestSwarm();
const folder = mkdtempSync(path.join(os.tmpdir(), 'berth-swarm-fixture-'));
const engine = createEngine({protocol: 'unix', socketPath: swarm.manager.socket, display: 'the fixture manager'});

function spec(fields: Record<string, string>) {
	const parsed = parseServiceForm({image: 'berth-test/busybox', ...fields}, {});
	if ('errors' in parsed) {
		throw new Error(parsed.errors.map(error => error.message).join('; '));
	}
	return parsed.spec;
}

try {
	await engine.createService(spec({name: 'web', command: `sh -c '${TICKER}'`, replicas: '2', ports: '8080:80', env: 'COLOUR=blue'}));
	await engine.createService(spec({name: 'agent', command: `sh -c '${TICKER}'`, mode: 'global', replicas: ''}));
	await engine.createService(spec({name: 'broken', command: "sh -c 'echo starting; exit 3'", 'restart-condition': 'none'}));
	await engine.createSwarmData('secret', {name: 'db-password', data: {value: 'hunter2'}});
	await engine.createSwarmData('config', {name: 'site.conf', data: {value: 'listen 80\n'}});
	await engine.addNodeLabel(swarm.workerNodeId, 'zone', 'east');

	const file = path.join(folder, 'docker-compose.yml');
	writeFileSync(
		file,
		[
			"version: '3.7'",
			'services:',
			'  api:',
			'    image: berth-test/busybox',
			`    command: ["sh", "-c", ${JSON.stringify(TICKER.replaceAll('$', '$$'))}]`,
			'    deploy: {replicas: 2}',
			'  cache:',
			'    image: berth-test/busybox',
			'    command: ["sleep", "100000"]',
			'',
		].join('\n'),
	);
	console.log(await engine.deployStack({file, name: 'shop', resolveImage: 'never'}));

	// Until every task that should run runs and the broken one has failed, or 30 s: what did not
	// settle by then is recorded as it is, its task errors with it.
	for (let attempt = 0; attempt < 60; attempt++) {
		const services = await engine.listServices();
		const settled = services.filter(service => service.name !== 'broken').every(service => service.running === service.desired);
		const broken = services.find(service => service.name === 'broken');
		const failed = broken ? (await engine.listTasks({service: broken.id})).some(task => task.state === 'failed') : false;
		if (settled && failed) {
			break;
		}
		await delay(500);
	}
	await delay(3000);

	const services = await engine.listServices();
	const tasks: Record<string, TaskSummary[]> = {};
	for (const service of services) {
		tasks[service.id] = await engine.listTasks({service: service.id});
	}

	const web = services.find(service => service.name === 'web')!;
	const logs = await new Promise<ServiceLogLine[]>((resolve, reject) => {
		const lines: ServiceLogLine[] = [];
		engine.streamServiceLogs(web.id, {tail: 6, timestamps: true, follow: false}, {onLines: batch => lines.push(...batch), onError: message => reject(new Error(message)), onEnd: () => resolve(lines)});
	});
	const details = {[web.id]: await engine.inspectService(web.id)};

	const recorded: RecordedSwarm = {
		status: await engine.swarmStatus(),
		nodes: await engine.listNodes(),
		services,
		secrets: await engine.listSwarmData('secret'),
		configs: await engine.listSwarmData('config'),
		tasks,
		details,
		logs,
	};
	writeFileSync(path.join(fixturesDirectory, 'swarm.json'), `${JSON.stringify(recorded, null, '\t')}\n`);
	writeFileSync(path.join(fixturesDirectory, 'swarm-worker-status.json'), `${JSON.stringify(await createEngine({protocol: 'unix', socketPath: swarm.worker.socket, display: 'the fixture worker'}).swarmStatus(), null, '\t')}\n`);
	for (const service of services) {
		const errors = tasks[service.id]!.filter(task => task.error).map(task => `${task.node}: ${task.error}`);
		console.log(`${service.name} ${service.running}/${service.desired} ${errors.join('; ')}`);
	}
	console.log(`recorded ${services.length} services, ${recorded.nodes.length} nodes, ${logs.length} log lines`);
	if (process.argv.includes('--keep')) {
		console.log(`manager: unix://${swarm.manager.socket}  worker: unix://${swarm.worker.socket}  (Ctrl-C ends)`);
		await new Promise(resolve => process.once('SIGINT', resolve));
	}
} finally {
	engine.close();
	await swarm.dispose();
	rmSync(folder, {recursive: true, force: true});
}
