// Selecting log lines with keys and copying exactly them: the highlight in the frame, the OSC 52
// sequence the UI writes (decoded), and the message that says how many went.
import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import type {LogLine} from '../../source/engine/types.js';
import type {ActionContext} from '../../source/actions/types.js';
import {LogFollower} from '../../source/store/log-follower.js';
import {terminalClipboard} from '../../source/ui/clipboard.js';
import {fixture, recorded, type Recorded, type RecordedSwarm} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {assertFits, lineWith, renderApp, SIZES, unmountAll, waitFor, type Rendered} from '../support/render.js';

// The highlight is checked by the attributes written, so colour is asked for before Ink loads.
process.env['FORCE_COLOR'] = '1';
const {chooseGlyphs} = await import('../../source/ui/glyphs.js');
const {chooseTheme} = await import('../../source/ui/theme.js');

afterEach(() => {
	unmountAll();
	chooseGlyphs(false);
	chooseTheme('dark');
});

const KEY = {enter: '\r', escape: '\u001B', ctrlY: '\u0019', pageUp: '\u001B[5~'};
const INVERSE = '\u001B[7m';

/** What reached the terminal as OSC 52, decoded: one entry a copy. */
function osc52Sink(ctx: TestContext): string[] {
	const copied: string[] = [];
	const terminal = new Writable({
		write(chunk: Buffer, _encoding, done) {
			for (const match of chunk.toString().matchAll(/\u001B\]52;c;([A-Za-z\d+/=]*)\u0007/g)) {
				copied.push(Buffer.from(match[1]!, 'base64').toString('utf8'));
			}

			done();
		},
	});
	// The real clipboard, writing to a terminal stand-in, in place of the recording one.
	(ctx as ActionContext).clipboard = terminalClipboard(terminal);
	return copied;
}

const entries = (count: number, from = 0): LogLine[] =>
	Array.from({length: count}, (_, index) => ({stream: 'stdout', text: `entry ${from + index}`, timestamp: `2026-11-30T10:00:${String((from + index) % 60).padStart(2, '0')}.123456789Z`}));

/** The containers pane on the logs of its first container, the main area focused; `copied` gets what is copied. */
async function logsApp(
	columns: number,
	rows: number,
	lines: LogLine[],
	setup?: (ctx: TestContext) => void,
	data: Recorded = recorded(),
): Promise<{app: Rendered; copied: string[]}> {
	let copied: string[] = [];
	const app = await renderApp(data, columns, rows, ctx => {
		ctx.engine.logLines = lines;
		copied = osc52Sink(ctx);
		setup?.(ctx);
	});
	await waitFor(app, `${lines.at(-1)!.text}`);
	await app.press(KEY.enter);
	return {app, copied};
}

