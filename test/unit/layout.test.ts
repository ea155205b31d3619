import {test} from 'node:test';
import assert from 'node:assert/strict';
import {frameLayout} from '../../source/ui/layout.js';
import {PANES} from '../../source/store/view-store.js';

test('the frame is one row shorter than the terminal, so Ink never redraws the whole screen', () => {
	for (const [columns, rows] of [
		[80, 24],
		[160, 45],
		[200, 60],
	] as const) {
		const layout = frameLayout(columns, rows, 'none');
		assert.equal(layout.height, rows - 1);
		assert.equal(layout.tooSmall, false);
	}
});

test('wide terminals put the panes beside the main area, narrow ones stack them', () => {
	const wide = frameLayout(160, 45, 'none');
	assert.equal(wide.sideBySide, true);
	assert.equal(wide.listWidth + 1 + wide.mainWidth, 160);
	const narrow = frameLayout(80, 24, 'none');
	assert.equal(narrow.sideBySide, false);
	assert.ok(narrow.listRows >= 6, `list rows ${narrow.listRows}`);
	assert.ok(narrow.mainRows >= 8, `main rows ${narrow.mainRows}`);
});

test('below the minimum size berth says so', () => {
	assert.equal(frameLayout(59, 24, 'none').tooSmall, true);
	assert.equal(frameLayout(80, 14, 'none').tooSmall, true);
});

test('full screen gives every body row to the main area', () => {
	const layout = frameLayout(80, 24, 'main');
	assert.equal(layout.listWidth, 0);
	assert.equal(layout.mainRows, layout.bodyRows - 1);
});

test('zooming the list gives it the full width and every body row but its headers', () => {
	const layout = frameLayout(160, 45, 'list');
	assert.equal(layout.listWidth, 160);
	assert.equal(layout.mainWidth, 0);
	// Side by side the column has every pane's title line and the list's column header.
	assert.equal(layout.listRows, layout.bodyRows - PANES.length - 1);
});
