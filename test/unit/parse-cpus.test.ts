import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatCpus, parseCpuShares, parseCpus, parseCpuset} from '../../source/parse/cpus.js';

test('parseCpus gives exact NanoCpus', () => {
	assert.deepEqual(parseCpus('1.5'), {value: 1_500_000_000});
	assert.deepEqual(parseCpus('2'), {value: 2_000_000_000});
	assert.deepEqual(parseCpus('.25'), {value: 250_000_000});
	assert.deepEqual(parseCpus('0.1'), {value: 100_000_000});
	assert.deepEqual(parseCpus('0.000000001'), {value: 1});
	assert.deepEqual(parseCpus('3.10000000000'), {value: 3_100_000_000});
});

test('parseCpus refuses what is not a decimal number or too precise', () => {
	assert.deepEqual(parseCpus('1,5'), {error: 'cpus: 1,5 is not a number of CPUs (e.g. 1.5)'});
	assert.deepEqual(parseCpus('.'), {error: 'cpus: . is not a number of CPUs (e.g. 1.5)'});
	assert.deepEqual(parseCpus('-1'), {error: 'cpus: -1 is not a number of CPUs (e.g. 1.5)'});
	assert.deepEqual(parseCpus('0.0000000001'), {error: 'cpus: 0.0000000001 is too precise (at most 9 decimals)'});
});

test('formatCpus writes the decimal back', () => {
	assert.equal(formatCpus(1_500_000_000), '1.5');
	assert.equal(formatCpus(2_000_000_000), '2');
	assert.equal(formatCpus(1), '0.000000001');
	assert.equal(formatCpus(250_000_000), '0.25');
});

test('parseCpuset reads CPU lists and ranges', () => {
	assert.deepEqual(parseCpuset('0-3'), {value: '0-3'});
	assert.deepEqual(parseCpuset('0,1'), {value: '0,1'});
	assert.deepEqual(parseCpuset('0-1,4,6-7'), {value: '0-1,4,6-7'});
	for (const text of ['3-0', 'a', '0,', '1-2-3', '-1']) {
		assert.deepEqual(parseCpuset(text), {error: `cpuset-cpus: ${text} is not a list of CPUs (e.g. 0-3 or 0,1)`});
	}
});

test('parseCpuShares takes a whole number', () => {
	assert.deepEqual(parseCpuShares('512'), {value: 512});
	assert.deepEqual(parseCpuShares('1.5'), {error: 'cpu-shares: 1.5 is not a whole number'});
	assert.deepEqual(parseCpuShares('lots'), {error: 'cpu-shares: lots is not a whole number'});
});
