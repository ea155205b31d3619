import type {ContainerSummary} from '../../source/engine/types.js';

let next = 0;

/** A container summary for pure unit tests, shaped as the engine layer returns them. */
export function container(fields: Partial<ContainerSummary> & {name: string}): ContainerSummary {
	next++;
	return {
		id: fields.id ?? `${next.toString(16).padStart(4, '0')}${'a'.repeat(60)}`,
		image: 'berth-test/busybox',
		imageId: 'sha256:2d32561433501d7dbc566dc8308083fd9239942b65edf548fd9ffbbdc0b6fa97',
		command: 'sh',
		created: Date.now() - 60_000,
		state: 'running',
		status: 'Up About a minute',
		statusAt: Date.now(),
		ports: [],
		labels: {},
		networks: ['bridge'],
		volumes: [],
		...fields,
	};
}
