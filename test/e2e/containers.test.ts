import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type Dockerode from 'dockerode';
import {createTestContainer, removeTestObjects, requireEngine, RUN_ID} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {launch, paneValue} from './berth.js';

let docker: Dockerode;
const token = `e2e${RUN_ID.replaceAll('-', '')}`;
const names = {web: `${token}-web`, logger: `${token}-logger`, idle: `${token}-idle`, spare: `${token}-spare`};
const terminals: Terminal[] = [];

async function open(cols = 160, rows = 45): Promise<Terminal> {
	// The filter keeps the screen to this run's containers, whatever else the engine holds.
	const terminal = await launch({cols, rows, args: ['--filter', token]});
	terminals.push(terminal);
	await terminal.waitFor(names.web);
	return terminal;
}

async function state(name: string): Promise<string> {
	const info = await docker.getContainer(name).inspect();
	return info.State.Status;
}

before(async () => {
	docker = await requireEngine();
	await createTestContainer(docker, {name: names.web, cmd: ['sh', '-c', 'trap "exit 0" TERM; httpd -f -p 8080 & wait']});
	await createTestContainer(docker, {
		name: names.logger,
		cmd: ['sh', '-c', 'trap "exit 0" TERM; i=0; while :; do i=$((i+1)); echo "tick $i"; echo "oops $i" >&2; sleep 0.1; done'],
	});
	await createTestContainer(docker, {name: names.idle});
	await createTestContainer(docker, {name: names.spare, start: false});
});

after(async () => {
	await Promise.all(terminals.map(async terminal => terminal.kill()));
	await removeTestObjects(docker);
});

test('the filter narrows the list as you type, and s stops the selected container', async () => {
	const terminal = await open();
	await terminal.type('/');
	await terminal.type('-we');
	await terminal.sendKeys('Enter');
	const screen = await terminal.waitFor(s => s.includes(names.web) && !s.includes(names.logger));
	assert.match(screen, /filter "[^"]*-we"/);
	await terminal.type('s');
	await terminal.waitFor(`stopped ${names.web}`);
	assert.equal(await state(names.web), 'exited');
	await terminal.waitFor(/Exited \(\d+\)/);
});

test('Enter opens the logs of the selected container, stderr marked, following new lines', async () => {
	const terminal = await open();
	await terminal.type('/');
	await terminal.type('-logger');
	await terminal.sendKeys('Enter', 'Enter');
	const screen = await terminal.waitFor(/tick \d+/);
	assert.match(screen, /▌ oops \d+/);
	const first = Number(/tick (\d+)\s*$/m.exec(screen)?.[1] ?? /tick (\d+)/.exec(screen)?.[1]);
	await terminal.waitFor(s => [...s.matchAll(/tick (\d+)/g)].some(match => Number(match[1]) > first + 2));
	await terminal.type('f');
	await terminal.waitFor(s => !s.includes('NAME'));
	// More lines than the screen holds, so walking back through matches must scroll.
	await terminal.waitFor(/tick [6-9]\d\b/);
	await terminal.type('/');
	await terminal.type('oops 2');
	await terminal.sendKeys('Enter');
	await terminal.waitFor(/search "oops 2"[\s\S]*▸oops 2/);
	// n walks to older matches: past the ones on screen, the view scrolls back to them.
	await terminal.type('nnnnnnnnnnnn');
	await terminal.waitFor(/scrolled back[\s\S]*oops 2\n/);
	await terminal.type('G');
	await terminal.waitFor(/following/);
});

