// The built CLI with --mouse in a real terminal (tmux) against the real engine: SGR reports typed
// into the pane click rows, pane titles and tabs and turn the wheel over the logs; tmux's own view
// of the pane's modes shows berth takes the mouse only while its screen is up, and always gives
// it back (the m key, a shell handed the terminal, quitting, a signal).
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import type Dockerode from 'dockerode';
import stringWidth from 'string-width';
import {createTestContainer, removeTestObjects, requireEngine, RUN_ID} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {launch, paneValue, requireBuild} from './berth.js';

let docker: Dockerode;
const terminals: Terminal[] = [];
const prefix = `berth-mouse-${RUN_ID}`;
const chatty = `${prefix}-chatty`;
const quiet = `${prefix}-quiet`;

before(async () => {
	docker = await requireEngine();
	requireBuild();
	await createTestContainer(docker, {name: chatty, cmd: ['sh', '-c', 'i=0; while [ $i -lt 300 ]; do echo "mouse line $i"; i=$((i+1)); done; exec sleep 3600']});
	await createTestContainer(docker, {name: quiet});
});

after(async () => {
	await Promise.all(terminals.map(async terminal => terminal.kill()));
	await removeTestObjects(docker);
});

async function start(cols: number, rows: number, args: string[] = ['--mouse']): Promise<Terminal> {
	const terminal = await launch({cols, rows, args: [...args, '--filter', prefix]});
	terminals.push(terminal);
	await terminal.waitFor(quiet);
	await terminal.waitFor(chatty);
	return terminal;
}

/** The cell (from 0) of the first place the screen shows `text`, below row `after`. */
async function cellOf(terminal: Terminal, text: string | RegExp, after = -1): Promise<{x: number; y: number}> {
	const lines = (await terminal.screen()).split('\n');
	for (const [y, line] of lines.entries()) {
		const index = typeof text === 'string' ? line.indexOf(text) : (text.exec(line)?.index ?? -1);
		if (y > after && index !== -1) {
			return {x: stringWidth(line.slice(0, index)), y};
		}
	}

	assert.fail(`no ${String(text)} on the screen:\n${lines.join('\n')}`);
}

/** Presses and releases the left button at a cell, as a terminal reports it in SGR form (from 1). */
async function click(terminal: Terminal, at: {x: number; y: number}): Promise<void> {
	await terminal.type(`\u001B[<0;${at.x + 1};${at.y + 1}M\u001B[<0;${at.x + 1};${at.y + 1}m`);
}

async function wheel(terminal: Terminal, direction: 'up' | 'down', at: {x: number; y: number}): Promise<void> {
	await terminal.type(`\u001B[<${direction === 'up' ? 64 : 65};${at.x + 1};${at.y + 1}M`);
}

/** Whether the program in the pane has asked for mouse reports (any mode), as tmux keeps it. */
async function mouseTaken(terminal: Terminal): Promise<string> {
	return paneValue(terminal, '#{mouse_any_flag}#{mouse_sgr_flag}');
}

