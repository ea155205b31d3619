import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {loadMessages} from '../../source/i18n/language.js';
import {setMessages} from '../../source/i18n/translate.js';
import {recorded} from '../support/fake-engine.js';
import {renderApp, SIZES, unmountAll} from '../support/render.js';

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
