import type {ImageSummary, NetworkSummary, VolumeSummary, VolumeUsage} from '../../engine/types.js';
import {formatAge, formatSize, humanDuration, sanitize, shortId} from '../../format/index.js';
import type {Job} from '../../store/jobs.js';
import type {EngineInfo, ModelState} from '../../store/model-store.js';
import {containersByImage, containersByNetwork, containersByVolume, isIntermediate} from '../../store/selectors.js';
import {glyph} from '../glyphs.js';
import {tone, type Tone} from '../theme.js';
import type {Column} from './table.js';
import {bareKey} from '../../format/engine-key.js';
import {ENGINE_COLUMN, engineCell} from './engine-column.js';

export interface ObjectTable<T, C = undefined> {
	columns: Column[];
	/** `context` is what the pane loaded besides the model (volume sizes), when it has loaded. */
	cells(item: T, now: number, model: ModelState, context?: C): string[];
	/** The row's key, as marks and busy work are kept. */
	key(item: T): string;
	/** A glyph before the row and its colour (dangling images, a job's state). */
	glyph?(item: T, model: ModelState): {glyph: string; tone?: Tone};
	empty: string;
}

export const IMAGE_TABLE: ObjectTable<ImageSummary> = {
	columns: [
		{title: 'REPOSITORY:TAG', min: 14, max: 48},
		{title: 'ID', min: 12, max: 12},
		{title: 'SIZE', min: 8, max: 9, align: 'right'},
		{title: 'CREATED', min: 7, max: 8},
		{title: 'USED BY', min: 7, max: 8, align: 'right'},
		ENGINE_COLUMN,
	],
	cells: (image, now, model) => [
		sanitize(image.tags.length > 0 ? image.tags.join(', ') : '<none>:<none>'),
		shortId(image.id),
		formatSize(image.size),
		formatAge(now - image.created),
		String(containersByImage(model.containers).get(image.id)?.length ?? 0),
		engineCell(image),
	],
	key: image => image.id,
	glyph(image, model) {
		if (image.tags.length > 0) {
			return {glyph: ' '};
		}

		// Dangling: untagged and nobody's parent, what `image prune` removes. Intermediate: a build step.
		return isIntermediate(model.images).has(image.id) ? {glyph: glyph.dot, tone: tone.muted} : {glyph: glyph.ring, tone: tone.warning};
	},
	empty: 'no images',
};

export const VOLUME_TABLE: ObjectTable<VolumeSummary, ReadonlyMap<string, VolumeUsage>> = {
	columns: [
		{title: 'NAME', min: 16, max: 64},
		{title: 'DRIVER', min: 6, max: 10},
		{title: 'SCOPE', min: 5, max: 6},
		{title: 'USED BY', min: 7, max: 8, align: 'right'},
		{title: 'SIZE', min: 7, max: 9, align: 'right'},
		{title: 'CREATED', min: 7, max: 8},
		{title: 'MOUNTPOINT', min: 10, max: 80, priority: 9},
		ENGINE_COLUMN,
	],
	cells(volume, now, model, usage) {
		const size = usage?.get(volume.name)?.size;
		return [
			sanitize(bareKey(volume.name)),
			sanitize(volume.driver),
			sanitize(volume.scope),
			String(containersByVolume(model.containers).get(volume.name)?.length ?? 0),
			size === undefined ? '' : size < 0 ? 'n/a' : formatSize(size),
			volume.created === undefined ? '' : formatAge(now - volume.created),
			sanitize(volume.mountpoint),
			engineCell(volume),
		];
	},
	key: volume => volume.name,
	// Dangling: no container mounts it, what `volume prune` removes.
	glyph: (volume, model) => (containersByVolume(model.containers).has(volume.name) ? {glyph: ' '} : {glyph: glyph.ring, tone: tone.warning}),
	empty: 'no volumes',
};

