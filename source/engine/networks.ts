// Network operations: create, remove, connect, disconnect, prune, inspect, and the list's rows
// enriched with gateways and attached-container counts. Every refusal is an EngineError in plain
// words; form-shaped refusals name the field, as the form's own checks do.
import type Docker from 'dockerode';
import {
	checkNetworkForm,
	checkStaticAddress,
	formErrorList,
	overlapReason,
	overlappingNetwork,
	toCidr,
	type Cidr,
	type NetworkFormErrors,
} from '../parse/cidr.js';
import {call, toEngineError} from './errors.js';
import {normalizeNetwork, type RawNetwork} from './normalize.js';
import {EngineError, type NetworkSummary} from './types.js';
import {compareText} from '../format/index.js';
import {t} from '../i18n/translate.js';

/** Used in messages when the caller did not say which engine it talks to. */
const someEngine = 'the Docker engine';

/** The engine's own networks: they exist on every engine and cannot be removed. */
export const predefinedNetworks: readonly string[] = ['bridge', 'host', 'none'];

function containerName(names: readonly string[] | null | undefined, id: string): string {
	return (names?.[0] ?? id.slice(0, 12)).replace(/^\//, '');
}

/** A form-shaped refusal: `fields` says which field each message belongs to, for the form to show. */
export class NetworkFormError extends EngineError {
	readonly fields: NetworkFormErrors;
	constructor(fields: NetworkFormErrors, statusCode?: number) {
		super(formErrorList(fields).join('; '), statusCode);
		this.name = 'NetworkFormError';
		this.fields = fields;
	}
}

// ---------------------------------------------------------------------------------------------
// The list

export interface RawNetworkListItem extends RawNetwork {
	EnableIPv6?: boolean;
	Attachable?: boolean;
	Ingress?: boolean;
	IPAM?: {
		Driver?: string;
		Config?: Array<{Subnet?: string; Gateway?: string; IPRange?: string; AuxiliaryAddresses?: Record<string, string> | null}> | null;
		Options?: Record<string, string> | null;
	} | null;
	Options?: Record<string, string> | null;
	Containers?: Record<
		string,
		{Name?: string; EndpointID?: string; MacAddress?: string; IPv4Address?: string; IPv6Address?: string}
	> | null;
}

/** A network and how many containers (running or not) have it in their settings. */
export interface NetworkRow extends NetworkSummary {
	containers: number;
}

/** Which containers are attached to which network: keys are network ids, and names for containers never started. */
export type AttachedContainers = ReadonlyMap<string, string[]>;

interface RawListedContainer {
	Id: string;
	Names?: string[] | null;
	State?: string;
	NetworkSettings?: {Networks?: Record<string, {NetworkID?: string} | null> | null} | null;
}

/**
 * The containers attached to each network, from `docker.listContainers({all: true})` (the
 * networks list's `Containers` is empty on 20.10). A container that has never run carries no
 * network id, so it is counted under the network's name.
 */
export function attachedContainers(containers: readonly RawListedContainer[]): AttachedContainers {
	const attached = new Map<string, string[]>();
	for (const container of containers) {
		const name = containerName(container.Names, container.Id);
		for (const [network, settings] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
			const key = settings?.NetworkID || network;
			attached.set(key, [...(attached.get(key) ?? []), name]);
		}
	}
	return attached;
}

function attachedTo(attached: AttachedContainers, id: string, name: string): string[] {
	return [...new Set([...(attached.get(id) ?? []), ...(attached.get(name) ?? [])])].sort();
}

/** A network with the number of containers attached to it (what prune looks at). */
export function normalizeNetworkRow(raw: RawNetworkListItem, attached: AttachedContainers): NetworkRow {
	return {...normalizeNetwork(raw), containers: attachedTo(attached, raw.Id, raw.Name ?? '').length};
}

// ---------------------------------------------------------------------------------------------
// Create

export type NetworkDriver = 'bridge' | 'macvlan' | 'ipvlan' | 'overlay' | (string & {});

export interface NetworkCreateOptions {
	name: string;
	/** Empty means bridge. */
	driver: NetworkDriver;
	/** IPv4 subnet; the engine picks one from its pools when absent. */
	subnet?: string;
	gateway?: string;
	/** The part of the subnet containers get addresses from. */
	ipRange?: string;
	ipv6: boolean;
	ipv6Subnet?: string;
	ipv6Gateway?: string;
	/** No route out of the network. */
	internal: boolean;
	/** Standalone containers may join (an overlay network's option). */
	attachable: boolean;
	labels: Record<string, string>;
	/** Driver options, e.g. `com.docker.network.bridge.name`, `parent` for macvlan. */
	options: Record<string, string>;
}

function present(text: string | undefined): string | undefined {
	const trimmed = text?.trim();
	return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The `/networks/create` body of a checked form. */
export function networkCreateBody(options: NetworkCreateOptions): Docker.NetworkCreateOptions {
	const subnet = present(options.subnet);
	const ipv6Subnet = present(options.ipv6Subnet);
	const config = [
		...(subnet ? [{Subnet: subnet, ...ifSet('Gateway', options.gateway), ...ifSet('IPRange', options.ipRange)}] : []),
		...(ipv6Subnet ? [{Subnet: ipv6Subnet, ...ifSet('Gateway', options.ipv6Gateway)}] : []),
	];
	return {
		Name: options.name.trim(),
		CheckDuplicate: true,
		Driver: present(options.driver) ?? 'bridge',
		Internal: options.internal,
		Attachable: options.attachable,
		EnableIPv6: options.ipv6,
		IPAM: {Driver: 'default', Config: config, Options: {}},
		Options: options.options,
		Labels: options.labels,
	};
}

function ifSet<K extends string>(key: K, text: string | undefined): Partial<Record<K, string>> {
	const value = present(text);
	return value === undefined ? {} : ({[key]: value} as Record<K, string>);
}

/** The engine's refusal of a create, said in plain words and, where it is about one, given to its field. */
async function createRefusal(
	docker: Docker,
	options: NetworkCreateOptions,
	failure: EngineError,
	endpoint: string,
): Promise<EngineError> {
	const message = failure.message;
	const driver = present(options.driver) ?? 'bridge';
	const status = failure.statusCode;
	if (/Pool overlaps with other one|networks have overlapping|overlaps with other one/i.test(message)) {
		const networks = (await call(endpoint, () => docker.listNetworks()).catch(() => [])) as RawNetworkListItem[];
		const existing = networks
			.filter(network => network.Name !== options.name.trim())
			.map(network => ({name: network.Name ?? network.Id.slice(0, 12), subnets: normalizeNetwork(network).subnets, scope: network.Scope}));
		const fields: NetworkFormErrors = {};
		for (const [key, text] of [
			['subnet', options.subnet],
			['ipv6Subnet', options.ipv6Subnet],
		] as const) {
			const cidr: Cidr | undefined = present(text) ? toCidr(text as string) : undefined;
			const other = cidr && overlappingNetwork(cidr, existing);
			if (cidr && other) {
				fields[key] = `${key === 'subnet' ? 'subnet' : 'ipv6-subnet'}: ${overlapReason(cidr, other)}`;
			}
		}
		if (Object.keys(fields).length === 0) {
			const asked = [present(options.subnet), present(options.ipv6Subnet)].filter(Boolean).join(' and ');
			fields[present(options.subnet) ? 'subnet' : 'ipv6Subnet'] =
				`${present(options.subnet) ? 'subnet' : 'ipv6-subnet'}: ${asked || 'the subnet'} overlaps an address pool already in use on ${endpoint}`;
		}
		return new NetworkFormError(fields, status);
	}
	if (/already exists/.test(message) && /network with name/.test(message)) {
		return new NetworkFormError({name: `name: a network named ${options.name.trim()} already exists`}, status);
	}
	if (/not a swarm manager/i.test(message)) {
		return new EngineError(
			`${driver} networks need swarm mode, and this engine is not a swarm manager (run docker swarm init, or join a swarm, first)`,
			status,
		);
	}
	const plugin = /plugin "([^"]+)" not found/.exec(message);
	if (plugin) {
		return new NetworkFormError({driver: `driver: there is no network driver named ${plugin[1]} on ${endpoint}`}, status);
	}
	if (/non-overlapping IPv6 address pool/.test(message)) {
		return new NetworkFormError(
			{ipv6Subnet: 'ipv6-subnet: IPv6 needs a subnet (the engine has no IPv6 pool to pick one from)'},
			status,
		);
	}
	const gateway = /failed to allocate gateway \(([^)]*)\)/.exec(message);
	if (gateway) {
		const which = gateway[1] === present(options.ipv6Gateway) ? 'ipv6Gateway' : 'gateway';
		return new NetworkFormError(
			{[which]: `${which === 'gateway' ? 'gateway' : 'ipv6-gateway'}: the engine could not give the gateway ${gateway[1]} (${message.replace(/^.*\):\s*/, '').toLowerCase()})`},
			status,
		);
	}
	if (/^operation not supported$/i.test(message.trim())) {
		return new EngineError(t('the {driver} driver is not supported by {endpoint} (its kernel refused: operation not supported)', {driver, endpoint}), status);
	}
	return new EngineError(t('cannot create network {name}: {reason}', {name: options.name.trim(), reason: message}), status);
}

