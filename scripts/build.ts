// Builds dist/cli.js: one bundled ES module. Loading one file instead of some thousand module
// files (Ink pulls in a large utility library) makes berth start several times faster.
// Typechecking is tsc's job (`npm run typecheck`); this only bundles.
import {build} from 'esbuild';

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
	logLevel: 'warning',
});
