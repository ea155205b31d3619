// Keys the config file remaps, as the running app shows them for built-in actions: in the
// status-bar hints and in the palette. Set before anything is drawn, as berth does.
import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import {actionById, applyKeys} from '../../source/actions/registry.js';
import {recorded} from '../support/fake-engine.js';
import {renderApp, unmountAll} from '../support/render.js';

afterEach(unmountAll);

const conflicts = applyKeys({'container.stop': ['x'], 'container.restart': ['ctrl+t']});

test('a remapped key shows in the status-bar hints and in the palette for a built-in action', async () => {
	assert.deepEqual(conflicts, []);
	assert.deepEqual(actionById('container.stop')?.keys, ['x']);
	for (const [columns, rows] of [
		[160, 45],
		[80, 24],
	] as const) {
		const app = await renderApp(recorded(), columns, rows);
		const hints = app.frame().split('\n').at(-2) ?? '';
		assert.match(hints, /\bx stop {2}Ctrl-T restart\b/, app.frame());
		assert.doesNotMatch(hints, /\bs stop\b/);
		await app.press(':', ...'stop');
		const stopLine = app.frame().split('\n').find(line => /\bStop\b/.test(line) && !/project|service/i.test(line));
		assert.match(stopLine ?? '', /\bx\s+Stop\b/, app.frame());
		app.unmount();
	}
});
