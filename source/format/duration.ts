import {t} from '../i18n/translate.js';
import {sanitize} from './sanitize.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/** `ms` in `unit`s, rounded half up, as docker rounds hours and longer. */
function rounded(ms: number, unit: number): number {
	return Math.trunc(ms / unit + 0.5);
}

type DurationUnit = 'under-second' | 'second' | 'seconds' | 'about-minute' | 'minutes' | 'about-hour' | 'hours' | 'days' | 'weeks' | 'months' | 'years';

/** Docker's approximate duration as a unit and a count, with docker's thresholds and rounding. */
function measure(ms: number): [DurationUnit, number] {
	const d = Number.isFinite(ms) ? ms : 0;
	const seconds = Math.trunc(d / SECOND);
	if (seconds < 1) {
		return ['under-second', 0];
	}
	if (seconds === 1) {
		return ['second', 1];
	}
	if (seconds < 60) {
		return ['seconds', seconds];
	}
	const minutes = Math.trunc(d / MINUTE);
	if (minutes === 1) {
		return ['about-minute', 1];
	}
	if (minutes < 60) {
		return ['minutes', minutes];
	}
	const hours = rounded(d, HOUR);
	if (hours === 1) {
		return ['about-hour', 1];
	}
	if (hours < 48) {
		return ['hours', hours];
	}
	if (d < 2 * WEEK) {
		return ['days', rounded(d, DAY)];
	}
	if (d < 2 * MONTH) {
		return ['weeks', rounded(d, WEEK)];
	}
	if (d < 2 * YEAR) {
		return ['months', rounded(d, MONTH)];
	}
	return ['years', rounded(d, YEAR)];
}

/**
 * Docker's approximate duration ("Less than a second", "About a minute", "3 hours",
 * "2 weeks" …), with the same thresholds and rounding, so recomputed text matches `docker ps`.
 * Always English, as docker writes it; berth's own sentences use localDuration().
 */
export function humanDuration(ms: number): string {
	const [unit, count] = measure(ms);
	switch (unit) {
		case 'under-second':
			return 'Less than a second';
		case 'second':
			return '1 second';
		case 'about-minute':
			return 'About a minute';
		case 'about-hour':
			return 'About an hour';
		default:
			return `${count} ${unit}`;
	}
}

/** humanDuration() in the user's language: for berth's own texts ("38 minutes ago", "took 3 seconds"). */
export function localDuration(ms: number): string {
	const [unit, count] = measure(ms);
	switch (unit) {
		case 'under-second':
			return t('Less than a second');
		case 'second':
			return t('1 second');
		case 'seconds':
			return t('{count} seconds', {count});
		case 'about-minute':
			return t('About a minute');
		case 'minutes':
			return t('{count} minutes', {count});
		case 'about-hour':
			return t('About an hour');
		case 'hours':
			return t('{count} hours', {count});
		case 'days':
			return t('{count} days', {count});
		case 'weeks':
			return t('{count} weeks', {count});
		case 'months':
			return t('{count} months', {count});
		case 'years':
			return t('{count} years', {count});
	}
}

const DURATION_TEXT = /^(?:(Less than a second)|(About a minute)|(About an hour)|(\d+) (seconds?|minutes|hours|days|weeks|months|years))$/;

/**
 * The shortest duration humanDuration() describes with `text`, so that an estimate of a start
 * time never lies in the future and recomputing the text at once gives `text` back.
 */
function durationLowerBound(text: string): number | undefined {
	const match = DURATION_TEXT.exec(text);
	if (!match) {
		return undefined;
	}
	if (match[1]) {
		return 0;
	}
	if (match[2]) {
		return MINUTE;
	}
	if (match[3]) {
		return HOUR;
	}
	const n = Number(match[4]);
	switch (match[5]) {
		case 'second':
		case 'seconds':
			return n * SECOND;
		case 'minutes':
			return n * MINUTE;
		case 'hours':
			return (n - 0.5) * HOUR;
		// Longer units round half up, and each starts where the previous one stops.
		case 'days':
			return Math.max((n - 0.5) * DAY, 47.5 * HOUR);
		case 'weeks':
			return Math.max((n - 0.5) * WEEK, 2 * WEEK);
		case 'months':
			return Math.max((n - 0.5) * MONTH, 2 * MONTH);
		default:
			return Math.max((n - 0.5) * YEAR, 2 * YEAR);
	}
}

