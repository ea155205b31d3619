// What the config decides about changing an engine at all.
import type {ReadOnlySource} from '../store/view-store.js';
import type {Config} from './schema.js';

/** Why changes are refused on engines of these docker contexts, if they are: read-only everywhere, or for one of them. */
export function readOnlySource(config: Pick<Config, 'readOnly' | 'contexts'>, contexts: readonly string[]): ReadOnlySource | undefined {
	if (config.readOnly) {
		return {from: 'config'};
	}
	const context = contexts.find(name => Object.hasOwn(config.contexts, name) && config.contexts[name]!.readOnly);
	return context === undefined ? undefined : {from: 'context', context};
}
