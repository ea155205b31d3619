import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import type {Answer, Target} from '../../source/actions/types.js';
import type {ImageSummary, NetworkSummary, VolumeSummary} from '../../source/engine/types.js';
import os from 'node:os';
import path from 'node:path';
import {checkForm} from '../../source/actions/dialogs.js';
import {invoke} from '../../source/actions/dispatch.js';
import {ACTIONS, actionById} from '../../source/actions/registry.js';
import type {TargetKind} from '../../source/actions/types.js';
import type {ContainerSummary} from '../../source/engine/types.js';
import {parseRunForm} from '../../source/parse/run-spec.js';
import {isServiceKey} from '../../source/store/projects.js';
import {stacksOf, swarmDataRows} from '../../source/store/swarm.js';
import {PANE_OF_KIND, visibleKeys} from '../../source/store/selectors.js';
import type {PaneId} from '../../source/store/view-store.js';
import {container} from '../support/build.js';
import {testContext, type TestContext} from '../support/context.js';
import {fixture, recorded, type RecordedSwarm} from '../support/fake-engine.js';
import {press, settle, type} from '../support/keys.js';

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

// The whole registry: every action that changes state, driven as a user would (its question
// answered, its form filled), logs the docker or compose command line it stood for once it ran,
// whether through its own command, its form's preview, the line its run gave back or its job.
// Swarm objects are not in this fake engine's lists: those actions are checked by their command.

// Files the forms read: a build context, an archive, a compose file.
const FILES = mkdtempSync(path.join(os.tmpdir(), 'berth-walk-'));
after(() => {
	rmSync(FILES, {recursive: true, force: true});
});
writeFileSync(path.join(FILES, 'Dockerfile'), 'FROM scratch\n');
writeFileSync(path.join(FILES, 'walk.tar'), '');
writeFileSync(path.join(FILES, 'compose.yml'), 'services: {}\n');

/** What a form's empty fields are filled with, by field id, so that it can be sent. */
const FILL: Readonly<Record<string, string>> = {
	image: 'berth-test/busybox',
	repository: 'berth-audit/committed',
	context: FILES,
	file: path.join(FILES, 'walk.tar'),
	'host-path': os.tmpdir(),
	'container-path': '/tmp',
	name: 'walked',
	username: 'bob',
	password: 'secret',
	'config-files': '/nonexistent/compose.yml',
	replicas: '2',
	memory: '64m',
	subnet: '',
};

/** Fills for one action's form, by its id, where the field means another file. */
const FILL_FOR: Readonly<Record<string, Readonly<Record<string, string>>>> = {
	'volume.backup': {file: path.join(FILES, 'backup.tar')},
	'projects.new': {file: path.join(FILES, 'compose.yml')},
	'image.build': {context: FILES, file: 'Dockerfile'},
	'stack.deploy': {file: path.join(FILES, 'compose.yml')},
};

const SWARM_KINDS = new Set<TargetKind | undefined>(['node', 'swarm-service', 'stack', 'swarm-data']);
const SWARM_SCOPES = new Set<string>(['nodes', 'swarm-services', 'stacks', 'secrets']);
const swarm = fixture<RecordedSwarm>('swarm.json');
const SWARM_SAMPLES = {
	node: swarm.nodes[0]!,
	'swarm-service': swarm.services[0]!,
	stack: stacksOf(swarm.services)[0]!,
	'swarm-data': swarmDataRows(swarm.secrets, swarm.configs)[0]!,
};

function walkScene(): TestContext {
	const base = recorded();
	const ctx = testContext({...base, containers: [...base.containers, ...fixture<ContainerSummary[]>('compose-containers.json')]});
	// Something for each prune to remove, and a container to recreate.
	ctx.engine.containersPruneCandidates = base.containers.slice(0, 1);
	ctx.engine.pruneCandidates = base.images.slice(0, 1);
	ctx.engine.volumesPruneCandidates = base.volumes.slice(0, 1);
	ctx.engine.networksPruneCandidates = base.networks.slice(-1).map(network => ({...network, containers: 0, stoppedContainers: []}));
	for (const item of base.containers) {
		const parsed = parseRunForm({image: 'berth-test/busybox', name: item.name}, {}, () => '');
		assert.ok('spec' in parsed);
		ctx.engine.runSpecs.set(item.id, parsed.spec);
	}

	return ctx;
}

