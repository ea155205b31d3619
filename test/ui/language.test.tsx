import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {MultiEngine} from '../../source/engine/multi-engine.js';
import {loadMessages} from '../../source/i18n/language.js';
import {setMessages} from '../../source/i18n/translate.js';
import {startSync} from '../../source/store/sync.js';
import {FakeEngine, fixture, recorded, type RecordedSwarm} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {assertFits, lineWith, listPart, renderApp, SIZES, tick, unmountAll, waitFor, type Rendered} from '../support/render.js';

const KEY = {tab: '\t', escape: '\u001B'};
const syncs: Array<{stop(): void}> = [];

async function chinese(): Promise<void> {
	setMessages((await loadMessages(['zh-CN']))!.messages);
}

afterEach(() => {
	unmountAll();
	setMessages(undefined);
	for (const sync of syncs.splice(0)) {
		sync.stop();
	}
});

/** The app on the recorded two-node swarm's manager (see test/ui/swarm.test.tsx), kept in step by berth's sync. */
async function swarmApp(columns = 160, rows = 45): Promise<Rendered> {
	const app = await renderApp(recorded(), columns, rows, ctx => {
		ctx.engine.swarm = fixture<RecordedSwarm>('swarm.json');
		syncs.push(startSync(ctx.engine, ctx.model, {listDebounceMs: 10}));
	});
	await waitFor(app, 'berth-chatty');
	return app;
}

/** The list's part of the first row that shows `text`. */
function listRow(frame: string, text: string): string {
	const row = frame
		.split('\n')
		.map(line => listPart(line))
		.find(line => line.includes(text));
	assert.ok(row !== undefined, `no list row with ${text} in\n${frame}`);
	return row;
}

/** The cell (not the character) where `text` starts in `line`. */
function cellOf(line: string, text: string): number {
	const at = line.indexOf(text);
	assert.ok(at !== -1, `no ${text} in ${line}`);
	return stringWidth(line.slice(0, at));
}

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
		// The focused row (›镜像, its cursor on the empty field's hint) starts its value there too.
		assert.match(lineWith(frame, '镜像'), /›镜像/);
		assert.equal(column('镜像'), column('名称'), `the focused row's value is out of line:\n${frame}`);
		assertFits(frame, columns, rows);

		// So does the next field once Tab moves there, and the one it left.
		await app.press(KEY.tab);
		const next = app.frame();
		const columnOf = (label: string): number => {
			const line = lineWith(next, label);
			const after = line.indexOf(label) + label.length;
			return stringWidth(line.slice(0, after)) + line.slice(after).search(/\S/);
		};

		assert.match(lineWith(next, '名称'), /›名称/);
		assert.equal(columnOf('名称'), columnOf('镜像'), `the focused row's value is out of line:\n${next}`);
		assert.equal(columnOf('名称'), columnOf('环境变量文件'));
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
	// The inspect tab's lines, not the list's header, which names the same columns.
	const name = lineWith(frame, '│  名称');
	const driver = lineWith(frame, '│  驱动');
	assert.equal(stringWidth(name.slice(0, name.lastIndexOf('名称'))), stringWidth(driver.slice(0, driver.lastIndexOf('驱动'))));
	const value = (line: string, label: string): number => stringWidth(line.slice(0, line.lastIndexOf(label) + label.length)) + line.slice(line.lastIndexOf(label) + label.length).search(/\S/);
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
	// Nothing was done: no mark of success before it.
	assert.doesNotMatch(app.frame(), /✓ no commands run yet/);
	assert.doesNotMatch(app.frame(), /[\u4e00-\u9fff]/);
});

for (const [columns, rows] of SIZES) {
	test(`in Chinese at ${columns}x${rows}, the swarm panes' headers are Chinese and each value starts under its header, in cells`, async () => {
		await chinese();
		const app = await swarmApp(columns, rows);
		await app.press('8');
		let frame = await waitFor(app, '主机名');
		const header = listRow(frame, '主机名');
		const manager = listRow(frame, '10.199.30.1');
		assert.equal(cellOf(header, '角色'), cellOf(manager, 'manager'), `${header}\n${manager}`);
		assert.equal(cellOf(header, '可用性'), cellOf(manager, 'active'), `${header}\n${manager}`);
		assert.match(frame, /8 节点 · 2\/2 就绪/);
		assertFits(frame, columns, rows);

		await app.press('9');
		frame = await waitFor(app, '副本');
		const services = listRow(frame, '副本');
		for (const title of ['名称', '模式']) {
			assert.ok(services.includes(title), `${title} missing from ${services}`);
		}

		assertFits(frame, columns, rows);
	});
}

