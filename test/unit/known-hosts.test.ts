import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	checkHostKey,
	fingerprint,
	hostFieldMatches,
	hostKeyAlgorithms,
	keyTypeLabel,
	keyTypeOf,
	knownHostName,
	parseKnownHosts,
} from '../../source/engine/known-hosts.js';

// Keys made with ssh-keygen -t ed25519 / ecdsa; the hashed lines with ssh-keygen -H.
const keyA = 'AAAAC3NzaC1lZDI1NTE5AAAAIDnbxaIPd6RhSUMJhelqP81yDRwz7bodJ4Pln6cgfk+p';
const keyB = 'AAAAC3NzaC1lZDI1NTE5AAAAINnjP8EWGKNfP7Pmbm+YbJRKDr22hxpRoIru3BS0cRyC';
const keyC =
	'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBNRTokhhsVgwzu+xIz/yS4uXGIZ3/aLQUnIRuKiP0LIOWo+oJxP6wYWPK4GS68pEFEv3mxfwjXVjUIGQO9OiLsA=';
/** Hashed "[127.0.0.1]:2222" and "example.com", both with key A. */
const hashedPort = `|1|4ffP1+w47GtLdrkbnqGN0Ne8wpY=|hJzpHALM8BYWiOa18+MHlA08UVM= ssh-ed25519 ${keyA}`;
const hashedPlain = `|1|/LpTYu7QHYjRgUkkqcj+LieYI4c=|Vnr/IqcxHynf/lZm0Dv7bVX5QXo= ssh-ed25519 ${keyA}`;
const a = Buffer.from(keyA, 'base64');
const b = Buffer.from(keyB, 'base64');
const c = Buffer.from(keyC, 'base64');

test('fingerprints and key types are those ssh-keygen shows', () => {
	assert.equal(fingerprint(a), 'SHA256:kNXtoLDzGbF0ay7W9K/zOsc7zbr1ocTcjdC+4/i52H4');
	assert.equal(fingerprint(b), 'SHA256:scNWPUA/J8YNp4NLN4DKurcwTiTggBf/szEIW3xAXeQ');
	assert.equal(keyTypeOf(a), 'ssh-ed25519');
	assert.equal(keyTypeOf(c), 'ecdsa-sha2-nistp256');
	assert.equal(keyTypeOf(Buffer.from('xx')), '');
	assert.deepEqual(['ssh-ed25519', 'ecdsa-sha2-nistp384', 'ssh-rsa', 'ssh-dss'].map(keyTypeLabel), ['ED25519', 'ECDSA', 'RSA', 'DSA']);
});

test('non-22 ports are recorded as [host]:port', () => {
	assert.equal(knownHostName('example.com', 22), 'example.com');
	assert.equal(knownHostName('127.0.0.1', 2222), '[127.0.0.1]:2222');
});

test('hashed names match only the name they were made from', () => {
	const [port, plain] = parseKnownHosts(`${hashedPort}\n${hashedPlain}\n`, 'kh');
	assert.ok(hostFieldMatches(port!.hosts, '[127.0.0.1]:2222'));
	assert.ok(!hostFieldMatches(port!.hosts, '127.0.0.1'));
	assert.ok(!hostFieldMatches(port!.hosts, '[127.0.0.1]:2223'));
	assert.ok(hostFieldMatches(plain!.hosts, 'example.com'));
	assert.ok(!hostFieldMatches(plain!.hosts, 'example.org'));
});

test('plain host fields: comma lists, wildcards and negation', () => {
	assert.ok(hostFieldMatches('web,192.0.2.7', '192.0.2.7'));
	assert.ok(hostFieldMatches('*.lab,!db.lab', 'app.lab'));
	assert.ok(!hostFieldMatches('*.lab,!db.lab', 'db.lab'));
	assert.ok(hostFieldMatches('[10.0.0.*]:2222', '[10.0.0.5]:2222'));
	assert.ok(!hostFieldMatches('10.0.0.5', '[10.0.0.5]:2222'), 'a port-22 entry does not cover other ports');
});

test('parsing skips comments, malformed lines, unknown markers and keys whose type does not match', () => {
	const text = [
		'# a comment',
		'',
		'bad-line-without-key',
		`host1 ssh-rsa ${keyA}`,
		`@unknown host2 ssh-ed25519 ${keyA}`,
		`@cert-authority *.example ssh-ed25519 ${keyB}`,
		`@revoked * ssh-ed25519 ${keyB}`,
		`host3 ssh-ed25519 ${keyA} a comment`,
	].join('\n');
	const entries = parseKnownHosts(text, '/h/.ssh/known_hosts');
	assert.deepEqual(
		entries.map(entry => [entry.marker, entry.hosts, entry.origin]),
		[
			['cert-authority', '*.example', '/h/.ssh/known_hosts:6'],
			['revoked', '*', '/h/.ssh/known_hosts:7'],
			[undefined, 'host3', '/h/.ssh/known_hosts:8'],
		],
	);
});

test('checking a key: known, changed, unknown, revoked', () => {
	const entries = parseKnownHosts(
		[hashedPort, `old.example ssh-ed25519 ${keyA}`, `ec.example ecdsa-sha2-nistp256 ${keyC}`, `@revoked * ssh-ed25519 ${keyB}`].join('\n'),
		'kh',
	);
	assert.deepEqual(checkHostKey(entries, '[127.0.0.1]:2222', a), {status: 'known'});
	// Another port of the same address is another host.
	assert.deepEqual(checkHostKey(entries, '[127.0.0.1]:2200', a), {status: 'unknown', otherTypes: []});
	assert.deepEqual(checkHostKey(entries, 'old.example', Buffer.from(`AAAAC3NzaC1lZDI1NTE5AAAAI${'A'.repeat(43)}`, 'base64')), {
		status: 'changed',
		origin: 'kh:2',
	});
	// A key of a type not recorded for the host is unknown, not changed; the recorded types are named.
	assert.deepEqual(checkHostKey(entries, 'ec.example', a), {status: 'unknown', otherTypes: ['ecdsa-sha2-nistp256']});
	assert.deepEqual(checkHostKey(entries, 'anything', b), {status: 'revoked', origin: 'kh:4'});
	// A revoked key stays refused even where it is also listed as known.
	const both = parseKnownHosts(`host ssh-ed25519 ${keyB}\n@revoked host ssh-ed25519 ${keyB}\n`, 'kh2');
	assert.equal(checkHostKey(both, 'host', b).status, 'revoked');
});

test('host key algorithms: the types recorded for the host come first', () => {
	const entries = parseKnownHosts(`ec.example ecdsa-sha2-nistp256 ${keyC}\nrsa.example ssh-rsa ${'AAAAB3NzaC1yc2EAAAADAQAB'}\n`, 'kh');
	assert.deepEqual(hostKeyAlgorithms(entries, 'ec.example').slice(0, 2), ['ecdsa-sha2-nistp256', 'ssh-ed25519']);
	assert.deepEqual(hostKeyAlgorithms(entries, 'rsa.example').slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-ed25519']);
	assert.equal(hostKeyAlgorithms(entries, 'new.example')[0], 'ssh-ed25519');
	assert.equal(new Set(hostKeyAlgorithms(entries, 'ec.example')).size, hostKeyAlgorithms(entries, 'ec.example').length);
});
