// The Projects pane on a compose project recorded with the real docker-compose (v1) by
// scripts/record-compose-fixtures.ts: web scaled to 2 and worker, then the file edited so that
// worker is outdated and a new service, cron, is not created. Actions are checked by the calls the
// fake engine records; the compose CLI itself is exercised in test/engine and test/e2e.
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, test} from 'node:test';
import {composeMissingMessage} from '../../source/engine/compose.js';
import type {ContainerSummary, LogLine} from '../../source/engine/types.js';
import {projectKey} from '../../source/store/projects.js';
import {fixture, recorded, type Recorded} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {assertFits, lineWith, listPart, renderApp, SIZES, unmountAll, waitFor, type Rendered} from '../support/render.js';

afterEach(unmountAll);

const KEY = {down: '\u001B[B', up: '\u001B[A', enter: '\r', escape: '\u001B', tab: '\t', ctrlS: '\u0013', ctrlU: '\u0015'};
const PROJECT = 'berth-fixture-blog';

const composeContainers = fixture<ContainerSummary[]>('compose-containers.json');
const definition = fixture<{services: string[]; hashes: Record<string, string>}>('compose-definition.json');
const composeLogs = fixture<Record<string, LogLine[]>>('compose-logs.json');
const workingDir = composeContainers[0]!.labels['com.docker.compose.project.working_dir']!;

function data(): Recorded {
	const base = recorded();
	const now = Date.now();
	return {...base, containers: [...base.containers, ...composeContainers.map(container => ({...container, statusAt: now}))]};
}

function prepare(ctx: TestContext): void {
	ctx.engine.definitions.set(PROJECT, {services: definition.services, hashes: new Map(Object.entries(definition.hashes))});
	for (const [id, lines] of Object.entries(composeLogs)) {
		ctx.engine.logLinesById.set(id, lines);
	}
}

async function projects(columns = 160, rows = 45, setup: (ctx: TestContext) => void = prepare): Promise<Rendered> {
	const app = await renderApp(data(), columns, rows, setup);
	await app.press('7');
	await waitFor(app, PROJECT);
	return app;
}

/** The list row that shows `text`. */
function rowWith(frame: string, text: string | RegExp): string {
	const row = frame
		.split('\n')
		.map(line => listPart(line))
		.find(line => (typeof text === 'string' ? line.includes(text) : text.test(line)) && !line.startsWith('─') && !line.startsWith(' 1 '));
	assert.ok(row !== undefined, `no row with ${String(text)} in\n${frame}`);
	return row;
}

/** Moves the cursor to the row with `text`. */
async function select(app: Rendered, text: string): Promise<void> {
	for (let guard = 0; guard < 20 && !/^›/.test(rowWith(app.frame(), text)); guard++) {
		await app.press('j');
	}

	assert.match(rowWith(app.frame(), text), /^›/, `the cursor reaches ${text}`);
}

/** The command line the open form stands for (it wraps on screen). */
function formPreview(app: Rendered): string {
	const dialog = app.ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'form');
	return dialog.kind === 'form' ? (dialog.preview ?? '') : '';
}

async function waitForCall(app: Rendered, call: string): Promise<void> {
	const started = Date.now();
	while (!app.ctx.engine.calls.includes(call) && Date.now() - started < 2000) {
		await new Promise(resolve => setTimeout(resolve, 10));
	}

	assert.ok(app.ctx.engine.calls.includes(call), `${call} in ${app.ctx.engine.calls.filter(item => item.startsWith('compose')).join(', ')}`);
}

