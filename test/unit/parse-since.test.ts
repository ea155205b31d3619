import assert from 'node:assert/strict';
import {test} from 'node:test';
import {durationSeconds, formatEngineTime, parseSince} from '../../source/parse/since.js';

const now = Date.UTC(2026, 10, 29, 12, 0, 0); // 2026-11-29T12:00:00Z
const nowSeconds = now / 1000;
/** The local zone's offset in seconds at `now`, as the CLI applies it to times without a zone. */
const localOffset = -new Date(now).getTimezoneOffset() * 60;

test('durations count back from now, as Go durations', () => {
	assert.deepEqual(parseSince('42m', now), {value: nowSeconds - 42 * 60});
	assert.deepEqual(parseSince('1h30m', now), {value: nowSeconds - 5400});
	assert.deepEqual(parseSince('10s', now), {value: nowSeconds - 10});
	assert.deepEqual(parseSince(' 1.5h ', now), {value: nowSeconds - 5400});
	assert.deepEqual(parseSince('1m30s500ms', now), {value: nowSeconds - 90.5});
	assert.deepEqual(parseSince('-1h', now), {value: nowSeconds + 3600});
	assert.equal(durationSeconds('300ms'), 0.3);
	assert.equal(durationSeconds('2h45m'), 9900);
	// Both micro signs Go accepts: U+00B5 and U+03BC.
	assert.equal(durationSeconds('1s500000\u00b5s'), 1.5);
	assert.equal(durationSeconds('1s500000\u03bcs'), 1.5);
	assert.equal(durationSeconds('10'), undefined);
	assert.equal(durationSeconds('1d'), undefined);
});

test('RFC 3339 timestamps, with or without fraction and zone', () => {
	const base = Date.UTC(2026, 10, 29, 10, 0, 0) / 1000;
	assert.deepEqual(parseSince('2026-11-29T10:00:00Z', now), {value: base});
	assert.deepEqual(parseSince('2026-11-29T10:00:00.5Z', now), {value: base + 0.5});
	assert.deepEqual(parseSince('2026-11-29T10:00:00.123456789Z', now), {value: base + 0.123456789});
	assert.deepEqual(parseSince('2026-11-29T12:00:00+02:00', now), {value: base});
	assert.deepEqual(parseSince('2026-11-29T07:30:00-02:30', now), {value: base});
	assert.deepEqual(parseSince('2026-11-29T10:00:00', now), {value: base - localOffset});
	assert.deepEqual(parseSince('2026-11-29T10:00:00.25', now), {value: base - localOffset + 0.25});
	assert.deepEqual(parseSince('2026-11-29T10:00Z', now), {value: base});
	assert.deepEqual(parseSince('2026-11-29T10Z', now), {value: base});
});

test('dates and dates with a time are local unless a zone is given', () => {
	const midnight = Date.UTC(2026, 10, 29) / 1000;
	assert.deepEqual(parseSince('2026-11-29', now), {value: midnight - localOffset});
	assert.deepEqual(parseSince('2026-11-29T10:00', now), {value: midnight + 36000 - localOffset});
	assert.deepEqual(parseSince('2026-11-29T10', now), {value: midnight + 36000 - localOffset});
	assert.deepEqual(parseSince('2026-11-29Z', now), {value: midnight});
	assert.deepEqual(parseSince('2024-02-29', now), {value: Date.UTC(2024, 1, 29) / 1000 - localOffset});
});

test('Unix seconds, whole or fractional', () => {
	assert.deepEqual(parseSince('1700000000', now), {value: 1700000000});
	assert.deepEqual(parseSince('1700000000.5', now), {value: 1700000000.5});
	assert.deepEqual(parseSince('0', now), {value: 0});
});

test('what is not a time is refused, naming the field', () => {
	assert.deepEqual(parseSince('', now), {error: 'since: needs a time or a duration'});
	assert.match((parseSince('yesterday', now, 'until') as {error: string}).error, /^until: yesterday is not a time or a duration \(use 42m/);
	assert.match((parseSince('2026-13-01', now) as {error: string}).error, /^since: 2026-13-01 is not a valid date or time/);
	assert.match((parseSince('2025-02-29', now) as {error: string}).error, /not a valid date/);
	assert.match((parseSince('2026-11-29T25:00', now) as {error: string}).error, /not a valid date/);
	assert.match((parseSince('2026-11-29T10:00:00+25:00', now) as {error: string}).error, /not a valid date/);
	assert.match((parseSince('2026-11-29 10:00', now) as {error: string}).error, /not a valid date/);
	assert.match((parseSince('1700000000.', now) as {error: string}).error, /not a time or a duration/);
	assert.match((parseSince('42 m', now) as {error: string}).error, /not a time or a duration/);
	assert.match((parseSince('1d', now) as {error: string}).error, /not a time or a duration/);
});

test('formatEngineTime gives the engine seconds with nine decimals', () => {
	assert.equal(formatEngineTime(1700000000), '1700000000.000000000');
	assert.equal(formatEngineTime(1700000000.5), '1700000000.500000000');
	assert.equal(formatEngineTime(1.25), '1.250000000');
});
