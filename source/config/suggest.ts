/** Edits (insert, delete, replace, swap two neighbours) between two words, case ignored. */
function distance(a: string, b: string): number {
	const x = a.toLowerCase();
	const y = b.toLowerCase();
	const rows: number[][] = [];
	for (let i = 0; i <= x.length; i++) {
		rows.push([i]);
	}
	for (let j = 1; j <= y.length; j++) {
		rows[0]![j] = j;
	}
	for (let i = 1; i <= x.length; i++) {
		for (let j = 1; j <= y.length; j++) {
			const replace = rows[i - 1]![j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, replace);
			if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
				best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			}
			rows[i]![j] = best;
		}
	}
	return rows[x.length]![y.length]!;
}

/** The candidate closest to a mistyped word, when it is close enough to be what was meant. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
	// Short words are only matched ignoring case: one edit makes any two-letter word another.
	const allowed = word.length <= 2 ? 0 : word.length < 5 ? 1 : word.length < 9 ? 2 : 3;
	let best: string | undefined;
	let bestDistance = allowed + 1;
	for (const candidate of candidates) {
		const d = distance(word, candidate);
		if (d < bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	return best;
}
