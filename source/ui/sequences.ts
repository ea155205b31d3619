// Terminal sequences that more than one writer of the screen sends.

/** SGR with no parameter, which is 0: the default style, a byte shorter than ESC [ 0 m, which frames send often. */
export const RESET_STYLE = '\u001B[m';
/** The cursor home and the whole screen erased, in the current background colour. */
export const HOME_AND_CLEAR = '\u001B[H\u001B[2J';
