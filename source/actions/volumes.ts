import path from 'node:path';
import type {VolumeCreateOptions, VolumeSummary} from '../engine/types.js';
import {formatSize, sanitize, shortId} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {parseLabels} from '../parse/labels.js';
import {shellQuote} from '../parse/run-spec.js';
import type {ModelState} from '../store/model-store.js';
import {containersByVolume} from '../store/selectors.js';
import {OBJECT_SORTS} from '../store/view-store.js';
import {formFields, openDialog} from './dialogs.js';
import {names, runOnEach} from './each.js';
import {startJob} from './jobs.js';
import {sortActions} from './sorting.js';
import {dockerLine} from './command-line.js';
import {defineAction, type Action, type ActionContext, type FormCheck} from './types.js';
import {errorsOf, existingFile, outputFileError, byCount} from './fields.js';

/** A volume name as the engine takes it (`docker volume create NAME`): two characters at least. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** A driver's name, plugins' `owner/name:tag` included. */
const DRIVER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_./:-]*$/;
/** Where the engine layer's helper container mounts the volume (source/engine/volume-helper.ts). */
const HELPER_MOUNT = '/berth-volume';

/** Shows the volume selected in the volumes pane (it may not be listed yet: the selection waits for it). */
function selectVolume(ctx: ActionContext, name: string): void {
	ctx.view.change(state => ({...state, selected: {...state.selected, volumes: name}}));
}

// ---------------------------------------------------------------------------------------------
// Create

type Parsed = {value: VolumeCreateOptions & {driver: string}} | {errors: FormCheck['errors']};

/** The create form as typed: the engine's options, or each wrong field's message. */
function parseCreate(fields: Readonly<Record<string, string>>, volumes: readonly VolumeSummary[]): Parsed {
	const name = (fields['name'] ?? '').trim();
	const driver = (fields['driver'] ?? '').trim() || 'local';
	const options = parseLabels(fields['options'] ?? '', 'driver options');
	const labels = parseLabels(fields['labels'] ?? '', 'labels');
	const errors = errorsOf([
		[
			'name',
			name === ''
				? undefined
				: !VOLUME_NAME.test(name)
					? t('name: {name} is not a volume name (two or more letters, digits, _ . or -, starting with a letter or digit)', {name})
					: volumes.some(volume => volume.name === name)
						? t('name: a volume named {name} already exists', {name})
						: undefined,
		],
		['driver', DRIVER_NAME.test(driver) ? undefined : t('driver: {driver} is not a driver name (e.g. local)', {driver})],
		['options', 'error' in options ? options.error : undefined],
		['labels', 'error' in labels ? labels.error : undefined],
	]);
	if (Object.keys(errors).length > 0 || 'error' in options || 'error' in labels) {
		return {errors};
	}

	// No name at all, rather than an empty one, lets the engine pick it.
	return {value: {...(name === '' ? {} : {name}), driver, driverOptions: options.value, labels: labels.value}};
}

function createCommand(options: VolumeCreateOptions & {driver: string}): string {
	return shellQuote([
		'docker',
		'volume',
		'create',
		...(options.driver === 'local' ? [] : ['--driver', options.driver]),
		...Object.entries(options.driverOptions).flatMap(([key, value]) => ['--opt', `${key}=${value}`]),
		...Object.entries(options.labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]),
		...(options.name ? [options.name] : []),
	]);
}

// ---------------------------------------------------------------------------------------------
// Back up and restore

/**
 * The image the engine layer most likely makes its helper container from: that of a container
 * already mounting the volume, else the oldest local image (see `helperImages` in
 * source/engine/volume-helper.ts). Only for the command line shown: the engine layer picks for itself.
 */
function helperImage(model: ModelState, volume: string): string {
	const user = containersByVolume(model.containers).get(volume)?.[0];
	if (user) {
		return user.image;
	}

	const oldest = [...model.images].sort((a, b) => a.created - b.created)[0];
	return oldest ? (oldest.tags[0] ?? shortId(oldest.id)) : 'IMAGE';
}

