import {test} from 'node:test';
import assert from 'node:assert/strict';
import {windowStart} from '../../source/ui/panes/list-window.js';

test('a list shorter than the pane starts at the top', () => {
	assert.equal(windowStart(3, 10, 20, 0), 0);
});

test('the window moves only when the cursor leaves it', () => {
	assert.equal(windowStart(5, 1000, 10, 0), 0);
	assert.equal(windowStart(10, 1000, 10, 0), 1);
	assert.equal(windowStart(15, 1000, 10, 8), 8);
	assert.equal(windowStart(3, 1000, 10, 8), 3);
});

test('the window never runs past the end of a list that shrank', () => {
	assert.equal(windowStart(4, 5, 3, 40), 2);
	assert.equal(windowStart(999, 1000, 40, 0), 960);
});
