import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fitTable, joinCells, ROW_PREFIX, type Column} from '../../source/ui/panes/table.js';

const COLUMNS: Column[] = [
	{title: 'NAME', min: 10, max: 32, priority: 0},
	{title: 'IMAGE', min: 8, max: 30, priority: 3},
	{title: 'STATUS', min: 12, max: 32, priority: 1},
	{title: 'CPU %', min: 7, max: 7, priority: 2, align: 'right'},
];

test('higher priorities get their whole content before lower ones get anything', () => {
	const content = [16, 18, 22, 7];
	assert.deepEqual(fitTable(COLUMNS, ROW_PREFIX + 16 + 1 + 22 + 1 + 7, content), [16, 0, 22, 7]);
	assert.deepEqual(fitTable(COLUMNS, ROW_PREFIX + 16 + 1 + 22 + 1 + 7 + 1 + 10, content), [16, 10, 22, 7]);
	assert.deepEqual(fitTable(COLUMNS, 200, content), [16, 18, 22, 7]);
});

test('a column narrower than its minimum is left out, and empty columns take nothing', () => {
	assert.deepEqual(fitTable(COLUMNS, ROW_PREFIX + 20, [16, 18, 22, 7]), [16, 0, 0, 0]);
	assert.deepEqual(fitTable(COLUMNS, 200, [16, 0, 22, 7]), [16, 0, 22, 7]);
});

test('cells are padded to their widths, numbers to the right', () => {
	assert.equal(joinCells(COLUMNS, ['web', 'nginx', 'Up', '1.5%'], [5, 0, 4, 7]), 'web   Up      1.5%');
});
