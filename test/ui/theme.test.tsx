import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import {recorded} from '../support/fake-engine.js';
import {renderApp, unmountAll, SIZES, assertFits, lineWith} from '../support/render.js';

// The light theme is checked by the colours written, so colour is asked for before Ink (and
// chalk) are loaded: without a terminal, they would leave it out.
process.env['FORCE_COLOR'] = '1';
const {chooseGlyphs, forTerminal} = await import('../../source/ui/glyphs.js');
const {chooseTheme} = await import('../../source/ui/theme.js');

afterEach(() => {
	unmountAll();
	chooseGlyphs(false);
	chooseTheme('dark');
});

/** The recorded engine without the container whose name is made of escape sequences: sanitize() shows those as Unicode pictures, which a plain console gets folded to ASCII only at the terminal (forTerminal). */
function plainData(): ReturnType<typeof recorded> {
	const data = recorded();
	data.containers = data.containers.filter(container => container.name !== 'berth-nasty');
	return data;
}

/**
 * Nothing outside ASCII but the mark Ink itself ends a cut line with, which the terminal gets as
 * ASCII (forTerminal): every glyph of berth's own is ASCII already.
 */
function assertAscii(frame: string): void {
	const line = frame.split('\n').find(candidate => /[^\x00-\x7F]/.test(candidate.replace(/…$/, '')));
	assert.equal(line, undefined, `a line with a character outside ASCII: ${JSON.stringify(line)}\n${frame}`);
	assert.doesNotMatch(forTerminal(frame), /[^\x00-\x7F]/);
}

for (const [columns, rows] of SIZES) {
	test(`in ASCII mode the containers pane and a dialog draw ASCII only and fit ${columns}x${rows}`, async () => {
		chooseGlyphs(true);
		const app = await renderApp(plainData(), columns, rows);
		const frame = app.frame();
		assertFits(frame, columns, rows);
		assertAscii(frame);
		assert.match(lineWith(frame, 'berth-healthy'), /\+ berth-healthy/, 'a running container is marked +');
		assert.match(frame, /Containers - \d+\/\d+ up/);
		assert.ok(frame.includes('+--') || frame.includes('|'), `boxes and rules are drawn with + - |:\n${frame}`);

		await app.press('d');
		const dialog = app.frame();
		assert.match(dialog, /Enter\/y: yes - Esc\/n: no/);
		assertFits(dialog, columns, rows);
		assertAscii(dialog);
		assert.match(dialog, /\+-{5,}/, `the dialog's border is drawn in ASCII:\n${dialog}`);
	});
}

test('in ASCII mode the help reaches the terminal in ASCII, action titles included', async () => {
	chooseGlyphs(true);
	const app = await renderApp(plainData(), 160, 45);
	await app.press('?');
	const frame = app.frame();
	assertFits(frame, 160, 45);
	assert.match(frame, /\^ k +Move up/, 'arrow keys are named in ASCII');
	assert.doesNotMatch(forTerminal(frame), /[^\x00-\x7F]/);
});

test('the light theme writes no white or yellow text', async () => {
	chooseTheme('light');
	for (const [columns, rows] of SIZES) {
		const app = await renderApp(plainData(), columns, rows);
		const frames = [app.raw()];
		await app.press('d');
		frames.push(app.raw());
		for (const raw of frames) {
			assert.match(raw, /\u001B\[3[1-6]m/, 'the frame has colours at all');
			const sgr = [...raw.matchAll(/\u001B\[([\d;]*)m/g)].flatMap(match => match[1]!.split(';'));
			for (const code of ['33', '37', '93', '97']) {
				assert.ok(!sgr.includes(code), `SGR ${code} (white or yellow text) in\n${raw}`);
			}
		}
		unmountAll();
	}
});

test('the dark theme still draws warnings yellow: the light test would catch it', async () => {
	const data = plainData();
	const app = await renderApp(data, 160, 45);
	assert.match(app.raw(), /\u001B\[33m/, 'yellow is in the default look (paused containers)');
});
