// The system prune: a form of what should go, a confirm that lists it kind by kind, and the
// prunes in docker's order, through the keys a user presses.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {pruneChoice, pruneCommand} from '../../source/actions/system.js';
import type {ContainerSummary, ImageSummary, PrunableNetwork, VolumeSummary} from '../../source/engine/types.js';
import type {Dialog} from '../../source/store/view-store.js';
import {recorded} from '../support/fake-engine.js';
import {testContext, type TestContext} from '../support/context.js';
import {settle, press, form} from '../support/keys.js';

type ConfirmDialog = Extract<Dialog, {kind: 'confirm'}>;

function confirm(ctx: TestContext): ConfirmDialog {
	const dialog = ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'confirm', `a confirm is open (got ${dialog?.kind ?? 'nothing'})`);
	return dialog as ConfirmDialog;
}

/** Sets a toggle of the form with Tab and Space, as a user would. */
function toggle(ctx: TestContext, id: string, on: boolean): void {
	const target = form(ctx).fields.findIndex(field => field.id === id);
	assert.notEqual(target, -1, `the form has a ${id} field`);
	let guard = 0;
	while (form(ctx).index !== target) {
		press(ctx, 'tab');
		assert.ok(++guard < 20, `Tab never reaches ${id}`);
	}

	if ((form(ctx).fields[target]!.text === 'true') !== on) {
		press(ctx, 'space');
	}
}

const DAY = 86_400_000;
const dangling: ImageSummary = {id: `sha256:${'d'.repeat(64)}`, parentId: '', tags: [], digests: [], size: 3_000_000, created: Date.now() - DAY, containers: -1, labels: {}};
const oldApp: ImageSummary = {...dangling, id: `sha256:${'e'.repeat(64)}`, tags: ['team/old:1.0'], size: 7_000_000};
const network: PrunableNetwork = {
	id: 'n'.repeat(64),
	name: 'shop_backend',
	driver: 'bridge',
	scope: 'local',
	internal: false,
	attachable: false,
	ingress: false,
	ipv6: false,
	subnets: ['172.30.0.0/16'],
	gateways: [],
	created: Date.now() - DAY,
	labels: {},
	stoppedContainers: [],
} as unknown as PrunableNetwork;
const volume: VolumeSummary = {name: 'shop_cache', driver: 'local', mountpoint: '/var/lib/docker/volumes/shop_cache/_data', scope: 'local', labels: {}};

/** The system pane, with something of every kind to prune. */
function scene(): {ctx: TestContext; killed: ContainerSummary; onOld: ContainerSummary} {
	const data = recorded();
	const killed = data.containers.find(container => container.name === 'berth-killed')!;
	// A stopped container that is the only user of an image: with "all unused", the image goes too.
	const onOld: ContainerSummary = {...killed, id: 'f'.repeat(64), name: 'on-old', imageId: oldApp.id, image: 'team/old:1.0', status: 'Exited (0) 3 days ago'};
	data.containers = [...data.containers, onOld];
	data.images = [...data.images, dangling, oldApp];
	const ctx = testContext(data);
	ctx.engine.containersPruneCandidates = [killed, onOld];
	ctx.engine.networksPruneCandidates = [network];
	ctx.engine.volumesPruneCandidates = [volume];
	ctx.engine.pruneCandidates = [dangling];
	press(ctx, '6');
	assert.equal(ctx.view.get().pane, 'system');
	return {ctx, killed, onOld};
}

test('X in the system pane opens a form of toggles, on as docker system prune has them', () => {
	const {ctx} = scene();
	press(ctx, 'X');
	const dialog = form(ctx);
	assert.equal(dialog.actionId, 'system.prune');
	assert.deepEqual(
		dialog.fields.map(field => [field.id, field.kind, field.text]),
		[
			['containers', 'toggle', 'true'],
			['networks', 'toggle', 'true'],
			['images', 'toggle', 'true'],
			['all-images', 'toggle', 'false'],
			['build-cache', 'toggle', 'true'],
			['volumes', 'toggle', 'false'],
		],
	);
	assert.deepEqual(dialog.errors, {});
	assert.equal(dialog.preview, 'docker system prune');
	assert.deepEqual(ctx.engine.calls, []);
});

test('the defaults list stopped containers, unused networks, dangling images and the build cache; yes prunes them in docker’s order', async () => {
	const {ctx} = scene();
	press(ctx, 'X', 'ctrl+s');
	await settle();
	const dialog = confirm(ctx);
	assert.equal(dialog.actionId, 'system.prune.confirm');
	assert.equal(dialog.title, 'Remove 2 containers, 1 network, 1 image and 0B of build cache?');
	assert.deepEqual(dialog.lines, [
		'Stopped containers: 2',
		'  berth-killed  Exited (137) 2 seconds ago',
		'  on-old  Exited (0) 3 days ago',
		'Unused networks: 1',
		'  shop_backend  bridge',
		'Dangling images: 1',
		`  ${'d'.repeat(12)}  3MB`,
		'Build cache: 0B reclaimable',
	]);
	// Volumes were not chosen, so not asked about.
	assert.deepEqual(ctx.engine.calls, ['container-prune-list', 'network-prune-list', 'prune-list all=false', 'df']);
	ctx.engine.calls.length = 0;
	press(ctx, 'y');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, ['container-prune', 'network-prune', 'prune all=false', 'builder-prune']);
	assert.equal(ctx.model.get().notice?.level, 'info');
	assert.equal(ctx.model.get().notice?.text, 'system prune reclaimed 3MB: 2 containers (0B), 1 network, 1 image (3MB), build cache (0B)');
});

