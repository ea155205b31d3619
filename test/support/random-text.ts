// Random terminal text for tests of the frame code, from seeded generators so that a failure
// can be replayed exactly.

/** A small seeded generator. */
export function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const NARROW = ['a', 'b', ' ', '0', '9', '%', '─', '│', 'é'];
const WIDE = ['文', '字', '😀'];
const STYLES = [
	['', ''],
	['\u001B[36m', '\u001B[39m'],
	['\u001B[1m', '\u001B[22m'],
	['\u001B[7m', '\u001B[27m'],
	['\u001B[2m\u001B[31m', '\u001B[39m\u001B[22m'],
	['\u001B[38;5;208m', '\u001B[39m'],
	['\u001B[44m', '\u001B[49m'],
];

/** Styled text of at most `width` cells: wide characters, marks and SGR colours included. */
export function randomLine(next: () => number, width: number, {wide = true} = {}): string {
	const pieces = wide ? [...NARROW, ...WIDE] : NARROW;
	let line = '';
	let cells = 0;
	while (cells < width - 2 && next() < 0.9) {
		const [open, close] = STYLES[Math.floor(next() * STYLES.length)]!;
		let text = '';
		for (let count = Math.floor(next() * 6); count >= 0; count--) {
			const piece = pieces[Math.floor(next() * pieces.length)]!;
			const pieceWidth = WIDE.includes(piece) ? 2 : 1;
			if (cells + pieceWidth > width) {
				break;
			}

			text += piece;
			cells += pieceWidth;
		}

		line += `${open}${text}${close}`;
	}

	return line;
}
