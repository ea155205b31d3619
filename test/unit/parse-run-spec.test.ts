import {test} from 'node:test';
import assert from 'node:assert/strict';
import {splitArgs} from '../../source/format/argv.js';
import {formFromSpec, parseRunForm, runArgs, shellQuote, type RunSpec} from '../../source/parse/run-spec.js';

const env = {TOKEN: 's3cret'};
const noFile = (path: string): string => {
	throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {code: 'ENOENT'});
};

const fullForm = {
	name: 'web-1',
	image: 'registry.local:5000/team/web:1.2',
	command: `sh -c 'echo "$GREETING"; sleep 1000'`,
	entrypoint: '/bin/tini --',
	ports: '127.0.0.1:8080:80, 53/udp\n9000-9001:90-91',
	'publish-all': 'yes',
	env: 'GREETING=hello, world\nTOKEN',
	'env-file': '/etc/web.env',
	mounts: 'data:/data\n/srv/static:/static:ro\n/cache',
	network: 'backend',
	ip: '172.28.5.4',
	aliases: 'web, www',
	dns: '1.1.1.1',
	'extra-hosts': 'db:10.0.0.5',
	'volumes-from': 'seed:ro',
	restart: 'on-failure:3',
	memory: '512m',
	'memory-swap': '1g',
	cpus: '1.5',
	'cpuset-cpus': '0-1',
	'cpu-shares': '512',
	hostname: 'web',
	user: '1000:1000',
	workdir: '/app',
	labels: 'tier=front\nteam=a,b',
	privileged: 'false',
	'cap-add': 'net_admin',
	'cap-drop': 'ALL',
	ulimits: 'nofile=1024:2048',
	'auto-remove': '',
	interactive: 'no',
};

const fullSpec: RunSpec = {
	name: 'web-1',
	image: 'registry.local:5000/team/web:1.2',
	command: ['sh', '-c', 'echo "$GREETING"; sleep 1000'],
	entrypoint: ['/bin/tini', '--'],
	ports: [
		{hostIp: '127.0.0.1', hostPorts: {first: 8080, last: 8080}, containerPort: 80, protocol: 'tcp'},
		{containerPort: 53, protocol: 'udp'},
		{hostPorts: {first: 9000, last: 9000}, containerPort: 90, protocol: 'tcp'},
		{hostPorts: {first: 9001, last: 9001}, containerPort: 91, protocol: 'tcp'},
	],
	publishAll: true,
	env: ['FROM_FILE=1', 'GREETING=hello, world', 'TOKEN=s3cret'],
	mounts: [
		{type: 'volume', source: 'data', target: '/data', readOnly: false},
		{type: 'bind', source: '/srv/static', target: '/static', readOnly: true},
		{type: 'anonymous', target: '/cache'},
	],
	network: 'backend',
	ipv4Address: '172.28.5.4',
	aliases: ['web', 'www'],
	dns: ['1.1.1.1'],
	extraHosts: [{host: 'db', ip: '10.0.0.5'}],
	volumesFrom: ['seed:ro'],
	restart: {name: 'on-failure', maxRetries: 3},
	memory: 512 * 1024 ** 2,
	memorySwap: 1024 ** 3,
	nanoCpus: 1_500_000_000,
	cpusetCpus: '0-1',
	cpuShares: 512,
	hostname: 'web',
	user: '1000:1000',
	workdir: '/app',
	labels: {tier: 'front', team: 'a,b'},
	privileged: false,
	capAdd: ['CAP_NET_ADMIN'],
	capDrop: ['ALL'],
	ulimits: [{name: 'nofile', soft: 1024, hard: 2048}],
	autoRemove: false,
	interactive: false,
};

function readEnvFile(path: string): string {
	assert.equal(path, '/etc/web.env');
	return '# from the file\nFROM_FILE=1\n';
}

test('parseRunForm turns a filled form into a typed spec; env-file variables come first', () => {
	assert.deepEqual(parseRunForm(fullForm, env, readEnvFile), {spec: fullSpec});
});

