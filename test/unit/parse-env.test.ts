import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseEnvFile, parseEnvLines} from '../../source/parse/env.js';

const env = {HOME: '/home/me', EMPTY: ''};

test('parseEnvLines keeps values as typed, commas and spaces included', () => {
	assert.deepEqual(parseEnvLines('A=1\nLIST=a,b,c\nSPACED=x  y \nEQ=a=b\nBLANK=\n', env), {
		value: ['A=1', 'LIST=a,b,c', 'SPACED=x  y ', 'EQ=a=b', 'BLANK='],
	});
	assert.deepEqual(parseEnvLines('  A=1\r\n\n   \n', env), {value: ['A=1']});
});

test('parseEnvLines takes a bare name from the environment, or passes it on to unset it', () => {
	assert.deepEqual(parseEnvLines('HOME\nEMPTY\nNOT_SET', env), {value: ['HOME=/home/me', 'EMPTY=', 'NOT_SET']});
});

test('parseEnvLines names the field and the wrong line', () => {
	assert.deepEqual(parseEnvLines('A=1\n=x', env), {error: 'env: =x has no variable name'});
	assert.deepEqual(parseEnvLines('MY VAR=1', env), {error: 'env: the name "MY VAR" contains whitespace'});
});

test('parseEnvFile skips comments and blank lines and takes values literally', () => {
	const text = '\uFEFF# settings\nA=1\n\n   # indented comment\n  B= two \nQUOTED="x"\nHASH=a#b\nHOME\nNOT_SET\r\n';
	assert.deepEqual(parseEnvFile(text, env, 'app.env'), {
		value: ['A=1', 'B= two ', 'QUOTED="x"', 'HASH=a#b', 'HOME=/home/me'],
	});
});

test('parseEnvFile names the file and the line number of a bad line', () => {
	assert.deepEqual(parseEnvFile('A=1\n# ok\nBAD KEY=1', env, '/etc/app.env'), {
		error: 'env-file: /etc/app.env line 3: the name "BAD KEY" contains whitespace',
	});
	assert.deepEqual(parseEnvFile('=1', env, 'x.env'), {error: 'env-file: x.env line 1: =1 has no variable name'});
});
