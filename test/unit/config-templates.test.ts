import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {test} from 'node:test';
import type {ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary} from '../../source/engine/types.js';
import type {ComposeProject, ComposeService} from '../../source/store/projects.js';
import {fillCommand, parseArgument, placeholdersOf, templateValues, usesEnv} from '../../source/config/templates.js';

/** Values that would do harm if anything read them as shell or split them into words. */
const HOSTILE = [
	'; rm -rf /',
	'$(touch /tmp/berth-pwned)',
	'`touch /tmp/berth-pwned`',
	'a\nb',
	'two words',
	'"quoted" \'single\'',
	'--privileged',
	'{{.ID}}',
	'} }}{{',
	'$HOME ${PATH} %s \\',
	'',
];

const container: ContainerSummary = {
	id: 'c0ffee',
	name: 'web; rm -rf /',
	image: 'nginx:latest',
	imageId: 'sha256:abc',
	command: 'nginx',
	created: 0,
	state: 'running',
	status: 'Up',
	statusAt: 0,
	ports: [],
	labels: {'com.example.note': '$(reboot)', quote: '"\''},
	networks: [],
	volumes: [],
};

test('each template argument is one argument, whatever the values hold', () => {
	const command = ['docker', 'exec', '{{.ID}}', 'echo', 'name={{.Name}}', '{{.Label "note"}}', '{{.Env "SECRET"}}!', 'plain'];
	for (const value of HOSTILE) {
		const filled = fillCommand(command, 'container', {fields: {ID: value, Name: value}, labels: {note: value}, env: [`SECRET=${value}`]});
		assert.deepEqual(filled, {value: ['docker', 'exec', value, 'echo', `name=${value}`, value, `${value}!`, 'plain']}, JSON.stringify(value));
	}
});

test('the filled argv runs without a shell: a value reaches the program as one argument, unread', () => {
	for (const value of HOSTILE) {
		const filled = fillCommand(['printf', '%s\\0', '{{.Name}}', 'x{{.Label "k"}}y'], 'container', {fields: {Name: value}, labels: {k: value}});
		assert.ok('value' in filled);
		const [program, ...args] = filled.value;
		const out = execFileSync(program!, args, {encoding: 'utf8'});
		assert.deepEqual(out.split('\0').slice(0, -1), [value, `x${value}y`], JSON.stringify(value));
	}
});

test('a value with a NUL byte is refused: an argument would be cut short at it', () => {
	assert.deepEqual(fillCommand(['echo', '{{.Name}}'], 'container', {fields: {Name: 'a\0b'}, labels: {}}), {error: '"{{.Name}}" would hold a NUL byte, which no argument can'});
});

test('placeholders: spacing, label and env names in quotes with escapes, missing ones empty', () => {
	const values = {fields: {ID: 'i1', Name: 'n1'}, labels: {'a "b"': 'quoted', 'com.docker.compose.project': 'shop'}, env: ['PATH=/bin', 'EMPTY=', 'EQ=a=b']};
	assert.deepEqual(fillCommand(['x', '{{ .ID }}-{{.Name}}', '{{.Label "a \\"b\\""}}', '{{.Label "com.docker.compose.project"}}'], 'container', values), {value: ['x', 'i1-n1', 'quoted', 'shop']});
	assert.deepEqual(fillCommand(['x', '{{.Env "PATH"}}', '[{{.Env "EMPTY"}}]', '{{.Env "EQ"}}', '[{{.Env "NONE"}}]', '[{{.Label "none"}}]'], 'container', values), {
		value: ['x', '/bin', '[]', 'a=b', '[]', '[]'],
	});
	// Text around placeholders, and braces that are not placeholders' own, are kept as written.
	assert.deepEqual(fillCommand(['x', 'a}}b', '{x}', 'id={{.ID}};'], 'container', values), {value: ['x', 'a}}b', '{x}', 'id=i1;']});
});

test('unknown or malformed placeholders are errors, naming what the scope has', () => {
	assert.deepEqual(parseArgument('{{.Foo}}', 'image'), {error: '{{.Foo}} is not a placeholder; image commands have {{.ID}}, {{.Tag}}, {{.Label "key"}}'});
	assert.deepEqual(parseArgument('{{.Name}}', 'image'), {error: '{{.Name}} is not a placeholder; image commands have {{.ID}}, {{.Tag}}, {{.Label "key"}}'});
	assert.deepEqual(parseArgument('a{{.ID', 'container'), {error: '"{{" without a closing "}}" in "a{{.ID"'});
	assert.deepEqual(parseArgument('{{ID}}', 'network'), {
		error: `{{ID}} is not a placeholder; network commands have {{.ID}}, {{.Name}}, {{.Driver}}, {{.Label "key"}} (docker's own --format templates write each {{ as {{"{{"}})`,
	});
	assert.deepEqual(parseArgument('{{.ID "x"}}', 'network'), {error: '{{.ID "x"}}: {{.ID}} takes no name'});
	assert.deepEqual(parseArgument('{{.Label key}}', 'volume'), {
		error: `{{.Label key}} is not a placeholder; volume commands have {{.Name}}, {{.Driver}}, {{.Mountpoint}}, {{.Label "key"}} (docker's own --format templates write each {{ as {{"{{"}})`,
	});
	assert.deepEqual(parseArgument('{{.Env "X"}}', 'service'), {error: '{{.Env "X"}} is not a placeholder; service commands have {{.Project}}, {{.Name}}, {{.Image}}'});
	assert.deepEqual(fillCommand(['x', '{{.Nope}}'], 'project', {fields: {}, labels: {}}), {error: '{{.Nope}} is not a placeholder; project commands have {{.Name}}, {{.WorkingDir}}'});
	assert.deepEqual(placeholdersOf('container'), ['{{.ID}}', '{{.Name}}', '{{.Image}}', '{{.ImageID}}', '{{.Project}}', '{{.Service}}', '{{.Label "key"}}', '{{.Env "NAME"}}']);
});

