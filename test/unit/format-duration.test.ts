import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatAge, formatStatus, humanDuration, parseStatus} from '../../source/format/duration.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

const READ_AT = Date.UTC(2024, 5, 1, 12, 0, 0);

test('humanDuration matches docker at and around every threshold', () => {
	const cases: Array<[number, string]> = [
		[0, 'Less than a second'],
		[450, 'Less than a second'],
		[999, 'Less than a second'],
		[SECOND, '1 second'],
		[1999, '1 second'],
		[2 * SECOND, '2 seconds'],
		[47 * SECOND, '47 seconds'],
		[59 * SECOND + 999, '59 seconds'],
		[MINUTE, 'About a minute'],
		[2 * MINUTE - 1, 'About a minute'],
		[2 * MINUTE, '2 minutes'],
		[35 * MINUTE + 40 * SECOND, '35 minutes'],
		[59 * MINUTE, '59 minutes'],
		[HOUR, 'About an hour'],
		[HOUR + 29 * MINUTE, 'About an hour'],
		[HOUR + 30 * MINUTE, '2 hours'],
		[HOUR + 59 * MINUTE, '2 hours'],
		[3 * HOUR + 29 * MINUTE, '3 hours'],
		[3 * HOUR + 31 * MINUTE, '4 hours'],
		[24 * HOUR, '24 hours'],
		[DAY + 12 * HOUR, '36 hours'],
		[47 * HOUR + 29 * MINUTE, '47 hours'],
		[47 * HOUR + 30 * MINUTE, '2 days'],
		[2 * DAY, '2 days'],
		[2 * DAY + 17 * HOUR, '3 days'],
		[7 * DAY, '7 days'],
		[13 * DAY + 5 * HOUR, '13 days'],
		[13 * DAY + 12 * HOUR, '14 days'],
		[2 * WEEK, '2 weeks'],
		[2 * WEEK + 4 * DAY, '3 weeks'],
		[3 * WEEK + 6 * DAY, '4 weeks'],
		[MONTH, '4 weeks'],
		[MONTH + 2 * WEEK, '6 weeks'],
		[8 * WEEK + 3 * DAY, '8 weeks'],
		[2 * MONTH, '2 months'],
		[3 * MONTH + 20 * DAY, '4 months'],
		[23 * MONTH, '23 months'],
		[24 * MONTH, '24 months'],
		[24 * MONTH + 2 * WEEK, '2 years'],
		[3 * YEAR + 2 * MONTH, '3 years'],
		[3 * YEAR + 200 * DAY, '4 years'],
	];
	for (const [ms, text] of cases) {
		assert.equal(humanDuration(ms), text, `${ms} ms`);
	}
});

test('humanDuration treats negative and non-finite durations as none', () => {
	assert.equal(humanDuration(-5 * MINUTE), 'Less than a second');
	assert.equal(humanDuration(Number.NaN), 'Less than a second');
	assert.equal(humanDuration(Number.POSITIVE_INFINITY), 'Less than a second');
});

test('parseStatus reads running containers with health and pause notes', () => {
	assert.deepEqual(parseStatus('Up 3 minutes', READ_AT), {kind: 'up', since: READ_AT - 3 * MINUTE, paused: false, raw: 'Up 3 minutes'});
	assert.deepEqual(parseStatus('Up About an hour (healthy)', READ_AT), {
		kind: 'up',
		since: READ_AT - HOUR,
		health: 'healthy',
		paused: false,
		raw: 'Up About an hour (healthy)',
	});
	assert.deepEqual(parseStatus('Up 2 days (Paused)', READ_AT), {
		kind: 'up',
		since: READ_AT - 47.5 * HOUR,
		paused: true,
		raw: 'Up 2 days (Paused)',
	});
	assert.deepEqual(parseStatus('Up Less than a second (health: starting)', READ_AT), {
		kind: 'up',
		since: READ_AT,
		health: 'starting',
		paused: false,
		raw: 'Up Less than a second (health: starting)',
	});
	assert.equal(parseStatus('Up 5 hours (unhealthy)', READ_AT).health, 'unhealthy');
	assert.equal(parseStatus('Up 5 hours ago', READ_AT).since, READ_AT - 4.5 * HOUR, 'an engine that adds "ago"');
});

test('parseStatus reads exited and restarting containers with their exit codes', () => {
	assert.deepEqual(parseStatus('Exited (137) 5 seconds ago', READ_AT), {
		kind: 'exited',
		since: READ_AT - 5 * SECOND,
		exitCode: 137,
		paused: false,
		raw: 'Exited (137) 5 seconds ago',
	});
	assert.deepEqual(parseStatus('Restarting (1) 3 seconds ago', READ_AT), {
		kind: 'restarting',
		since: READ_AT - 3 * SECOND,
		exitCode: 1,
		paused: false,
		raw: 'Restarting (1) 3 seconds ago',
	});
	assert.equal(parseStatus('Exited (0) 2 weeks ago', READ_AT).exitCode, 0);
	assert.equal(parseStatus('Exited (-1) About a minute ago', READ_AT).exitCode, -1);
});

