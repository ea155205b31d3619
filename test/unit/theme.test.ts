import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {COLOR_NAMES, COLOR_ROLES, parseColor, THEME_NAMES, type ColorRole} from '../../source/config/colors.js';
import {truncate} from '../../source/format/index.js';
import {asciiTerminal, chartSymbols, chooseGlyphs, forTerminal, glyph, GLYPH_SETS} from '../../source/ui/glyphs.js';
import {chooseLook, sixteenColors} from '../../source/ui/look.js';
import {stateLook} from '../../source/ui/state-look.js';
import {chooseTheme, colorSequence, nearestOf16, THEMES, tone} from '../../source/ui/theme.js';

const ROLES = Object.keys(COLOR_ROLES) as ColorRole[];
const STATES: Array<[string, string?]> = [['created'], ['running'], ['paused'], ['restarting'], ['removing'], ['exited'], ['dead'], ['running', 'healthy'], ['running', 'starting'], ['running', 'unhealthy'], ['hibernating']];

afterEach(() => {
	chooseTheme('dark');
	chooseGlyphs(false);
});

test('every role has a look in every theme, drawn with the 16 ANSI colours only', () => {
	for (const name of THEME_NAMES) {
		for (const role of ROLES) {
			const look = THEMES[name][role];
			assert.ok(look, `${name} has no ${role}`);
			if (look.color !== undefined) {
				assert.ok(COLOR_NAMES.includes(look.color), `${name}.${role} is ${look.color}, not one of the 16 colours`);
			}
		}
	}
});

test('the default (dark) theme: red errors, magenta for berth’s own, green running, grey exited', () => {
	chooseTheme('dark');
	assert.deepEqual(tone.error, {color: 'red'});
	assert.deepEqual(tone.accent, {color: 'magenta'});
	assert.deepEqual(tone.muted, {dimColor: true});
	assert.deepEqual(stateLook('running'), {glyph: '●', tone: {color: 'green'}, label: 'running'});
	assert.deepEqual(stateLook('exited'), {glyph: '■', tone: {color: 'gray'}, label: 'exited'});
	assert.deepEqual(stateLook('running', 'unhealthy'), {glyph: '▲', tone: {color: 'red'}, label: 'unhealthy'});
	assert.deepEqual(stateLook('hibernating'), {glyph: '?', tone: {dimColor: true}, label: 'hibernating'});
});

test('the default theme reads on dark and light backgrounds: none of the colours that fade into white or into black', () => {
	// Yellow, cyan, white and bright green vanish on white; black and (dark) blue on black.
	const fading = /^(yellow|cyan|white|greenBright|black$|blue$)/;
	for (const role of ROLES) {
		const color = THEMES.dark[role].color ?? '';
		assert.doesNotMatch(color, fading, `dark.${role} is ${color}`);
	}
	// What must stand out still does: errors, warnings, the marks of picked rows and help headings.
	assert.notDeepEqual(THEMES.dark.warning, THEMES.dark.accent);
	assert.equal(THEMES.dark.heading.bold, true);
});

test('the light theme has no text in white or yellow, which a white background swallows', () => {
	for (const role of ROLES) {
		const color = THEMES.light[role].color ?? '';
		assert.doesNotMatch(color, /^(white|yellow)/, `light.${role} is ${color}`);
	}
});

test('monochrome has no colour at all, and still marks errors and states apart', () => {
	chooseTheme('monochrome');
	for (const role of ROLES) {
		assert.equal(tone[role].color, undefined, role);
	}
	assert.equal(tone.error.bold, true);
	assert.equal(tone.muted.dimColor, true);
	const looks = new Set(STATES.slice(0, 7).map(([state]) => stateLook(state).glyph + JSON.stringify(stateLook(state).tone)));
	assert.equal(looks.size, 7, 'every state has a glyph or emphasis of its own');
});

test('colours of the config file, by name, 256-colour index or hex, replace the theme’s', () => {
	chooseTheme('light', {error: parseColor(196)!, accent: parseColor('#ff8700')!, warning: parseColor('blueBright')!});
	assert.deepEqual(tone.error, {color: 'ansi256(196)'});
	assert.deepEqual(tone.accent, {color: '#ff8700'});
	assert.deepEqual(tone.warning, {color: 'blueBright'});
	assert.deepEqual(tone.success, THEMES.light.success, 'a role not given keeps the theme’s look');
	chooseTheme('dark');
	assert.deepEqual(tone.error, {color: 'red'}, 'choosing again starts from the theme');
});

test('on 16 colours, a 256-colour index or a hex colour of the config becomes the nearest of the 16', () => {
	assert.equal(nearestOf16('ansi256(208)'), 'yellow', 'orange');
	assert.equal(nearestOf16('ansi256(9)'), 'redBright', 'the first 16 indexes are the 16 colours');
	assert.equal(nearestOf16('ansi256(232)'), 'black');
	assert.equal(nearestOf16('ansi256(255)'), 'white');
	assert.equal(nearestOf16('#5f00d7'), 'blue');
	assert.equal(nearestOf16('#ff0000'), 'redBright');
	assert.equal(nearestOf16('magentaBright'), 'magentaBright');
	chooseTheme('dark', {accent: 'ansi256(208)', running: '#00ff00', error: 'red'}, true);
	assert.deepEqual([tone.accent, tone.running, tone.error], [{color: 'yellow'}, {color: 'greenBright'}, {color: 'red'}]);
	// The graphs, drawn outside Ink, get a 16-colour sequence too.
	assert.equal(colorSequence(tone.accent.color), '\u001B[33m');
	chooseTheme('dark', {accent: 'ansi256(208)'});
	assert.deepEqual(tone.accent, {color: 'ansi256(208)'}, 'more colours: the index as it is');
});

