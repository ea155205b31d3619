import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatLabels, parseLabels} from '../../source/parse/labels.js';

test('parseLabels reads key=value lines; values keep commas and = signs', () => {
	assert.deepEqual(parseLabels('app=web\n  tier = front,back \nurl=http://x/?a=b\nflag\n'), {
		value: {app: 'web', tier: 'front,back', url: 'http://x/?a=b', flag: ''},
	});
	assert.deepEqual(parseLabels(''), {value: {}});
});

test('parseLabels refuses a line without a key', () => {
	assert.deepEqual(parseLabels('app=web\n=orphan'), {error: 'labels: =orphan has no key (use key=value)'});
});

test('formatLabels writes back what parseLabels reads', () => {
	const labels = {app: 'web', 'com.example.list': 'a,b', empty: ''};
	assert.deepEqual(parseLabels(formatLabels(labels)), {value: labels});
});
