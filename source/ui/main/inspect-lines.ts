import type {ContainerDetails, ImageDetails, NetworkDetails, SystemInfo, VolumeDetails} from '../../engine/types.js';
import {compareText, formatSize, localDuration, pad, sanitize, shortId, textWidth} from '../../format/index.js';
import {t} from '../../i18n/translate.js';
import {dockerPortLines} from '../../format/port-lines.js';
import type {TextLine} from './ScrollText.js';
import {tone} from '../theme.js';

const NEVER = '0001-01-01T00:00:00Z';

function heading(text: string): TextLine {
	return {text: sanitize(text), bold: true, tone: tone.accent};
}

/** A label (in the user's language) and its value, the values lined up in one column. */
function field(label: string, value: string): TextLine {
	return {text: `  ${pad(label, Math.max(14, textWidth(label)))} ${sanitize(value)}`};
}

function list(label: string, values: readonly string[], empty = t('none')): TextLine[] {
	if (values.length === 0) {
		return [heading(label), {text: `  ${empty}`, dim: true}];
	}

	return [heading(label), ...values.map(value => ({text: `  ${sanitize(value)}`}))];
}

/** Arguments shown as typed: quoted only where a space or quote would make them ambiguous. */
function argv(args: readonly string[]): string {
	return args.map(arg => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}

function ago(iso: string, now: number): string {
	const at = Date.parse(iso);
	return iso === NEVER || Number.isNaN(at) ? t('never') : since(iso, now - at);
}

/** "2026-11-29T10:00:00Z (3 hours ago)" */
function since(iso: string, ms: number): string {
	return t('{time} ({duration} ago)', {time: iso, duration: localDuration(ms)});
}

const yesNo = (value: boolean): string => (value ? t('yes') : t('no'));

function labelLines(labels: Readonly<Record<string, string>>): string[] {
	return Object.entries(labels)
		.sort(([a], [b]) => compareText(a, b))
		.map(([key, value]) => `${key}=${value}`);
}

export function containerInspectLines(details: ContainerDetails, now: number): TextLine[] {
	const {state} = details;
	const lines: TextLine[] = [
		heading(t('Container')),
		field(t('name'), details.name),
		field(t('id'), details.id),
		field(t('image'), `${details.image} (${shortId(details.imageId)})`),
		field(t('command'), argv(details.command)),
		field(t('entrypoint'), details.entrypoint.length > 0 ? argv(details.entrypoint) : t('none')),
		field(t('working dir'), details.workingDir || '/'),
		field(t('user'), details.user || t('root (default)')),
		field(t('hostname'), details.hostname),
		field('tty', yesNo(details.tty)),
		// The policy's name is docker's own word ("no", "always"…).
		field(t('restart'), details.restartPolicy.name === '' || details.restartPolicy.name === 'no'
			? 'no'
			: details.restartPolicy.maxRetries > 0
				? t('{policy} (max {count} retries)', {policy: details.restartPolicy.name, count: details.restartPolicy.maxRetries})
				: details.restartPolicy.name),
		heading(t('State')),
		field(t('status'), state.status),
		field(t('started'), ago(state.startedAt, now)),
		field(t('finished'), ago(state.finishedAt, now)),
		field(t('exit code'), String(state.exitCode)),
		field('pid', state.pid > 0 ? String(state.pid) : '-'),
		field(t('oom killed'), yesNo(state.oomKilled)),
	];
	if (state.error) {
		lines.push({...field(t('error'), state.error), tone: tone.error});
	}

	if (details.health) {
		const last = details.health.log.at(-1);
		lines.push(
			heading(t('Health')),
			field(t('status'), details.health.status),
			field(t('failing streak'), String(details.health.failingStreak)),
		);
		if (last) {
			lines.push(field(t('last check'), t('exit {code} at {time}', {code: last.exitCode, time: last.end})), field(t('output'), last.output.trim()));
		}
	}

	lines.push(
		// As `docker port` prints them, plus the exposed ports nothing publishes.
		...list(t('Ports'), dockerPortLines(details.ports)),
		...list(
			t('Networks'),
			details.networks.map(network =>
				[
					network.name,
					network.ipAddress && `ip ${network.ipAddress}`,
					network.ipv6Address && `ipv6 ${network.ipv6Address}`,
					network.gateway && t('gateway {address}', {address: network.gateway}),
					network.macAddress && `mac ${network.macAddress}`,
					network.aliases.length > 0 && t('aliases {aliases}', {aliases: network.aliases.join(', ')}),
				]
					.filter(Boolean)
					.join('  '),
			),
		),
		...list(
			t('Mounts'),
			details.mounts.map(mount => `${mount.type} ${mount.name ?? mount.source} -> ${mount.destination} (${mount.readWrite ? 'rw' : 'ro'}${mount.mode ? `, ${mount.mode}` : ''})`),
		),
		...list(t('Environment'), details.env),
		...list(t('Labels'), labelLines(details.labels)),
	);
	return lines;
}

export function imageInspectLines(image: ImageDetails, now: number): TextLine[] {
	const {config} = image;
	const platform = [image.os, image.architecture, image.variant].filter(Boolean).join('/');
	return [
		heading(t('Image')),
		field(t('id'), image.id),
		field(t('platform'), platform || t('unknown')),
		field(t('created'), since(new Date(image.created).toISOString(), now - image.created)),
		field(t('author'), image.author || t('none')),
		field(t('size'), formatSize(image.size)),
		field(t('layers'), String(image.layers)),
		field(t('parent'), image.parentId === '' ? t('none') : shortId(image.parentId)),
		...(image.comment === '' ? [] : [field(t('comment'), image.comment)]),
		...list(t('Tags'), image.repoTags, t('<none> (dangling)')),
		...list(t('Digests'), image.repoDigests),
		heading(t('Config')),
		field('cmd', config.cmd.length > 0 ? argv(config.cmd) : t('none')),
		field(t('entrypoint'), config.entrypoint.length > 0 ? argv(config.entrypoint) : t('none')),
		field(t('working dir'), config.workingDir || '/'),
		field(t('user'), config.user || t('root (default)')),
		...(config.stopSignal === '' ? [] : [field(t('stop signal'), config.stopSignal)]),
		...list(t('Exposed ports'), config.exposedPorts),
		...list(t('Volumes'), config.volumes),
		...list(t('Env'), config.env),
		...list(t('Labels'), labelLines(config.labels)),
	];
}

export function volumeInspectLines(volume: VolumeDetails, now: number): TextLine[] {
	return [
		heading(t('Volume')),
		field(t('name'), volume.name),
		field(t('driver'), volume.driver),
		field(t('scope'), volume.scope),
		field(t('mountpoint'), volume.mountpoint),
		field(t('created'), volume.created === undefined ? t('unknown') : since(new Date(volume.created).toISOString(), now - volume.created)),
		...list(
			t('Used by'),
			volume.users.map(user => {
				const values = {name: user.name, state: user.state, destination: user.destination};
				return user.readWrite ? t('{name} ({state}) at {destination}', values) : t('{name} ({state}) at {destination}, read-only', values);
			}),
			t('no container (dangling)'),
		),
		...list(t('Options'), labelLines(volume.options)),
		...(volume.status ? list(t('Status'), labelLines(volume.status)) : []),
		...list(t('Labels'), labelLines(volume.labels)),
	];
}

export function networkInspectLines(network: NetworkDetails, now: number): TextLine[] {
	return [
		heading(t('Network')),
		field(t('name'), network.name),
		field(t('id'), network.id),
		field(t('driver'), network.driver),
		field(t('scope'), network.scope),
		field(t('internal'), yesNo(network.internal)),
		field(t('attachable'), yesNo(network.attachable)),
		field('IPv6', yesNo(network.enableIPv6)),
		...(network.ingress ? [field(t('ingress'), yesNo(true))] : []),
		field(t('created'), since(new Date(network.created).toISOString(), now - network.created)),
		...list(
			t('Containers'),
			network.containers.map(container =>
				[
					container.name,
					container.running ? '' : t('(stopped)'),
					container.ipv4 && `IPv4 ${container.ipv4}`,
					container.ipv6 && `IPv6 ${container.ipv6}`,
					container.mac && `MAC ${container.mac}`,
					container.aliases.length > 0 ? t('aliases {aliases}', {aliases: container.aliases.join(', ')}) : '',
				]
					.filter(Boolean)
					.join('  '),
			),
		),
		heading(t('IPAM (driver {driver})', {driver: network.ipam.driver || t('default')})),
		...(network.ipam.config.length === 0
			? [{text: `  ${t('the engine picks the subnet')}`, dim: true}]
			: network.ipam.config.map(config => ({
					text: sanitize(
						`  ${t('subnet {subnet}  gateway {gateway}', {subnet: config.subnet || '-', gateway: config.gateway || '-'})}${config.ipRange ? t('  range {range}', {range: config.ipRange}) : ''}${Object.keys(config.auxAddresses).length > 0 ? t('  aux {addresses}', {addresses: labelLines(config.auxAddresses).join(', ')}) : ''}`,
					),
				}))),
		...list(t('IPAM options'), labelLines(network.ipam.options)),
		...list(t('Options'), labelLines(network.options)),
		...list(t('Labels'), labelLines(network.labels)),
	];
}

/** The engine as `docker info` shows it, and how berth reaches it. */
export function systemInfoLines(info: SystemInfo, client: {endpoint: string; apiVersion?: string}): TextLine[] {
	return [
		heading(t('Engine')),
		field(t('name'), info.name),
		field(t('version'), info.engineVersion),
		field(t('API version'), info.apiVersion),
		field('OS', `${info.operatingSystem} (${info.osType})`),
		field(t('kernel'), info.kernelVersion),
		field(t('architecture'), info.architecture),
		field('CPUs', String(info.cpus)),
		field(t('memory'), formatSize(info.memory)),
		field(t('storage'), [info.storageDriver, ...info.storageStatus.map(([key, value]) => `${key}: ${value}`)].join(', ')),
		field('cgroup', info.cgroupVersion ? t('{driver}, version {version}', {driver: info.cgroupDriver, version: info.cgroupVersion}) : info.cgroupDriver),
		field(t('root dir'), info.rootDir),
		field(t('logging'), info.loggingDriver),
		field(t('runtime'), info.defaultRuntime),
		field(t('live restore'), info.liveRestore ? t('on') : t('off')),
		field(t('swarm'), info.swarm),
		field(
			t('containers'),
			t('{total} ({running} running, {paused} paused, {stopped} stopped)', {
				total: info.containers.total,
				running: info.containers.running,
				paused: info.containers.paused,
				stopped: info.containers.stopped,
			}),
		),
		field(t('images'), String(info.images)),
		...list(t('Registry mirrors'), info.registryMirrors),
		...list(t('Insecure registries'), info.insecureRegistries),
		...list(t('Security options'), info.securityOptions),
		...(info.warnings.length === 0 ? [] : [heading(t('Warnings')), ...info.warnings.map(warning => ({text: `  ${sanitize(warning)}`, tone: tone.warning}))]),
		heading(t('Client')),
		field(t('endpoint'), client.endpoint),
		field(t('API version'), client.apiVersion ? t('{version} (negotiated)', {version: client.apiVersion}) : t('unknown')),
	];
}
