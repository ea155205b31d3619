/**
 * Orders by code units, as the containers list does. Not localeCompare: its collation tables
 * would be loaded for nothing (names here are ASCII in practice) and cost about 3 MB of memory.
 */
export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
