import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseConfig} from '../../source/config/load.js';
import {readOnlyFor} from '../../source/config/policy.js';

const ACTIONS = ['container.stop', 'container.remove', 'image.remove'];

function load(text: string) {
	const {config, problems} = parseConfig(text, {file: 'config.yml', actionIds: ACTIONS});
	assert.deepEqual(problems, []);
	return config;
}

test('read-only everywhere, or for one docker context', () => {
	const config = load('contexts: {prod: {read-only: true}, dev: {read-only: false}}');
	assert.equal(readOnlyFor(config, 'prod'), true);
	assert.equal(readOnlyFor(config, 'dev'), false);
	assert.equal(readOnlyFor(config, 'other'), false);
	assert.equal(readOnlyFor(config, undefined), false);
	assert.equal(readOnlyFor(config, 'toString'), false);
	assert.equal(readOnlyFor(load('read-only: true\ncontexts: {dev: {read-only: false}}'), 'dev'), true);
});
