// `docker search`: the engine asks its image index (Docker Hub's, unless configured otherwise)
// through GET /images/search. Without a way out to the internet the engine cannot reach the
// index; that is said in plain words, with the engine's own reason.
import type Docker from 'dockerode';
import {toEngineError} from './errors.js';
import {cleanRegistryReason, isUnreachableReason} from './registry-login.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

export interface SearchResult {
	name: string;
	description: string;
	stars: number;
	official: boolean;
	automated: boolean;
}

export interface SearchOptions {
	/** Only official images (filter is-official=true). */
	officialOnly?: boolean;
	/** Only images with at least this many stars. */
	minStars?: number;
	/** At most this many results (the engine allows 1–100; default 25). */
	limit?: number;
	signal?: AbortSignal;
}

function toResult(raw: unknown): SearchResult | undefined {
	if (!raw || typeof raw !== 'object') {
		return undefined;
	}
	const record = raw as Record<string, unknown>;
	if (typeof record['name'] !== 'string' || record['name'] === '') {
		return undefined;
	}
	const stars = record['star_count'];
	return {
		name: record['name'],
		description: typeof record['description'] === 'string' ? record['description'] : '',
		stars: typeof stars === 'number' && Number.isFinite(stars) && stars >= 0 ? Math.floor(stars) : 0,
		official: record['is_official'] === true,
		automated: record['is_automated'] === true,
	};
}

/** The index host named in the engine's reason (`Get "https://index.docker.io/v1/search…"`). */
function indexOf(reason: string): string {
	const url = /"(https?:\/\/[^"/]+)[^"]*"/.exec(reason)?.[1];
	return url ? url.replace(/^https?:\/\//, '') : 'its image index';
}

/** Searches the engine's image index; results as the index ranks them, filtered as asked. */
export async function searchImages(
	docker: Docker,
	term: string,
	options: SearchOptions = {},
): Promise<SearchResult[]> {
	const query = term.trim();
	if (query === '') {
		throw new EngineError(t('a search needs a term'));
	}
	const limit = Math.min(100, Math.max(1, Math.floor(options.limit ?? 25)));
	const filters: Record<string, string[]> = {};
	if (options.officialOnly) {
		filters['is-official'] = ['true'];
	}
	if (options.minStars !== undefined && options.minStars > 0) {
		filters['stars'] = [String(Math.floor(options.minStars))];
	}
	let answer: unknown;
	try {
		answer = await docker.searchImages({
			term: query,
			limit,
			...(Object.keys(filters).length > 0 ? {filters} : {}),
			...(options.signal ? {abortSignal: options.signal} : {}),
		});
	} catch (error) {
		const engineError = toEngineError(error, 'the Docker engine');
		if (options.signal?.aborted) {
			throw new EngineError(t('the search was cancelled'));
		}
		if (engineError.statusCode !== undefined && isUnreachableReason(engineError.message)) {
			const index = indexOf(engineError.message);
			const where = index === 'its image index' ? index : `its image index (${index})`;
			throw new EngineError(
				`the engine could not reach ${where}: ${cleanRegistryReason(engineError.message)}`,
				engineError.statusCode,
			);
		}
		if (engineError.statusCode !== undefined) {
			throw new EngineError(t('the search failed: {reason}', {reason: cleanRegistryReason(engineError.message)}), engineError.statusCode);
		}
		throw engineError;
	}
	if (!Array.isArray(answer)) {
		throw new EngineError(t('the engine answered the search with something that is not a list'));
	}
	const results = answer.map(toResult).filter((result): result is SearchResult => result !== undefined);
	// Older engines ignore filters they do not know; apply them here as well.
	return results
		.filter(result => !options.officialOnly || result.official)
		.filter(result => options.minStars === undefined || result.stars >= options.minStars)
		.slice(0, limit);
}
