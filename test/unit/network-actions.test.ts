import {test} from 'node:test';
import assert from 'node:assert/strict';
import {NetworkFormError} from '../../source/engine/networks.js';
import type {NetworkCreateOptions, NetworkSummary, PrunableNetwork} from '../../source/engine/types.js';
import {shownChoices} from '../../source/store/view-store.js';
import {recorded} from '../support/fake-engine.js';
import {testContext, type TestContext} from '../support/context.js';
import {settle, press, type, dialogOf, form, goTo} from '../support/keys.js';

/** Empties the field with Ctrl-U and types `text` into it (a toggle is flipped to `text`). */
function fill(ctx: TestContext, id: string, text: string): void {
	goTo(ctx, id);
	const field = form(ctx).fields[form(ctx).index]!;
	if (field.kind === 'toggle') {
		if (field.text !== text) {
			press(ctx, 'space');
		}

		return;
	}

	press(ctx, 'ctrl+u');
	type(ctx, text);
}

function text(ctx: TestContext, id: string): string {
	return form(ctx).fields.find(field => field.id === id)!.text;
}

const SHOP = 'berth-fixture-shop_default';

function scene(): TestContext {
	const ctx = testContext(recorded());
	press(ctx, '4');
	assert.equal(ctx.view.get().pane, 'networks');
	return ctx;
}

function network(ctx: TestContext, name: string): NetworkSummary {
	const found = ctx.model.get().networks.find(item => item.name === name);
	assert.ok(found, `the recorded networks have ${name}`);
	return found;
}

function select(ctx: TestContext, name: string): NetworkSummary {
	const chosen = network(ctx, name);
	ctx.view.change(state => ({...state, selected: {...state.selected, networks: chosen.id}}));
	return chosen;
}

function containerId(ctx: TestContext, name: string): string {
	return [...ctx.model.get().containers.values()].find(item => item.name === name)!.id;
}

// ---------------------------------------------------------------------------------------------
// Create

test('n opens the create form with every field, bridge by default; a name is required', async () => {
	const ctx = scene();
	press(ctx, 'n');
	const dialog = form(ctx);
	assert.equal(dialog.actionId, 'network.create');
	assert.deepEqual(
		dialog.fields.map(field => [field.id, field.kind, field.text]),
		[
			['name', 'text', ''],
			['driver', 'text', 'bridge'],
			['subnet', 'text', ''],
			['gateway', 'text', ''],
			['ipRange', 'text', ''],
			['ipv6', 'toggle', 'false'],
			['ipv6Subnet', 'text', ''],
			['ipv6Gateway', 'text', ''],
			['internal', 'toggle', 'false'],
			['attachable', 'toggle', 'false'],
			['labels', 'list', ''],
			['options', 'list', ''],
		],
	);
	assert.equal(dialog.errors['name'], 'name: a network needs a name');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).attempted, true);
	assert.deepEqual(ctx.engine.calls, []);
});

test('the create form checks addresses as they are typed, against themselves and the engine’s networks', async () => {
	const ctx = scene();
	press(ctx, 'n');
	type(ctx, 'bridge');
	assert.equal(form(ctx).errors['name'], 'name: a network named bridge already exists');
	fill(ctx, 'name', 'net a');
	assert.match(form(ctx).errors['name'] ?? '', /^name: net a has characters a network name cannot have/);
	fill(ctx, 'name', 'net-a');
	assert.equal(form(ctx).errors['name'], undefined);

	fill(ctx, 'subnet', '10.1.2');
	assert.equal(form(ctx).errors['subnet'], 'subnet: 10.1.2 has no prefix length (use address/prefix, e.g. 10.1.0.0/16)');
	fill(ctx, 'subnet', '172.17.0.0/16');
	assert.equal(form(ctx).errors['subnet'], 'subnet: 172.17.0.0/16 overlaps network bridge');
	fill(ctx, 'subnet', '192.168.210.0/24');
	assert.equal(form(ctx).errors['subnet'], `subnet: 192.168.210.0/24 overlaps network ${SHOP} (192.168.208.0/20)`);
	fill(ctx, 'subnet', '10.1.0.0/16');
	assert.equal(form(ctx).errors['subnet'], undefined);
	fill(ctx, 'gateway', '10.2.0.1');
	assert.equal(form(ctx).errors['gateway'], 'gateway: 10.2.0.1 is not in the subnet 10.1.0.0/16');
	fill(ctx, 'ipRange', '10.3.0.0/24');
	assert.equal(form(ctx).errors['ipRange'], 'ip-range: 10.3.0.0/24 is not inside the subnet 10.1.0.0/16');
	fill(ctx, 'ipv6', 'true');
	assert.match(form(ctx).errors['ipv6Subnet'] ?? '', /^ipv6-subnet: IPv6 needs a subnet/);
	fill(ctx, 'ipv6Subnet', '10.9.0.0/16');
	assert.match(form(ctx).errors['ipv6Subnet'] ?? '', /^ipv6-subnet: 10\.9\.0\.0\/16 is an IPv4 subnet/);
	fill(ctx, 'labels', '=x');
	assert.equal(form(ctx).errors['labels'], 'labels: =x has no key (use key=value)');
	fill(ctx, 'options', '=br-x');
	assert.equal(form(ctx).errors['options'], 'options: =br-x has no key (use key=value)');
	assert.equal(form(ctx).preview, undefined);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).fields[form(ctx).index]!.id, 'gateway', 'the cursor goes to the first wrong field');
	assert.deepEqual(ctx.engine.calls, [], 'nothing is called while the form is wrong');
});

