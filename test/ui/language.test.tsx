import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {loadMessages} from '../../source/i18n/language.js';
import {setMessages} from '../../source/i18n/translate.js';
import {recorded} from '../support/fake-engine.js';
import {assertFits, lineWith, renderApp, SIZES, tick, unmountAll, waitFor} from '../support/render.js';

const KEY = {tab: '\t', escape: '\u001B'};

async function chinese(): Promise<void> {
	setMessages((await loadMessages(['zh-CN']))!.messages);
}

afterEach(() => {
	unmountAll();
	setMessages(undefined);
});

for (const [columns, rows] of SIZES) {
	test(`in Chinese at ${columns}x${rows}, help lists the keys with their Chinese titles, each row within the width`, async () => {
		setMessages((await loadMessages(['zh-CN']))!.messages);
		const app = await renderApp(recorded(), columns, rows);
		await app.press('?');
		const frame = app.frame();
		for (const text of ['此处的按键（按任意键关闭）', '退出', '删除', '容器', '任何地方']) {
			assert.ok(frame.includes(text), `${text} missing from help:\n${frame}`);
		}

		for (const line of frame.split('\n')) {
			assert.ok(stringWidth(line) <= columns, `a row is ${stringWidth(line)} cells wide: ${line}`);
		}
	});
}

test('in Chinese, the palette finds an action by its English or its Chinese title', async () => {
	setMessages((await loadMessages(['zh-CN']))!.messages);
	const app = await renderApp(recorded());
	await app.press(':', '退出');
	assert.match(app.frame(), /退出/);
	await app.press('\u0015', 'quit');
	assert.match(app.frame(), /退出/);
	assert.match(app.frame(), /回车运行/);
});

test('in English, nothing is translated', async () => {
	const app = await renderApp(recorded());
	await app.press('?');
	assert.match(app.frame(), /Keys here \(any key closes this\)/);
	assert.doesNotMatch(app.frame(), /退出/);
});

test('in Chinese, the status bar hints name the keys in Chinese', async () => {
	setMessages((await loadMessages(['zh-CN']))!.messages);
	const app = await renderApp(recorded());
	assert.match(app.frame(), /a 已停止 {2}o 排序 {2}u 启动/);
});

for (const [columns, rows] of SIZES) {
	test(`in Chinese at ${columns}x${rows}, the remove confirm asks in Chinese with its toggles, within the width`, async () => {
		await chinese();
		const app = await renderApp(recorded(), columns, rows);
		await app.press('d');
		const frame = app.frame();
		assert.match(frame, /删除 berth-\S+？/);
		assert.match(frame, /强制：如在运行则先停止/);
		assert.match(frame, /同时删除它的匿名卷/);
		assert.match(frame, /回车\/y：是/);
		assertFits(frame, columns, rows);
	});

	test(`in Chinese at ${columns}x${rows}, the run form labels its fields in Chinese and keeps them in one column`, async () => {
		await chinese();
		const app = await renderApp(recorded(), columns, rows);
		await app.press('c');
		const frame = app.frame();
		assert.match(frame, /运行新容器/);
		for (const label of ['镜像', '名称', '发布所有端口']) {
			assert.ok(frame.includes(label), `${label} missing from the form:\n${frame}`);
		}

		// Labels of different widths, the values after them in one column of cells.
		const column = (label: string): number => {
			const line = lineWith(frame, label);
			const after = line.indexOf(label) + label.length;
			return stringWidth(line.slice(0, after)) + line.slice(after).search(/\S/);
		};

		assert.equal(column('名称'), column('发布所有端口'));
		assert.equal(column('名称'), column('环境变量文件'));
		assertFits(frame, columns, rows);
	});
}

test('in Chinese, a wrong field says which field and why in Chinese', async () => {
	await chinese();
	const app = await renderApp(recorded());
	await app.press('3', 'n', 'x');
	const frame = app.frame();
	assert.match(frame, /创建卷/);
	assert.match(lineWith(frame, '↳'), /↳ 名称：x 不是有效的卷名/);
});

test('in Chinese, notices are in Chinese: nothing to list, and a failure with the engine’s own reason', async () => {
	await chinese();
	const app = await renderApp(recorded());
	await app.press('H');
	assert.match(app.frame(), /本次会话还没有运行任何命令/);
	app.ctx.engine.failures.set('remove', 'You cannot remove a running container abc');
	await app.press('d', 'y');
	await tick(50);
	// The action is named in Chinese; the engine's reason stays in its own words.
	assert.match(app.frame(), /✕ 删除 berth-chatty：You cannot remove a running container/);
});

test('in Chinese, the inspect tab labels line up in one column', async () => {
	await chinese();
	const app = await renderApp(recorded());
	await app.press('3');
	const frame = await waitFor(app, '使用者');
	const name = lineWith(frame, '名称');
	const driver = lineWith(frame, '驱动  ');
	assert.equal(stringWidth(name.slice(0, name.indexOf('名称'))), stringWidth(driver.slice(0, driver.indexOf('驱动'))));
	const value = (line: string, label: string): number => stringWidth(line.slice(0, line.indexOf(label) + label.length)) + line.slice(line.indexOf(label) + label.length).search(/\S/);
	assert.equal(value(name, '名称'), value(driver, '驱动'), `values start in one column:\n${name}\n${driver}`);
});

test('in English, dialogs, forms and notices are as they were', async () => {
	const app = await renderApp(recorded());
	await app.press('d');
	let frame = app.frame();
	assert.match(frame, /Remove berth-\S+\?/);
	assert.match(frame, /force: stop it first if running/);
	await app.press(KEY.escape, 'c');
	frame = app.frame();
	assert.match(frame, /Run a new container/);
	assert.match(lineWith(frame, 'publish all'), /\[ \]/);
	await app.press(KEY.escape, '3', 'n', 'x');
	assert.match(lineWith(app.frame(), '↳'), /↳ name: x is not a volume name \(two or more letters/);
	await app.press(KEY.escape, 'H');
	assert.match(app.frame(), /no commands run yet in this session/);
	assert.doesNotMatch(app.frame(), /[\u4e00-\u9fff]/);
});
