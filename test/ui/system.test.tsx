// The System pane (Info, Disk usage, Events) and the container Diff tab, drawn from recorded engine
// data at a large and a small terminal size, through the keys a user presses.
import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import type {ContainerDetails, DiskUsage, EngineEvent, FileChange, SystemInfo} from '../../source/engine/types.js';
import {formatSize} from '../../source/format/index.js';
import {fixture, recorded} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {renderApp as renderWith, unmountAll, type Rendered, tick, SIZES, assertFits, lineWith, waitFor} from '../support/render.js';

afterEach(unmountAll);

const KEY = {enter: '\r', escape: '\u001B', ctrlS: '\u0013'};

async function renderApp(columns: number, rows: number, prepare?: (ctx: TestContext) => void): Promise<Rendered> {
	return renderWith(recorded(), columns, rows, prepare);
}

/** Waits until the frame no longer shows `text`. */
async function waitGone(app: Rendered, text: string, limitMs = 2000): Promise<string> {
	const started = Date.now();
	while (app.frame().includes(text) && Date.now() - started < limitMs) {
		await tick(10);
	}

	assert.ok(!app.frame().includes(text), `${text} still shown in\n${app.frame()}`);
	return app.frame();
}

const info = fixture<SystemInfo>('system-info.json');
const usage = fixture<DiskUsage>('disk-usage.json');

/** Events shaped as the engine layer makes them (see engine/events.ts), a few seconds apart. */
function event(type: EngineEvent['type'], action: string, id: string, attributes: Record<string, string>, secondsAgo: number): EngineEvent {
	return {type, action, id, attributes, time: Date.UTC(2026, 0, 2, 10, 0, 0) - secondsAgo * 1000};
}

const killedId = '07f5c5844a64'.padEnd(64, '0');
const die = event('container', 'die', killedId, {name: 'berth-killed', image: 'berth-test/busybox', exitCode: '137', 'com.docker.compose.project': 'shop'}, 3);
const pull = event('image', 'tag', 'sha256:a2a337d375b45e76ffc2792d012b9cb22ac38570f4c5c033d28b1cf8a4546b40', {name: 'berth-test/busybox:latest'}, 2);
const start = event('container', 'start', killedId, {name: 'berth-killed', image: 'berth-test/busybox'}, 1);

