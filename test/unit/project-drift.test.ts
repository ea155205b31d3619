// The projects pane's drift: each project's definition read through the compose CLI one project at
// a time, asked again only when something says it changed (a compose action, a config file written,
// the project's containers recreated), and dropped when the pane is no longer shown.
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {ComposeDefinition, ComposeTarget, Engine} from '../../source/engine/types.js';
import {driftOf, driftSummary, ProjectDefinitions} from '../../source/store/project-drift.js';
import {groupProjects, type ComposeProject} from '../../source/store/projects.js';
import {defaultProjectName, parseNewProject, parseReplicas} from '../../source/actions/projects.js';
import {container} from '../support/build.js';
import {settle} from '../support/keys.js';

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);

function project(name: string, options: {dir?: string; hash?: string; id?: string} = {}): ComposeProject {
	const dir = options.dir ?? `/srv/${name}`;
	return groupProjects([
		container({
			id: options.id ?? `${name}-web-1`,
			name: `${name}-web-1`,
			project: name,
			service: 'web',
			labels: {
				'com.docker.compose.project': name,
				'com.docker.compose.service': 'web',
				'com.docker.compose.container-number': '1',
				'com.docker.compose.project.working_dir': dir,
				'com.docker.compose.project.config_files': `${dir}/compose.yaml`,
				'com.docker.compose.config-hash': options.hash ?? hashA,
			},
		}),
	])[0]!;
}

/** An engine whose definitions answer when the test says, to see what is asked and when. */
function slowEngine(): {engine: Engine; asked: string[]; answer(definition: ComposeDefinition): void} {
	const asked: string[] = [];
	const waiting: Array<(definition: ComposeDefinition) => void> = [];
	const engine = {
		composeCli: async () => ({kind: 'v1', command: ['docker-compose'], version: '1.29.2'}),
		composeDefinition: async (target: ComposeTarget) =>
			new Promise<ComposeDefinition>(resolve => {
				asked.push(target.name);
				waiting.push(resolve);
			}),
	} as unknown as Engine;
	return {engine, asked, answer: definition => waiting.shift()?.(definition)};
}

const web = (hash: string, extra: string[] = []): ComposeDefinition => ({services: ['web', ...extra], hashes: new Map([['web', hash], ...extra.map(name => [name, hashB] as [string, string])])});

test('one project at a time; an answer makes the drift: outdated replicas and services not created', async () => {
	const {engine, asked, answer} = slowEngine();
	const definitions = new ProjectDefinitions(engine);
	const shop = project('shop');
	const blog = project('blog');
	definitions.show([shop, blog]);
	await settle();
	assert.deepEqual(asked, ['shop'], 'the second waits for the first');
	assert.equal(definitions.get().get('blog')?.status, 'loading');
	answer(web(hashB, ['cron']));
	await settle();
	assert.deepEqual(asked, ['shop', 'blog']);
	const drift = driftOf(shop, definitions.get().get('shop'));
	assert.deepEqual(drift?.missing, ['cron']);
	assert.deepEqual(drift?.outdated, [{service: 'web', containers: ['shop-web-1']}]);
	assert.equal(driftSummary(drift!), '1 outdated · 1 not created');
	answer(web(hashA));
	await settle();
	assert.equal(driftSummary(driftOf(blog, definitions.get().get('blog'))!), '');

	// The same projects again ask nothing; a recreated replica (a new hash label) and refresh do.
	definitions.show([shop, blog]);
	await settle();
	assert.equal(asked.length, 2);
	definitions.show([project('shop', {hash: hashB, id: 'shop-web-1-new'}), blog]);
	definitions.refresh('blog');
	await settle();
	assert.deepEqual(asked, ['shop', 'blog', 'shop']);
	assert.equal(definitions.get().get('shop')?.status, 'loading');
	assert.ok(driftOf(shop, definitions.get().get('shop')), 'the previous answer shows while the new one loads');
	answer(web(hashB));
	await settle();
	assert.deepEqual(asked, ['shop', 'blog', 'shop', 'blog']);
	answer(web(hashA));
	definitions.close();
	await settle();
	assert.equal(definitions.get().size, 0, 'nothing is kept once the pane is not shown');
});

