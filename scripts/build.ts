// Builds dist/berth.cjs, berth bundled into one CommonJS file, and dist/cli.js, the launcher that
// runs it with V8's compiled code from the start before (source/code-cache.ts). Loading one file
// instead of some thousand module files (Ink pulls in a large utility library) makes berth start
// several times faster; the cache of its compiled code, faster again.
// Typechecking is tsc's job (`npm run typecheck`); this only bundles.
import {isAscii} from 'node:buffer';
import {chmod, readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build, type Plugin} from 'esbuild';

interface SourcePatch {
	/** Which bundled file. */
	file: RegExp;
	find: string;
	replace: string;
}

/** One file of the copy of a package that berth itself depends on, not of the older copies nested under other packages. */
function topLevel(file: string): RegExp {
	return new RegExp(`^${join(process.cwd(), 'node_modules', file).replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Small changes to dependencies, made as they are bundled. Each fails the build when its text is
 * not found, so an upgrade that changes the code is noticed rather than silently unpatched.
 */
const PATCHES: SourcePatch[] = [
	{
		// docker-modem formats every request's options (its HTTP agent and every open socket
		// included) for a debug line even when debugging is off: with a stream per container that
		// costs more than the request itself. Format only when the line is printed.
		file: /docker-modem[/\\]lib[/\\]modem\.js$/,
		find: "debug('Sending: %s', util.inspect(",
		replace: "debug.enabled && debug('Sending: %s', util.inspect(",
	},
	{
		// dockerode loads gRPC and protobuf at start for BuildKit sessions, which berth never opens:
		// load them on first use instead (about 10 MB and a good part of the start-up time).
		file: /dockerode[/\\]lib[/\\]docker\.js$/,
		find: "withSession = require('./session')",
		replace: "withSession = function () { return require('./session').apply(this, arguments); }",
	},
	{
		// docker-modem loads the SSH client at start for ssh:// hosts, and with it a WebAssembly
		// cipher that takes 16 MB of memory: load it when an SSH connection is made instead.
		file: /docker-modem[/\\]lib[/\\]modem\.js$/,
		find: "ssh = require('./ssh'),",
		replace: "ssh = function () { return require('./ssh').apply(this, arguments); },",
	},
	{
		// string-width makes its grapheme segmenter when it loads: some 20 ms at every start, for
		// text with joining characters that the first frame rarely has. Make it on first use.
		file: /string-width[/\\]index\.js$/,
		find: 'const segmenter = new Intl.Segmenter();',
		replace: 'let madeSegmenter; const segmenter = {segment: text => (madeSegmenter ??= new Intl.Segmenter()).segment(text)};',
	},
	{
		// Its emoji-sequence pattern (a v-flag set of every emoji sequence) is parsed whenever the
		// literal is made, some 40 ms once V8 takes the module from its code cache: make it when a
		// cluster of several characters is first measured, which the first frame rarely has.
		file: topLevel('string-width/index.js'),
		find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
		replace: "let madeRgiEmojiRegex; const rgiEmojiRegex = {test: text => (madeRgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(text)};",
	},
	{
		// meow's licence-name corrections sort a table when they load, comparing names with the
		// locale's collation: loading ICU's collator costs some 15 ms of every start. The order
		// among names of one length only says which of two corrections of a misspelt licence in
		// a package.json is tried first; berth's is not misspelt, so compare the plain text.
		file: /meow[/\\]build[/\\]dependencies\.js$/,
		find: 'return a[0].toUpperCase().localeCompare(b[0].toUpperCase())',
		replace: 'return a[0].toUpperCase() < b[0].toUpperCase() ? -1 : a[0].toUpperCase() > b[0].toUpperCase() ? 1 : 0',
	},
	{
		// The same in the slice-ansi that Ink's truncation uses.
		file: /slice-ansi[/\\]tokenize-ansi\.js$/,
		find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
		replace: 'let madeSegmenter; const GRAPHEME_SEGMENTER = {segment: text => (madeSegmenter ??= new Intl.Segmenter()).segment(text)};',
	},
	{
		// Ink remembers the size of every text it has ever measured, and the wrapping of every
		// text it has wrapped, for as long as it runs. A row whose figures change every second is
		// a new text every second: that grew by megabytes an hour. Start again past a bound that
		// holds many frames' worth of texts.
		file: /ink[/\\]build[/\\]measure-text\.js$/,
		find: 'cache.set(text, dimensions);',
		replace: 'if (cache.size >= 2000) cache.clear(); cache.set(text, dimensions);',
	},
	{
		file: /ink[/\\]build[/\\]wrap-text\.js$/,
		find: 'cache[cacheKey] = wrappedText;',
		replace: 'if (++cacheSize > 2000) { for (const key in cache) delete cache[key]; cacheSize = 1; } cache[cacheKey] = wrappedText;',
	},
	{
		file: /ink[/\\]build[/\\]wrap-text\.js$/,
		find: 'const cache = {};',
		replace: 'const cache = {}; let cacheSize = 0;',
	},
	{
		// Ink connects to React's developer tools, with a top-level await, when DEV=true is in the
		// environment. berth does not ship them, and a variable of that common name set for
		// something else should not change berth.
		file: /ink[/\\]build[/\\]reconciler\.js$/,
		find: "if (process.env['DEV'] === 'true') {",
		replace: 'if (false) {',
	},
];

const patchDependencies: Plugin = {
	name: 'patch-dependencies',
	setup(builder) {
		const files = new RegExp(PATCHES.map(patch => patch.file.source).join('|'));
		builder.onLoad({filter: files}, async ({path}) => {
			let source = await readFile(path, 'utf8');
			// A file may have several patches; esbuild takes only the first onLoad that answers.
			for (const patch of PATCHES.filter(patch => patch.file.test(path))) {
				if (!source.includes(patch.find)) {
					throw new Error(`${path} no longer contains the text the build patches: ${patch.find}`);
				}

				// A function, so that `$` in the replacement is not taken for a reference to the match.
				source = source.replace(patch.find, () => patch.replace);
			}

			return {contents: source, loader: 'js'};
		});
	},
};

/** Modules of Ink's replaced by berth's own, by the path Ink imports them with. */
const INK_STAND_INS: Record<string, string> = {
	// Ink's frame maker; berth's makes the same text at a fraction of the cost and garbage.
	'./output.js': 'source/ui/ink-output.ts',
	// Measured on every frame for every text node: berth's remembers the widths of the frame before.
	'widest-line': 'source/ui/ink-widest-line.ts',
	// Yoga, WebAssembly compiled at every start and waited for before the first frame: berth's
	// flexbox lays the boxes out on the same cells.
	'yoga-layout': 'source/ui/flex-layout.ts',
};

const INK_BUILD = /[/\\]node_modules[/\\]ink[/\\]build[/\\]/;

const inkStandIns: Plugin = {
	name: 'ink-stand-ins',
	setup(builder) {
		const filter = new RegExp(`^(${Object.keys(INK_STAND_INS).map(path => path.replaceAll('.', '\\.')).join('|')})$`);
		const found = new Set<string>();
		builder.onResolve({filter}, ({path, importer}) => {
			if (!INK_BUILD.test(importer)) {
				return undefined;
			}

			found.add(path);
			return {path: fileURLToPath(new URL(`../${INK_STAND_INS[path]}`, import.meta.url))};
		});
		builder.onEnd(result => {
			const missing = Object.keys(INK_STAND_INS).filter(path => !found.has(path));
			if (result.errors.length === 0 && missing.length > 0) {
				// As with the patches: an Ink that no longer imports these must be looked at.
				throw new Error(`Ink no longer imports ${missing.join(', ')}; the build's stand-ins need a look`);
			}
		});
	},
};

