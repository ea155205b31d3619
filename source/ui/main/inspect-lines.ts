import type {ContainerDetails, ImageDetails, NetworkDetails, SystemInfo, VolumeDetails} from '../../engine/types.js';
import {compareText, formatSize, humanDuration, sanitize, shortId} from '../../format/index.js';
import {dockerPortLines} from '../../format/port-lines.js';
import type {TextLine} from './ScrollText.js';
import {tone} from '../theme.js';

const NEVER = '0001-01-01T00:00:00Z';

function heading(text: string): TextLine {
	return {text: sanitize(text), bold: true, tone: tone.accent};
}

function field(label: string, value: string): TextLine {
	return {text: `  ${label.padEnd(14)} ${sanitize(value)}`};
}

function list(label: string, values: readonly string[], empty = 'none'): TextLine[] {
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
	return iso === NEVER || Number.isNaN(at) ? 'never' : `${iso} (${humanDuration(now - at)} ago)`;
}

function labelLines(labels: Readonly<Record<string, string>>): string[] {
	return Object.entries(labels)
		.sort(([a], [b]) => compareText(a, b))
		.map(([key, value]) => `${key}=${value}`);
}

export function containerInspectLines(details: ContainerDetails, now: number): TextLine[] {
	const {state} = details;
	const lines: TextLine[] = [
		heading('Container'),
		field('name', details.name),
		field('id', details.id),
		field('image', `${details.image} (${shortId(details.imageId)})`),
		field('command', argv(details.command)),
		field('entrypoint', details.entrypoint.length > 0 ? argv(details.entrypoint) : 'none'),
		field('working dir', details.workingDir || '/'),
		field('user', details.user || 'root (default)'),
		field('hostname', details.hostname),
		field('tty', details.tty ? 'yes' : 'no'),
		field('restart', details.restartPolicy.name === '' || details.restartPolicy.name === 'no'
			? 'no'
			: `${details.restartPolicy.name}${details.restartPolicy.maxRetries > 0 ? ` (max ${details.restartPolicy.maxRetries} retries)` : ''}`),
		heading('State'),
		field('status', state.status),
		field('started', ago(state.startedAt, now)),
		field('finished', ago(state.finishedAt, now)),
		field('exit code', String(state.exitCode)),
		field('pid', state.pid > 0 ? String(state.pid) : '-'),
		field('oom killed', state.oomKilled ? 'yes' : 'no'),
	];
	if (state.error) {
		lines.push({text: `  error          ${sanitize(state.error)}`, tone: tone.error});
	}

	if (details.health) {
		const last = details.health.log.at(-1);
		lines.push(
			heading('Health'),
			field('status', details.health.status),
			field('failing streak', String(details.health.failingStreak)),
		);
		if (last) {
			lines.push(field('last check', `exit ${last.exitCode} at ${last.end}`), field('output', last.output.trim()));
		}
	}

	lines.push(
		// As `docker port` prints them, plus the exposed ports nothing publishes.
		...list('Ports', dockerPortLines(details.ports)),
		...list(
			'Networks',
			details.networks.map(network =>
				[
					network.name,
					network.ipAddress && `ip ${network.ipAddress}`,
					network.ipv6Address && `ipv6 ${network.ipv6Address}`,
					network.gateway && `gateway ${network.gateway}`,
					network.macAddress && `mac ${network.macAddress}`,
					network.aliases.length > 0 && `aliases ${network.aliases.join(', ')}`,
				]
					.filter(Boolean)
					.join('  '),
			),
		),
		...list(
			'Mounts',
			details.mounts.map(mount => `${mount.type} ${mount.name ?? mount.source} -> ${mount.destination} (${mount.readWrite ? 'rw' : 'ro'}${mount.mode ? `, ${mount.mode}` : ''})`),
		),
		...list('Environment', details.env),
		...list('Labels', labelLines(details.labels)),
	);
	return lines;
}

export function imageInspectLines(image: ImageDetails, now: number): TextLine[] {
	const {config} = image;
	const platform = [image.os, image.architecture, image.variant].filter(Boolean).join('/');
	return [
		heading('Image'),
		field('id', image.id),
		field('platform', platform || 'unknown'),
		field('created', `${new Date(image.created).toISOString()} (${humanDuration(now - image.created)} ago)`),
		field('author', image.author || 'none'),
		field('size', formatSize(image.size)),
		field('layers', String(image.layers)),
		field('parent', image.parentId === '' ? 'none' : shortId(image.parentId)),
		...(image.comment === '' ? [] : [field('comment', image.comment)]),
		...list('Tags', image.repoTags, '<none> (dangling)'),
		...list('Digests', image.repoDigests),
		heading('Config'),
		field('cmd', config.cmd.length > 0 ? argv(config.cmd) : 'none'),
		field('entrypoint', config.entrypoint.length > 0 ? argv(config.entrypoint) : 'none'),
		field('working dir', config.workingDir || '/'),
		field('user', config.user || 'root (default)'),
		...(config.stopSignal === '' ? [] : [field('stop signal', config.stopSignal)]),
		...list('Exposed ports', config.exposedPorts),
		...list('Volumes', config.volumes),
		...list('Env', config.env),
		...list('Labels', labelLines(config.labels)),
	];
}

