// What the dispatcher says when it does not run an action, or when one failed: each in the
// user's language (through t()), naming the action by its title rather than gluing it into a sentence.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {handleKey, invoke, readOnlyRefusal} from '../../source/actions/dispatch.js';
import {actionById} from '../../source/actions/registry.js';
import {container} from '../support/build.js';
import {testContext, type TestContext} from '../support/context.js';
import {recorded} from '../support/fake-engine.js';
import {press, settle, type} from '../support/keys.js';

function scene(): TestContext {
	return testContext({containers: [container({name: 'api'}), container({name: 'db'})], images: [], volumes: [], networks: []});
}

const stop = actionById('container.stop')!;

test('a read-only refusal names the action and where read-only mode comes from', () => {
	assert.equal(readOnlyRefusal(stop, {from: 'option'}), 'read-only: “Stop” was not run; berth was started with --read-only');
	assert.equal(readOnlyRefusal(stop, {from: 'config'}), 'read-only: “Stop” was not run; the config file sets read-only: true');
	assert.equal(readOnlyRefusal(stop, {from: 'context', context: 'prod'}), 'read-only: “Stop” was not run; the config file sets read-only for context prod');
	// Not known: it claims no source.
	assert.equal(readOnlyRefusal(stop), 'read-only: “Stop” was not run; berth changes nothing on this engine');
	const ctx = scene();
	ctx.view.change(state => ({...state, readOnly: true}));
	press(ctx, 's');
	assert.equal(ctx.model.get().notice?.text, readOnlyRefusal(stop));
	assert.doesNotMatch(ctx.model.get().notice?.text ?? '', /--read-only/);
	// The view says where it came from (run.tsx sets it from the flag, the config file or the context).
	ctx.view.change(state => ({...state, readOnlyFrom: {from: 'context', context: 'prod'}}));
	press(ctx, 's');
	assert.equal(ctx.model.get().notice?.text, 'read-only: “Stop” was not run; the config file sets read-only for context prod');
});

test('with nothing to act on, the notice names the kind of object', () => {
	const ctx = testContext({containers: [], images: [], volumes: [], networks: []});
	press(ctx, 's');
	assert.equal(ctx.model.get().notice?.text, 'no container selected');
	// Nothing was done: a note, not a success.
	assert.equal(ctx.model.get().notice?.level, 'note');
});

test('a dialog whose objects went away meanwhile says so, by kind or by count', () => {
	const ctx = scene();
	press(ctx, 'd');
	ctx.model.replaceContainers([]);
	press(ctx, 'y');
	assert.equal(ctx.model.get().notice?.text, 'nothing done: the container asked about is gone');

	const two = scene();
	press(two, 'space', 'down', 'space', 'd');
	two.model.replaceContainers([]);
	press(two, 'y');
	assert.equal(two.model.get().notice?.text, 'nothing done: the 2 objects asked about are gone');
	assert.deepEqual([...two.engine.calls], []);
});

test('an action that failed is named by its title, quoted, before the engine’s reason', async () => {
	const ctx = testContext(recorded());
	ctx.view.change(state => ({...state, pane: 'images'}));
	ctx.engine.failures.set('logout', 'credentials store unreachable');
	press(ctx, 'I');
	type(ctx, 'registry.local');
	handleKey(ctx, 'enter', '\r');
	await settle();
	assert.equal(ctx.model.get().notice?.text, '“Log out of a registry (forget its stored credentials)” failed: credentials store unreachable');
	assert.deepEqual(ctx.commands.get().map(entry => [entry.command, entry.ok]), [['docker logout registry.local', false]]);
});

test('tagging says which image got which new name, in that order', async () => {
	const ctx = testContext(recorded());
	ctx.view.change(state => ({...state, pane: 'images'}));
	const tagged = ctx.model.get().images.find(image => image.tags.length > 0)!;
	ctx.view.change(state => ({...state, selected: {...state.selected, images: tagged.id}}));
	invoke(ctx, actionById('image.tag')!);
	press(ctx, 'ctrl+u');
	type(ctx, 'berth-audit/tagged:2');
	press(ctx, 'enter');
	await settle();
	assert.equal(ctx.model.get().notice?.text, `tagged ${tagged.tags[0]!} as berth-audit/tagged:2`);
});