/**
 * A package left out of the bundle and imported with import() is loaded with require(): the
 * bundle runs as a node:vm script (source/code-cache.ts), where import() has no loader.
 */
const requireWhenImported: Plugin = {
	name: 'require-when-imported',
	setup(builder) {
		builder.onResolve({filter: /^[^./]/}, ({path, kind}) => (kind === 'dynamic-import' && EXTERNAL.includes(path) ? {path, namespace: 'required'} : undefined));
		builder.onLoad({filter: /.*/, namespace: 'required'}, ({path}) => ({contents: `module.exports = require(${JSON.stringify(path)});`, loader: 'js', resolveDir: process.cwd()}));
	},
};

/**
 * Loaded from node_modules when first used, not parsed at every start: the SSH client (ssh://
 * hosts only) and gRPC (BuildKit sessions, which berth never opens). They are half of the bundle
 * otherwise. berth depends on them directly, so they resolve from dist/.
 */
const EXTERNAL = ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader'];

const shared = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	sourcemap: true,
	// Whitespace and syntax only: names stay, so a crash's stack still says which function.
	// Node keeps every module's source text in memory; this one is a quarter smaller.
	minifyWhitespace: true,
	minifySyntax: true,
	legalComments: 'linked',
	logLevel: 'warning',
} as const;