test('in Chinese, a swarm form and a swarm confirm ask in Chinese', async () => {
	await chinese();
	const app = await swarmApp();
	await app.press('9', 'n');
	let frame = await waitFor(app, '创建 Swarm 服务');
	for (const label of ['模式', '副本数', '约束', '重启条件', '更新并行数']) {
		assert.ok(frame.includes(label), `${label} missing from the form:\n${frame}`);
	}

	await app.press(KEY.escape, 'd');
	frame = await waitFor(app, /删除服务 \S+？\d+ 个运行中的任务会停止。/);
	assertFits(frame, 160, 45);
});

/** Two engines, local and prod, both on the recorded data (see test/ui/multi-engine.test.tsx). */
async function twoEngines(): Promise<{app: Rendered; prod: FakeEngine}> {
	const data = recorded();
	const prod = new FakeEngine(data);
	const engine = new MultiEngine([
		{name: 'local', engine: new FakeEngine(data), flags: ['--context', 'default']},
		{name: 'prod', engine: prod, flags: ['--context', 'prod']},
	]);
	const app = await renderApp(data, 160, 45, (ctx: TestContext) => {
		ctx.model.switchEngine(engine.endpoint);
		Object.assign(ctx, {engine});
		syncs.push(startSync(engine, ctx.model));
	});
	await waitFor(app, /prod/);
	return {app, prod};
}

test('in Chinese, the status bar says which engine reconnects; in English as before', async () => {
	await chinese();
	let {app, prod} = await twoEngines();
	prod.eventHandlers!.onState({status: 'reconnecting', error: 'connection refused', attempt: 2, retryInMs: 2000});
	let frame = await waitFor(app, /prod 正在重连/);
	// berth's words in Chinese, the engine's reason as it gave it.
	assert.match(lineWith(frame, 'local, prod'), /prod 正在重连（第 2 次，2 秒后重试）：connection refused，它的行已过时/);

	unmountAll();
	setMessages(undefined);
	({app, prod} = await twoEngines());
	prod.eventHandlers!.onState({status: 'reconnecting', error: 'connection refused', attempt: 2, retryInMs: 2000});
	frame = await waitFor(app, /prod reconnecting/);
	assert.match(lineWith(frame, 'local, prod'), /prod reconnecting \(attempt 2, retry in 2 s\): connection refused, its rows stale/);
});

test('in Chinese, turning the mouse on and off says so in Chinese; in English as before', async () => {
	await chinese();
	let app = await renderApp(recorded());
	await app.press('m');
	assert.match(await waitFor(app, '鼠标已开启'), /鼠标已开启：点击行、面板或标签页，滚轮滚动；按 m 释放鼠标以选择文本/);
	await app.press('m');
	assert.match(await waitFor(app, '鼠标已关闭'), /按 m 开启鼠标/);

	unmountAll();
	setMessages(undefined);
	app = await renderApp(recorded());
	await app.press('m');
	await waitFor(app, 'mouse on: click a row, a pane or a tab, and the wheel scrolls; m releases the mouse to select text');
});

test('in English, the swarm headers and the status bar are as they were', async () => {
	const app = await swarmApp();
	await app.press('8');
	const frame = await waitFor(app, 'HOSTNAME');
	assert.match(listRow(frame, 'HOSTNAME'), /HOSTNAME\s+ROLE\s+AVAILABILITY\s+STATUS\s+MANAGER\s+TASKS/);
	assert.match(frame, /8 Nodes · 2\/2 ready/);
	assert.match(frame, /\d+ running \/ \d+ containers │ \d+ images/);
	assert.doesNotMatch(frame, /[\u4e00-\u9fff]/);
});

test('in Chinese, the ages berth writes are Chinese, while docker’s status words stay as docker wrote them', async () => {
	await chinese();
	const app = await renderApp(recorded());
	assert.match(listRow(app.frame(), 'berth-chatty'), /Up (\d+ seconds|About a minute|\d+ minutes)/);
	await app.press('3');
	const frame = await waitFor(app, '使用者');
	assert.match(lineWith(frame, '│  创建于'), /（(不到一秒|\d+ 秒|大约一分钟|\d+ 分钟|大约一小时|\d+ 小时|\d+ 天|\d+ 周|\d+ 个月|\d+ 年)前）/);
	assert.doesNotMatch(frame, /minutes前|hours前|days前/);
});