/**
 * Creates a network (refusing a duplicate name, as `docker network create` does) and resolves
 * with its id. The form's own mistakes (an invalid CIDR, a gateway or range outside its subnet,
 * a bad name) are refused before the engine is asked; the engine's refusals (an overlapping pool,
 * overlay without swarm) come back in plain words.
 */
export async function createNetwork(docker: Docker, options: NetworkCreateOptions, endpoint = someEngine): Promise<string> {
	const errors = checkNetworkForm(
		{
			name: options.name,
			driver: options.driver,
			subnet: options.subnet ?? '',
			gateway: options.gateway ?? '',
			ipRange: options.ipRange ?? '',
			ipv6Subnet: options.ipv6Subnet ?? '',
			ipv6Gateway: options.ipv6Gateway ?? '',
		},
		[],
	);
	if (formErrorList(errors).length > 0) {
		throw new NetworkFormError(errors);
	}
	try {
		const network = await docker.createNetwork(networkCreateBody(options));
		return network.id;
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		throw failure.statusCode === undefined ? failure : await createRefusal(docker, options, failure, endpoint);
	}
}

// ---------------------------------------------------------------------------------------------
// Remove

function isPredefined(name: string): boolean {
	return predefinedNetworks.includes(name);
}

function predefinedRefusal(name: string): EngineError {
	return new EngineError(t('{name} is a predefined network and cannot be removed', {name}), 403);
}

