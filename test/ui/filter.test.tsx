import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import {recorded} from '../support/fake-engine.js';
import {renderApp, unmountAll} from '../support/render.js';

afterEach(unmountAll);

const ALL = ['berth-nasty', 'berth-shop-db-1', 'berth-shop-web-1', 'berth-healthy', 'berth-paused', 'berth-killed', 'berth-chatty', 'berth-tty-shell'];

function shown(frame: string): string[] {
	return ALL.filter(name => frame.includes(name));
}

test('/ matches a subsequence, re:, ! and label: in the list as typed', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press('/', ...'bshpweb');
	assert.deepEqual(shown(app.frame()), ['berth-shop-web-1']);
	await app.press('\u001B', '/', ...'re:shop-(db|web)-1$');
	assert.deepEqual(shown(app.frame()), ['berth-shop-db-1', 'berth-shop-web-1']);
	await app.press('\u001B', '/', ...'!shop');
	assert.deepEqual(shown(app.frame()).sort(), ALL.filter(name => !name.includes('shop')).sort());
	await app.press('\u001B', '/', ...'label:com.docker.compose.service=db');
	assert.deepEqual(shown(app.frame()), ['berth-shop-db-1']);
});

test('a broken regular expression is said in the filter line and filters nothing away', async () => {
	const app = await renderApp(recorded(), 160, 45);
	await app.press('/', ...'re:(shop');
	const frame = app.frame();
	assert.match(frame, /filter: re:\(shop.*not a regular expression.*\(nothing filtered\)/);
	assert.deepEqual(shown(frame).sort(), [...ALL].sort());
	await app.press(')');
	assert.match(app.frame(), /Enter keeps/);
	assert.deepEqual(shown(app.frame()), ['berth-shop-db-1', 'berth-shop-web-1']);
});
