import assert from 'node:assert/strict';
import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {ACTIONS as REGISTRY} from '../../source/actions/registry.js';
import {applyKeyOverrides} from '../../source/config/keymap.js';
import {loadConfig, parseConfig} from '../../source/config/load.js';
import {configPath, shownPath} from '../../source/config/paths.js';
import {problemText} from '../../source/config/problems.js';
import {DEFAULT_CONFIG} from '../../source/config/schema.js';
import {loadMessages} from '../../source/i18n/language.js';
import {setMessages} from '../../source/i18n/translate.js';

const FILE = '~/.config/berth/config.yml';
const COLOR_LIST = 'black, red, green, yellow, blue, magenta, cyan, white, blackBright, gray, grey, redBright, greenBright, yellowBright, blueBright, magentaBright, cyanBright, whiteBright';
const ACTIONS = ['container.stop', 'container.start', 'container.remove', 'container.kill', 'logs.timestamps', 'quit'];

function parse(text: string) {
	return parseConfig(text, {file: FILE, actionIds: ACTIONS});
}

function messages(text: string): string[] {
	return parse(text).problems.map(problemText);
}

test('the path: --config, else $XDG_CONFIG_HOME/berth/config.yml, else ~/.config/berth/config.yml', () => {
	assert.equal(configPath({env: {}, homeDir: '/home/ann'}), '/home/ann/.config/berth/config.yml');
	assert.equal(configPath({env: {XDG_CONFIG_HOME: '/etc/xdg-ann'}, homeDir: '/home/ann'}), '/etc/xdg-ann/berth/config.yml');
	assert.equal(configPath({env: {XDG_CONFIG_HOME: ''}, homeDir: '/home/ann'}), '/home/ann/.config/berth/config.yml');
	// The XDG spec says a relative path is to be ignored.
	assert.equal(configPath({env: {XDG_CONFIG_HOME: 'conf'}, homeDir: '/home/ann'}), '/home/ann/.config/berth/config.yml');
	assert.equal(configPath({env: {XDG_CONFIG_HOME: '/x'}, homeDir: '/home/ann', flag: './mine.yml'}), './mine.yml');
	assert.equal(shownPath('/home/ann/.config/berth/config.yml', '/home/ann'), '~/.config/berth/config.yml');
	assert.equal(shownPath('/home/annex/config.yml', '/home/ann'), '/home/annex/config.yml');
	assert.equal(shownPath('/etc/berth.yml', '/home/ann/'), '/etc/berth.yml');
});

test('an empty file, or one with only comments, is all defaults', () => {
	assert.deepEqual(parse(''), {config: DEFAULT_CONFIG, problems: []});
	assert.deepEqual(parse('# nothing yet\n'), {config: DEFAULT_CONFIG, problems: []});
	assert.deepEqual(parse('logs:\n'), {config: DEFAULT_CONFIG, problems: []});
	// A map or a list with all its entries commented out.
	assert.deepEqual(parse('keys:\n#  quit: [x]\ncontexts:\ncommands:\ntheme:\n  colors:\n'), {config: DEFAULT_CONFIG, problems: []});
});

test('every setting is read', () => {
	const {config, problems} = parse(`
keys:
  container.stop: [x]
  quit: [q, ctrl+c]
confirmations: {container.stop: true, container.start: false}
theme:
  name: high-contrast
  colors: {accent: magentaBright, running: 82, error: "#FF5f5f"}
logs: {tail: 0, timestamps: true, wrap: true, since: 10m}
stats: {interval: 0.5, history: 86400}
ui:
  pane: projects
  sort: cpu
  columns: [status, name, cpu]
  ascii: true
  mouse: true
read-only: true
contexts:
  prod: {read-only: true}
  dev: {}
commands:
  - name: env
    key: E
    scope: container
    command: [docker, exec, "{{.ID}}", env]
    terminal: true
    confirm: true
`);
	assert.deepEqual(problems, []);
	assert.deepEqual(config, {
		keys: {'container.stop': ['x'], quit: ['q', 'ctrl+c']},
		confirmations: {'container.stop': true, 'container.start': false},
		theme: {name: 'high-contrast', colors: {accent: 'magentaBright', running: 'ansi256(82)', error: '#FF5f5f'}},
		logs: {tail: 0, timestamps: true, wrap: true, since: '10m'},
		stats: {interval: 0.5, history: 86_400},
		ui: {pane: 'projects', sort: 'cpu', columns: ['status', 'name', 'cpu'], ascii: true, mouse: true},
		readOnly: true,
		contexts: {prod: {readOnly: true, connect: false}, dev: {readOnly: false, connect: false}},
		commands: [{name: 'env', key: 'E', scope: 'container', command: ['docker', 'exec', '{{.ID}}', 'env'], terminal: true, confirm: true}],
	});
});