// Whatever an earlier build left (its chunks, say) would lie beside this one unused.
await rm('dist', {recursive: true, force: true});
await build({
	...shared,
	entryPoints: ['source/main.tsx'],
	outfile: 'dist/berth.cjs',
	format: 'cjs',
	// Node 20 has the v flag, which esbuild's table does not know: lowered, string-width's emoji
	// patterns became RegExp constructions that V8 parses in full at load (some 35 ms at start).
	supported: {'regexp-set-notation': true},
	// React's production build, whatever NODE_ENV the user has.
	define: {'process.env.NODE_ENV': '"production"'},
	external: [
		...EXTERNAL,
		// Optional native speed-ups of the SSH client, loaded only if they were built.
		'cpu-features',
		'*.node',
	],
	plugins: [patchDependencies, inkStandIns, requireWhenImported],
});
// The launcher reads an ASCII bundle without decoding it (source/code-cache.ts); esbuild escapes
// other characters in strings, but not in regular expressions.
const bundled = await readFile('dist/berth.cjs');
if (!isAscii(bundled)) {
	const at = bundled.findIndex(byte => byte > 0x7f);
	throw new Error(`dist/berth.cjs is not ASCII at ${bundled.subarray(Math.max(0, at - 40), at + 10).toString()}: write the character as an escape`);
}

/**
 * The launcher's first lines, read by sh and by Node alike. sh runs `:`, sets the environment and
 * replaces itself with Node and V8 flags that `#!/usr/bin/env node` cannot pass (and `env -S` is
 * not everyone's `env`); Node skips the first line and reads the second as a string and a
 * comment, so `node dist/cli.js` runs too, without them.
 * - Young-generation halves of 2 MB instead of 1 MB: each second's frame leaves some 0.65 MB of
 *   garbage, and at 1 MB about every frame cost a collection that copied what the frames keep.
 *   Side by side at 21 running, 8–15% less CPU for at most 1.5 MB more RSS; 4 MB saved little more
 *   and held 9 MB more in a log flood. Set from inside the process (source/v8-flags.ts), this
 *   flag has no effect.
 * - glibc's malloc, unless the user tuned it: two arenas, where glibc gives each of Node's helper
 *   threads one of its own that keeps what it frees (side by side, 8 MB less RSS at 21 running
 *   and in a flood); and its first thresholds kept, where glibc raises them after large blocks
 *   are freed and from then on keeps more (3–5 MB less again). CPU alike. glibc reads them only
 *   at start; cli.ts takes them out of what berth's children get.
 */
const MALLOC_SETTINGS = {MALLOC_ARENA_MAX: 2, MALLOC_TRIM_THRESHOLD_: 131_072, MALLOC_MMAP_THRESHOLD_: 131_072};
const mallocNames = Object.keys(MALLOC_SETTINGS);
const userTuned = mallocNames.map(name => `\${${name}+set}`).join('');
const mallocExports = Object.entries(MALLOC_SETTINGS).map(([name, value]) => `${name}=${value}`);
// BERTH_MALLOC names what the launcher set, for cli.ts to take out.
const LAUNCHER_HEAD = `#!/bin/sh
':' //; [ "${userTuned}" ] || export ${mallocExports.join(' ')} BERTH_MALLOC="${mallocNames.join(' ')}"; exec node --min-semi-space-size=2 "$0" "$@"
`;

// The launcher: Node's own modules only, so it starts before the bundle is read.
await build({...shared, entryPoints: ['source/cli.ts'], outfile: 'dist/cli.js', format: 'esm', banner: {js: LAUNCHER_HEAD}});
await chmod('dist/cli.js', 0o755);
