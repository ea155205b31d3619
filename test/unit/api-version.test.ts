import assert from 'node:assert/strict';
import {test} from 'node:test';
import {chooseApiVersion, newestApiVersion, oldestApiVersion} from '../../source/engine/api-version.js';

const at = 'unix:///var/run/docker.sock';

test('berth knows API 1.41 up to 1.47', () => {
	assert.equal(oldestApiVersion, '1.41');
	assert.equal(newestApiVersion, '1.47');
});

test("an engine older than berth's newest is spoken to at its own version", () => {
	assert.equal(chooseApiVersion({ApiVersion: '1.41', MinAPIVersion: '1.12'}, at), '1.41');
	assert.equal(chooseApiVersion({ApiVersion: '1.43', MinAPIVersion: '1.12'}, at), '1.43');
	assert.equal(chooseApiVersion({ApiVersion: '1.47'}, at), '1.47');
});

test('a newer engine is spoken to at the newest version berth knows', () => {
	assert.equal(chooseApiVersion({ApiVersion: '1.52', MinAPIVersion: '1.44'}, at), '1.47');
	assert.equal(chooseApiVersion({ApiVersion: '2.3', MinAPIVersion: '1.24'}, at), '1.47');
});

test('versions compare by number, not as text', () => {
	assert.equal(chooseApiVersion({ApiVersion: '1.100', MinAPIVersion: '1.24'}, at), '1.47');
	assert.throws(() => chooseApiVersion({ApiVersion: '1.9', MinAPIVersion: '1.0'}, at), {message: /speaks API 1\.9; berth needs 1\.41/});
});

test("an engine that no longer accepts berth's newest is spoken to at its oldest", () => {
	assert.equal(chooseApiVersion({ApiVersion: '1.60', MinAPIVersion: '1.50'}, at), '1.50');
});

test('an engine older than API 1.41 is refused, saying what it speaks and what berth needs', () => {
	assert.throws(() => chooseApiVersion({ApiVersion: '1.40', MinAPIVersion: '1.12'}, at), {
		name: 'EngineError',
		message: 'the Docker engine at unix:///var/run/docker.sock speaks API 1.40; berth needs 1.41 or newer (Docker 20.10+)',
	});
});

test('an answer without a usable API version is refused', () => {
	assert.throws(() => chooseApiVersion({}, at), {
		message: 'the Docker engine at unix:///var/run/docker.sock did not say which API version it speaks (ApiVersion null)',
	});
	assert.throws(() => chooseApiVersion({ApiVersion: 'v1.x'}, at), {message: /did not say which API version it speaks \(ApiVersion "v1\.x"\)$/});
	assert.throws(() => chooseApiVersion({ApiVersion: 141}, at), {message: /ApiVersion 141\)$/});
});

test('a malformed minimum is ignored', () => {
	assert.equal(chooseApiVersion({ApiVersion: '1.45', MinAPIVersion: 'latest'}, at), '1.45');
});