test('a valid create form shows its docker line, creates the network with every field, and selects it', async () => {
	const ctx = scene();
	let asked: NetworkCreateOptions | undefined;
	const create = ctx.engine.createNetwork.bind(ctx.engine);
	ctx.engine.createNetwork = async options => {
		asked = options;
		return create(options);
	};

	press(ctx, 'n');
	type(ctx, 'net-a');
	fill(ctx, 'subnet', '10.1.0.0/16');
	fill(ctx, 'gateway', '10.1.0.1');
	fill(ctx, 'ipRange', '10.1.4.0/24');
	fill(ctx, 'ipv6', 'true');
	fill(ctx, 'ipv6Subnet', 'fd00:1::/64');
	fill(ctx, 'ipv6Gateway', 'fd00:1::1');
	fill(ctx, 'internal', 'true');
	fill(ctx, 'attachable', 'true');
	fill(ctx, 'labels', 'team=web');
	fill(ctx, 'options', 'com.docker.network.bridge.name=br-x');
	assert.deepEqual(form(ctx).errors, {});
	assert.equal(
		form(ctx).preview,
		'docker network create --subnet 10.1.0.0/16 --gateway 10.1.0.1 --ip-range 10.1.4.0/24 --ipv6 --subnet fd00:1::/64 --gateway fd00:1::1 --internal --attachable --label team=web --opt com.docker.network.bridge.name=br-x net-a',
	);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, ['network-create net-a bridge 10.1.0.0/16 10.1.0.1']);
	assert.deepEqual(asked, {
		name: 'net-a',
		driver: 'bridge',
		subnet: '10.1.0.0/16',
		gateway: '10.1.0.1',
		ipRange: '10.1.4.0/24',
		ipv6: true,
		ipv6Subnet: 'fd00:1::/64',
		ipv6Gateway: 'fd00:1::1',
		internal: true,
		attachable: true,
		labels: {team: 'web'},
		options: {'com.docker.network.bridge.name': 'br-x'},
	});
	assert.equal(ctx.view.get().selected.networks, 'new-network', 'the new network is selected');
	assert.equal(ctx.model.get().notice?.text, 'created network net-a');
});

test('another driver goes on the docker line; empty addresses are left to the engine', async () => {
	const ctx = scene();
	press(ctx, 'n');
	type(ctx, 'mac-net');
	fill(ctx, 'driver', 'macvlan');
	fill(ctx, 'options', 'parent=eth0');
	assert.equal(form(ctx).preview, 'docker network create --driver macvlan --opt parent=eth0 mac-net');
	press(ctx, 'ctrl+s');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['network-create mac-net macvlan  ']);
});

test('the engine’s form-shaped refusal keeps the form open, filled, with its message', async () => {
	const ctx = scene();
	const refusal = new NetworkFormError({subnet: 'subnet: 10.1.0.0/16 overlaps an address pool already in use on the Docker engine'}, 403);
	ctx.engine.createNetwork = async options => {
		ctx.engine.calls.push(`network-create ${options.name}`);
		throw refusal;
	};

	press(ctx, 'n');
	type(ctx, 'net-a');
	fill(ctx, 'subnet', '10.1.0.0/16');
	press(ctx, 'ctrl+s');
	await settle();
	const dialog = form(ctx);
	assert.equal(dialog.refusal, refusal.message);
	assert.equal(dialog.refusal, 'subnet: 10.1.0.0/16 overlaps an address pool already in use on the Docker engine');
	assert.equal(text(ctx, 'name'), 'net-a');
	assert.equal(text(ctx, 'subnet'), '10.1.0.0/16');
	assert.deepEqual(ctx.engine.calls, ['network-create net-a']);
	assert.equal(ctx.view.get().selected.networks, undefined);
});

