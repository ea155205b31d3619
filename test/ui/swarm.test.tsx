// The swarm panes on a two-node swarm recorded by scripts/record-swarm-fixtures.ts (a manager and a
// worker labelled zone=east; web scaled to 2 on port 8080, a global agent, a broken service whose
// task failed, a stack `shop`, a secret and a config). Actions are checked by the calls the fake
// engine records; the engine side is exercised in test/engine/swarm.test.ts and test/e2e/swarm.test.ts.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import type {SwarmStatus} from '../../source/engine/types.js';
import {startSync} from '../../source/store/sync.js';
import {fixture, recorded, type RecordedSwarm} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {assertFits, listPart, renderApp, SIZES, unmountAll, waitFor, type Rendered} from '../support/render.js';

const syncs: Array<{stop(): void}> = [];
afterEach(() => {
	unmountAll();
	for (const sync of syncs.splice(0)) {
		sync.stop();
	}
});

const KEY = {enter: '\r', escape: '\u001B', tab: '\t', ctrlS: '\u0013', ctrlU: '\u0015', backspace: '\u007F'};
const swarmData = fixture<RecordedSwarm>('swarm.json');
const workerStatus = fixture<SwarmStatus>('swarm-worker-status.json');
const worker = swarmData.nodes.find(node => node.role === 'worker')!;
const web = swarmData.services.find(service => service.name === 'web')!;

function manager(ctx: TestContext): void {
	ctx.engine.swarm = swarmData;
}

/** The app kept in step with the fake engine as berth's sync keeps it: listings, then events. */
async function syncedApp(columns: number, rows: number, setup: (ctx: TestContext) => void): Promise<Rendered> {
	return renderApp(recorded(), columns, rows, ctx => {
		setup(ctx);
		syncs.push(startSync(ctx.engine, ctx.model, {listDebounceMs: 10}));
	});
}

async function swarmApp(pane: string, columns = 160, rows = 45, setup: (ctx: TestContext) => void = manager): Promise<Rendered> {
	const app = await syncedApp(columns, rows, setup);
	await waitFor(app, /Containers/);
	await app.press(pane);
	return app;
}

function rowWith(frame: string, text: string): string {
	const row = frame
		.split('\n')
		.map(line => listPart(line))
		.find(line => line.includes(text) && !line.startsWith('─'));
	assert.ok(row !== undefined, `no row with ${text} in\n${frame}`);
	return row;
}

async function select(app: Rendered, text: string): Promise<void> {
	for (let guard = 0; guard < 20 && !/^›/.test(rowWith(app.frame(), text)); guard++) {
		await app.press('j');
	}

	assert.match(rowWith(app.frame(), text), /^›/, `the cursor reaches ${text}`);
}

async function waitForCall(app: Rendered, call: string): Promise<void> {
	const started = Date.now();
	while (!app.ctx.engine.calls.includes(call) && Date.now() - started < 2000) {
		await new Promise(resolve => setTimeout(resolve, 10));
	}

	assert.ok(app.ctx.engine.calls.includes(call), `${call} in ${app.ctx.engine.calls.join(', ')}`);
}

test('an engine in no swarm: the swarm panes are not offered, and asked for, one says why', async () => {
	const app = await syncedApp(160, 45, () => undefined);
	let frame = await waitFor(app, /Containers/);
	assert.doesNotMatch(frame, /Nodes|Stacks|Secrets/);
	assert.ok(!app.ctx.engine.calls.includes('node-ls'), 'nothing is listed');
	await app.press('8');
	frame = await waitFor(app, 'this engine is not in a swarm');
	assert.match(frame, /8 Nodes · no swarm/);
});

test('a worker says it is one, naming its manager; podman says it has no swarm', async () => {
	const app = await swarmApp('8', 160, 45, ctx => {
		ctx.engine.swarm = {...swarmData, status: workerStatus};
	});
	await waitFor(app, 'this engine is a swarm worker (node 10.199.30.2); its manager is 10.199.30.1:2377');
	assert.ok(!app.ctx.engine.calls.includes('node-ls'), 'a worker lists nothing');
	app.unmount();

	const podman = await swarmApp('8', 160, 45, ctx => {
		ctx.engine.swarm = swarmData;
		const version = ctx.engine.version.bind(ctx.engine);
		ctx.engine.version = async () => ({...(await version()), kind: 'podman' as const});
	});
	await waitFor(podman, 'podman has no swarm mode');
	assert.ok(!podman.ctx.engine.calls.includes('swarm-status'), 'podman is not asked');
});

