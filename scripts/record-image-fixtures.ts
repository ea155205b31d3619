// Records the image data the UI tests show: an image built on a real engine (its inspect and its
// history) and the progress events of a real pull from a real registry. Writes
// test/fixtures/image-*.json and pull-events.json, then removes what it made.
// Run with: npx tsx scripts/record-image-fixtures.ts
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createEngine, resolveEndpoint} from '../source/engine/connect.js';
import type {JobEvent} from '../source/engine/types.js';
import {startRegistry} from '../test/support/registry.js';

const fixturesDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const engine = createEngine(resolveEndpoint({env: process.env, homeDir: os.homedir()}));
const tag = `berth-fixture/app:${Date.now().toString(36)}`;
const context = mkdtempSync(path.join(os.tmpdir(), 'berth-fixture-'));
const registry = await startRegistry();
const remote = `${registry.host}/berth-fixture/app:1.0`;

function write(name: string, data: unknown): void {
	writeFileSync(path.join(fixturesDirectory, name), `${JSON.stringify(data, null, '\t')}\n`);
	console.log(`wrote ${name}`);
}

const never = new AbortController().signal;
const quiet = {signal: never, onEvent() {}};

try {
	writeFileSync(
		path.join(context, 'Dockerfile'),
		[
			'FROM berth-test/busybox',
			'LABEL org.opencontainers.image.title="berth fixture"',
			'ENV APP_PORT=8080',
			'EXPOSE 8080/tcp',
			'VOLUME /data',
			'WORKDIR /app',
			'RUN ["/bin/sh", "-c", "echo hello > /app/hello.txt"]',
			'CMD ["httpd", "-f", "-p", "8080"]',
		].join('\n'),
	);
	const id = await engine.buildImage({contextDir: context, dockerfile: 'Dockerfile', tags: [tag], buildArgs: {}, noCache: false, pull: false}, quiet);
	write('image-details.json', await engine.inspectImage(id));
	write('image-history.json', await engine.imageHistory(id));
	await engine.tagImage(id, remote);
	await engine.pushImage(remote, quiet);
	await engine.removeImage(remote, {force: false, noPrune: false});
	await engine.removeImage(tag, {force: false, noPrune: false});
	const events: JobEvent[] = [];
	await engine.pullImage(remote, {signal: never, onEvent: event => events.push(event)});
	write('pull-events.json', events);
	await engine.removeImage(remote, {force: false, noPrune: false});
} finally {
	rmSync(context, {recursive: true, force: true});
	await registry.stop();
	engine.close();
}