function namesList(names: readonly string[]): string {
	return `${names.length === 1 ? 'container' : 'containers'} ${names.join(', ')}`;
}

/**
 * Removes a network. The predefined `bridge`, `host` and `none` are refused before any call; a
 * network in use is refused with the names of the containers attached to it.
 */
export async function removeNetwork(docker: Docker, idOrName: string, endpoint = someEngine): Promise<void> {
	if (isPredefined(idOrName)) {
		throw predefinedRefusal(idOrName);
	}
	try {
		await docker.getNetwork(idOrName).remove();
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		const predefined = /^(\S+) is a pre-defined network/.exec(failure.message);
		if (predefined) {
			throw predefinedRefusal(predefined[1] ?? idOrName);
		}
		if (!/active endpoints/.test(failure.message)) {
			throw failure;
		}
		const raw = (await call(endpoint, () => docker.getNetwork(idOrName).inspect()).catch(() => undefined)) as
			| RawNetworkListItem
			| undefined;
		const names = Object.entries(raw?.Containers ?? {})
			.map(([id, container]) => container.Name || id.slice(0, 12))
			.sort();
		const name = raw?.Name ?? idOrName;
		if (names.length === 0) {
			throw new EngineError(t('network {name} is in use (disconnect its containers first)', {name}), failure.statusCode);
		}
		throw new EngineError(t('network {name} is in use by {names} (disconnect them first)', {name, names: namesList(names)}), failure.statusCode);
	}
}

