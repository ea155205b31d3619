/**
 * A small fuzzy scorer: the needle's characters must appear in the haystack in order (a
 * subsequence, ignoring case). Letters that start a word or follow the previous match score more,
 * gaps between matches cost a little, so "lw" ranks "logs web" above "followed".
 */

const MATCH = 1;
const WORD_START = 8;
const CAMEL = 6;
const FIRST_CHARACTER = 10;
const CONSECUTIVE = 8;
const GAP = 1;
/** Leading characters skipped before the first match cost less than gaps inside it, up to a cap. */
const LEADING_GAP = 0.25;
const LEADING_GAP_CAP = 3;

function isWordCharacter(character: string): boolean {
	return /[\p{L}\p{N}]/u.test(character);
}

/** What a match at `index` is worth beyond itself: the start of a word scores most. */
function positionBonus(haystack: string, index: number): number {
	if (index === 0) {
		return FIRST_CHARACTER;
	}

	const previous = haystack[index - 1]!;
	const current = haystack[index]!;
	if (!isWordCharacter(previous) && isWordCharacter(current)) {
		return WORD_START;
	}

	const upper = current !== current.toLowerCase();
	return upper && previous === previous.toLowerCase() && isWordCharacter(previous) ? CAMEL : 0;
}

/**
 * The best score of `needle` as a subsequence of `haystack`, or undefined when it is not one.
 * An empty needle matches everything with 0. Dynamic programming over (needle letter, haystack
 * position): O(needle × haystack), fine for names and titles.
 */
export function fuzzyScore(needle: string, haystack: string): number | undefined {
	if (needle === '') {
		return 0;
	}

	const lowerNeedle = needle.toLowerCase();
	const lower = haystack.toLowerCase();
	// Lower-casing can change lengths (rare letters); then only whole-string comparison is safe.
	if (lower.length !== haystack.length || lowerNeedle.length > lower.length) {
		return lower.includes(lowerNeedle) ? MATCH * lowerNeedle.length : undefined;
	}

	const length = lower.length;
	let previous = new Array<number>(length).fill(Number.NEGATIVE_INFINITY);
	for (let i = 0; i < lowerNeedle.length; i++) {
		const current = new Array<number>(length).fill(Number.NEGATIVE_INFINITY);
		// The best of previous[k] + GAP × k over k < j − 1: a match after a gap of j − k − 1.
		let bestBefore = Number.NEGATIVE_INFINITY;
		for (let j = 0; j < length; j++) {
			if (j >= 2) {
				bestBefore = Math.max(bestBefore, previous[j - 2]! + GAP * (j - 2));
			}

			if (lower[j] !== lowerNeedle[i]) {
				continue;
			}

			const worth = MATCH + positionBonus(haystack, j);
			if (i === 0) {
				current[j] = worth - Math.min(LEADING_GAP_CAP, LEADING_GAP * j);
				continue;
			}

			const adjacent = j >= 1 ? previous[j - 1]! + CONSECUTIVE : Number.NEGATIVE_INFINITY;
			const afterGap = bestBefore - GAP * (j - 1);
			current[j] = worth + Math.max(adjacent, afterGap);
		}

		previous = current;
	}

	let best = Number.NEGATIVE_INFINITY;
	for (const score of previous) {
		best = Math.max(best, score);
	}

	return best === Number.NEGATIVE_INFINITY ? undefined : best;
}