test('toggled off, a kind is neither listed nor pruned; all unused images and volumes are listed when chosen', async () => {
	const {ctx} = scene();
	press(ctx, 'X');
	toggle(ctx, 'containers', false);
	toggle(ctx, 'build-cache', false);
	toggle(ctx, 'all-images', true);
	toggle(ctx, 'volumes', true);
	assert.equal(form(ctx).preview, 'docker network prune; docker volume prune; docker image prune --all');
	press(ctx, 'ctrl+s');
	await settle();
	const dialog = confirm(ctx);
	assert.equal(dialog.title, 'Remove 1 network, 1 volume and 1 image?');
	assert.deepEqual(dialog.lines, ['Unused networks: 1', '  shop_backend  bridge', 'Unused volumes: 1', '  shop_cache', 'Unused images: 1', `  ${'d'.repeat(12)}  3MB`]);
	assert.deepEqual(ctx.engine.calls, ['network-prune-list', 'volume-prune-list', 'prune-list all=true']);
	ctx.engine.calls.length = 0;
	press(ctx, 'enter');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['network-prune', 'volume-prune', 'prune all=true']);
	assert.equal(ctx.model.get().notice?.text, 'system prune reclaimed 3MB: 1 network, 1 volume (0B), 1 image (3MB)');
});

test('with containers and all unused images, an image only pruned containers use is listed as going after them', async () => {
	const {ctx} = scene();
	press(ctx, 'X');
	toggle(ctx, 'all-images', true);
	assert.equal(form(ctx).preview, 'docker system prune --all');
	press(ctx, 'ctrl+s');
	await settle();
	const dialog = confirm(ctx);
	assert.equal(dialog.title, 'Remove 2 containers, 1 network, 2 images and 0B of build cache?');
	assert.ok(dialog.lines?.includes('Unused images: 2'), dialog.lines?.join('\n'));
	assert.ok(dialog.lines?.includes('  team/old:1.0  7MB  (once its containers go)'), dialog.lines?.join('\n'));
	// The busybox image is used by running containers: it stays.
	assert.ok(!dialog.lines?.some(line => line.includes('busybox')), dialog.lines?.join('\n'));
});

test('all kinds off is a field error: nothing is listed or pruned', async () => {
	const {ctx} = scene();
	press(ctx, 'X');
	for (const id of ['containers', 'networks', 'images', 'build-cache']) {
		toggle(ctx, id, false);
	}

	assert.equal(form(ctx).errors['containers'], 'containers: choose at least one kind of thing to prune');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).index, 0);
	assert.deepEqual(ctx.engine.calls, []);
	// "all unused images" alone implies images.
	toggle(ctx, 'all-images', true);
	assert.deepEqual(form(ctx).errors, {});
	assert.equal(form(ctx).preview, 'docker image prune --all');
});

test('n at the confirm prunes nothing; nothing to prune is said without a confirm', async () => {
	const {ctx} = scene();
	press(ctx, 'X', 'ctrl+s');
	await settle();
	confirm(ctx);
	press(ctx, 'n');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.ok(!ctx.engine.calls.some(call => !call.endsWith('-list') && !call.startsWith('prune-list') && call !== 'df'), ctx.engine.calls.join(', '));

	ctx.engine.containersPruneCandidates = [];
	ctx.engine.networksPruneCandidates = [];
	ctx.engine.pruneCandidates = [];
	press(ctx, 'X', 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.equal(ctx.model.get().notice?.text, 'nothing to prune of the kinds chosen');
});

test('a failed listing stays in the form as the refusal; a failed prune is said and the others still run', async () => {
	const {ctx} = scene();
	ctx.engine.failures.set('network-prune-list', 'Cannot connect to the Docker daemon');
	press(ctx, 'X', 'ctrl+s');
	await settle();
	assert.equal(form(ctx).refusal, 'Cannot connect to the Docker daemon');
	ctx.engine.failures.delete('network-prune-list');
	ctx.engine.failures.set('network-prune', 'a prune operation is already running');
	press(ctx, 'ctrl+s');
	await settle();
	confirm(ctx);
	ctx.engine.calls.length = 0;
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['container-prune', 'network-prune', 'prune all=false', 'builder-prune']);
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.equal(ctx.model.get().notice?.text, 'system prune reclaimed 3MB: 2 containers (0B), 1 image (3MB), build cache (0B); failed: networks: a prune operation is already running');
});

test('the command a choice stands for', () => {
	const all = {containers: 'true', networks: 'true', images: 'true', 'build-cache': 'true'};
	assert.equal(pruneCommand(pruneChoice(all)), 'docker system prune');
	assert.equal(pruneCommand(pruneChoice({...all, volumes: 'true', 'all-images': 'true'})), 'docker system prune --all --volumes');
	assert.equal(pruneCommand(pruneChoice({containers: 'true', 'build-cache': 'true'})), 'docker container prune; docker builder prune');
	assert.deepEqual([...pruneChoice({'all-images': 'true'}).kinds], ['images']);
});
