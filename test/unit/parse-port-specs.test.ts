import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatPortSpec, parsePortSpecs} from '../../source/parse/port-specs.js';

test('parsePortSpecs reads every -p shape', () => {
	assert.deepEqual(parsePortSpecs('80'), {value: [{containerPort: 80, protocol: 'tcp'}]});
	assert.deepEqual(parsePortSpecs('8080:80'), {value: [{hostPorts: {first: 8080, last: 8080}, containerPort: 80, protocol: 'tcp'}]});
	assert.deepEqual(parsePortSpecs('127.0.0.1:8080:80/udp'), {
		value: [{hostIp: '127.0.0.1', hostPorts: {first: 8080, last: 8080}, containerPort: 80, protocol: 'udp'}],
	});
	assert.deepEqual(parsePortSpecs('127.0.0.1::53/UDP'), {value: [{hostIp: '127.0.0.1', containerPort: 53, protocol: 'udp'}]});
	assert.deepEqual(parsePortSpecs('[::1]:8443:443/tcp'), {
		value: [{hostIp: '::1', hostPorts: {first: 8443, last: 8443}, containerPort: 443, protocol: 'tcp'}],
	});
	assert.deepEqual(parsePortSpecs('::1:9000:90/sctp'), {
		value: [{hostIp: '::1', hostPorts: {first: 9000, last: 9000}, containerPort: 90, protocol: 'sctp'}],
	});
});

test('parsePortSpecs expands ranges, and a host range for one port lets the engine choose', () => {
	assert.deepEqual(parsePortSpecs('8000-8002:80-82'), {
		value: [80, 81, 82].map((port, index) => ({
			hostPorts: {first: 8000 + index, last: 8000 + index},
			containerPort: port,
			protocol: 'tcp',
		})),
	});
	assert.deepEqual(parsePortSpecs('7000-7001'), {
		value: [{containerPort: 7000, protocol: 'tcp'}, {containerPort: 7001, protocol: 'tcp'}],
	});
	assert.deepEqual(parsePortSpecs('9000-9010:80'), {value: [{hostPorts: {first: 9000, last: 9010}, containerPort: 80, protocol: 'tcp'}]});
});

test('parsePortSpecs takes entries on lines or separated by commas', () => {
	const result = parsePortSpecs('80, 443\n\n  53/udp  \n');
	assert.ok('value' in result);
	assert.deepEqual(
		result.value.map(spec => `${spec.containerPort}/${spec.protocol}`),
		['80/tcp', '443/tcp', '53/udp'],
	);
	assert.deepEqual(parsePortSpecs('  \n '), {value: []});
});

test('parsePortSpecs says which entry is wrong and why', () => {
	assert.match(errorOf('80:abc'), /^ports: 80:abc is not a port \(abc is not/);
	assert.match(errorOf('80, abc:80'), /^ports: abc:80 is not a port \(abc is not/);
	assert.match(errorOf('0'), /^ports: 0 is not a port/);
	assert.match(errorOf('65536'), /^ports: 65536 is not a port/);
	assert.match(errorOf('8080:'), /^ports: 8080: is not a port \(nothing is not/);
	assert.match(errorOf('90-80'), /^ports: 90-80 is not a port/);
	assert.equal(errorOf('80/xtp'), 'ports: 80/xtp: unknown protocol xtp (use tcp, udp or sctp)');
	assert.equal(errorOf('1.2.3:80:80'), 'ports: 1.2.3:80:80: 1.2.3 is not an IP address');
	assert.equal(errorOf('8000-8003:80-82'), 'ports: 8000-8003:80-82: the host range 8000-8003 and the container range 80-82 differ in length');
});

test('formatPortSpec writes back what parsePortSpecs reads', () => {
	for (const text of ['80', '8080:80', '127.0.0.1:8080:80/udp', '127.0.0.1::53/udp', '[::1]:8443:443', '9000-9010:80/sctp']) {
		const result = parsePortSpecs(text);
		assert.ok('value' in result);
		assert.deepEqual(result.value.map(formatPortSpec), [text]);
	}
});

function errorOf(text: string): string {
	const result = parsePortSpecs(text);
	assert.ok('error' in result, `${text} should be refused`);
	return result.error;
}
