// The build context as the docker CLI sends it: every file under the context directory that
// `.dockerignore` does not exclude, plus the Dockerfile and `.dockerignore` themselves, as a tar
// streamed from disk (never held in memory: a context can be gigabytes).
import {createReadStream, type Stats} from 'node:fs';
import {lstat, readFile, readdir, readlink} from 'node:fs/promises';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {PassThrough, type Readable} from 'node:stream';
import dockerignoreModule from '@balena/dockerignore';
import tar from 'tar-stream';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

// A CommonJS package whose types declare an ES default export: under Node's ESM interop the
// import is module.exports, which carries the factory again as `.default`.
const dockerignore = dockerignoreModule.default;

/** A `.dockerignore` pattern as moby cleans it: no leading "/", no "./", no trailing "/". */
function cleanPattern(pattern: string): string {
	const cleaned = path.posix.normalize(pattern.trim()).replace(/(?<=.)\/$/, '');
	return cleaned.length > 1 && cleaned.startsWith('/') ? cleaned.slice(1) : cleaned;
}

/**
 * Which context paths go to the engine. Matching is moby's (through @balena/dockerignore, a port
 * of its pattern matcher); walking follows moby's archive code: an excluded directory is skipped
 * whole unless an exception pattern ("!dir/keep") starts inside it, in which case it is walked
 * but only the re-included paths are sent.
 */
export class ContextFilter {
	readonly #matcher: ReturnType<typeof dockerignore>;
	readonly #exceptions: string[];
	readonly #alwaysSent: Set<string>;

	/** `ignoreText` is the `.dockerignore` content (empty if none); `dockerfile` is relative to the context. */
	constructor(ignoreText: string, dockerfile: string) {
		// Case-sensitive like the engine on Linux (the library defaults to ignoring case).
		this.#matcher = dockerignore({ignorecase: false}).add(ignoreText);
		this.#exceptions = ignoreText
			.split(/\r?\n/)
			.map(line => line.trim())
			.filter(line => line.startsWith('!'))
			.map(line => cleanPattern(line.slice(1)))
			.filter(pattern => pattern !== '' && pattern !== '.');
		// The CLI adds "!.dockerignore" and "!<Dockerfile>" to the patterns: both are always sent.
		const sent = ['.dockerignore', path.posix.normalize(dockerfile)];
		this.#alwaysSent = new Set(sent);
		for (const file of sent) {
			this.#exceptions.push(file);
		}
	}

	/** True when `relative` (slash-separated, from the context root) is sent. */
	includes(relative: string): boolean {
		return this.#alwaysSent.has(relative) || !this.#matcher.ignores(relative);
	}

	/** True when an excluded directory must still be walked because an exception may re-include something in it. */
	mayIncludeUnder(directory: string): boolean {
		const prefix = `${directory}/`;
		return this.#exceptions.some(pattern => `${pattern}/`.startsWith(prefix));
	}
}

export interface ContextEntry {
	/** Slash-separated, relative to the context root. */
	name: string;
	/** Absolute path on disk. */
	file: string;
	stats: Stats;
}

/** Reads the context's `.dockerignore`, or '' when there is none. */
async function readIgnoreFile(contextDir: string): Promise<string> {
	try {
		return await readFile(path.join(contextDir, '.dockerignore'), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return '';
		}
		throw error;
	}
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
	try {
		return await lstat(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
			return undefined;
		}
		throw error;
	}
}

/**
 * Checks the context directory and the Dockerfile before anything is sent, with messages naming
 * the path. Returns the Dockerfile's path relative to the context, slash-separated.
 */
