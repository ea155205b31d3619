import type {ImageSummary, NetworkSummary, VolumeSummary} from '../../engine/types.js';
import {formatAge, formatSize, sanitize, shortId} from '../../format/index.js';
import type {Column} from './table.js';

export interface ObjectTable<T> {
	columns: Column[];
	cells(item: T, now: number): string[];
	empty: string;
}

export const IMAGE_TABLE: ObjectTable<ImageSummary> = {
	columns: [
		{title: 'REPOSITORY:TAG', min: 14, max: 48},
		{title: 'ID', min: 12, max: 12},
		{title: 'SIZE', min: 8, max: 9},
		{title: 'AGE', min: 4, max: 5},
		{title: 'USED', min: 4, max: 5},
	],
	cells: (image, now) => [
		sanitize(image.tags.length > 0 ? image.tags.join(', ') : '<none>:<none>'),
		shortId(image.id),
		formatSize(image.size),
		formatAge(now - image.created),
		image.containers < 0 ? '' : String(image.containers),
	],
	empty: 'no images',
};

export const VOLUME_TABLE: ObjectTable<VolumeSummary> = {
	columns: [
		{title: 'NAME', min: 16, max: 64},
		{title: 'DRIVER', min: 6, max: 10},
		{title: 'AGE', min: 4, max: 5},
		{title: 'PROJECT', min: 7, max: 16},
	],
	cells: (volume, now) => [
		sanitize(volume.name),
		sanitize(volume.driver),
		volume.created === undefined ? '' : formatAge(now - volume.created),
		sanitize(volume.labels['com.docker.compose.project'] ?? ''),
	],
	empty: 'no volumes',
};

export const NETWORK_TABLE: ObjectTable<NetworkSummary> = {
	columns: [
		{title: 'NAME', min: 12, max: 40},
		{title: 'DRIVER', min: 6, max: 10},
		{title: 'SCOPE', min: 5, max: 6},
		{title: 'SUBNET', min: 10, max: 36},
	],
	cells: network => [sanitize(network.name), sanitize(network.driver), sanitize(network.scope), sanitize(network.subnets.join(', '))],
	empty: 'no networks',
};
