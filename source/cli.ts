import './v8-flags.js';
import {homedir} from 'node:os';
import {fileURLToPath} from 'node:url';
import {cacheDirectory, loadBundle} from './code-cache.js';
import type {main as Main} from './main.js';

// Long enough for the first frame to be drawn, so that the next start finds the code that drew it
// compiled; soon enough that a short session leaves a cache too.
const SAVE_CACHE_AFTER_MS = 2000;

// The launcher's first lines (scripts/build.ts) tune glibc's malloc for this process, which glibc
// read as it started, and name in BERTH_MALLOC the variables they set. What berth runs (custom
// commands, shells, the docker CLI) gets the environment the user gave berth.
const launcherMalloc = process.env['BERTH_MALLOC']?.split(' ').filter(name => name.startsWith('MALLOC_')) ?? [];
for (const name of [...launcherMalloc, 'BERTH_MALLOC']) {
	delete process.env[name];
}

const bundle = loadBundle(fileURLToPath(new URL('berth.cjs', import.meta.url)), cacheDirectory(process.env, homedir()));
if (bundle.cache !== 'used') {
	setTimeout(() => bundle.saveCache(), SAVE_CACHE_AFTER_MS).unref();
}

await (bundle.exports['main'] as typeof Main)(import.meta.url);