// ---------------------------------------------------------------------------------------------
// Connect and disconnect

export interface ConnectOptions {
	/** Network-scoped names the container answers to on this network. */
	aliases: string[];
	/** A static IPv4 address in one of the network's subnets. */
	ipv4?: string;
	ipv6?: string;
}

/** The engine's refusals of a connect, in plain words. */
function connectRefusal(failure: EngineError, network: string, container: string, ipField: 'ipv4' | 'ipv6'): EngineError {
	const message = failure.message;
	const status = failure.statusCode;
	if (/user specified IP address is supported on user defined networks only/.test(message)) {
		return new EngineError(t('{field}: a static address works only on networks you create; {network} is predefined', {field: ipField, network}), status);
	}
	if (/user specified IP address is supported only when connecting to networks with user configured subnets/.test(message)) {
		return new EngineError(
			`${ipField}: a static address needs a network whose subnet was given when it was created; the engine picked ${network}'s subnet`,
			status,
		);
	}
	const outside = /Invalid address (\S+): It does not belong to any of this network's subnets/.exec(message);
	if (outside) {
		return new EngineError(t('{field}: {address} is not in any subnet of {network}', {field: ipField, address: String(outside[1]), network}), status);
	}
	if (/network-scoped alias is supported only/.test(message)) {
		return new EngineError(t('aliases work only on networks you create; {network} is predefined', {network}), status);
	}
	if (/endpoint with name .* already exists/.test(message)) {
		return new EngineError(t('{container} is already connected to {network}', {container, network}), status);
	}
	return new EngineError(t('cannot connect {container} to {network}: {reason}', {container, network, reason: message}), status);
}

/**
 * Connects a container to a network, with aliases and static addresses. Static addresses are
 * checked against the network's subnets first: "ipv4: 10.9.0.5 is not in 172.30.0.0/16, the
 * subnet of net-a".
 */
export async function connectContainer(
	docker: Docker,
	network: string,
	container: string,
	options: ConnectOptions,
	endpoint = someEngine,
): Promise<void> {
	const ipv4 = present(options.ipv4);
	const ipv6 = present(options.ipv6);
	let networkName = network;
	if (ipv4 !== undefined || ipv6 !== undefined) {
		const raw = (await call(endpoint, () => docker.getNetwork(network).inspect())) as RawNetworkListItem;
		networkName = raw.Name ?? network;
		if (isPredefined(networkName)) {
			throw new EngineError(
				`${ipv4 !== undefined ? 'ipv4' : 'ipv6'}: a static address works only on networks you create; ${networkName} is predefined`,
			);
		}
		const target = {name: networkName, subnets: normalizeNetwork(raw).subnets};
		const problem =
			(ipv4 === undefined ? undefined : checkStaticAddress('ipv4', ipv4, target)) ??
			(ipv6 === undefined ? undefined : checkStaticAddress('ipv6', ipv6, target));
		if (problem !== undefined) {
			throw new EngineError(problem);
		}
	}
	const aliases = options.aliases.map(alias => alias.trim()).filter(alias => alias !== '');
	try {
		await docker.getNetwork(network).connect({
			Container: container,
			EndpointConfig: {
				...(aliases.length > 0 ? {Aliases: aliases} : {}),
				...(ipv4 !== undefined || ipv6 !== undefined
					? {IPAMConfig: {...(ipv4 ? {IPv4Address: ipv4} : {}), ...(ipv6 ? {IPv6Address: ipv6} : {})}}
					: {}),
			},
		});
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		throw failure.statusCode === undefined
			? failure
			: connectRefusal(failure, networkName, container, ipv4 === undefined && ipv6 !== undefined ? 'ipv6' : 'ipv4');
	}
}

