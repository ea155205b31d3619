import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type Dockerode from 'dockerode';
import stringWidth from 'string-width';
import {createTestContainer, removeTestObjects, requireEngine, RUN_ID} from '../support/engine.js';
import type {Terminal} from '../support/terminal.js';
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