test('{{"{{"}} is a literal {{, so a docker --format template passes through as docker reads it', () => {
	const values = {fields: {ID: 'c0ffee', Name: '{{.ID}}'}, labels: {}};
	assert.deepEqual(fillCommand(['docker', 'inspect', '--format', '{{"{{"}}.Name}} {{"{{"}}json .State}}', '{{.ID}}'], 'container', values), {
		value: ['docker', 'inspect', '--format', '{{.Name}} {{json .State}}', 'c0ffee'],
	});
	// A value that looks like a placeholder or an escape is not read again.
	assert.deepEqual(fillCommand(['echo', '{{.Name}}', '{{"{{"}}{{.Name}}'], 'container', values), {value: ['echo', '{{.ID}}', '{{{{.ID}}']});
});

test('names of Object\'s own properties are neither placeholders nor labels', () => {
	assert.deepEqual(parseArgument('{{.constructor}}', 'volume'), {error: '{{.constructor}} is not a placeholder; volume commands have {{.Name}}, {{.Driver}}, {{.Mountpoint}}, {{.Label "key"}}'});
	assert.deepEqual(fillCommand(['x', '[{{.Label "constructor"}}]', '[{{.Label "__proto__"}}]', '[{{.Env "toString"}}]'], 'container', {fields: {}, labels: {}, env: []}), {value: ['x', '[]', '[]', '[]']});
});

test('usesEnv says when the container must be inspected first', () => {
	assert.equal(usesEnv(['docker', 'exec', '{{.ID}}']), false);
	assert.equal(usesEnv(['echo', '{{ .Env "HOME" }}']), true);
});

test('the values of each kind of object', () => {
	assert.deepEqual(templateValues('container', container, ['A=1']), {
		fields: {ID: 'c0ffee', Name: 'web; rm -rf /', Image: 'nginx:latest', ImageID: 'sha256:abc', Project: '', Service: ''},
		labels: container.labels,
		env: ['A=1'],
	});
	const image: ImageSummary = {id: 'sha256:1', parentId: '', tags: ['app:1', 'app:latest'], digests: [], size: 1, created: 0, containers: 0, labels: {v: '1'}};
	assert.deepEqual(templateValues('image', image), {fields: {ID: 'sha256:1', Tag: 'app:1'}, labels: {v: '1'}});
	assert.deepEqual(templateValues('image', {...image, tags: []}).fields, {ID: 'sha256:1', Tag: ''});
	const volume: VolumeSummary = {name: 'data', driver: 'local', mountpoint: '/var/lib/docker/volumes/data/_data', scope: 'local', labels: {}};
	assert.deepEqual(templateValues('volume', volume).fields, {Name: 'data', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/data/_data'});
	const network: NetworkSummary = {
		id: 'n1',
		name: 'front',
		driver: 'bridge',
		scope: 'local',
		internal: false,
		attachable: false,
		ingress: false,
		ipv6: false,
		subnets: [],
		gateways: [],
		created: 0,
		labels: {x: 'y'},
	};
	assert.deepEqual(templateValues('network', network), {fields: {ID: 'n1', Name: 'front', Driver: 'bridge'}, labels: {x: 'y'}});
	const service: ComposeService = {name: 'web', image: 'nginx', running: 1, total: 1, ports: [], containers: [], oneOffs: []};
	const project: ComposeProject = {name: 'shop', status: 'running(1)', running: 1, total: 1, workingDir: '/srv/shop', configFiles: [], services: [service]};
	assert.deepEqual(templateValues('project', project).fields, {Name: 'shop', WorkingDir: '/srv/shop'});
	assert.deepEqual(templateValues('service', {project, service}).fields, {Project: 'shop', Name: 'web', Image: 'nginx'});
	// The values go in as they are; a hostile name stays one argument.
	assert.deepEqual(fillCommand(['docker', 'logs', '{{.Name}}'], 'container', templateValues('container', container)), {value: ['docker', 'logs', 'web; rm -rf /']});
});