test('nodes: role, availability, status, leader, tasks, address and labels; the node’s tasks', async () => {
	const app = await swarmApp('8');
	const frame = await waitFor(app, 'zone=east');
	assert.match(frame, /8 Nodes · 2\/2 ready/);
	assert.match(rowWith(frame, '10.199.30.1'), /manager\s+active\s+ready\s+leader\s+2\s+20\.10\.24\S*\s+10\.199\.30\.1/);
	assert.match(rowWith(frame, '10.199.30.2'), /worker\s+active\s+ready\s+3\s+\S+\s+10\.199\.30\.2\s+zone=east/);
	await select(app, '10.199.30.2');
	await waitFor(app, /CURRENT STATE/);
	await waitForCall(app, `task-ls ${worker.id}`);
});

test('node actions: drain, promote, label, and remove asks first with force', async () => {
	const app = await swarmApp('8');
	await waitFor(app, 'zone=east');
	await select(app, '10.199.30.2');
	await app.press('D');
	await waitForCall(app, `node-availability ${worker.id} drain`);
	await app.press('P');
	await waitForCall(app, `node-role ${worker.id} manager`);
	await app.press('l');
	await waitFor(app, 'Add a label to node');
	await app.press('bad key=1');
	let frame = await waitFor(app, 'label: bad key is not a label key');
	await app.press(KEY.ctrlU, 'rack=r2', KEY.ctrlS);
	await waitForCall(app, `node-label-add ${worker.id} rack=r2`);
	await app.press('L');
	await waitFor(app, 'Remove which label');
	await app.press(KEY.enter);
	await waitForCall(app, `node-label-rm ${worker.id} zone`);
	await app.press('d');
	frame = await waitFor(app, 'from the swarm?');
	assert.match(frame, /drain it and have it leave first, or force/);
	await app.press('f', 'y');
	await waitForCall(app, `node-rm ${worker.id} force=true`);
});

test('services: mode, replicas, image and ports; a failed task’s error in full; logs by task and node', async () => {
	const app = await swarmApp('9');
	let frame = await waitFor(app, '*:8080→80/tcp');
	assert.match(rowWith(frame, 'web'), /web\s+replicated 2\s+2\/2\s+berth-test\/busybox\s+\*:8080→80\/tcp/);
	assert.match(rowWith(frame, 'agent'), /agent\s+global\s+2\/2/);
	assert.match(rowWith(frame, 'broken'), /broken\s+replicated 1\s+0\/1/);
	await select(app, 'broken');
	frame = await waitFor(app, '↳ task: non-zero exit (3)');
	assert.match(frame, /broken\.1/);
	await select(app, 'web');
	await app.press(']');
	frame = await waitFor(app, /web\.\d@vm\s+│ tick \d+ from/);
	assert.ok(app.ctx.engine.calls.includes(`service-logs ${web.id}`));
	await app.press(']');
	frame = await waitFor(app, 'COLOUR=blue');
	assert.ok(app.ctx.engine.calls.includes(`service-logs-stop ${web.id}`), 'the logs stop when their tab goes');
});

