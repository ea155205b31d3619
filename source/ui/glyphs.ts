// Every symbol berth draws, in a Unicode set and an ASCII set for plain consoles (LANG=C, the
// Linux console, fonts without box drawing). The set is chosen once at start, before the first
// frame. Each glyph is one column wide in both sets, so the layout is the same in either.
import {graphemeSegments, setEllipsis, textWidth} from '../format/width.js';

const UNICODE = {
	/** Running, healthy, connected. */
	filled: '●',
	/** Paused; some of a project's containers running. */
	half: '◐',
	/** Exited; none of a project's containers running. */
	square: '■',
	/** Created: not started yet. */
	circle: '○',
	/** Nothing uses it, not connected, cancelled. */
	ring: '◌',
	/** An intermediate image layer. */
	dot: '·',
	restarting: '↻',
	/** Work in progress. */
	busy: '⟳',
	done: '✓',
	cross: '✕',
	unhealthy: '▲',
	/** A state berth does not know. */
	question: '?',
	sortUp: '▲',
	sortDown: '▼',
	/** The selected row, the current field. */
	pointer: '›',
	/** A collapsed tree row; a log line that matches the search. */
	collapsed: '▸',
	expanded: '▾',
	/** The left edge of a stderr log line. */
	stderr: '▌',
	treeBranch: '├',
	treeLast: '└',
	cornerLeft: '└',
	cornerRight: '┘',
	vertical: '│',
	horizontal: '─',
	/** Between items of a line of text. */
	separator: '·',
	/** Ends text cut at the edge, and words of something under way. */
	ellipsis: '…',
	/** A hidden character of a secret. */
	secret: '•',
	/** Points at the field an error is about. */
	errorArrow: '↳',
	times: '×',
	dash: '–',
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
};

export type Glyphs = Readonly<Record<keyof typeof UNICODE, string>>;

const ASCII: Glyphs = {
	filled: '+',
	half: '=',
	square: '-',
	circle: 'o',
	ring: 'o',
	dot: '.',
	restarting: '~',
	busy: '~',
	done: 'v',
	cross: 'x',
	unhealthy: '!',
	question: '?',
	sortUp: '^',
	sortDown: 'v',
	pointer: '>',
	collapsed: '>',
	expanded: 'v',
	stderr: '!',
	treeBranch: '|',
	treeLast: '`',
	cornerLeft: '`',
	cornerRight: "'",
	vertical: '|',
	horizontal: '-',
	separator: '-',
	ellipsis: '~',
	secret: '*',
	errorArrow: '>',
	times: 'x',
	dash: '-',
	up: '^',
	down: 'v',
	left: '<',
	right: '>',
};

export const GLYPH_SETS: Readonly<{unicode: Glyphs; ascii: Glyphs}> = {unicode: UNICODE, ascii: ASCII};

/** The active set. Filled by chooseGlyphs(); Unicode until then. */
export const glyph: Record<keyof Glyphs, string> = {...UNICODE};

/** Ink's border style for the active set: 'classic' draws boxes with + - |. */
export const box: {style: 'single' | 'classic'; round: 'round' | 'classic'} = {style: 'single', round: 'round'};

type ChartSymbols = [string, string, string, string, string, string, string, string, string, string];

// asciichart's own symbols, and the same shapes in ASCII.
const CHART_UNICODE: ChartSymbols = ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'];
const CHART_ASCII: ChartSymbols = ['+', '|', '-', '-', '-', '`', '.', '.', "'", '|'];

/** Symbols asciichart draws graphs with, in its order. */
export const chartSymbols: ChartSymbols = [...CHART_UNICODE];

// Characters berth's own words use besides the glyphs (action titles, notices), in ASCII.
const ASCII_TEXT: Readonly<Record<string, string>> = {'’': "'", '‘': "'", '“': '"', '”': '"', '★': '*', '⚠': '!', '—': '-'};

/** Each Unicode glyph's ASCII form, for folding text made elsewhere. */
const FOLD: ReadonlyMap<string, string> = new Map([
	...Object.entries(ASCII_TEXT),
	...CHART_UNICODE.map((symbol, index) => [symbol, CHART_ASCII[index]!] as const),
	...(Object.keys(UNICODE) as Array<keyof Glyphs>).map(name => [UNICODE[name], ASCII[name]] as const),
]);

let asciiOnly = false;

/**
 * What reaches the terminal, made ASCII on a plain console: berth's glyphs become their ASCII
 * forms, and anything else (a container's name in another script) question marks, as many as
 * the columns it takes, so the cursor lands where the layout expects.
 */
export function forTerminal(text: string): string {
	if (!asciiOnly || !/[^\x00-\x7F]/.test(text)) {
		return text;
	}
	return text.replaceAll(/[^\x00-\x7F]+/g, run =>
		Array.from(graphemeSegments(run), ({segment}) => FOLD.get(segment) ?? '?'.repeat(textWidth(segment))).join(''),
	);
}

/** Makes the ASCII set (or the Unicode one) active. Call it once, before the first frame. */
export function chooseGlyphs(ascii: boolean): void {
	asciiOnly = ascii;
	Object.assign(glyph, ascii ? ASCII : UNICODE);
	box.style = ascii ? 'classic' : 'single';
	box.round = ascii ? 'classic' : 'round';
	Object.assign(chartSymbols, ascii ? CHART_ASCII : CHART_UNICODE);
	setEllipsis(glyph.ellipsis);
}

/**
 * Whether the terminal shows only ASCII: the locale's character set is not UTF-8 (LC_ALL, else
 * LC_CTYPE, else LANG, as the C library picks it), or it is the Linux console, whose font lacks
 * most symbols.
 */
export function asciiTerminal(env: NodeJS.ProcessEnv): boolean {
	if (env['TERM'] === 'linux') {
		return true;
	}
	const locale = [env['LC_ALL'], env['LC_CTYPE'], env['LANG']].find(value => value !== undefined && value !== '') ?? '';
	return !/utf-?8/i.test(locale);
}
