// One engine request with its query apart from its JSON body. The client would otherwise put a
// POST's whole body into the query string too (its methods pass one object as both), and the
// swarm's update endpoints need both: `?version=N` and the new spec.
import type Docker from 'dockerode';

export interface SwarmRequest {
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	query?: Record<string, string | number | boolean>;
	body?: unknown;
}

export function swarmRequest<T>(docker: Docker, request: SwarmRequest): Promise<T> {
	const query = request.query && Object.keys(request.query).length > 0 ? request.query : undefined;
	return new Promise<T>((resolve, reject) => {
		docker.modem.dial(
			{
				path: query === undefined ? request.path : `${request.path}?`,
				method: request.method,
				// Any other status is a failure whose JSON message toEngineError reads.
				statusCodes: {200: true, 201: true, 204: true},
				options: {...(query === undefined ? {} : {_query: query}), _body: request.body ?? {}},
			},
			(error, data) => (error ? reject(error) : resolve(data as T)),
		);
	});
}

/**
 * Runs a read-modify-write again when the object changed between the read and the write
 * ("update out of sequence"): a node's own state changes (a promotion settling, a heartbeat)
 * bump its version while nobody else touches it. The change is applied to the fresh read.
 */
export async function retryOutOfSequence<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			const message = (error as {json?: {message?: string}}).json?.message ?? '';
			if (attempt >= attempts || !/update out of sequence/.test(message)) {
				throw error;
			}
			await new Promise(resolve => setTimeout(resolve, 200 * attempt));
		}
	}
}
