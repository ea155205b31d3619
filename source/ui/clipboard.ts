import type {Clipboard} from '../actions/types.js';
import {osc52} from '../format/osc52.js';

/**
 * The clipboard of the terminal berth draws on: OSC 52 written straight to it, between frames.
 * The sequence moves no cursor and draws nothing, so the frame writer's picture of the screen
 * stays true.
 */
export function terminalClipboard(terminal: NodeJS.WritableStream): Clipboard {
	return {
		copy(text) {
			const {sequence, bytes, truncated} = osc52(text);
			try {
				terminal.write(sequence);
			} catch {
				// The terminal is gone (SSH dropped); the process is on its way out.
			}

			return {bytes, truncated};
		},
	};
}