for (const [columns, rows] of SIZES) {
	const size = `${columns}x${rows}`;

	test(`the System pane's Info tab shows the engine as docker info does (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('6', KEY.enter);
		assert.equal(app.ctx.view.get().pane, 'system');
		assert.equal(app.ctx.view.get().focus, 'main');
		let frame = await waitFor(app, info.engineVersion);
		assert.match(lineWith(frame, info.engineVersion), new RegExp(`version\\s+${info.engineVersion.replaceAll('.', '\\.').replace('+', '\\+')}`));
		assert.match(lineWith(frame, 'CPUs'), new RegExp(`CPUs\\s+${info.cpus}$`));
		assertFits(frame, columns, rows);
		// A small screen shows the rest further down.
		for (let step = 0; step < 20 && !app.frame().includes('cgroup'); step++) {
			await app.press('j');
		}

		frame = app.frame();
		assert.match(lineWith(frame, 'storage'), /storage\s+overlay2, Backing Filesystem: extfs/);
		assert.match(lineWith(frame, 'cgroup'), /cgroup\s+cgroupfs, version 1/);
		assert.ok(app.ctx.engine.calls.includes('info'));
		assertFits(frame, columns, rows);
	});

	test(`the Disk usage tab shows docker system df's table (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('6', KEY.enter, ']');
		assert.equal(app.ctx.view.get().tab.system, 'disk');
		if (rows < 45) {
			// The table needs more rows than the main area has beside the list: full screen gives them.
			await app.press('f');
		}

		const frame = await waitFor(app, 'RECLAIMABLE');
		assert.match(lineWith(frame, 'RECLAIMABLE'), /TYPE\s+│\s*TOTAL\s+│\s*ACTIVE\s+│\s*SIZE\s+│\s*RECLAIMABLE/);
		for (const line of usage.summary) {
			const row = lineWith(frame, `│ ${line.title} `);
			assert.match(row, new RegExp(`│ ${line.title}\\s+│ ${line.total}\\s+│ ${line.active}\\s+│`), row);
		}

		assert.match(lineWith(frame, '│ Images '), new RegExp(`${formatSize(usage.summary[0]!.size).replace('.', '\\.')}\\s+│ 0B \\(0%\\)`));
		assert.ok(app.ctx.engine.calls.includes('df'));
		assertFits(frame, columns, rows);
	});

	test(`the Events tab shows the engine's events newest first; p pauses, / filters by type (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('6', KEY.enter, ']', ']');
		assert.equal(app.ctx.view.get().tab.system, 'events');
		await waitFor(app, 'no events yet');
		app.ctx.events.record(die);
		app.ctx.events.record(pull);
		let frame = await waitFor(app, ' die ');
		// The line is cut at the screen's width: on a narrow one the exit code is past the edge.
		const dieLine = /09:59:57\s+container\s+die\s+berth-killed\s+image=berth-test\/busybox exitCode=137/;
		assert.match(lineWith(frame, ' die '), columns >= 100 ? dieLine : /09:59:57\s+container\s+die\s+berth-killed\s+image=berth-test/);
		assert.match(lineWith(frame, ' tag '), /image\s+tag\s+berth-test\/busybox:latest/);
		const lines = frame.split('\n');
		assert.ok(lines.findIndex(line => line.includes(' tag ')) < lines.findIndex(line => line.includes(' die ')), 'newest first');
		assert.match(frame, /live · 2 of 2 kept \(2 seen\)/);
		assertFits(frame, columns, rows);

		// Paused, newer events wait off screen until resumed.
		await app.press('p');
		assert.notEqual(app.ctx.view.get().events.pausedAt, undefined);
		app.ctx.events.record(start);
		frame = await waitFor(app, 'paused (1 newer waiting; p resumes)');
		assert.ok(!frame.includes(' start '), 'the newer event waits');
		assertFits(frame, columns, rows);
		await app.press('p');
		frame = await waitFor(app, / start\s/);
		assert.match(frame, /live · 3 of 3 kept \(3 seen\)/);

		// The filter applies as typed; type:container keeps container events only.
		await app.press('/', ...'type:container');
		assert.equal(app.ctx.view.get().events.filter, 'type:container');
		frame = await waitGone(app, ' tag ');
		assert.match(frame, /2 of 3 kept \(3 seen\) · filter "type:container"/);
		assert.ok(frame.includes(' die '));
		assertFits(frame, columns, rows);
		await app.press(KEY.enter);
		assert.equal(app.ctx.view.get().input, undefined);
		assert.equal(app.ctx.view.get().events.filter, 'type:container', 'Enter keeps the filter');
		await app.press('/', KEY.escape);
		await waitFor(app, ' tag ');
	});

	test(`the container Diff tab shows A, C and D lines, and / filters them (${size})`, async () => {
		const changes = fixture<FileChange[]>('container-diff.json');
		const app = await renderApp(columns, rows, ctx => {
			const db = [...ctx.model.get().containers.values()].find(container => container.name === 'berth-shop-db-1')!;
			ctx.view.change(state => ({...state, selected: {...state.selected, containers: db.id}}));
		});
		await app.press(KEY.enter, ']', ']', ']', ']');
		assert.equal(app.ctx.view.get().tab.containers, 'diff');
		let frame = await waitFor(app, '3 added, 2 changed, 1 deleted'.replace('3 added', `${changes.filter(change => change.kind === 'A').length} added`));
		for (const line of ['C /etc', 'A /etc/motd', 'D /bin/yes']) {
			assert.ok(frame.includes(line), `${line} missing from\n${frame}`);
		}

		assert.ok(app.ctx.engine.calls.some(call => call.startsWith('diff ')));
		assertFits(frame, columns, rows);
		await app.press('/', 'D');
		frame = await waitGone(app, 'A /etc/motd');
		assert.match(frame, /filter "D": 1 shown/);
		assert.ok(frame.includes('D /bin/yes'));
		assert.ok(!frame.includes('C /etc'));
		assertFits(frame, columns, rows);
		await app.press(KEY.escape);
		await waitFor(app, 'A /etc/motd');
	});

	test(`the container Inspect tab lists the ports as docker port prints them (${size})`, async () => {
		const app = await renderApp(columns, rows, ctx => {
			const web = [...ctx.model.get().containers.values()].find(container => container.name === 'berth-shop-web-1')!;
			const details = fixture<ContainerDetails>('inspect-shop-web-1.json');
			ctx.engine.details.set(web.id, {...details, ports: [...details.ports, {containerPort: '9000/tcp', host: []}]});
			ctx.view.change(state => ({...state, selected: {...state.selected, containers: web.id}}));
		});
		await app.press(KEY.enter, ']', ']');
		assert.equal(app.ctx.view.get().tab.containers, 'inspect');
		await waitFor(app, 'Container');
		// The ports are below the state on a small screen: scroll until they show.
		for (let step = 0; step < 40 && !app.frame().includes('9000/tcp'); step++) {
			await app.press('j');
		}

		const frame = app.frame();
		assert.match(lineWith(frame, '80/tcp'), /80\/tcp -> 127\.0\.0\.1:32778/);
		assert.match(lineWith(frame, '9000/tcp'), /9000\/tcp \(not published\)/);
		assertFits(frame, columns, rows);
	});

	test(`the system prune form and its confirm fit the screen (${size})`, async () => {
		const app = await renderApp(columns, rows, ctx => {
			ctx.engine.containersPruneCandidates = ctx.engine.data.containers.filter(container => container.state === 'exited');
		});
		await app.press('6', 'X');
		let frame = await waitFor(app, 'unused images');
		assert.ok(frame.includes('docker system prune'), frame);
		assertFits(frame, columns, rows);
		await app.press(KEY.ctrlS);
		frame = await waitFor(app, 'Stopped containers: 1');
		assert.ok(frame.includes('berth-killed'), frame);
		assert.ok(frame.includes('Build cache: 0B reclaimable'), frame);
		assertFits(frame, columns, rows);
		await app.press('n');
		await waitGone(app, 'Stopped containers: 1');
		assert.ok(!app.ctx.engine.calls.includes('container-prune'));
	});
}