export function volumeInspectLines(volume: VolumeDetails, now: number): TextLine[] {
	return [
		heading('Volume'),
		field('name', volume.name),
		field('driver', volume.driver),
		field('scope', volume.scope),
		field('mountpoint', volume.mountpoint),
		field('created', volume.created === undefined ? 'unknown' : `${new Date(volume.created).toISOString()} (${humanDuration(now - volume.created)} ago)`),
		...list('Used by', volume.users.map(user => `${user.name} (${user.state}) at ${user.destination}${user.readWrite ? '' : ', read-only'}`), 'no container (dangling)'),
		...list('Options', labelLines(volume.options)),
		...(volume.status ? list('Status', labelLines(volume.status)) : []),
		...list('Labels', labelLines(volume.labels)),
	];
}

export function networkInspectLines(network: NetworkDetails, now: number): TextLine[] {
	const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
	return [
		heading('Network'),
		field('name', network.name),
		field('id', network.id),
		field('driver', network.driver),
		field('scope', network.scope),
		field('internal', yesNo(network.internal)),
		field('attachable', yesNo(network.attachable)),
		field('IPv6', yesNo(network.enableIPv6)),
		...(network.ingress ? [field('ingress', 'yes')] : []),
		field('created', `${new Date(network.created).toISOString()} (${humanDuration(now - network.created)} ago)`),
		...list(
			'Containers',
			network.containers.map(container =>
				[
					container.name,
					container.running ? '' : '(stopped)',
					container.ipv4 && `IPv4 ${container.ipv4}`,
					container.ipv6 && `IPv6 ${container.ipv6}`,
					container.mac && `MAC ${container.mac}`,
					container.aliases.length > 0 ? `aliases ${container.aliases.join(', ')}` : '',
				]
					.filter(Boolean)
					.join('  '),
			),
		),
		heading(`IPAM (driver ${network.ipam.driver || 'default'})`),
		...(network.ipam.config.length === 0
			? [{text: '  the engine picks the subnet', dim: true}]
			: network.ipam.config.map(config => ({
					text: sanitize(
						`  subnet ${config.subnet || '-'}  gateway ${config.gateway || '-'}${config.ipRange ? `  range ${config.ipRange}` : ''}${Object.keys(config.auxAddresses).length > 0 ? `  aux ${labelLines(config.auxAddresses).join(', ')}` : ''}`,
					),
				}))),
		...list('IPAM options', labelLines(network.ipam.options)),
		...list('Options', labelLines(network.options)),
		...list('Labels', labelLines(network.labels)),
	];
}

/** The engine as `docker info` shows it, and how berth reaches it. */
export function systemInfoLines(info: SystemInfo, client: {endpoint: string; apiVersion?: string}): TextLine[] {
	return [
		heading('Engine'),
		field('name', info.name),
		field('version', info.engineVersion),
		field('API version', info.apiVersion),
		field('OS', `${info.operatingSystem} (${info.osType})`),
		field('kernel', info.kernelVersion),
		field('architecture', info.architecture),
		field('CPUs', String(info.cpus)),
		field('memory', formatSize(info.memory)),
		field('storage', [info.storageDriver, ...info.storageStatus.map(([key, value]) => `${key}: ${value}`)].join(', ')),
		field('cgroup', `${info.cgroupDriver}${info.cgroupVersion ? `, version ${info.cgroupVersion}` : ''}`),
		field('root dir', info.rootDir),
		field('logging', info.loggingDriver),
		field('runtime', info.defaultRuntime),
		field('live restore', info.liveRestore ? 'on' : 'off'),
		field('swarm', info.swarm),
		field('containers', `${info.containers.total} (${info.containers.running} running, ${info.containers.paused} paused, ${info.containers.stopped} stopped)`),
		field('images', String(info.images)),
		...list('Registry mirrors', info.registryMirrors),
		...list('Insecure registries', info.insecureRegistries),
		...list('Security options', info.securityOptions),
		...(info.warnings.length === 0 ? [] : [heading('Warnings'), ...info.warnings.map(warning => ({text: `  ${sanitize(warning)}`, tone: tone.warning}))]),
		heading('Client'),
		field('endpoint', client.endpoint),
		field('API version', client.apiVersion ? `${client.apiVersion} (negotiated)` : 'unknown'),
	];
}
