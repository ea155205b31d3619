/**
 * OSC 52 asks the terminal to set its clipboard: ESC ] 52 ; c ; BASE64 BEL. It travels in the
 * program's output, so it reaches the user's own terminal over SSH; tmux takes it from programs
 * when `set-clipboard` is on (its default "external" only lets tmux itself send it), sets its
 * buffer and passes it on to the outer terminal. No DCS passthrough is needed for that, and
 * wrapping it would hand it past tmux's buffer to the outer terminal only.
 */

/**
 * Terminals cap what they take; around 100 kB of base64 passes the common ones, while a longer
 * copy may be dropped in silence, so text is cut to this many bytes before encoding.
 */
export const CLIPBOARD_LIMIT = 74_994;

export interface Osc52 {
	sequence: string;
	/** Bytes of text put on the clipboard. */
	bytes: number;
	/** Set when the text was longer than the limit and cut. */
	truncated: boolean;
}

/** The sequence that puts `text` (UTF-8) on the terminal's clipboard. */
export function osc52(text: string): Osc52 {
	let bytes = Buffer.from(text, 'utf8');
	const truncated = bytes.length > CLIPBOARD_LIMIT;
	if (truncated) {
		// Cut at a character boundary: a continuation byte (10xxxxxx) never starts the kept part's end.
		let end = CLIPBOARD_LIMIT;
		while (end > 0 && (bytes[end]! & 0xc0) === 0x80) {
			end--;
		}

		bytes = bytes.subarray(0, end);
	}

	return {sequence: `\u001B]52;c;${bytes.toString('base64')}\u0007`, bytes: bytes.length, truncated};
}