test('service actions: scale validated, update filled from the service, rollback, restart, remove asks, create checks its form', async () => {
	const app = await swarmApp('9');
	await waitFor(app, '*:8080→80/tcp');
	await select(app, 'web');
	await app.press('s');
	await waitFor(app, 'Replicas for web');
	await app.press(KEY.backspace, 'x', KEY.enter);
	await waitFor(app, 'replicas: x is not a number of replicas (0 to 1000)');
	await app.press(KEY.backspace, '3', KEY.enter);
	await waitForCall(app, `service-scale ${web.id} 3`);

	await app.press('u');
	let frame = await waitFor(app, 'Update service web');
	assert.match(frame, /COLOUR=blue/);
	await app.press(KEY.ctrlU, 'berth-test/busybox:second', KEY.ctrlS);
	await waitForCall(app, `service-update ${web.id} berth-test/busybox:second COLOUR=blue`);
	await app.press('R');
	await waitForCall(app, `service-rollback ${web.id}`);
	await app.press('r');
	await waitForCall(app, `service-restart ${web.id}`);
	await app.press('d');
	await waitFor(app, 'Remove service web? 2 running tasks stop.');
	await app.press(KEY.escape);
	assert.ok(!app.ctx.engine.calls.includes(`service-rm ${web.id}`));

	await app.press('n');
	await waitFor(app, 'Create a swarm service');
	await app.press('api', KEY.tab, 'berth-test/busybox', KEY.tab, KEY.tab, KEY.tab, KEY.ctrlU, '2', KEY.tab, '8081:80');
	const dialog = app.ctx.view.get().dialog;
	assert.ok(dialog?.kind === 'form');
	assert.equal(dialog.preview, 'docker service create --name api --replicas 2 --publish 8081:80 --no-resolve-image berth-test/busybox');
	await app.press(KEY.tab, KEY.tab, KEY.tab, KEY.tab, 'node.colour==red');
	frame = await waitFor(app, 'node.colour is not something to place by');
	await app.press(KEY.ctrlU, 'node.role==worker', KEY.ctrlS);
	await waitForCall(app, 'service-create {"name":"api","image":"berth-test/busybox","mode":"replicated","replicas":2,"ports":[{"published":8081,"target":80,"protocol":"tcp"}],"env":[],"mounts":[],"networks":[],"constraints":["node.role==worker"],"restartCondition":"any","updateParallelism":1,"updateDelay":0,"labels":{}}');
});

test('stacks: services per stack with replicas; remove lists what goes, then asks', async () => {
	const app = await swarmApp('0');
	let frame = await waitFor(app, 'shop_api, shop_cache');
	assert.match(rowWith(frame, 'shop'), /shop\s+2\s+1\/3/);
	assert.match(frame, /shop_api\s+replicated 2\s+0\/2/);
	await app.press('d');
	frame = await waitFor(app, 'Remove stack shop? These go:');
	assert.match(frame, /service shop_api/);
	assert.match(frame, /service shop_cache/);
	await app.press('y');
	await waitForCall(app, 'stack-rm shop');
});

test('secrets and configs: listed with their kind; a secret typed is never shown; remove asks', async () => {
	const app = await swarmApp(':');
	await app.press('secrets', KEY.enter);
	let frame = await waitFor(app, 'site.conf');
	assert.match(rowWith(frame, 'db-password'), /db-password\s+secret/);
	assert.match(rowWith(frame, 'site.conf'), /site\.conf\s+config/);
	assert.match(frame, /A secret’s value is not shown/);
	await app.press('n');
	await waitFor(app, 'Create a secret');
	await app.press('api-key', KEY.tab, KEY.tab, 'hunter2');
	frame = app.frame();
	assert.doesNotMatch(frame, /hunter2/);
	await app.press(KEY.ctrlS);
	await waitForCall(app, 'secret-create api-key value');
	await select(app, 'site.conf');
	await app.press('d');
	await waitFor(app, 'Remove site.conf?');
	await app.press('y');
	await waitForCall(app, `config-rm ${swarmData.configs[0]!.id}`);
});

test('live: a service event lists the services again; the panes fit at both sizes', async () => {
	for (const [columns, rows] of SIZES) {
		const app = await swarmApp('9', columns, rows);
		await waitFor(app, 'shop_cache');
		const listed = app.ctx.engine.calls.filter(call => call === 'service-ls').length;
		app.ctx.engine.eventHandlers?.onEvent({type: 'service', action: 'update', id: web.id, attributes: {name: 'web'}, time: Date.now()});
		const started = Date.now();
		while (app.ctx.engine.calls.filter(call => call === 'service-ls').length === listed && Date.now() - started < 2000) {
			await new Promise(resolve => setTimeout(resolve, 10));
		}

		assert.ok(app.ctx.engine.calls.filter(call => call === 'service-ls').length > listed, 'listed again');
		for (const [pane, title] of [
			['8', '8 Nodes'],
			['9', '9 Services'],
			['0', '0 Stacks'],
		] as const) {
			await app.press(pane);
			// However narrow, the pane shown is named (the others keep their number).
			assert.match(app.frame(), new RegExp(title));
			assertFits(app.frame(), columns, rows);
		}

		app.unmount();
	}
});
