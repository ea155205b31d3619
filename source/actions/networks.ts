import type {ContainerSummary, NetworkCreateOptions, NetworkSummary} from '../engine/types.js';
import {compareText, sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {checkNetworkForm, checkStaticAddress, type NetworkFormErrors} from '../parse/cidr.js';
import {parseEntries, type Field} from '../parse/field.js';
import {parseLabels} from '../parse/labels.js';
import {shellQuote} from '../parse/run-spec.js';
import type {ModelState} from '../store/model-store.js';
import {networkUsers} from '../store/selectors.js';
import {OBJECT_SORTS} from '../store/view-store.js';
import {formFields, openDialog} from './dialogs.js';
import {names, onlyOne, runOnEach} from './each.js';
import {sortActions} from './sorting.js';
import {dockerLine} from './command-line.js';
import {defineAction, type Action, type ActionContext, type FormCheck} from './types.js';
import {errorsOf, byCount} from './fields.js';

/** How a container is offered in a list: its name and state. */
function containerChoice(container: ContainerSummary): {value: string; label: string} {
	return {value: container.id, label: sanitize(`${container.name}  ${container.state}`)};
}

function containerByNameOrId(model: ModelState, text: string): ContainerSummary | undefined {
	const wanted = text.trim().replace(/^\//, '');
	if (wanted === '') {
		return undefined;
	}

	const all = [...model.containers.values()];
	return all.find(container => container.name === wanted) ?? all.find(container => container.id === wanted) ?? (wanted.length >= 12 ? all.find(container => container.id.startsWith(wanted)) : undefined);
}

function networkByNameOrId(model: ModelState, text: string): NetworkSummary | undefined {
	const wanted = text.trim();
	return model.networks.find(network => network.id === wanted) ?? model.networks.find(network => network.name === wanted);
}

// ---------------------------------------------------------------------------------------------
// Create

/** The form's field ids are `checkNetworkForm`'s, so its messages land on their fields. */
type CreateParsed = {value: NetworkCreateOptions} | {errors: FormCheck['errors']};

function parseCreate(fields: Readonly<Record<string, string>>, networks: readonly NetworkSummary[]): CreateParsed {
	const text = (id: string): string => (fields[id] ?? '').trim();
	const ipv6 = fields['ipv6'] === 'true';
	const networkErrors: NetworkFormErrors = checkNetworkForm(
		{
			name: text('name'),
			driver: text('driver'),
			subnet: text('subnet'),
			gateway: text('gateway'),
			ipRange: text('ipRange'),
			ipv6Subnet: text('ipv6Subnet'),
			ipv6Gateway: text('ipv6Gateway'),
			ipv6,
		},
		networks.map(network => ({name: network.name, subnets: network.subnets, scope: network.scope})),
	);
	const labels = parseLabels(fields['labels'] ?? '', 'labels');
	const options = parseLabels(fields['options'] ?? '', 'options');
	const errors = {
		...networkErrors,
		...errorsOf([
			['labels', 'error' in labels ? labels.error : undefined],
			['options', 'error' in options ? options.error : undefined],
		]),
	} as FormCheck['errors'];
	if (Object.keys(errors).length > 0 || 'error' in labels || 'error' in options) {
		return {errors};
	}

	const optional = (id: string): string | undefined => (text(id) === '' ? undefined : text(id));
	return {
		value: {
			name: text('name'),
			driver: text('driver') || 'bridge',
			...withValue('subnet', optional('subnet')),
			...withValue('gateway', optional('gateway')),
			...withValue('ipRange', optional('ipRange')),
			ipv6,
			...withValue('ipv6Subnet', optional('ipv6Subnet')),
			...withValue('ipv6Gateway', optional('ipv6Gateway')),
			internal: fields['internal'] === 'true',
			attachable: fields['attachable'] === 'true',
			labels: labels.value,
			options: options.value,
		},
	};
}

function withValue<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
	return value === undefined ? {} : ({[key]: value} as Record<K, string>);
}

/** `docker network create`'s line: each `--gateway` and `--ip-range` pairs with the `--subnet` it lies in. */
function createCommand(options: NetworkCreateOptions): string {
	const flag = (name: string, value: string | undefined): string[] => (value === undefined ? [] : [name, value]);
	return shellQuote([
		'docker',
		'network',
		'create',
		...(options.driver === 'bridge' ? [] : ['--driver', options.driver]),
		...flag('--subnet', options.subnet),
		...flag('--gateway', options.gateway),
		...flag('--ip-range', options.ipRange),
		...(options.ipv6 ? ['--ipv6'] : []),
		...flag('--subnet', options.ipv6Subnet),
		...flag('--gateway', options.ipv6Gateway),
		...(options.internal ? ['--internal'] : []),
		...(options.attachable ? ['--attachable'] : []),
		...Object.entries(options.labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]),
		...Object.entries(options.options).flatMap(([key, value]) => ['--opt', `${key}=${value}`]),
		options.name,
	]);
}

