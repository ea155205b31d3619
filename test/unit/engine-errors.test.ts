// The reasons real connections cannot produce on demand here (expired certificates, SSH, codes
// without a connection behind them); the real ones are in test/engine/unreachable.test.ts and tls.test.ts.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {noteTlsSettings, toEngineError, unreachableDetails} from '../../source/engine/errors.js';
import {EngineError} from '../../source/engine/types.js';

const tls = {verify: true, caFile: '/certs/ca.pem', certFile: '/certs/cert.pem', keyFile: '/certs/key.pem'};

function failure(message: string, fields: Record<string, unknown>): Error {
	return Object.assign(new Error(message), fields);
}

test("an expired engine certificate is named as the engine's", () => {
	const error = failure('certificate has expired', {code: 'CERT_HAS_EXPIRED'});
	noteTlsSettings(error, tls);
	assert.deepEqual(unreachableDetails(toEngineError(error, 'tcp://h:2376')), {
		title: 'TLS with the Docker engine at tcp://h:2376 failed',
		reason: "the engine's certificate has expired: certificate has expired (CERT_HAS_EXPIRED)",
	});
});

test('without the TLS files at hand, the TLS reason is the one Node gave', () => {
	assert.equal(
		toEngineError(failure('unable to verify the first certificate', {code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'}), 'tcp://h:2376').message,
		'TLS with the Docker engine at tcp://h:2376 failed: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
	);
});

test('EPROTO is a TLS failure only on a TLS connection', () => {
	assert.equal(toEngineError(failure('write EPROTO', {code: 'EPROTO'}), 'tcp://h:2375').message, 'write EPROTO');
});

test('permission denied over the network does not send the user to the docker group', () => {
	assert.deepEqual(unreachableDetails(toEngineError(failure('connect EACCES 10.0.0.2:2375', {code: 'EACCES', port: 2375}), 'tcp://10.0.0.2:2375')), {
		title: 'cannot connect to the Docker engine at tcp://10.0.0.2:2375',
		reason: 'EACCES (permission denied)',
		hint: undefined,
	});
});

test('a refused SSH connection asks about sshd, not dockerd', () => {
	assert.equal(
		toEngineError(failure('connect ECONNREFUSED 127.0.0.1:22', {code: 'ECONNREFUSED', port: 22}), 'ssh://me@h').message,
		'cannot connect to the Docker engine at ssh://me@h: ECONNREFUSED (connection refused); is sshd running on that host and port?',
	);
});

test('SSH failures keep their message and can be shown as unreachable', () => {
	const error = toEngineError(failure('All configured authentication methods failed', {level: 'client-authentication'}), 'ssh://me@h');
	assert.equal(error.message, 'SSH to the Docker engine at ssh://me@h failed: All configured authentication methods failed');
	assert.deepEqual(unreachableDetails(error), {
		title: 'SSH to the Docker engine at ssh://me@h failed',
		reason: 'All configured authentication methods failed',
	});
});

test("an engine's refusal of a request is not an unreachable engine", () => {
	const error = toEngineError(failure('(HTTP code 404) no such container', {statusCode: 404, json: {message: 'No such container: x'}}), 'e');
	assert.ok(error instanceof EngineError);
	assert.equal(error.statusCode, 404);
	assert.equal(unreachableDetails(error), undefined);
	assert.equal(unreachableDetails(new Error('other')), undefined);
	// Only Go's answer to plain HTTP on a TLS port is one.
	assert.equal(toEngineError(failure('bad', {statusCode: 400, json: {message: 'bad parameter'}}), 'e').message, 'bad parameter');
});
