import {afterEach, test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {setMessages} from '../../source/i18n/translate.js';
import type {Dialog as DialogState} from '../../source/store/view-store.js';
import {Dialog} from '../../source/ui/Dialog.js';

afterEach(() => {
	setMessages(undefined);
});

/** What `dialog` draws at 80 columns and `rows` rows. */
function drawn(dialog: DialogState, rows = 20): string {
	const instance = render(<Dialog dialog={dialog} width={80} rows={rows} />);
	const frame = instance.lastFrame() ?? '';
	instance.unmount();
	return frame;
}

const base = {actionId: 'container.remove', targetIds: ['c1'], title: 'Remove web?'};
const confirm: DialogState = {
	...base,
	kind: 'confirm',
	toggles: [
		{id: 'force', key: 'f', label: 'force: stop it first if running', on: false},
		{id: 'volumes', key: 'v', label: 'also remove its anonymous volumes', on: false},
	],
};

test('a confirmation’s hint names its toggles’ keys in the user’s language, not their internal ids', () => {
	assert.match(drawn(confirm), /Enter\/y: yes · Esc\/n: no · f\/v: tick or untick/);
	assert.doesNotMatch(drawn(confirm), /f: force · v: volumes/);
	setMessages({'{keys}: tick or untick': '{keys}：勾选或取消'});
	assert.match(drawn(confirm), /f\/v：勾选或取消/);
	// Without toggles the hint says nothing of them.
	assert.doesNotMatch(drawn({...confirm, toggles: []}), /tick/);
});

test('what a long confirmation leaves out, and a long choice’s filter, are counted in the user’s language', () => {
	const lines = Array.from({length: 30}, (_unused, index) => `container-${index}`);
	assert.match(drawn({...confirm, toggles: [], lines}, 10), /… and 25 more/);
	const choice: DialogState = {...base, kind: 'choice', index: 0, filter: '1', choices: lines.map(line => ({value: line, label: line}))};
	assert.match(drawn(choice), /filter: 1 .* 12 of 30/);
	setMessages({'and {count} more': '另有 {count} 个', filter: '筛选', '{shown} of {count}': '{shown} / {count}'});
	assert.match(drawn({...confirm, toggles: [], lines}, 10), /… 另有 25 个/);
	assert.match(drawn(choice), /筛选: 1 .* 12 \/ 30/);
});
