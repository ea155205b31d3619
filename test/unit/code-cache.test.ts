import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'node:test';
import {CACHES_KEPT, cacheDirectory, cacheName} from '../../source/code-cache.js';

interface Start {
	cache: string;
	answer: number;
	where: string;
	file: string;
	/** What saveCache answered, when the start was asked to save. */
	saved?: boolean;
}

const LOADER = new URL('../../source/code-cache.ts', import.meta.url).href;

/**
 * Loads the bundle in a Node process of its own, as a start of berth does: V8 keeps the code it
 * compiled in a process, so a second load in this one would never read the cache. The program is
 * the same text at every start, its inputs arguments: Node's own arguments name the cache.
 */
const PROGRAM = `
	const {loadBundle} = await import(${JSON.stringify(LOADER)});
	const [path, cacheDir, save] = JSON.parse(process.argv[1]);
	const {exports, cache, saveCache} = loadBundle(path, cacheDir ?? undefined);
	const saved = save ? saveCache() : undefined;
	process.stdout.write(JSON.stringify({cache, answer: exports.answer(), where: exports.where, file: exports.file, saved}));`;

function loadBundle(path: string, cacheDir: string | undefined, save = false, nodeFlags: string[] = []): Start {
	const inputs = JSON.stringify([path, cacheDir ?? null, save]);
	return JSON.parse(execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', PROGRAM, inputs], {encoding: 'utf8', timeout: 30_000})) as Start;
}

/** A CommonJS file that uses what Node gives a module (require, __dirname, module.exports). */
function writeBundle(directory: string, answer: number): string {
	const path = join(directory, 'bundle.cjs');
	writeFileSync(path, `"use strict";\nconst {join} = require('node:path');\nmodule.exports.answer = () => ${answer};\nexports.where = join(__dirname, 'x');\nexports.file = __filename;\n`);
	return path;
}

function scratch(): {directory: string; cacheDir: string; [Symbol.dispose](): void} {
	const directory = mkdtempSync(join(tmpdir(), 'berth-code-cache-'));
	return {directory, cacheDir: join(directory, 'cache', 'berth'), [Symbol.dispose]: () => rmSync(directory, {recursive: true, force: true})};
}

/** A bundle that has been started once and left its cache: the bundle's path and the cache file's. */
function withCache(place: {directory: string; cacheDir: string}, answer: number): {path: string; file: string} {
	const path = writeBundle(place.directory, answer);
	assert.equal(loadBundle(path, place.cacheDir, true).saved, true);
	const [file] = readdirSync(place.cacheDir);
	return {path, file: join(place.cacheDir, file!)};
}

test('the first start runs the bundle and leaves a cache for this user only; the next start uses it', () => {
	using place = scratch();
	const path = writeBundle(place.directory, 42);
	const first = loadBundle(path, place.cacheDir, true);
	assert.deepEqual(first, {cache: 'none', answer: 42, where: join(place.directory, 'x'), file: path, saved: true});
	const [file, ...others] = readdirSync(place.cacheDir);
	assert.deepEqual(others, []);
	assert.match(file ?? '', new RegExp(`^bundle-${process.version.replaceAll('.', '\\.')}-${process.arch}-[0-9a-f]{32}\\.bin$`));
	assert.equal(statSync(place.cacheDir).mode & 0o777, 0o700);
	assert.equal(statSync(join(place.cacheDir, file!)).mode & 0o777, 0o600);

	// A used cache is left as it is.
	const second = loadBundle(path, place.cacheDir, true);
	assert.deepEqual([second.cache, second.answer, second.saved], ['used', 42, false]);
	assert.deepEqual(readdirSync(place.cacheDir), [file]);
});

test('a changed bundle does not read the cache of the old text; the caches of the last few builds are kept', () => {
	using place = scratch();
	const path = join(place.directory, 'bundle.cjs');
	const written: string[] = [];
	for (let build = 1; build <= CACHES_KEPT; build += 1) {
		// Each the same length as the one before: V8 itself would take the old cache for this text.
		const start = loadBundle(writeBundle(place.directory, build), place.cacheDir, true);
		assert.deepEqual([start.cache, start.answer, start.saved], ['none', build, true]);
		const file = readdirSync(place.cacheDir).find(name => !written.includes(name))!;
		written.push(file);
		// Written a minute apart, oldest first.
		const minutesAgo = (CACHES_KEPT - build + 1) * 60;
		utimesSync(join(place.cacheDir, file), Date.now() / 1000 - minutesAgo, Date.now() / 1000 - minutesAgo);
	}

	const newest = loadBundle(writeBundle(place.directory, 9), place.cacheDir, true);
	assert.deepEqual([newest.cache, newest.answer, newest.saved], ['none', 9, true]);
	// The oldest build's cache went; each build still finds only its own.
	assert.equal(readdirSync(place.cacheDir).length, CACHES_KEPT);
	assert.equal(readdirSync(place.cacheDir).includes(written[0]!), false);
	writeBundle(place.directory, CACHES_KEPT);
	assert.equal(loadBundle(path, place.cacheDir).cache, 'used');
	writeBundle(place.directory, 1);
	assert.equal(loadBundle(path, place.cacheDir).cache, 'none');
});

test('a cache V8 cannot read is refused, the bundle still runs, and a good cache is written over it', () => {
	using place = scratch();
	const {path, file} = withCache(place, 7);
	writeFileSync(file, 'not compiled code at all', {mode: 0o600});

	const damaged = loadBundle(path, place.cacheDir, true);
	assert.deepEqual([damaged.cache, damaged.answer, damaged.saved], ['refused', 7, true]);
	assert.equal(loadBundle(path, place.cacheDir).cache, 'used');
});

test('a cache that others can write is not run', () => {
	using place = scratch();
	const {path, file} = withCache(place, 3);
	chmodSync(file, 0o666);
	assert.equal(loadBundle(path, place.cacheDir).cache, 'none');
	chmodSync(file, 0o600);
	assert.equal(loadBundle(path, place.cacheDir).cache, 'used');
});

test('without a cache directory nothing is cached, and a directory that cannot be made costs only the cache', () => {
	using place = scratch();
	const path = writeBundle(place.directory, 5);
	assert.deepEqual(loadBundle(path, undefined, true).saved, false);
	// A file where the directory should be.
	writeFileSync(join(place.directory, 'cache'), '');
	const blocked = loadBundle(path, place.cacheDir, true);
	assert.deepEqual([blocked.cache, blocked.answer, blocked.saved], ['none', 5, false]);
	// A file system that answers "no such file" to making a directory: Node's recursive mkdir tries forever.
	const refused = loadBundle(path, '/proc/no-such-place/berth', true);
	assert.deepEqual([refused.cache, refused.answer, refused.saved], ['none', 5, false]);
});

test('the cache lives in XDG_CACHE_HOME, else ~/.cache, under berth; its name is the text, the Node and its flags', () => {
	assert.equal(cacheDirectory({XDG_CACHE_HOME: '/x/cache'}, '/home/u'), '/x/cache/berth');
	assert.equal(cacheDirectory({XDG_CACHE_HOME: ''}, '/home/u'), '/home/u/.cache/berth');
	assert.equal(cacheDirectory({}, ''), undefined);
	const [a, b] = [Buffer.from('a'), Buffer.from('b')];
	assert.equal(cacheName(a), cacheName(Buffer.from('a')));
	assert.notEqual(cacheName(a), cacheName(b));
	assert.notEqual(cacheName(a, []), cacheName(a, ['--min-semi-space-size=2']));
});

test('a start under other V8 flags keeps a cache of its own, and each set of flags finds its own', () => {
	using place = scratch();
	const path = writeBundle(place.directory, 9);
	const flags = ['--min-semi-space-size=2'];
	assert.equal(loadBundle(path, place.cacheDir, true).saved, true);
	const flagged = loadBundle(path, place.cacheDir, true, flags);
	assert.deepEqual([flagged.cache, flagged.saved], ['none', true]);
	assert.equal(readdirSync(place.cacheDir).length, 2);
	assert.equal(loadBundle(path, place.cacheDir).cache, 'used');
	assert.equal(loadBundle(path, place.cacheDir, false, flags).cache, 'used');
});
