import {test} from 'node:test';
import assert from 'node:assert/strict';
import {splitArgs} from '../../source/format/argv.js';

test('splitArgs separates on any whitespace', () => {
	assert.deepEqual(splitArgs(''), {args: []});
	assert.deepEqual(splitArgs('   \t '), {args: []});
	assert.deepEqual(splitArgs('sh'), {args: ['sh']});
	assert.deepEqual(splitArgs('  ls   -la\t/tmp\n'), {args: ['ls', '-la', '/tmp']});
});

test('splitArgs keeps single-quoted text literally', () => {
	assert.deepEqual(splitArgs(`echo 'hello   world'`), {args: ['echo', 'hello   world']});
	assert.deepEqual(splitArgs(`echo '$HOME \\n "x"'`), {args: ['echo', '$HOME \\n "x"']});
	assert.deepEqual(splitArgs(`''`), {args: ['']});
});

test('splitArgs reads \\" and \\\\ inside double quotes and keeps other backslashes', () => {
	assert.deepEqual(splitArgs('echo "a \\"quoted\\" word"'), {args: ['echo', 'a "quoted" word']});
	assert.deepEqual(splitArgs('echo "back\\\\slash"'), {args: ['echo', 'back\\slash']});
	assert.deepEqual(splitArgs('echo "a\\nb $x \'y\'"'), {args: ['echo', "a\\nb $x 'y'"]});
	assert.deepEqual(splitArgs('a "" b'), {args: ['a', '', 'b']});
});

test('splitArgs lets a backslash escape the next character outside quotes', () => {
	assert.deepEqual(splitArgs('touch my\\ file'), {args: ['touch', 'my file']});
	assert.deepEqual(splitArgs('echo \\"x\\" \\\'y'), {args: ['echo', '"x"', "'y"]});
	assert.deepEqual(splitArgs('a\\\\b'), {args: ['a\\b']});
});

test('splitArgs joins quoted and plain parts of one argument', () => {
	assert.deepEqual(splitArgs(`--name="my app"'s'x`), {args: ['--name=my appsx']});
	assert.deepEqual(splitArgs(`sh -c 'echo "$1"' --`), {args: ['sh', '-c', 'echo "$1"', '--']});
	assert.deepEqual(splitArgs('a;b|c&&d $(e) `f` *'), {args: ['a;b|c&&d', '$(e)', '`f`', '*']}, 'nothing is special to a shell');
});

test('splitArgs reports unterminated quotes and a trailing backslash', () => {
	assert.deepEqual(splitArgs(`echo "abc`), {error: 'unterminated double quote'});
	assert.deepEqual(splitArgs(`echo "abc\\"`), {error: 'unterminated double quote'});
	assert.deepEqual(splitArgs(`echo 'abc`), {error: 'unterminated single quote'});
	assert.deepEqual(splitArgs(`echo abc\\`), {error: 'trailing backslash'});
});