/**
 * The docker CLI lines that do what the engine layer does. A backup or restore goes through a
 * helper container that is created and never started: the engine's archive endpoint (what
 * `docker cp` uses) mounts a container's volumes by itself for the length of one request, so
 * `docker cp CONTAINER:/berth-volume/. -` writes the volume's files as a tar, and
 * `docker cp - CONTAINER:/berth-volume` unpacks one into it. `docker run -v … tar` would need an
 * image with a shell and tar; this needs any image, and berth does exactly this.
 */
function helperCommand(model: ModelState, volume: string, readOnly: boolean, copy: string): string {
	const mount = `type=volume,src=${volume},dst=${HELPER_MOUNT},volume-nocopy${readOnly ? ',readonly' : ''}`;
	const create = shellQuote(['docker', 'container', 'create', '--network', 'none', '--mount', mount, helperImage(model, volume), '/berth-volume-helper']);
	return `c=$(${create}) && ${copy}; docker rm -fv "$c"`;
}

function backupCommand(model: ModelState, volume: string, file: string): string {
	return helperCommand(model, volume, true, `docker cp "$c:${HELPER_MOUNT}/." - > ${shellQuote([file])}`);
}

/** With `replace`, the engine layer empties the volume by making it again with the same driver, options and labels. */
function restoreCommand(model: ModelState, volume: VolumeSummary, file: string, replace: boolean): string {
	const again = replace
		? `${shellQuote(['docker', 'volume', 'rm', volume.name])} && ${createCommand({name: volume.name, driver: volume.driver, driverOptions: {}, labels: volume.labels})} && `
		: '';
	return again + helperCommand(model, volume.name, false, `docker cp - "$c:${HELPER_MOUNT}" < ${shellQuote([file])}`);
}

/** Backup and restore read or write one volume's files; `doing` names which, in the user's language. */
function onlyOne(targets: readonly VolumeSummary[], doing: string): VolumeSummary {
	if (targets.length !== 1) {
		throw new Error(t('{action} works on one volume at a time (unmark the others)', {action: doing}));
	}

	return targets[0]!;
}

// ---------------------------------------------------------------------------------------------
// Prune

/** The last step of prune: what goes is listed; yes removes it. */
const pruneConfirmed = defineAction({
	id: 'volume.prune.confirm',
	command: () => dockerLine('volume', 'prune', '--force'),
	title: 'Remove the volumes listed',
	keys: [],
	scope: 'volumes',
	step: true,
	destructive: true,
	changesState: true,
	async run(ctx) {
		const result = await ctx.engine.pruneVolumes();
		const count = result.deleted.length;
		ctx.model.notify('info', t('pruned {what}, reclaimed {size}', {what: byCount(count, t('{count} volume', {count}), t('{count} volumes', {count})), size: formatSize(result.spaceReclaimed)}));
	},
});

/** Restores `file` into the volume as a job; with `replace` the volume is emptied first. */
function restore(ctx: ActionContext, volume: VolumeSummary, file: string, replace: boolean): void {
	startJob(ctx, {
		title: t('restore {name}', {name: volume.name}),
		command: restoreCommand(ctx.model.get(), volume, file, replace),
		run: async control => ctx.engine.restoreVolume(volume.name, file, control, replace),
		describe: () => (replace ? t('restored from {file} (emptied first)', {file}) : t('restored from {file}', {file})),
	});
}

/** The last step of a restore that replaces what the volume holds; the file rides in the carry. */
const restoreReplacing = defineAction({
	id: 'volume.restore.confirm',
	title: 'Empty the volume and restore the file into it',
	keys: [],
	scope: 'volumes',
	step: true,
	destructive: true,
	changesState: true,
	targets: 'volume',
	run(ctx, targets, answer) {
		const [volume] = targets;
		if (volume && answer?.carry) {
			restore(ctx, volume, answer.carry, true);
		}
	},
});

