import type {ImageSummary} from '../engine/types.js';
import {errorText, sanitize, shortId} from '../format/index.js';
import {targetKey} from '../store/selectors.js';
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
			return sanitize(`${project.name}/${service.name}`);
		}

		default: {
			return sanitize((target as {name: string}).name);
		}
	}
}

/** "a, b, c and 2 more" */
export function names(kind: TargetKind, targets: readonly Target[]): string {
	const shown = targets.slice(0, 3).map(target => targetName(kind, target));
	const more = targets.length > 3 ? ` and ${targets.length - 3} more` : '';
	return `${shown.join(', ')}${more}`;
}

export interface EachSpec<K extends TargetKind> {
	kind: K;
	title: string;
	/** "stopping": shown on the row and in the status bar while the call runs. */
	doing: string;
	/** "stopped": said when it succeeded. */
	done: string;
	/** Which targets the action makes sense for; the others are left alone. */
	applies?(target: TargetTypes[K]): boolean;
	/** Why a target was left alone, e.g. "is not running". */
	skipReason?: string;
	call(target: TargetTypes[K]): Promise<unknown>;
}

/** Runs one engine call per target at once, showing progress and every failure's reason. */
export async function runOnEach<K extends TargetKind>(ctx: ActionContext, targets: ReadonlyArray<TargetTypes[K]>, spec: EachSpec<K>): Promise<void> {
	const applicable = targets.filter(target => spec.applies?.(target) ?? true);
	if (applicable.length === 0) {
		ctx.model.notify('info', `nothing to do: ${names(spec.kind, targets)} ${spec.skipReason ?? ''}`.trimEnd());
		return;
	}

	const failures: string[] = [];
	await Promise.all(
		applicable.map(async target => {
			const key = targetKey(spec.kind, target);
			const name = targetName(spec.kind, target);
			ctx.model.setBusy(key, {doing: spec.doing, name});
			try {
				await spec.call(target);
			} catch (error) {
				failures.push(`${spec.title.toLowerCase()} ${name}: ${reasonOf(error)}`);
			} finally {
				ctx.model.setBusy(key, undefined);
			}
		}),
	);
	if (failures.length > 0) {
		ctx.model.notify('error', failures.join('; '));
	} else {
		ctx.model.notify('info', `${spec.done} ${names(spec.kind, applicable)}`);
	}

	clearMarks(ctx);
}

/** The one object an action that works on one acts on: the selected, or the only marked one; says so otherwise. */
export function onlyOne<K extends TargetKind>(ctx: ActionContext, kind: K, targets: ReadonlyArray<TargetTypes[K]>, what: string): TargetTypes[K] | undefined {
	const [target] = targets;
	if (targets.length !== 1 || !target) {
		ctx.model.notify('info', `${what} works on one ${kind}: unmark the others (Esc)`);
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