/** Answers whatever the action asks, as a user going ahead would, until no dialog is left. */
async function answerAll(ctx: TestContext): Promise<void> {
	for (let round = 0; round < 8; round++) {
		await new Promise(resolve => setTimeout(resolve, 5));
		const dialog = ctx.view.get().dialog;
		if (!dialog) {
			return;
		}

		if (dialog.kind === 'form') {
			if (dialog.busy) {
				continue;
			}

			if (round > 0 && dialog.refusal === undefined && Object.keys(dialog.errors).length === 0 && dialog.attempted) {
				return;
			}

			const fill = {...FILL, ...FILL_FOR[dialog.actionId]};
			const fields = dialog.fields.map(field => ((field.text === '' || field.id in (FILL_FOR[dialog.actionId] ?? {})) && fill[field.id] !== undefined ? {...field, text: fill[field.id]!} : field));
			ctx.view.change(state => ({...state, dialog: {...dialog, fields, ...checkForm(ctx, actionById(dialog.actionId), fields, dialog.carry)}}));
			press(ctx, 'ctrl+s');
			if (ctx.view.get().dialog?.kind === 'form' && (ctx.view.get().dialog as {refusal?: string}).refusal !== undefined) {
				return;
			}
		} else if (dialog.kind === 'text') {
			if (dialog.text === '') {
				type(ctx, 'walked');
			}

			press(ctx, 'enter');
			if (ctx.view.get().dialog === dialog || (ctx.view.get().dialog?.kind === 'text' && ctx.view.get().dialog !== undefined && (ctx.view.get().dialog as {error?: string}).error)) {
				// The pre-filled text was refused (a rename to the same name): type a new one.
				press(ctx, 'ctrl+u');
				type(ctx, '-walked');
				press(ctx, 'enter');
			}
		} else {
			press(ctx, dialog.kind === 'confirm' ? 'y' : 'enter');
		}
	}
}

for (const action of ACTIONS.filter(candidate => candidate.changesState && !candidate.step)) {
	test(`${action.id} logs its command line once it ran`, async () => {
		if (SWARM_KINDS.has(action.targets) || SWARM_SCOPES.has(action.scope)) {
			// Its own command, else (a remove that lists first) its confirming step's.
			const step = action.command ? action : ACTIONS.find(candidate => candidate.step && candidate.changesState && candidate.id.startsWith(`${action.id}.`));
			const targets = action.targets ? [SWARM_SAMPLES[action.targets as keyof typeof SWARM_SAMPLES]] : [];
			const fields = {name: 'walked', image: 'berth-test/busybox', replicas: '2', file: '', value: 'v', key: 'zone', labels: '', ...FILL_FOR[action.id]};
			assert.match(step?.command?.(targets, {value: 'zone=a', toggles: {}, fields, carry: JSON.stringify({name: 'walked'})}) ?? '', /^docker /, action.id);
			return;
		}

		const ctx = walkScene();
		const pane = action.targets ? PANE_OF_KIND[action.targets] : action.scope === 'project' || action.scope === 'service' ? 'projects' : (action.scope as PaneId);
		ctx.view.change(state => ({...state, pane}));
		if (action.scope === 'service') {
			// The first service row of the project.
			const keys = visibleKeys(ctx.model.get(), ctx.view.get(), 'projects');
			const service = keys.find(key => isServiceKey(key));
			ctx.view.change(state => ({...state, selected: {...state.selected, projects: service}}));
		}

		invoke(ctx, action);
		await answerAll(ctx);
		for (let turn = 0; turn < 50 && ctx.model.get().jobs.some(job => job.status === 'running'); turn++) {
			await new Promise(resolve => setTimeout(resolve, 5));
		}

		await settle();
		const logged = ctx.commands.get();
		assert.ok(logged.length > 0, `${action.id} logged no command line; the notice: ${ctx.model.get().notice?.text ?? 'none'}; calls: ${ctx.engine.calls.join(', ')}`);
		for (const entry of logged) {
			// A volume's backup and restore are a short shell script around a helper container.
			assert.match(entry.command, /^(docker|docker-compose) |^c=\$\(docker /, action.id);
		}
	});
}