test('e opens a shell in the container and berth comes back intact when it exits', async () => {
	const terminal = await open();
	await terminal.type('/');
	await terminal.type('-idle');
	await terminal.sendKeys('Enter');
	await terminal.type('e');
	await terminal.waitFor(/^\/ # ?$/m);
	assert.equal(await paneValue(terminal, '#{alternate_on}'), '0', 'the shell runs on the main screen');
	await terminal.type('echo inside-$((40+2))');
	await terminal.sendKeys('Enter');
	await terminal.waitFor('inside-42');
	await terminal.type('exit');
	await terminal.sendKeys('Enter');
	const screen = await terminal.waitFor(/sh in .*idle ended \(exit code 0\)/);
	assert.match(screen, /Containers/);
	assert.equal(await paneValue(terminal, '#{alternate_on}'), '1', 'back on the alternate screen');
	const top = await docker.getContainer(names.idle).top();
	const shells = top.Processes.filter((row: string[]) => row.at(-1) === 'sh');
	assert.deepEqual(shells, [], 'no shell is left running in the container');
});

test('remove asks first: n keeps the container, f y force-removes it', async () => {
	const terminal = await open();
	await terminal.type('/');
	await terminal.type('-spare');
	await terminal.sendKeys('Enter');
	await terminal.type('d');
	await terminal.waitFor(`Remove ${names.spare}?`);
	await terminal.type('n');
	await terminal.waitFor(s => !s.includes('Remove '));
	assert.equal(await state(names.spare), 'created');
	await terminal.type('d');
	await terminal.waitFor('force: stop it first');
	await terminal.type('f');
	await terminal.waitFor('[x] f: force');
	await terminal.type('y');
	await terminal.waitFor(`removed ${names.spare}`);
	await terminal.waitFor(s => !s.includes(`${names.spare} `));
	await assert.rejects(docker.getContainer(names.spare).inspect(), /no such container/i);
});

test('80x24 stacks the panes, resizing redraws, and a tiny terminal is told it is too small', async () => {
	const terminal = await open(80, 24);
	let screen = await terminal.waitFor(/Logs │ Stats │ Inspect │ Top/);
	assert.match(screen.split('\n')[0]!, /1 Containers.*2 Images/);
	await terminal.resize(160, 45);
	// A frame reaches tmux in several reads: wait for its last row too, not only its first.
	screen = await terminal.waitFor(s => /1 Containers.*│ Logs │ Stats │ Inspect │ Top/.test(s.split('\n')[0] ?? '') && /running \/ \d+ containers/.test(s));
	assert.match(screen.split('\n')[43]!, /running \/ \d+ containers/, 'the status bar is at the foot of the taller terminal');
	await terminal.resize(50, 12);
	await terminal.waitFor(/needs a terminal of at least/);
	await terminal.resize(100, 30);
	screen = await terminal.waitFor(s => s.includes(names.idle) && !s.includes('needs a terminal') && /running \/ \d+ containers/.test(s));
	assert.match(screen.split('\n')[0]!, /1 Containers/);
});

test('the screen stays in place while logs stream (only changed cells are written)', async () => {
	const terminal = await open();
	await terminal.type('/');
	await terminal.type('-logger');
	await terminal.sendKeys('Enter');
	await terminal.waitFor(/tick \d+/);
	for (let sample = 0; sample < 6; sample++) {
		await new Promise(resolve => setTimeout(resolve, 500));
		const lines = (await terminal.screen()).split('\n');
		assert.match(lines[0]!, /^─ 1 Containers/, `row 0 moved:\n${lines.join('\n')}`);
		assert.match(lines[1]!, /NAME/);
		assert.match(lines[43]!, /running \/ \d+ containers/, `status bar moved:\n${lines.join('\n')}`);
	}
});

test('? shows the keys of the current pane, from the registry', async () => {
	const terminal = await open();
	await terminal.type('?');
	const screen = await terminal.waitFor('Keys here');
	for (const text of ['Remove (asks first)', 'Open a shell inside', 'Attach to the main process', 'Filter as you type']) {
		assert.ok(screen.includes(text), `${text} missing`);
	}

	await terminal.type('q');
	await terminal.waitFor(s => !s.includes('Keys here'));
	await terminal.type('q');
	assert.equal(await terminal.waitForExit(5000), 0);
});
