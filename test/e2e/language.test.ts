import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import type Dockerode from 'dockerode';
import stringWidth from 'string-width';
import {createTestContainer, removeTestObjects, requireEngine, RUN_ID} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
import {ACTIONS} from '../../source/actions/registry.js';
import {parseConfig} from '../../source/config/load.js';
import {DEFAULT_CONFIG} from '../../source/config/schema.js';
import {CLI, execFileAsync, launch, requireBuild} from './berth.js';

let docker: Dockerode;
const terminals: Terminal[] = [];
const name = `lang${RUN_ID.replaceAll('-', '')}`;

before(async () => {
	docker = await requireEngine();
	requireBuild();
	await createTestContainer(docker, {name});
});

after(async () => {
	await Promise.all(terminals.map(async terminal => terminal.kill()));
	await removeTestObjects(docker);
});

async function helpScreen(env: Record<string, string | undefined>, args: string[] = []): Promise<string> {
	const terminal = await launch({cols: 160, rows: 45, args: ['--filter', name, ...args], env: {LC_ALL: undefined, LC_MESSAGES: undefined, ...env}, ready: name});
	terminals.push(terminal);
	await terminal.type('?');
	return terminal.waitFor(/Keys here|此处的按键/, 5000);
}

test('LANG=zh_CN.UTF-8 shows help, hints and dialogs in Simplified Chinese, aligned', async () => {
	const screen = await helpScreen({LANG: 'zh_CN.UTF-8'});
	assert.match(screen, /此处的按键（按任意键关闭）/);
	assert.match(screen, /q Ctrl-C\s+退出/);
	// Wide characters take two cells each: entries of one help column start at the same cell on
	// every row, whatever the Chinese text to their left.
	const cellOf = (text: string): number => {
		const line = screen.split('\n').find(row => row.includes(text));
		assert.ok(line, `${text} is not on the screen:\n${screen}`);
		return stringWidth(line.slice(0, line.indexOf(text)));
	};

	assert.equal(cellOf('显示容器'), cellOf('上一个标签页'));
	assert.equal(cellOf('显示容器'), cellOf('主区域全屏开/关'));
	assert.ok(cellOf('显示容器') > 40, screen);
});

test('--lang en wins over a Chinese locale; LC_MESSAGES wins over LANG', async () => {
	assert.match(await helpScreen({LANG: 'zh_CN.UTF-8'}, ['--lang', 'en']), /Keys here \(any key closes this\)/);
	assert.match(await helpScreen({LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8'}), /此处的按键/);
});

test('--lang with a language berth has no messages for is refused with exit code 2', async () => {
	const failure = await execFileAsync(process.execPath, [CLI, '--lang', 'tlh']).then(
		() => assert.fail('berth started'),
		(error: {code: number; stderr: string}) => error,
	);
	assert.equal(failure.code, 2);
	assert.match(failure.stderr, /--lang: berth has no messages in "tlh"; it speaks en and zh-CN/);
});

/** The built CLI without a terminal, in the environment's language as `locale` sets it. */
function runCli(args: string[], locale: Record<string, string>): {status: number | null; stdout: string; stderr: string} {
	const env: NodeJS.ProcessEnv = {...process.env, ...locale};
	for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
		if (!(name in locale)) {
			delete env[name];
		}
	}

	return spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', env});
}

test('--help is in Chinese with LANG=zh_CN.UTF-8 or --lang zh-CN, and in English with --lang en', () => {
	for (const help of [runCli(['--help'], {LANG: 'zh_CN.UTF-8'}), runCli(['--lang', 'zh-CN', '--help'], {LANG: 'C'}), runCli(['--help', '--lang=zh-CN'], {})]) {
		assert.equal(help.status, 0);
		assert.match(help.stdout, /^ {2}用法$/m);
		assert.match(help.stdout, /^ {4}--tail {10}打开日志时加载的行数（默认 500）$/m);
		assert.match(help.stdout, /^ {4}--lang {10}界面语言：en 或 zh-CN/m);
	}

	const english = runCli(['--help', '--lang', 'en'], {LANG: 'zh_CN.UTF-8'});
	assert.match(english.stdout, /^ {4}--tail {10}Log lines to load when logs open \(default 500\)$/m);
	assert.doesNotMatch(english.stdout, /用法/);
});

test('an unknown option, an argument or a bad --tail is refused in Chinese, with exit code 2', () => {
	const unknown = runCli(['--bogus'], {LANG: 'zh_CN.UTF-8'});
	assert.equal(unknown.status, 2);
	assert.match(unknown.stderr, /^berth: 未知选项 --bogus；可用的选项有 --host\/-H, --context\/-c, .*（berth --help 有详细说明）\n$/);
	const argument = runCli(['--lang', 'zh-CN', 'containers'], {});
	assert.equal(argument.status, 2);
	assert.match(argument.stderr, /^berth: 不接受参数，只接受选项（berth --help 列出了它们），多余的是：containers\n$/);
	const tail = runCli(['--tail', 'lots'], {LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8'});
	assert.equal(tail.status, 2);
	assert.match(tail.stderr, /^berth: --tail 必须是整数行数，而不是 "lots"\n$/);
});

test('--print-config in Chinese comments in Chinese and loads back as the defaults', () => {
	const printed = runCli(['--print-config'], {LANG: 'zh_CN.UTF-8'});
	assert.equal(printed.status, 0);
	assert.match(printed.stdout, /^# berth 配置：/);
	assert.match(printed.stdout, /^ {2}# 可取值：0\.5 到 60 之间的秒数。\n {2}interval: 1$/m);
	assert.deepEqual(parseConfig(printed.stdout, {file: 'printed', actionIds: ACTIONS.map(action => action.id)}), {config: DEFAULT_CONFIG, problems: []});
});
