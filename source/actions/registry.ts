import {engineUnreachable, type ModelState} from '../store/model-store.js';
import type {ViewState} from '../store/view-store.js';
import {containerActions} from './containers.js';
import {containerOpsActions} from './container-ops.js';
import {engineActions} from './engines.js';
import {imageActions} from './images.js';
import {jobActions} from './jobs.js';
import {runActions} from './run.js';
import {systemActions} from './system.js';
import {volumeActions} from './volumes.js';
import {projectActions} from './projects.js';
import {nodeActions} from './swarm-nodes.js';
import {swarmServiceActions} from './swarm-services.js';
import {stackActions} from './swarm-stacks.js';
import {swarmDataActions} from './swarm-secrets.js';
import {isServiceKey} from '../store/projects.js';
import {networkActions} from './networks.js';
import {logActions} from './logs.js';
import {navigationActions} from './navigation.js';
import {paletteActions} from './palette.js';
import {copyActions} from './copy.js';
import {commandLogActions} from './command-log.js';
import type {Action, Scope} from './types.js';
import {applyKeyOverrides, commandKeys, type RefusedSetting} from '../config/keymap.js';
import type {CustomCommand} from '../config/custom-commands.js';
import {commandAction} from './custom-commands.js';
import {confirmationRule} from './dialogs.js';
import type {Confirmations, Keymap} from '../config/schema.js';

/** Every action a user can take: the one source of keys, titles, help and confirmation rules. */
export const ACTIONS: Action[] = [...logActions, ...containerActions, ...containerOpsActions, ...runActions, ...imageActions, ...volumeActions, ...networkActions, ...projectActions, ...nodeActions, ...swarmServiceActions, ...stackActions, ...swarmDataActions, ...jobActions, ...systemActions, ...engineActions, ...paletteActions, ...copyActions, ...commandLogActions, ...navigationActions];

const byScopeAndKey = new Map<string, Action>();
function indexKeys(): void {
	byScopeAndKey.clear();
	for (const action of ACTIONS) {
		for (const key of action.keys) {
			byScopeAndKey.set(`${action.scope} ${key}`, action);
		}
	}
}

indexKeys();

/**
 * Gives the actions the keys a config file sets (action id → keys), before anything is drawn;
 * help, hints and the palette then show them. Returns the overrides refused because a key would
 * mean two actions in one scope, each naming both.
 */
export function applyKeys(keymap: Keymap): RefusedSetting[] {
	const {actions, conflicts} = applyKeyOverrides(ACTIONS, keymap);
	for (const [index, action] of actions.entries()) {
		ACTIONS[index]!.keys = action.keys;
	}
	indexKeys();
	return conflicts;
}

/**
 * Files the config file's custom commands as actions (help, the palette and hints then list them),
 * each with its key unless another action in its scope has it. Returns those clashes. A command
 * the config's keys section binds (as command.NAME) waits for applyKeys(keys) to get those instead.
 */
export function addCommands(commands: readonly CustomCommand[], keys: Keymap = {}): RefusedSetting[] {
	ACTIONS.push(...commands.map(commandAction));
	return applyKeys(commandKeys(commands, keys));
}

/** Whether an action is destructive, itself or in the step it leads to (a prune asks in its .confirm step): it always asks. */
export function isDestructive(action: Action): boolean {
	return action.destructive === true || ACTIONS.some(step => step.step === true && step.destructive === true && step.id.startsWith(`${action.id}.`));
}

/**
 * Makes the actions ask first, or not, as the config file's confirmations say (after addCommands:
 * it may name the commands). Returns the settings refused, each with why: a destructive action
 * always asks, and one that changes nothing has nothing to confirm.
 */
export function applyConfirmations(confirmations: Confirmations): RefusedSetting[] {
	const refused: RefusedSetting[] = [];
	for (const action of ACTIONS) {
		if (!Object.hasOwn(confirmations, action.id)) {
			continue;
		}
		const rule = confirmationRule(action, confirmations[action.id]!, isDestructive(action));
		if ('refused' in rule) {
			refused.push({id: action.id, message: rule.refused});
		} else {
			action.ask = rule.ask;
		}
	}
	return refused;
}

/** How help and the README name each scope. */
export const SCOPE_TITLES: Readonly<Record<Scope, string>> = {
	containers: 'Containers',
	images: 'Images',
	volumes: 'Volumes',
	networks: 'Networks',
	jobs: 'Jobs',
	system: 'System',
	projects: 'Projects',
	nodes: 'Nodes',
	'swarm-services': 'Swarm services',
	stacks: 'Stacks',
	secrets: 'Secrets and configs',
	tasks: 'Tasks',
	contents: 'Stack',
	project: 'A project row (Projects)',
	service: 'A service row (Projects)',
	services: 'Services',
	disk: 'Disk usage',
	events: 'Events',
	logs: 'Logs',
	stats: 'Stats',
	inspect: 'Inspect',
	top: 'Top',
	diff: 'Diff',
	info: 'Info',
	history: 'History',
	// A tab title as well: the image's containers.
	'used-by': 'Containers',
	output: 'Output',
	job: 'A job over the main area',
	engine: 'When the engine cannot be reached',
	list: 'Lists',
	main: 'Main area',
	global: 'Everywhere',
};

/** The scopes that hear a key right now, most specific first. */
export function scopesFor(view: ViewState, model?: ModelState): Scope[] {
	// The unreachable screen has nothing to act on but the engine itself.
	if (model && engineUnreachable(model)) {
		return ['engine', 'global'];
	}

	// A job shown over the main area hears its keys first, wherever the focus is.
	const job: Scope[] = view.job === undefined ? [] : ['job'];
	// In the projects pane the selected row's kind decides which compose actions apply.
	const row: Scope[] = view.pane === 'projects' ? [isServiceKey(view.selected.projects) ? 'service' : 'project'] : [];
	if (view.focus === 'main') {
		return [...job, view.tab[view.pane], 'main', ...row, view.pane, 'global'];
	}

	return [...job, ...row, view.pane, 'list', 'global'];
}

export function findAction(key: string, scopes: readonly Scope[]): Action | undefined {
	for (const scope of scopes) {
		const action = byScopeAndKey.get(`${scope} ${key}`);
		if (action) {
			return action;
		}
	}

	return undefined;
}

export function actionById(id: string): Action | undefined {
	return ACTIONS.find(action => action.id === id);
}

/**
 * The actions reachable from `scopes`, grouped by scope, each with only the keys that are not
 * shadowed by a more specific scope: what the help screen lists.
 */
export function reachableActions(scopes: readonly Scope[]): Array<{scope: Scope; actions: Array<{action: Action; keys: string[]}>}> {
	return scopes
		.map(scope => ({
			scope,
			actions: ACTIONS.filter(action => action.scope === scope)
				.map(action => ({action, keys: action.keys.filter(key => findAction(key, scopes) === action)}))
				.filter(entry => entry.keys.length > 0),
		}))
		.filter(group => group.actions.length > 0);
}
