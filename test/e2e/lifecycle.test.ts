import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type Dockerode from 'dockerode';
import {createTestContainer, removeTestObjects, requireEngine, RUN_ID} from '../support/engine.js';
import {startTerminal, type Terminal} from '../support/terminal.js';
import {waitFor} from '../engine/helpers.js';
import {CLI, execFileAsync, launch, paneValue, requireBuild} from './berth.js';

let docker: Dockerode;
const terminals: Terminal[] = [];
const idle = `lifecycle${RUN_ID.replaceAll('-', '')}-idle`;

before(async () => {
	docker = await requireEngine();
	requireBuild();
	await createTestContainer(docker, {name: idle});
});

after(async () => {
	await Promise.all(terminals.map(async terminal => terminal.kill()));
	await removeTestObjects(docker);
});

/**
 * berth under a shell that reports, once berth has gone, its exit code and the terminal modes:
 * what a user finds when they get their prompt back. The script is fixed; berth's path is an argument.
 */
async function launchUnderShell(): Promise<Terminal> {
	const terminal = await startTerminal({
		cols: 120,
		rows: 30,
		command: ['sh', '-c', '"$0" "$1" --filter "$2"; echo "berth-exit=$?"; stty -a; sleep 60', process.execPath, CLI, idle],
		env: {TERM: 'xterm-256color'},
	});
	terminals.push(terminal);
	await terminal.waitFor(idle, 15_000);
	return terminal;
}

async function berthPid(terminal: Terminal): Promise<number> {
	const shell = await terminal.pid();
	// berth is the shell's only child while it runs (its process title is "berth", not its path).
	const {stdout} = await execFileAsync('pgrep', ['-P', String(shell)]);
	return Number(stdout.trim().split('\n')[0]);
}

/** Polls the container's process list until `check` holds; fails with `what` and the list. */
async function waitForProcesses(check: (rows: string[][]) => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 5000;
	let rows: string[][] = [];
	while (Date.now() < deadline) {
		rows = (await docker.getContainer(idle).top()).Processes;
		if (check(rows)) {
			return;
		}

		await new Promise(resolve => setTimeout(resolve, 200));
	}

	assert.fail(`${what}: processes were ${JSON.stringify(rows)}`);
}

async function assertRestored(terminal: Terminal, exitCode: number): Promise<void> {
	const screen = await terminal.waitFor(/berth-exit=\d+[\s\S]*speed/, 10_000);
	assert.match(screen, new RegExp(`berth-exit=${exitCode}`));
	assert.match(screen, /(^|\s)echo(\s|$)/m, 'echo is on again');
	assert.match(screen, /(^|\s)icanon(\s|$)/m, 'line editing is on again');
	assert.equal(await paneValue(terminal, '#{alternate_on}'), '0', 'back on the main screen');
	assert.equal(await paneValue(terminal, '#{cursor_flag}'), '1', 'the cursor is visible');
}

for (const [signal, code] of [
	['SIGTERM', 143],
	['SIGHUP', 129],
	['SIGINT', 130],
] as const) {
	test(`${signal} restores the terminal and ends berth with code ${code}`, async () => {
		const terminal = await launchUnderShell();
		process.kill(await berthPid(terminal), signal);
		await assertRestored(terminal, code);
	});
}

test('q quits with code 0 and the terminal restored', async () => {
	const terminal = await launchUnderShell();
	await terminal.type('q');
	await assertRestored(terminal, 0);
});

