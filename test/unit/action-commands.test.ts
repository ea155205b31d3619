import {test} from 'node:test';
import assert from 'node:assert/strict';
import {actionById} from '../../source/actions/registry.js';
import type {Answer, Target} from '../../source/actions/types.js';
import type {ImageSummary, NetworkSummary, VolumeSummary} from '../../source/engine/types.js';
import {container} from '../support/build.js';

function commandOf(id: string, targets: readonly Target[], answer: Partial<Answer> = {}): string | undefined {
	const action = actionById(id);
	assert.ok(action?.command, `${id} has a command line`);
	return action.command(targets, {value: '', toggles: {}, fields: {}, ...answer});
}

const web = container({name: 'web'});
const paused = container({name: 'cache', state: 'paused'});
const odd = container({name: "it's odd"});
const image = {id: 'sha256:abc', tags: ['shop/api:1.0', 'shop/api:latest']} as ImageSummary;
const untagged = {id: 'sha256:def', tags: []} as unknown as ImageSummary;

test('container actions name their containers as docker does, quoted for a shell when needed', () => {
	assert.equal(commandOf('container.start', [web]), 'docker start web');
	assert.equal(commandOf('container.stop', [web, odd]), "docker stop web 'it'\\''s odd'");
	assert.equal(commandOf('container.restart', [web]), 'docker restart web');
	assert.equal(commandOf('container.pause', [web]), 'docker pause web');
	assert.equal(commandOf('container.pause', [paused, web]), 'docker unpause cache && docker pause web');
	assert.equal(commandOf('container.kill', [web], {value: 'SIGHUP'}), 'docker kill --signal SIGHUP web');
	assert.equal(commandOf('container.remove', [web]), 'docker rm web');
	assert.equal(commandOf('container.remove', [web], {toggles: {force: true, volumes: true}}), 'docker rm --force --volumes web');
});

test('image, volume and network actions, and the prunes', () => {
	assert.equal(commandOf('image.tag', [image], {value: ' shop/api:2.0 '}), 'docker tag shop/api:1.0 shop/api:2.0');
	assert.equal(commandOf('image.remove', [image, untagged], {toggles: {force: true}}), 'docker rmi --force shop/api:1.0 shop/api:latest sha256:def');
	assert.equal(commandOf('image.prune.confirm', [], {toggles: {all: true}}), 'docker image prune --force --all');
	assert.equal(commandOf('volume.remove', [{name: 'data'} as VolumeSummary]), 'docker volume rm data');
	assert.equal(commandOf('volume.prune.confirm', []), 'docker volume prune --force');
	assert.equal(commandOf('network.remove', [{id: 'n1', name: 'shop_default'} as NetworkSummary]), 'docker network rm shop_default');
	assert.equal(commandOf('network.prune.confirm', []), 'docker network prune --force');
	assert.equal(commandOf('container.prune.confirm', []), 'docker container prune --force');
	const carry = JSON.stringify({kinds: ['containers', 'networks', 'images', 'build-cache', 'volumes'], allImages: true});
	assert.equal(commandOf('system.prune.confirm', [], {carry}), 'docker system prune --all --volumes');
	assert.equal(commandOf('system.prune.confirm', [], {carry: JSON.stringify({kinds: ['volumes'], allImages: false})}), 'docker volume prune');
});
