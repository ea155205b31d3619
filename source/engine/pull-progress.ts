// What a pull or push stream means: per-layer progress, status lines, the pushed digest, and the
// registry's failures said in plain words. Pure, so the shapes are tested without a registry.
import {registryOf} from './credentials.js';
import type {JsonMessage} from './job-stream.js';
import type {JobEvent} from './types.js';

/**
 * The job event a progress message stands for. Messages about one layer carry its id and a
 * `progressDetail` (empty while there are no figures: "Waiting", "Pushed"); the rest are status
 * lines, prefixed with their id when they have one ("latest: Pulling from team/app", as the CLI
 * shows them).
 */
export function progressEvent(message: JsonMessage): JobEvent | undefined {
	const status = typeof message.status === 'string' ? message.status.trim() : '';
	if (status === '') {
		return undefined;
	}
	const id = typeof message.id === 'string' ? message.id : '';
	if (id !== '' && message.progressDetail && typeof message.progressDetail === 'object') {
		const {current, total} = message.progressDetail;
		return {
			kind: 'layer',
			id,
			status,
			...(typeof current === 'number' ? {current} : {}),
			// The engine sends total 0 (or -1) when it does not know the size.
			...(typeof total === 'number' && total > 0 ? {total} : {}),
		};
	}
	return {kind: 'line', text: id === '' ? status : `${id}: ${status}`};
}

const digestLine = /digest: (sha256:[0-9a-f]{64})/;

/** The digest a push reports: in its `aux` message, or its "<tag>: digest: sha256:… size: N" line. */
export function pushedDigest(message: JsonMessage): string | undefined {
	const aux = message.aux as {Digest?: unknown} | undefined;
	if (aux && typeof aux === 'object' && typeof aux.Digest === 'string') {
		return aux.Digest;
	}
	return typeof message.status === 'string' ? digestLine.exec(message.status)?.[1] : undefined;
}

const unreachable: Array<[RegExp, string]> = [
	[/connection refused/i, 'connection refused'],
	[/no such host|server misbehaving|name resolution|Temporary failure in name/i, 'no such host'],
	[/i\/o timeout|TLS handshake timeout|deadline exceeded|Client\.Timeout/i, 'timed out'],
	[/no route to host|network is unreachable/i, 'no route to the host'],
	[/connection reset/i, 'connection reset'],
];

export type RegistryAction = 'pull' | 'push';

/**
 * A registry failure in plain words: the image or tag does not exist, the registry cannot be
 * reached, or it wants credentials (or refused the ones given). Anything else keeps the engine's
 * reason, saying what was being done.
 */
export function registryFailure(
	reason: string,
	context: {action: RegistryAction; reference: string; withCredentials: boolean},
): string {
	const {action, reference, withCredentials} = context;
	const registry = registryOf(reference);
	if (/does not exist or may require .docker login/i.test(reason)) {
		return `cannot ${action} ${reference}: the repository does not exist on ${registry}, or it requires logging in`;
	}
	if (/unauthorized|authentication required|no basic auth credentials|\bdenied: |access to the resource is denied|incorrect username or password/i.test(reason)) {
		return withCredentials
			? `cannot ${action} ${reference}: ${registry} refused the credentials (authentication failed)`
			: `cannot ${action} ${reference}: ${registry} requires authentication (log in to it first)`;
	}
	// A push reads the image here first: "An image does not exist locally with the tag: …" when the
	// repository has no image here at all, "tag does not exist: …" when it lacks that tag.
	if (action === 'push' && /does not exist locally|tag does not exist|no such image/i.test(reason)) {
		return `cannot push ${reference}: no local image has that name (tag an image with it first)`;
	}
	if (/manifest unknown|not found|name unknown|no such image|does not exist/i.test(reason)) {
		return `cannot ${action} ${reference}: no such image or tag on ${registry}`;
	}
	for (const [pattern, words] of unreachable) {
		if (pattern.test(reason)) {
			return `cannot ${action} ${reference}: the registry ${registry} cannot be reached (${words})`;
		}
	}
	if (/server gave HTTP response to HTTPS client/i.test(reason)) {
		return `cannot ${action} ${reference}: ${registry} speaks plain HTTP and the engine expects HTTPS (list it in the engine's insecure-registries)`;
	}
	if (/x509|certificate/i.test(reason)) {
		return `cannot ${action} ${reference}: the engine does not trust ${registry}'s certificate (${reason})`;
	}
	return `cannot ${action} ${reference}: ${reason}`;
}