for (const [columns, rows] of SIZES) {
	const size = `${columns}x${rows}`;

	test(`the projects pane groups by project and service, with status and drift from the files (${size})`, async () => {
		const app = await projects(columns, rows);
		const frame = await waitFor(app, '1 outdated · 1 not created');
		assert.match(frame, /7 Projects · /);
		assert.match(rowWith(frame, PROJECT), /^› ▾ berth-fixture-blog\s+running\(3\)\s+1 outdated · 1 not created/);
		assert.match(rowWith(frame, '├ web'), /● ├ web\s+2\/2 running\s+berth-test\/busybox/);
		assert.match(rowWith(frame, '└ worker'), /└ worker\s+1\/1 running\s+outdated 1\/1/);
		// The hand-labelled project of the other fixtures groups too: labels are all it takes.
		assert.match(rowWith(frame, /▾ shop /), /running\(2\)/);
		assert.ok(app.ctx.engine.calls.includes(`compose-definition ${PROJECT}`), 'the files were read through the compose CLI');
		assertFits(app.raw(), columns, rows);
	});

	test(`the Services tab: directory, files, drift, each service's replicas and the one not created (${size})`, async () => {
		const app = await projects(columns, rows);
		await waitFor(app, '1 outdated · 1 not created');
		// Full screen, so all of it shows at 80x24 too.
		await app.press('f');
		const frame = await waitFor(app, 'not created (up creates it)');
		assert.match(frame, /Services │ Logs │ berth-fixture-blog/);
		assert.match(lineWith(frame, 'directory'), new RegExp(`directory\\s+${workingDir.slice(0, 20)}`));
		assert.match(frame, /config files\s+\/tmp\/berth-fixture-/);
		assert.match(frame, /drift\s+1 outdated · 1 not created/);
		assert.match(frame, /compose\s+docker-compose 1\.29\.2 \(v1\)/);
		assert.match(frame, /● web · 2\/2 running · berth-test\/busybox · 127\.0\.0\.1:\d+/);
		assert.match(frame, /● berth-fixture-blog_web_1 {2}Up \d+ seconds/);
		assert.match(lineWith(frame, 'berth-fixture-blog_worker_1'), /Up \d+ seconds {2}outdated \(up recreates it\)/);
		assert.match(frame, /○ cron · not created/);
		assertFits(app.raw(), columns, rows);
	});

	test(`merged logs: every replica's lines in time order, each after its label (${size})`, async () => {
		const app = await projects(columns, rows);
		await app.press('l');
		const frame = await waitFor(app, /worker\s+│ worker line 5/);
		assert.match(frame, /following · 15 lines/);
		const timeOf = new Map(Object.values(composeLogs).flat().map(line => [line.text, line.timestamp!]));
		const shown = frame
			.split('\n')
			.map(line => /(web-\d|worker)\s+│ ((\w+) line \d from [0-9a-f]{12})/.exec(line))
			.filter(match => match !== null);
		assert.ok(shown.length >= 5, `log lines shown:\n${frame}`);
		for (const match of shown) {
			assert.equal(match[1]!.replace(/-\d$/, ''), match[3], `each line after its own service's label: ${match[0]}`);
		}

		const times = shown.map(match => timeOf.get(match[2]!)!);
		assert.deepEqual(times, [...times].sort(), 'in time order across replicas');
		assert.equal(times.at(-1), [...timeOf.values()].sort().at(-1), 'the newest line is last');
		// The service row's logs are that service's alone.
		await app.press(KEY.escape);
		await select(app, '└ worker');
		await app.press('l');
		const worker = await waitFor(app, 'following · 5 lines');
		assert.doesNotMatch(worker, /web-1\s+│/);
		assertFits(app.raw(), columns, rows);
	});
}

test('up: a form of options, run as a job whose command line is the CLI’s', async () => {
	const app = await projects();
	app.ctx.engine.composeLines = ['Creating berth-fixture-blog_cron_1 ... done'];
	await app.press('u');
	let frame = await waitFor(app, 'Up berth-fixture-blog (detached)');
	assert.match(frame, /›build\s+\[ \]/);
	assert.match(frame, /docker-compose --ansi never -p berth-fixture-blog --project-directory \/tmp\/berth-fixture-\S+ -f \S+docker-compose\.yml up -d/);
	await app.press(' ', KEY.tab, KEY.tab, ' ');
	assert.match(formPreview(app), /up -d --build --remove-orphans$/);
	await app.press(KEY.ctrlS);
	await waitForCall(app, `compose-up ${PROJECT} build removeOrphans`);
	frame = await waitFor(app, 'Creating berth-fixture-blog_cron_1 ... done');
	assert.match(frame, /compose up berth-fixture-blog · done/);
	// The drift is asked for again after a compose action.
	assert.equal(app.ctx.engine.calls.filter(call => call === `compose-definition ${PROJECT}`).length, 2);
});

test('down asks first, with volumes, orphans and images as options', async () => {
	const app = await projects();
	await app.press('d');
	const frame = await waitFor(app, 'Down berth-fixture-blog: remove 3 containers and networks?');
	assert.match(frame, /v: volumes too \(data is lost\)/);
	assert.ok(!app.ctx.engine.calls.some(call => call.startsWith('compose-down')), 'nothing runs before the answer');
	await app.press('v', 'i', 'y');
	await waitForCall(app, `compose-down ${PROJECT} volumes removeImages=local`);
});

