import type {ContainerSummary, ImageSummary, PrunableNetwork, VolumeSummary} from '../engine/types.js';
import {formatSize, sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {formFields, openDialog} from './dialogs.js';
import {imageLabel, reasonOf} from './each.js';
import {defineAction, type Action, type ActionContext, type FormCheck} from './types.js';
import {byCount, listOf} from './fields.js';

/** What a system prune removes, in the order docker removes it. */
type PruneKind = 'containers' | 'networks' | 'volumes' | 'images' | 'build-cache';

interface PruneChoice {
	kinds: ReadonlySet<PruneKind>;
	/** Every unused image, not only dangling ones. */
	allImages: boolean;
}

/** Docker's order: containers first, so what they held (networks, volumes, images) is unused after. */
const PRUNE_ORDER: readonly PruneKind[] = ['containers', 'networks', 'volumes', 'images', 'build-cache'];

/** The form's choice, as its toggles read; "all unused images" implies the dangling ones. */
export function pruneChoice(fields: Readonly<Record<string, string>>): PruneChoice {
	const on = (id: string): boolean => fields[id] === 'true';
	const allImages = on('all-images');
	const kinds = new Set<PruneKind>();
	for (const kind of PRUNE_ORDER) {
		if (kind === 'images' ? on('images') || allImages : on(kind)) {
			kinds.add(kind);
		}
	}

	return {kinds, allImages};
}

/** The docker commands a choice stands for: `docker system prune` when it is one, else one per kind. */
export function pruneCommand(choice: PruneChoice): string {
	const {kinds, allImages} = choice;
	const system = ['containers', 'networks', 'images', 'build-cache'] as const;
	if (system.every(kind => kinds.has(kind))) {
		return ['docker system prune', allImages ? '--all' : '', kinds.has('volumes') ? '--volumes' : ''].filter(Boolean).join(' ');
	}

	const commands: Record<PruneKind, string> = {
		containers: 'docker container prune',
		networks: 'docker network prune',
		volumes: 'docker volume prune',
		images: `docker image prune${allImages ? ' --all' : ''}`,
		'build-cache': 'docker builder prune',
	};
	return PRUNE_ORDER.filter(kind => kinds.has(kind))
		.map(kind => commands[kind])
		.join('; ');
}

/** A kind as the user reads it, e.g. in what failed. */
function kindWord(kind: PruneKind): string {
	switch (kind) {
		case 'containers': {
			return t('containers');
		}

		case 'networks': {
			return t('networks');
		}

		case 'volumes': {
			return t('volumes');
		}

		case 'images': {
			return t('images');
		}

		case 'build-cache': {
			return t('build-cache');
		}
	}
}

/** A choice as the confirm step carries it, and back. */
function carried(choice: PruneChoice): string {
	return JSON.stringify({kinds: [...choice.kinds], allImages: choice.allImages});
}

function fromCarry(carry: string | undefined): PruneChoice | undefined {
	if (carry === undefined) {
		return undefined;
	}

	const {kinds, allImages} = JSON.parse(carry) as {kinds: PruneKind[]; allImages: boolean};
	return {kinds: new Set(kinds), allImages};
}

interface Candidates {
	containers: ContainerSummary[];
	networks: PrunableNetwork[];
	volumes: VolumeSummary[];
	images: ImageSummary[];
	/** Images that go only because the containers using them go first. */
	freedImages: ImageSummary[];
	/** Bytes of build cache no build uses, or why it is not known. */
	buildCache?: number | string;
}

/** What a prune of these kinds would remove, asked of the engine kind by kind. */
async function candidates(ctx: ActionContext, choice: PruneChoice): Promise<Candidates> {
	const {kinds} = choice;
	const [containers, networks, volumes, images, buildCache] = await Promise.all([
		kinds.has('containers') ? ctx.engine.containersToPrune() : [],
		kinds.has('networks') ? ctx.engine.networksToPrune() : [],
		kinds.has('volumes') ? ctx.engine.volumesToPrune() : [],
		kinds.has('images') ? ctx.engine.imagesToPrune({all: choice.allImages}) : [],
		kinds.has('build-cache')
			? ctx.engine.diskUsage().then(
					usage => usage.summary.find(line => line.kind === 'build-cache')?.reclaimable ?? 0,
					(error: unknown) => t('its size is not known ({reason})', {reason: reasonOf(error)}),
				)
			: undefined,
	]);
	// An image whose only users are containers pruned first is unused by the time images are pruned.
	const going = new Set(containers.map(container => container.id));
	const listed = new Set(images.map(image => image.id));
	const users = new Map<string, string[]>();
	for (const container of ctx.model.get().containers.values()) {
		users.set(container.imageId, [...(users.get(container.imageId) ?? []), container.id]);
	}

	const freedImages = kinds.has('images')
		? ctx.model
				.get()
				.images.filter(
					image =>
						!listed.has(image.id) &&
						(choice.allImages || image.tags.length === 0) &&
						(users.get(image.id) ?? []).length > 0 &&
						(users.get(image.id) ?? []).every(id => going.has(id)),
				)
		: [];
	return {containers, networks, volumes, images, freedImages, ...(buildCache === undefined ? {} : {buildCache})};
}

/** The confirm dialog's lines: each chosen kind, then what of it goes. */
export function candidateLines(found: Candidates, choice: PruneChoice): string[] {
	const lines: string[] = [];
	const section = (title: string, items: string[]): void => {
		lines.push(`${title}: ${items.length === 0 ? t('none') : items.length}`, ...items.map(item => `  ${item}`));
	};

	for (const kind of PRUNE_ORDER.filter(item => choice.kinds.has(item))) {
		switch (kind) {
			case 'containers': {
				section(t('Stopped containers'), found.containers.map(container => `${sanitize(container.name)}  ${sanitize(container.status)}`));
				break;
			}

			case 'networks': {
				section(t('Unused networks'), found.networks.map(network => `${sanitize(network.name)}  ${sanitize(network.driver)}`));
				break;
			}

			case 'volumes': {
				section(t('Unused volumes'), found.volumes.map(volume => sanitize(volume.name)));
				break;
			}

			case 'images': {
				section(choice.allImages ? t('Unused images') : t('Dangling images'), [
					...found.images.map(image => `${sanitize(imageLabel(image))}  ${formatSize(image.size)}`),
					...found.freedImages.map(image => `${sanitize(imageLabel(image))}  ${formatSize(image.size)}  ${t('(once its containers go)')}`),
				]);
				break;
			}

			case 'build-cache': {
				const size = typeof found.buildCache === 'number' ? t('{size} reclaimable', {size: formatSize(found.buildCache)}) : (found.buildCache ?? t('unknown'));
				lines.push(t('Build cache: {size}', {size}));
				break;
			}
		}
	}

	return lines;
}

/** "2 containers", "1 network": a count of a kind of object a prune removes. */
function counted(kind: Exclude<PruneKind, 'build-cache'>, count: number): string {
	switch (kind) {
		case 'containers': {
			return byCount(count, t('{count} container', {count}), t('{count} containers', {count}));
		}

		case 'networks': {
			return byCount(count, t('{count} network', {count}), t('{count} networks', {count}));
		}

		case 'volumes': {
			return byCount(count, t('{count} volume', {count}), t('{count} volumes', {count}));
		}

		case 'images': {
			return byCount(count, t('{count} image', {count}), t('{count} images', {count}));
		}
	}
}

/** "2 containers, 1 network and 1.2MB of build cache" */
function goingSummary(found: Candidates, choice: PruneChoice): string {
	const parts: string[] = [];
	const {kinds} = choice;
	if (kinds.has('containers')) {
		parts.push(counted('containers', found.containers.length));
	}

	if (kinds.has('networks')) {
		parts.push(counted('networks', found.networks.length));
	}

	if (kinds.has('volumes')) {
		parts.push(counted('volumes', found.volumes.length));
	}

	if (kinds.has('images')) {
		parts.push(counted('images', found.images.length + found.freedImages.length));
	}

	if (kinds.has('build-cache')) {
		parts.push(typeof found.buildCache === 'number' ? t('{size} of build cache', {size: formatSize(found.buildCache)}) : t('the unused build cache'));
	}

	return parts.length > 0 ? listOf(parts) : t('nothing');
}

/** The last step of the system prune: what goes was listed; yes prunes kind by kind, in docker's order. */
const systemPruneConfirmed = defineAction({
	id: 'system.prune.confirm',
	command(_targets, answer) {
		const choice = fromCarry(answer?.carry);
		return choice ? pruneCommand(choice) : undefined;
	},
	title: 'Remove what is listed',
	keys: [],
	scope: 'system',
	step: true,
	destructive: true,
	changesState: true,
	async run(ctx, _targets, answer) {
		const choice = fromCarry(answer?.carry);
		if (!choice) {
			return;
		}

		const done: string[] = [];
		const failed: string[] = [];
		let total = 0;
		/** `what` says what went, in the user's language. */
		const step = async (kind: PruneKind, prune: () => Promise<{what: string; space?: number}>): Promise<void> => {
			if (!choice.kinds.has(kind)) {
				return;
			}

			ctx.model.notify('info', t('pruning {what}…', {what: kind === 'build-cache' ? t('the build cache') : kindWord(kind)}));
			try {
				const result = await prune();
				total += result.space ?? 0;
				done.push(result.space === undefined ? result.what : `${result.what} (${formatSize(result.space)})`);
			} catch (error) {
				failed.push(t('{kind}: {reason}', {kind: kindWord(kind), reason: reasonOf(error)}));
			}
		};

		await step('containers', async () => {
			const result = await ctx.engine.pruneContainers();
			return {what: counted('containers', result.deleted.length), space: result.spaceReclaimed};
		});
		await step('networks', async () => ({what: counted('networks', (await ctx.engine.pruneNetworks()).deleted.length)}));
		await step('volumes', async () => {
			const result = await ctx.engine.pruneVolumes();
			return {what: counted('volumes', result.deleted.length), space: result.spaceReclaimed};
		});
		await step('images', async () => {
			const result = await ctx.engine.pruneImages({all: choice.allImages});
			return {what: counted('images', result.deleted.length), space: result.spaceReclaimed};
		});
		await step('build-cache', async () => ({what: t('build cache'), space: (await ctx.engine.pruneBuildCache()).spaceReclaimed}));
		const size = formatSize(total);
		const said = done.length > 0 ? t('system prune reclaimed {size}: {done}', {size, done: done.join(t(', '))}) : t('system prune reclaimed {size}', {size});
		ctx.model.notify(failed.length > 0 ? 'error' : 'info', failed.length > 0 ? t('{said}; failed: {failures}', {said, failures: failed.join('; ')}) : said);
	},
});

/** Form fields of the system prune: each kind of thing it removes, on as `docker system prune` has it. */
function pruneFields(): ReturnType<typeof formFields> {
	return formFields([
		['containers', t('containers'), 'toggle', 'true'],
		['networks', t('networks'), 'toggle', 'true'],
		['images', t('dangling images'), 'toggle', 'true'],
		['all-images', t('unused images'), 'toggle', 'false'],
		['build-cache', t('build cache'), 'toggle', 'true'],
		['volumes', t('volumes'), 'toggle', 'false'],
	]);
}

export const systemActions: Action[] = [
	defineAction({
		id: 'system.prune',
		hint: 'prune',
		title: 'System prune: choose what goes (stopped containers, unused networks, images, build cache, volumes), see it listed, then confirm',
		keys: ['X'],
		scope: 'system',
		// It only asks and lists; the confirmed step removes.
		changesState: true,
		ask: () => ({kind: 'form', title: t('System prune: which of what is stopped or unused should go?'), submitLabel: t('List'), index: 0, errors: {}, fields: pruneFields()}),
		check(fields): FormCheck {
			const choice = pruneChoice(fields);
			return choice.kinds.size === 0 ? {errors: {containers: t('containers: choose at least one kind of thing to prune')}} : {errors: {}, preview: pruneCommand(choice)};
		},
		async run(ctx, _targets, answer) {
			const choice = pruneChoice(answer?.fields ?? {});
			if (choice.kinds.size === 0) {
				throw new Error(t('choose at least one kind of thing to prune'));
			}

			const found = await candidates(ctx, choice);
			const count = found.containers.length + found.networks.length + found.volumes.length + found.images.length + found.freedImages.length;
			if (count === 0 && (found.buildCache === undefined || found.buildCache === 0)) {
				ctx.model.notify('info', t('nothing to prune of the kinds chosen'));
				return;
			}

			openDialog(ctx, systemPruneConfirmed, {
				kind: 'confirm',
				carry: carried(choice),
				title: t('Remove {what}?', {what: goingSummary(found, choice)}),
				lines: candidateLines(found, choice),
				toggles: [],
			});
		},
	}),
	systemPruneConfirmed,
	defineAction({
		id: 'events.pause',
		hint: 'pause',
		title: 'Pause or resume the events list (events keep arriving)',
		keys: ['p'],
		scope: 'events',
		run(ctx) {
			const {total} = ctx.events.get();
			ctx.view.change(state => ({...state, mainScroll: 0, events: {...state.events, pausedAt: state.events.pausedAt === undefined ? total : undefined}}));
		},
	}),
	defineAction({
		id: 'events.filter',
		hint: 'filter',
		title: 'Filter events by words, or type:NAME (container, image, volume, network…)',
		keys: ['/'],
		scope: 'events',
		run(ctx) {
			ctx.view.change(state => ({...state, mainScroll: 0, input: {purpose: 'events', text: state.events.filter}}));
		},
	}),
];
