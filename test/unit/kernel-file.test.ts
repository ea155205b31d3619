import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {KernelFile} from '../../source/engine/stats/cgroup-stats.js';

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

test('a kernel file is read whole, however long, and from its start on every read', () => {
	const directory = mkdtempSync(join(tmpdir(), 'berth-kernel-file-'));
	try {
		const path = join(directory, 'file');
		// Longer than any buffer so far, with characters split across the buffers' boundaries.
		const long = `${'é'.repeat(20_000)}\n`;
		writeFileSync(path, long);
		const file = new KernelFile(path);
		assert.equal(file.read().toString(), long);
		// Rewritten in place, as the kernel makes its files anew for every read.
		writeFileSync(path, 'short\n');
		assert.equal(file.read().toString(), 'short\n');
		file.close();
	} finally {
		rmSync(directory, {recursive: true});
	}
});

test('a /proc file read again through its open descriptor gives the current figures', () => {
	const file = new KernelFile('/proc/self/io');
	// Every read adds what it read to the process's count of bytes read.
	const bytesRead = (): number => Number(/^rchar: (\d+)$/m.exec(file.read().toString())?.[1]);
	const first = bytesRead();
	assert.ok(bytesRead() > first);
	file.close();
});

test('a kernel file holds one descriptor from its first read until closed, and opens again when read after', () => {
	const start = openDescriptors();
	const file = new KernelFile('/proc/self/stat');
	assert.equal(openDescriptors(), start);
	file.read();
	file.read();
	assert.equal(openDescriptors(), start + 1);
	file.close();
	file.close();
	assert.equal(openDescriptors(), start);
	assert.match(file.read().toString(), /^\d+ \(/);
	assert.equal(openDescriptors(), start + 1);
	file.close();
	assert.equal(openDescriptors(), start);
});
