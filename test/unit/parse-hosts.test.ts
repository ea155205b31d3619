import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatExtraHost, parseExtraHosts, parseIpList} from '../../source/parse/hosts.js';

test('parseIpList takes IPv4 and IPv6 addresses', () => {
	assert.deepEqual(parseIpList('1.1.1.1, 8.8.8.8\n2001:4860:4860::8888'), {value: ['1.1.1.1', '8.8.8.8', '2001:4860:4860::8888']});
	assert.deepEqual(parseIpList('1.1.1.1\ndns.example'), {error: 'dns: dns.example is not an IP address'});
	assert.deepEqual(parseIpList('256.1.1.1'), {error: 'dns: 256.1.1.1 is not an IP address'});
});

test('parseExtraHosts reads host:ip, host=ip, IPv6 with or without brackets, and host-gateway', () => {
	assert.deepEqual(parseExtraHosts('db:10.0.0.5, gw:host-gateway\nv6:::1\nbr:[fe80::1]\neq=192.168.1.1'), {
		value: [
			{host: 'db', ip: '10.0.0.5'},
			{host: 'gw', ip: 'host-gateway'},
			{host: 'v6', ip: '::1'},
			{host: 'br', ip: 'fe80::1'},
			{host: 'eq', ip: '192.168.1.1'},
		],
	});
});

test('parseExtraHosts says which entry is wrong and why', () => {
	assert.deepEqual(parseExtraHosts('db'), {error: 'extra-hosts: db: nothing is not an IP address (use host:ip)'});
	assert.deepEqual(parseExtraHosts('db:10.0.0'), {error: 'extra-hosts: db:10.0.0: 10.0.0 is not an IP address (use host:ip)'});
	assert.deepEqual(parseExtraHosts(':10.0.0.1'), {error: 'extra-hosts: :10.0.0.1 has no host name (use host:ip)'});
});

test('formatExtraHost gives the engine form host:ip', () => {
	assert.equal(formatExtraHost({host: 'v6', ip: '::1'}), 'v6:::1');
	assert.equal(formatExtraHost({host: 'db', ip: '10.0.0.5'}), 'db:10.0.0.5');
});
