import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	checkNetworkForm,
	checkStaticAddress,
	cidrContains,
	cidrsOverlap,
	formErrorList,
	ipFamily,
	ipInCidr,
	parseCidr,
	parseNetworkName,
	toCidr,
	type NetworkFormFields,
} from '../../source/parse/cidr.js';

test('parseCidr reads IPv4 and IPv6 blocks in canonical form', () => {
	assert.deepEqual(parseCidr('10.1.0.0/16', 'subnet'), {value: {family: 4, address: '10.1.0.0', prefix: 16, text: '10.1.0.0/16'}});
	assert.deepEqual(parseCidr(' 0.0.0.0/0 ', 'subnet'), {value: {family: 4, address: '0.0.0.0', prefix: 0, text: '0.0.0.0/0'}});
	assert.deepEqual(parseCidr('10.1.2.3/32', 'subnet'), {value: {family: 4, address: '10.1.2.3', prefix: 32, text: '10.1.2.3/32'}});
	assert.deepEqual(parseCidr('fd00:1::/64', 'subnet'), {value: {family: 6, address: 'fd00:1::', prefix: 64, text: 'fd00:1::/64'}});
	assert.deepEqual(parseCidr('FD00:0001:0000:0000:0000:0000:0000:0000/64', 'subnet'), {
		value: {family: 6, address: 'fd00:1::', prefix: 64, text: 'fd00:1::/64'},
	});
	// The longest run of zero groups is the one written "::"; of equal runs, the first.
	assert.deepEqual(parseCidr('2001:db8:0:0:1:0:0:0/80', 'x'), {value: {family: 6, address: '2001:db8:0:0:1::', prefix: 80, text: '2001:db8:0:0:1::/80'}});
	assert.equal(toCidr('2001:0:0:1:0:0:1:1/128')?.text, '2001::1:0:0:1:1/128');
	assert.equal(toCidr('2001:db8:1:1:1:1:0:1/128')?.text, '2001:db8:1:1:1:1:0:1/128');
	assert.deepEqual(parseCidr('::/0', 'x'), {value: {family: 6, address: '::', prefix: 0, text: '::/0'}});
	assert.deepEqual(parseCidr('::ffff:10.0.0.0/120', 'x'), {value: {family: 6, address: '::ffff:a00:0', prefix: 120, text: '::ffff:a00:0/120'}});
});

test('parseCidr refuses host bits set, as the engine says, with the network it should be', () => {
	assert.deepEqual(parseCidr('10.1.2.3/16', 'subnet'), {error: 'subnet: 10.1.2.3/16 has host bits set (it should be 10.1.0.0/16)'});
	assert.deepEqual(parseCidr('fd00:1::5/64', 'ipv6-subnet'), {error: 'ipv6-subnet: fd00:1::5/64 has host bits set (it should be fd00:1::/64)'});
});

test('parseCidr says why a block is not one: prefix out of range, no prefix, not an address', () => {
	assert.deepEqual(parseCidr('10.1.0.0/33', 'subnet'), {error: 'subnet: 10.1.0.0/33: the prefix length 33 is not a number from 0 to 32 (IPv4)'});
	assert.deepEqual(parseCidr('fd00::/129', 'subnet'), {error: 'subnet: fd00::/129: the prefix length 129 is not a number from 0 to 128 (IPv6)'});
	assert.deepEqual(parseCidr('10.1.0.0/', 'subnet'), {error: 'subnet: 10.1.0.0/: the prefix length nothing is not a number from 0 to 32 (IPv4)'});
	assert.deepEqual(parseCidr('10.1.0.0/-1', 'subnet'), {error: 'subnet: 10.1.0.0/-1: the prefix length -1 is not a number from 0 to 32 (IPv4)'});
	assert.deepEqual(parseCidr('10.1.0.0', 'subnet'), {error: 'subnet: 10.1.0.0 has no prefix length (use address/prefix, e.g. 10.1.0.0/16)'});
	assert.deepEqual(parseCidr('10.213.1/24', 'subnet'), {error: 'subnet: 10.213.1/24: 10.213.1 is not an IP address'});
	assert.deepEqual(parseCidr('300.1.0.0/16', 'subnet'), {error: 'subnet: 300.1.0.0/16: 300.1.0.0 is not an IP address'});
	assert.deepEqual(parseCidr('fe80::%eth0/64', 'subnet'), {error: 'subnet: fe80::%eth0/64: fe80::%eth0 is not an IP address'});
	assert.deepEqual(parseCidr('', 'subnet'), {error: 'subnet: nothing is not a subnet (use address/prefix, e.g. 10.1.0.0/16)'});
});