async function until(what: string, check: () => Promise<boolean>, limitMs = 10_000): Promise<void> {
	const started = Date.now();
	while (!(await check())) {
		assert.ok(Date.now() - started < limitMs, `never: ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/** The list row of `name` has the cursor. */
const selected =
	(name: string) =>
	(screen: string): boolean =>
		screen.split('\n').some(line => line.startsWith('›') && line.includes(name));

test('160x45: clicks select a row, a tab and a pane; the wheel scrolls the logs; the mouse is given back for a shell, by m and on quitting', {timeout: 120_000}, async () => {
	const terminal = await start(160, 45);
	assert.equal(await mouseTaken(terminal), '11', 'press and SGR reporting on');

	await click(terminal, await cellOf(terminal, quiet));
	await terminal.waitFor(selected(quiet));
	await click(terminal, await cellOf(terminal, chatty));
	await terminal.waitFor(selected(chatty));
	await terminal.waitFor('mouse line 299');
	const newest = await cellOf(terminal, 'mouse line 299');
	await wheel(terminal, 'up', newest);
	await wheel(terminal, 'up', newest);
	await terminal.waitFor(screen => screen.includes('scrolled back') && !screen.includes('mouse line 299') && screen.includes('mouse line 293'));
	await wheel(terminal, 'down', newest);
	await wheel(terminal, 'down', newest);
	await terminal.waitFor('mouse line 299');

	await click(terminal, await cellOf(terminal, ' Inspect '));
	await terminal.waitFor(new RegExp(`name\\s+${chatty}`));
	await click(terminal, await cellOf(terminal, /─ 2 Images/));
	await terminal.waitFor(/Inspect │ History │/);
	await click(terminal, await cellOf(terminal, /─ 1 Containers/));
	await terminal.waitFor(selected(chatty));

	// A shell handed the terminal gets it without mouse reporting, and berth takes it back after.
	await terminal.type('e');
	await until('the shell has the terminal', async () => (await paneValue(terminal, '#{alternate_on}')) === '0');
	assert.equal(await mouseTaken(terminal), '00', 'no mouse reports while the shell has the terminal');
	await terminal.type('exit');
	await terminal.sendKeys('Enter');
	await terminal.waitFor(selected(chatty));
	assert.equal(await mouseTaken(terminal), '11');

	// m releases the mouse (the terminal selects text again) and says so; reports still typed in do nothing.
	await terminal.type('m');
	await terminal.waitFor('mouse off: the terminal selects and copies text again');
	assert.equal(await mouseTaken(terminal), '00');
	await click(terminal, await cellOf(terminal, quiet));
	await click(terminal, await cellOf(terminal, /─ 2 Images/));
	await new Promise(resolve => setTimeout(resolve, 500));
	const afterClicks = await terminal.screen();
	assert.ok(selected(chatty)(afterClicks), 'the selection stayed');
	assert.match(afterClicks.split('\n')[0]!, /^─ 1 Containers/, 'the same pane');
	assert.match(afterClicks, /mouse off: the terminal selects/, 'nothing typed: no filter, dialog or other message');
	await terminal.type('m');
	await terminal.waitFor('mouse on');
	assert.equal(await mouseTaken(terminal), '11');

	await terminal.type('q');
	assert.equal(await terminal.waitForExit(10_000), 0);
	assert.equal(await mouseTaken(terminal), '00', 'quitting turned mouse reporting off');
});

test('80x24 stacked: a click on the pane bar and on a row, and the mouse given back on SIGTERM and SIGHUP', {timeout: 60_000}, async () => {
	const terminal = await start(80, 24);
	// From the Volumes pane, whose label in the bar keeps its width (the Containers label grows with the metrics totals).
	await terminal.type('3');
	await terminal.waitFor(/3 Volumes · /);
	await click(terminal, await cellOf(terminal, ' 2 Images '));
	await terminal.waitFor(/Inspect │ History │/);
	await click(terminal, await cellOf(terminal, ' 1 Containers '));
	await terminal.waitFor(quiet);
	await click(terminal, await cellOf(terminal, quiet));
	await terminal.waitFor(selected(quiet));
	process.kill(await terminal.pid(), 'SIGTERM');
	assert.equal(await terminal.waitForExit(10_000), 128 + 15);
	assert.equal(await mouseTaken(terminal), '00');

	const hungUp = await start(80, 24);
	assert.equal(await mouseTaken(hungUp), '11');
	process.kill(await hungUp.pid(), 'SIGHUP');
	assert.equal(await hungUp.waitForExit(10_000), 128 + 1);
	assert.equal(await mouseTaken(hungUp), '00');
});

test('without --mouse berth leaves the mouse to the terminal; ui.mouse in the config takes it, and --no-mouse wins over that', {timeout: 60_000}, async () => {
	const folder = await mkdtemp(path.join(tmpdir(), 'berth-e2e-mouse-'));
	const config = path.join(folder, 'config.yml');
	await writeFile(config, 'ui:\n  mouse: true\n');
	try {
		for (const [args, taken] of [
			[[], '00'],
			[['--config', config], '11'],
			[['--config', config, '--no-mouse'], '00'],
		] as const) {
			const terminal = await start(160, 45, [...args]);
			assert.equal(await mouseTaken(terminal), taken, args.join(' '));
			await terminal.type('q');
			assert.equal(await terminal.waitForExit(10_000), 0);
		}
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
});
