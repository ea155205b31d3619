import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DEFAULT_CONFIG} from '../../source/config/schema.js';
import {settingsView} from '../../source/store/settings-view.js';
import {initialView} from '../../source/store/view-store.js';

const now = Date.UTC(2026, 10, 30, 12, 0, 0);

test('the defaults leave the view as it starts', () => {
	const view = initialView({showStopped: true, filter: ''});
	assert.deepEqual(settingsView(view, DEFAULT_CONFIG, now), view);
});

test('the first pane and how logs open come from the config; a since duration counts back from the start', () => {
	const view = initialView({showStopped: true, filter: ''});
	const set = settingsView(view, {...DEFAULT_CONFIG, ui: {...DEFAULT_CONFIG.ui, pane: 'projects'}, logs: {tail: 100, timestamps: true, wrap: true, since: '10m'}}, now);
	assert.equal(set.pane, 'projects');
	assert.equal(set.logs.timestamps, true);
	assert.equal(set.logs.wrap, true);
	assert.deepEqual(set.logs.range, {since: now / 1000 - 600, text: 'since 10m'});
});

test('a since time is taken as written', () => {
	const view = initialView({showStopped: true, filter: ''});
	const set = settingsView(view, {...DEFAULT_CONFIG, logs: {...DEFAULT_CONFIG.logs, since: '2026-11-30T10:00:00Z'}}, now);
	assert.deepEqual(set.logs.range, {since: Date.UTC(2026, 10, 30, 10) / 1000, text: 'since 2026-11-30T10:00:00Z'});
});
