import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import type {ImageHistoryEntry, ImageSummary, JobEvent} from '../../source/engine/types.js';
import {fixture, recorded} from '../support/fake-engine.js';
import type {TestContext} from '../support/context.js';
import {renderApp as renderWith, unmountAll, type Rendered, tick, SIZES, assertFits, lineWith, listPart, waitFor} from '../support/render.js';

afterEach(unmountAll);

const KEY = {down: '\u001B[B', up: '\u001B[A', enter: '\r', escape: '\u001B', tab: '\t', backspace: '\u007F', ctrlS: '\u0013', ctrlU: '\u0015'};

async function renderApp(columns = 160, rows = 45, prepare?: (ctx: TestContext) => void): Promise<Rendered> {
	const data = recorded();
	// The recorded busybox image under the id the recorded containers name (the fixtures are
	// recorded at different times), plus a dangling image that one copied container uses.
	const imageId = data.containers[0]!.imageId;
	data.images = [...data.images.map(image => (image.tags.includes('berth-test/busybox:latest') ? {...image, id: imageId} : image)), dangling];
	data.containers = [...data.containers, {...data.containers.find(item => item.state === 'exited')!, id: 'f'.repeat(64), name: 'on-dangling', imageId: dangling.id}];
	return renderWith(data, columns, rows, prepare);
}

const dangling: ImageSummary = {id: `sha256:${'d'.repeat(64)}`, parentId: '', tags: [], digests: [], size: 3_000_000, created: Date.now() - 86_400_000 * 3, containers: -1, labels: {}};


const busyboxOf = (ctx: TestContext): ImageSummary => ctx.model.get().images.find(image => image.tags.includes('berth-test/busybox:latest'))!;

function usersOf(ctx: TestContext, image: ImageSummary): string[] {
	return [...ctx.model.get().containers.values()].filter(container => container.imageId === image.id).map(container => container.name);
}

