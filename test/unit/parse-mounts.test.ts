import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatMount, parseMounts} from '../../source/parse/mounts.js';

test('parseMounts reads volumes, host paths and anonymous volumes', () => {
	assert.deepEqual(parseMounts('data:/var/lib/data\n/srv/www:/usr/share/html:ro\n/cache\n/etc/a,b:/etc/c,d:rw'), {
		value: [
			{type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false},
			{type: 'bind', source: '/srv/www', target: '/usr/share/html', readOnly: true},
			{type: 'anonymous', target: '/cache'},
			{type: 'bind', source: '/etc/a,b', target: '/etc/c,d', readOnly: false},
		],
	});
	assert.deepEqual(parseMounts('my.vol_1-x:/x:ro'), {value: [{type: 'volume', source: 'my.vol_1-x', target: '/x', readOnly: true}]});
});

test('parseMounts says which entry is wrong and why', () => {
	assert.deepEqual(parseMounts('data:relative'), {error: 'mounts: data:relative: the container path relative must be absolute'});
	assert.deepEqual(parseMounts('cache'), {error: 'mounts: cache: the container path cache must be absolute'});
	assert.deepEqual(parseMounts('/a:/b:rx'), {error: 'mounts: /a:/b:rx: rx is not a mount mode (use ro or rw)'});
	assert.deepEqual(parseMounts('./data:/data'), {
		error: 'mounts: ./data:/data: ./data is neither an absolute host path nor a volume name',
	});
	assert.deepEqual(parseMounts(':/data'), {error: 'mounts: :/data: the source is neither an absolute host path nor a volume name'});
	assert.match((parseMounts('/a:/b:ro:x') as {error: string}).error, /^mounts: \/a:\/b:ro:x has too many parts/);
});

test('formatMount writes back what parseMounts reads', () => {
	const text = 'data:/var/lib/data\n/srv:/srv:ro\n/cache';
	const result = parseMounts(text);
	assert.ok('value' in result);
	assert.equal(result.value.map(formatMount).join('\n'), text);
});