export type StatusKind = 'up' | 'exited' | 'created' | 'restarting' | 'removing' | 'dead' | 'unknown';
export type Health = 'starting' | 'healthy' | 'unhealthy';

export interface ParsedStatus {
	kind: StatusKind;
	/** Estimated epoch ms of the start (up) or of the exit (exited, restarting). */
	since?: number;
	exitCode?: number;
	health?: Health;
	paused: boolean;
	raw: string;
}

// Docker writes "Up <duration>[ (Paused|healthy|unhealthy|health: starting)]"; some engines
// add " ago" after the duration.
const UP = /^Up (.+?)(?: ago)?(?: \((Paused|healthy|unhealthy|health: starting)\))?$/;
const EXITED = /^(Exited|Restarting) \((-?\d+)\) (.+) ago$/;

/**
 * Reads the status text of a container list (`docker ps` STATUS) that was fetched at epoch ms
 * `readAt`, so that formatStatus() can keep it current.
 */
export function parseStatus(status: string, readAt: number): ParsedStatus {
	const raw = status;
	const text = status.trim();
	switch (text) {
		case 'Created':
			return {kind: 'created', paused: false, raw};
		case 'Removal In Progress':
			return {kind: 'removing', paused: false, raw};
		case 'Dead':
			return {kind: 'dead', paused: false, raw};
	}
	const up = UP.exec(text);
	if (up) {
		const bound = durationLowerBound(up[1] ?? '');
		if (bound !== undefined) {
			const note = up[2];
			const parsed: ParsedStatus = {kind: 'up', since: readAt - bound, paused: note === 'Paused', raw};
			if (note !== undefined && note !== 'Paused') {
				parsed.health = note === 'health: starting' ? 'starting' : (note as Health);
			}
			return parsed;
		}
	}
	const ended = EXITED.exec(text);
	if (ended) {
		const bound = durationLowerBound(ended[3] ?? '');
		if (bound !== undefined) {
			return {
				kind: ended[1] === 'Exited' ? 'exited' : 'restarting',
				since: readAt - bound,
				exitCode: Number(ended[2]),
				paused: false,
				raw,
			};
		}
	}
	return {kind: 'unknown', paused: false, raw};
}

/**
 * Docker's status text recomputed for `now`, e.g. "Up 4 minutes (healthy)" or
 * "Exited (137) 2 hours ago". A status that could not be read comes back sanitized.
 */
export function formatStatus(parsed: ParsedStatus, now: number): string {
	const elapsed = (): string => humanDuration(now - (parsed.since ?? now));
	switch (parsed.kind) {
		case 'created':
			return 'Created';
		case 'removing':
			return 'Removal In Progress';
		case 'dead':
			return 'Dead';
		case 'up': {
			let note = '';
			if (parsed.paused) {
				note = ' (Paused)';
			} else if (parsed.health) {
				note = parsed.health === 'starting' ? ' (health: starting)' : ` (${parsed.health})`;
			}
			return `Up ${elapsed()}${note}`;
		}
		case 'exited':
			return `Exited (${parsed.exitCode ?? 0}) ${elapsed()} ago`;
		case 'restarting':
			return `Restarting (${parsed.exitCode ?? 0}) ${elapsed()} ago`;
		default:
			return sanitize(parsed.raw);
	}
}

/** A short age for columns: "5s", "3m", "2h", "4d", "3w", "2y" (whole units, rounded down). */
export function formatAge(ms: number): string {
	const d = Number.isFinite(ms) && ms > 0 ? ms : 0;
	if (d < MINUTE) {
		return `${Math.floor(d / SECOND)}s`;
	}
	if (d < HOUR) {
		return `${Math.floor(d / MINUTE)}m`;
	}
	if (d < DAY) {
		return `${Math.floor(d / HOUR)}h`;
	}
	if (d < 2 * WEEK) {
		return `${Math.floor(d / DAY)}d`;
	}
	if (d < YEAR) {
		return `${Math.floor(d / WEEK)}w`;
	}
	return `${Math.floor(d / YEAR)}y`;
}
