import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {ImageSummary} from '../../source/engine/types.js';
import {ModelStore} from '../../source/store/model-store.js';
import {notifyNow} from '../../source/store/observable.js';
import {containersByImage, isIntermediate, selectImages, selectedKey, targetObjects, viewImages, visibleKeys} from '../../source/store/selectors.js';
import {initialView, type ImageSort, type ViewState} from '../../source/store/view-store.js';
import {IMAGE_TABLE} from '../../source/ui/panes/object-columns.js';
import {tone} from '../../source/ui/theme.js';
import {container} from '../support/build.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const hex = (character: string): string => `sha256:${character.repeat(64)}`;

function image(fields: Partial<ImageSummary> & {id: string}): ImageSummary {
	return {parentId: '', tags: [], digests: [], size: 1_000_000, created: NOW - DAY, containers: -1, labels: {}, ...fields};
}

// A small build chain: base ← step (untagged, a build step) ← app; beside it a dangling image and two others.
const base = image({id: hex('1'), tags: ['alpine:3.20'], size: 8_000_000, created: NOW - 30 * DAY});
const step = image({id: hex('2'), parentId: base.id, size: 8_100_000, created: NOW - 3 * DAY});
const app = image({id: hex('3'), parentId: step.id, tags: ['zeta/app:1.0', 'zeta/app:latest'], size: 90_000_000, created: NOW - 2 * DAY});
const dangling = image({id: hex('4'), size: 40_000_000, created: NOW - 5 * DAY});
const busybox = image({id: hex('5'), tags: ['busybox:latest'], size: 2_000_000, created: NOW - DAY});
const mid = image({id: hex('6'), tags: ['mid/dle:2'], size: 20_000_000, created: NOW - 10 * DAY});
const ALL = [app, dangling, busybox, step, base, mid];

function view(options: {column?: ImageSort; reverse?: boolean; showIntermediate?: boolean; filter?: string} = {}): ViewState {
	const initial = initialView({showStopped: true, filter: ''});
	return {
		...initial,
		pane: 'images',
		filters: {...initial.filters, images: options.filter ?? ''},
		imageSort: {column: options.column ?? 'name', reverse: options.reverse ?? false},
		showIntermediate: options.showIntermediate ?? false,
	};
}

function model(images: readonly ImageSummary[] = ALL): ModelStore {
	const store = new ModelStore('unix:///var/run/docker.sock', notifyNow);
	store.replaceList('images', images);
	return store;
}

function ids(list: readonly ImageSummary[]): string[] {
	return list.map(item => item.id);
}

test('images sort by name by default, untagged ones (<none>) first as docker’s text order has them', () => {
	const shown = viewImages(model().get(), view());
	// '<' sorts before letters; the two untagged ones stand in id order.
	assert.deepEqual(ids(shown), [dangling.id, base.id, busybox.id, mid.id, app.id]);
});

test('images sort by size, largest first, and reversed smallest first', () => {
	const state = model().get();
	assert.deepEqual(ids(viewImages(state, view({column: 'size'}))), [app.id, dangling.id, mid.id, base.id, busybox.id]);
	assert.deepEqual(ids(viewImages(state, view({column: 'size', reverse: true}))), [busybox.id, base.id, mid.id, dangling.id, app.id]);
});

test('images sort by created, newest first, and reversed oldest first', () => {
	const state = model().get();
	assert.deepEqual(ids(viewImages(state, view({column: 'created'}))), [busybox.id, app.id, dangling.id, mid.id, base.id]);
	assert.deepEqual(ids(viewImages(state, view({column: 'created', reverse: true}))), [base.id, mid.id, dangling.id, app.id, busybox.id]);
});

test('reversing the name order reverses the list', () => {
	const state = model().get();
	assert.deepEqual(ids(viewImages(state, view({reverse: true}))), ids(viewImages(state, view())).reverse());
});

test('equal values keep a stable order by id, the same in every frame', () => {
	const twins = [image({id: hex('b'), size: 5}), image({id: hex('a'), size: 5}), image({id: hex('c'), size: 5})];
	const state = model(twins).get();
	assert.deepEqual(ids(viewImages(state, view({column: 'size'}))), [hex('a'), hex('b'), hex('c')]);
	assert.deepEqual(ids(viewImages(state, view({column: 'created'}))), [hex('a'), hex('b'), hex('c')]);
});

test('intermediate images (untagged parents of another image) are hidden unless showIntermediate; dangling ones show', () => {
	const state = model().get();
	assert.deepEqual([...isIntermediate(state.images)], [step.id]);
	const hidden = ids(viewImages(state, view()));
	assert.ok(!hidden.includes(step.id), 'the build step is hidden');
	assert.ok(hidden.includes(dangling.id), 'a dangling image is shown');
	assert.ok(hidden.includes(base.id), 'a tagged parent is shown');
	const all = ids(viewImages(state, view({showIntermediate: true})));
	assert.equal(all.length, ALL.length);
	assert.ok(all.includes(step.id));
	// With the hidden ones the pane's rows follow too.
	assert.deepEqual(visibleKeys(state, view(), 'images'), hidden);
	assert.deepEqual(visibleKeys(state, view({showIntermediate: true}), 'images'), all);
});

