import type {ContainerSummary, Engine, InteractiveIo, InteractiveResult} from '../engine/types.js';
import {sanitize, splitArgs} from '../format/index.js';
import {t} from '../i18n/translate.js';
import {SORT_COLUMNS} from '../store/metrics.js';
import {isUp} from '../store/selectors.js';
import {dockerLine} from './command-line.js';
import {names as namesOf, onlyOne, reasonOf, runOnEach} from './each.js';
import {sortActions} from './sorting.js';
import {defineAction, type Action, type ActionContext, type Answer, type ObjectAction} from './types.js';

const names = (targets: readonly ContainerSummary[]): string => namesOf('container', targets);

export const SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

/** Docker's rule for container names. */
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const SHELLS: string[][] = [['bash'], ['sh']];

type ContainerAction = ObjectAction<'container'>;

interface LifecycleSpec {
	id: string;
	title: string;
	hint?: string;
	keys: string[];
	/** What runOnEach says, in the user's language: asked for when the action runs, not when it is defined. */
	words(): {doing: string; done: string; skipReason?: string};
	applies?(container: ContainerSummary): boolean;
	call(engine: Engine, container: ContainerSummary, answer?: Answer): Promise<void>;
	destructive?: boolean;
	ask?: ContainerAction['ask'];
	/** The docker command line, for the command log. */
	command?(targets: readonly ContainerSummary[], answer?: Answer): string;
}

function lifecycle(spec: LifecycleSpec): Action {
	return defineAction({
		id: spec.id,
		title: spec.title,
		hint: spec.hint,
		keys: spec.keys,
		scope: 'containers',
		destructive: spec.destructive,
		changesState: true,
		targets: 'container',
		ask: spec.ask,
		command: spec.command,
		async run(ctx, targets, answer) {
			await runOnEach(ctx, targets, {
				kind: 'container',
				title: spec.title,
				...spec.words(),
				applies: spec.applies,
				call: async container => spec.call(ctx.engine, container, answer),
			});
		},
	});
}

const running = (container: ContainerSummary): boolean => container.state === 'running';

/** Containers as a docker command names them. */
const nameList = (targets: readonly ContainerSummary[]): string[] => targets.map(container => container.name);

/** The one container an interactive action (`what`, in the user's language) works on: the selected, or the only marked one. */
function single(ctx: ActionContext, targets: readonly ContainerSummary[], what: string): ContainerSummary | undefined {
	const target = onlyOne(ctx, 'container', targets, what);
	if (!target) {
		return undefined;
	}

	if (!running(target)) {
		ctx.model.notify('error', t('{action}: {name} is not running', {action: what, name: sanitize(target.name)}));
		return undefined;
	}

	return target;
}

async function handOver(
	ctx: ActionContext,
	target: ContainerSummary,
	what: string,
	open: (io: InteractiveIo) => ReturnType<Engine['exec']>,
): Promise<void> {
	let result: InteractiveResult;
	try {
		result = await ctx.terminal.handOver(open);
	} catch (error) {
		ctx.model.notify('error', t('{action} {name}: {reason}', {action: what, name: sanitize(target.name), reason: reasonOf(error)}));
		return;
	}

	if (result.detached) {
		ctx.model.notify('info', t('detached from {name}; it is still running', {name: sanitize(target.name)}));
	} else {
		const name = sanitize(target.name);
		ctx.model.notify(
			'info',
			result.exitCode === undefined ? t('{what} in {name} ended', {what, name}) : t('{what} in {name} ended (exit code {code})', {what, name, code: result.exitCode}),
		);
	}
}

