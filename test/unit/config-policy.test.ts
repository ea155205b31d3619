import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseConfig} from '../../source/config/load.js';
import {readOnlySource} from '../../source/config/policy.js';

const ACTIONS = ['container.stop', 'container.remove', 'image.remove'];

function load(text: string) {
	const {config, problems} = parseConfig(text, {file: 'config.yml', actionIds: ACTIONS});
	assert.deepEqual(problems, []);
	return config;
}

test('read-only everywhere, or for one docker context, saying which', () => {
	const config = load('contexts: {prod: {read-only: true}, dev: {read-only: false}}');
	assert.deepEqual(readOnlySource(config, ['prod']), {from: 'context', context: 'prod'});
	assert.equal(readOnlySource(config, ['dev']), undefined);
	assert.equal(readOnlySource(config, ['other']), undefined);
	assert.equal(readOnlySource(config, []), undefined);
	assert.equal(readOnlySource(config, ['toString']), undefined);
	// Several engines watched: one read-only context is enough.
	assert.deepEqual(readOnlySource(config, ['dev', 'prod']), {from: 'context', context: 'prod'});
	assert.deepEqual(readOnlySource(load('read-only: true\ncontexts: {dev: {read-only: false}}'), ['dev']), {from: 'config'});
});
