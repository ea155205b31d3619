import {test} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {shortId, stateStyle} from '../../source/format/state-style.js';

const STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
const INK_COLORS = new Set(['green', 'yellow', 'red', 'gray', 'cyan', 'blue', 'magenta', 'white']);

test('stateStyle gives every container state a one-cell glyph, an Ink colour and its name', () => {
	for (const state of STATES) {
		const style = stateStyle(state);
		assert.equal(stringWidth(style.glyph), 1, state);
		assert.ok(INK_COLORS.has(style.color), state);
		assert.equal(style.label, state);
	}
});

test('stateStyle tells states apart by glyph or colour', () => {
	const seen = new Set(STATES.map(state => `${stateStyle(state).glyph}${stateStyle(state).color}`));
	assert.equal(seen.size, STATES.length);
	assert.deepEqual(stateStyle('running'), {glyph: '●', color: 'green', label: 'running'});
	assert.deepEqual(stateStyle('exited'), {glyph: '■', color: 'gray', label: 'exited'});
	assert.deepEqual(stateStyle('dead'), {glyph: '✕', color: 'red', label: 'dead'});
});

test('stateStyle shows the health of running containers', () => {
	assert.deepEqual(stateStyle('running', 'healthy'), {glyph: '●', color: 'green', label: 'healthy'});
	assert.deepEqual(stateStyle('running', 'starting'), {glyph: '●', color: 'yellow', label: 'starting'});
	const unhealthy = stateStyle('running', 'unhealthy');
	assert.deepEqual(unhealthy, {glyph: '▲', color: 'red', label: 'unhealthy'});
	assert.notEqual(unhealthy.glyph, stateStyle('running', 'healthy').glyph, 'not by colour alone');
	assert.deepEqual(stateStyle('running', 'none'), stateStyle('running'));
	assert.deepEqual(stateStyle('exited', 'unhealthy'), stateStyle('exited'), 'health matters only while running');
});

test('stateStyle shows an unknown state by its sanitized name', () => {
	assert.deepEqual(stateStyle('hibernating'), {glyph: '?', color: 'gray', label: 'hibernating'});
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
