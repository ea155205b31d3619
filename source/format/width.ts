import {eastAsianWidth} from 'get-east-asian-width';
import stringWidth from 'string-width';

// Terminal cell widths. Every function here expects text that went through sanitize():
// escape sequences are not stripped, they would be counted as printable characters.

// Made on first use: the segmenter loads ICU's break rules (some 20 ms at start), and only text
// with joining characters needs it.
let segmenter: Intl.Segmenter | undefined;

/** `text`'s grapheme clusters, by the one segmenter berth makes. */
export function graphemeSegments(text: string): Intl.Segments {
	segmenter ??= new Intl.Segmenter();
	return segmenter.segment(text);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Ends text that was cut; one column wide. An ASCII console gets another (setEllipsis). */
let ellipsis = '…';

/**
 * Characters that may join a neighbour into one grapheme cluster: marks, joiners, controls,
 * Hangul jamo and other vowels, regional indicators, emoji modifiers, prepended signs, and
 * unassigned code points (which a newer Unicode may define as any of these). Between two
 * characters outside this set there is always a cluster boundary, so only text around these
 * needs the (slow) segmenter. A superset is harmless: it only costs speed.
 */
const MAY_JOIN = new RegExp(
	`^[${[
		'\\p{M}\\p{Cc}\\p{Cf}\\p{Cs}\\p{Cn}\\p{Zl}\\p{Zp}',
		'\\p{Emoji_Modifier}\\p{Regional_Indicator}',
		// Hangul jamo, and Kirat Rai vowels that join like them
		'\\u1100-\\u11ff\\ua960-\\ua97f\\ud7b0-\\ud7ff\\u{16d63}\\u{16d67}-\\u{16d6a}',
		// letters that extend or follow as spacing marks
		'\\u0e33\\u0eb3\\uff9e\\uff9f',
		// prepended signs, which join the character after them
		'\\u0600-\\u0605\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u0d4e\\u{110bd}\\u{110cd}\\u{111c2}\\u{111c3}',
		'\\u{113d1}\\u{1193f}\\u{11941}\\u{11a3a}\\u{11a84}-\\u{11a89}\\u{11d46}\\u{11f02}',
	].join('')}]$`,
	'u',
);

// Per-character facts for the BMP, filled in as characters are met (0 = not known yet).
const bmpJoins = new Uint8Array(0x10000);
const bmpWidths = new Uint8Array(0x10000);

// The same for characters beyond the BMP, widths of multi-character clusters, and how short
// runs of joining text split into clusters: remembered because the regex, string-width and the
// segmenter are slow per call and logs repeat the same emoji and accented words. Long strings
// are not kept, and the maps are bounded.
const CACHE_LIMIT = 4096;
const CACHEABLE_LENGTH = 16;
const astralJoins = new Map<string, boolean>();
const clusterWidths = new Map<string, number>();
const regionClusters = new Map<string, Array<[length: number, width: number]>>();

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
	if (key.length <= CACHEABLE_LENGTH) {
		if (cache.size >= CACHE_LIMIT) {
			cache.clear();
		}
		cache.set(key, value);
	}
}

// Segmentation starts with small windows so that cutting a huge string to a column reads only
// the part that is shown.
const FIRST_WINDOW = 256;

/** `text`'s width by `measure`, remembered: a cluster by string-width, a character beyond the BMP alone by loneWidth. */
function rememberedWidth(text: string, measure: (text: string) => number): number {
	let width = clusterWidths.get(text);
	if (width === undefined) {
		width = measure(text);
		remember(clusterWidths, text, width);
	}
	return width;
}

function clusterWidth(cluster: string): number {
	return rememberedWidth(cluster, stringWidth);
}

/** Code units taken by the code point at `i`: 2 for a surrogate pair, else 1. */
function codePointLength(s: string, i: number): number {
	const code = s.charCodeAt(i);
	if (code >= 0xd800 && code <= 0xdbff) {
		const low = s.charCodeAt(i + 1);
		return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
	}
	return 1;
}

