// Runs berth's bundle with the code V8 compiled for it at an earlier start. Compiling the bundle's
// 2 MB of JavaScript was most of berth's start-up. Node 20 caches compiled code for no ES module
// (its compile cache came with Node 22), but V8 takes a cache for a script run through node:vm,
// which is why the bundle is CommonJS. The launcher (cli.ts) imports only this, before the app.
import {isAscii} from 'node:buffer';
import {createHash} from 'node:crypto';
import {closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {Script} from 'node:vm';

/** How many caches are kept (one a build and set of Node flags): the one just written and the last ones before it. */
export const CACHES_KEPT = 3;

export interface LoadedBundle {
	exports: Record<string, unknown>;
	/** What became of the cache: used; none (no file, or one not safe to run); refused by V8 (another V8, other flags, damaged). */
	cache: 'used' | 'none' | 'refused';
	/**
	 * Writes the code compiled so far for the next start, unless the cache was used; whether a
	 * cache was written. A failure only costs the next start its speed, so it is not an error.
	 */
	saveCache(): boolean;
}

/**
 * The name of the cache of one bundle file's bytes on one Node started with these flags: a cache
 * made for other text is never read. V8 refuses a cache made under other flags (the launcher's,
 * say, when berth is started as `node dist/cli.js`), so each set of flags keeps its own rather
 * than replacing the other's at every change. The bytes are hashed, not the text read from them:
 * Node hashes a string by encoding it to bytes first, which took ten times as long.
 */
export function cacheName(bundle: Uint8Array, nodeFlags: readonly string[] = process.execArgv): string {
	const digest = createHash('sha256').update(bundle).update(`\0${nodeFlags.join('\0')}`).digest('hex').slice(0, 32);
	return `bundle-${process.version}-${process.arch}-${digest}.bin`;
}

/** Where the cache lives: the user's cache directory, as the XDG convention has it. */
export function cacheDirectory(env: NodeJS.ProcessEnv, homeDir: string): string | undefined {
	const base = env['XDG_CACHE_HOME'] || (homeDir === '' ? undefined : join(homeDir, '.cache'));
	return base === undefined ? undefined : join(base, 'berth');
}

/**
 * The cache file's bytes, if it is this user's and no one else can write it: it is code that
 * runs, and a cache directory can be another user's (sudo keeping HOME, for one). Where a file's
 * owner cannot be told (Windows), no cache is read.
 */
function readOwnFile(file: string): Buffer | undefined {
	let descriptor: number | undefined;
	try {
		descriptor = openSync(file, 'r');
		const {uid, mode} = fstatSync(descriptor);
		return uid === process.getuid?.() && (mode & 0o022) === 0 ? readFileSync(descriptor) : undefined;
	} catch {
		return undefined;
	} finally {
		if (descriptor !== undefined) {
			closeSync(descriptor);
		}
	}
}

/**
 * Makes the cache directory, and the one it is in when that is missing too ($XDG_CACHE_HOME or
 * ~/.cache). Not with mkdir's recursive option: on a file system that refuses to make a directory
 * with ENOENT (procfs does), Node 20's retries it forever.
 */
function makeDirectory(directory: string): void {
	try {
		mkdirSync(directory, {mode: 0o700});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') {
			return;
		}

		if (code !== 'ENOENT') {
			throw error;
		}

		mkdirSync(dirname(directory), {mode: 0o700});
		mkdirSync(directory, {mode: 0o700});
	}
}

/**
 * The bundle compiled, from the cache when there is one. The file's bytes and the cache's (3.5 MB
 * together) are garbage once V8 has the script: made in a function of their own, they die before
 * the bundle runs rather than outlive its start in the old generation until a full collection.
 */
function compileBundle(path: string, cacheDir: string | undefined): {script: Script; name: string; cache: LoadedBundle['cache']} {
	const bytes = readFileSync(path);
	// The build keeps the bundle ASCII, which reads as Latin-1 in a millisecond (as UTF-8, some 15).
	const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
	const name = cacheName(bytes);
	const cachedData = cacheDir === undefined ? undefined : readOwnFile(join(cacheDir, name));
	// On the file's first line, so that line numbers in stacks stay the file's.
	const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {filename: path, cachedData});
	return {script, name, cache: cachedData === undefined ? 'none' : script.cachedDataRejected === true ? 'refused' : 'used'};
}

/**
 * Runs the CommonJS file at `path` as Node would, with its compiled code cached in `cacheDir`
 * (made when missing, for this user only). Without a directory, nothing is cached.
 */
export function loadBundle(path: string, cacheDir: string | undefined): LoadedBundle {
	const {script, name, cache} = compileBundle(path, cacheDir);
	const module = {exports: {} as Record<string, unknown>};
	(script.runInThisContext() as (...parts: unknown[]) => void).call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
	return {
		exports: module.exports,
		cache,
		saveCache() {
			if (cacheDir === undefined || cache === 'used') {
				return false;
			}

			try {
				makeDirectory(cacheDir);
				// Written whole under another name, then renamed: a berth starting meanwhile reads all or nothing.
				const partial = join(cacheDir, `${name}.${process.pid}`);
				writeFileSync(partial, script.createCachedData(), {mode: 0o600});
				renameSync(partial, join(cacheDir, name));
				// Earlier builds' caches go, but not the last few: two berths installed side by side
				// (a checkout and a global install) would otherwise each remove the other's.
				const caches = readdirSync(cacheDir)
					.filter(other => other.startsWith('bundle-') && other.endsWith('.bin'))
					.map(other => ({other, written: statSync(join(cacheDir, other)).mtimeMs}))
					.sort((a, b) => b.written - a.written);
				for (const {other} of caches.slice(CACHES_KEPT)) {
					rmSync(join(cacheDir, other), {force: true});
				}

				return true;
			} catch {
				return false;
			}
		},
	};
}
