// `docker logs --since/--until` times: what the docker CLI accepts (its GetTimestamp), turned into
// seconds since the epoch. A duration counts back from `now`; a time without a zone is read in the
// local zone at `now`, as the CLI does.
import type {Field} from './field.js';
import {t} from '../i18n/translate.js';

const NANOS_PER_UNIT: Record<string, number> = {
	ns: 1e-9,
	us: 1e-6,
	'µs': 1e-6,
	'μs': 1e-6,
	ms: 1e-3,
	s: 1,
	m: 60,
	h: 3600,
};

// Go's time.ParseDuration: an optional sign, then one or more decimal numbers each with a unit.
// The micro signs are escapes (U+00B5 and U+03BC), so that the bundle stays ASCII (see code-cache.ts).
const DURATION = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;
const DURATION_PART = /(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g;

/** Seconds of a Go duration ("1h30m", "42m", "1.5h", "300ms"), or undefined. */
export function durationSeconds(text: string): number | undefined {
	const match = DURATION.exec(text);
	if (!match) {
		return undefined;
	}
	let seconds = 0;
	for (const part of (match[2] ?? '').matchAll(DURATION_PART)) {
		seconds += Number(part[1]) * (NANOS_PER_UNIT[part[2] ?? ''] ?? 0);
	}
	return match[1] === '-' ? -seconds : seconds;
}

// YYYY-MM-DD, then optionally Thh[:mm[:ss[.fraction]]], then optionally Z or ±hh:mm.
const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|[+-]\d{2}:\d{2})?$/;
const UNIX = /^(\d+)(?:\.(\d{1,9}))?$/;

function daysIn(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Seconds since the epoch of an RFC 3339-like time, or undefined when it is not one (or out of range). */
function timestampSeconds(text: string, now: number): number | undefined {
	const match = TIMESTAMP.exec(text);
	if (!match) {
		return undefined;
	}
	const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	const hour = Number(h ?? 0);
	const minute = Number(mi ?? 0);
	const second = Number(s ?? 0);
	if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
		return undefined;
	}
	// Go's layouts: a fraction needs seconds, and an hour alone is written "T15".
	let offsetMinutes: number;
	if (zone === undefined) {
		// The CLI reads a time without a zone in the local zone's offset at the reference time.
		offsetMinutes = -new Date(now).getTimezoneOffset();
	} else if (zone === 'Z') {
		offsetMinutes = 0;
	} else {
		const zoneHours = Number(zone.slice(1, 3));
		const zoneMinutes = Number(zone.slice(4, 6));
		if (zoneHours > 23 || zoneMinutes > 59) {
			return undefined;
		}
		offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
	}
	const utc = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offsetMinutes * 60;
	return fraction === '' ? utc : utc + Number(`0.${fraction}`);
}

/**
 * A `--since`/`--until` value as seconds since the epoch (possibly fractional): a duration back
 * from `now` (epoch milliseconds) such as `42m`, `1h30m` or `10s`; an RFC 3339 timestamp with or
 * without fractional seconds and zone (`2026-11-29T10:00:00.5Z`, `2026-11-29T10:00:00+02:00`); a
 * date or a date and time (`2026-11-29`, `2026-11-29T10:00`, local time when no zone is given);
 * or Unix seconds (`1700000000`, `1700000000.5`).
 */
export function parseSince(text: string, now: number, field = 'since'): Field<number> {
	const value = text.trim();
	if (value === '') {
		return {error: t('{field}: needs a time or a duration', {field})};
	}
	const duration = value === '0' ? undefined : durationSeconds(value);
	if (duration !== undefined) {
		return {value: now / 1000 - duration};
	}
	const timestamp = timestampSeconds(value, now);
	if (timestamp !== undefined) {
		return {value: timestamp};
	}
	const unix = UNIX.exec(value);
	if (unix) {
		return {value: Number(unix[1]) + (unix[2] ? Number(`0.${unix[2]}`) : 0)};
	}
	if (value.includes('-') && /^\d{4}-/.test(value)) {
		return {error: t('{field}: {value} is not a valid date or time (use 2026-11-29, 2026-11-29T10:00 or 2026-11-29T10:00:00Z)', {field, value})};
	}
	return {
		error: t('{field}: {value} is not a time or a duration (use 42m, 1h30m, 2026-11-29, 2026-11-29T10:00, an RFC 3339 time or Unix seconds)', {field, value}),
	};
}

/** Seconds since the epoch as the engine's `since`/`until` take them: "1700000000.500000000". */
export function formatEngineTime(seconds: number): string {
	const whole = Math.floor(seconds);
	const nanos = Math.round((seconds - whole) * 1e9);
	return nanos >= 1e9 ? `${whole + 1}.000000000` : `${whole}.${String(nanos).padStart(9, '0')}`;
}
