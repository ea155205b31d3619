import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import type {BuildOptions, ImageSummary} from '../engine/types.js';
import {formatSize, sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {parseEntries, type Field} from '../parse/field.js';
import {parseLabels} from '../parse/labels.js';
import {parseReference} from '../parse/reference.js';
import {shellQuote} from '../parse/run-spec.js';
import {selectedKey} from '../store/selectors.js';
import {IMAGE_SORTS} from '../store/view-store.js';
import {formFields, openDialog} from './dialogs.js';
import {imageLabel, names, runOnEach} from './each.js';
import {startJob} from './jobs.js';
import {sortActions} from './sorting.js';
import {runForm, runFromForm} from './run.js';
import {dockerLine} from './command-line.js';
import {defineAction, type Action, type ActionContext, type FormCheck} from './types.js';
import {errorsOf, existingFile, outputFileError, byCount} from './fields.js';

/** Shows `id` selected in the images pane (it may not be listed yet: the selection waits for it). */
function selectImage(ctx: ActionContext, id: string): void {
	ctx.view.change(state => ({...state, selected: {...state.selected, images: id}}));
}

/** A reference typed into a field: the parser's message, or none. */
function referenceError(text: string, field: string, options: {tagOnly?: boolean} = {}): string | undefined {
	const parsed = parseReference(text, field);
	if ('error' in parsed) {
		return parsed.error;
	}

	return options.tagOnly && parsed.value.digest !== undefined ? t('{field}: {reference} names a digest; use repository[:tag]', {field, reference: text.trim()}) : undefined;
}

/** Pulls a reference as a job; the pulled image is selected when it is there. */
function pull(ctx: ActionContext, reference: string): void {
	startJob(
		ctx,
		{
			title: t('pull {reference}', {reference}),
			command: shellQuote(['docker', 'pull', reference]),
			run: async control => ctx.engine.pullImage(reference, control),
			describe: id => t('pulled as {id}', {id: id.replace('sha256:', '').slice(0, 12)}),
		},
		id => {
			selectImage(ctx, id);
		},
	);
}

function buildOptions(fields: Readonly<Record<string, string>>): Field<BuildOptions> & {errors?: FormCheck['errors']} {
	const contextDir = (fields['context'] ?? '').trim() || '.';
	const dockerfile = (fields['file'] ?? '').trim() || 'Dockerfile';
	const tags = parseEntries('tags', fields['tags'] ?? '', true, (tag): Field<string> => {
		const wrong = referenceError(tag, 'tags', {tagOnly: true});
		return wrong === undefined ? {value: tag} : {error: wrong.replace(/^tags: /, '')};
	});
	const buildArgs = parseLabels(fields['build-args'] ?? '', 'build-args');
	const target = (fields['target'] ?? '').trim();
	let contextError: string | undefined;
	try {
		contextError = statSync(contextDir).isDirectory() ? undefined : t('context: {path} is not a directory', {path: contextDir});
	} catch {
		contextError = t('context: {path} does not exist', {path: contextDir});
	}

	const fileError =
		contextError === undefined && !existsSync(path.resolve(contextDir, dockerfile))
			? t('file: {file} is not in {path}', {file: dockerfile, path: contextDir})
			: path.isAbsolute(dockerfile)
				? t('file: {file} must be relative to the context', {file: dockerfile})
				: undefined;
	const errors = errorsOf([
		['context', contextError],
		['file', fileError],
		['tags', 'error' in tags ? tags.error : undefined],
		['build-args', 'error' in buildArgs ? buildArgs.error : undefined],
		['target', /\s/.test(target) ? t('target: {target} must not contain spaces', {target}) : undefined],
	]);
	if (Object.keys(errors).length > 0 || 'error' in tags || 'error' in buildArgs) {
		return {error: 'invalid', errors};
	}

	return {
		value: {
			contextDir: path.resolve(contextDir),
			dockerfile,
			tags: tags.value,
			buildArgs: buildArgs.value,
			...(target === '' ? {} : {target}),
			noCache: fields['no-cache'] === 'true',
			pull: fields['pull'] === 'true',
		},
	};
}

function buildCommand(options: BuildOptions): string[] {
	return [
		'docker',
		'build',
		...options.tags.flatMap(tag => ['-t', tag]),
		...(options.dockerfile === 'Dockerfile' ? [] : ['-f', path.join(options.contextDir, options.dockerfile)]),
		...Object.entries(options.buildArgs).flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
		...(options.target ? ['--target', options.target] : []),
		...(options.noCache ? ['--no-cache'] : []),
		...(options.pull ? ['--pull'] : []),
		options.contextDir,
	];
}

/** The names an image is saved under: its tags, or its id when it has none. */
function saveNames(image: ImageSummary): string[] {
	return image.tags.length > 0 ? image.tags : [image.id];
}

/** The last step of prune: what goes is listed; yes removes it. */
const pruneConfirmed = defineAction({
	id: 'image.prune.confirm',
	command: (_targets, answer) => dockerLine('image', 'prune', '--force', answer?.toggles['all'] === true && '--all'),
	title: 'Remove the images listed',
	keys: [],
	scope: 'images',
	step: true,
	destructive: true,
	changesState: true,
	async run(ctx, _targets, answer) {
		const all = answer?.toggles['all'] ?? false;
		const result = await ctx.engine.pruneImages({all});
		const count = result.deleted.length;
		ctx.model.notify('info', t('pruned {what}, reclaimed {size}', {what: byCount(count, t('{count} image', {count}), t('{count} images', {count})), size: formatSize(result.spaceReclaimed)}));
	},
});

/** Pulls the reference chosen in a list (a registry's tags, search results). */
const pullChosen = defineAction({
	id: 'image.pull.chosen',
	title: 'Pull the chosen image',
	keys: [],
	scope: 'images',
	step: true,
	changesState: true,
	run(ctx, _targets, answer) {
		if (answer?.value) {
			pull(ctx, answer.value);
		}
	},
});

/** Second step of the registry browser: a repository was chosen; its tags are listed to pull one. */
const browseTags = defineAction({
	id: 'registry.tags',
	title: 'List the chosen repository’s tags',
	keys: [],
	scope: 'images',
	step: true,
	async run(ctx, _targets, answer) {
		const [registry = '', repository = ''] = (answer?.value ?? '').split('\n');
		const {tags, truncated} = await ctx.engine.listRegistryTags(registry, repository);
		const shown = `${sanitize(registry)}/${sanitize(repository)}`;
		if (tags.length === 0) {
			ctx.model.notify('info', t('{repository} has no tags', {repository: shown}));
			return;
		}

		openDialog(ctx, pullChosen, {
			kind: 'choice',
			title: truncated ? t('Pull which tag of {repository}? (the registry has more)', {repository: shown}) : t('Pull which tag of {repository}?', {repository: shown}),
			choices: tags.map(tag => ({value: `${registry}/${repository}:${tag}`, label: sanitize(tag)})),
			index: 0,
			filter: '',
		});
	},
});

export const imageActions: Action[] = [
	defineAction({
		id: 'image.toggleIntermediate',
		hint: 'all',
		title: 'Show or hide intermediate images (docker images -a)',
		keys: ['a'],
		scope: 'images',
		run(ctx) {
			ctx.view.change(state => ({...state, showIntermediate: !state.showIntermediate}));
		},
	}),
	...sortActions('images', 'imageSort', IMAGE_SORTS),
	defineAction({
		id: 'image.pull',
		hint: 'pull',
		title: 'Pull an image (name, name:tag, name@sha256:…, host:port/name:tag)',
		keys: ['p'],
		scope: 'images',
		changesState: true,
		ask: (_targets, ctx) => {
			const model = ctx.model.get();
			const key = selectedKey(model, ctx.view.get(), 'images');
			const selected = model.images.find(image => image.id === key);
			return {kind: 'text', title: t('Pull which image?'), text: selected?.tags[0] ?? ''};
		},
		validate: value => referenceError(value, 'image'),
		run(ctx, _targets, answer) {
			pull(ctx, (answer?.value ?? '').trim());
		},
	}),
	defineAction({
		id: 'image.push',
		hint: 'push',
		title: 'Push to its registry',
		keys: ['P'],
		scope: 'images',
		changesState: true,
		targets: 'image',
		ask: targets => ({kind: 'text', title: t('Push {names} as:', {names: names('image', targets)}), text: targets[0]?.tags[0] ?? ''}),
		validate(value, targets) {
			if (targets.length !== 1) {
				return t('push works on one image at a time');
			}

			return (
				referenceError(value, 'image', {tagOnly: true}) ??
				(targets[0]!.tags.includes(value.trim()) ? undefined : t('image: {reference} is not a tag of this image (tag it first with t)', {reference: value.trim()}))
			);
		},
		run(ctx, _targets, answer) {
			const reference = (answer?.value ?? '').trim();
			startJob(ctx, {
				title: t('push {reference}', {reference}),
				command: shellQuote(['docker', 'push', reference]),
				run: async control => ctx.engine.pushImage(reference, control),
				describe: digest => (digest ? t('pushed {digest}', {digest}) : t('pushed')),
			});
		},
	}),
	defineAction({
		id: 'image.tag',
		command: (targets, answer) => dockerLine('tag', ...targets.map(image => image.tags[0] ?? image.id), (answer?.value ?? '').trim()),
		hint: 'tag',
		title: 'Tag: give it another repository:tag',
		keys: ['t'],
		scope: 'images',
		changesState: true,
		targets: 'image',
		ask: targets => ({kind: 'text', title: t('New name for {names} (repository[:tag]):', {names: names('image', targets)}), text: targets[0]?.tags[0] ?? ''}),
		validate(value, targets) {
			return targets.length === 1 ? referenceError(value, 'tag', {tagOnly: true}) : t('tag works on one image at a time');
		},
		async run(ctx, targets, answer) {
			const name = (answer?.value ?? '').trim();
			await runOnEach(ctx, targets, {
				kind: 'image',
				title: 'Tag',
				doing: t('tagging'),
				done: image => t('tagged {image} as {name}', {image, name: sanitize(name)}),
				call: async image => ctx.engine.tagImage(image.id, name),
			});
		},
	}),
	defineAction({
		id: 'image.remove',
		command: (targets, answer) => dockerLine('rmi', answer?.toggles['force'] === true && '--force', answer?.toggles['noPrune'] === true && '--no-prune', ...targets.flatMap(image => (image.tags.length > 0 ? image.tags : [image.id]))),
		hint: 'remove',
		title: 'Remove',
		keys: ['d'],
		scope: 'images',
		destructive: true,
		changesState: true,
		targets: 'image',
		ask: targets => ({
			kind: 'confirm',
			title: t('Remove {names}?', {names: names('image', targets)}),
			toggles: [
				{id: 'force', key: 'f', label: t('force: even when stopped containers use it'), on: false},
				{id: 'noPrune', key: 'p', label: t('no-prune: keep its untagged parents'), on: false},
			],
		}),
		async run(ctx, targets, answer) {
			const options = {force: answer?.toggles['force'] ?? false, noPrune: answer?.toggles['noPrune'] ?? false};
			await runOnEach(ctx, targets, {
				kind: 'image',
				title: 'Remove',
				doing: t('removing'),
				done: t('removed'),
				// Each name is taken off in turn: the image goes with its last one.
				async call(image) {
					for (const name of saveNames(image)) {
						await ctx.engine.removeImage(name, options);
					}
				},
			});
		},
	}),
	defineAction({
		id: 'image.prune',
		hint: 'prune',
		title: 'Prune: remove dangling images, or all unused ones (lists them first)',
		keys: ['X'],
		scope: 'images',
		destructive: true,
		changesState: true,
		ask: () => ({
			kind: 'choice',
			title: t('Prune which images?'),
			choices: [
				{value: 'dangling', label: t('dangling: untagged and used by no image or container')},
				{value: 'all', label: t('all unused: every image no container uses')},
			],
			index: 0,
		}),
		async run(ctx, _targets, answer) {
			const all = answer?.value === 'all';
			const going = await ctx.engine.imagesToPrune({all});
			if (going.length === 0) {
				ctx.model.notify('info', all ? t('no unused images to prune') : t('no dangling images to prune'));
				return;
			}

			const size = going.reduce((sum, image) => sum + image.size, 0);
			openDialog(ctx, pruneConfirmed, {
				kind: 'confirm',
				title: all
					? t('Remove these {count} unused images ({size})?', {count: going.length, size: formatSize(size)})
					: t('Remove these {count} dangling images ({size})?', {count: going.length, size: formatSize(size)}),
				lines: going.map(image => `${imageLabel(image)}  ${formatSize(image.size)}`),
				toggles: [{id: 'all', key: 'a', label: t('all unused, not only dangling'), on: all}],
			});
		},
	}),
	pruneConfirmed,
	defineAction({
		id: 'image.run',
		hint: 'run',
		title: 'Run a container from it (a form)',
		keys: ['r'],
		scope: 'images',
		changesState: true,
		targets: 'image',
		ask: targets => runForm(t('Run a container from {names}', {names: names('image', targets)}), {image: targets[0]?.tags[0] ?? targets[0]?.id ?? ''}, t('Run')),
		check: fields => runFromForm.check(fields),
		run: async (ctx, _targets, answer) => runFromForm.run(ctx, answer),
	}),
	defineAction({
		id: 'image.build',
		hint: 'build',
		title: 'Build an image from a directory with a Dockerfile (a form)',
		keys: ['b'],
		scope: 'images',
		changesState: true,
		ask: () => ({
			kind: 'form',
			title: t('Build an image'),
			submitLabel: t('Build'),
			index: 0,
			errors: {},
			fields: formFields([
				['context', t('context dir'), 'text', '.', t('the directory sent to the engine')],
				['file', t('dockerfile'), 'text', 'Dockerfile', t('relative to the context')],
				['tags', t('tags'), 'list', '', t('name:tag, one a line')],
				['build-args', t('build args'), 'list', '', t('KEY=value, one a line')],
				['target', t('target stage'), 'text'],
				['no-cache', t('no cache'), 'toggle', 'false'],
				['pull', t('pull base images'), 'toggle', 'false'],
			]),
		}),
		check(fields) {
			const built = buildOptions(fields);
			return 'error' in built ? {errors: built.errors ?? {}} : {errors: {}, preview: shellQuote(buildCommand(built.value))};
		},
		run(ctx, _targets, answer) {
			const built = buildOptions(answer?.fields ?? {});
			if ('error' in built) {
				throw new Error(Object.values(built.errors ?? {}).join('; '));
			}

			const options = built.value;
			startJob(
				ctx,
				{
					title: t('build {name}', {name: options.tags[0] ?? path.basename(options.contextDir)}),
					command: shellQuote(buildCommand(options)),
					run: async control => ctx.engine.buildImage(options, control),
					describe: id => t('built {id}', {id: id.replace('sha256:', '').slice(0, 12)}),
				},
				id => {
					selectImage(ctx, id);
				},
			);
		},
	}),
	defineAction({
		id: 'image.save',
		hint: 'save',
		title: 'Save the marked images (or the selected one) to a tar file',
		keys: ['S'],
		scope: 'images',
		targets: 'image',
		ask: targets => ({
			kind: 'form',
			title: t('Save {names} to a tar file', {names: names('image', targets)}),
			submitLabel: t('Save'),
			index: 0,
			errors: {},
			fields: formFields([
				['file', t('file'), 'text', '', 'images.tar'],
				['overwrite', t('overwrite'), 'toggle', 'false'],
			]),
		}),
		check(fields) {
			return {errors: errorsOf([['file', outputFileError(fields)]])};
		},
		run(ctx, targets, answer) {
			const file = path.resolve((answer?.fields['file'] ?? '').trim());
			const references = targets.flatMap(image => saveNames(image));
			startJob(ctx, {
				title: t('save {names}', {names: names('image', targets)}),
				command: shellQuote(['docker', 'save', '-o', file, ...references]),
				run: async control => ctx.engine.saveImages(references, file, control, answer?.fields['overwrite'] === 'true'),
				describe: () => byCount(references.length, t('{count} name saved to {file}', {count: references.length, file}), t('{count} names saved to {file}', {count: references.length, file})),
			});
		},
	}),
	defineAction({
		id: 'image.load',
		hint: 'load',
		title: 'Load images from a tar file',
		keys: ['L'],
		scope: 'images',
		changesState: true,
		ask: () => ({
			kind: 'form',
			title: t('Load images from a tar file'),
			submitLabel: t('Load'),
			index: 0,
			errors: {},
			fields: formFields([['file', t('file'), 'text', '', 'images.tar']]),
		}),
		check: fields => ({errors: errorsOf([['file', existingFile(fields['file'] ?? '', t('file'))]])}),
		run(ctx, _targets, answer) {
			const file = path.resolve((answer?.fields['file'] ?? '').trim());
			startJob(
				ctx,
				{
					title: t('load {file}', {file: path.basename(file)}),
					command: shellQuote(['docker', 'load', '-i', file]),
					run: async control => ctx.engine.loadImages(file, control),
					describe: loaded => t('loaded {names}', {names: loaded.map(name => sanitize(name)).join(', ')}),
				},
				loaded => {
					const first = ctx.model.get().images.find(image => image.tags.includes(loaded[0] ?? '') || image.id === loaded[0]);
					if (first) {
						selectImage(ctx, first.id);
					}
				},
			);
		},
	}),
	defineAction({
		id: 'registry.login',
		hint: 'login',
		title: 'Log in to a registry (stored as the docker CLI stores it)',
		keys: ['i'],
		scope: 'images',
		changesState: true,
		ask: () => ({
			kind: 'form',
			title: t('Log in to a registry'),
			submitLabel: t('Log in'),
			index: 0,
			errors: {},
			fields: formFields([
				['registry', t('registry'), 'text', '', t('host[:port]; empty for Docker Hub')],
				['username', t('user'), 'text'],
				['password', t('password'), 'secret'],
			]),
		}),
		check: fields =>
			({
				errors: errorsOf([
					['registry', /\s|\//.test((fields['registry'] ?? '').trim()) ? t('registry: a host[:port], without spaces or a path') : undefined],
					['username', (fields['username'] ?? '').trim() === '' ? t('user: a user name is required') : undefined],
					['password', fields['password'] === '' ? t('password: a password is required') : undefined],
				]),
			}),
		// The password is typed in the form, never shown: the CLI would ask for it (or take --password-stdin).
		command: (_targets, answer) => dockerLine('login', '--username', (answer?.fields['username'] ?? '').trim(), (answer?.fields['registry'] ?? '').trim()),
		async run(ctx, _targets, answer) {
			const fields = answer?.fields ?? {};
			const registry = (fields['registry'] ?? '').trim() || 'docker.io';
			const result = await ctx.engine.login(registry, (fields['username'] ?? '').trim(), fields['password'] ?? '');
			ctx.model.notify('info', `${t('logged in to {registry}', {registry: sanitize(result.registry)})}${result.warning ? `; ${sanitize(result.warning)}` : ''}`);
		},
	}),
	defineAction({
		id: 'registry.logout',
		title: 'Log out of a registry (forget its stored credentials)',
		keys: ['I'],
		scope: 'images',
		changesState: true,
		ask: () => ({kind: 'text', title: t('Log out of which registry? (empty: Docker Hub)'), text: ''}),
		validate: value => (/\s|\//.test(value.trim()) ? t('registry: a host[:port], without spaces or a path') : undefined),
		command: (_targets, answer) => dockerLine('logout', (answer?.value ?? '').trim()),
		async run(ctx, _targets, answer) {
			const registry = (answer?.value ?? '').trim() || 'docker.io';
			const forgotten = await ctx.engine.logout(registry);
			ctx.model.notify('info', forgotten ? t('logged out of {registry}', {registry: sanitize(registry)}) : t('no credentials were stored for {registry}', {registry: sanitize(registry)}));
		},
	}),
	defineAction({
		id: 'registry.browse',
		hint: 'registry',
		title: 'Browse a registry’s repositories and tags, and pull one',
		keys: ['R'],
		scope: 'images',
		ask: () => ({kind: 'text', title: t('Browse which registry (host:port)?'), text: ''}),
		validate: value => (value.trim() === '' || /\s|\//.test(value.trim()) ? t('registry: a host[:port], e.g. 127.0.0.1:5000') : undefined),
		async run(ctx, _targets, answer) {
			const registry = (answer?.value ?? '').trim();
			ctx.model.notify('info', t('listing {registry}…', {registry: sanitize(registry)}));
			const {repositories, truncated} = await ctx.engine.listRegistryRepositories(registry);
			if (repositories.length === 0) {
				ctx.model.notify('info', t('{registry} has no repositories', {registry: sanitize(registry)}));
				return;
			}

			ctx.model.clearNotice();
			openDialog(ctx, browseTags, {
				kind: 'choice',
				title: truncated ? t('Repositories of {registry} (the registry has more):', {registry: sanitize(registry)}) : t('Repositories of {registry}:', {registry: sanitize(registry)}),
				choices: repositories.map(repository => ({value: `${registry}\n${repository}`, label: sanitize(repository)})),
				index: 0,
				filter: '',
			});
		},
	}),
	browseTags,
	pullChosen,
	defineAction({
		id: 'registry.search',
		hint: 'search',
		title: 'Search the engine’s image index (docker search) and pull a result',
		keys: ['F'],
		scope: 'images',
		ask: () => ({
			kind: 'form',
			title: t('Search the image index'),
			submitLabel: t('Search'),
			index: 0,
			errors: {},
			fields: formFields([
				['term', t('term'), 'text'],
				['official', t('official only'), 'toggle', 'false'],
				['stars', t('at least stars'), 'text', '', '0'],
			]),
		}),
		check: fields =>
			({
				errors: errorsOf([
					['term', (fields['term'] ?? '').trim() === '' ? t('term: type what to search for') : undefined],
					['stars', /^\d*$/.test((fields['stars'] ?? '').trim()) ? undefined : t('stars: a whole number')],
				]),
			}),
		async run(ctx, _targets, answer) {
			const fields = answer?.fields ?? {};
			const term = (fields['term'] ?? '').trim();
			const stars = Number.parseInt(fields['stars'] ?? '', 10);
			const results = await ctx.engine.searchImages(term, {officialOnly: fields['official'] === 'true', ...(Number.isNaN(stars) ? {} : {minStars: stars})});
			if (results.length === 0) {
				ctx.model.notify('info', t('nothing found for {term}', {term: sanitize(term)}));
				return;
			}

			openDialog(ctx, pullChosen, {
				kind: 'choice',
				title: t('Pull which of {count} results for {term}?', {count: results.length, term: sanitize(term)}),
				choices: results.map(result => ({
					value: result.name,
					label: sanitize(`${result.name}  ★${result.stars}${result.official ? t(' [official]') : ''}  ${result.description}`),
				})),
				index: 0,
				filter: '',
			});
		},
	}),
];
