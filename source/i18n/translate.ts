// The words berth shows, in the user's language. Messages are written in English in the source and
// looked up by that text in the chosen language's file (source/i18n/LANG.ts); English needs no file.
// `{name}` in a message is a placeholder, filled from `values` after the lookup, so a translation
// may move it.

/** A language's messages: English text → its translation, with the same placeholders. */
export type Messages = Readonly<Record<string, string>>;

let messages: Messages | undefined;

/** Takes up a language's messages (undefined: English). Called once, before anything is drawn. */
export function setMessages(next: Messages | undefined): void {
	messages = next;
}

const ENGLISH: Messages = {};

/** The language in use, as a key for what was worked out in it (hints remembered per language). */
export function languageKey(): object {
	return messages ?? ENGLISH;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The message in the language in use, its placeholders filled in. A value is never looked up itself. */
export function t(text: string, values?: Readonly<Record<string, string | number>>): string {
	const translated = messages?.[text] ?? text;
	if (values === undefined) {
		return translated;
	}

	return translated.replace(PLACEHOLDER, (whole, name: string) => {
		const value = values[name];
		return value === undefined ? whole : String(value);
	});
}

/** The placeholders a message names, sorted: a translation must name the same ones. */
export function placeholders(text: string): string[] {
	return [...text.matchAll(PLACEHOLDER)].map(match => match[1]!).sort();
}