for (const [columns, rows] of SIZES) {
	const size = `${columns}x${rows}`;

	test(`the images pane shows its columns, <none>:<none> with the dangling glyph, and the used-by count (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('2');
		const frame = app.frame();
		assert.match(frame, /REPOSITORY:TAG\s+ID\s+SIZE\s+CREATED\s+USED BY/);
		const none = listPart(lineWith(frame, '<none>:<none>'));
		assert.match(none, /◌ <none>:<none>/);
		assert.match(none, /dddddddddddd/);
		assert.match(none, /\s1\s*$/, 'one container uses the dangling image');
		const busybox = busyboxOf(app.ctx);
		const row = frame.split('\n').map(line => listPart(line)).find(line => line.includes('berth-test/busybox:latest')) ?? '';
		assert.ok(row.includes(busybox.id.replace('sha256:', '').slice(0, 12)), 'the short id');
		const users = usersOf(app.ctx, busybox).length;
		assert.ok(users > 0);
		assert.match(row, new RegExp(`\\s${users}\\s*$`), `used by ${users} containers, counted from the list: ${row}`);
		assert.doesNotMatch(row, /-1/, 'never the engine’s -1');
		assertFits(frame, columns, rows);
	});

	test(`the Inspect tab shows the image’s details (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('2', KEY.down);
		assert.equal(app.ctx.view.get().selected.images, busyboxOf(app.ctx).id);
		let frame = await waitFor(app, 'platform');
		assert.match(frame, /Inspect.*History.*Containers/);
		assert.match(lineWith(frame, 'platform'), /platform\s+linux\/amd64/);
		assert.match(frame, /berth-fixture\/app:mx2g7pjc/);
		assertFits(frame, columns, rows);
		// The rest is further down on a small screen: focus the main area and go to the end.
		await app.press(KEY.enter, 'G');
		frame = app.frame();
		for (const text of ['8080/tcp', 'APP_PORT=8080', 'org.opencontainers.image.title=berth fixture']) {
			assert.ok(frame.includes(text), `${text} missing from\n${frame}`);
		}

		if (rows >= 45) {
			assert.match(frame, /Exposed ports/);
			assert.match(frame, /Labels/);
		}

		assertFits(frame, columns, rows);
		assert.ok(app.ctx.engine.calls.includes(`inspect-image ${busyboxOf(app.ctx).id}`));
	});

	test(`the History tab shows the layers in a table (${size})`, async () => {
		const history = fixture<ImageHistoryEntry[]>('image-history.json');
		const app = await renderApp(columns, rows);
		await app.press('2', KEY.down, ']');
		let frame = await waitFor(app, `${history.length} layers`);
		assert.match(frame, /│ LAYER\s+│ CREATED\s+│ SIZE\s+│ CREATED BY\s+│/);
		assert.match(frame, /┌─+┬/);
		const newest = history[0]!;
		assert.match(lineWith(frame, newest.id.replace('sha256:', '').slice(0, 12)), /CMD \["httpd" "-f" "-p" "8080"\]/, 'the #(nop) prefix is left out');
		assert.match(frame, /echo hello > \/app\/hello\.txt/);
		assertFits(frame, columns, rows);
		if (rows < 45) {
			assert.match(frame, /\d+-\d+ shown/, 'a small screen says which layers it shows');
			await app.press(KEY.enter, 'G');
			frame = app.frame();
		}

		// The oldest layer, last, is reachable.
		assert.ok(frame.includes(history.at(-1)!.id.replace('sha256:', '').slice(0, 12)), frame);
		assertFits(frame, columns, rows);
	});

	test(`the Containers tab lists the containers made from the image (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('2', ']', ']');
		let frame = app.frame();
		assert.match(frame, /on-dangling/, 'the dangling image is selected first, with its one container');
		assert.doesNotMatch(frame, /berth-killed/);
		await app.press(KEY.down);
		frame = app.frame();
		const users = usersOf(app.ctx, busyboxOf(app.ctx));
		const shown = users.filter(name => frame.includes(name));
		assert.ok(shown.length >= Math.min(users.length, rows - 15), `containers listed: ${shown.join(', ')}\n${frame}`);
		assert.match(lineWith(frame, 'berth-killed'), /exited/);
		assertFits(frame, columns, rows);
	});

	test(`a pull shows its job: title, command, layers with bars, then how it ended (${size})`, async () => {
		const events = fixture<JobEvent[]>('pull-events.json');
		// The pull stops after the first layer download, until the test lets it finish.
		const half = events.findIndex(event => event.kind === 'layer' && event.current !== undefined && event.id === 'e7544496fd87') + 1;
		let release: () => void = () => {};
		const released = new Promise<void>(resolve => {
			release = resolve;
		});
		const app = await renderApp(columns, rows, ctx => {
			ctx.engine.pullImage = async (reference, control) => {
				ctx.engine.calls.push(`pull ${reference}`);
				for (const event of events.slice(0, half)) {
					control.onEvent(event);
				}

				await released;
				for (const event of events.slice(half)) {
					control.onEvent(event);
				}

				return ctx.engine.data.images.find(image => image.tags.includes('berth-test/busybox:latest'))!.id;
			};
		});
		const reference = '127.0.0.1:40665/berth-fixture/app:1.0';
		await app.press('2', 'p');
		await app.press(...Array.from({length: 40}, () => KEY.backspace));
		await app.press(reference, KEY.enter);
		let frame = await waitFor(app, '· running');
		assert.match(lineWith(frame, '· running'), new RegExp(`pull ${reference.replaceAll('.', '\\.')} · running`));
		assert.ok(frame.includes(`$ docker pull ${reference}`), frame);
		assert.match(frame, /job: pull/);
		assert.match(frame, /\d+% of \d+B, 3\/4 layers/);
		const layerIds = [...new Set(events.flatMap(event => (event.kind === 'layer' ? [event.id] : [])))];
		const shownLayers = layerIds.filter(id => frame.includes(id));
		assert.ok(shownLayers.length >= Math.min(layerIds.length, rows - 21), `layer lines shown:\n${frame}`);
		if (rows >= 45) {
			assert.match(lineWith(frame, 'e7544496fd87'), /Downloading\s+\[#{20}\] 162B\/162B/);
			assert.match(lineWith(frame, 'd244c3263cfd'), /Already exists/);
		}

		assertFits(frame, columns, rows);
		release();
		frame = await waitFor(app, '· done');
		assert.match(frame, /pulled as [0-9a-f]{12}/);
		if (rows >= 45) {
			assert.match(lineWith(frame, 'e7544496fd87'), /Pull complete/);
			assert.match(frame, /Status: Downloaded newer image for 127\.0\.0\.1:40665\/berth-fixture\/app:1\.0/);
		}

		assertFits(frame, columns, rows);
		await app.press(KEY.escape);
		assert.doesNotMatch(app.frame(), /job: pull/, 'Esc closes the ended job');
		assert.equal(app.ctx.model.get().jobs.length, 1, 'the job goes on in the Jobs pane');
		if (rows >= 45) {
			assert.match(app.frame(), /5 Jobs · 1/);
		}

		const selectedRow = app.frame().split('\n').map(line => listPart(line)).find(line => line.includes('berth-test/busybox:latest'));
		assert.match(selectedRow ?? '', /^›/, 'the pulled image is selected');
	});

	test(`the run form shows its fields, a wrong port in red below it, and the docker run line (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('c');
		let frame = app.frame();
		assert.match(frame, /Run a new container/);
		assert.match(frame, /›image/);
		assert.match(frame, / name {4,}/);
		assert.match(lineWith(frame, 'publish all'), /\[ \]/);
		assertFits(frame, columns, rows);
		await app.press('busybox', KEY.tab, 'web', KEY.tab, KEY.tab, KEY.tab);
		assert.match(app.frame(), /›ports/);
		await app.press('80:abc');
		frame = app.frame();
		const error = lineWith(frame, '↳');
		assert.match(error, /↳ ports: 80:abc is not a port/);
		assert.ok(frame.split('\n').indexOf(error) > frame.split('\n').findIndex(line => line.includes('›ports')), 'the message is below its field');
		assert.doesNotMatch(frame, /docker run/, 'no command line for a wrong form');
		assertFits(frame, columns, rows);
		await app.press(KEY.ctrlU, '8080:80', KEY.tab, ' ');
		frame = app.frame();
		assert.doesNotMatch(frame, /↳/);
		assert.match(lineWith(frame, 'publish all'), /\[x\]/);
		assert.match(frame, /docker run -d --name web -p 8080:80 -P busybox/);
		assertFits(frame, columns, rows);
		await app.press(KEY.ctrlS);
		await tick(50);
		frame = app.frame();
		assert.doesNotMatch(frame, /Run a new container/, 'the form closed');
		assert.deepEqual(app.ctx.engine.calls.filter(call => call.startsWith('run')), ['run -d --name web -p 8080:80 -P busybox']);
		assertFits(frame, columns, rows);
	});

	test(`a refused run shows the reason in the form (${size})`, async () => {
		const app = await renderApp(columns, rows);
		app.ctx.engine.failures.set('run', 'Conflict. The container name "/web" is already in use by container "0123abcd"');
		await app.press('c', 'busybox', KEY.tab, 'web', KEY.ctrlS);
		const frame = await waitFor(app, /already in use/);
		assert.match(frame, /✕ Conflict\. The container name "\/web" is already in use/);
		assert.match(frame, /Run a new container/);
		assertFits(frame, columns, rows);
	});

	test(`the login form never shows the password (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('2', 'i', '127.0.0.1:5000', KEY.tab, 'alice', KEY.tab, 'hunter2');
		const frame = app.frame();
		assert.doesNotMatch(frame, /hunter2/);
		assert.match(lineWith(frame, 'password'), /•{7}/);
		assertFits(frame, columns, rows);
	});

	test(`the registry browser’s repository list narrows as typed (${size})`, async () => {
		const app = await renderApp(columns, rows);
		await app.press('2', 'R', '127.0.0.1:5000', KEY.enter);
		let frame = await waitFor(app, 'team/db');
		assert.match(frame, /Repositories of 127\.0\.0\.1:5000/);
		assert.match(frame, /filter: +2 of 2/);
		assert.match(frame, /team\/app/);
		await app.press('db');
		frame = app.frame();
		assert.match(frame, /filter: db +1 of 2/);
		assert.doesNotMatch(frame, /team\/app/);
		assert.match(frame, /team\/db/);
		assertFits(frame, columns, rows);
		await app.press(KEY.enter);
		frame = await waitFor(app, 'Pull which tag of 127.0.0.1:5000/team/db?');
		assert.match(frame, /latest/);
		assertFits(frame, columns, rows);
	});
}
