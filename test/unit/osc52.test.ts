import {test} from 'node:test';
import assert from 'node:assert/strict';
import {CLIPBOARD_LIMIT, osc52} from '../../source/format/osc52.js';

test('osc52 wraps the base64 of the UTF-8 text in ESC ] 52 ; c ; … BEL', () => {
	assert.deepEqual(osc52('abc'), {sequence: '\u001B]52;c;YWJj\u0007', bytes: 3, truncated: false});
	const text = 'café ☕\nline two';
	const {sequence, bytes} = osc52(text);
	const base64 = /^\u001B\]52;c;([A-Za-z\d+/=]*)\u0007$/.exec(sequence)?.[1];
	assert.equal(Buffer.from(base64!, 'base64').toString('utf8'), text);
	assert.equal(bytes, Buffer.byteLength(text));
	assert.equal(osc52('').sequence, '\u001B]52;c;\u0007');
});

test('text beyond the limit is cut at a character boundary and said to be', () => {
	const text = 'é'.repeat(CLIPBOARD_LIMIT);
	const {sequence, bytes, truncated} = osc52(text);
	assert.equal(truncated, true);
	assert.ok(bytes <= CLIPBOARD_LIMIT);
	const decoded = Buffer.from(sequence.slice(7, -1), 'base64').toString('utf8');
	assert.equal(decoded, 'é'.repeat(bytes / 2));
	assert.ok(!decoded.includes('\uFFFD'), 'no broken character at the end');
});
