import type {Config} from '../config/schema.js';
import {parseSince} from '../parse/since.js';
import type {ViewState} from './view-store.js';

/**
 * The view as the config file sets it up: the pane shown first and how logs open. `now` is when
 * berth starts: a `since` duration counts back from then.
 */
export function settingsView(state: ViewState, config: Config, now: number): ViewState {
	const since = config.logs.since === '' ? undefined : parseSince(config.logs.since, now);
	return {
		...state,
		pane: config.ui.pane,
		logs: {
			...state.logs,
			timestamps: config.logs.timestamps,
			wrap: config.logs.wrap,
			...(since && 'value' in since ? {range: {since: since.value, text: `since ${config.logs.since}`}} : {}),
		},
	};
}
