import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatUlimit, parseUlimits} from '../../source/parse/ulimits.js';

test('parseUlimits reads name=soft[:hard], on lines or separated by commas', () => {
	assert.deepEqual(parseUlimits('nofile=1024:2048, nproc=512\nmemlock=-1:-1\ncore=0:-1'), {
		value: [
			{name: 'nofile', soft: 1024, hard: 2048},
			{name: 'nproc', soft: 512, hard: 512},
			{name: 'memlock', soft: -1, hard: -1},
			{name: 'core', soft: 0, hard: -1},
		],
	});
});

test('parseUlimits says which entry is wrong and why', () => {
	assert.deepEqual(parseUlimits('nofile'), {error: 'ulimits: nofile has no limit (use name=soft[:hard], e.g. nofile=1024:2048)'});
	assert.match(errorOf('files=10'), /^ulimits: files is not a ulimit \(use one of core, cpu, .*nofile/);
	assert.deepEqual(parseUlimits('nofile=a:b'), {error: 'ulimits: nofile=a:b: the limits must be whole numbers or -1, as soft[:hard]'});
	assert.deepEqual(parseUlimits('nofile=1:2:3'), {error: 'ulimits: nofile=1:2:3: the limits must be whole numbers or -1, as soft[:hard]'});
	assert.deepEqual(parseUlimits('nofile=2048:1024'), {error: 'ulimits: nofile=2048:1024: the soft limit must not exceed the hard limit'});
	assert.deepEqual(parseUlimits('nofile=-1:1024'), {error: 'ulimits: nofile=-1:1024: the soft limit must not exceed the hard limit'});
});

test('formatUlimit writes back what parseUlimits reads', () => {
	const result = parseUlimits('nofile=1024:2048\nnproc=512');
	assert.ok('value' in result);
	assert.deepEqual(result.value.map(formatUlimit), ['nofile=1024:2048', 'nproc=512']);
});

function errorOf(text: string): string {
	const result = parseUlimits(text);
	assert.ok('error' in result, `${text} should be refused`);
	return result.error;
}