test('16 colours is TERM=linux, *-16color or FORCE_COLOR=1 without a 256-colour TERM; chooseLook reduces the config’s colours there', () => {
	assert.equal(sixteenColors({TERM: 'linux'}), true);
	assert.equal(sixteenColors({TERM: 'xterm-16color'}), true);
	assert.equal(sixteenColors({TERM: 'xterm'}), true);
	assert.equal(sixteenColors({TERM: 'xterm', FORCE_COLOR: '1'}), true);
	assert.equal(sixteenColors({TERM: 'xterm-256color'}), false);
	assert.equal(sixteenColors({TERM: 'tmux-256color'}), false, 'Node reads this TERM as 16 colours; the colour library does not');
	assert.equal(sixteenColors({TERM: 'xterm-256color', FORCE_COLOR: '1'}), false);
	assert.equal(sixteenColors({TERM: 'xterm', COLORTERM: 'truecolor'}), false);
	chooseLook({theme: {name: 'dark', colors: {accent: 'ansi256(208)'}}, ascii: false, color: true, env: {TERM: 'linux', LANG: 'C.UTF-8'}});
	assert.deepEqual(tone.accent, {color: 'yellow'});
	chooseLook({theme: {name: 'dark', colors: {accent: 'ansi256(208)'}}, ascii: false, color: true, env: {TERM: 'xterm-256color', LANG: 'C.UTF-8'}});
	assert.deepEqual(tone.accent, {color: 'ansi256(208)'});
});

test('no colour (--no-color, NO_COLOR) draws monochrome whatever the theme', () => {
	chooseLook({theme: {name: 'light', colors: {error: 'red'}}, ascii: false, color: false, env: {LANG: 'C.UTF-8'}});
	assert.ok(ROLES.every(role => tone[role].color === undefined));
	assert.equal(glyph.filled, '●');
});

test('colours drawn outside Ink (the graphs) get the escape sequence of the same colour', () => {
	assert.equal(colorSequence('green'), '\u001B[32m');
	assert.equal(colorSequence('redBright'), '\u001B[91m');
	assert.equal(colorSequence('gray'), '\u001B[90m');
	assert.equal(colorSequence('ansi256(208)'), '\u001B[38;5;208m');
	assert.equal(colorSequence('#ff8700'), '\u001B[38;2;255;135;0m');
	assert.equal(colorSequence(undefined), '');
});

test('the ASCII glyphs are printable ASCII, one column each like their Unicode twins', () => {
	const {unicode, ascii} = GLYPH_SETS;
	assert.deepEqual(Object.keys(ascii).sort(), Object.keys(unicode).sort());
	for (const [name, value] of Object.entries(ascii)) {
		assert.match(value, /^[\x21-\x7e]$/, name);
		assert.equal(stringWidth(unicode[name as keyof typeof unicode]), 1, name);
	}
});

test('in ASCII mode states, cut text, graphs and boxes are drawn in ASCII', () => {
	chooseGlyphs(true);
	for (const [state, health] of STATES) {
		assert.match(stateLook(state, health).glyph, /^[\x21-\x7e]$/, state);
	}
	assert.equal(truncate('containers', 5), 'cont~');
	assert.ok(chartSymbols.every(symbol => /^[\x21-\x7e]$/.test(symbol)));
	chooseGlyphs(false);
	assert.equal(truncate('containers', 5), 'cont…');
	assert.equal(chartSymbols[0], '┼');
});

test('in ASCII mode, what reaches the terminal is ASCII and keeps its columns', () => {
	assert.equal(forTerminal('● web'), '● web', 'Unicode terminals get the text as it is');
	chooseGlyphs(true);
	assert.equal(forTerminal('\u001B[32m●\u001B[0m web · 3 ↑'), '\u001B[32m+\u001B[0m web - 3 ^');
	assert.equal(forTerminal('café 日本 it’s'), "caf? ???? it's");
	assert.equal(stringWidth(forTerminal('日本')), stringWidth('日本'));
});

test('a plain console is one whose locale is not UTF-8, or the Linux console', () => {
	assert.equal(asciiTerminal({LANG: 'C'}), true);
	assert.equal(asciiTerminal({LANG: 'en_US.ISO-8859-1'}), true);
	assert.equal(asciiTerminal({}), true, 'no locale at all is the C locale');
	assert.equal(asciiTerminal({LANG: 'en_US.UTF-8'}), false);
	assert.equal(asciiTerminal({LANG: 'C.utf8'}), false);
	assert.equal(asciiTerminal({LANG: 'en_US.UTF-8', LC_ALL: 'C'}), true, 'LC_ALL wins over LANG');
	assert.equal(asciiTerminal({LANG: 'C', LC_CTYPE: 'en_US.UTF-8'}), false, 'LC_CTYPE wins over LANG');
	assert.equal(asciiTerminal({LANG: 'en_US.UTF-8', TERM: 'linux'}), true);
});