test('start, stop, restart, pull, build and config of a project run as jobs', async () => {
	const app = await projects();
	for (const [key, verb] of [['S', 'start'], ['s', 'stop'], ['r', 'restart'], ['p', 'pull'], ['b', 'build'], ['C', 'config']] as const) {
		await app.press(key);
		await waitForCall(app, `compose-${verb} ${PROJECT}`);
		await waitFor(app, `compose ${verb} berth-fixture-blog · done`);
		await app.press(KEY.escape);
	}
});

test('a service row has its own actions: scale validates its field, start/stop/restart/up name the service', async () => {
	const app = await projects();
	await select(app, '├ web');
	assert.match(app.frame(), /x scale/, 'the hints are the service row’s');
	await app.press('x');
	await waitFor(app, `Scale ${PROJECT}/web`);
	await app.press(KEY.ctrlU, 'a', 'b', 'c');
	await waitFor(app, 'replicas: abc is not a whole number from 0 to 100');
	await app.press(KEY.ctrlU, '1', '0', '1');
	await waitFor(app, 'replicas: 101 is not a whole number from 0 to 100');
	await app.press(KEY.ctrlS);
	assert.ok(!app.ctx.engine.calls.some(call => call.startsWith('compose-scale')), 'a wrong field runs nothing');
	await app.press(KEY.ctrlU, '3');
	assert.match(formPreview(app), / -p berth-fixture-blog .* up -d --scale web=3 --no-recreate web$/);
	await app.press(KEY.ctrlS);
	await waitForCall(app, `compose-scale ${PROJECT} web 3`);
	for (const [key, verb] of [['S', 'start'], ['s', 'stop'], ['r', 'restart'], ['u', 'up']] as const) {
		await app.press(KEY.escape, key);
		await waitForCall(app, `compose-${verb} ${PROJECT} web`);
	}
});

test('a failure is told in the CLI’s own words', async () => {
	const app = await projects();
	app.ctx.engine.failures.set('compose-restart', 'ERROR: for worker  Cannot restart container: no such image');
	await app.press('r');
	const frame = await waitFor(app, /failed/);
	assert.match(frame, /ERROR: for worker {2}Cannot restart container: no such image/);
});

test('n brings a project up from a compose file: the file is checked, the name defaults to its folder’s', async () => {
	const folder = await mkdtemp(path.join(tmpdir(), 'berth-new-'));
	try {
		const file = path.join(folder, 'compose.yaml');
		await writeFile(file, 'services: {}\n');
		const app = await projects();
		await app.press('n');
		await waitFor(app, 'Bring up a compose project (detached)');
		await app.press(path.join(folder, 'nope.yaml'));
		await waitFor(app, 'nope.yaml does not exist');
		await app.press(KEY.ctrlU, file);
		assert.match(formPreview(app), new RegExp(`-p ${path.basename(folder).toLowerCase()} --project-directory ${folder} -f ${file} up -d$`));
		await app.press(KEY.tab, 'notes');
		assert.match(formPreview(app), /-p notes /);
		await app.press(KEY.ctrlS);
		await waitForCall(app, 'compose-up notes');
		assert.equal(app.ctx.view.get().selected.projects, projectKey('notes'), 'the cursor waits for the new project');
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
});

test('c folds a project’s services away and back', async () => {
	const app = await projects();
	await app.press('c');
	let frame = await waitFor(app, '▸ berth-fixture-blog');
	assert.doesNotMatch(frame, /├ web/);
	await app.press('c');
	frame = await waitFor(app, '├ web');
	assert.match(frame, /▾ berth-fixture-blog/);
});

for (const [columns, rows] of SIZES) {
	test(`without a compose CLI the pane still groups by labels and every action says what is needed (${columns}x${rows})`, async () => {
		const app = await projects(columns, rows, ctx => {
			prepare(ctx);
			ctx.engine.compose = undefined;
		});
		let frame = await waitFor(app, 'unknown: no compose CLI');
		assert.match(rowWith(frame, PROJECT), /running\(3\)/);
		assert.match(frame, /No compose CLI found/);
		await app.press('u');
		frame = await waitFor(app, /No compose CLI found/);
		assert.equal(app.ctx.model.get().notice?.text.includes(composeMissingMessage()), true, app.ctx.model.get().notice?.text);
		await select(app, '├ web');
		await app.press('x');
		assert.equal(app.ctx.view.get().dialog, undefined, 'no form when it could only fail');
		assert.match(app.ctx.model.get().notice?.text ?? '', /docker-compose/);
		assertFits(app.raw(), columns, rows);
	});
}
