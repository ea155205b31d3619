import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import {loadMessages} from '../../source/i18n/language.js';
import {setMessages} from '../../source/i18n/translate.js';
import {recorded} from '../support/fake-engine.js';
import {assertFits, renderApp, unmountAll} from '../support/render.js';

afterEach(() => {
	unmountAll();
	setMessages(undefined);
});

for (const language of ['en', 'zh-CN']) {
	test(`help at 80x24 (${language}) keeps a gap between its columns: a title cut short never runs into the next column`, async () => {
		setMessages(language === 'en' ? undefined : (await loadMessages([language]))!.messages);
		const app = await renderApp(recorded(), 80, 24);
		await app.press('?');
		const frame = app.frame();
		const rows = frame.split('\n').slice(1);
		assert.ok(rows.some(row => row.includes('…')), `titles are cut at this width:\n${frame}`);
		for (const row of rows) {
			assert.doesNotMatch(row, /…\S/, `a cut title touches the next column:\n${row}`);
		}
		assertFits(frame, 80, 24);
	});
}
