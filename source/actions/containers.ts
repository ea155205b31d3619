import type {ContainerSummary, Engine, InteractiveIo, InteractiveResult} from '../engine/types.js';
import {sanitize, splitArgs} from '../format/index.js';
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
	doing: string;
	done: string;
	applies?(container: ContainerSummary): boolean;
	skipReason?: string;
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
				doing: spec.doing,
				done: spec.done,
				applies: spec.applies,
				skipReason: spec.skipReason,
				call: async container => spec.call(ctx.engine, container, answer),
			});
		},
	});
}

const running = (container: ContainerSummary): boolean => container.state === 'running';

/** Containers as a docker command names them. */
const nameList = (targets: readonly ContainerSummary[]): string[] => targets.map(container => container.name);

/** The one container an interactive action works on: the selected, or the only marked one. */
function single(ctx: ActionContext, targets: readonly ContainerSummary[], what: string): ContainerSummary | undefined {
	const target = onlyOne(ctx, 'container', targets, what);
	if (!target) {
		return undefined;
	}

	if (!running(target)) {
		ctx.model.notify('error', `${what}: ${sanitize(target.name)} is not running`);
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
		ctx.model.notify('error', `${what} ${sanitize(target.name)}: ${reasonOf(error)}`);
		return;
	}

	if (result.detached) {
		ctx.model.notify('info', `detached from ${sanitize(target.name)}; it is still running`);
	} else {
		const code = result.exitCode === undefined ? '' : ` (exit code ${result.exitCode})`;
		ctx.model.notify('info', `${what} in ${sanitize(target.name)} ended${code}`);
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
		doing: 'starting',
		done: 'started',
		applies: container => !isUp(container),
		skipReason: 'already running',
		call: async (engine, container) => engine.startContainer(container.id),
		command: targets => dockerLine('start', ...nameList(targets)),
	}),
	lifecycle({
		id: 'container.stop',
		hint: 'stop',
		title: 'Stop',
		keys: ['s'],
		doing: 'stopping',
		done: 'stopped',
		applies: isUp,
		skipReason: 'not running',
		call: async (engine, container) => engine.stopContainer(container.id),
		command: targets => dockerLine('stop', ...nameList(targets)),
	}),
	lifecycle({
		id: 'container.restart',
		hint: 'restart',
		title: 'Restart',
		keys: ['r'],
		doing: 'restarting',
		done: 'restarted',
		call: async (engine, container) => engine.restartContainer(container.id),
		command: targets => dockerLine('restart', ...nameList(targets)),
	}),
	lifecycle({
		id: 'container.pause',
		title: 'Pause or unpause',
		keys: ['p'],
		doing: 'pausing',
		done: 'paused/unpaused',
		applies: container => container.state === 'running' || container.state === 'paused',
		skipReason: 'not running',
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
		doing: 'killing',
		done: 'signalled',
		destructive: true,
		applies: isUp,
		skipReason: 'not running',
		ask: targets => ({
			kind: 'choice',
			title: `Send which signal to ${names(targets)}?`,
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
		doing: 'removing',
		done: 'removed',
		destructive: true,
		ask: targets => ({
			kind: 'confirm',
			title: `Remove ${names(targets)}?`,
			toggles: [
				{id: 'force', key: 'f', label: 'force: stop it first if running', on: false},
				{id: 'volumes', key: 'v', label: 'also remove its anonymous volumes', on: false},
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
		ask: targets => ({kind: 'text', title: `New name for ${names(targets)}:`, text: targets[0]?.name ?? ''}),
		validate(value, targets) {
			if (targets.length !== 1) {
				return 'rename works on one container at a time';
			}

			return NAME_PATTERN.test(value)
				? undefined
				: 'name: use letters, digits, "_", "." and "-", starting with a letter or digit';
		},
		async run(ctx, targets, answer) {
			await runOnEach(ctx, targets, {
				kind: 'container',
				title: 'Rename',
				doing: 'renaming',
				done: 'renamed',
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
			const target = single(ctx, targets, 'shell');
			if (!target) {
				return;
			}

			let shell: string[] | undefined;
			try {
				shell = await ctx.engine.findShell(target.id, SHELLS);
			} catch (error) {
				ctx.model.notify('error', `shell in ${sanitize(target.name)}: ${reasonOf(error)}`);
				return;
			}

			if (!shell) {
				ctx.model.notify('error', `no bash or sh in ${sanitize(target.name)}: press E to run another command`);
				return;
			}

			await handOver(ctx, target, shell.join(' '), async io => ctx.engine.exec(target.id, shell, io));
		},
	}),
	defineAction({
		id: 'container.exec',
		title: 'Run a command inside, interactively',
		keys: ['E'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		ask: targets => ({kind: 'text', title: `Command to run in ${names(targets)}:`, text: 'sh'}),
		validate(value) {
			const parsed = splitArgs(value);
			if ('error' in parsed) {
				return `command: ${parsed.error}`;
			}

			return parsed.args.length === 0 ? 'command: type a command to run' : undefined;
		},
		async run(ctx, targets, answer) {
			const target = single(ctx, targets, 'exec');
			const parsed = splitArgs(answer?.value ?? '');
			if (!target || 'error' in parsed) {
				return;
			}

			await handOver(ctx, target, parsed.args[0] ?? 'command', async io => ctx.engine.exec(target.id, parsed.args, io));
		},
	}),
	defineAction({
		id: 'container.attach',
		title: 'Attach to the main process (Ctrl-P Ctrl-Q detaches)',
		keys: ['A'],
		scope: 'containers',
		changesState: true,
		targets: 'container',
		async run(ctx, targets) {
			const target = single(ctx, targets, 'attach');
			if (target) {
				await handOver(ctx, target, 'attach', async io => ctx.engine.attach(target.id, io));
			}
		},
	}),
];