test('parseRunForm needs only an image; empty fields are left out of the spec', () => {
	assert.deepEqual(parseRunForm({image: 'berth-test/busybox'}, env, noFile), {
		spec: {
			image: 'berth-test/busybox',
			ports: [],
			publishAll: false,
			env: [],
			mounts: [],
			aliases: [],
			dns: [],
			extraHosts: [],
			volumesFrom: [],
			restart: {name: 'no', maxRetries: 0},
			labels: {},
			privileged: false,
			capAdd: [],
			capDrop: [],
			ulimits: [],
			autoRemove: false,
			interactive: false,
		},
	});
});

test('parseRunForm reports every wrong field at once, in form order', () => {
	const result = parseRunForm(
		{
			image: 'Nginx',
			ports: '80:abc',
			memory: '12q',
			restart: 'on-failure:x',
			'env-file': '/missing.env',
			cpus: 'two',
			'cap-add': 'NET_ADMN',
			privileged: 'maybe',
			name: 'a b',
			workdir: 'app',
			command: `echo 'unfinished`,
		},
		env,
		noFile,
	);
	assert.deepEqual(result, {
		errors: [
			{field: 'name', message: 'name: a b is not a container name (letters, digits, _ . -; at least 2, starting with a letter or digit)'},
			{field: 'image', message: 'image: Nginx must be lowercase'},
			{field: 'command', message: 'command: unterminated single quote'},
			{field: 'ports', message: 'ports: 80:abc is not a port (abc is not a port number from 1 to 65535 or a range of them)'},
			{field: 'env-file', message: 'env-file: cannot read /missing.env: no such file or directory'},
			{field: 'restart', message: 'restart: on-failure:x: the retry count must be a whole number'},
			{field: 'memory', message: 'memory: 12q is not a size (use a number with b, k, m or g)'},
			{field: 'cpus', message: 'cpus: two is not a number of CPUs (e.g. 1.5)'},
			{field: 'workdir', message: 'workdir: app must be an absolute path'},
			{field: 'privileged', message: 'privileged: maybe is not yes or no'},
			{field: 'cap-add', message: 'cap-add: NET_ADMN is not a capability (e.g. NET_ADMIN, SYS_TIME or ALL)'},
		],
	});
});

test('parseRunForm checks the fields that depend on each other', () => {
	const errors = (fields: Record<string, string>) => {
		const result = parseRunForm({image: 'busybox', ...fields}, env, noFile);
		assert.ok('errors' in result, JSON.stringify(fields));
		return result.errors.map(error => error.message);
	};
	assert.deepEqual(errors({memory: '1g', 'memory-swap': '512m'}), [
		'memory-swap: must be at least the memory limit (it counts memory plus swap)',
	]);
	assert.deepEqual(errors({'memory-swap': '1g'}), ['memory-swap: needs a memory limit too']);
	assert.deepEqual(errors({ip: '10.0.0.2'}), ['ip: needs a network (a user-defined one)']);
	assert.deepEqual(errors({aliases: 'web'}), ['aliases: needs a network (a user-defined one)']);
	assert.deepEqual(errors({network: 'n', ip: 'fe80::1'}), ['ip: fe80::1 is not an IPv4 address']);
	assert.deepEqual(errors({'auto-remove': 'true', restart: 'always'}), ['auto-remove: cannot be combined with a restart policy']);
	assert.deepEqual(errors({env: 'A=1\n=2'}), ['env: =2 has no variable name']);
	const swap = parseRunForm({image: 'busybox', memory: '1g', 'memory-swap': '-1'}, env, noFile);
	assert.ok('spec' in swap);
	assert.equal(swap.spec.memorySwap, -1);
});

test('parseRunForm reports an env file with a bad line by path and line', () => {
	const result = parseRunForm({image: 'busybox', 'env-file': 'app.env'}, env, () => 'OK=1\nBAD KEY=2');
	assert.deepEqual(result, {errors: [{field: 'env-file', message: 'env-file: app.env line 2: the name "BAD KEY" contains whitespace'}]});
});

