// The check a restore makes on its file before it touches the volume: the engine itself would
// unpack the first half of a cut tar and answer 200, so the file is read through here first.
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {gzipSync} from 'node:zlib';
import tar from 'tar-stream';
import {checkArchive} from '../../source/engine/volume-archive.js';

const folders: string[] = [];
after(() => Promise.all(folders.map(folder => rm(folder, {recursive: true, force: true}))));

/** A tar like a backup's: the root, a directory, a file and a link, paths relative to the root. */
async function backupTar(): Promise<Buffer> {
	const pack = tar.pack();
	pack.entry({name: './', type: 'directory', mode: 0o755});
	pack.entry({name: './a/', type: 'directory', mode: 0o700, uid: 123, gid: 45});
	pack.entry({name: './a/f', mode: 0o640}, 'x'.repeat(3000));
	pack.entry({name: './link', type: 'symlink', linkname: 'a/f'});
	pack.finalize();
	const chunks: Buffer[] = [];
	for await (const chunk of pack) {
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

async function fileWith(name: string, content: Buffer | string): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-volume-unit-'));
	folders.push(dir);
	const file = path.join(dir, name);
	await writeFile(file, content);
	return file;
}

const open = new AbortController().signal;

test('a whole tar passes, plain or gzipped (the engine unpacks both)', async () => {
	const archive = await backupTar();
	await checkArchive(await fileWith('plain.tar', archive), open);
	await checkArchive(await fileWith('packed.tar.gz', gzipSync(archive)), open);
});

test('a tar cut in the middle of a file is refused as cut short', async () => {
	const archive = await backupTar();
	const file = await fileWith('cut.tar', archive.subarray(0, 512 + 512 + 512 + 1000));
	await assert.rejects(checkArchive(file, open), {
		message: `${file} is cut short (the tar ends in the middle of a file): nothing was restored`,
	});
	const gzipped = await fileWith('cut.tar.gz', gzipSync(archive).subarray(0, 100));
	await assert.rejects(checkArchive(gzipped, open), {
		message: `${gzipped} is cut short (the tar ends in the middle of a file): nothing was restored`,
	});
});

test('text is refused as not a tar, with the reason', async () => {
	const file = await fileWith('notes.txt', 'not a tar\n'.repeat(100));
	await assert.rejects(checkArchive(file, open), (error: Error) => {
		assert.ok(error.message.startsWith(`${file} is not a tar archive (Invalid tar header`), error.message);
		assert.ok(error.message.endsWith(': nothing was restored'));
		return true;
	});
});

test('an empty file and an empty tar hold nothing to restore', async () => {
	for (const content of [Buffer.alloc(0), Buffer.alloc(1024)]) {
		const file = await fileWith('empty.tar', content);
		await assert.rejects(checkArchive(file, open), {
			message: `${file} is not a volume backup: it holds no files (an empty file or an empty tar)`,
		});
	}
});

test('a missing file is said plainly', async () => {
	const dir = await mkdtemp(path.join(tmpdir(), 'berth-volume-unit-'));
	folders.push(dir);
	const file = path.join(dir, 'missing.tar');
	await assert.rejects(checkArchive(file, open), {message: `cannot read ${file}: no such file or directory`});
});

test('a cancelled check stops', async () => {
	const controller = new AbortController();
	controller.abort();
	await assert.rejects(checkArchive(await fileWith('plain.tar', await backupTar()), controller.signal), {name: 'AbortError'});
});
