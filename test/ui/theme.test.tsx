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

/** The SGR parameters a frame writes. */
function sgrCodes(raw: string): string[] {
	return [...raw.matchAll(/\u001B\[([\d;]*)m/g)].flatMap(match => match[1]!.split(';'));
}

/** The frames of the containers pane and its remove dialog, at every size. */
async function framesAtEverySize(): Promise<string[]> {
	const frames: string[] = [];
	for (const [columns, rows] of SIZES) {
		const app = await renderApp(plainData(), columns, rows);
		frames.push(app.raw());
		await app.press('d');
		frames.push(app.raw());
		unmountAll();
	}
	return frames;
}

test('the light theme writes no white or yellow text', async () => {
	chooseTheme('light');
	for (const raw of await framesAtEverySize()) {
		assert.match(raw, /\u001B\[3[1-6]m/, 'the frame has colours at all');
		const sgr = sgrCodes(raw);
		for (const code of ['33', '37', '93', '97']) {
			assert.ok(!sgr.includes(code), `SGR ${code} (white or yellow text) in\n${raw}`);
		}
	}
});

test('the default theme writes no text a white background swallows (yellow, cyan, white) nor one a black one does (black, blue)', async () => {
	for (const raw of await framesAtEverySize()) {
		assert.match(raw, /\u001B\[3[1-6]m/, 'the frame has colours at all');
		const sgr = sgrCodes(raw);
		for (const code of ['30', '33', '34', '36', '37', '93', '96', '97']) {
			assert.ok(!sgr.includes(code), `SGR ${code} in\n${raw}`);
		}
	}

	// The check sees such colours where a theme has them: high-contrast is bright yellow and cyan.
	chooseTheme('high-contrast');
	const [raw] = await framesAtEverySize();
	assert.ok(['93', '96'].every(code => sgrCodes(raw!).includes(code)));
});

test('on a 16-colour terminal a 256-colour index of the config is drawn as the nearest of the 16, not as 38;5;N', async () => {
	const {chooseLook} = await import('../../source/ui/look.js');
	const colors = {accent: 'ansi256(208)', running: 'ansi256(46)'};
	for (const TERM of ['xterm-16color', 'linux']) {
		chooseLook({theme: {name: 'dark', colors}, ascii: false, color: true, env: {TERM, LANG: 'C.UTF-8'}});
		chooseGlyphs(false);
		const app = await renderApp(plainData(), 160, 45);
		const raw = app.raw();
		assert.doesNotMatch(raw, /\u001B\[38;5;/, `TERM=${TERM}`);
		assert.match(raw, /\u001B\[33m/, 'the accent 208 (orange) is drawn yellow');
		assert.match(raw, /\u001B\[92m/, 'running 46 (bright green) is drawn bright green');
		unmountAll();
	}

	// A 256-colour terminal gets the index as it is.
	chooseLook({theme: {name: 'dark', colors}, ascii: false, color: true, env: {TERM: 'xterm-256color', LANG: 'C.UTF-8'}});
	const app = await renderApp(plainData(), 160, 45);
	assert.match(app.raw(), /\u001B\[38;5;208m/);
});
