import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bareKey, engineIn, qualify, splitKey, validEngineName, withoutQualifiers} from '../../source/format/engine-key.js';
import {compileFilter} from '../../source/format/match.js';
import {shortId} from '../../source/format/index.js';

test('a key carries its engine after the id, so a short id reads as before', () => {
	const key = qualify('sha256:4bb5b87177c9a2db28389be2', 'prod');
	assert.deepEqual(splitKey(key), {id: 'sha256:4bb5b87177c9a2db28389be2', engine: 'prod'});
	assert.equal(shortId(key), '4bb5b87177c9');
	assert.equal(bareKey(key), 'sha256:4bb5b87177c9a2db28389be2');
	assert.deepEqual(splitKey('plain'), {id: 'plain'});
	assert.equal(bareKey('plain'), 'plain');
});

test('the engine of a row key, the longest name that fits', () => {
	const names = ['prod', 'prod2', 'me@host:22'];
	assert.equal(engineIn(qualify('abc', 'prod2'), names), 'prod2');
	assert.equal(engineIn(qualify('abc', 'prod'), names), 'prod');
	assert.equal(engineIn(`service\t${qualify('shop', 'me@host:22')}\tweb`, names), 'me@host:22');
	assert.equal(engineIn('abc', names), undefined);
	assert.equal(engineIn(qualify('abc', 'other'), names), undefined);
});

test('qualifiers are taken out of text shown to the user', () => {
	assert.equal(withoutQualifiers(`docker volume rm ${qualify('data', 'prod')} ${qualify('logs', '/var/run/docker.sock')}`), 'docker volume rm data logs');
	assert.equal(withoutQualifiers(`removed ${qualify('data', 'prod')}, ${qualify('x', 'lab')}; done`), 'removed data, x; done');
	assert.equal(withoutQualifiers('nothing here'), 'nothing here');
});

test('engine names: context names, host:port, user@host, socket paths; nothing that ends a word', () => {
	for (const name of ['prod', 'default', '10.0.0.2:2376', 'me@build', '/var/run/docker.sock', '[::1]:2375']) {
		assert.ok(validEngineName(name), name);
	}

	for (const name of ['', 'a b', 'a,b', 'x@@y', 'quote"d']) {
		assert.ok(!validEngineName(name), name);
	}
});

test('/engine:NAME matches the rows of engines whose name starts so; names are matched without their engine', () => {
	const prodVolume = {text: [qualify('data', 'prod'), 'local']};
	const labContainer = {text: ['web', 'nginx'], ids: [qualify('4bb5b87177c9', 'lab')]};
	const single = {text: ['web'], ids: ['4bb5b87177c9']};
	assert.ok(compileFilter('engine:prod').matches(prodVolume));
	assert.ok(compileFilter('engine:PR').matches(prodVolume));
	assert.ok(!compileFilter('engine:prod').matches(labContainer));
	assert.ok(compileFilter('engine:lab').matches(labContainer));
	assert.ok(!compileFilter('engine:lab').matches(single));
	assert.ok(compileFilter('!engine:lab').matches(single));
	assert.equal(compileFilter('engine:').error, 'engine: needs a name, as in engine:prod');
	// The engine in a key is not a word of the row's name.
	assert.ok(!compileFilter('prod').matches(prodVolume));
	assert.ok(compileFilter('4bb5').matches(labContainer));
});
