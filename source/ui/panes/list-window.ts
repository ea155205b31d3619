/**
 * The first row to show so that the cursor stays visible, moving the window as little as possible
 * from where it was. Only the rows in the window are rendered, so a list of 1,000 costs what 40 do.
 */
export function windowStart(cursor: number, count: number, rows: number, previousStart: number): number {
	if (rows <= 0 || count <= rows) {
		return 0;
	}

	let start = Math.min(previousStart, count - rows);
	if (cursor < start) {
		start = cursor;
	} else if (cursor >= start + rows) {
		start = cursor - rows + 1;
	}

	return Math.max(0, start);
}

/** Where the list on screen begins: written as it is drawn, read to find the row under a click. */
export interface ShownWindow {
	start: number;
}
