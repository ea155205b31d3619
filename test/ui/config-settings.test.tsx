// Settings of the config file as the running app shows them, on the fake engine: the columns of
// the containers list, and a confirmation the file asks for. The registry and the columns are
// module state, set as berth sets them before it draws.
import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import {applyConfirmations} from '../../source/actions/registry.js';
import {showColumns} from '../../source/ui/panes/container-columns.js';
import {CONTAINER_COLUMN_IDS} from '../../source/store/metrics.js';
import {recorded} from '../support/fake-engine.js';
import {renderApp, unmountAll, type Rendered} from '../support/render.js';

afterEach(() => {
	unmountAll();
	showColumns(CONTAINER_COLUMN_IDS);
});

/** The containers list's header line. */
function header(app: Rendered): string {
	const line = app.frame().split('\n').find(text => /\bNAME\b|\bSTATUS\b/.test(text));
	assert.ok(line, app.frame());
	return line;
}

/** Selects a running container, as the user would with the arrows. */
function selectRunning(app: Rendered): string {
	const running = [...app.ctx.model.get().containers.values()].find(container => container.state === 'running');
	assert.ok(running, 'the recorded data has a running container');
	app.ctx.view.change(state => ({...state, selected: {...state.selected, containers: running.id}}));
	return running.name;
}

test('ui.columns chooses the columns of the containers list and their order', async () => {
	let app = await renderApp(recorded(), 160, 45);
	assert.match(header(app), /NAME.*IMAGE.*STATUS.*CPU %/);
	app.unmount();
	showColumns(['status', 'name', 'cpu']);
	app = await renderApp(recorded(), 160, 45);
	const shown = header(app);
	assert.match(shown, /STATUS▼\s+NAME\s+CPU %/);
	assert.doesNotMatch(shown, /IMAGE|PORTS|PROJECT/);
	// The sort mark follows its column where it went (state sorts by STATUS).
	assert.match(shown, /STATUS▼/);
	// Each row's cells follow the header: the name comes after the status.
	const name = selectRunning(app);
	await app.press('j', 'k');
	const row = app.frame().split('\n').find(text => text.includes(`● Up`) && text.includes(name));
	assert.match(row ?? '', new RegExp(`● Up \\d+ seconds +${name} `), app.frame());
});

test('confirmations: true makes stop ask first; yes stops it', async () => {
	let app = await renderApp(recorded(), 160, 45);
	selectRunning(app);
	await app.press('s');
	// By default stop runs at once.
	assert.equal(app.ctx.view.get().dialog, undefined);
	assert.ok(app.ctx.engine.calls.some(call => call.startsWith('stop ')), app.ctx.engine.calls.join('\n'));
	app.unmount();

	assert.deepEqual(applyConfirmations({'container.stop': true}), []);
	app = await renderApp(recorded(), 160, 45);
	const name = selectRunning(app);
	await app.press('s');
	const dialog = app.ctx.view.get().dialog;
	assert.equal(dialog?.kind, 'confirm');
	assert.equal(dialog.actionId, 'container.stop');
	assert.match(app.frame(), new RegExp(`Stop: ${name}\\?`));
	assert.ok(!app.ctx.engine.calls.some(call => call.startsWith('stop ')));
	await app.press('y');
	assert.equal(app.ctx.view.get().dialog, undefined);
	assert.ok(app.ctx.engine.calls.some(call => call.startsWith('stop ')));
});
