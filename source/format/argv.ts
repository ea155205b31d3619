export type SplitArgs = {args: string[]} | {error: string};

const WHITESPACE = /\s/;

/**
 * Splits a command line the user typed into an argument array, with no shell involved:
 * whitespace separates arguments, single quotes keep everything literally, double quotes
 * allow \" and \\ (any other backslash stays as typed), and outside quotes a backslash
 * escapes the next character. Quotes join with adjacent text, and '' or "" is an empty argument.
 */
export function splitArgs(line: string): SplitArgs {
	const args: string[] = [];
	let current = '';
	// Whether an argument has started: "" must count even though it adds no characters.
	let started = false;
	let i = 0;
	while (i < line.length) {
		const char = line[i] ?? '';
		if (WHITESPACE.test(char)) {
			if (started) {
				args.push(current);
				current = '';
				started = false;
			}
			i++;
			continue;
		}
		started = true;
		if (char === "'") {
			const end = line.indexOf("'", i + 1);
			if (end === -1) {
				return {error: 'unterminated single quote'};
			}
			current += line.slice(i + 1, end);
			i = end + 1;
		} else if (char === '"') {
			i++;
			for (;;) {
				if (i >= line.length) {
					return {error: 'unterminated double quote'};
				}
				const inner = line[i] ?? '';
				const following = line[i + 1];
				if (inner === '"') {
					i++;
					break;
				}
				if (inner === '\\' && (following === '"' || following === '\\')) {
					current += following;
					i += 2;
				} else {
					current += inner;
					i++;
				}
			}
		} else if (char === '\\') {
			if (i + 1 >= line.length) {
				return {error: 'trailing backslash'};
			}
			current += line[i + 1] ?? '';
			i += 2;
		} else {
			current += char;
			i++;
		}
	}
	if (started) {
		args.push(current);
	}
	return {args};
}
