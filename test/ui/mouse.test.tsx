// The mouse, through the same input path as the keys: SGR reports written to the app's input,
// aimed at where the frame shows a row, a pane title, a tab or the logs, at both screen sizes.
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import stringWidth from 'string-width';
import type {LogLine} from '../../source/engine/types.js';
import {fixture, recorded, type Recorded} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {listPart, renderApp, SIZES, unmountAll, waitFor, type Rendered} from '../support/render.js';

afterEach(unmountAll);

/** An SGR report at a cell counted from 0 (the terminal counts from 1). */
const sgr = (button: number, x: number, y: number, final = 'M'): string => `\u001B[<${button};${x + 1};${y + 1}${final}`;
const click = (x: number, y: number): string => sgr(0, x, y) + sgr(0, x, y, 'm');
const wheel = (direction: 'up' | 'down', x: number, y: number): string => sgr(direction === 'up' ? 64 : 65, x, y);

/** The cell where the frame shows `text` (the first line with it; `after`: the first below that row). */
function cellOf(frame: string, text: string | RegExp, after = -1): {x: number; y: number} {
	const lines = frame.split('\n');
	for (const [y, line] of lines.entries()) {
		const index = typeof text === 'string' ? line.indexOf(text) : (text.exec(line)?.index ?? -1);
		if (y > after && index !== -1) {
			return {x: stringWidth(line.slice(0, index)), y};
		}
	}

	assert.fail(`no ${String(text)} in\n${frame}`);
}

/** The list row with `name`: its line starts with the cursor mark when selected. */
function isSelected(frame: string, name: string): boolean {
	const row = frame.split('\n').find(line => listPart(line).includes(` ${name} `));
	return row !== undefined && row.startsWith('›');
}

const withMouse = (ctx: TestContext): void => {
	ctx.terminal.mouse = true;
};

async function mouseApp(columns: number, rows: number, data: Recorded = recorded(), prepare: (ctx: TestContext) => void = withMouse): Promise<Rendered> {
	return renderApp(data, columns, rows, prepare);
}

for (const [columns, rows] of SIZES) {
	test(`${columns}x${rows}: a click on a row selects it and gives the list the keys`, async () => {
		const app = await mouseApp(columns, rows);
		app.ctx.view.change(state => ({...state, focus: 'main'}));
		const target = cellOf(app.frame(), 'berth-paused');
		await app.press(click(target.x, target.y));
		assert.ok(isSelected(app.frame(), 'berth-paused'), app.frame());
		const view = app.ctx.view.get();
		assert.equal(app.ctx.model.get().containers.get(view.selected.containers!)?.name, 'berth-paused');
		assert.equal(view.focus, 'list');
		// The mouse typed nothing: no filter, no mark, no other pane.
		assert.equal(view.filters.containers, '');
		assert.equal(view.marked.containers.size, 0);
		assert.equal(view.pane, 'containers');
	});

	test(`${columns}x${rows}: a click on a pane's title shows that pane, and on a tab shows that tab`, async () => {
		const app = await mouseApp(columns, rows);
		const images = cellOf(app.frame(), /\d Images/);
		await app.press(click(images.x + 3, images.y));
		assert.equal(app.ctx.view.get().pane, 'images');
		await waitFor(app, 'History');
		const history = cellOf(app.frame(), ' History ');
		await app.press(click(history.x + 2, history.y));
		assert.equal(app.ctx.view.get().tab.images, 'history');
		assert.match(app.frame(), /CREATED BY|history/i);
		const containers = cellOf(app.frame(), /\d Containers/);
		await app.press(click(containers.x + 3, containers.y));
		assert.equal(app.ctx.view.get().pane, 'containers');
		const stats = cellOf(app.frame(), ' Stats ');
		await app.press(click(stats.x + 1, stats.y));
		assert.equal(app.ctx.view.get().tab.containers, 'stats');
	});

	test(`${columns}x${rows}: the wheel over the list moves the selection a row a turn`, async () => {
		const app = await mouseApp(columns, rows);
		const first = cellOf(app.frame(), 'berth-healthy');
		await app.press(click(first.x, first.y));
		assert.ok(isSelected(app.frame(), 'berth-healthy'));
		const clicked = app.ctx.view.get().cursor.containers;
		await app.press(wheel('down', first.x, first.y), wheel('down', first.x, first.y));
		assert.equal(app.ctx.view.get().cursor.containers, clicked + 2);
		await app.press(wheel('up', first.x, first.y));
		assert.equal(app.ctx.view.get().cursor.containers, clicked + 1);
	});
}

/** Many containers, so the list shows a window of them; copies of the recorded ones under other names. */
function manyContainers(): Recorded {
	const data = recorded();
	const [model] = data.containers;
	const copies = Array.from({length: 40}, (_, index) => ({...model!, id: `${index.toString(16).padStart(2, '0')}${model!.id.slice(2)}`, name: `berth-copy-${String(index).padStart(2, '0')}`}));
	return {...data, containers: [...data.containers, ...copies]};
}

