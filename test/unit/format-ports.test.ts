import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatPorts, type PortEntry} from '../../source/format/ports.js';

const published = (privatePort: number, publicPort: number, ip: string, type = 'tcp'): PortEntry => ({privatePort, publicPort, ip, type});
const exposed = (privatePort: number, type = 'tcp'): PortEntry => ({privatePort, type});

test('formatPorts shows nothing for no ports and exposed ports alone', () => {
	assert.equal(formatPorts([]), '');
	assert.equal(formatPorts([exposed(80)]), '80/tcp');
	assert.equal(formatPorts([exposed(53, 'udp'), exposed(53)]), '53/tcp, 53/udp');
});

test('formatPorts shows a published port on IPv4 and IPv6 as docker ps does', () => {
	assert.equal(
		formatPorts([published(80, 8080, '::'), published(80, 8080, '0.0.0.0')]),
		'0.0.0.0:8080->80/tcp, [::]:8080->80/tcp',
	);
	assert.equal(
		formatPorts([published(80, 8080, '0.0.0.0'), published(80, 8080, '::'), exposed(443)]),
		'443/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp',
		'ports published on another number come last',
	);
});

test('formatPorts collapses consecutive ports into ranges', () => {
	const range = [8002, 8000, 8001].flatMap(port => [published(port, port, '0.0.0.0'), published(port, port, '::')]);
	assert.equal(formatPorts(range), '0.0.0.0:8000-8002->8000-8002/tcp, [::]:8000-8002->8000-8002/tcp');
	assert.equal(formatPorts([exposed(3002), exposed(3000, 'udp'), exposed(3000), exposed(3001)]), '3000-3002/tcp, 3000/udp');
	assert.equal(formatPorts([published(80, 80, '127.0.0.1'), published(81, 81, '127.0.0.1')]), '127.0.0.1:80-81->80-81/tcp');
});

test('formatPorts ends a range at a gap, listing closed ranges first as docker does', () => {
	assert.equal(formatPorts([exposed(80), exposed(81), exposed(83)]), '80-81/tcp, 83/tcp');
	assert.equal(formatPorts([exposed(95), exposed(90, 'udp'), exposed(81), exposed(80)]), '80-81/tcp, 95/tcp, 90/udp');
});

test('formatPorts does not collapse ports published on other numbers', () => {
	assert.equal(
		formatPorts([published(80, 8080, '0.0.0.0'), published(81, 8081, '0.0.0.0')]),
		'0.0.0.0:8080->80/tcp, 0.0.0.0:8081->81/tcp',
	);
});

test('formatPorts orders addresses numerically, IPv4 before IPv6', () => {
	assert.equal(
		formatPorts([
			published(80, 82, '10.0.0.2'),
			published(80, 83, '::1'),
			published(80, 81, '9.0.0.1'),
			published(80, 84, '::ffff:1.2.3.4'),
		]),
		'9.0.0.1:81->80/tcp, 10.0.0.2:82->80/tcp, [::1]:83->80/tcp, [::ffff:1.2.3.4]:84->80/tcp',
	);
	assert.equal(
		formatPorts([published(80, 80, 'fe80::1'), published(80, 80, '2001:db8::1')]),
		'[2001:db8::1]:80->80/tcp, [fe80::1]:80->80/tcp',
	);
	assert.equal(
		formatPorts([published(80, 81, '0.0.0.0', 'udp'), published(80, 81, '0.0.0.0', 'tcp')]),
		'0.0.0.0:81->80/tcp, 0.0.0.0:81->80/udp',
	);
});

test('formatPorts gives the same text for any input order and leaves the input alone', () => {
	const ports = [
		published(80, 8080, '0.0.0.0'),
		published(80, 8080, '::'),
		exposed(443),
		exposed(3000),
		exposed(3001),
		published(53, 53, '0.0.0.0', 'udp'),
	];
	const copy = structuredClone(ports);
	const expected = formatPorts(ports);
	assert.deepEqual(ports, copy);
	for (let shift = 1; shift < ports.length; shift++) {
		assert.equal(formatPorts([...ports.slice(shift), ...ports.slice(0, shift)]), expected);
	}
	// 443 closes first (3000 does not follow it), so it precedes the groups still open at the end.
	assert.equal(expected, '443/tcp, 0.0.0.0:53->53/udp, 3000-3001/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp');
});

test('formatPorts treats an address without a public port as not published', () => {
	const ports = [
		{privatePort: 80, ip: '0.0.0.0', type: 'tcp'},
		{privatePort: 81, ip: '', publicPort: 81, type: 'tcp'},
	];
	assert.equal(formatPorts(ports), '80-81/tcp');
});
