import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {listEngineChoices, startingChoice} from '../../source/engine/contexts.js';
import {writeConfig, writeContext} from '../support/contexts.js';

const homes: string[] = [];
after(() => {
	for (const home of homes) {
		rmSync(home, {recursive: true, force: true});
	}
});

function home(): {homeDir: string; configDir: string} {
	const homeDir = mkdtempSync(path.join(os.tmpdir(), 'berth-contexts-'));
	homes.push(homeDir);
	return {homeDir, configDir: path.join(homeDir, '.docker')};
}

test('with no context store there is the default context, on the default socket', () => {
	const {homeDir} = home();
	const choices = listEngineChoices({env: {}, homeDir});
	assert.deepEqual(
		choices.map(({name, where, description, problem}) => ({name, where, description, problem})),
		[{name: 'default', where: 'unix:///var/run/docker.sock', description: 'the local engine', problem: undefined}],
	);
	assert.equal(startingChoice({env: {}, homeDir}), 'default');
});

test('stored contexts follow the default by name, with their URLs and descriptions', () => {
	const {homeDir, configDir} = home();
	writeContext(configDir, 'prod', 'tcp://10.0.0.2:2376', {tlsFiles: ['ca', 'cert', 'key'], description: 'the production box'});
	writeContext(configDir, 'build', 'ssh://deploy@build.example:2222');
	writeContext(configDir, 'local-podman', 'unix:///run/podman/podman.sock');
	const choices = listEngineChoices({env: {}, homeDir});
	assert.deepEqual(
		choices.map(choice => [choice.name, choice.where, choice.description ?? '']),
		[
			['default', 'unix:///var/run/docker.sock', 'the local engine'],
			['build', 'ssh://deploy@build.example:2222', ''],
			['local-podman', 'unix:///run/podman/podman.sock', ''],
			['prod', 'tcp://10.0.0.2:2376', 'the production box'],
		],
	);
	const prod = choices.find(choice => choice.name === 'prod');
	assert.equal(prod?.endpoint?.protocol, 'tcp');
	assert.equal(prod?.endpoint?.display, 'context prod (tcp://10.0.0.2:2376)');
});

test('a broken context is listed with its problem and no endpoint, and the others still work', () => {
	const {homeDir, configDir} = home();
	writeContext(configDir, 'bad', 'ftp://nowhere');
	writeContext(configDir, 'good', 'tcp://127.0.0.1:2375');
	const choices = listEngineChoices({env: {}, homeDir});
	const bad = choices.find(choice => choice.name === 'bad');
	assert.equal(bad?.endpoint, undefined);
	assert.match(bad?.problem ?? '', /unsupported scheme "ftp:\/\/"/);
	assert.equal(choices.find(choice => choice.name === 'good')?.where, 'tcp://127.0.0.1:2375');
});

test('a host given by flag or DOCKER_HOST comes first, and berth starts on it', () => {
	const {homeDir, configDir} = home();
	writeContext(configDir, 'prod', 'tcp://10.0.0.2:2375');
	writeConfig(configDir, {currentContext: 'prod'});
	const env = {DOCKER_HOST: 'tcp://127.0.0.1:2375'};
	assert.deepEqual(
		listEngineChoices({host: 'unix:///tmp/other.sock', env, homeDir}).map(choice => [choice.name, choice.where]),
		[
			['--host', 'unix:///tmp/other.sock'],
			['DOCKER_HOST', 'tcp://127.0.0.1:2375'],
			['default', 'unix:///var/run/docker.sock'],
			['prod', 'tcp://10.0.0.2:2375'],
		],
	);
	assert.equal(startingChoice({host: 'unix:///tmp/other.sock', env, homeDir}), '--host');
	assert.equal(startingChoice({env, homeDir}), 'DOCKER_HOST');
});

test('berth starts on the context named by flag, DOCKER_CONTEXT, or the CLI current context', () => {
	const {homeDir, configDir} = home();
	writeContext(configDir, 'prod', 'tcp://10.0.0.2:2375');
	writeContext(configDir, 'staging', 'tcp://10.0.0.3:2375');
	writeConfig(configDir, {currentContext: 'staging'});
	assert.equal(startingChoice({env: {}, homeDir}), 'staging');
	assert.equal(startingChoice({env: {DOCKER_CONTEXT: 'prod'}, homeDir}), 'prod');
	assert.equal(startingChoice({context: 'default', env: {DOCKER_CONTEXT: 'prod'}, homeDir}), 'default');
});