function mayJoinAt(s: string, i: number, size: number): boolean {
	const code = s.charCodeAt(i);
	if (code < 0x80) {
		// Other ASCII controls break on both sides; only CR LF stays together.
		return code === 0x0d;
	}
	if (size === 1) {
		let known = bmpJoins[code];
		if (!known) {
			known = MAY_JOIN.test(s[i] ?? '') ? 2 : 1;
			bmpJoins[code] = known;
		}
		return known === 2;
	}
	const character = s.slice(i, i + 2);
	let joins = astralJoins.get(character);
	if (joins === undefined) {
		joins = MAY_JOIN.test(character);
		remember(astralJoins, character, joins);
	}
	return joins;
}

// A character alone is string-width's cluster of one, by string-width's rules: nothing if it does
// not print, else its East Asian width (an emoji shown as one by default is wide by that alone).
// Without the segmenter and the pattern of every emoji sequence, whose first use alone takes some
// 30 ms; a test holds this to string-width for every character that does not join.
const PRINTS = /[^\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u;

function loneWidth(character: string): number {
	return PRINTS.test(character) ? eastAsianWidth(character.codePointAt(0) ?? 0) : 0;
}

/** Width of the single code point at `i`, known to be a cluster of its own. */
function characterWidth(s: string, i: number, size: number): number {
	const code = s.charCodeAt(i);
	if (code < 0x80) {
		return code >= 0x20 && code < 0x7f ? 1 : 0;
	}
	if (size === 1) {
		let known = bmpWidths[code];
		if (!known) {
			known = loneWidth(s[i] ?? '') + 1;
			bmpWidths[code] = known;
		}
		return known - 1;
	}
	return rememberedWidth(s.slice(i, i + 2), loneWidth);
}

/**
 * The width of the character at `i` when it is of the BMP and joins nothing, else -1: the
 * common case, answered from the tables without slicing the text.
 */
function independentWidth(s: string, i: number): number {
	const code = s.charCodeAt(i);
	if (code < 0x80) {
		return code === 0x0d ? -1 : code >= 0x20 && code < 0x7f ? 1 : 0;
	}
	if (code >= 0xd800 && code <= 0xdfff) {
		return -1;
	}
	return mayJoinAt(s, i, 1) ? -1 : characterWidth(s, i, 1);
}

/**
 * Calls `visit` with each grapheme cluster's [start, end) and cell width, in order, until it
 * returns false. Reads only as far as the visits go.
 */
function walkClusters(s: string, visit: (start: number, end: number, width: number) => boolean): void {
	const length = s.length;
	let i = 0;
	let window = FIRST_WINDOW;
	// independentWidth of the character at i, when the step before looked at it already.
	let known = -2;
	while (i < length) {
		// Fast path: a character of the BMP that joins nothing, followed by one that joins nothing.
		const cells = known === -2 ? independentWidth(s, i) : known;
		known = -2;
		if (cells >= 0) {
			const next = i + 1;
			const nextCells = next === length ? -1 : independentWidth(s, next);
			if (next === length || nextCells >= 0 || !mayJoinAt(s, next, codePointLength(s, next))) {
				if (!visit(i, next, cells)) {
					return;
				}
				i = next;
				known = nextCells;
				continue;
			}
		}
		const size = codePointLength(s, i);
		const next = i + size;
		const joins = mayJoinAt(s, i, size);
		if (!joins && (next === length || !mayJoinAt(s, next, codePointLength(s, next)))) {
			if (!visit(i, next, characterWidth(s, i, size))) {
				return;
			}
			i = next;
			continue;
		}
		// Segment up to the next place where neither neighbour may join, which is always a
		// boundary, or up to the window's end, where the last cluster may continue.
		const limit = Math.min(length, i + window);
		let end = next;
		let previousJoins = joins;
		let atBoundary = end === length;
		while (end < limit) {
			const endSize = codePointLength(s, end);
			const endJoins = mayJoinAt(s, end, endSize);
			if (!previousJoins && !endJoins) {
				atBoundary = true;
				break;
			}
			previousJoins = endJoins;
			end += endSize;
			atBoundary = end === length;
		}
		const region = s.slice(i, end);
		if (atBoundary) {
			let clusters = regionClusters.get(region);
			if (clusters === undefined) {
				clusters = [...graphemeSegments(region)].map(({segment: cluster}) => [cluster.length, clusterWidth(cluster)]);
				remember(regionClusters, region, clusters);
			}
			for (const [clusterLength, cells] of clusters) {
				if (!visit(i, i + clusterLength, cells)) {
					return;
				}
				i += clusterLength;
			}
			window = FIRST_WINDOW;
			continue;
		}
		// The window ends inside joining text: everything but its last cluster is settled.
		let lastStart = i;
		for (const {segment: cluster, index} of graphemeSegments(region)) {
			const start = i + index;
			if (start + cluster.length === end) {
				lastStart = start;
				break;
			}
			if (!visit(start, start + cluster.length, clusterWidth(cluster))) {
				return;
			}
		}
		if (lastStart === i) {
			// One cluster fills the whole window: look further before deciding where it ends.
			window *= 2;
		} else {
			i = lastStart;
			window = FIRST_WINDOW;
		}
	}
}

/** Number of terminal cells `s` occupies. */
export function textWidth(s: string): number {
	if (PRINTABLE_ASCII.test(s)) {
		return s.length;
	}
	let width = 0;
	walkClusters(s, (_start, _end, cells) => {
		width += cells;
		return true;
	});
	return width;
}

interface Fitted {
	text: string;
	width: number;
}

function fit(s: string, width: number): Fitted {
	if (width <= 0) {
		return {text: '', width: 0};
	}
	if (s.length <= width && PRINTABLE_ASCII.test(s)) {
		return {text: s, width: s.length};
	}
	let used = 0;
	// The longest prefix that leaves one cell for the ellipsis.
	let keepEnd = 0;
	let keepWidth = 0;
	let cut = false;
	walkClusters(s, (_start, end, cells) => {
		if (used + cells > width) {
			cut = true;
			return false;
		}
		used += cells;
		if (used < width) {
			keepEnd = end;
			keepWidth = used;
		}
		return true;
	});
	if (!cut) {
		return {text: s, width: used};
	}
	return {text: s.slice(0, keepEnd) + ellipsis, width: keepWidth + 1};
}

/** The mark that ends cut text from now on: one column wide. Set once, at start. */
export function setEllipsis(mark: string): void {
	if (textWidth(mark) !== 1) {
		throw new Error(`the mark for cut text must be one column wide, not "${mark}"`);
	}
	ellipsis = mark;
}

/** `s` cut to at most `width` cells, ending with '…' when something was cut. */
export function truncate(s: string, width: number): string {
	return fit(s, width).text;
}

/** `s` truncated and padded with spaces to exactly `width` cells. */
export function pad(s: string, width: number, align: 'left' | 'right' = 'left'): string {
	const fitted = fit(s, width);
	const fill = ' '.repeat(Math.max(0, width - fitted.width));
	return align === 'left' ? fitted.text + fill : fill + fitted.text;
}

/**
 * Hard-wraps one line into pieces of at most `width` cells (at least one cell), never splitting
 * a grapheme cluster; a cluster wider than `width` gets a piece of its own. Zero-width clusters
 * stay with the text before them, so that no piece is an empty-looking row.
 */
export function wrapLine(s: string, width: number): string[] {
	const cells = Math.max(1, Math.floor(width));
	const lines: string[] = [];
	if (PRINTABLE_ASCII.test(s)) {
		lines.push(s.slice(0, cells));
		for (let i = cells; i < s.length; i += cells) {
			lines.push(s.slice(i, i + cells));
		}
		return lines;
	}
	let lineStart = 0;
	let lineWidth = 0;
	walkClusters(s, (start, _end, clusterCells) => {
		if (clusterCells > 0 && lineWidth > 0 && lineWidth + clusterCells > cells) {
			lines.push(s.slice(lineStart, start));
			lineStart = start;
			lineWidth = 0;
		}
		lineWidth += clusterCells;
		return true;
	});
	lines.push(s.slice(lineStart));
	return lines;
}
