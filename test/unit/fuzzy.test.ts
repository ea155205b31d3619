import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fuzzyScore} from '../../source/format/fuzzy.js';

test('a subsequence matches, ignoring case; anything else does not', () => {
	assert.notEqual(fuzzyScore('ngx', 'nginx:1.25'), undefined);
	assert.notEqual(fuzzyScore('NGX', 'nginx'), undefined);
	assert.equal(fuzzyScore('xgn', 'nginx'), undefined);
	assert.equal(fuzzyScore('nginxx', 'nginx'), undefined);
	assert.equal(fuzzyScore('', 'anything'), 0);
});

test('word starts and consecutive letters score higher than scattered ones', () => {
	const wordStarts = fuzzyScore('lw', 'logs web')!;
	const scattered = fuzzyScore('lw', 'followed')!;
	assert.ok(wordStarts > scattered, `${wordStarts} > ${scattered}`);
	const consecutive = fuzzyScore('stop', 'stop the container')!;
	const spread = fuzzyScore('stop', 'set the top')!;
	assert.ok(consecutive > spread, `${consecutive} > ${spread}`);
	assert.ok(fuzzyScore('images', 'images')! > fuzzyScore('images', 'image.remove selected images')!);
});

test('a later, better placed match beats the first one found', () => {
	// "ps" at the start of "prune stopped" (two word starts) beats the "p…s" inside "pushes".
	assert.ok(fuzzyScore('ps', 'prune stopped')! > fuzzyScore('ps', 'xpxxxs')!);
	assert.ok(fuzzyScore('cs', 'container.stop')! > fuzzyScore('cs', 'cxxxxxxxxs')!);
	assert.ok(fuzzyScore('ct', 'camelTitle')! > fuzzyScore('ct', 'cxxxxtxxxx')!);
});
