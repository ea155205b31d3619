// Terminal sequences that more than one writer of the screen sends.

/** SGR 0: the default style. */
export const RESET_STYLE = '\u001B[0m';
/** The cursor home and the whole screen erased, in the current background colour. */
export const HOME_AND_CLEAR = '\u001B[H\u001B[2J';