export async function checkContext(contextDir: string, dockerfile: string): Promise<string> {
	const root = path.resolve(contextDir);
	const rootStats = await statOrUndefined(root);
	if (!rootStats) {
		throw new EngineError(t('the build context {root} does not exist', {root}));
	}
	if (!rootStats.isDirectory()) {
		throw new EngineError(t('the build context {root} is not a directory', {root}));
	}
	const dockerfilePath = path.resolve(root, dockerfile);
	const relative = path.relative(root, dockerfilePath);
	if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
		throw new EngineError(t('the Dockerfile {file} is not inside the build context {root}', {file: dockerfilePath, root}));
	}
	const dockerfileStats = await statOrUndefined(dockerfilePath);
	if (!dockerfileStats) {
		throw new EngineError(t('there is no Dockerfile at {file}', {file: dockerfilePath}));
	}
	if (!dockerfileStats.isFile()) {
		throw new EngineError(t('the Dockerfile {file} is not a file', {file: dockerfilePath}));
	}
	return relative.split(path.sep).join('/');
}

/** Every path of the context that goes to the engine, in the order the CLI sends them (sorted, depth first). */
export async function listContext(contextDir: string, dockerfile: string): Promise<ContextEntry[]> {
	const root = path.resolve(contextDir);
	const filter = new ContextFilter(await readIgnoreFile(root), dockerfile);
	const entries: ContextEntry[] = [];
	const walk = async (directory: string, prefix: string): Promise<void> => {
		const names = (await readdir(directory)).sort();
		for (const name of names) {
			const relative = prefix === '' ? name : `${prefix}/${name}`;
			const file = path.join(directory, name);
			const stats = await statOrUndefined(file);
			if (!stats) {
				continue; // removed while walking
			}
			const included = filter.includes(relative);
			if (included && (stats.isFile() || stats.isDirectory() || stats.isSymbolicLink())) {
				entries.push({name: relative, file, stats});
			}
			if (stats.isDirectory() && (included || filter.mayIncludeUnder(relative))) {
				await walk(file, relative);
			}
		}
	};
	await walk(root, '');
	return entries;
}

async function addEntry(pack: tar.Pack, entry: ContextEntry): Promise<void> {
	const {stats} = entry;
	// Owner 0 like the CLI: the engine would otherwise keep this machine's uids in the image.
	const header: tar.Headers = {name: entry.name, mode: stats.mode & 0o7777, mtime: stats.mtime, uid: 0, gid: 0};
	if (stats.isDirectory()) {
		await new Promise<void>((resolve, reject) => {
			pack.entry({...header, type: 'directory'}, error => (error ? reject(error) : resolve()));
		});
	} else if (stats.isSymbolicLink()) {
		const linkname = await readlink(entry.file);
		await new Promise<void>((resolve, reject) => {
			pack.entry({...header, type: 'symlink', linkname}, error => (error ? reject(error) : resolve()));
		});
	} else {
		// Settles once all the file's bytes are in the tar, or the size did not match.
		let settle: (error?: Error | null) => void = () => undefined;
		const written = new Promise<void>((resolve, reject) => {
			settle = error => (error ? reject(error) : resolve());
		});
		// A read failure also closes the entry early: the read's own error is the one worth telling.
		written.catch(() => undefined);
		const sink = pack.entry({...header, type: 'file', size: stats.size}, error => settle(error));
		await pipeline(createReadStream(entry.file), sink);
		await written;
	}
}

/**
 * The context as a tar stream, produced as the engine reads it. Fails (destroying the stream with
 * the reason) when `signal` fires or a file cannot be read; a file whose size changed while being
 * sent fails it too. Destroying the stream from outside (a closed request) stops the packing and
 * closes the file being read.
 */
export function packContext(entries: ContextEntry[], signal: AbortSignal): Readable {
	const pack = tar.pack();
	// The packer, on an error, only closes without saying why; this stream reports the reason.
	const output = new PassThrough();
	pack.pipe(output);
	let finished = false;
	output.once('close', () => {
		if (!finished) {
			pack.destroy();
		}
	});
	const fill = async (): Promise<void> => {
		for (const entry of entries) {
			if (signal.aborted || output.destroyed) {
				throw new Error('cancelled');
			}
			await addEntry(pack, entry);
		}
		pack.finalize();
	};
	fill().then(
		() => {
			finished = true;
		},
		(error: unknown) => {
			finished = true;
			const reason = error instanceof Error ? error.message : String(error);
			output.destroy(new Error(`cannot send the build context: ${reason}`));
			pack.destroy();
		},
	);
	return output;
}
