import {Observable} from './observable.js';

/** One action the user ran, as the docker CLI would have run it. */
export interface CommandEntry {
	/** Epoch milliseconds at which it ended. */
	at: number;
	/** "docker stop web", as a user would type it. */
	command: string;
	ok: boolean;
	/** Why it failed, in the engine's words. */
	reason?: string;
}

/** Commands kept for the session; older ones go first. */
export const KEPT_COMMANDS = 200;

/** The session's commands, oldest first, bounded: what the command log lists, to learn the CLI. */
export class CommandLog extends Observable<readonly CommandEntry[]> {
	constructor() {
		super([]);
	}

	record(entry: CommandEntry): void {
		this.update(entries => [...entries.slice(Math.max(0, entries.length - KEPT_COMMANDS + 1)), entry]);
	}
}
