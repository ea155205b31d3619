// Remembered results, shared by the selectors of every pane (swarm's included): kept apart from
// them so that those modules import it rather than each other.

/** True when both lists hold the same items (by identity) in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
	if (a.length !== b.length) {
		return false;
	}

	for (let index = 0; index < a.length; index++) {
		if (a[index] !== b[index]) {
			return false;
		}
	}

	return true;
}

/** Remembers the last result for identical inputs, so a render with nothing new costs no sort. */
export function memoizeLast<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
	let lastArgs: A | undefined;
	let lastResult: R | undefined;
	return (...args: A): R => {
		if (lastArgs !== undefined && sameItems(lastArgs, args)) {
			return lastResult as R;
		}

		lastArgs = args;
		lastResult = compute(...args);
		return lastResult;
	};
}

const keyCache = new WeakMap<readonly object[], string[]>();

/** The keys of a list, worked out once per list (lists are replaced, never changed, when their contents change). */
export function keysOf<T extends object>(list: readonly T[], key: (item: T) => string): string[] {
	let keys = keyCache.get(list);
	if (!keys) {
		keys = list.map(item => key(item));
		keyCache.set(list, keys);
	}

	return keys;
}
