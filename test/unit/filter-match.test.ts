import {test} from 'node:test';
import assert from 'node:assert/strict';
import {compileFilter, type Matchable} from '../../source/format/match.js';

const web: Matchable = {text: ['web', 'nginx:1.25'], ids: ['abc123def'], labels: {'com.docker.compose.project': 'shop', tier: 'front'}};
const db: Matchable = {text: ['db', 'postgres:16'], ids: ['fed987'], labels: {tier: 'back'}};
const bare: Matchable = {text: ['scratch']};

function kept(filter: string, rows: readonly Matchable[] = [web, db, bare]): string[] {
	const compiled = compileFilter(filter);
	return rows.filter(row => compiled.matches(row)).map(row => row.text[0]!);
}

test('plain text matches a substring or a subsequence of any word, and ids by prefix', () => {
	assert.deepEqual(kept(''), ['web', 'db', 'scratch']);
	assert.deepEqual(kept('WEB'), ['web']);
	assert.deepEqual(kept('ngx'), ['web']);
	assert.deepEqual(kept('pgs'), ['db']);
	assert.deepEqual(kept('abc1'), ['web']);
	// An id is matched by its start only, never as a subsequence.
	assert.deepEqual(kept('bc12'), []);
});

test('re: is a regular expression ignoring case; a broken one is reported and keeps every row', () => {
	assert.deepEqual(kept('re:^(web|db)$'), ['web', 'db']);
	assert.deepEqual(kept('re:NGINX:\\d'), ['web']);
	const broken = compileFilter('re:(unclosed');
	assert.match(broken.error ?? '', /not a regular expression: .*unclosed|not a regular expression/);
	assert.deepEqual(kept('re:(unclosed'), ['web', 'db', 'scratch']);
	assert.equal(compileFilter('re:ok').error, undefined);
});

test('! keeps the rows that do not match', () => {
	assert.deepEqual(kept('!web'), ['db', 'scratch']);
	assert.deepEqual(kept('!re:^s'), ['web', 'db']);
	assert.deepEqual(kept('!label:tier'), ['scratch']);
	// Nothing after "!" and a broken inner filter keep everything, the latter saying why.
	assert.deepEqual(kept('!'), ['web', 'db', 'scratch']);
	assert.notEqual(compileFilter('!re:[').error, undefined);
	assert.deepEqual(kept('!re:['), ['web', 'db', 'scratch']);
});

test('label:key keeps rows with the label, label:key=value those with that value', () => {
	assert.deepEqual(kept('label:tier'), ['web', 'db']);
	assert.deepEqual(kept('label:tier=back'), ['db']);
	assert.deepEqual(kept('label:com.docker.compose.project=shop'), ['web']);
	assert.deepEqual(kept('label:tier='), []);
	assert.notEqual(compileFilter('label:').error, undefined);
});

test('a filter text is compiled once', () => {
	assert.equal(compileFilter('re:abc'), compileFilter('re:abc'));
});