/** The main area's row showing `text`, and whether it is drawn inverse. */
function logRow(app: Rendered, text: string): {line: string; inverse: boolean} {
	const line = lineWith(app.frame(), new RegExp(`${text}\\s*(│|$)`));
	const raw = app.raw().split('\n').find(candidate => candidate.replaceAll(/\u001B\[[\d;]*m/g, '').includes(line.trim()))!;
	const at = raw.indexOf(text);
	return {line, inverse: raw.slice(0, at).lastIndexOf(INVERSE) > raw.slice(0, at).lastIndexOf('\u001B[27m')};
}

/** The selection marker before a line's text: the cursor's, a selected line's, or none. */
function markerOf(line: string, text: string): string {
	const at = line.indexOf(text);
	return line.slice(at - 1, at);
}

for (const [columns, rows] of SIZES) {
	test(`v selects the bottom line, k extends it upwards, highlighted and marked, and Ctrl-Y copies exactly those lines (${columns}x${rows})`, async () => {
		const {app, copied} = await logsApp(columns, rows, entries(60));
		await app.press('v');
		let frame = await waitFor(app, '1 line selected (Ctrl-Y copies, Esc clears)');
		assert.equal(markerOf(logRow(app, 'entry 59').line, 'entry 59'), '›');
		await app.press('k', 'k', 'k');
		frame = await waitFor(app, '4 lines selected');
		for (const index of [56, 57, 58, 59]) {
			const {line, inverse} = logRow(app, `entry ${index}`);
			assert.ok(inverse, `entry ${index} is drawn inverse`);
			assert.equal(markerOf(line, `entry ${index}`), index === 56 ? '›' : '│', `the marker of entry ${index}`);
		}

		const before = logRow(app, 'entry 55');
		assert.ok(!before.inverse, 'the line above the selection is not highlighted');
		assert.equal(markerOf(before.line, 'entry 55'), ' ');
		assertFits(frame, columns, rows);

		await app.press(KEY.ctrlY);
		frame = await waitFor(app, 'Copy what to the clipboard?');
		// The selection is offered first.
		assert.match(frame, /1\. the 4 selected log lines: entry 56 …/);
		await app.press(KEY.enter);
		await waitFor(app, 'copied the 4 selected log lines to the clipboard (36 bytes)');
		assert.deepEqual(copied, ['entry 56\nentry 57\nentry 58\nentry 59\n']);
		// Copied, the selection ends; the view stays where it was.
		frame = await waitFor(app, 'scrolled back (G follows)');
		assert.ok(!logRow(app, 'entry 57').inverse);
	});
}

test('with the logs focused, the selection holds while lines arrive, j/PgUp/g move its cursor and keep it in sight, and Esc clears it', async () => {
	const {app, copied} = await logsApp(160, 45, entries(200));
	const handlers = app.ctx.engine.logHandlersById.values().next().value!;
	await app.press('k', 'k', 'v');
	await waitFor(app, '1 line selected');
	assert.equal(markerOf(logRow(app, 'entry 197').line, 'entry 197'), '›');
	// New lines do not move the view while selecting.
	handlers.onLines(entries(5, 200));
	await waitFor(app, '205 lines');
	assert.doesNotMatch(app.frame(), /entry 204/);
	await app.press(KEY.pageUp);
	let frame = await waitFor(app, /\d+ lines selected/);
	const count = Number(/(\d+) lines selected/.exec(frame)![1]);
	const top = 197 - count + 1;
	// The cursor went up a page: its line is on screen, at the top.
	assert.equal(markerOf(logRow(app, `entry ${top}`).line, `entry ${top}`), '›');
	await app.press('j');
	frame = await waitFor(app, `${count - 1} lines selected`);
	await app.press('g');
	frame = await waitFor(app, '198 lines selected');
	assert.match(frame, /›entry 0\b/);
	assert.doesNotMatch(frame, /entry 197/);
	await app.press('G');
	frame = await waitFor(app, '8 lines selected');
	assert.match(frame, /›entry 204/);
	assert.ok(logRow(app, 'entry 200').inverse);
	await app.press(KEY.escape);
	frame = await waitFor(app, 'scrolled back (G follows)');
	assert.ok(!logRow(app, 'entry 200').inverse, 'Esc cleared the selection');
	assert.match(frame, /│ Logs │/, 'the first Esc only clears the selection: the logs keep the keys');
	await app.press('v', KEY.escape);
	await waitFor(app, 'scrolled back (G follows)');
	await app.press(KEY.escape);
	assert.equal(app.ctx.view.get().focus, 'list', 'Esc without a selection goes back to the list');
	assert.deepEqual(copied, []);
});

test('timestamps shown are copied with the lines; a search match is where the cursor starts, and n extends to the next one', async () => {
	const lines = entries(30).map((line, index) => (index % 10 === 3 ? {...line, text: `${line.text} needle`} : line));
	const {app, copied} = await logsApp(160, 45, lines);
	await app.press('t', '/', 'n', 'e', 'e', 'd', 'l', 'e', KEY.enter);
	await waitFor(app, 'search "ne');
	await app.press('v');
	await waitFor(app, '1 line selected');
	// The marker column comes before the timestamp.
	assert.equal(markerOf(logRow(app, 'entry 23 needle').line, '2026-11-30T10:00:23'), '›');
	await app.press('n');
	await waitFor(app, '11 lines selected');
	assert.equal(markerOf(logRow(app, 'entry 13 needle').line, '2026-11-30T10:00:13'), '›');
	await app.press(KEY.ctrlY, '1');
	await waitFor(app, 'copied the 11 selected log lines');
	const text = copied.at(-1)!.split('\n');
	assert.equal(text[0], '2026-11-30T10:00:13.123456789Z entry 13 needle');
	assert.equal(text[10], '2026-11-30T10:00:23.123456789Z entry 23 needle');
	assert.equal(text.length, 12);
});

test('a selection whose lines were all dropped from the buffer says so and copies nothing; one partly dropped copies what is held', async () => {
	const {app, copied} = await logsApp(160, 45, entries(20), ctx => {
		ctx.logs = new LogFollower(ctx.engine, 500, {maxLines: 30, maxBytes: 1_000_000});
	});
	const handlers = app.ctx.engine.logHandlersById.values().next().value!;
	// All twenty lines fit: the cursor starts on the newest, g takes it to the oldest.
	await app.press('v', 'g');
	await waitFor(app, '20 lines selected');
	// Thirty lines more drop the twenty selected.
	handlers.onLines(entries(30, 20));
	let frame = await waitFor(app, /entry 49/);
	assert.match(frame, /│the selected lines were dropped from the buffer \(Esc clears\)/);
	assert.doesNotMatch(frame, /entry 19\b/);
	await app.press(KEY.ctrlY);
	frame = await waitFor(app, 'nothing copied');
	assert.match(frame, /the selected log lines were dropped from the buffer for newer ones: nothing copied \(Esc clears the selection\)/);
	assert.equal(app.ctx.view.get().dialog, undefined, 'no other lines are offered in their place');
	assert.deepEqual(copied, []);

	// Entries 20 to 49 are held and selected; one line more drops entry 20.
	await app.press(KEY.escape, 'v', 'g');
	await waitFor(app, '30 lines selected');
	handlers.onLines(entries(1, 50));
	await waitFor(app, /entry 50/);
	await app.press(KEY.ctrlY);
	frame = await waitFor(app, 'Copy what to the clipboard?');
	assert.match(frame, /1\. the 29 selected log lines still held \(1 dropped\)/);
	await app.press('1');
	await waitFor(app, 'copied the 29 selected log lines still held');
	assert.deepEqual(copied, [`${Array.from({length: 29}, (_, index) => `entry ${21 + index}`).join('\n')}\n`]);
});

test('the lines on screen are copied as the view shows them when the line scrolled back to was dropped', async () => {
	const {app, copied} = await logsApp(160, 45, entries(50), ctx => {
		ctx.logs = new LogFollower(ctx.engine, 500, {maxLines: 60, maxBytes: 1_000_000});
	});
	const handlers = app.ctx.engine.logHandlersById.values().next().value!;
	await app.press('g');
	await waitFor(app, 'scrolled back');
	handlers.onLines(entries(40, 50));
	// Entries 0 to 29 were dropped, and with them the line the view was anchored at.
	const frame = await waitFor(app, '60 lines');
	const shown = [...frame.matchAll(/entry (\d+)/g)].map(match => Number(match[1]));
	assert.equal(shown[0], 30, 'the view shows the oldest line held at the top');
	await app.press(KEY.ctrlY);
	await waitFor(app, 'Copy what to the clipboard?');
	await app.press('3');
	await waitFor(app, 'log lines on screen to the clipboard');
	assert.deepEqual(
		copied.at(-1)!.trimEnd().split('\n'),
		shown.map(index => `entry ${index}`),
	);
});

test('in --no-color and ASCII the selection shows by its marker column alone', async () => {
	chooseGlyphs(true);
	chooseTheme('monochrome');
	const {app} = await logsApp(80, 24, entries(30));
	await app.press('v', 'k');
	const frame = await waitFor(app, '2 lines selected');
	assert.match(frame, /\n {2}entry 27\s*\n >entry 28\s*\n \|entry 29/);
});

test('merged compose logs: lines are selected across replicas and copied after their labels', async () => {
	const composeContainers = fixture<Recorded['containers']>('compose-containers.json');
	const composeLogs = fixture<Record<string, LogLine[]>>('compose-logs.json');
	const base = recorded();
	const data = {...base, containers: [...base.containers, ...composeContainers.map(container => ({...container, statusAt: Date.now()}))]};
	let copied: string[] = [];
	const app = await renderApp(data, 160, 45, ctx => {
		for (const [id, lines] of Object.entries(composeLogs)) {
			ctx.engine.logLinesById.set(id, lines);
		}

		copied = osc52Sink(ctx);
	});
	await app.press('7');
	await waitFor(app, 'berth-fixture-blog');
	await app.press('l');
	const frame = await waitFor(app, /worker\s+│ worker line 5/);
	await app.press(KEY.enter, 'v', 'k', 'k');
	await waitFor(app, '3 lines selected');
	const shown = frame
		.split('\n')
		.map(line => /(web-\d|worker)\s+│ (\w+ line \d from [0-9a-f]{12})/.exec(line))
		.filter(match => match !== null)
		.slice(-3)
		.map(match => `${match[1]} | ${match[2]}`);
	await app.press(KEY.ctrlY, '1');
	await waitFor(app, 'copied the 3 selected log lines');
	assert.deepEqual(copied.at(-1)!.trimEnd().split('\n'), shown, 'each line after its replica’s label');
});

test('swarm service logs: the selection works there too, each line after its task', async () => {
	const swarm = fixture<RecordedSwarm>('swarm.json');
	let copied: string[] = [];
	const app = await renderApp(recorded(), 160, 45, ctx => {
		ctx.engine.swarm = swarm;
		copied = osc52Sink(ctx);
	});
	const {startSync} = await import('../../source/store/sync.js');
	const sync = startSync(app.ctx.engine, app.ctx.model, {listDebounceMs: 10});
	try {
		await waitFor(app, /Containers/);
		await app.press('9');
		await waitFor(app, '*:8080→80/tcp');
		const web = swarm.services.find(service => service.name === 'web')!;
		app.ctx.view.change(state => ({...state, selected: {...state.selected, 'swarm-services': web.id}}));
		await app.press(']');
		await waitFor(app, /web\.\d@vm\s+│ tick \d+ from/);
		await app.press(KEY.enter, 'v', 'k');
		await waitFor(app, '2 lines selected');
		await app.press(KEY.ctrlY, '1');
		await waitFor(app, 'copied the 2 selected log lines');
		const lines = copied.at(-1)!.trimEnd().split('\n');
		assert.equal(lines.length, 2);
		for (const line of lines) {
			assert.match(line, /^web\.\d@vm\S* \| tick \d+ from/);
		}
	} finally {
		sync.stop();
	}
});

test('help and a dialog drawn over the logs keep their stream: the selection and the place are there when they close; the stream stops if the logs do not come back', async () => {
	const {app} = await logsApp(160, 45, entries(100));
	const id = app.ctx.logs.get().id!;
	const streams = (): string[] => app.ctx.engine.calls.filter(call => call.startsWith('logs'));
	await app.press('k', 'v', 'k');
	const before = streams().length;
	await waitFor(app, '2 lines selected');
	await app.press('?');
	await waitFor(app, 'Select log lines');
	await app.press('x');
	await waitFor(app, '2 lines selected');
	await app.press(KEY.ctrlY);
	await waitFor(app, 'Copy what to the clipboard?');
	await app.press(KEY.escape);
	await waitFor(app, '2 lines selected');
	assert.ok(logRow(app, 'entry 97').inverse && logRow(app, 'entry 98').inverse);
	assert.equal(streams().length, before, 'the stream was neither stopped nor opened again');

	// Help closes onto another tab: the stream stops.
	await app.press('?');
	await waitFor(app, 'Select log lines');
	app.ctx.view.change(state => ({...state, help: false, tab: {...state.tab, containers: 'inspect'}}));
	const started = Date.now();
	while (streams().at(-1) !== `logs-stop ${id}` && Date.now() - started < 2000) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	assert.equal(streams().at(-1), `logs-stop ${id}`, 'the logs stop when they are not drawn again');
});