test('any other refusal is kept in the form too', async () => {
	const ctx = scene();
	ctx.engine.failures.set('network-create', 'overlay networks need swarm mode, and this engine is not a swarm manager');
	press(ctx, 'n');
	type(ctx, 'over');
	fill(ctx, 'driver', 'overlay');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).refusal, 'overlay networks need swarm mode, and this engine is not a swarm manager');
});

// ---------------------------------------------------------------------------------------------
// Remove

test('d asks before removing, warns of attached containers, and removes', async () => {
	const ctx = scene();
	const shop = select(ctx, SHOP);
	press(ctx, 'd');
	const dialog = dialogOf(ctx, 'confirm');
	assert.equal(dialog.actionId, 'network.remove');
	assert.equal(dialog.title, `Remove network ${SHOP}?`);
	assert.deepEqual(dialog.lines, [`${SHOP}: berth-shop-db-1, berth-shop-web-1 attached (disconnect them first)`]);
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`network-rm ${shop.id}`]);
	assert.equal(ctx.model.get().notice?.text, `removed ${SHOP}`);
});

test('d removes every marked network; n removes nothing', async () => {
	const ctx = scene();
	const shop = select(ctx, SHOP);
	press(ctx, 'space');
	const host = select(ctx, 'host');
	press(ctx, 'space');
	press(ctx, 'd');
	press(ctx, 'n');
	await settle();
	assert.deepEqual(ctx.engine.calls, []);
	press(ctx, 'd');
	assert.equal(dialogOf(ctx, 'confirm').title, `Remove network ${SHOP}, host?`);
	press(ctx, 'y');
	await settle();
	assert.deepEqual([...ctx.engine.calls].sort(), [`network-rm ${host.id}`, `network-rm ${shop.id}`].sort());
	assert.equal(ctx.view.get().marked.networks.size, 0);
});

test('a predefined network’s refusal is shown as the engine layer words it', async () => {
	const ctx = scene();
	ctx.engine.failures.set('network-rm', 'bridge is a predefined network and cannot be removed');
	select(ctx, 'bridge');
	press(ctx, 'd', 'y');
	await settle();
	const notice = ctx.model.get().notice;
	assert.equal(notice?.level, 'error');
	assert.equal(notice?.text, 'remove bridge: bridge is a predefined network and cannot be removed');
});

// ---------------------------------------------------------------------------------------------
// Connect

test('c lists the containers not on the network, searchable, then asks aliases and addresses', async () => {
	const ctx = scene();
	const shop = select(ctx, SHOP);
	press(ctx, 'c');
	const choice = dialogOf(ctx, 'choice');
	assert.equal(choice.actionId, 'network.connect');
	assert.equal(choice.filter, '');
	assert.deepEqual(
		choice.choices.map(item => item.label),
		['berth-chatty  running', 'berth-healthy  running', 'berth-killed  exited', 'berth-nasty  running', 'berth-paused  paused', 'berth-tty-shell  running'],
		'by name, with state; those already attached are left out',
	);
	type(ctx, 'chat');
	assert.deepEqual(shownChoices(dialogOf(ctx, 'choice')).map(item => item.value), [containerId(ctx, 'berth-chatty')]);
	press(ctx, 'enter');
	await settle();

	const dialog = form(ctx);
	assert.equal(dialog.actionId, 'network.connect.form');
	assert.equal(dialog.title, `Connect berth-chatty to ${SHOP}`);
	assert.equal(text(ctx, 'network'), SHOP);
	assert.equal(text(ctx, 'container'), 'berth-chatty');
	assert.equal(dialog.fields[dialog.index]!.id, 'aliases', 'the cursor starts at the aliases');
	assert.deepEqual(dialog.errors, {});
	assert.equal(dialog.preview, `docker network connect ${SHOP} berth-chatty`);
	assert.deepEqual(ctx.engine.calls, [], 'choosing calls nothing');

	type(ctx, 'cache\rchat-1');
	fill(ctx, 'ipv4', '192.168.208.50');
	assert.deepEqual(form(ctx).errors, {});
	assert.equal(form(ctx).preview, `docker network connect --alias cache --alias chat-1 --ip 192.168.208.50 ${SHOP} berth-chatty`);
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, [`network-connect ${shop.id} ${containerId(ctx, 'berth-chatty')} cache chat-1 192.168.208.50`]);
	assert.equal(ctx.model.get().notice?.text, `connected berth-chatty to ${SHOP}`);
});

