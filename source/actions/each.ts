import type {ImageSummary, NodeSummary} from '../engine/types.js';
import {errorText, sanitize, shortId} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {targetKey} from '../store/selectors.js';
import {bareKey} from '../format/engine-key.js';
import {withEngine} from '../engine/multi-engine.js';
import {targetEngine} from './engine-scope.js';
import type {ProjectService} from '../store/projects.js';
import type {ActionContext, Target, TargetKind, TargetTypes} from './types.js';

export function reasonOf(error: unknown): string {
	return sanitize(errorText(error));
}

/** How an image is named to the user: its first tag, else its short id. */
export function imageLabel(image: ImageSummary): string {
	return image.tags[0] ?? shortId(image.id);
}

/** An object's name as shown, sanitised. */
export function targetName(kind: TargetKind, target: Target): string {
	switch (kind) {
		case 'image': {
			return sanitize(imageLabel(target as ImageSummary));
		}

		case 'service': {
			const {project, service} = target as ProjectService;
			return sanitize(`${bareKey(project.name)}/${service.name}`);
		}

		case 'node': {
			return sanitize((target as NodeSummary).hostname);
		}

		default: {
			return sanitize(bareKey((target as {name: string}).name));
		}
	}
}

/** "a, b, c and 2 more" */
export function names(kind: TargetKind, targets: readonly Target[]): string {
	const shown = targets.slice(0, 3).map(target => targetName(kind, target)).join(', ');
	return targets.length > 3 ? t('{names} and {count} more', {names: shown, count: targets.length - 3}) : shown;
}

/** The word for a kind of object, in the user's language. */
export function kindWord(kind: TargetKind): string {
	switch (kind) {
		case 'container': {
			return t('container');
		}

		case 'image': {
			return t('image');
		}

		case 'volume': {
			return t('volume');
		}

		case 'network': {
			return t('network');
		}

		case 'project': {
			return t('project');
		}

		case 'service': {
			return t('service');
		}

		case 'node': {
			return t('node');
		}

		case 'swarm-service': {
			return t('swarm-service');
		}

		case 'stack': {
			return t('stack');
		}

		case 'swarm-data': {
			return t('swarm-data');
		}
	}
}

export interface EachSpec<K extends TargetKind> {
	kind: K;
	/** The action's title in English (as the registry has it), named in a failure's message. */
	title: string;
	/** "stopping": shown on the row and in the status bar while the call runs (already in the user's language). */
	doing: string;
	/** "stopped": said, before the names, when it succeeded (already in the user's language); or the whole sentence, from the names. */
	done: string | ((names: string) => string);
	/** Which targets the action makes sense for; the others are left alone. */
	applies?(target: TargetTypes[K]): boolean;
	/** Why a target was left alone, e.g. "not running" (already in the user's language). */
	skipReason?: string;
	call(target: TargetTypes[K]): Promise<unknown>;
}

/** Runs one engine call per target at once, showing progress and every failure's reason. */
export async function runOnEach<K extends TargetKind>(ctx: ActionContext, targets: ReadonlyArray<TargetTypes[K]>, spec: EachSpec<K>): Promise<void> {
	const applicable = targets.filter(target => spec.applies?.(target) ?? true);
	if (applicable.length === 0) {
		const shown = names(spec.kind, targets);
		ctx.model.notify('info', spec.skipReason === undefined ? t('nothing to do: {names}', {names: shown}) : t('nothing to do: {names} {reason}', {names: shown, reason: spec.skipReason}));
		return;
	}

	const failures: string[] = [];
	await Promise.all(
		applicable.map(async target => {
			const key = targetKey(spec.kind, target);
			const name = targetName(spec.kind, target);
			ctx.model.setBusy(key, {doing: spec.doing, name});
			try {
				await withEngine(targetEngine(ctx, spec.kind, target), async () => spec.call(target));
			} catch (error) {
				failures.push(t('{action} {name}: {reason}', {action: t(spec.title).toLowerCase(), name, reason: reasonOf(error)}));
			} finally {
				ctx.model.setBusy(key, undefined);
			}
		}),
	);
	if (failures.length > 0) {
		ctx.model.notify('error', failures.join('; '));
	} else {
		const shown = names(spec.kind, applicable);
		ctx.model.notify('info', typeof spec.done === 'string' ? t('{done} {names}', {done: spec.done, names: shown}) : spec.done(shown));
	}

	clearMarks(ctx);
}

/**
 * The one object an action that works on one acts on: the selected, or the only marked one; says
 * so otherwise, naming the action by `what` (in the user's language).
 */
export function onlyOne<K extends TargetKind>(ctx: ActionContext, kind: K, targets: ReadonlyArray<TargetTypes[K]>, what: string): TargetTypes[K] | undefined {
	const [target] = targets;
	if (targets.length !== 1 || !target) {
		ctx.model.notify('info', t('{action} works on one {kind}: unmark the others (Esc)', {action: what, kind: kindWord(kind)}));
		return undefined;
	}

	return target;
}

/** Marks are spent once an action has used them. */
export function clearMarks(ctx: ActionContext): void {
	ctx.view.change(state => {
		const marked = state.marked[state.pane];
		return marked.size > 0 ? {...state, marked: {...state.marked, [state.pane]: new Set()}} : state;
	});
}
