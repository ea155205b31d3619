// Records a real compose project for the UI tests: Debian's docker-compose (v1) brings up a project
// of two services (web scaled to 2, worker) with a named volume and a network, the file is then
// edited (worker's environment changed, a service added) so that drift shows, and berth's engine
// layer reads it all back: test/fixtures/compose-containers.json, compose-definition.json,
// compose-logs.json. The project is taken down (-v) at the end, also on failure.
// Run with: npx tsx scripts/record-compose-fixtures.ts
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {setTimeout as delay} from 'node:timers/promises';
import {composeCli, composeEnvironment, projectActionArgs, readDefinition, runCompose, serviceActionArgs, type ComposeTarget} from '../source/engine/compose.js';
import {createEngine, resolveEndpoint} from '../source/engine/connect.js';
import type {LogLine} from '../source/engine/types.js';

const fixturesDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const endpoint = resolveEndpoint({env: process.env, homeDir: os.homedir()});
const engine = createEngine(endpoint);
const env = composeEnvironment(endpoint, process.env);
const label = `fixtures-${Date.now().toString(36)}`;
const folder = mkdtempSync(path.join(os.tmpdir(), 'berth-fixture-'));
const file = path.join(folder, 'docker-compose.yml');
const target: ComposeTarget = {name: 'berth-fixture-blog', workingDir: folder, configFiles: [file]};

/** Prints a numbered line every 0.2 s, naming its replica, so merged logs interleave. */
function service(name: string, extra = ''): string {
	return [
		`  ${name}:`,
		'    image: berth-test/busybox',
		`    command: ["sh", "-c", "trap 'exit 0' TERM; i=0; while [ $$i -lt 5 ]; do i=$$((i+1)); echo ${name} line $$i from $$HOSTNAME; sleep 0.2; done; while :; do sleep 1 & wait $$!; done"]`,
		`    labels: {berth.test: "${label}"}`,
		'    volumes: [posts:/posts]',
		'    networks: [back]',
		'    stop_grace_period: 1s',
		extra,
	]
		.filter(Boolean)
		.join('\n');
}

function composeFile(edited: boolean): string {
	return [
		"version: '3.7'",
		'services:',
		service('web', '    ports: ["127.0.0.1::80"]'),
		service('worker', `    environment: {MODE: "${edited ? 'second' : 'first'}"}`),
		edited ? service('cron') : '',
		'volumes:',
		`  posts: {labels: {berth.test: "${label}"}}`,
		'networks:',
		`  back: {labels: {berth.test: "${label}"}}`,
		'',
	]
		.filter(Boolean)
		.join('\n');
}

function write(name: string, value: unknown): void {
	writeFileSync(path.join(fixturesDirectory, name), `${JSON.stringify(value, null, '\t')}\n`);
	console.log(`wrote test/fixtures/${name}`);
}

async function compose(args: string[]): Promise<void> {
	const cli = await composeCli({env});
	if (!cli) {
		throw new Error('no compose CLI: apt-get install docker-compose');
	}

	await runCompose(cli, args, {cwd: folder, env}, {signal: new AbortController().signal, onEvent: event => console.log(`  ${'text' in event ? event.text : ''}`)});
}

async function record(): Promise<void> {
	const cli = await composeCli({env});
	if (!cli) {
		throw new Error('no compose CLI: apt-get install docker-compose');
	}

	writeFileSync(file, composeFile(false));
	await compose(projectActionArgs(cli, target, {action: 'up'}));
	await compose(serviceActionArgs(cli, target, {action: 'scale', service: 'web', replicas: 2}));
	await delay(2000);
	writeFileSync(file, composeFile(true));
	const definition = await readDefinition(cli, endpoint, target);
	const containers = (await engine.listContainers()).filter(container => container.project === target.name);
	const logs: Record<string, LogLine[]> = {};
	for (const container of containers) {
		logs[container.id] = await new Promise<LogLine[]>((resolve, reject) => {
			const lines: LogLine[] = [];
			engine.streamLogs(container.id, {tail: 100, timestamps: true, follow: false}, {
				onLines: batch => lines.push(...batch),
				onError: reject,
				onEnd: () => resolve(lines),
			});
		});
	}

	write('compose-containers.json', containers);
	write('compose-definition.json', {services: definition.services, hashes: Object.fromEntries(definition.hashes)});
	write('compose-logs.json', logs);
}

try {
	await record();
} finally {
	writeFileSync(file, composeFile(true));
	const cli = await composeCli({env});
	if (cli) {
		await compose(projectActionArgs(cli, target, {action: 'down', volumes: true, removeOrphans: true})).catch((error: unknown) => console.error(error));
	}

	rmSync(folder, {recursive: true, force: true});
	engine.close();
}
