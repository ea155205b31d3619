import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import type {VolumeSummary, VolumeUsage} from '../../source/engine/types.js';
import {recorded} from '../support/fake-engine.js';
import {testContext} from '../support/context.js';
import {renderApp as renderWith, unmountAll, type Rendered, SIZES, assertFits, lineWith, listPart, waitFor} from '../support/render.js';

afterEach(unmountAll);

// Colour is what marks a wrong field, so it is asked for before Ink (and chalk) are loaded:
// without a terminal, they would leave it out.
process.env['FORCE_COLOR'] = '1';
const {VOLUME_TABLE} = await import('../../source/ui/panes/object-columns.js');

const KEY = {down: '\u001B[B', enter: '\r', escape: '\u001B', tab: '\t'};

/** A volume no container mounts: the dangling kind, what a prune removes. */
const scratch: VolumeSummary = {name: 'scratch-1', driver: 'local', mountpoint: '/var/lib/docker/volumes/scratch-1/_data', scope: 'local', created: Date.now() - 3 * 3_600_000, labels: {}};
const DB = 'berth-fixture-shop_db-data';
const SHOP = 'berth-fixture-shop_default';

async function renderApp(columns: number, rows: number): Promise<Rendered> {
	const data = recorded();
	data.volumes = [...data.volumes, scratch];
	return renderWith(data, columns, rows);
}

/** The list row that shows `text` (the main area's title may name it too). */
function rowWith(frame: string, text: string | RegExp): string {
	const row = frame
		.split('\n')
		.map(line => listPart(line))
		.find(line => (typeof text === 'string' ? line.includes(text) : text.test(line)) && !line.startsWith('─'));
	assert.ok(row !== undefined, `no row with ${String(text)} in\n${frame}`);
	return row;
}

