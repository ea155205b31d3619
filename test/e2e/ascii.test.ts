import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type Dockerode from 'dockerode';
import {createTestContainer, removeTestObjects, requireEngine, RUN_ID} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {launch, requireBuild} from './berth.js';

let docker: Dockerode;
const terminals: Terminal[] = [];
const name = `ascii${RUN_ID.replaceAll('-', '')}`;

before(async () => {
	docker = await requireEngine();
	requireBuild();
	await createTestContainer(docker, {name});
});

after(async () => {
	await Promise.all(terminals.map(async terminal => terminal.kill()));
	await removeTestObjects(docker);
});

const NOT_ASCII = /[^\x00-\x7F]/;

async function berth(env: Record<string, string | undefined>, args: string[] = []): Promise<string> {
	const terminal = await launch({cols: 120, rows: 30, args: ['--filter', name, ...args], env: {LC_ALL: undefined, LC_CTYPE: undefined, ...env}, ready: name});
	terminals.push(terminal);
	// The first frame, then one with the dialog of a removal: a box drawn over the panes.
	const screen = await terminal.screen();
	await terminal.type('d');
	const dialog = await terminal.waitFor(/Esc\/n: no/, 5000);
	await terminal.sendKeys('Escape');
	return `${screen}\n${dialog}`;
}

test('in a UTF-8 locale berth draws its Unicode glyphs (so the check below could see them)', async () => {
	const screen = await berth({LANG: 'C.UTF-8'});
	assert.match(screen, NOT_ASCII, screen);
	assert.match(screen, /Containers · /);
});

test('with LANG=C the terminal gets ASCII only, boxes and glyphs included', async () => {
	const screen = await berth({LANG: 'C'});
	const line = screen.split('\n').find(candidate => NOT_ASCII.test(candidate));
	assert.equal(line, undefined, `a line with a character outside ASCII: ${JSON.stringify(line)}\n${screen}`);
	assert.match(screen, /Containers - /);
	assert.match(screen, /\+-{5,}/, `the dialog has an ASCII border:\n${screen}`);
});

test('--ascii draws ASCII in a UTF-8 locale too, and --theme names a theme', async () => {
	const screen = await berth({LANG: 'C.UTF-8'}, ['--ascii', '--theme', 'monochrome']);
	assert.doesNotMatch(screen, NOT_ASCII, screen);
});
