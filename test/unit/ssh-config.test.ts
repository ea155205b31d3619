import assert from 'node:assert/strict';
import {test} from 'node:test';
import {configForHost, expandHostName, expandPath, hostPatternsMatch, parseSshConfig, wildcardMatch} from '../../source/engine/ssh-config.js';

const text = `
# comment
IdentityFile ~/.ssh/global_key

Host build *.lab !secret.lab
	HostName %h.example.com
	User deploy
	Port 2200
	IdentityFile ~/.ssh/lab_%r
	IdentitiesOnly yes
	UserKnownHostsFile ~/.ssh/known_lab "/etc/ssh/known hosts"

Host build
	User ignored-because-first-wins
	IdentityFile ~/.ssh/build_extra

Match host secret.lab
	User never

Host *
	User fallback
	Port=22
	ServerAliveInterval 30
`;

test('options for a host: Host patterns with * and !, first value wins, IdentityFile accumulates', () => {
	const lines = parseSshConfig(text, 'config');
	assert.deepEqual(configForHost(lines, 'build'), {
		hostName: '%h.example.com',
		user: 'deploy',
		port: 2200,
		identityFiles: ['~/.ssh/global_key', '~/.ssh/lab_%r', '~/.ssh/build_extra'],
		identitiesOnly: true,
		userKnownHostsFiles: ['~/.ssh/known_lab', '/etc/ssh/known hosts'],
		serverAliveInterval: 30,
	});
	assert.equal(configForHost(lines, 'db.lab').user, 'deploy');
	// Negated: the Host block does not apply; Match blocks other than "all" are not applied either.
	const secret = configForHost(lines, 'secret.lab');
	assert.equal(secret.user, 'fallback');
	assert.equal(secret.port, 22);
	assert.deepEqual(secret.identityFiles, ['~/.ssh/global_key']);
});

test('keywords are case-insensitive, "=" separates too, and Match all is Host *', () => {
	const lines = parseSshConfig('HOSTNAME=a.example\nmatch all\nuSeR  bob\n', 'config');
	assert.deepEqual(configForHost(lines, 'x'), {hostName: 'a.example', user: 'bob', identityFiles: []});
});

test('Include inlines the files it names, where it appears', () => {
	const lines = parseSshConfig('Include conf.d/*\nHost *\n\tUser late\n', '/h/.ssh/config', pattern => {
		assert.equal(pattern, 'conf.d/*');
		return [{text: 'Host prod\n\tUser early\n\tPort 2022\n', file: '/h/.ssh/conf.d/prod'}];
	});
	assert.deepEqual(configForHost(lines, 'prod'), {user: 'early', port: 2022, identityFiles: []});
	assert.equal(lines[0]!.origin, '/h/.ssh/conf.d/prod:1');
});

test('ProxyJump and ProxyCommand are refused rather than silently skipped', () => {
	const lines = parseSshConfig('Host inner\n\tProxyJump bastion\nHost other\n\tProxyCommand none\n', 'config');
	assert.match(configForHost(lines, 'inner').unsupported ?? '', /config:2 sets ProxyJump, which berth does not support/);
	assert.equal(configForHost(lines, 'other').unsupported, undefined);
});

test('bad values name the file and line', () => {
	assert.throws(() => configForHost(parseSshConfig('Host *\n  Port http\n', '/h/.ssh/config'), 'x'), {
		message: '/h/.ssh/config:2: port must be a whole number from 1 to 65535, not "http"',
	});
	assert.throws(() => configForHost(parseSshConfig('IdentitiesOnly maybe\n', 'c'), 'x'), /c:1: identitiesonly must be yes or no/);
});

test('wildcards: * and ? match, regex characters do not, host names ignore case', () => {
	assert.ok(wildcardMatch('*.example.com', 'Build.Example.COM'));
	assert.ok(wildcardMatch('web?', 'web1'));
	assert.ok(!wildcardMatch('web?', 'web10'));
	assert.ok(!wildcardMatch('a.b', 'axb'));
	assert.ok(wildcardMatch('[10.0.0.1]:2222', '[10.0.0.1]:2222'));
	assert.ok(hostPatternsMatch(['*', '!bastion'], 'app'));
	assert.ok(!hostPatternsMatch(['*', '!bastion'], 'bastion'));
	assert.ok(!hostPatternsMatch(['!bastion'], 'app'), 'a negation alone matches nothing');
});

test('~ and % tokens in file names, %h in HostName', () => {
	const tokens = {host: 'srv.example', alias: 'srv', port: 2222, remoteUser: 'deploy', localUser: 'me', homeDir: '/home/me'};
	assert.equal(expandPath('~/.ssh/id_%r@%h:%p', tokens), '/home/me/.ssh/id_deploy@srv.example:2222');
	assert.equal(expandPath('%d/keys/%u-%n %%', tokens), '/home/me/keys/me-srv %');
	assert.equal(expandPath('~', tokens), '/home/me');
	assert.equal(expandPath('/abs/~/x', tokens), '/abs/~/x');
	assert.throws(() => expandPath('%C', tokens), /uses %C, which berth does not expand/);
	assert.equal(expandHostName('%h.internal', 'db'), 'db.internal');
});
