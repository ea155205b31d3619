// The config file's custom commands as registry actions: each runs its argv template, filled per
// selected object, on this machine against the engine berth is connected to — in the background as
// a job, or with the terminal handed over (as exec does).
import type {CustomCommand} from '../config/custom-commands.js';
import {COMMAND_KEY_SCOPES, commandId} from '../config/keymap.js';
import {fillCommand, templateValues, usesEnv, type CommandScope} from '../config/templates.js';
import {sanitize} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {shellQuote} from '../parse/run-spec.js';
import {reasonOf, targetName} from './each.js';
import {startJob} from './jobs.js';
import {defineAction, type Action, type ActionContext, type TargetTypes} from './types.js';

/** The argv for one object: undefined (said) when it cannot be filled; the container's environment is read only when the template uses it. */
async function argvFor<S extends CommandScope>(ctx: ActionContext, what: string, command: CustomCommand, scope: S, target: TargetTypes[S]): Promise<string[] | undefined> {
	try {
		const env = scope === 'container' && usesEnv(command.command) ? (await ctx.engine.inspectContainer((target as TargetTypes['container']).id)).env : undefined;
		const filled = fillCommand(command.command, scope, templateValues(scope, target, env));
		if ('error' in filled) {
			ctx.model.notify('error', `${what}: ${sanitize(filled.error)}`);
			return undefined;
		}
		return filled.value;
	} catch (error) {
		ctx.model.notify('error', `${what}: ${reasonOf(error)}`);
		return undefined;
	}
}

/** The command lines as they will run, for the confirm dialog and the command log (environment values not yet read). */
function preview<S extends CommandScope>(command: CustomCommand, scope: S, targets: ReadonlyArray<TargetTypes[S]>): string[] {
	return targets.map(target => {
		const filled = fillCommand(command.command, scope, templateValues(scope, target));
		return sanitize('error' in filled ? filled.error : shellQuote(filled.value));
	});
}

async function runInTerminal(ctx: ActionContext, what: string, argv: readonly string[]): Promise<void> {
	try {
		const result = await ctx.terminal.handOver(async io => ctx.engine.openLocalCommand(argv, io));
		ctx.model.notify('info', result.exitCode === undefined ? t('{what} ended', {what}) : t('{what} ended (exit code {code})', {what, code: result.exitCode}));
	} catch (error) {
		ctx.model.notify('error', `${what}: ${reasonOf(error)}`);
	}
}

function defineCommand<S extends CommandScope>(command: CustomCommand, scope: S): Action {
	const title = sanitize(command.name);
	return defineAction<S>({
		id: commandId(command),
		title,
		// The key is given by the registry, where a clash with another action is found and said.
		keys: [],
		scope: COMMAND_KEY_SCOPES[scope],
		targets: scope,
		// berth cannot know what a program does: read-only mode refuses every one.
		changesState: true,
		...(command.confirm
			? {
					destructive: true,
					ask: targets => ({
						kind: 'confirm',
						title: t('Run {command} on {names}?', {command: title, names: targets.map(target => targetName(scope, target)).join(', ')}),
						lines: preview(command, scope, targets),
						toggles: [],
					}),
				}
			: {}),
		...(usesEnv(command.command) ? {} : {command: targets => preview(command, scope, targets).join(' ; ')}),
		async run(ctx, targets) {
			for (const target of targets) {
				const what = `${title} on ${targetName(scope, target)}`;
				const argv = await argvFor(ctx, what, command, scope, target);
				if (argv === undefined) {
					continue;
				}
				if (command.terminal) {
					await runInTerminal(ctx, what, argv);
				} else {
					startJob(ctx, {title: what, command: sanitize(shellQuote(argv)), run: async control => ctx.engine.runLocalCommand(argv, control)});
				}
			}
		},
	});
}

/** The registry action of a custom command, acting on the selected (or marked) objects of its scope. */
export function commandAction(command: CustomCommand): Action {
	return defineCommand(command, command.scope);
}
