import {test} from 'node:test';
import assert from 'node:assert/strict';
import {LogLines} from '../../source/store/log-lines.js';
import {anchorShowing, logRows, shortTimestamp, styledSegments} from '../../source/ui/main/log-rows.js';

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

test('an anchor near the oldest line, or already dropped, shows the oldest lines from the top and fills the rows below', () => {
	const options = {rows: 3, width: 40, timestamps: false, wrap: false};
	// Lines 100 to 149 are held (0 to 49 of the text): an anchor at 20 was dropped long ago.
	assert.deepEqual(plain(logRows(entries(50), {...options, anchor: 20})), ['line 0', 'line 1', 'line 2']);
	assert.deepEqual(plain(logRows(entries(50), {...options, anchor: 100})), ['line 0', 'line 1', 'line 2']);
	assert.deepEqual(plain(logRows(entries(50), {...options, anchor: 101})), ['line 0', 'line 1', 'line 2']);
	// Fewer lines than rows: all of them, whatever the anchor.
	assert.deepEqual(plain(logRows(entries(2), {...options, anchor: 100})), ['line 0', 'line 1']);
	// The rows below are filled with wrapped lines too, the last one cut to what fits.
	const long = entries(3, index => `${index}`.repeat(10));
	assert.deepEqual(plain(logRows(long, {rows: 4, width: 6, timestamps: false, wrap: true, anchor: 0})), ['000000', '0000', '111111', '1111']);
});

test('anchorShowing moves the view as little as it must to show a line whole', () => {
	const options = {rows: 3, width: 40, timestamps: false, wrap: false, anchor: 120};
	const lines = entries(50);
	// On screen (118 to 120): the view stays.
	assert.equal(anchorShowing(lines, 118, options), 120);
	// Below: the line becomes the bottom one; above: the top one.
	assert.equal(anchorShowing(lines, 130, options), 130);
	assert.equal(anchorShowing(lines, 110, options), 112);
	// Wrapped, a line above is shown with all its rows, and as many lines as fit whole below it.
	const wrapped = entries(10, index => (index === 5 ? 'x'.repeat(25) : `line ${index}`));
	const wrapOptions = {rows: 4, width: 10, timestamps: false, wrap: true, anchor: 109};
	assert.deepEqual(plain(logRows(wrapped, wrapOptions)), ['line 6', 'line 7', 'line 8', 'line 9']);
	const anchor = anchorShowing(wrapped, 105, wrapOptions);
	assert.equal(anchor, 106);
	assert.deepEqual(plain(logRows(wrapped, {...wrapOptions, anchor})), ['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx', 'line 6']);
	// Cut at the top (only its last rows shown) counts as not shown.
	assert.equal(anchorShowing(wrapped, 105, {...wrapOptions, anchor: 107}), 106);
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

test('a line still in the window keeps its rows from one call to the next, until the width or a switch changes them', () => {
	const lines = entries(5);
	const options = {rows: 3, width: 40, timestamps: false, wrap: false};
	const first = logRows(lines, options);
	lines.push({stream: 'stdout', text: 'line 5'});
	const second = logRows(lines, options);
	assert.deepEqual(plain(second), ['line 3', 'line 4', 'line 5']);
	// Lines 3 and 4 moved up a row and are the same rows; line 5 is new.
	assert.equal(second[0], first[1]);
	assert.equal(second[1], first[2]);
	const narrower = logRows(lines, {...options, width: 4});
	assert.deepEqual(plain(narrower), ['lin…', 'lin…', 'lin…']);
	assert.notEqual(narrower[0], second[0]);
	const stamped = logRows(lines, {...options, timestamps: true});
	assert.notEqual(stamped[0], second[0]);
	// Another buffer holding the same text gets rows of its own.
	assert.notEqual(logRows(entries(5), options)[0], first[0]);
});
