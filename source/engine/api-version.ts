import {EngineError} from './types.js';

/** What GET /version says about the engine's API. */
export interface ApiVersionAnswer {
	ApiVersion?: unknown;
	MinAPIVersion?: unknown;
}

type Version = [major: number, minor: number];

function parse(value: unknown): Version | undefined {
	const match = typeof value === 'string' ? /^(\d+)\.(\d+)$/.exec(value.trim()) : null;
	return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function compare([majorA, minorA]: Version, [majorB, minorB]: Version): number {
	return majorA === majorB ? minorA - minorB : majorA - majorB;
}

function show([major, minor]: Version): string {
	return `${major}.${minor}`;
}

/**
 * The newest Engine API berth is written against (Docker 27). Newer engines are spoken to at this
 * version, so a field they dropped or a default they changed since cannot surprise us.
 */
const newest: Version = [1, 47];
export const newestApiVersion = show(newest);

/** The oldest Engine API berth works with (Docker 20.10). */
const oldest: Version = [1, 41];
export const oldestApiVersion = show(oldest);

/**
 * The API version to speak with an engine, from its GET /version answer: its own version, capped at
 * the newest berth knows. An engine whose oldest accepted version is newer than that is spoken to
 * at its oldest, as close to berth's as it allows. Throws when the engine is too old for berth.
 */
export function chooseApiVersion(answer: ApiVersionAnswer, endpoint: string): string {
	const engine = parse(answer.ApiVersion);
	if (engine === undefined) {
		throw new EngineError(
			`the Docker engine at ${endpoint} did not say which API version it speaks (ApiVersion ${JSON.stringify(answer.ApiVersion ?? null)})`,
		);
	}
	if (compare(engine, oldest) < 0) {
		throw new EngineError(
			`the Docker engine at ${endpoint} speaks API ${show(engine)}; berth needs ${oldestApiVersion} or newer (Docker 20.10+)`,
		);
	}
	const chosen = compare(engine, newest) < 0 ? engine : newest;
	const engineMinimum = parse(answer.MinAPIVersion);
	return show(engineMinimum !== undefined && compare(engineMinimum, chosen) > 0 ? engineMinimum : chosen);
}
