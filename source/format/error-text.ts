/** The message of anything thrown: an Error's message, or the value as text. Not yet sanitised. */
export function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