test('a hang-up during a shell session leaves no shell behind in the container', async () => {
	const terminal = await launchUnderShell();
	await terminal.type('e');
	await terminal.waitFor(/^\/ # ?$/m);
	await terminal.type('sleep 600');
	await terminal.sendKeys('Enter');
	await waitForProcesses(rows => rows.some(row => row.at(-1) === 'sleep 600'), 'the shell runs its command');
	process.kill(await berthPid(terminal), 'SIGHUP');
	await assertRestored(terminal, 129);
	await waitForProcesses(rows => !rows.some(row => ['sh', 'sleep 600'].includes(row.at(-1) ?? '')), 'the exec shell and its command are gone');
});

test('without a terminal berth refuses with a clear message and exit code 2', () => {
	const result = spawnSync(process.execPath, [CLI], {encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']});
	assert.equal(result.status, 2);
	assert.match(result.stderr, /berth: needs an interactive terminal/);
});

test('an unknown option or an argument is refused with the options there are, and exit code 2', () => {
	const unknown = spawnSync(process.execPath, [CLI, '--anything', '-x'], {encoding: 'utf8'});
	assert.equal(unknown.status, 2);
	assert.match(unknown.stderr, /^berth: unknown option --anything, -x; the options are --host\/-H, --context\/-c, --tail, --no-all/);
	const argument = spawnSync(process.execPath, [CLI, 'containers'], {encoding: 'utf8'});
	assert.equal(argument.status, 2);
	assert.match(argument.stderr, /^berth: takes no arguments, only options \(berth --help lists them\), not: containers/);
});

test('--help and --version answer without a terminal', () => {
	const help = spawnSync(process.execPath, [CLI, '--help'], {encoding: 'utf8'});
	assert.equal(help.status, 0);
	for (const flag of ['--host', '--context', '--tail', '--no-all', '--filter', '--no-color']) {
		assert.ok(help.stdout.includes(flag), `${flag} missing from --help`);
	}

	const version = spawnSync(process.execPath, [CLI, '--version'], {encoding: 'utf8'});
	const {version: expected} = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
	assert.equal(version.stdout.trim(), expected);
	// With other options too, as --help.
	const withOthers = spawnSync(process.execPath, [CLI, '--no-mouse', '--version'], {encoding: 'utf8'});
	assert.equal(withOthers.status, 0);
	assert.equal(withOthers.stdout.trim(), expected);
});

test('run as itself, the launcher starts Node with berth\'s V8 flags and malloc settings unless the user tuned malloc, and passes every argument as given; under node it runs too', () => {
	// meow renames berth's process, so what Node got cannot be read from outside it: the
	// launcher's first lines, as built, run here ahead of a line that prints it.
	const built = readFileSync(CLI, 'utf8');
	const head = built.slice(0, built.indexOf('\nimport') + 1);
	assert.match(head, /^#!\/bin\/sh\n/);
	const directory = mkdtempSync(join(tmpdir(), 'berth-launcher-'));
	try {
		writeFileSync(join(directory, 'package.json'), '{"type": "module"}');
		const probe = join(directory, 'probe.js');
		const names = ['MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_MMAP_THRESHOLD_', 'BERTH_MALLOC'];
		const report = `console.log(JSON.stringify([process.execArgv, process.argv.slice(2), ${JSON.stringify(names)}.map(name => process.env[name] ?? null)]));`;
		writeFileSync(probe, `${head}${report}\n`, {mode: 0o755});
		const args = ['two words', '$HOME', '', '"quoted"; exit 3'];
		const run = (command: string, commandArgs: string[], tuned: Record<string, string> = {}): unknown => {
			const env = {...process.env};
			for (const name of names) {
				delete env[name];
			}

			return JSON.parse(execFileSync(command, commandArgs, {encoding: 'utf8', env: {...env, ...tuned}}));
		};
		assert.deepEqual(run(probe, args), [['--min-semi-space-size=2'], args, ['2', '131072', '131072', 'MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_']]);
		// A user who tuned malloc keeps it as they set it.
		assert.deepEqual(run(probe, args, {MALLOC_ARENA_MAX: '8'}), [['--min-semi-space-size=2'], args, ['8', null, null, null]]);
		assert.deepEqual(run(probe, args, {MALLOC_MMAP_THRESHOLD_: ''}), [['--min-semi-space-size=2'], args, [null, null, '', null]]);
		assert.deepEqual(run(process.execPath, [probe, ...args]), [[], args, [null, null, null, null]]);
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}

	const version = spawnSync(CLI, ['--version'], {encoding: 'utf8'});
	assert.equal(version.status, 0, version.stderr);
	assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('a bad --tail or an unknown context is refused with the reason', () => {
	const tail = spawnSync(process.execPath, [CLI, '--tail', 'lots'], {encoding: 'utf8'});
	assert.equal(tail.status, 2);
	assert.match(tail.stderr, /--tail must be a whole number/);
	// Said before anything else is asked of the terminal.
	const theme = spawnSync(process.execPath, [CLI, '--theme', 'neon'], {encoding: 'utf8'});
	assert.equal(theme.status, 2);
	assert.match(theme.stderr, /^berth: --theme must be one of dark, light, high-contrast, monochrome, not "neon"/);
	const context = spawnSync(process.execPath, [CLI, '--context', 'no-such-context'], {encoding: 'utf8', env: {...process.env, HOME: '/nonexistent'}});
	assert.equal(context.status, 2);
	assert.match(context.stderr, /berth: .*context "no-such-context"/);
});

test('the first start leaves its compiled code in the cache directory, and the next start runs on it', async () => {
	const cacheHome = mkdtempSync(join(tmpdir(), 'berth-cache-'));
	const cacheDir = join(cacheHome, 'berth');
	const cacheFiles = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir) : []);
	const start = async (): Promise<Terminal> => {
		const terminal = await launch({args: ['--filter', idle], env: {XDG_CACHE_HOME: cacheHome}, ready: new RegExp(idle)});
		terminals.push(terminal);
		return terminal;
	};

	try {
		const first = await start();
		// Written under a passing name first, then renamed to its .bin name.
		const file = await waitFor('the cache written while berth runs', () => cacheFiles().find(name => name.endsWith('.bin')), 15_000);
		assert.match(file, /^bundle-v[\d.]+-\w+-[0-9a-f]{32}\.bin$/);
		assert.deepEqual(cacheFiles(), [file]);
		await first.type('q');
		const written = statSync(join(cacheDir, file));
		assert.equal(written.mode & 0o777, 0o600);

		const second = await start();
		// A cache that V8 refused would be written again 2 s after the start: the used one stays as it is.
		await new Promise(resolve => setTimeout(resolve, 4000));
		assert.match(await second.screen(), new RegExp(idle));
		const after = statSync(join(cacheDir, file));
		assert.deepEqual([after.ino, after.mtimeMs], [written.ino, written.mtimeMs]);
		assert.deepEqual(cacheFiles(), [file]);
	} finally {
		rmSync(cacheHome, {recursive: true, force: true});
	}
});

test('NO_COLOR and --no-color draw without colours', async () => {
	const terminal = await startTerminal({
		cols: 120,
		rows: 30,
		command: [process.execPath, CLI, '--filter', idle],
		env: {TERM: 'xterm-256color', NO_COLOR: '1'},
	});
	terminals.push(terminal);
	await terminal.waitFor(idle, 15_000);
	const {stdout} = await execFileAsync('tmux', ['-L', terminal.server, 'capture-pane', '-p', '-e']);
	assert.doesNotMatch(stdout, /\u001B\[(3\d|9\d|38;)/, 'no foreground colour');
	assert.match(stdout, /› /, 'the selected row still shows, by its marker');
});