test('custom commands: a wrong one is left out whole, each of its problems reported', () => {
	const {config, problems} = parse(`commands:
  - name: ok
    key: O
    scope: image
    command: [docker, image, inspect, "{{.ID}}"]
  - name: x
    key: X
    scope: container
    command: [docker, exec, "{{.ID}}", "{{.Foo}}", "{{.Label}}"]
  - name: y
    scope: containers
    command: ["{{.Name}}"]
    terminal: 1
    shell: true
  - name: ok
    key: P
    scope: volume
    command: [ls]
  - just text
`);
	assert.deepEqual(config.commands, [{name: 'ok', key: 'O', scope: 'image', command: ['docker', 'image', 'inspect', '{{.ID}}'], terminal: false, confirm: false}]);
	assert.deepEqual(problems.map(problemText), [
		`${FILE}:9:40: commands[1].command[3]: {{.Foo}} is not a placeholder; container commands have {{.ID}}, {{.Name}}, {{.Image}}, {{.ImageID}}, {{.Project}}, {{.Service}}, {{.Label "key"}}, {{.Env "NAME"}}`,
		`${FILE}:9:52: commands[1].command[4]: {{.Label}} needs a name in double quotes, as in {{.Label "key"}}`,
		`${FILE}:14:5: commands[2].shell: unknown key (commands[2] has name, key, scope, command, terminal, confirm)`,
		`${FILE}:10:5: commands[2]: needs key`,
		`${FILE}:11:12: commands[2].scope: expected one of container, image, volume, network, project, service, got "containers"; did you mean container?`,
		`${FILE}:12:15: commands[2].command[0]: the program must be plain text, not "{{.Name}}"`,
		`${FILE}:13:15: commands[2].terminal: expected true or false, got 1`,
		`${FILE}:15:11: commands[3].name: another command is already called ok`,
		`${FILE}:19:5: commands[4]: expected a map with name, key, scope and command, got "just text"`,
	]);
});

test('custom command names, keys and arguments that YAML reads as numbers or null are taken as written', () => {
	const {config, problems} = parse('commands:\n  - {name: 2, key: 9, scope: container, command: [sleep, 1e3, null, 0x10]}\n');
	assert.deepEqual(problems, []);
	assert.deepEqual(config.commands, [{name: '2', key: '9', scope: 'container', command: ['sleep', '1e3', 'null', '0x10'], terminal: false, confirm: false}]);
});

test('a placeholder of another scope is a problem at load', () => {
	assert.deepEqual(messages('commands:\n  - {name: a, key: a, scope: volume, command: [echo, "{{.ID}}", "{{.Env \\"HOME\\"}}"]}\n'), [
		`${FILE}:2:54: commands[0].command[1]: {{.ID}} is not a placeholder; volume commands have {{.Name}}, {{.Driver}}, {{.Mountpoint}}, {{.Label "key"}}`,
		`${FILE}:2:65: commands[0].command[2]: {{.Env "HOME"}} is not a placeholder; volume commands have {{.Name}}, {{.Driver}}, {{.Mountpoint}}, {{.Label "key"}}`,
	]);
});

test('a docker --format template in a command spells its own braces {{"{{"}}, and loads as written', () => {
	const {config, problems} = parse(`commands:\n  - {name: st, key: S, scope: container, command: [docker, inspect, --format, '{{"{{"}}.State.Status}}', "{{.ID}}"]}\n`);
	assert.deepEqual(problems, []);
	assert.deepEqual(config.commands[0]?.command, ['docker', 'inspect', '--format', '{{"{{"}}.State.Status}}', '{{.ID}}']);
	assert.deepEqual(messages(`commands:\n  - {name: st, key: S, scope: container, command: [docker, inspect, --format, '{{json .State}}']}\n`), [
		`${FILE}:2:79: commands[0].command[3]: {{json .State}} is not a placeholder; container commands have {{.ID}}, {{.Name}}, {{.Image}}, {{.ImageID}}, {{.Project}}, {{.Service}}, {{.Label "key"}}, {{.Env "NAME"}} (docker's own --format templates write each {{ as {{"{{"}})`,
	]);
});