test('the CLI’s refusal is kept as the reason; when the last holder lets go, asking stops', async () => {
	const engine = {
		composeCli: async () => undefined,
		composeDefinition: async () => {
			throw new Error('No compose CLI found');
		},
	} as unknown as Engine;
	const definitions = new ProjectDefinitions(engine);
	const release = definitions.hold();
	const other = definitions.hold();
	definitions.show([project('shop')]);
	await settle();
	assert.deepEqual(definitions.get().get('shop'), {status: 'error', error: 'No compose CLI found'});
	assert.equal(definitions.knownCli(), undefined);
	release();
	await new Promise(resolve => setTimeout(resolve, 5));
	assert.equal(definitions.get().size, 1, 'someone still shows it');
	other();
	await new Promise(resolve => setTimeout(resolve, 5));
	assert.equal(definitions.get().size, 0);
});

test('a config file written (an editor replacing it) makes the project be read again', async () => {
	const folder = await mkdtemp(path.join(tmpdir(), 'berth-drift-'));
	try {
		await writeFile(path.join(folder, 'compose.yaml'), 'services: {}\n');
		const {engine, asked, answer} = slowEngine();
		const definitions = new ProjectDefinitions(engine);
		definitions.show([project('shop', {dir: folder})]);
		await settle();
		answer(web(hashA));
		await settle();
		assert.deepEqual(asked, ['shop']);
		await writeFile(path.join(folder, 'other.txt'), 'not a config file\n');
		await writeFile(path.join(folder, 'compose.yaml.tmp'), 'services: {web: {}}\n');
		await new Promise(resolve => setTimeout(resolve, 400));
		assert.deepEqual(asked, ['shop'], 'other files do not count');
		await writeFile(path.join(folder, 'compose.yaml'), 'services: {web: {}}\n');
		const started = Date.now();
		while (asked.length < 2 && Date.now() - started < 3000) {
			await new Promise(resolve => setTimeout(resolve, 20));
		}

		assert.deepEqual(asked, ['shop', 'shop']);
		answer(web(hashA));
		definitions.close();
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
});

test('a replica count is a whole number from 0 to 100; the message names the field', () => {
	assert.deepEqual(parseReplicas(' 3 '), {value: 3});
	assert.deepEqual(parseReplicas('0'), {value: 0});
	assert.deepEqual(parseReplicas('100'), {value: 100});
	assert.deepEqual(parseReplicas('101'), {error: 'replicas: 101 is not a whole number from 0 to 100'});
	assert.deepEqual(parseReplicas('2.5'), {error: 'replicas: 2.5 is not a whole number from 0 to 100'});
	assert.deepEqual(parseReplicas('-1'), {error: 'replicas: -1 is not a whole number from 0 to 100'});
	assert.deepEqual(parseReplicas(''), {error: 'replicas: a number is required'});
});

test('a new project: the file must exist; the name defaults to its folder’s, as compose names it', async () => {
	const folder = await mkdtemp(path.join(tmpdir(), 'My Blog.v2 '));
	try {
		const file = path.join(folder, 'compose.yaml');
		await writeFile(file, 'services: {}\n');
		assert.equal(defaultProjectName('/srv/My Blog.v2_x'), 'myblogv2_x');
		assert.deepEqual(parseNewProject({file, name: ''}), {value: {name: defaultProjectName(folder), workingDir: folder, configFiles: [file]}});
		assert.deepEqual(parseNewProject({file, name: 'shop'}), {value: {name: 'shop', workingDir: folder, configFiles: [file]}});
		assert.deepEqual(parseNewProject({file, name: 'Shop!'}), {
			errors: {name: 'name: Shop! is not a project name (lowercase letters, digits, _ and -, starting with a letter or digit)'},
		});
		assert.deepEqual(parseNewProject({file: path.join(folder, 'missing.yaml'), name: ''}), {errors: {file: `file: ${path.join(folder, 'missing.yaml')} does not exist`}});
		assert.deepEqual(parseNewProject({file: '', name: ''}), {errors: {file: 'file: a file is required'}});
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
});