test('the connect form checks the container, aliases and static addresses as typed, and calls nothing while wrong', async () => {
	const ctx = scene();
	select(ctx, SHOP);
	press(ctx, 'c', 'enter');
	await settle();
	fill(ctx, 'ipv4', '10.0.0.5');
	assert.equal(form(ctx).errors['ipv4'], `ipv4: 10.0.0.5 is not in 192.168.208.0/20, the subnet of ${SHOP}`);
	fill(ctx, 'ipv4', '192.168.208');
	assert.equal(form(ctx).errors['ipv4'], 'ipv4: 192.168.208 is not an IPv4 address');
	fill(ctx, 'ipv6', 'fd00::5');
	assert.equal(form(ctx).errors['ipv6'], `ipv6: ${SHOP} has no IPv6 subnet, so a container cannot have a static IPv6 address on it`);
	fill(ctx, 'aliases', 'bad alias');
	assert.equal(form(ctx).errors['aliases'], 'aliases: bad alias is not a name (letters, digits, _ . and -)');
	fill(ctx, 'container', 'nobody');
	assert.equal(form(ctx).errors['container'], 'container: there is no container nobody');
	fill(ctx, 'container', 'berth-shop-db-1');
	assert.equal(form(ctx).errors['container'], `container: berth-shop-db-1 is already connected to ${SHOP}`);
	fill(ctx, 'network', 'nowhere');
	assert.equal(form(ctx).errors['network'], 'network: there is no network nowhere');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).attempted, true);
	assert.deepEqual(ctx.engine.calls, []);
});

test('the engine’s refusal of a connect keeps the form open, filled, with the reason', async () => {
	const ctx = scene();
	ctx.engine.failures.set('network-connect', `berth-chatty is already connected to ${SHOP}`);
	select(ctx, SHOP);
	press(ctx, 'c');
	type(ctx, 'chatty');
	press(ctx, 'enter');
	await settle();
	type(ctx, 'cache');
	press(ctx, 'ctrl+s');
	await settle();
	assert.equal(form(ctx).refusal, `berth-chatty is already connected to ${SHOP}`);
	assert.equal(text(ctx, 'aliases'), 'cache');
});

test('c with several networks marked says it works on one', async () => {
	const ctx = scene();
	select(ctx, SHOP);
	press(ctx, 'space');
	select(ctx, 'bridge');
	press(ctx, 'space');
	press(ctx, 'c');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.equal(ctx.model.get().notice?.text, 'connect works on one network: unmark the others (Esc)');
});

test('c when every container is already on the network says so', async () => {
	const data = recorded();
	data.containers = data.containers.filter(container => container.networks.includes(SHOP));
	const ctx = testContext(data);
	press(ctx, '4');
	select(ctx, SHOP);
	press(ctx, 'c');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.equal(ctx.model.get().notice?.text, `every container is already connected to ${SHOP}`);
});

// ---------------------------------------------------------------------------------------------
// Disconnect

test('D lists the attached containers, then asks to confirm, with f to force', async () => {
	const ctx = scene();
	const shop = select(ctx, SHOP);
	press(ctx, 'D');
	const choice = dialogOf(ctx, 'choice');
	assert.equal(choice.actionId, 'network.disconnect');
	assert.deepEqual(choice.choices.map(item => item.label), ['berth-shop-db-1  running', 'berth-shop-web-1  running']);
	press(ctx, 'down', 'enter');
	await settle();
	let confirm = dialogOf(ctx, 'confirm');
	assert.equal(confirm.actionId, 'network.disconnect.confirm');
	assert.equal(confirm.title, `Disconnect berth-shop-web-1 from ${SHOP}?`);
	assert.deepEqual(confirm.targetIds, [shop.id]);
	assert.deepEqual(confirm.toggles.map(toggle => [toggle.key, toggle.on]), [['f', false]]);
	assert.deepEqual(ctx.engine.calls, []);
	press(ctx, 'f');
	confirm = dialogOf(ctx, 'confirm');
	assert.equal(confirm.toggles[0]!.on, true);
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`network-disconnect ${shop.id} ${containerId(ctx, 'berth-shop-web-1')} force=true`]);
	assert.equal(ctx.model.get().notice?.text, `disconnected berth-shop-web-1 from ${SHOP}`);
});