for (const [columns, rows] of SIZES) {
	const size = `${columns}x${rows}`;

	test(`the volumes pane: its columns, the dangling glyph, and the recorded db volume used by one container (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('3');
		const frame = await waitFor(app, 'scratch-1');
		assert.match(frame, /NAME\s+DRIVER\s+SCOPE\s+USED BY\s+SIZE\s+CREATED/);
		const db = rowWith(frame, DB);
		assert.match(db, new RegExp(`^›\\s+${DB}\\s+local\\s+local\\s+1\\s`), `used by one container, and not dangling: ${db}`);
		assert.doesNotMatch(db, /◌/);
		const dangling = rowWith(frame, 'scratch-1');
		assert.match(dangling, /^ {2}◌ scratch-1\s+local\s+local\s+0\s/, `no container mounts it: ${dangling}`);
		assert.match(dangling, /\s3h\s/, 'created three hours ago');
		assert.match(frame, /3 Volumes · 2/);
		assertFits(app.raw(), columns, rows);
	});

	test(`the volume Inspect tab shows the containers using it and where it is mounted (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('3');
		const frame = await waitFor(app, 'Used by');
		assert.match(frame, /Inspect │ berth-fixture-shop_db-data/);
		assert.match(lineWith(frame, 'berth-shop-db-1 (running)'), /berth-shop-db-1 \(running\) at \/var\/lib\/db/);
		assert.match(lineWith(frame, 'mountpoint'), /mountpoint\s+\/var\/lib\/docker\/volumes\/berth-fixture-shop_db/);
		assert.match(lineWith(frame, ' driver '), /driver\s+local/);
		assert.ok(app.ctx.engine.calls.includes(`volume-inspect ${DB}`));
		assertFits(app.raw(), columns, rows);
	});

	test(`the networks pane: subnets, gateways and the containers attached (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('4');
		let frame = await waitFor(app, SHOP);
		assert.match(frame, /NAME\s+DRIVER\s+SCOPE\s+SUBNET\s+GATEWAY/);
		assert.match(rowWith(frame, SHOP), /bridge\s+local\s+192\.168\.208\.0\/20\s+192\.168\.208\.1/);
		const bridge = rowWith(frame, /^ {4}bridge /);
		assert.match(bridge, /172\.17\.0\.0\/16/, bridge);
		assertFits(app.raw(), columns, rows);
		if (columns < 120) {
			// The count is among the first columns to give way; 80 columns never have room for it.
			return;
		}

		assert.match(frame, /SUBNET\s+GATEWAY.*CONTAINERS/);
		assert.match(rowWith(frame, SHOP), /\s2\s*$/, 'two containers on the shop network');
		assert.match(rowWith(frame, /^ {4}bridge /), /\s6\s*$/, 'six containers on the default bridge');
		assert.match(rowWith(frame, /^ {4}host /), /\s0\s*$/);
	});

	test(`the network Inspect tab lists attached containers with IPv4 and MAC, and the IPAM (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('4');
		let frame = await waitFor(app, 'Containers\n');
		assert.match(frame, new RegExp(`Inspect │ ${SHOP}`));
		// A small screen scrolls the tab (focused with Enter) until the IPAM shows.
		let guard = 0;
		while (!frame.includes('subnet 192.168.208.0/20')) {
			await app.press(guard === 0 ? KEY.enter : 'j');
			frame = app.frame();
			assert.ok(++guard < 30, `the IPAM never shows:\n${frame}`);
		}

		assert.match(lineWith(frame, 'berth-shop-db-1  IPv4'), /berth-shop-db-1 {2}IPv4 192\.168\.208\.3 {2}MAC 02:42:c0:a8:d0:03/);
		assert.match(lineWith(frame, 'berth-shop-web-1  IPv4'), /berth-shop-web-1 {2}IPv4 192\.168\.208\.2 {2}MAC 02:42:c0:a8:d0:02/);
		assert.match(frame, /IPAM \(driver default\)/);
		assert.match(lineWith(frame, 'subnet 192.168.208.0/20'), /subnet 192\.168\.208\.0\/20 {2}gateway 192\.168\.208\.1/);
		assert.ok(app.ctx.engine.calls.some(call => call.startsWith('network-inspect ')));
		assertFits(app.raw(), columns, rows);
	});

	test(`the create-network form shows a wrong subnet in red under its field, and its docker line once right (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('4', 'n');
		await waitFor(app, 'Create a network');
		await app.press('net-a', KEY.tab, KEY.tab, '10.1.2');
		let frame = await waitFor(app, '↳ subnet:');
		assert.match(lineWith(frame, '↳ subnet:'), /↳ subnet: 10\.1\.2 has no prefix length/);
		const red = app.raw().split('\n').find(line => line.includes('↳ subnet:')) ?? '';
		assert.match(red, /\u001B\[31m[^\u001B]*↳ subnet:/, `the message is red: ${JSON.stringify(red)}`);
		assert.match(lineWith(frame, '›subnet'), /›subnet\s+10\.1\.2/);
		assertFits(app.raw(), columns, rows);

		await app.press('.0/24');
		frame = await waitFor(app, 'docker network create');
		assert.doesNotMatch(frame, /↳/);
		assert.match(frame, /docker network create --subnet 10\.1\.2\.0\/24 net-a/);
		// Back in the subnet: the bridge network's pool is taken.
		await app.press('\u0015', '172.17.0.0/16');
		frame = await waitFor(app, '↳ subnet: 172.17.0.0/16 overlaps network bridge');
		assertFits(app.raw(), columns, rows);
		await app.press(KEY.escape);
		assert.deepEqual(app.ctx.engine.calls.filter(call => call.startsWith('network-create')), [], 'nothing was created');
	});
}

test('volume sizes, once the engine’s disk usage is loaded, are the SIZE column’s cells', () => {
	const ctx = testContext(recorded());
	const [db] = ctx.model.get().volumes;
	const usage = new Map<string, VolumeUsage>([[DB, {size: 12_345_678, refCount: 1}]]);
	const cells = VOLUME_TABLE.cells(db!, Date.now(), ctx.model.get(), usage);
	const at = VOLUME_TABLE.columns.findIndex(column => column.title === 'SIZE');
	assert.equal(cells[at], '12.35MB');
	assert.equal(VOLUME_TABLE.cells(db!, Date.now(), ctx.model.get(), new Map([[DB, {size: -1, refCount: -1}]]))[at], 'n/a');
});
