/**
 * Values worked out from strings met in this frame or the one before. A frame mostly repeats
 * the one before it, so nearly every lookup hits; what is no longer drawn is dropped after one
 * frame, which bounds the memory to two frames' worth.
 */
export class FrameMemo<V> {
	#current = new Map<string, V>();
	#previous = new Map<string, V>();
	readonly #make: (key: string) => V;

	constructor(make: (key: string) => V) {
		this.#make = make;
	}

	get(key: string): V {
		let value = this.#current.get(key);
		if (value === undefined) {
			value = this.#previous.get(key) ?? this.#make(key);
			this.#current.set(key, value);
		}

		return value;
	}

	/** Called when a frame is complete. */
	nextFrame(): void {
		this.#previous = this.#current;
		this.#current = new Map();
	}
}
