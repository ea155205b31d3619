import {test} from 'node:test';
import assert from 'node:assert/strict';
import * as format from '../../source/format/index.js';

test('the format index exports every helper', () => {
	const expected = [
		'compareText',
		'errorText',
		'formatAge',
		'formatBinary',
		'formatPorts',
		'formatRate',
		'formatSize',
		'formatStatus',
		'humanDuration',
		'localDuration',
		'pad',
		'paletteColor',
		'parseStatus',
		'sanitize',
		'sanitizeLogLine',
		'shortId',
		'splitArgs',
		'stateStyle',
		'textWidth',
		'truncate',
		'wrapLine',
	];
	assert.deepEqual(Object.keys(format).sort(), expected);
	for (const name of expected) {
		assert.equal(typeof (format as Record<string, unknown>)[name], 'function', name);
	}
});
