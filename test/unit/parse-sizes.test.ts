import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatSizeSpec, parseSize} from '../../source/parse/sizes.js';

test('parseSize reads sizes the way docker does (binary units)', () => {
	const bytes = (text: string) => parseSize(text, 'memory');
	assert.deepEqual(bytes('1024'), {value: 1024});
	assert.deepEqual(bytes('100b'), {value: 100});
	assert.deepEqual(bytes('64k'), {value: 64 * 1024});
	assert.deepEqual(bytes('512m'), {value: 512 * 1024 ** 2});
	assert.deepEqual(bytes('512M'), {value: 512 * 1024 ** 2});
	assert.deepEqual(bytes('1g'), {value: 1024 ** 3});
	assert.deepEqual(bytes('1.5GiB'), {value: 1.5 * 1024 ** 3});
	assert.deepEqual(bytes('2 mb'), {value: 2 * 1024 ** 2});
	assert.deepEqual(bytes('1t'), {value: 1024 ** 4});
});

test('parseSize takes -1 only where unlimited is allowed', () => {
	assert.deepEqual(parseSize('-1', 'memory-swap', true), {value: -1});
	assert.deepEqual(parseSize('-1', 'memory'), {error: 'memory: -1 is not a size (use a number with b, k, m or g)'});
	assert.deepEqual(parseSize('12q', 'memory-swap', true), {
		error: 'memory-swap: 12q is not a size (use a number with b, k, m or g, or -1 for unlimited)',
	});
});

test('parseSize refuses what is not a size', () => {
	for (const text of ['12q', 'm', '', '1.2.3m', '-5m', '1 g b']) {
		assert.deepEqual(parseSize(text, 'memory'), {error: `memory: ${text.trim()} is not a size (use a number with b, k, m or g)`});
	}
});

test('formatSizeSpec gives the shortest exact text', () => {
	assert.equal(formatSizeSpec(512 * 1024 ** 2), '512m');
	assert.equal(formatSizeSpec(1024 ** 3), '1g');
	assert.equal(formatSizeSpec(3 * 1024 ** 4), '3072g');
	assert.equal(formatSizeSpec(1536 * 1024), '1536k');
	assert.equal(formatSizeSpec(1000), '1000b');
	assert.equal(formatSizeSpec(-1), '-1');
	for (const text of ['512m', '1g', '7k', '123b']) {
		const result = parseSize(text, 'memory');
		assert.ok('value' in result);
		assert.equal(formatSizeSpec(result.value), text);
	}
});