test('toCidr takes a block as the engine may report it, host bits and all', () => {
	assert.equal(toCidr('10.213.1.5/24')?.text, '10.213.1.0/24');
	assert.equal(toCidr('nonsense'), undefined);
});

test('ipInCidr: containment at the edges, across families never', () => {
	assert.equal(ipInCidr('10.1.0.0', '10.1.0.0/16'), true);
	assert.equal(ipInCidr('10.1.255.255', '10.1.0.0/16'), true);
	assert.equal(ipInCidr('10.2.0.0', '10.1.0.0/16'), false);
	assert.equal(ipInCidr('10.0.255.255', '10.1.0.0/16'), false);
	assert.equal(ipInCidr('1.2.3.4', '0.0.0.0/0'), true);
	assert.equal(ipInCidr('fd00:1::ffff', 'fd00:1::/64'), true);
	assert.equal(ipInCidr('fd00:2::1', 'fd00:1::/64'), false);
	assert.equal(ipInCidr('10.1.0.1', 'fd00:1::/64'), false);
	assert.equal(ipInCidr('not-an-ip', '10.1.0.0/16'), false);
	assert.equal(ipInCidr('10.1.0.1', 'garbage'), false);
	assert.equal(ipFamily('fd00::1'), 6);
	assert.equal(ipFamily('10.0.0.1'), 4);
	assert.equal(ipFamily('x'), undefined);
});

test('cidrsOverlap and cidrContains', () => {
	assert.equal(cidrsOverlap('172.17.0.0/16', '172.17.5.0/24'), true);
	assert.equal(cidrsOverlap('172.17.5.0/24', '172.17.0.0/16'), true);
	assert.equal(cidrsOverlap('10.213.1.0/24', '10.213.2.0/24'), false);
	assert.equal(cidrsOverlap('10.213.0.0/23', '10.213.1.0/24'), true);
	assert.equal(cidrsOverlap('10.0.0.0/8', '11.0.0.0/8'), false);
	assert.equal(cidrsOverlap('fd00::/16', 'fd00:1::/64'), true);
	assert.equal(cidrsOverlap('fd00::/64', 'fd00:0:0:1::/64'), false);
	assert.equal(cidrsOverlap('10.0.0.0/8', 'fd00::/8'), false);
	assert.equal(cidrContains('10.1.0.0/16', '10.1.128.0/17'), true);
	assert.equal(cidrContains('10.1.128.0/17', '10.1.0.0/16'), false);
	assert.equal(cidrContains('10.1.0.0/16', '10.1.0.0/16'), true);
});

test('parseNetworkName allows letters, digits, _ . - and refuses the rest', () => {
	assert.deepEqual(parseNetworkName('my_net-1.a'), {value: 'my_net-1.a'});
	assert.deepEqual(parseNetworkName('bad name!'), {
		error: 'name: bad name! has characters a network name cannot have (use letters, digits, _ . and -, starting with a letter or digit)',
	});
	assert.deepEqual(parseNetworkName('-x'), {
		error: 'name: -x has characters a network name cannot have (use letters, digits, _ . and -, starting with a letter or digit)',
	});
	assert.deepEqual(parseNetworkName('  '), {error: 'name: a network needs a name'});
});

function form(fields: Partial<NetworkFormFields>): NetworkFormFields {
	return {name: 'net-a', driver: 'bridge', subnet: '', gateway: '', ipRange: '', ...fields};
}

