import type {ImageSummary, NetworkSummary, VolumeSummary, VolumeUsage} from '../../engine/types.js';
import {t} from '../../i18n/translate.js';
import {formatAge, formatSize, localDuration, sanitize, shortId} from '../../format/index.js';
import type {Job} from '../../store/jobs.js';
import type {EngineInfo, ModelState} from '../../store/model-store.js';
import {containersByImage, containersByVolume, isIntermediate, networkUsers} from '../../store/selectors.js';
import {glyph} from '../glyphs.js';
import {tone, type Tone} from '../theme.js';
import type {Column} from './table.js';
import {bareKey} from '../../format/engine-key.js';
import {connectionWord, ENGINE_COLUMN, engineCell} from './engine-column.js';

export interface ObjectTable<T, C = undefined> {
	columns: Column[];
	/** `context` is what the pane loaded besides the model (volume sizes), when it has loaded. */
	cells(item: T, now: number, model: ModelState, context?: C): string[];
	/** The row's key, as marks and busy work are kept. */
	key(item: T): string;
	/** A glyph before the row and its colour (dangling images, a job's state). */
	glyph?(item: T, model: ModelState): {glyph: string; tone?: Tone};
	/** Shown when the list is empty, in the user's language. */
	empty(): string;
}

export const IMAGE_TABLE: ObjectTable<ImageSummary> = {
	columns: [
		{get title() { return t('REPOSITORY:TAG'); }, min: 14, max: 48},
		{get title() { return t('ID'); }, min: 12, max: 12},
		{get title() { return t('SIZE'); }, min: 8, max: 9, align: 'right'},
		{get title() { return t('CREATED'); }, min: 7, max: 8},
		{get title() { return t('USED BY'); }, min: 7, max: 8, align: 'right'},
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
	empty: () => t('no images'),
};

export const VOLUME_TABLE: ObjectTable<VolumeSummary, ReadonlyMap<string, VolumeUsage>> = {
	columns: [
		{get title() { return t('NAME'); }, min: 16, max: 64},
		{get title() { return t('DRIVER'); }, min: 6, max: 10},
		{get title() { return t('SCOPE'); }, min: 5, max: 6},
		{get title() { return t('USED BY'); }, min: 7, max: 8, align: 'right'},
		{get title() { return t('SIZE'); }, min: 7, max: 9, align: 'right'},
		{get title() { return t('CREATED'); }, min: 7, max: 8},
		{get title() { return t('MOUNTPOINT'); }, min: 10, max: 80, priority: 9},
		ENGINE_COLUMN,
	],
	cells(volume, now, model, usage) {
		const size = usage?.get(volume.name)?.size;
		return [
			sanitize(bareKey(volume.name)),
			sanitize(volume.driver),
			sanitize(volume.scope),
			String(containersByVolume(model.containers).get(volume.name)?.length ?? 0),
			size === undefined ? '' : size < 0 ? t('n/a') : formatSize(size),
			volume.created === undefined ? '' : formatAge(now - volume.created),
			sanitize(volume.mountpoint),
			engineCell(volume),
		];
	},
	key: volume => volume.name,
	// Dangling: no container mounts it, what `volume prune` removes.
	glyph: (volume, model) => (containersByVolume(model.containers).has(volume.name) ? {glyph: ' '} : {glyph: glyph.ring, tone: tone.warning}),
	empty: () => t('no volumes'),
};

export const NETWORK_TABLE: ObjectTable<NetworkSummary> = {
	columns: [
		{get title() { return t('NAME'); }, min: 12, max: 40},
		{get title() { return t('DRIVER'); }, min: 6, max: 10},
		{get title() { return t('SCOPE'); }, min: 5, max: 6},
		{get title() { return t('SUBNET'); }, min: 10, max: 44},
		{get title() { return t('GATEWAY'); }, min: 7, max: 40},
		{get title() { return t('INTERNAL'); }, min: 8, max: 8},
		{get title() { return t('ATTACHABLE'); }, min: 10, max: 10},
		{get title() { return t('CONTAINERS'); }, min: 10, max: 10, align: 'right'},
		ENGINE_COLUMN,
	],
	cells: (network, _now, model) => [
		sanitize(network.name),
		sanitize(network.driver),
		sanitize(network.scope),
		sanitize(network.subnets.join(', ')),
		sanitize(network.gateways.join(', ')),
		network.internal ? t('yes') : '',
		network.attachable ? t('yes') : '',
		String(networkUsers(model.containers, network).length),
		engineCell(network),
	],
	key: network => network.id,
	empty: () => t('no networks'),
};

/** "connected", "syncing", or "reconnecting" with the reason the engine went away. */
function engineState(engine: EngineInfo): string {
	const {status, error} = engine.connection;
	if (status === 'connected') {
		return engine.stale ? t('syncing') : t('connected');
	}

	const word = connectionWord(status);
	const reason = error?.trim();
	return reason ? t('{state} {reason}', {state: word, reason: sanitize(reason)}) : word;
}

export const ENGINE_TABLE: ObjectTable<EngineInfo> = {
	columns: [
		{get title() { return t('ENGINE'); }, min: 16, max: 48},
		{get title() { return t('VERSION'); }, min: 7, max: 20},
		{get title() { return t('STATE'); }, min: 9, max: 40},
	],
	cells: engine => [
		sanitize(engine.endpoint),
		sanitize(engine.version ?? ''),
		engineState(engine),
	],
	key: engine => engine.endpoint,
	glyph: engine => (engine.connection.status === 'connected' ? {glyph: glyph.filled, tone: tone.success} : {glyph: glyph.ring, tone: tone.error}),
	empty: () => t('no engine'),
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
		return sanitize(job.error ?? t('failed'));
	}

	if (job.status === 'cancelled') {
		return t('cancelled');
	}

	if (job.status === 'done') {
		return sanitize(job.result ?? t('done'));
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

		const layers = {finished, count: job.layers.length};
		return total > 0
			? t('{percent}% of {size}, {finished}/{count} layers', {percent: Math.floor((100 * current) / total), size: formatSize(total), ...layers})
			: t('{finished}/{count} layers', layers);
	}

	if (job.bytes) {
		const current = formatSize(job.bytes.current);
		return job.bytes.total ? t('{current} of {total}', {current, total: formatSize(job.bytes.total)}) : current;
	}

	return sanitize(job.lines.at(-1) ?? t('starting'));
}

export const JOB_TABLE: ObjectTable<Job> = {
	columns: [
		{get title() { return t('JOB'); }, min: 16, max: 48},
		{get title() { return t('PROGRESS'); }, min: 12, max: 60},
		{get title() { return t('TOOK'); }, min: 5, max: 8},
	],
	cells: (job, now) => [sanitize(job.title), jobProgress(job), localDuration((job.ended ?? now) - job.started)],
	key: job => job.id,
	glyph: job => JOB_LOOKS[job.status](),
	empty: () => t('no jobs yet: pull, push, build, save and load run here'),
};
