import {test} from 'node:test';
import assert from 'node:assert/strict';
import {paletteEntries, rankEntries, RECENT_KEPT, usedEntry, type PaletteSources} from '../../source/actions/palette-entries.js';
import {ACTIONS} from '../../source/actions/registry.js';
import type {Scope} from '../../source/actions/types.js';

const sources: PaletteSources = {
	actions: ACTIONS,
	containers: [
		{id: 'c1', name: 'web'},
		{id: 'c2', name: 'worker'},
	],
	images: [{id: 'sha256:aaa', tags: ['nginx:1.25']}, {id: 'sha256:bbbbbbbbbbbbbbbbbbbb', tags: []}],
	volumes: [{name: 'data'}],
	networks: [{id: 'n1', name: 'shop_default'}],
	engines: ['default', 'prod'],
	text: '',
};

function top(text: string, recent: readonly string[] = []): string {
	return rankEntries(paletteEntries({...sources, text}), text, recent)[0]?.id ?? '(none)';
}

test('entries: every action with keys (none of the steps), each with its first key as help writes it', () => {
	const entries = paletteEntries(sources);
	const stop = entries.find(entry => entry.id === 'action:container.stop');
	assert.equal(stop?.key, 's');
	assert.equal(entries.find(entry => entry.id === 'action:copy')?.key, 'Ctrl-Y');
	assert.equal(entries.some(entry => entry.id === 'action:engine.switch'), false, 'a step has no entry');
	// Panes past the tenth have no number key: the palette is how they are reached.
	// The palette itself is not offered (see below).
	const offered = ACTIONS.filter(action => !action.step && action.id !== 'palette' && (action.keys.length > 0 || action.id.startsWith('pane.'))).length;
	assert.equal(entries.filter(entry => entry.command.kind === 'action').length, offered);
	assert.equal(entries.find(entry => entry.id === 'action:pane.secrets')?.key, undefined);
	assert.equal(top('secrets'), 'action:pane.secrets');
	assert.equal(top('nodes'), 'action:pane.nodes');
});

test('entries: panes by name, container logs, objects, engines and run IMAGE', () => {
	assert.equal(top('images'), 'action:pane.images');
	assert.equal(top('logs web'), 'logs:c1');
	assert.equal(top('logs wor'), 'logs:c2');
	assert.equal(top('ctx prod'), 'ctx:prod');
	assert.equal(top('prune'), 'action:system.prune');
	assert.equal(top('volume data'), 'volume:data');
	assert.equal(top('network shop'), 'network:n1');
	// What is typed after run is offered first, then the images it finds.
	const run = rankEntries(paletteEntries({...sources, text: 'run nginx'}), 'run nginx', []);
	assert.deepEqual(run.slice(0, 2).map(entry => entry.command), [
		{kind: 'run', image: 'nginx'},
		{kind: 'run', image: 'nginx:1.25'},
	]);
	assert.equal(top('run nginx:1.25'), 'run:nginx:1.25');
	// An untagged image is named by its short id.
	assert.ok(paletteEntries(sources).some(entry => entry.words === 'image bbbbbbbbbbbb'));
});

test('ranking: a subsequence finds an entry; nothing found is an empty list', () => {
	assert.equal(top('cstop'), 'action:container.stop');
	assert.deepEqual(rankEntries(paletteEntries(sources), 'zzzzqqq', []), []);
});

test('recently used entries come first without text, and rank higher with it', () => {
	const entries = paletteEntries(sources);
	const ranked = rankEntries(entries, '', ['ctx:prod', 'action:quit']);
	assert.deepEqual(ranked.slice(0, 2).map(entry => entry.id), ['ctx:prod', 'action:quit']);
	assert.equal(rankEntries(entries, '', [])[0]?.id, entries[0]?.id);
	// "logs w" fits both containers; the one used recently wins.
	assert.equal(top('logs w', ['logs:c2']), 'logs:c2');
});

test('the recent list: the used entry first, once, bounded', () => {
	assert.deepEqual(usedEntry(['a', 'b', 'c'], 'b'), ['b', 'a', 'c']);
	const long = Array.from({length: RECENT_KEPT}, (_unused, index) => `e${index}`);
	const next = usedEntry(long, 'new');
	assert.equal(next.length, RECENT_KEPT);
	assert.equal(next[0], 'new');
	assert.ok(!next.includes(`e${RECENT_KEPT - 1}`));
});

test('the palette never offers itself: its title quotes what is typed in it (`:logs web`)', () => {
	const named = {...sources, containers: [{id: 'c2', name: 'worker'}, {id: 'c3', name: 'audit-web'}]};
	const first = (text: string): string => rankEntries(paletteEntries({...named, text}), text, [])[0]?.id ?? '(none)';
	assert.equal(paletteEntries(named).some(entry => entry.id === 'action:palette'), false);
	assert.equal(first('logs web'), 'logs:c3');
	assert.equal(first('logs work'), 'logs:c2');
	assert.equal(first('ctx prod'), 'ctx:prod');
	assert.equal(first('web'), 'logs:c3');
});

test('an action whose key works where the palette was opened ranks above the same words elsewhere', () => {
	const entries = paletteEntries(sources);
	const first = (here: readonly Scope[]): string | undefined => rankEntries(entries, 'stop', [], new Set(here))[0]?.id;
	assert.equal(first(['containers', 'list', 'global']), 'action:container.stop');
	assert.equal(first(['project', 'projects', 'list', 'global']), 'action:project.stop');
	assert.equal(first(['service', 'projects', 'list', 'global']), 'action:service.stop');
	// Without text the order stays: recently used first, then the entries' own order.
	assert.equal(rankEntries(entries, '', [], new Set(['containers']))[0]?.id, entries[0]?.id);
	// A much better match elsewhere still wins: the bonus only settles near ties.
	assert.equal(rankEntries(entries, 'prune', [], new Set(['containers', 'list', 'global']))[0]?.id, 'action:system.prune');
});
