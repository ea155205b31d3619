// Applying the config's keys to the action list. An override that would give one key two actions
// in one scope is not applied: the action keeps its default keys and the clash is reported.
import type {Scope} from '../actions/types.js';
import {t} from '../i18n/translate.js';
import type {CustomCommand} from './custom-commands.js';
import type {Keymap} from './schema.js';
import type {CommandScope} from './templates.js';

/** What the keymap needs of an action: the registry's actions have this shape. */
export interface Binding {
	id: string;
	scope: string;
	keys: readonly string[];
}

/** A setting the registry refused (a key override, a confirmation): the action it was for, and why, in the user's language. */
export interface RefusedSetting {
	id: string;
	/** `key "s" in scope containers: container.stop and my.custom` */
	message: string;
}

export interface AppliedKeys<T extends Binding> {
	actions: T[];
	/** One per clash, at the override named last (of two overrides, the one later in the actions). */
	conflicts: RefusedSetting[];
}

/**
 * The actions with their keys replaced by the overrides. Overrides that clash (with an action's
 * keys, or with another override) are dropped, both sides of a clash between two overrides; a
 * dropped override can uncover a clash with another, so this repeats until none is left.
 */
export function applyKeyOverrides<T extends Binding>(actions: readonly T[], overrides: Keymap): AppliedKeys<T> {
	const applied = new Set(actions.filter(action => Object.hasOwn(overrides, action.id)).map(action => action.id));
	const keysOf = (action: T): readonly string[] => (applied.has(action.id) ? overrides[action.id]! : action.keys);
	const conflicts: RefusedSetting[] = [];
	for (;;) {
		const holders = new Map<string, T[]>();
		for (const action of actions) {
			for (const key of new Set(keysOf(action))) {
				const slot = `${action.scope}\u0000${key}`;
				holders.set(slot, [...(holders.get(slot) ?? []), action]);
			}
		}
		const dropped = new Set<string>();
		for (const [slot, holding] of holders) {
			const overridden = holding.filter(action => applied.has(action.id));
			if (holding.length < 2 || overridden.length === 0) {
				continue;
			}
			const [scope, key] = slot.split('\u0000');
			// The action that has the key by default first, then the override that wanted it too.
			const named = [...holding.filter(action => !applied.has(action.id)), ...overridden].map(action => action.id);
			conflicts.push({id: named.at(-1)!, message: t('key "{key}" in scope {scope}: {actions} and {last}', {key: key!, scope: scope!, actions: named.slice(0, -1).join(', '), last: named.at(-1)!})});
			for (const action of overridden) {
				dropped.add(action.id);
			}
		}
		if (dropped.size === 0) {
			break;
		}
		for (const id of dropped) {
			applied.delete(id);
		}
	}
	return {actions: actions.map(action => (applied.has(action.id) ? {...action, keys: [...overrides[action.id]!]} : action)), conflicts};
}

/** The registry scope a custom command's key works in: the pane (or projects-pane row) of its objects. */
export const COMMAND_KEY_SCOPES: Readonly<Record<CommandScope, Scope>> = {
	container: 'containers',
	image: 'images',
	volume: 'volumes',
	network: 'networks',
	project: 'project',
	service: 'service',
};

/** The action id a custom command gets: `keys:` in the config names it so, like any action. */
export function commandId(command: Pick<CustomCommand, 'name'>): string {
	return `command.${command.name}`;
}

/**
 * Custom commands' keys as overrides for applyKeyOverrides: their actions start without keys, so
 * a command whose key is taken is reported and left without one (the palette still runs it). A
 * command that `keys` (the config's keys section) gives keys is left out: those replace its own.
 */
export function commandKeys(commands: readonly CustomCommand[], keys: Keymap = {}): Keymap {
	return Object.fromEntries(commands.filter(command => !Object.hasOwn(keys, commandId(command))).map(command => [commandId(command), [command.key]]));
}