export const NETWORK_TABLE: ObjectTable<NetworkSummary> = {
	columns: [
		{title: 'NAME', min: 12, max: 40},
		{title: 'DRIVER', min: 6, max: 10},
		{title: 'SCOPE', min: 5, max: 6},
		{title: 'SUBNET', min: 10, max: 44},
		{title: 'GATEWAY', min: 7, max: 40},
		{title: 'INTERNAL', min: 8, max: 8},
		{title: 'ATTACHABLE', min: 10, max: 10},
		{title: 'CONTAINERS', min: 10, max: 10, align: 'right'},
		ENGINE_COLUMN,
	],
	cells: (network, _now, model) => [
		sanitize(network.name),
		sanitize(network.driver),
		sanitize(network.scope),
		sanitize(network.subnets.join(', ')),
		sanitize(network.gateways.join(', ')),
		network.internal ? 'yes' : '',
		network.attachable ? 'yes' : '',
		String(containersByNetwork(model.containers).get(network.name)?.length ?? 0),
		engineCell(network),
	],
	key: network => network.id,
	empty: 'no networks',
};

export const ENGINE_TABLE: ObjectTable<EngineInfo> = {
	columns: [
		{title: 'ENGINE', min: 16, max: 48},
		{title: 'VERSION', min: 7, max: 20},
		{title: 'STATE', min: 9, max: 40},
	],
	cells: engine => [
		sanitize(engine.endpoint),
		sanitize(engine.version ?? ''),
		engine.connection.status === 'connected' ? (engine.stale ? 'syncing' : 'connected') : sanitize(`${engine.connection.status} ${engine.connection.error ?? ''}`.trim()),
	],
	key: engine => engine.endpoint,
	glyph: engine => (engine.connection.status === 'connected' ? {glyph: glyph.filled, tone: tone.success} : {glyph: glyph.ring, tone: tone.error}),
	empty: 'no engine',
};

// Looked up when drawn: the glyph set and theme are chosen after this module loads.
const JOB_LOOKS: Readonly<Record<Job['status'], () => {glyph: string; tone: Tone}>> = {
	running: () => ({glyph: glyph.busy, tone: tone.warning}),
	done: () => ({glyph: glyph.done, tone: tone.success}),
	failed: () => ({glyph: glyph.cross, tone: tone.error}),
	cancelled: () => ({glyph: glyph.ring, tone: tone.muted}),
};

/** "43% of 12.5MB, 3/5 layers", "1.2MB", or how it ended. */
export function jobProgress(job: Job): string {
	if (job.status === 'failed') {
		return sanitize(job.error ?? 'failed');
	}

	if (job.status === 'cancelled') {
		return 'cancelled';
	}

	if (job.status === 'done') {
		return sanitize(job.result ?? 'done');
	}

	if (job.layers.length > 0) {
		let current = 0;
		let total = 0;
		let finished = 0;
		for (const layer of job.layers) {
			current += layer.current ?? 0;
			total += layer.total ?? 0;
			finished += Number(/complete|already exists|pushed|mounted/i.test(layer.status));
		}

		const share = total > 0 ? `${Math.floor((100 * current) / total)}% of ${formatSize(total)}, ` : '';
		return `${share}${finished}/${job.layers.length} layers`;
	}

	if (job.bytes) {
		const total = job.bytes.total ? ` of ${formatSize(job.bytes.total)}` : '';
		return `${formatSize(job.bytes.current)}${total}`;
	}

	return sanitize(job.lines.at(-1) ?? 'starting');
}

export const JOB_TABLE: ObjectTable<Job> = {
	columns: [
		{title: 'JOB', min: 16, max: 48},
		{title: 'PROGRESS', min: 12, max: 60},
		{title: 'TOOK', min: 5, max: 8},
	],
	cells: (job, now) => [sanitize(job.title), jobProgress(job), humanDuration((job.ended ?? now) - job.started)],
	key: job => job.id,
	glyph: job => JOB_LOOKS[job.status](),
	empty: 'no jobs yet: pull, push, build, save and load run here',
};
