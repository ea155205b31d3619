// What the config decides about changing an engine at all.
import type {Config} from './schema.js';

/** Whether changes are refused on an engine: read-only everywhere, or for that docker context. */
export function readOnlyFor(config: Pick<Config, 'readOnly' | 'contexts'>, context: string | undefined): boolean {
	return config.readOnly || (context !== undefined && Object.hasOwn(config.contexts, context) && config.contexts[context]!.readOnly);
}
