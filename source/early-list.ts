import {createEngine, type Endpoint} from './engine/connect.js';
import type {ContainerSummary, Engine} from './engine/types.js';

/** The engine berth starts with, and its container list, asked for before the screen's code loads. */
export interface EarlyList {
	engine: Engine;
	/** Undefined when the engine did not answer: the listing after the events stream opens says why. */
	containers: Promise<ContainerSummary[] | undefined>;
	/** The list, once it came: usually before the screen's code has loaded, so the first frame shows it. */
	answered?: ContainerSummary[];
}

/**
 * Asks for the containers at once, so the answer (and the API version agreed before it) comes
 * while the screen's code is loaded rather than after: the first frame then shows the rows.
 * Not over SSH: its client warns on stderr as it connects, which only the running screen silences.
 */
export function startEarlyList(endpoint: Endpoint): EarlyList | undefined {
	const endpoints = endpoint.engines?.map(entry => entry.endpoint) ?? [endpoint];
	if (endpoints.some(each => each.protocol === 'ssh')) {
		return undefined;
	}

	const engine = createEngine(endpoint);
	const early: EarlyList = {
		engine,
		containers: engine.listContainers().then(
			list => {
				early.answered = list;
				return list;
			},
			() => undefined,
		),
	};
	return early;
}