export interface DisconnectOptions {
	/** Disconnect even when the engine cannot reach the container's endpoint (`docker network disconnect -f`). */
	force: boolean;
}

/** Disconnects a container from a network. */
export async function disconnectContainer(
	docker: Docker,
	network: string,
	container: string,
	options: DisconnectOptions,
	endpoint = someEngine,
): Promise<void> {
	try {
		await docker.getNetwork(network).disconnect({Container: container, Force: options.force});
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		if (/is not connected to (the )?network/.test(failure.message)) {
			throw new EngineError(t('{container} is not connected to {network}', {container, network}), failure.statusCode);
		}
		throw failure.statusCode === undefined
			? failure
			: new EngineError(t('cannot disconnect {container} from {network}: {reason}', {container, network, reason: failure.message}), failure.statusCode);
	}
}

// ---------------------------------------------------------------------------------------------
// Prune

export interface NetworkPruneOptions {
	/** Only networks with these labels ("key" or "key=value"), as the engine's `label` filter. */
	label?: string[];
}

/** A network a prune would remove. */
export interface PrunableNetwork extends NetworkRow {
	/**
	 * Stopped containers that still have the network in their settings: the engine prunes it all
	 * the same (only running containers hold a network), and they will not start again until
	 * connected elsewhere.
	 */
	stoppedContainers: string[];
}

export interface NetworkPruneResult {
	/** Names of the networks deleted. */
	deleted: string[];
}

function labelFilters(options: NetworkPruneOptions): Record<string, string[]> {
	return options.label?.length ? {label: options.label} : {};
}

/**
 * What `pruneNetworks` with the same options would remove, for the user to see before confirming:
 * custom networks no running container is connected to (the engine counts endpoints, so networks
 * of stopped containers go too), never `bridge`, `host`, `none` or the swarm's ingress.
 */
export async function networksToPrune(
	docker: Docker,
	endpoint = someEngine,
	options: NetworkPruneOptions = {},
): Promise<PrunableNetwork[]> {
	const filters = labelFilters(options);
	const [networks, containers] = await call(endpoint, () =>
		Promise.all([docker.listNetworks({filters}), docker.listContainers({all: true})]),
	);
	const attached = attachedContainers(containers as RawListedContainer[]);
	const candidates = (networks as RawNetworkListItem[]).filter(
		network => !isPredefined(network.Name ?? '') && !(network.Ingress ?? false),
	);
	const inspected = await Promise.all(
		candidates.map(async network => {
			const raw = (await call(endpoint, () => docker.getNetwork(network.Id).inspect()).catch(() => undefined)) as
				| RawNetworkListItem
				| undefined;
			return raw && Object.keys(raw.Containers ?? {}).length === 0 ? network : undefined;
		}),
	);
	return inspected
		.filter((network): network is RawNetworkListItem => network !== undefined)
		.map(network => ({
			...normalizeNetworkRow(network, attached),
			stoppedContainers: attachedTo(attached, network.Id, network.Name ?? ''),
		}));
}

/** Removes unused custom networks, as `docker network prune`; resolves with the removed networks' names. */
export async function pruneNetworks(
	docker: Docker,
	endpoint = someEngine,
	options: NetworkPruneOptions = {},
): Promise<NetworkPruneResult> {
	const raw = (await call(endpoint, () => docker.pruneNetworks({filters: labelFilters(options)}))) as {
		NetworksDeleted?: string[] | null;
	};
	return {deleted: raw.NetworksDeleted ?? []};
}

// ---------------------------------------------------------------------------------------------
// Inspect

export interface IpamConfigDetails {
	subnet: string;
	gateway: string;
	ipRange: string;
	auxAddresses: Record<string, string>;
}

export interface NetworkContainer {
	id: string;
	name: string;
	/** Address without its prefix length ('' when the container is not running and has no static one). */
	ipv4: string;
	ipv6: string;
	mac: string;
	/** The ones given at connect or create (not the short id engines before 25 add to every container's list). */
	aliases: string[];
	/** Whether it holds an endpoint now (a running container). */
	running: boolean;
}

