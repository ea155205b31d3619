// Read-only mode walks the whole registry: every action that changes state is refused before it
// asks anything or calls the engine, whether reached by its key or as the step of a dialog, and
// every other action still runs.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {openDialog} from '../../source/actions/dialogs.js';
import {handleKey, invoke} from '../../source/actions/dispatch.js';
import {ACTIONS} from '../../source/actions/registry.js';
import type {Action} from '../../source/actions/types.js';
import {PANE_OF_KIND, targetKey, targetObjects} from '../../source/store/selectors.js';
import {testContext, type TestContext} from '../support/context.js';
import {recorded} from '../support/fake-engine.js';

/** A read-only context on recorded data, in the pane of the action's kind with its first object selected. */
function readOnlyContext(action: Action): TestContext {
	const ctx = testContext(recorded());
	const pane = action.targets ? PANE_OF_KIND[action.targets] : 'containers';
	ctx.view.change(state => ({...state, readOnly: true, pane}));
	return ctx;
}

const REFUSED = /^read-only: “.+” was not run; /;

test('the registry has state-changing actions of every kind to walk', () => {
	const kinds = new Set<string>(ACTIONS.filter(action => action.changesState).map(action => action.targets ?? 'none'));
	for (const kind of ['container', 'image', 'volume', 'network', 'none']) {
		assert.ok(kinds.has(kind), `a state-changing action on ${kind}`);
	}
});

for (const action of ACTIONS.filter(candidate => candidate.changesState)) {
	test(`read-only refuses ${action.id}${action.step ? ' (a step)' : ''} without asking or calling the engine`, async () => {
		const ctx = readOnlyContext(action);
		if (action.step) {
			// A step is reached through the dialog an earlier action opened: answering it is refused.
			const kind = action.targets;
			const keys = kind ? targetObjects(ctx.model.get(), ctx.view.get(), kind).map(target => targetKey(kind, target)) : [];
			openDialog(ctx, action, {kind: 'confirm', title: 'go on?', toggles: []}, keys);
			handleKey(ctx, 'enter', '\r');
		} else {
			invoke(ctx, action);
		}
		await new Promise(resolve => setTimeout(resolve, 10));
		assert.deepEqual(ctx.engine.calls, [], 'no engine call');
		assert.equal(ctx.view.get().dialog, undefined, 'no question asked');
		assert.match(ctx.model.get().notice?.text ?? '', REFUSED);
		assert.equal(ctx.model.get().jobs.length, 0, 'no job started');
	});
}

/** Fake engine calls (by name, see test/support/fake-engine.ts) that change something on the engine. */
const MUTATING = new Set(
	'attach build builder-prune commit container-prune cp-to exec kill load local-command local-terminal login logout network-connect network-create network-disconnect network-prune network-rm node-availability node-label-add node-label-rm node-rm node-role pause prune pull push recreate remove rename restart rmi run service-create service-restart service-rm service-rollback service-scale service-update stack-deploy stack-rm start stop tag unpause update volume-backup volume-create volume-prune volume-restore volume-rm'.split(' '),
);

function mutating(call: string): boolean {
	const name = call.split(' ')[0]!;
	return MUTATING.has(name) || (name.startsWith('compose-') && name !== 'compose-definition' && name !== 'compose-config');
}

test('the calls are told apart by name: reading is not changing', () => {
	assert.ok(mutating('stop abc') && mutating('compose-up blog') && mutating('volume-backup data /tmp/x.tar overwrite=false'));
	assert.ok(!mutating('volume-prune-list') && !mutating('compose-definition blog') && !mutating('compose-config blog') && !mutating('inspect-image sha256:1'));
});

test('actions that change nothing still run in read-only mode, and make no call that changes the engine', async () => {
	const quiet = ACTIONS.filter(action => !action.changesState && !action.step);
	assert.ok(quiet.length > 40, `${quiet.length} read-only actions`);
	for (const action of quiet) {
		const ctx = readOnlyContext(action);
		invoke(ctx, action);
		// Whatever it asks is answered, going ahead: its later steps are walked too.
		for (let round = 0; round < 4; round++) {
			await new Promise(resolve => setTimeout(resolve, 2));
			const dialog = ctx.view.get().dialog;
			if (!dialog) {
				break;
			}

			const key = dialog.kind === 'form' ? 'ctrl+s' : dialog.kind === 'confirm' ? 'y' : 'enter';
			handleKey(ctx, key, key === 'y' ? 'y' : key === 'enter' ? '\r' : '\u0013');
			if (ctx.view.get().dialog === dialog) {
				break;
			}
		}

		await new Promise(resolve => setTimeout(resolve, 5));
		assert.doesNotMatch(ctx.model.get().notice?.text ?? '', REFUSED, action.id);
		assert.deepEqual(ctx.engine.calls.filter(call => mutating(call)), [], `${action.id} changes nothing on the engine`);
	}
});

test('a read-only form step refuses on submit and closes', () => {
	const step = ACTIONS.find(action => action.step && action.changesState && action.check);
	assert.ok(step, 'a state-changing form step');
	const ctx = readOnlyContext(step);
	openDialog(ctx, step, {kind: 'form', title: 'a form', submitLabel: 'Go', index: 0, fields: [], errors: {}}, []);
	handleKey(ctx, 'ctrl+s', '\u0013');
	assert.equal(ctx.view.get().dialog, undefined);
	assert.match(ctx.model.get().notice?.text ?? '', REFUSED);
	assert.deepEqual(ctx.engine.calls, []);
});

test('the status bar is not the only sign: changing the flag off lets the same action ask again', () => {
	const remove = ACTIONS.find(action => action.id === 'container.remove');
	assert.ok(remove);
	const ctx = readOnlyContext(remove);
	invoke(ctx, remove);
	assert.equal(ctx.view.get().dialog, undefined);
	ctx.view.change(state => ({...state, readOnly: false}));
	invoke(ctx, remove);
	assert.equal(ctx.view.get().dialog?.kind, 'confirm');
});
