import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseCapabilities} from '../../source/parse/capabilities.js';

test('parseCapabilities normalises names as the engine stores them', () => {
	assert.deepEqual(parseCapabilities('NET_ADMIN, cap_sys_time\nsys_ptrace', 'cap-add'), {
		value: ['CAP_NET_ADMIN', 'CAP_SYS_TIME', 'CAP_SYS_PTRACE'],
	});
	assert.deepEqual(parseCapabilities('all', 'cap-drop'), {value: ['ALL']});
	assert.deepEqual(parseCapabilities('', 'cap-drop'), {value: []});
});

test('parseCapabilities names the field and the unknown capability', () => {
	assert.deepEqual(parseCapabilities('NET_ADMIN,NET_ADMN', 'cap-add'), {
		error: 'cap-add: NET_ADMN is not a capability (e.g. NET_ADMIN, SYS_TIME or ALL)',
	});
	assert.deepEqual(parseCapabilities('CAP_', 'cap-drop'), {error: 'cap-drop: CAP_ is not a capability (e.g. NET_ADMIN, SYS_TIME or ALL)'});
});