test('n at the disconnect question disconnects nothing; a later yes does not act on a stale choice', async () => {
	const ctx = scene();
	select(ctx, SHOP);
	press(ctx, 'D', 'enter');
	await settle();
	press(ctx, 'n');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, []);
	// A fresh D, answered, acts on the fresh choice only, without force.
	press(ctx, 'D', 'enter');
	await settle();
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, [`network-disconnect ${network(ctx, SHOP).id} ${containerId(ctx, 'berth-shop-db-1')} force=false`]);
});

test('D on a network without containers says so; a refused disconnect shows the engine’s reason', async () => {
	const ctx = scene();
	select(ctx, 'host');
	press(ctx, 'D');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.equal(ctx.model.get().notice?.text, 'no container is connected to host');

	ctx.engine.failures.set('network-disconnect', `cannot disconnect berth-shop-db-1 from ${SHOP}: container is restarting`);
	select(ctx, SHOP);
	press(ctx, 'D', 'enter');
	await settle();
	press(ctx, 'y');
	await settle();
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.match(ctx.model.get().notice?.text ?? '', /cannot disconnect berth-shop-db-1 from berth-fixture-shop_default: container is restarting$/);
});

// ---------------------------------------------------------------------------------------------
// Prune

function prunable(name: string, stoppedContainers: string[], subnets: string[] = []): PrunableNetwork {
	return {
		id: name.padEnd(64, '0'),
		name,
		driver: 'bridge',
		scope: 'local',
		internal: false,
		attachable: false,
		ingress: false,
		ipv6: false,
		subnets,
		gateways: [],
		created: Date.now(),
		labels: {},
		containers: stoppedContainers.length,
		stoppedContainers,
	};
}

test('X with nothing to prune says so and asks nothing', async () => {
	const ctx = scene();
	press(ctx, 'X');
	await settle();
	assert.equal(ctx.view.get().dialog, undefined);
	assert.deepEqual(ctx.engine.calls, ['network-prune-list']);
	assert.equal(ctx.model.get().notice?.text, 'no unused networks to prune');
});

test('X lists the networks a prune removes, warning of stopped containers that need them; y prunes', async () => {
	const ctx = scene();
	ctx.engine.networksPruneCandidates = [prunable('old-net', [], ['10.5.0.0/16']), prunable('app-net', ['app-1', 'app-2'])];
	press(ctx, 'X');
	await settle();
	const dialog = dialogOf(ctx, 'confirm');
	assert.equal(dialog.actionId, 'network.prune.confirm');
	assert.equal(dialog.title, 'Remove these 2 unused networks?');
	assert.deepEqual(dialog.lines, [
		'old-net  bridge  10.5.0.0/16',
		'app-net  bridge',
		'  ⚠ stopped containers app-1, app-2 will not start again without it',
	]);
	assert.deepEqual(ctx.engine.calls, ['network-prune-list']);
	press(ctx, 'y');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['network-prune-list', 'network-prune']);
	assert.equal(ctx.model.get().notice?.text, 'pruned 2 networks: old-net, app-net');
});

test('Esc at the prune list prunes nothing; a failed prune shows the engine’s reason', async () => {
	const ctx = scene();
	ctx.engine.networksPruneCandidates = [prunable('old-net', ['lone'])];
	press(ctx, 'X');
	await settle();
	assert.deepEqual(dialogOf(ctx, 'confirm').lines, ['old-net  bridge', '  ⚠ stopped container lone will not start again without it']);
	press(ctx, 'escape');
	await settle();
	assert.deepEqual(ctx.engine.calls, ['network-prune-list']);

	ctx.engine.failures.set('network-prune', 'a prune operation is already running');
	press(ctx, 'X');
	await settle();
	press(ctx, 'y');
	await settle();
	assert.equal(ctx.model.get().notice?.level, 'error');
	assert.match(ctx.model.get().notice?.text ?? '', /a prune operation is already running/);
});