test('parseStatus reads the states without a time', () => {
	assert.deepEqual(parseStatus('Created', READ_AT), {kind: 'created', paused: false, raw: 'Created'});
	assert.deepEqual(parseStatus('Removal In Progress', READ_AT), {kind: 'removing', paused: false, raw: 'Removal In Progress'});
	assert.deepEqual(parseStatus('Dead', READ_AT), {kind: 'dead', paused: false, raw: 'Dead'});
});

test('parseStatus marks what it cannot read as unknown and keeps the raw text', () => {
	for (const raw of ['', 'Paused', 'Up', 'Up forever', 'Exited (x) 3 seconds ago', 'Exited (1) 3 fortnights ago']) {
		assert.deepEqual(parseStatus(raw, READ_AT), {kind: 'unknown', paused: false, raw});
	}
});

test('every docker duration text estimates a start no later than the truth and reads back the same', () => {
	for (let ms = 0; ms < 4 * YEAR; ms = Math.ceil(ms * 1.01) + 250) {
		const text = humanDuration(ms);
		const parsed = parseStatus(`Up ${text}`, READ_AT);
		assert.equal(parsed.kind, 'up', text);
		const estimate = READ_AT - (parsed.since ?? Number.NaN);
		assert.ok(estimate <= ms, `${text}: ${estimate} > ${ms}`);
		assert.equal(formatStatus(parsed, READ_AT), `Up ${text}`);
	}
});

test('formatStatus recomputes the time for now', () => {
	const up = parseStatus('Up 3 minutes (healthy)', READ_AT);
	assert.equal(formatStatus(up, READ_AT + MINUTE), 'Up 4 minutes (healthy)');
	assert.equal(formatStatus(up, READ_AT + HOUR), 'Up About an hour (healthy)');
	const exited = parseStatus('Exited (137) 5 seconds ago', READ_AT);
	assert.equal(formatStatus(exited, READ_AT + 2 * HOUR), 'Exited (137) 2 hours ago');
	const paused = parseStatus('Up 2 days (Paused)', READ_AT);
	assert.equal(formatStatus(paused, READ_AT + 12 * HOUR), 'Up 2 days (Paused)');
	const starting = parseStatus('Up Less than a second (health: starting)', READ_AT);
	assert.equal(formatStatus(starting, READ_AT + 30 * SECOND), 'Up 30 seconds (health: starting)');
	const restarting = parseStatus('Restarting (1) 3 seconds ago', READ_AT);
	assert.equal(formatStatus(restarting, READ_AT + 10 * SECOND), 'Restarting (1) 13 seconds ago');
	assert.equal(formatStatus(up, READ_AT - HOUR), 'Up Less than a second (healthy)', 'a clock behind the engine');
});

test('formatStatus returns timeless states as docker writes them and unknown ones sanitized', () => {
	assert.equal(formatStatus(parseStatus('Created', READ_AT), READ_AT + DAY), 'Created');
	assert.equal(formatStatus(parseStatus('Removal In Progress', READ_AT), READ_AT), 'Removal In Progress');
	assert.equal(formatStatus(parseStatus('Dead', READ_AT), READ_AT), 'Dead');
	assert.equal(formatStatus(parseStatus('Paused', READ_AT), READ_AT), 'Paused');
	assert.equal(formatStatus(parseStatus('odd\x1b[2J\nstatus', READ_AT), READ_AT), 'odd\u2424status');
});

test('formatAge gives short whole units', () => {
	const cases: Array<[number, string]> = [
		[-5, '0s'],
		[Number.NaN, '0s'],
		[0, '0s'],
		[5 * SECOND, '5s'],
		[59 * SECOND + 999, '59s'],
		[MINUTE, '1m'],
		[3 * MINUTE + 59 * SECOND, '3m'],
		[HOUR, '1h'],
		[23 * HOUR + 59 * MINUTE, '23h'],
		[DAY, '1d'],
		[4 * DAY, '4d'],
		[13 * DAY, '13d'],
		[2 * WEEK, '2w'],
		[3 * WEEK + 6 * DAY, '3w'],
		[364 * DAY, '52w'],
		[YEAR, '1y'],
		[2 * YEAR + 300 * DAY, '2y'],
	];
	for (const [ms, text] of cases) {
		assert.equal(formatAge(ms), text, `${ms} ms`);
	}
});
