import {MultiEngine} from '../engine/multi-engine.js';
import {t} from '../i18n/translate.js';
import {selectedKey, targetKey} from '../store/selectors.js';
import type {Action, ActionContext, Answer, Target, TargetKind} from './types.js';

// With several engines, a call that names an object goes to that object's engine by itself; these
// say which engine the other calls of an action go to (run, pull, prune, create ...): its
// target's, else the selected row's, else the first.

/** The engine of one target, when berth watches several. */
export function targetEngine(ctx: ActionContext, kind: TargetKind, target: Target): string | undefined {
	return ctx.engine instanceof MultiEngine ? ctx.engine.engineOf(targetKey(kind, target)) : undefined;
}

/** The engine an action's calls that name no object go to, when berth watches several. */
export function actionEngine(ctx: ActionContext, kind: TargetKind | undefined, targets: readonly Target[]): string | undefined {
	if (!(ctx.engine instanceof MultiEngine)) {
		return undefined;
	}

	const [first] = targets;
	const key = kind && first ? targetKey(kind, first) : selectedKey(ctx.model.get(), ctx.view.get());
	return key === undefined ? undefined : ctx.engine.engineOf(key);
}

/** The command line an action stands for, pointed at its engine when berth watches several. */
export function commandOnEngine(ctx: ActionContext, engine: string | undefined, command: string): string {
	return ctx.engine instanceof MultiEngine ? ctx.engine.commandOn(engine ?? ctx.engine.names()[0], command) : command;
}

/** "prod" for a dialog of an action that makes something new, when berth watches several engines. */
export function engineLabel(ctx: ActionContext, engine: string | undefined): string | undefined {
	return ctx.engine instanceof MultiEngine ? (engine ?? ctx.engine.names()[0]) : undefined;
}

/**
 * The command lines an action stands for: with several engines, one per engine its targets are
 * on, each pointed at its engine (`docker --context prod stop web`).
 */
export function actionCommands(ctx: ActionContext, action: Action, targets: readonly Target[], answer: Answer | undefined, fallback?: string): string[] {
	const kind = action.targets;
	if (!(ctx.engine instanceof MultiEngine) || !kind || targets.length === 0) {
		const command = action.command?.(targets, answer, ctx) ?? fallback;
		return command === undefined ? [] : [commandOnEngine(ctx, actionEngine(ctx, kind, targets), command)];
	}

	const byEngine = new Map<string | undefined, Target[]>();
	for (const target of targets) {
		const engine = targetEngine(ctx, kind, target);
		byEngine.set(engine, [...(byEngine.get(engine) ?? []), target]);
	}

	return [...byEngine].flatMap(([engine, group]) => {
		const command = action.command?.(group, answer, ctx) ?? fallback;
		return command === undefined ? [] : [commandOnEngine(ctx, engine, command)];
	});
}

/** A plain action's dialog that changes something names the engine it goes to, when berth watches several. */
export function dialogOnEngine<T extends {title: string}>(ctx: ActionContext, action: Action, spec: T): T {
	const engine = action.targets || !action.changesState ? undefined : engineLabel(ctx, actionEngine(ctx, undefined, []));
	return engine === undefined ? spec : {...spec, title: t('{title} (engine {engine})', {title: spec.title, engine})};
}
