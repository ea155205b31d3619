import {test} from 'node:test';
import assert from 'node:assert/strict';
import {compareText} from '../../source/format/index.js';

test('compareText orders by code units, as the containers list does', () => {
	assert.deepEqual(['web', 'api-2', 'Zeta', 'api-10', 'db'].sort(compareText), ['Zeta', 'api-10', 'api-2', 'db', 'web']);
	assert.equal(compareText('same', 'same'), 0);
});
