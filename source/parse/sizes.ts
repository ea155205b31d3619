import type {Field} from './field.js';
import {t} from '../i18n/translate.js';

// As docker's RAMInBytes (go-units): binary units, an optional i and b, a space allowed before the unit.
const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;
const UNITS = ['', 'k', 'm', 'g', 't', 'p'];

/** A memory size in bytes: `512m`, `1g`, `1.5GiB`, `1024`; `-1` (unlimited) only where `unlimited` allows it. */
export function parseSize(text: string, field: string, unlimited = false): Field<number> {
	const size = text.trim();
	if (unlimited && size === '-1') {
		return {value: -1};
	}
	const match = SIZE.exec(size);
	if (!match) {
		return {error: unlimited ? t('{field}: {size} is not a size (use a number with b, k, m or g, or -1 for unlimited)', {field, size}) : t('{field}: {size} is not a size (use a number with b, k, m or g)', {field, size})};
	}
	const unit = UNITS.indexOf((match[2] ?? '').toLowerCase());
	return {value: Math.trunc(Number(match[1]) * 1024 ** unit)};
}

/** The shortest exact text for a size: 536870912 → "512m". */
export function formatSizeSpec(bytes: number): string {
	let unit = 0;
	while (unit < 3 && bytes > 0 && bytes % 1024 ** (unit + 1) === 0) {
		unit += 1;
	}
	return bytes < 0 ? String(bytes) : `${bytes / 1024 ** unit}${['b', 'k', 'm', 'g'][unit]}`;
}
