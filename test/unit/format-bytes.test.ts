import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatBinary, formatRate, formatSize} from '../../source/format/bytes.js';

const KB = 1000;
const MB = 1000 * KB;
const GB = 1000 * MB;
const TB = 1000 * GB;
const PB = 1000 * TB;
const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;
const TIB = 1024 * GIB;
const PIB = 1024 * TIB;

test('formatSize prints decimal units with four significant digits like docker', () => {
	const cases: Array<[number, string]> = [
		[0, '0B'],
		[1, '1B'],
		[999, '999B'],
		[1000, '1kB'],
		[1024, '1.024kB'],
		[1234, '1.234kB'],
		[MB, '1MB'],
		[1048576, '1.049MB'],
		[2 * MB, '2MB'],
		[45.6 * MB, '45.6MB'],
		[100 * MB, '100MB'],
		[123456789, '123.5MB'],
		[1.2 * GB, '1.2GB'],
		[3.42 * GB, '3.42GB'],
		[5.372 * TB, '5.372TB'],
		[2.22 * PB, '2.22PB'],
		[999999, '1000kB'],
		[0.5, '0.5B'],
	];
	for (const [bytes, text] of cases) {
		assert.equal(formatSize(bytes), text, String(bytes));
	}
});

test('formatSize rounds exact halves to the even digit, as docker does', () => {
	assert.equal(formatSize(1062500), '1.062MB');
	assert.equal(formatSize(1187500), '1.188MB');
	assert.equal(formatSize(1062501), '1.063MB');
});

test('formatSize prints whole numbers instead of exponents at the extremes', () => {
	assert.equal(formatSize(10000000000000 * PB), '10000YB');
	assert.equal(formatSize(0.00001), '0B');
});

test('formatSize handles negative and non-finite values', () => {
	assert.equal(formatSize(-1500), '-1.5kB');
	assert.equal(formatSize(-0), '0B');
	assert.equal(formatSize(Number.NaN), '--');
	assert.equal(formatSize(Number.POSITIVE_INFINITY), '--');
});

test('formatBinary prints binary units like docker stats', () => {
	const cases: Array<[number, string]> = [
		[0, '0B'],
		[512, '512B'],
		[1023, '1023B'],
		[KIB, '1KiB'],
		[1536, '1.5KiB'],
		[512 * KIB, '512KiB'],
		[1.5 * MIB, '1.5MiB'],
		[MIB, '1MiB'],
		[2 * MIB, '2MiB'],
		[1048575, '1024KiB'],
		[3.42 * GIB, '3.42GiB'],
		[5.372 * TIB, '5.372TiB'],
		[2.22 * PIB, '2.22PiB'],
		[1088, '1.062KiB'],
		[1216, '1.188KiB'],
		[KIB * KIB * KIB * KIB * KIB * PIB, '1.049e+06YiB'],
		[Number.NaN, '--'],
	];
	for (const [bytes, text] of cases) {
		assert.equal(formatBinary(bytes), text, String(bytes));
	}
});

test('formatRate appends per second to a decimal size', () => {
	assert.equal(formatRate(0), '0B/s');
	assert.equal(formatRate(1.2 * MB), '1.2MB/s');
	assert.equal(formatRate(1234567), '1.235MB/s');
	assert.equal(formatRate(0.25), '0.25B/s');
});

test('four significant digits across many magnitudes agree with a plain decimal reading', () => {
	for (let bytes = 1; bytes < 1e18; bytes = Math.floor(bytes * 1.37) + 1) {
		const text = formatSize(bytes);
		const match = /^(\d+(?:\.\d+)?)([kMGTPE]?B)$/.exec(text);
		assert.ok(match, text);
		const digits = (match[1] ?? '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
		assert.ok(digits.length <= 4, text);
		const scale = {B: 1, kB: KB, MB, GB, TB, PB, EB: 1000 * PB}[match[2] ?? 'B'] ?? 1;
		assert.ok(Math.abs(Number(match[1]) * scale - bytes) / bytes < 0.0006, `${bytes} ${text}`);
	}
});