test('logs.since takes a duration or an RFC 3339 time, as source/parse/since.ts reads them', () => {
	for (const since of ['2h', '1h30m', '2026-11-29T10:00:00Z', '2026-11-29T10:00:00.5+02:00']) {
		assert.deepEqual(parse(`logs: {since: "${since}"}`), {config: {...DEFAULT_CONFIG, logs: {...DEFAULT_CONFIG.logs, since}}, problems: []}, since);
	}
	assert.deepEqual(messages('logs:\n  since: last tuesday\n'), [
		`${FILE}:2:10: logs.since: expected a duration such as 10m or 2h, an RFC 3339 time such as 2026-11-29T10:00:00Z, or "", got "last tuesday"`,
	]);
});

test('a wrong value is reported at its line and column with what was expected, and keeps its default', () => {
	const {config, problems} = parse('logs:\n  tail: 200\nstats:\n  history: 600\n  interval: fast\n');
	assert.deepEqual(problems.map(problemText), [`${FILE}:5:13: stats.interval: expected seconds from 0.5 to 60, got "fast"`]);
	assert.deepEqual(problems[0], {file: FILE, line: 5, column: 13, message: 'stats.interval: expected seconds from 0.5 to 60, got "fast"'});
	assert.equal(config.stats.interval, DEFAULT_CONFIG.stats.interval);
	// The right values beside it are kept.
	assert.equal(config.stats.history, 600);
	assert.equal(config.logs.tail, 200);
});

test('the ranges are those of the command line flags', () => {
	assert.deepEqual(messages('stats: {interval: 0.4, history: 9}'), [
		`${FILE}:1:19: stats.interval: expected seconds from 0.5 to 60, got 0.4`,
		`${FILE}:1:33: stats.history: expected seconds from 10 to 86400, got 9`,
	]);
	assert.deepEqual(messages('stats: {interval: 61, history: 86401}').length, 2);
	assert.deepEqual(messages('stats: {interval: "1", history: [300]}'), [
		`${FILE}:1:19: stats.interval: expected seconds from 0.5 to 60, got "1"`,
		`${FILE}:1:33: stats.history: expected seconds from 10 to 86400, got a list`,
	]);
	assert.deepEqual(messages('logs: {tail: 1.5}'), [`${FILE}:1:14: logs.tail: expected a whole number from 0, got 1.5`]);
	assert.deepEqual(messages('logs: {tail: -1}'), [`${FILE}:1:14: logs.tail: expected a whole number from 0, got -1`]);
});

test('wrong words: the nearest allowed one is suggested', () => {
	assert.deepEqual(messages('ui:\n  pane: container\n  sort: memroy\ntheme:\n  name: drak\n'), [
		`${FILE}:2:9: ui.pane: expected one of containers, images, volumes, networks, jobs, system, projects, nodes, swarm-services, stacks, secrets, got "container"; did you mean containers?`,
		`${FILE}:3:9: ui.sort: expected one of state, name, cpu, memory, net, block, pids, got "memroy"; did you mean memory?`,
		`${FILE}:5:9: theme.name: expected one of dark, light, high-contrast, monochrome, got "drak"; did you mean dark?`,
	]);
	// YAML 1.2 reads yes and no as text.
	assert.deepEqual(messages('ui: {ascii: yes, sort: no}'), [
		`${FILE}:1:13: ui.ascii: expected true or false, got "yes"; did you mean true?`,
		`${FILE}:1:24: ui.sort: expected one of state, name, cpu, memory, net, block, pids, got "no"`,
	]);
});

test('unknown keys are reported at the key, with the nearest known one', () => {
	assert.deepEqual(messages('logs:\n  timestamp: true\n  colour: red\n'), [
		`${FILE}:2:3: logs.timestamp: unknown key; did you mean logs.timestamps?`,
		`${FILE}:3:3: logs.colour: unknown key (logs has tail, timestamps, wrap, since)`,
	]);
	assert.deepEqual(messages('interval: 2\nreadonly: true\n'), [
		`${FILE}:1:1: interval: unknown key; did you mean stats.interval?`,
		`${FILE}:2:1: readonly: unknown key; did you mean read-only?`,
	]);
	assert.deepEqual(messages('colors: {}'), [`${FILE}:1:1: colors: unknown key; did you mean theme.colors?`]);
});

