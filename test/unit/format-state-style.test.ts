import {test} from 'node:test';
import assert from 'node:assert/strict';
import {shortId, stateStyle} from '../../source/format/state-style.js';

const STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

test('stateStyle names each container state as its own kind, with its word', () => {
	for (const state of STATES) {
		assert.deepEqual(stateStyle(state), {kind: state, label: state});
	}
});

test('stateStyle shows the health of running containers', () => {
	assert.deepEqual(stateStyle('running', 'healthy'), {kind: 'healthy', label: 'healthy'});
	assert.deepEqual(stateStyle('running', 'starting'), {kind: 'starting', label: 'starting'});
	assert.deepEqual(stateStyle('running', 'unhealthy'), {kind: 'unhealthy', label: 'unhealthy'});
	assert.deepEqual(stateStyle('running', 'none'), stateStyle('running'));
	assert.deepEqual(stateStyle('exited', 'unhealthy'), stateStyle('exited'), 'health matters only while running');
});

test('stateStyle shows an unknown state by its sanitized name', () => {
	assert.deepEqual(stateStyle('hibernating'), {kind: 'unknown', label: 'hibernating'});
	assert.equal(stateStyle('x\x1b[2Jy').label, 'xy');
	assert.equal(stateStyle('').label, '');
});

test('shortId gives the first 12 characters without the digest prefix', () => {
	const hex = '4e2a4b6c8d0f1a3b5c7d9e1f2a4b6c8d0f1a3b5c7d9e1f2a4b6c8d0f1a3b5c7d';
	assert.equal(shortId(hex), '4e2a4b6c8d0f');
	assert.equal(shortId(`sha256:${hex}`), '4e2a4b6c8d0f');
	assert.equal(shortId('abc'), 'abc');
	assert.equal(shortId(''), '');
});
