import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseReference} from '../../source/parse/reference.js';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

test('parseReference splits the shapes docker accepts', () => {
	assert.deepEqual(parseReference('busybox'), {value: {path: 'busybox'}});
	assert.deepEqual(parseReference(' nginx:1.25-alpine '), {value: {path: 'nginx', tag: '1.25-alpine'}});
	assert.deepEqual(parseReference('berth-test/busybox'), {value: {path: 'berth-test/busybox'}});
	assert.deepEqual(parseReference(`alpine@${digest}`), {value: {path: 'alpine', digest}});
	assert.deepEqual(parseReference(`localhost:5000/team/app:v2@${digest}`), {
		value: {domain: 'localhost:5000', path: 'team/app', tag: 'v2', digest},
	});
	assert.deepEqual(parseReference('registry.example.com/a/b/c'), {value: {domain: 'registry.example.com', path: 'a/b/c'}});
	assert.deepEqual(parseReference('localhost/app'), {value: {domain: 'localhost', path: 'app'}});
	assert.deepEqual(parseReference('[::1]:5000/app:1'), {value: {domain: '[::1]:5000', path: 'app', tag: '1'}});
	assert.deepEqual(parseReference('my_app__x.y-z---w'), {value: {path: 'my_app__x.y-z---w'}});
	assert.deepEqual(parseReference(`a:${'x'.repeat(128)}`), {value: {path: 'a', tag: 'x'.repeat(128)}});
});

test('parseReference treats a first part with a dot, a colon or capitals as a registry', () => {
	assert.deepEqual(parseReference('Example/app'), {value: {domain: 'Example', path: 'app'}});
	assert.deepEqual(parseReference('team/app'), {value: {path: 'team/app'}});
});

test('parseReference names the field and says what is wrong', () => {
	assert.deepEqual(parseReference(''), {error: 'image: an image is required'});
	assert.deepEqual(parseReference('Nginx'), {error: 'image: Nginx must be lowercase'});
	assert.deepEqual(parseReference('team/App:1'), {error: 'image: team/App:1 must be lowercase'});
	assert.match(errorOf('nginx:-bad'), /^image: nginx:-bad has an invalid tag/);
	assert.match(errorOf(`nginx:${'x'.repeat(129)}`), /has an invalid tag/);
	assert.match(errorOf('nginx@sha256:abc'), /^image: nginx@sha256:abc has an invalid digest/);
	assert.match(errorOf(`nginx@sha256:${'A'.repeat(64)}`), /invalid digest/);
	assert.match(errorOf('a//b'), /invalid name part ""/);
	assert.match(errorOf('app-'), /invalid name part "app-"/);
	assert.match(errorOf('bad_host!:5000/app'), /invalid registry bad_host!:5000/);
	assert.match(errorOf('my app'), /invalid name part "my app"/);
	assert.match(errorOf(`${'a'.repeat(256)}`), /longer than 255/);
	assert.match(errorOf('x y', 'from'), /^from: /);
});

function errorOf(text: string, field?: string): string {
	const result = parseReference(text, field);
	assert.ok('error' in result, `${text} should be refused`);
	return result.error;
}