test('theme colours: a name, a 256-colour index or #rrggbb, by role', () => {
	const {config, problems} = parse('theme:\n  colors:\n    accent: "#ff00zz"\n    runing: red\n    error: 300\n    muted: bold\n    border: 0\n    warning: yelow\n');
	assert.deepEqual(config.theme.colors, {border: 'ansi256(0)'});
	assert.deepEqual(
		problems.map(problem => [problem.line, problem.column, problem.message.replace(/expected .*, got/, 'expected …, got')]),
		[
			[3, 13, 'theme.colors.accent: expected …, got "#ff00zz"'],
			[4, 5, 'theme.colors.runing: unknown colour role; did you mean theme.colors.running?'],
			[5, 12, 'theme.colors.error: expected …, got 300'],
			[6, 12, 'theme.colors.muted: expected …, got "bold"'],
			[8, 14, 'theme.colors.warning: expected …, got "yelow"; did you mean yellow?'],
		],
	);
	// An unquoted #rrggbb is a YAML comment: the message says to quote it.
	assert.match(messages('theme:\n  colors:\n    accent: #ff0000\n')[0]!, /accent: expected .*"#rrggbb" in quotes \(# starts a comment in YAML\), got nothing$/);
});

test('names of Object\'s own properties are no settings, roles, words or keys', () => {
	const {config, problems} = parse('constructor: 1\ntheme:\n  colors: {constructor: red, toString: blue}\nui: {pane: constructor}\nkeys: {quit: [constructor, toString]}\n');
	assert.deepEqual(config, DEFAULT_CONFIG);
	assert.equal(problems.length, 6);
	assert.ok(problems.every(problem => !problem.message.includes('function')), problems.map(problemText).join('\n'));
});

test('keys: action ids from the given list, key names as berth reads them', () => {
	const {config, problems} = parse('keys:\n  container.stop: [s, F1]\n  contaner.start: [x]\n  quit: ctrl+C\n  container.kill: K\n  container.remove: {a: b}\n');
	assert.deepEqual(config.keys, {'container.kill': ['K']});
	assert.deepEqual(
		problems.map(problem => `${problem.line}:${problem.column}: ${problem.message.replace(/ \(keys are .*\)$/, '')}`),
		[
			'2:23: keys.container.stop: F1 is a function key, which berth does not read; use a letter, Ctrl and a letter, or a named key',
			'3:3: keys.contaner.start: contaner.start is not an action; did you mean container.start? (the help screen, ?, lists the actions)',
			'4:9: keys.quit: "ctrl+C" is not a key; did you mean ctrl+c?',
			'6:21: keys.container.remove: expected a key or a list of keys, got a map',
		],
	);
});

test('contexts: read-only by context name', () => {
	const {config, problems} = parse('contexts:\n  prod:\n    read-only: true\n  lab:\n    readonly: true\n  dev: 3\n  __proto__: {read-only: true}\n');
	assert.deepEqual(
		config.contexts,
		Object.fromEntries([
			['prod', {readOnly: true, connect: false}],
			['lab', {readOnly: false, connect: false}],
			['dev', {readOnly: false, connect: false}],
			['__proto__', {readOnly: true, connect: false}],
		]),
	);
	assert.equal(Object.getPrototypeOf(config.contexts), Object.prototype);
	assert.equal(config.contexts['readOnly'], undefined);
	assert.deepEqual(problems.map(problemText), [
		`${FILE}:5:5: contexts.lab.readonly: unknown key; did you mean contexts.lab.read-only?`,
		`${FILE}:6:8: contexts.dev: expected a map of settings, got 3`,
	]);
});

test('keys and times that YAML reads as numbers or null are taken as written', () => {
	const {config, problems} = parse(`keys:
  quit: [1, ~]
logs:
  since: 1700000000
`);
	assert.deepEqual(problems, []);
	assert.deepEqual(config.keys, {quit: ['1', '~']});
	assert.equal(config.logs.since, '1700000000');
});

test('broken YAML: the parser says what and where, and everything keeps its default', () => {
	const {config, problems} = parse('read-only: true\nlogs:\n  tail: [1,\n  wrap: true\n');
	assert.deepEqual(config, DEFAULT_CONFIG);
	assert.equal(problems.length > 0, true);
	assert.match(problemText(problems[0]!), /^~\/\.config\/berth\/config\.yml:\d+:\d+: not valid YAML: \S/);
	assert.deepEqual(messages('a: 1\nlogs: {}\nlogs: {}\n'), [`${FILE}:3:1: not valid YAML: Map keys must be unique`]);
	assert.deepEqual(messages('logs: {}\n---\nlogs: {}\n'), [`${FILE}:2:1: not valid YAML: it holds more than one document (---), and berth reads one`]);
	assert.deepEqual(messages('- just\n- a list\n'), [`${FILE}:1:1: the file: expected a map of settings, got a list`]);
	assert.deepEqual(messages('logs: [1]\n'), [`${FILE}:1:7: logs: expected a map of settings, got a list`]);
});

test('aliases are followed', () => {
	const {config, problems} = parse('stats: {interval: &fast 0.5}\nlogs: {tail: *fast}\n');
	assert.equal(config.stats.interval, 0.5);
	assert.deepEqual(problems.map(problemText), [`${FILE}:2:14: logs.tail: expected a whole number from 0, got 0.5`]);
});

test('what a config file says reaches a message only sanitised', () => {
	const [message] = messages('logs:\n  "\\e[2Jtail\\u0007": 1\n');
	assert.ok(message !== undefined && !/[\u0000-\u001f\u007f]/.test(message), message);
	assert.match(message, /^~\/\.config\/berth\/config\.yml:2:3: logs\..*tail.*: unknown key/);
});

test('loading: a missing file is all defaults; an unreadable one, or a missing --config file, is a problem', async () => {
	const dir = await mkdtemp(join(tmpdir(), 'berth-config-'));
	try {
		const missing = join(dir, 'berth', 'config.yml');
		assert.deepEqual(await loadConfig({path: missing, actionIds: ACTIONS}), {config: DEFAULT_CONFIG, problems: []});
		assert.deepEqual(await loadConfig({path: missing, shownAs: '--config file', actionIds: ACTIONS, mustExist: true}), {
			config: DEFAULT_CONFIG,
			problems: [{file: '--config file', message: 'could not read the config file: there is no such file'}],
		});
		// A directory where the file should be cannot be read, even by root.
		assert.deepEqual((await loadConfig({path: dir, actionIds: ACTIONS})).problems, [{file: dir, message: 'could not read the config file: it is a directory, not a file'}]);
		const file = join(dir, 'config.yml');
		await writeFile(file, 'stats:\n  interval: 2\n  histroy: 60\n');
		await chmod(file, 0o600);
		const loaded = await loadConfig({path: file, shownAs: '~/config.yml', actionIds: ACTIONS});
		assert.equal(loaded.config.stats.interval, 2);
		assert.deepEqual(loaded.problems.map(problemText), ['~/config.yml:3:3: stats.histroy: unknown key; did you mean stats.history?']);
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
});

test('in Chinese, problems are said in Chinese and still name the file, the line, the column and the key path', async () => {
	setMessages((await loadMessages(['zh-CN']))!.messages);
	try {
		const {config, problems} = parseConfig(['stats:', '  interval: fast', 'logs:', '  timestamp: true', 'theme:', '  colors: {accent: purple}', 'keys:', '  container.stop: [r]', ''].join('\n'), {
			file: FILE,
			actionIds: REGISTRY.map(action => action.id),
		});
		assert.deepEqual(problems.map(problemText), [
			`${FILE}:2:13: stats.interval：应为 0.5 到 60 之间的秒数，实际是 "fast"`,
			`${FILE}:4:3: logs.timestamp：未知的键；是不是想写 logs.timestamps？`,
			`${FILE}:6:20: theme.colors.accent：应为 颜色名（${COLOR_LIST}）、0 到 255 的 256 色编号，或加引号的 "#rrggbb"（在 YAML 中 # 开始注释），实际是 "purple"`,
		]);
		// r restarts a container by default: the override that wants it too is refused, in Chinese.
		assert.deepEqual(applyKeyOverrides(REGISTRY, config.keys).conflicts, [{id: 'container.stop', message: '范围 containers 中的按键 "r"：container.restart 和 container.stop 冲突'}]);
		assert.deepEqual(messages('ui: {ascii: yes}\ntheme: {name: drak}'), [
			`${FILE}:1:13: ui.ascii：应为 true 或 false，实际是 "yes"；是不是想写 true？`,
			`${FILE}:2:15: theme.name：应为 dark, light, high-contrast, monochrome 之一，实际是 "drak"；是不是想写 dark？`,
		]);
		assert.deepEqual(messages('logs: [1]\nkeys: {nope: [F5]}'), [`${FILE}:1:7: logs：应为 设置的映射，实际是 列表`, `${FILE}:2:8: keys.nope：nope 不是操作（帮助屏幕 ? 列出了所有操作）`]);
	} finally {
		setMessages(undefined);
	}

	assert.deepEqual(messages('stats: {interval: fast}'), [`${FILE}:1:19: stats.interval: expected seconds from 0.5 to 60, got "fast"`]);
});
