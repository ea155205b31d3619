// Prose wrapped for a terminal in any language berth speaks: at spaces, and between two Chinese
// characters (Chinese has no spaces between words), measured in cells (a Chinese character takes two).
import {textWidth, wrapLine} from './width.js';

/** Chinese, Japanese and Korean characters and their punctuation, full-width forms included. */
const WIDE = /[\u2E80-\u303F\u3040-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
/** Punctuation that never starts a line, and punctuation that never ends one (ASCII's too, beside Chinese). */
const NO_START = new Set('，。、：；！？）》」』】〕…”’·),.;:!?]}');
const NO_END = new Set('（《「『【〔“‘([{');

function breakBetween(before: string, after: string): boolean {
	return (WIDE.test(before) || WIDE.test(after)) && !NO_START.has(after) && !NO_END.has(before) && !/\p{M}/u.test(after);
}

/** A word (text without spaces) cut where a line may break inside it: between wide characters. */
function pieces(word: string): string[] {
	const parts: string[] = [];
	let current = '';
	let previous = '';
	for (const char of word) {
		if (current !== '' && breakBetween(previous, char)) {
			parts.push(current);
			current = '';
		}
		current += char;
		previous = char;
	}
	parts.push(current);
	return parts;
}

/**
 * Text in lines of at most `width` cells, broken only where a line may break; a word too long for
 * a line has a line of its own rather than being cut. Always at least one line.
 */
export function wrapProse(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		let glue = line === '' ? '' : ' ';
		for (const piece of pieces(word)) {
			const joined = `${line}${glue}${piece}`;
			if (line !== '' && textWidth(joined) > width) {
				lines.push(line);
				line = piece;
			} else {
				line = joined;
			}
			glue = '';
		}
	}
	lines.push(line);
	return lines;
}

/** Prose for the screen: wrapped as wrapProse does, and a word wider than a line cut to fit. No text, no lines. */
export function wrapToFit(text: string, width: number): string[] {
	return wrapProse(text, width).flatMap(line => (line === '' ? [] : textWidth(line) > width ? wrapLine(line, width) : [line]));
}