// ---------------------------------------------------------------------------------------------
// Connect

const ALIAS = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

interface ConnectParsed {
	network: NetworkSummary;
	container: ContainerSummary;
	aliases: string[];
	ipv4?: string;
	ipv6?: string;
}

/**
 * The connect form as typed. It names both the network and the container in fields of its own
 * (filled in from the network selected and the container chosen), so that `check`, which sees only
 * the fields, can check a static address against the network's subnets as it is typed.
 */
function parseConnect(fields: Readonly<Record<string, string>>, model: ModelState): {value: ConnectParsed} | {errors: FormCheck['errors']} {
	const networkText = (fields['network'] ?? '').trim();
	const containerText = (fields['container'] ?? '').trim();
	const network = networkByNameOrId(model, networkText);
	const container = containerByNameOrId(model, containerText);
	const aliases = parseEntries('aliases', fields['aliases'] ?? '', true, (alias): Field<string> =>
		ALIAS.test(alias) ? {value: alias} : {error: t('{alias} is not a name (letters, digits, _ . and -)', {alias})},
	);
	const ipv4 = (fields['ipv4'] ?? '').trim();
	const ipv6 = (fields['ipv6'] ?? '').trim();
	const errors = errorsOf([
		['network', networkText === '' ? t('network: a network is required') : network ? undefined : t('network: there is no network {name}', {name: networkText})],
		[
			'container',
			containerText === ''
				? t('container: a container is required')
				: !container
					? t('container: there is no container {name}', {name: containerText})
					: network && container.networks.includes(network.name)
						? t('container: {name} is already connected to {network}', {name: container.name, network: network.name})
						: undefined,
		],
		['aliases', 'error' in aliases ? aliases.error : undefined],
		['ipv4', ipv4 !== '' && network ? checkStaticAddress('ipv4', ipv4, network) : undefined],
		['ipv6', ipv6 !== '' && network ? checkStaticAddress('ipv6', ipv6, network) : undefined],
	]);
	if (Object.keys(errors).length > 0 || !network || !container || 'error' in aliases) {
		return {errors};
	}

	return {value: {network, container, aliases: aliases.value, ...withValue('ipv4', ipv4 || undefined), ...withValue('ipv6', ipv6 || undefined)}};
}

function connectCommand(parsed: ConnectParsed): string {
	return shellQuote([
		'docker',
		'network',
		'connect',
		...parsed.aliases.flatMap(alias => ['--alias', alias]),
		...(parsed.ipv4 ? ['--ip', parsed.ipv4] : []),
		...(parsed.ipv6 ? ['--ip6', parsed.ipv6] : []),
		parsed.network.name,
		parsed.container.name,
	]);
}