export const volumeActions: Action[] = [
	...sortActions('volumes', 'volumeSort', OBJECT_SORTS),
	defineAction({
		id: 'volume.create',
		hint: 'new',
		title: 'Create a volume (a form)',
		keys: ['n'],
		scope: 'volumes',
		changesState: true,
		ask: () => ({
			kind: 'form',
			title: t('Create a volume'),
			submitLabel: t('Create'),
			index: 0,
			errors: {},
			fields: formFields([
				['name', t('name'), 'text', '', t('empty: the engine picks one')],
				['driver', t('driver'), 'text', 'local'],
				['options', t('driver options'), 'list', '', t('type=tmpfs, one a line')],
				['labels', t('labels'), 'list', '', t('key=value, one a line')],
			]),
		}),
		check(fields, ctx) {
			const parsed = parseCreate(fields, ctx.model.get().volumes);
			return 'errors' in parsed ? {errors: parsed.errors} : {errors: {}, preview: createCommand(parsed.value)};
		},
		async run(ctx, _targets, answer) {
			const parsed = parseCreate(answer?.fields ?? {}, ctx.model.get().volumes);
			if ('errors' in parsed) {
				throw new Error(Object.values(parsed.errors).join('; '));
			}

			const created = await ctx.engine.createVolume(parsed.value);
			selectVolume(ctx, created.name);
			ctx.model.notify('info', t('created volume {name}', {name: sanitize(created.name)}));
		},
	}),
	defineAction({
		id: 'volume.remove',
		command: (targets, answer) => dockerLine('volume', 'rm', answer?.toggles['force'] === true && '--force', ...targets.map(volume => volume.name)),
		hint: 'remove',
		title: 'Remove',
		keys: ['d'],
		scope: 'volumes',
		destructive: true,
		changesState: true,
		targets: 'volume',
		ask(targets, ctx) {
			const users = containersByVolume(ctx.model.get().containers);
			// The engine refuses a volume in use, forced or not: say so before it does.
			const lines = targets.flatMap(volume => {
				const using = users.get(volume.name) ?? [];
				return using.length === 0 ? [] : [t('{name}: in use by {containers} (it will be refused)', {name: volume.name, containers: using.map(container => container.name).join(', ')})];
			});
			return {
				kind: 'confirm',
				title: t('Remove {names}?', {names: names('volume', targets)}),
				...(lines.length > 0 ? {lines} : {}),
				toggles: [{id: 'force', key: 'f', label: t('force: forgive a volume already gone or lost by its driver'), on: false}],
			};
		},
		async run(ctx, targets, answer) {
			const force = answer?.toggles['force'] ?? false;
			await runOnEach(ctx, targets, {
				kind: 'volume',
				title: 'Remove',
				doing: t('removing'),
				done: t('removed'),
				call: async volume => ctx.engine.removeVolume(volume.name, {force}),
			});
		},
	}),
	defineAction({
		// Not itself destructive: it only lists what a prune would remove, and its confirm step asks.
		id: 'volume.prune',
		hint: 'prune',
		title: 'Prune: remove the volumes no container uses (lists them, then asks)',
		keys: ['X'],
		scope: 'volumes',
		changesState: true,
		async run(ctx) {
			const going = await ctx.engine.volumesToPrune();
			if (going.length === 0) {
				ctx.model.notify('note', t('no unused volumes to prune'));
				return;
			}

			// Sizes come from the engine's disk usage report, which walks every volume: asked for
			// once here, and left out when it fails.
			const usage = await ctx.engine.volumeUsage().catch(() => undefined);
			const sizeOf = (volume: VolumeSummary): number | undefined => {
				const size = usage?.get(volume.name)?.size;
				return size === undefined || size < 0 ? undefined : size;
			};

			const known = going.map(volume => sizeOf(volume)).filter((size): size is number => size !== undefined);
			const size = formatSize(known.reduce((sum, each) => sum + each, 0));
			const count = going.length;
			const total = known.length === 0 ? '' : known.length < count ? t(' ({size} known)', {size}) : ` (${size})`;
			openDialog(ctx, pruneConfirmed, {
				kind: 'confirm',
				title: byCount(count, t('Remove these {count} unused volume{total}?', {count, total}), t('Remove these {count} unused volumes{total}?', {count, total})),
				lines: going.map(volume => {
					const size = sizeOf(volume);
					return `${volume.name}  ${volume.driver}${size === undefined ? '' : `  ${formatSize(size)}`}`;
				}),
				toggles: [],
			});
		},
	}),
	pruneConfirmed,
	defineAction({
		id: 'volume.backup',
		hint: 'backup',
		title: 'Back up the volume’s files to a tar file',
		keys: ['B'],
		scope: 'volumes',
		// A helper container is made and removed again on the engine: read-only mode refuses that too.
		changesState: true,
		targets: 'volume',
		ask: targets => ({
			kind: 'form',
			title: t('Back up volume {names} to a tar file', {names: names('volume', targets)}),
			submitLabel: t('Back up'),
			index: 0,
			errors: {},
			fields: formFields([
				['file', t('file'), 'text', targets.length === 1 ? `${targets[0]!.name}.tar` : '', 'volume.tar'],
				['overwrite', t('overwrite'), 'toggle', 'false'],
			]),
		}),
		check: fields => ({errors: errorsOf([['file', outputFileError(fields)]])}),
		run(ctx, targets, answer) {
			const volume = onlyOne(targets, t('back up'));
			const wrong = outputFileError(answer?.fields ?? {});
			if (wrong !== undefined) {
				throw new Error(wrong);
			}

			const file = path.resolve((answer?.fields['file'] ?? '').trim());
			startJob(ctx, {
				title: t('back up {name}', {name: volume.name}),
				command: backupCommand(ctx.model.get(), volume.name, file),
				run: async control => ctx.engine.backupVolume(volume.name, file, control, answer?.fields['overwrite'] === 'true'),
				describe: () => t('saved to {file}', {file}),
			});
		},
	}),
	defineAction({
		id: 'volume.restore',
		hint: 'restore',
		title: 'Restore files from a tar file into the volume',
		keys: ['R'],
		scope: 'volumes',
		changesState: true,
		targets: 'volume',
		ask: targets => ({
			kind: 'form',
			title: t('Restore volume {names} from a tar file (replace: empty it first)', {names: names('volume', targets)}),
			submitLabel: t('Restore'),
			index: 0,
			errors: {},
			fields: formFields([
				['file', t('file'), 'text', '', t('volume.tar (or .tar.gz)')],
				['replace', t('replace'), 'toggle', 'false'],
			]),
		}),
		check: fields => ({errors: errorsOf([['file', existingFile(fields['file'] ?? '', t('file'))]])}),
		async run(ctx, targets, answer) {
			const volume = onlyOne(targets, t('restore'));
			const wrong = existingFile(answer?.fields['file'] ?? '', t('file'));
			if (wrong !== undefined) {
				throw new Error(wrong);
			}

			const replace = answer?.fields['replace'] === 'true';
			const file = path.resolve((answer?.fields['file'] ?? '').trim());
			// Asked before the job starts, so the form stays open, filled, with the reason.
			const empty = await ctx.engine.volumeIsEmpty(volume.name);
			if (!replace && !empty) {
				throw new Error(t('volume {name} is not empty: tick replace to empty it first, or restore into an empty volume', {name: sanitize(volume.name)}));
			}

			if (replace && !empty) {
				// Emptying a volume cannot be undone: asked once more, naming what goes.
				openDialog(
					ctx,
					restoreReplacing,
					{kind: 'confirm', title: t('Erase everything in {name}, then restore {file} into it?', {name: sanitize(volume.name), file: sanitize(file)}), toggles: [], carry: file},
					[volume.name],
				);
				return;
			}

			restore(ctx, volume, file, false);
		},
	}),
	restoreReplacing,
];