test('an untagged image becomes dangling when the image built on it goes', () => {
	const state = model(ALL.filter(item => item !== app)).get();
	assert.deepEqual([...isIntermediate(state.images)], []);
	assert.ok(ids(viewImages(state, view())).includes(step.id));
});

test('the filter matches any tag or an id prefix, ignoring case', () => {
	const state = model().get();
	assert.deepEqual(ids(viewImages(state, view({filter: 'LATEST'}))), [busybox.id, app.id]);
	assert.deepEqual(ids(viewImages(state, view({filter: '4444'}))), [dangling.id]);
	assert.deepEqual(ids(viewImages(state, view({filter: 'sha256:4444'}))), [], 'the id without its algorithm');
	assert.deepEqual(ids(viewImages(state, view({filter: '2222'}))), [], 'a hidden intermediate image stays hidden');
	assert.deepEqual(ids(viewImages(state, view({filter: '2222', showIntermediate: true}))), [step.id]);
});

test('an unchanged model and view give the very same list', () => {
	const state = model().get();
	const shownView = view({column: 'size'});
	const first = viewImages(state, shownView);
	assert.equal(viewImages(state, shownView), first);
	assert.equal(selectImages(state.images, '', shownView.imageSort, false), first);
	assert.notEqual(viewImages(state, view({column: 'created'})), first);
});

test('the list handed to the pane is not the model’s own (sorting never reorders the store)', () => {
	const store = model();
	const before = [...store.get().images];
	viewImages(store.get(), view({column: 'size', reverse: true}));
	assert.deepEqual(store.get().images, before);
});

test('containersByImage counts the containers made from each image, whatever their state', () => {
	const containers = [
		container({name: 'a1', imageId: app.id}),
		container({name: 'a2', imageId: app.id, state: 'exited', status: 'Exited (0) 1 hour ago'}),
		container({name: 'b1', imageId: busybox.id}),
	];
	const store = model();
	store.replaceContainers(containers);
	const byImage = containersByImage(store.get().containers);
	assert.deepEqual(byImage.get(app.id)?.map(item => item.name).sort(), ['a1', 'a2']);
	assert.equal(byImage.get(busybox.id)?.length, 1);
	assert.equal(byImage.get(dangling.id), undefined);
	assert.equal(containersByImage(store.get().containers), byImage, 'memoised on the containers map');

	// The images table counts from it, not from the engine's -1.
	const state = store.get();
	const usedBy = (item: ImageSummary): string => IMAGE_TABLE.cells(item, NOW, state)[4]!;
	assert.equal(usedBy(app), '2');
	assert.equal(usedBy(busybox), '1');
	assert.equal(usedBy(dangling), '0');
});

test('the images table names untagged images <none>:<none> and marks dangling and intermediate ones apart', () => {
	const state = model().get();
	assert.equal(IMAGE_TABLE.cells(dangling, NOW, state)[0], '<none>:<none>');
	assert.equal(IMAGE_TABLE.cells(app, NOW, state)[0], 'zeta/app:1.0, zeta/app:latest');
	assert.equal(IMAGE_TABLE.cells(app, NOW, state)[1], '333333333333');
	assert.equal(IMAGE_TABLE.cells(app, NOW, state)[3], '2d');
	assert.deepEqual(IMAGE_TABLE.glyph!(dangling, state), {glyph: '◌', tone: tone.warning});
	assert.deepEqual(IMAGE_TABLE.glyph!(step, state), {glyph: '·', tone: {dimColor: true}});
	assert.equal(IMAGE_TABLE.glyph!(app, state).glyph, ' ');
	assert.deepEqual(IMAGE_TABLE.columns.map(column => column.title), ['REPOSITORY:TAG', 'ID', 'SIZE', 'CREATED', 'USED BY', 'ENGINE']);
	// With one engine the ENGINE cell is empty, so the column is left out.
	assert.equal(IMAGE_TABLE.cells(app, NOW, state)[5], '');
});

test('targetObjects gives the marked images, else the selected one', () => {
	const state = model().get();
	const shown = view();
	const selected = selectedKey(state, shown, 'images');
	assert.deepEqual(ids(targetObjects(state, shown, 'image')), [selected]);
	const withSelection = {...shown, selected: {...shown.selected, images: mid.id}};
	assert.deepEqual(ids(targetObjects(state, withSelection, 'image')), [mid.id]);
	const marked = {...withSelection, marked: {...withSelection.marked, images: new Set([app.id, dangling.id, 'sha256:gone'])}};
	assert.deepEqual(ids(targetObjects(state, marked, 'image')).sort(), [app.id, dangling.id].sort());
	assert.deepEqual(targetObjects(state, marked, 'container'), [], 'marked images are not containers');
});
