import {test} from 'node:test';
import assert from 'node:assert/strict';
import {LogLines} from '../../source/store/log-lines.js';
import {logRows, shortTimestamp, styledSegments} from '../../source/ui/main/log-rows.js';

function entries(count: number, text = (index: number) => `line ${index}`): LogLines {
	const lines = new LogLines();
	// Numbered from 100, as in a buffer that has dropped its first lines.
	for (let index = -100; index < count; index++) {
		lines.push({stream: 'stdout', text: index < 0 ? '' : text(index)});
	}

	lines.trim(count, Number.POSITIVE_INFINITY);
	return lines;
}

const plain = (rows: ReturnType<typeof logRows>): string[] => rows.map(row => row.segments.map(segment => segment.text).join(''));

test('following shows the newest lines', () => {
	assert.deepEqual(plain(logRows(entries(50), {rows: 3, width: 40, timestamps: false, wrap: false})), ['line 47', 'line 48', 'line 49']);
});

test('an anchor shows the lines ending at that sequence number', () => {
	assert.deepEqual(plain(logRows(entries(50), {anchor: 110, rows: 3, width: 40, timestamps: false, wrap: false})), ['line 8', 'line 9', 'line 10']);
});

test('long lines are cut to the width, or wrapped onto rows when wrapping', () => {
	const long = entries(1, () => 'abcdefghij'.repeat(3));
	const [cut] = logRows(long, {rows: 5, width: 12, timestamps: false, wrap: false});
	assert.equal(plain([cut!])[0], 'abcdefghija…');
	assert.deepEqual(plain(logRows(long, {rows: 5, width: 12, timestamps: false, wrap: true})), ['abcdefghijab', 'cdefghijabcd', 'efghij']);
});

test('a one-megabyte line costs only the rows on screen', () => {
	const huge = entries(1, () => 'x'.repeat(1_000_000));
	const started = performance.now();
	const rows = logRows(huge, {rows: 20, width: 100, timestamps: false, wrap: false});
	assert.equal(rows.length, 1);
	assert.ok(performance.now() - started < 200);
});

test('styles are kept on the parts of a line they cover', () => {
	const segments = styledSegments('ok red ok', [{start: 3, end: 6, style: {color: 'red'}}], 0, 9);
	assert.deepEqual(segments, [{text: 'ok '}, {text: 'red', style: {color: 'red'}}, {text: ' ok'}]);
});

test('timestamps are shortened to milliseconds', () => {
	assert.equal(shortTimestamp('2026-11-22T10:59:19.123456789Z'), '2026-11-22T10:59:19.123Z');
	assert.equal(shortTimestamp('2026-11-22T10:59:19Z'), '2026-11-22T10:59:19.000Z');
});