test('formFromSpec fills a form that parses back to the same spec', () => {
	const form = formFromSpec(fullSpec);
	assert.equal(form['env-file'], '', 'the env file has been read into env');
	assert.deepEqual(parseRunForm(form, {}, noFile), {spec: fullSpec});
	const tricky: RunSpec = {
		...fullSpec,
		command: ['printf', "it's %s\n", '$HOME', ''],
		entrypoint: undefined,
		memorySwap: -1,
		restart: {name: 'unless-stopped', maxRetries: 0},
		interactive: true,
		privileged: true,
		env: ['UNSET_ME', 'A=x=y'],
	};
	delete tricky.entrypoint;
	assert.deepEqual(parseRunForm(formFromSpec(tricky), {}, noFile), {spec: tricky});
});

test('shellQuote leaves safe words bare and single-quotes the rest', () => {
	assert.equal(shellQuote(['docker', 'run', '-p', '127.0.0.1:80:80/tcp', 'a=b', 'x@y%z+1,2']), 'docker run -p 127.0.0.1:80:80/tcp a=b x@y%z+1,2');
	assert.equal(shellQuote(['hello world']), `'hello world'`);
	assert.equal(shellQuote(["it's"]), `'it'\\''s'`);
	assert.equal(shellQuote(['$HOME', '`id`', '$(id)', 'a;b', 'a|b', '*', '~', '!x', '#c', 'a"b']), `'$HOME' '\`id\`' '$(id)' 'a;b' 'a|b' '*' '~' '!x' '#c' 'a"b'`);
	assert.equal(shellQuote(['line\nbreak', '', 'tab\there']), `'line\nbreak' '' 'tab\there'`);
	assert.equal(shellQuote(['A=1', 'docker']), `'A=1' docker`, 'a leading word with = would be an assignment');
	for (const args of [["it's", '$x', 'a b\nc', '', '"q"'], ['echo', "'''"]]) {
		assert.deepEqual(splitArgs(shellQuote(args)), {args}, 'splitArgs reads back what shellQuote writes');
	}
});

test('runArgs gives the equivalent docker run command line', () => {
	assert.deepEqual(runArgs(fullSpec), [
		'docker', 'run', '-d',
		'--name', 'web-1',
		'--restart', 'on-failure:3',
		'-p', '127.0.0.1:8080:80', '-p', '53/udp', '-p', '9000:90', '-p', '9001:91',
		'-P',
		'-e', 'FROM_FILE=1', '-e', 'GREETING=hello, world', '-e', 'TOKEN=s3cret',
		'-v', 'data:/data', '-v', '/srv/static:/static:ro', '-v', '/cache',
		'--volumes-from', 'seed:ro',
		'--network', 'backend', '--ip', '172.28.5.4',
		'--network-alias', 'web', '--network-alias', 'www',
		'--dns', '1.1.1.1',
		'--add-host', 'db:10.0.0.5',
		'--hostname', 'web', '--user', '1000:1000', '--workdir', '/app',
		'--memory', '512m', '--memory-swap', '1g',
		'--cpus', '1.5', '--cpuset-cpus', '0-1', '--cpu-shares', '512',
		'--cap-add', 'CAP_NET_ADMIN', '--cap-drop', 'ALL',
		'--ulimit', 'nofile=1024:2048',
		'--label', 'tier=front', '--label', 'team=a,b',
		'--entrypoint', '/bin/tini',
		'registry.local:5000/team/web:1.2',
		'--',
		'sh', '-c', 'echo "$GREETING"; sleep 1000',
	]);
	assert.equal(
		shellQuote(runArgs({...fullSpec, ...minimal, interactive: true, autoRemove: true, privileged: true, command: ['sh', '-c', 'echo $1']})),
		`docker run -it --rm --privileged berth-test/busybox sh -c 'echo $1'`,
	);
});

const minimal = {
	name: undefined,
	image: 'berth-test/busybox',
	entrypoint: undefined,
	ports: [],
	publishAll: false,
	env: [],
	mounts: [],
	network: undefined,
	ipv4Address: undefined,
	aliases: [],
	dns: [],
	extraHosts: [],
	volumesFrom: [],
	restart: {name: 'no', maxRetries: 0},
	memory: undefined,
	memorySwap: undefined,
	nanoCpus: undefined,
	cpusetCpus: undefined,
	cpuShares: undefined,
	hostname: undefined,
	user: undefined,
	workdir: undefined,
	labels: {},
	capAdd: [],
	capDrop: [],
	ulimits: [],
} satisfies Partial<RunSpec>;
