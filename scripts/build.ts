// Builds dist/cli.js: one bundled ES module. Loading one file instead of some thousand module
// files (Ink pulls in a large utility library) makes berth start several times faster.
// Typechecking is tsc's job (`npm run typecheck`); this only bundles.
import {readFile} from 'node:fs/promises';
import {build, type Plugin} from 'esbuild';

interface SourcePatch {
	/** Which bundled file. */
	file: RegExp;
	find: string;
	replace: string;
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
];

const patchDependencies: Plugin = {
	name: 'patch-dependencies',
	setup(builder) {
		for (const patch of PATCHES) {
			builder.onLoad({filter: patch.file}, async ({path}) => {
				const source = await readFile(path, 'utf8');
				if (!source.includes(patch.find)) {
					throw new Error(`${path} no longer contains the text the build patches: ${patch.find}`);
				}

				return {contents: source.replace(patch.find, patch.replace), loader: 'js'};
			});
		}
	},
};

await build({
	entryPoints: ['source/cli.tsx'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	sourcemap: true,
	legalComments: 'linked',
	// React's production build, whatever NODE_ENV the user has.
	define: {'process.env.NODE_ENV': '"production"'},
	// Bundled CommonJS packages (dockerode and its dependencies) expect require() and __dirname.
	banner: {
		js: [
			"import {createRequire as berthCreateRequire} from 'node:module';",
			"import {fileURLToPath as berthFileURLToPath} from 'node:url';",
			'const require = berthCreateRequire(import.meta.url);',
			'const __filename = berthFileURLToPath(import.meta.url);',
			"const __dirname = berthFileURLToPath(new URL('.', import.meta.url));",
		].join('\n'),
	},
	external: [
		// Optional native speed-ups of the SSH client, loaded only if they were built.
		'cpu-features',
		'*.node',
		// Ink's developer tools, imported only when DEV=true.
		'./devtools.js',
	],
	plugins: [patchDependencies],
	logLevel: 'warning',
});