export interface NetworkDetails {
	id: string;
	name: string;
	driver: string;
	scope: string;
	/** Epoch milliseconds. */
	created: number;
	internal: boolean;
	attachable: boolean;
	ingress: boolean;
	enableIPv6: boolean;
	ipam: {driver: string; config: IpamConfigDetails[]; options: Record<string, string>};
	/** Driver options, e.g. `com.docker.network.bridge.name`. */
	options: Record<string, string>;
	labels: Record<string, string>;
	/** Running containers first, then stopped ones, each by name. */
	containers: NetworkContainer[];
}

interface RawInspectedContainer {
	Id: string;
	Name?: string;
	State?: {Running?: boolean};
	NetworkSettings?: {
		Networks?: Record<
			string,
			{
				Aliases?: string[] | null;
				IPAddress?: string;
				GlobalIPv6Address?: string;
				MacAddress?: string;
				IPAMConfig?: {IPv4Address?: string; IPv6Address?: string} | null;
			} | null
		> | null;
	} | null;
}

function withoutPrefix(address: string | undefined): string {
	return (address ?? '').replace(/\/\d+$/, '');
}

/**
 * A network's details, with every container attached to it: those running (the engine's
 * endpoints, addresses from inspect) and those stopped; aliases come from each container's own
 * settings for the network.
 */
export async function inspectNetwork(docker: Docker, id: string, endpoint = someEngine): Promise<NetworkDetails> {
	const raw = (await call(endpoint, () => docker.getNetwork(id).inspect())) as RawNetworkListItem;
	const summary = normalizeNetwork(raw);
	const name = summary.name;
	const endpoints = raw.Containers ?? {};
	const listed = (await call(endpoint, () =>
		docker.listContainers({all: true, filters: {network: [name]}}),
	)) as RawListedContainer[];
	const ids = [...new Set([...Object.keys(endpoints), ...listed.map(container => container.Id)])];
	const containers = await Promise.all(
		ids.map(async (containerId): Promise<NetworkContainer> => {
			const attached = endpoints[containerId];
			const details = (await docker
				.getContainer(containerId)
				.inspect()
				.catch(() => undefined)) as RawInspectedContainer | undefined;
			const settings = details?.NetworkSettings?.Networks?.[name] ?? undefined;
			const listedName = listed.find(container => container.Id === containerId);
			return {
				id: containerId,
				name:
					attached?.Name ||
					details?.Name?.replace(/^\//, '') ||
					(listedName ? containerName(listedName.Names, containerId) : containerId.slice(0, 12)),
				ipv4: withoutPrefix(attached?.IPv4Address) || settings?.IPAddress || settings?.IPAMConfig?.IPv4Address || '',
				ipv6: withoutPrefix(attached?.IPv6Address) || settings?.GlobalIPv6Address || settings?.IPAMConfig?.IPv6Address || '',
				mac: attached?.MacAddress || settings?.MacAddress || '',
				aliases: (settings?.Aliases ?? []).filter(alias => alias !== containerId.slice(0, 12)),
				running: attached !== undefined,
			};
		}),
	);
	containers.sort((a, b) => Number(b.running) - Number(a.running) || compareText(a.name, b.name));
	return {
		id: summary.id,
		name,
		driver: summary.driver,
		scope: summary.scope,
		created: summary.created,
		internal: summary.internal,
		attachable: raw.Attachable ?? false,
		ingress: raw.Ingress ?? false,
		enableIPv6: raw.EnableIPv6 ?? false,
		ipam: {
			driver: raw.IPAM?.Driver ?? '',
			config: (raw.IPAM?.Config ?? []).map(config => ({
				subnet: config.Subnet ?? '',
				gateway: config.Gateway ?? '',
				ipRange: config.IPRange ?? '',
				auxAddresses: {...config.AuxiliaryAddresses},
			})),
			options: {...raw.IPAM?.Options},
		},
		options: {...raw.Options},
		labels: {...raw.Labels},
		containers,
	};
}
