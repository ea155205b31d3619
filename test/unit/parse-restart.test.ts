import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatRestart, parseRestart} from '../../source/parse/restart.js';

test('parseRestart reads each policy docker knows', () => {
	assert.deepEqual(parseRestart(''), {value: {name: 'no', maxRetries: 0}});
	assert.deepEqual(parseRestart('no'), {value: {name: 'no', maxRetries: 0}});
	assert.deepEqual(parseRestart('always'), {value: {name: 'always', maxRetries: 0}});
	assert.deepEqual(parseRestart(' unless-stopped '), {value: {name: 'unless-stopped', maxRetries: 0}});
	assert.deepEqual(parseRestart('on-failure'), {value: {name: 'on-failure', maxRetries: 0}});
	assert.deepEqual(parseRestart('on-failure:5'), {value: {name: 'on-failure', maxRetries: 5}});
});

test('parseRestart says what is wrong', () => {
	assert.deepEqual(parseRestart('on-failure:x'), {error: 'restart: on-failure:x: the retry count must be a whole number'});
	assert.deepEqual(parseRestart('on-failure:-1'), {error: 'restart: on-failure:-1: the retry count must be a whole number'});
	assert.deepEqual(parseRestart('always:3'), {error: 'restart: always:3: only on-failure takes a retry count'});
	assert.deepEqual(parseRestart('sometimes'), {
		error: 'restart: sometimes is not a restart policy (use no, on-failure[:N], unless-stopped or always)',
	});
});

test('formatRestart writes back what parseRestart reads', () => {
	for (const text of ['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:3']) {
		const result = parseRestart(text);
		assert.ok('value' in result);
		assert.equal(formatRestart(result.value), text);
	}
});