export const containerActions: Action[] = [
	{
		id: 'container.toggleStopped',
		hint: 'stopped',
		title: 'Show or hide stopped containers',
		keys: ['a'],
		scope: 'containers',
		run(ctx) {
			ctx.view.change(state => ({...state, showStopped: !state.showStopped}));
		},
	},
	...sortActions('containers', 'sort', SORT_COLUMNS),
	lifecycle({
		id: 'container.start',
		hint: 'start',
		title: 'Start',
		keys: ['u'],
		words: () => ({doing: t('starting'), done: t('started'), skipReason: t('already running')}),
		applies: container => !isUp(container),
		call: async (engine, container) => engine.startContainer(container.id),
		command: targets => dockerLine('start', ...nameList(targets)),
	}),
	lifecycle({
		id: 'container.stop',
		hint: 'stop',
		title: 'Stop',
		keys: ['s'],
		words: () => ({doing: t('stopping'), done: t('stopped'), skipReason: t('not running')}),
		applies: isUp,
		call: async (engine, container) => engine.stopContainer(container.id),
		command: targets => dockerLine('stop', ...nameList(targets)),
	}),
	lifecycle({
		id: 'container.restart',
		hint: 'restart',
		title: 'Restart',
		keys: ['r'],
		words: () => ({doing: t('restarting'), done: t('restarted')}),
		call: async (engine, container) => engine.restartContainer(container.id),
		command: targets => dockerLine('restart', ...nameList(targets)),
	}),
	lifecycle({
		id: 'container.pause',
		title: 'Pause or unpause',
		keys: ['p'],
		words: () => ({doing: t('pausing'), done: t('paused/unpaused'), skipReason: t('not running')}),
		applies: container => container.state === 'running' || container.state === 'paused',
		call: async (engine, container) =>
			container.state === 'paused' ? engine.unpauseContainer(container.id) : engine.pauseContainer(container.id),
		command(targets) {
			const paused = targets.filter(container => container.state === 'paused');
			const others = targets.filter(container => container.state !== 'paused');
			return [paused.length > 0 ? dockerLine('unpause', ...nameList(paused)) : '', others.length > 0 ? dockerLine('pause', ...nameList(others)) : '']
				.filter(Boolean)
				.join(' && ');
		},
	}),
	lifecycle({
		id: 'container.kill',
		title: 'Kill',
		keys: ['K'],
		words: () => ({doing: t('killing'), done: t('signalled'), skipReason: t('not running')}),
		destructive: true,
		applies: isUp,
		ask: targets => ({
			kind: 'choice',
			title: t('Send which signal to {names}?', {names: names(targets)}),
			choices: SIGNALS.map(signal => ({value: signal, label: signal})),
			index: 0,
		}),
		call: async (engine, container, answer) => engine.killContainer(container.id, answer?.value ?? 'SIGKILL'),
		command: (targets, answer) => dockerLine('kill', '--signal', answer?.value ?? 'SIGKILL', ...nameList(targets)),
	}),
	lifecycle({
		id: 'container.remove',
		hint: 'remove',
		title: 'Remove',
		keys: ['d'],
		words: () => ({doing: t('removing'), done: t('removed')}),
		destructive: true,
		ask: targets => ({
			kind: 'confirm',
			title: t('Remove {names}?', {names: names(targets)}),
			toggles: [
				{id: 'force', key: 'f', label: t('force: stop it first if running'), on: false},
				{id: 'volumes', key: 'v', label: t('also remove its anonymous volumes'), on: false},
			],
		}),
		call: async (engine, container, answer) =>
			engine.removeContainer(container.id, {
				force: answer?.toggles['force'] ?? false,
				volumes: answer?.toggles['volumes'] ?? false,
			}),
		command: (targets, answer) => dockerLine('rm', answer?.toggles['force'] === true && '--force', answer?.toggles['volumes'] === true && '--volumes', ...nameList(targets)),
	}),
	defineAction({
		id: 'container.rename',
		title: 'Rename',
		keys: ['n'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		ask: targets => ({kind: 'text', title: t('New name for {names}:', {names: names(targets)}), text: targets[0]?.name ?? ''}),
		validate(value, targets) {
			if (targets.length !== 1) {
				return t('rename works on one container at a time');
			}

			return NAME_PATTERN.test(value) ? undefined : t('name: use letters, digits, "_", "." and "-", starting with a letter or digit');
		},
		command: (targets, answer) => dockerLine('rename', ...nameList(targets), answer?.value),
		async run(ctx, targets, answer) {
			await runOnEach(ctx, targets, {
				kind: 'container',
				title: 'Rename',
				doing: t('renaming'),
				done: name => t('renamed {name} to {new}', {name, new: sanitize(answer?.value ?? '')}),
				call: async container => ctx.engine.renameContainer(container.id, answer?.value ?? container.name),
			});
		},
	}),
	defineAction({
		id: 'container.shell',
		hint: 'shell',
		title: 'Open a shell inside (bash, else sh)',
		keys: ['e'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		async run(ctx, targets) {
			const target = single(ctx, targets, t('shell'));
			if (!target) {
				return;
			}

			let shell: string[] | undefined;
			try {
				shell = await ctx.engine.findShell(target.id, SHELLS);
			} catch (error) {
				ctx.model.notify('error', t('shell in {name}: {reason}', {name: sanitize(target.name), reason: reasonOf(error)}));
				return;
			}

			if (!shell) {
				ctx.model.notify('error', t('no bash or sh in {name}: press E to run another command', {name: sanitize(target.name)}));
				return;
			}

			await handOver(ctx, target, shell.join(' '), async io => ctx.engine.exec(target.id, shell, io));
			// Only now is it known which shell it was.
			return dockerLine('exec', '-it', target.name, ...shell);
		},
	}),
	defineAction({
		id: 'container.exec',
		title: 'Run a command inside, interactively',
		keys: ['E'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		ask: targets => ({kind: 'text', title: t('Command to run in {names}:', {names: names(targets)}), text: 'sh'}),
		validate(value) {
			const parsed = splitArgs(value);
			if ('error' in parsed) {
				return t('command: {reason}', {reason: parsed.error});
			}

			return parsed.args.length === 0 ? t('command: type a command to run') : undefined;
		},
		command(targets, answer) {
			const parsed = splitArgs(answer?.value ?? '');
			return dockerLine('exec', '-it', ...nameList(targets), ...('error' in parsed ? [] : parsed.args));
		},
		async run(ctx, targets, answer) {
			const target = single(ctx, targets, t('exec'));
			const parsed = splitArgs(answer?.value ?? '');
			if (!target || 'error' in parsed) {
				return;
			}

			await handOver(ctx, target, parsed.args[0] ?? t('command'), async io => ctx.engine.exec(target.id, parsed.args, io));
		},
	}),
	defineAction({
		id: 'container.attach',
		title: 'Attach to the main process (Ctrl-P Ctrl-Q detaches)',
		keys: ['A'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		command: targets => dockerLine('attach', ...nameList(targets)),
		async run(ctx, targets) {
			const target = single(ctx, targets, t('attach'));
			if (target) {
				await handOver(ctx, target, t('attach'), async io => ctx.engine.attach(target.id, io));
			}
		},
	}),
];