/** Second step of connect: the container was chosen; aliases and static addresses are asked. */
const connectForm = defineAction({
	id: 'network.connect.form',
	title: 'Connect the chosen container',
	keys: [],
	scope: 'networks',
	step: true,
	changesState: true,
	check(fields, ctx) {
		const parsed = parseConnect(fields, ctx.model.get());
		return 'errors' in parsed ? {errors: parsed.errors} : {errors: {}, preview: connectCommand(parsed.value)};
	},
	async run(ctx, _targets, answer) {
		const parsed = parseConnect(answer?.fields ?? {}, ctx.model.get());
		if ('errors' in parsed) {
			throw new Error(Object.values(parsed.errors).join('; '));
		}

		const {network, container, aliases, ipv4, ipv6} = parsed.value;
		await ctx.engine.connectNetwork(network.id, container.id, {aliases, ...withValue('ipv4', ipv4), ...withValue('ipv6', ipv6)});
		ctx.model.notify('info', t('connected {name} to {network}', {name: sanitize(container.name), network: sanitize(network.name)}));
	},
});

/** Opens the connect form for the container chosen, filled with both names. */
function openConnectForm(ctx: ActionContext, network: NetworkSummary, container: ContainerSummary): void {
	openDialog(ctx, connectForm, {
		kind: 'form',
		title: t('Connect {name} to {network}', {name: sanitize(container.name), network: sanitize(network.name)}),
		submitLabel: t('Connect'),
		// The names are filled in: the cursor starts at the aliases.
		index: 2,
		errors: {},
		fields: formFields([
			['network', t('network'), 'text', network.name],
			['container', t('container'), 'text', container.name],
			['aliases', t('aliases'), 'list', '', t('names it answers to on this network, one a line')],
			['ipv4', t('IPv4 address'), 'text', '', network.subnets.find(subnet => !subnet.includes(':')) ?? t('empty: the engine picks one')],
			['ipv6', t('IPv6 address'), 'text', '', network.subnets.find(subnet => subnet.includes(':')) ?? t('the network has no IPv6 subnet')],
		]),
	});
}

// ---------------------------------------------------------------------------------------------
// Disconnect

const disconnectConfirmed = defineAction({
	id: 'network.disconnect.confirm',
	title: 'Disconnect the chosen container',
	keys: [],
	scope: 'networks',
	step: true,
	destructive: true,
	changesState: true,
	targets: 'network',
	// The dialog's targets are the network; the container chosen rides in its carry.
	command(targets, answer, ctx) {
		const container = answer?.carry === undefined ? undefined : ctx?.model.get().containers.get(answer.carry);
		return dockerLine('network', 'disconnect', answer?.toggles['force'] === true && '--force', ...targets.map(network => network.name), container?.name ?? answer?.carry);
	},
	async run(ctx, targets, answer) {
		const network = targets[0];
		const container = answer?.carry === undefined ? undefined : ctx.model.get().containers.get(answer.carry);
		if (!network || !container) {
			ctx.model.notify('info', t('the container chosen is gone'));
			return;
		}

		const force = answer?.toggles['force'] ?? false;
		await ctx.engine.disconnectNetwork(network.id, container.id, {force});
		ctx.model.notify('info', t('disconnected {name} from {network}', {name: sanitize(container.name), network: sanitize(network.name)}));
	},
});

// ---------------------------------------------------------------------------------------------
// Prune

const pruneConfirmed = defineAction({
	id: 'network.prune.confirm',
	command: () => dockerLine('network', 'prune', '--force'),
	title: 'Remove the networks listed',
	keys: [],
	scope: 'networks',
	step: true,
	destructive: true,
	changesState: true,
	async run(ctx) {
		const result = await ctx.engine.pruneNetworks();
		const count = result.deleted.length;
		const pruned = t('pruned {what}', {what: byCount(count, t('{count} network', {count}), t('{count} networks', {count}))});
		ctx.model.notify('info', `${pruned}${count > 0 ? `: ${sanitize(result.deleted.slice(0, 5).join(', '))}${count > 5 ? ' …' : ''}` : ''}`);
	},
});