test('a click lands on the row drawn there when the list is scrolled down', async () => {
	const app = await mouseApp(80, 24, manyContainers());
	await app.press('G');
	const frame = app.frame();
	// The first row under the header is a copy far down the list, not the list's first.
	const header = cellOf(frame, 'NAME');
	const firstShown = frame.split('\n')[header.y + 1]!;
	const name = /berth-[\w-]+/.exec(firstShown)![0];
	assert.notEqual(name, 'berth-nasty');
	await app.press(click(10, header.y + 1));
	assert.ok(isSelected(app.frame(), name), app.frame());
	assert.equal(app.ctx.model.get().containers.get(app.ctx.view.get().selected.containers!)?.name, name);
});

/** The chatty container's recorded lines, told over and over: more than the main area holds. */
function longLogs(ctx: TestContext): void {
	withMouse(ctx);
	const recordedLines = fixture<Record<string, LogLine[]>>('logs.json')['chatty']!;
	ctx.engine.logLines = Array.from({length: 200}, (_, index) => ({...recordedLines[index % recordedLines.length]!, text: `line ${index} ${recordedLines[index % recordedLines.length]!.text}`}));
}

for (const [columns, rows] of SIZES) {
	test(`${columns}x${rows}: the wheel over the logs scrolls them back and forward, and a click there focuses them`, async () => {
		const app = await mouseApp(columns, rows, recorded(), longLogs);
		await waitFor(app, 'line 199');
		const last = cellOf(app.frame(), 'line 199');
		await app.press(wheel('up', last.x, last.y));
		assert.equal(app.ctx.view.get().focus, 'main');
		await waitFor(app, 'scrolled back');
		assert.ok(!app.frame().includes('line 199'), 'the newest lines scrolled off');
		assert.ok(app.frame().includes('line 196'), 'three lines a turn');
		await app.press(wheel('down', last.x, last.y));
		await waitFor(app, 'line 199');
		await app.press('\u001B');
		assert.equal(app.ctx.view.get().focus, 'list');
		const line = cellOf(app.frame(), 'line 195');
		await app.press(click(line.x, line.y));
		assert.equal(app.ctx.view.get().focus, 'main');
	});
}

test('mouse reports cut across reads, between keys, never type anything', async () => {
	const app = await mouseApp(160, 45);
	const target = cellOf(app.frame(), 'berth-healthy');
	const report = click(target.x, target.y);
	// "j" moves down one row; the report, cut in three, must land whole and type nothing.
	await app.press(`j${report.slice(0, 4)}`, report.slice(4, 9), `${report.slice(9)}`);
	assert.ok(isSelected(app.frame(), 'berth-healthy'), app.frame());
	const view = app.ctx.view.get();
	assert.equal(view.pane, 'containers');
	assert.equal(view.marked.containers.size, 0);
	assert.equal(view.filters.containers, '');
	assert.equal(view.input, undefined);
});

test('with the mouse off, reports do nothing and type nothing; m turns it on and says so', async () => {
	const app = await mouseApp(160, 45, recorded(), () => {});
	const before = app.ctx.view.get();
	const target = cellOf(app.frame(), 'berth-paused');
	await app.press(click(target.x, target.y), wheel('down', target.x, target.y));
	assert.equal(app.ctx.view.get(), before, 'nothing changed');
	await app.press('m');
	assert.equal(app.ctx.terminal.mouse, true);
	await waitFor(app, 'mouse on');
	await app.press(click(target.x, target.y));
	assert.ok(isSelected(app.frame(), 'berth-paused'));
	await app.press('m');
	assert.equal(app.ctx.terminal.mouse, false);
	await waitFor(app, 'mouse off: the terminal selects and copies text again');
});

test('a dialog keeps the mouse from the screen behind it; help closes on a click', async () => {
	const app = await mouseApp(160, 45);
	await app.press('?');
	assert.equal(app.ctx.view.get().help, true);
	await app.press(click(5, 5));
	assert.equal(app.ctx.view.get().help, false);
	await app.press('d');
	const asking = app.ctx.view.get();
	assert.equal(asking.dialog?.kind, 'confirm');
	const target = cellOf(app.frame(), 'berth-paused');
	await app.press(click(target.x, target.y), wheel('down', target.x, target.y));
	assert.equal(app.ctx.view.get(), asking, 'the dialog is still open and nothing behind it moved');
});

test('the wheel over a tab of text (Inspect) scrolls it three lines a turn', async () => {
	const app = await mouseApp(160, 45);
	const inspect = cellOf(app.frame(), ' Inspect ');
	await app.press(click(inspect.x + 1, inspect.y));
	assert.equal(app.ctx.view.get().tab.containers, 'inspect');
	await app.press(wheel('down', inspect.x, inspect.y + 5));
	assert.equal(app.ctx.view.get().focus, 'main');
	assert.equal(app.ctx.view.get().mainScroll, 3);
	await app.press(wheel('up', inspect.x, inspect.y + 5), wheel('up', inspect.x, inspect.y + 5));
	assert.equal(app.ctx.view.get().mainScroll, 0);
});