const existing = [
	{name: 'bridge', subnets: ['172.17.0.0/16'], scope: 'local'},
	{name: 'host', subnets: []},
	{name: 'v6net', subnets: ['10.50.0.0/24', 'fd00:50::/64'], scope: 'local'},
	{name: 'swarm-net', subnets: ['10.60.0.0/24'], scope: 'swarm'},
];

test('checkNetworkForm passes a good form, and an empty one where the engine picks', () => {
	assert.deepEqual(checkNetworkForm(form({}), existing), {});
	assert.deepEqual(
		checkNetworkForm(
			form({subnet: '10.213.0.0/16', gateway: '10.213.0.1', ipRange: '10.213.5.0/24', ipv6: true, ipv6Subnet: 'fd00:213::/64', ipv6Gateway: 'fd00:213::1', labels: 'x=y'}),
			existing,
		),
		{},
	);
});

test('checkNetworkForm names each failing field and says why', () => {
	assert.deepEqual(checkNetworkForm(form({subnet: '172.17.0.0/16'}), existing), {subnet: 'subnet: 172.17.0.0/16 overlaps network bridge'});
	assert.deepEqual(checkNetworkForm(form({subnet: '172.17.5.0/24'}), existing), {
		subnet: 'subnet: 172.17.5.0/24 overlaps network bridge (172.17.0.0/16)',
	});
	assert.deepEqual(checkNetworkForm(form({ipv6: true, ipv6Subnet: 'fd00:50::/48'}), existing), {
		ipv6Subnet: 'ipv6-subnet: fd00:50::/48 overlaps network v6net (fd00:50::/64)',
	});
	assert.deepEqual(checkNetworkForm(form({subnet: '10.1.0.0/33'}), existing), {
		subnet: 'subnet: 10.1.0.0/33: the prefix length 33 is not a number from 0 to 32 (IPv4)',
	});
	assert.deepEqual(checkNetworkForm(form({subnet: '10.1.0.0/16', gateway: '10.2.0.1'}), existing), {
		gateway: 'gateway: 10.2.0.1 is not in the subnet 10.1.0.0/16',
	});
	assert.deepEqual(checkNetworkForm(form({subnet: '10.1.0.0/16', gateway: 'router'}), existing), {
		gateway: 'gateway: router is not an IPv4 address',
	});
	assert.deepEqual(checkNetworkForm(form({gateway: '10.2.0.1'}), existing), {
		gateway: 'gateway: a gateway needs a subnet to be in (the engine picks the gateway of a subnet it picks)',
	});
	assert.deepEqual(checkNetworkForm(form({subnet: '10.1.0.0/16', ipRange: '10.2.0.0/24'}), existing), {
		ipRange: 'ip-range: 10.2.0.0/24 is not inside the subnet 10.1.0.0/16',
	});
	assert.deepEqual(checkNetworkForm(form({subnet: '10.1.0.0/24', ipRange: '10.1.0.0/16'}), existing), {
		ipRange: 'ip-range: 10.1.0.0/16 is not inside the subnet 10.1.0.0/24',
	});
	assert.deepEqual(checkNetworkForm(form({ipRange: '10.2.0.0/24'}), existing), {
		ipRange: 'ip-range: a range needs a subnet to be inside',
	});
	assert.deepEqual(checkNetworkForm(form({subnet: '10.1.0.0/16', ipRange: '10.1.0.5/24'}), existing), {
		ipRange: 'ip-range: 10.1.0.5/24 has host bits set (it should be 10.1.0.0/24)',
	});
	assert.deepEqual(checkNetworkForm(form({subnet: 'fd00::/64'}), existing), {
		subnet: 'subnet: fd00::/64 is an IPv6 subnet (put it in ipv6-subnet)',
	});
	assert.deepEqual(checkNetworkForm(form({ipv6Subnet: '10.9.0.0/16'}), existing), {
		ipv6Subnet: 'ipv6-subnet: 10.9.0.0/16 is an IPv4 subnet (put it in subnet)',
	});
	assert.deepEqual(checkNetworkForm(form({ipv6: true}), existing), {
		ipv6Subnet: 'ipv6-subnet: IPv6 needs a subnet (engines have no IPv6 pool to pick one from unless configured with one)',
	});
	assert.deepEqual(checkNetworkForm(form({ipv6Subnet: 'fd00:9::/64', ipv6Gateway: 'fd00:8::1'}), existing), {
		ipv6Gateway: 'ipv6-gateway: fd00:8::1 is not in the subnet fd00:9::/64',
	});
	assert.deepEqual(checkNetworkForm(form({name: 'bad name!'}), existing), {
		name: 'name: bad name! has characters a network name cannot have (use letters, digits, _ . and -, starting with a letter or digit)',
	});
	assert.deepEqual(checkNetworkForm(form({name: 'bridge'}), existing), {name: 'name: a network named bridge already exists'});
	assert.deepEqual(checkNetworkForm(form({driver: 'my driver'}), existing), {
		driver: 'driver: my driver is not a driver name (e.g. bridge, macvlan, ipvlan, overlay)',
	});
});