export const networkActions: Action[] = [
	...sortActions('networks', 'networkSort', OBJECT_SORTS),
	defineAction({
		id: 'network.create',
		hint: 'new',
		title: 'Create a network (a form)',
		keys: ['n'],
		scope: 'networks',
		changesState: true,
		ask: () => ({
			kind: 'form',
			title: t('Create a network'),
			submitLabel: t('Create'),
			index: 0,
			errors: {},
			fields: formFields([
				['name', t('name'), 'text'],
				['driver', t('driver'), 'text', 'bridge', 'bridge | macvlan | ipvlan | overlay'],
				['subnet', t('subnet'), 'text', '', t('empty: the engine picks one, e.g. 10.1.0.0/16')],
				['gateway', t('gateway'), 'text', '', t('in the subnet, e.g. 10.1.0.1')],
				['ipRange', t('ip range'), 'text', '', t('inside the subnet, e.g. 10.1.4.0/24')],
				['ipv6', 'IPv6', 'toggle', 'false'],
				['ipv6Subnet', t('IPv6 subnet'), 'text', '', 'fd00:1::/64'],
				['ipv6Gateway', t('IPv6 gateway'), 'text', '', 'fd00:1::1'],
				['internal', t('internal'), 'toggle', 'false'],
				['attachable', t('attachable'), 'toggle', 'false'],
				['labels', t('labels'), 'list', '', t('key=value, one a line')],
				['options', t('driver options'), 'list', '', 'com.docker.network.bridge.name=br-x'],
			]),
		}),
		check(fields, ctx) {
			const parsed = parseCreate(fields, ctx.model.get().networks);
			return 'errors' in parsed ? {errors: parsed.errors} : {errors: {}, preview: createCommand(parsed.value)};
		},
		async run(ctx, _targets, answer) {
			const parsed = parseCreate(answer?.fields ?? {}, ctx.model.get().networks);
			if ('errors' in parsed) {
				throw new Error(Object.values(parsed.errors).join('; '));
			}

			// A refusal (an overlapping pool, a driver the engine lacks) is a NetworkFormError whose
			// message names the field; thrown, it keeps the form open with that reason.
			const id = await ctx.engine.createNetwork(parsed.value);
			ctx.view.change(state => ({...state, selected: {...state.selected, networks: id}}));
			ctx.model.notify('info', t('created network {name}', {name: sanitize(parsed.value.name)}));
		},
	}),
	defineAction({
		id: 'network.remove',
		command: targets => dockerLine('network', 'rm', ...targets.map(network => network.name)),
		hint: 'remove',
		title: 'Remove',
		keys: ['d'],
		scope: 'networks',
		destructive: true,
		changesState: true,
		targets: 'network',
		ask(targets, ctx) {
			const model = ctx.model.get();
			const lines = targets.flatMap(network => {
				const users = networkUsers(model.containers, network);
				return users.length === 0 ? [] : [t('{name}: {containers} attached (disconnect them first)', {name: network.name, containers: users.map(container => container.name).join(', ')})];
			});
			return {kind: 'confirm', title: t('Remove network {names}?', {names: names('network', targets)}), ...(lines.length > 0 ? {lines} : {}), toggles: []};
		},
		async run(ctx, targets) {
			await runOnEach(ctx, targets, {
				kind: 'network',
				title: 'Remove',
				doing: t('removing'),
				done: t('removed'),
				// The engine layer refuses bridge, host and none with the reason, and names the containers of one in use.
				call: async network => ctx.engine.removeNetwork(network.id),
			});
		},
	}),
	defineAction({
		id: 'network.connect',
		hint: 'connect',
		title: 'Connect a container to it (aliases, static addresses)',
		keys: ['c'],
		scope: 'networks',
		changesState: true,
		targets: 'network',
		ask(targets, ctx) {
			const network = targets[0];
			if (targets.length !== 1 || !network) {
				return undefined;
			}

			const candidates = [...ctx.model.get().containers.values()]
				.filter(container => !container.networks.includes(network.name))
				.sort((a, b) => compareText(a.name, b.name));
			if (candidates.length === 0) {
				return undefined;
			}

			return {kind: 'choice', title: t('Connect which container to {network}?', {network: sanitize(network.name)}), choices: candidates.map(container => containerChoice(container)), index: 0, filter: ''};
		},
		run(ctx, targets, answer) {
			const network = onlyOne(ctx, 'network', targets, t('connect'));
			if (!network) {
				return;
			}

			// Without an answer, there was nothing to choose from: say why.
			if (!answer) {
				ctx.model.notify('info', t('every container is already connected to {network}', {network: sanitize(network.name)}));
				return;
			}

			const container = ctx.model.get().containers.get(answer.value);
			if (container) {
				openConnectForm(ctx, network, container);
			} else {
				ctx.model.notify('info', t('the container chosen is gone'));
			}
		},
	}),
	connectForm,
	defineAction({
		id: 'network.disconnect',
		hint: 'disconnect',
		title: 'Disconnect a container from it',
		keys: ['D'],
		scope: 'networks',
		destructive: true,
		changesState: true,
		targets: 'network',
		ask(targets, ctx) {
			const network = targets[0];
			if (targets.length !== 1 || !network) {
				return undefined;
			}

			const users = [...networkUsers(ctx.model.get().containers, network)].sort((a, b) => compareText(a.name, b.name));
			if (users.length === 0) {
				return undefined;
			}

			return {kind: 'choice', title: t('Disconnect which container from {network}?', {network: sanitize(network.name)}), choices: users.map(container => containerChoice(container)), index: 0, filter: ''};
		},
		run(ctx, targets, answer) {
			const network = onlyOne(ctx, 'network', targets, t('disconnect'));
			if (!network) {
				return;
			}

			const container = answer ? ctx.model.get().containers.get(answer.value) : undefined;
			if (!answer) {
				ctx.model.notify('note', t('no container is connected to {network}', {network: sanitize(network.name)}));
				return;
			}

			if (!container) {
				ctx.model.notify('info', t('the container chosen is gone'));
				return;
			}

			openDialog(
				ctx,
				disconnectConfirmed,
				{
					kind: 'confirm',
					carry: container.id,
					title: t('Disconnect {name} from {network}?', {name: sanitize(container.name), network: sanitize(network.name)}),
					...(container.state === 'running' ? {lines: [t("{name} is running: it loses this network's addresses at once", {name: container.name})]} : {}),
					toggles: [{id: 'force', key: 'f', label: t('force: even when the engine cannot reach its endpoint'), on: false}],
				},
				[network.id],
			);
		},
	}),
	disconnectConfirmed,
	defineAction({
		// Not itself destructive: it only lists what a prune would remove, and its confirm step asks.
		id: 'network.prune',
		hint: 'prune',
		title: 'Prune: remove the networks no running container uses (lists them, then asks)',
		keys: ['X'],
		scope: 'networks',
		changesState: true,
		async run(ctx) {
			const going = await ctx.engine.networksToPrune();
			if (going.length === 0) {
				ctx.model.notify('note', t('no unused networks to prune'));
				return;
			}

			openDialog(ctx, pruneConfirmed, {
				kind: 'confirm',
				title: byCount(going.length, t('Remove these {count} unused network?', {count: going.length}), t('Remove these {count} unused networks?', {count: going.length})),
				lines: going.flatMap(network => [
					`${network.name}  ${network.driver}${network.subnets.length > 0 ? `  ${network.subnets.join(', ')}` : ''}`,
					...(network.stoppedContainers.length > 0
						? [
								`  ⚠ ${byCount(
									network.stoppedContainers.length,
									t('stopped container {names} will not start again without it', {names: network.stoppedContainers.join(', ')}),
									t('stopped containers {names} will not start again without it', {names: network.stoppedContainers.join(', ')}),
								)}`,
							]
						: []),
				]),
				toggles: [],
			});
		},
	}),
	pruneConfirmed,
];