test('checkNetworkForm: a bad subnet does not also blame the gateway; pools of other scopes do not overlap', () => {
	assert.deepEqual(checkNetworkForm(form({subnet: '10.1.0.0', gateway: '10.1.0.1', ipRange: '10.1.0.0/24'}), existing), {
		subnet: 'subnet: 10.1.0.0 has no prefix length (use address/prefix, e.g. 10.1.0.0/16)',
	});
	assert.deepEqual(checkNetworkForm(form({subnet: '10.60.0.0/24'}), existing), {});
	assert.deepEqual(checkNetworkForm(form({driver: 'overlay', subnet: '10.60.0.0/24'}), existing), {
		subnet: 'subnet: 10.60.0.0/24 overlaps network swarm-net',
	});
	assert.deepEqual(checkNetworkForm(form({driver: 'vendor/driver:1.0'}), existing), {});
});

test('formErrorList gives the messages in field order', () => {
	const errors = checkNetworkForm(form({name: 'a b', subnet: '10.1.0.0/16', gateway: '10.2.0.1'}), existing);
	assert.deepEqual(formErrorList(errors), [
		'name: a b has characters a network name cannot have (use letters, digits, _ . and -, starting with a letter or digit)',
		'gateway: 10.2.0.1 is not in the subnet 10.1.0.0/16',
	]);
});

test('checkStaticAddress checks an address against the network subnets of its family', () => {
	assert.equal(checkStaticAddress('ipv4', '172.30.0.5', {name: 'net-a', subnets: ['172.30.0.0/16']}), undefined);
	assert.equal(
		checkStaticAddress('ipv4', '10.9.0.5', {name: 'net-a', subnets: ['172.30.0.0/16']}),
		'ipv4: 10.9.0.5 is not in 172.30.0.0/16, the subnet of net-a',
	);
	assert.equal(
		checkStaticAddress('ipv4', '10.9.0.5', {name: 'net-a', subnets: ['10.1.0.0/24', '10.2.0.0/24', 'fd00::/64']}),
		'ipv4: 10.9.0.5 is not in 10.1.0.0/24 or 10.2.0.0/24, the subnets of net-a',
	);
	assert.equal(checkStaticAddress('ipv6', 'fd00::9', {name: 'net-a', subnets: ['10.1.0.0/24', 'fd00::/64']}), undefined);
	assert.equal(
		checkStaticAddress('ipv6', 'fd00::9', {name: 'net-a', subnets: ['10.1.0.0/24']}),
		'ipv6: net-a has no IPv6 subnet, so a container cannot have a static IPv6 address on it',
	);
	assert.equal(checkStaticAddress('ipv4', 'fd00::9', {name: 'net-a', subnets: []}), 'ipv4: fd00::9 is not an IPv4 address');
});
