/**
 * A memo of at most `max` entries, string-keyed, in two generations: new entries go to
 * the current one; when it holds `max / 2`, it becomes the old one and the old one is
 * dropped whole. A hit in the old generation moves the entry to the current one, so what
 * is in use stays (the last `max / 2` keys used are always kept). Every step is O(1).
 *
 * Not a Map evicting its first key: V8 leaves a deleted Map entry as a hole until the
 * table is rebuilt, and `keys().next()` walks past every hole at the front, so evicting
 * that way from a full 20,000-entry memo cost ≈ 8 µs per insert — most of `couldAllow`
 * for a new subject once a server had seen enough of them. Not lru-cache either (as
 * the engine's subject cache): its bookkeeping made a miss and insert ≈ 3 µs here, a
 * hit ≈ 0.5 µs; plain Maps take ≈ 1 µs and ≈ 0.06 µs.
 *
 * Values are never undefined (that is "not remembered"). Callers bound their keys' length
 * themselves.
 */
export class BoundedMemo<V extends NonNullable<unknown> | null> {
  readonly #half: number;
  #current = new Map<string, V>();
  #old = new Map<string, V>();

  /** `max`: entries kept at most (at least 2). */
  constructor(max: number) {
    this.#half = Math.max(1, Math.floor(max / 2));
  }

  /** The value remembered for `key`, or undefined. */
  get(key: string): V | undefined {
    const value = this.#current.get(key);
    if (value !== undefined) return value;
    const old = this.#old.get(key);
    if (old !== undefined) {
      this.#old.delete(key);
      this.#add(key, old);
    }
    return old;
  }

  /** Remembers `value` for `key`. */
  set(key: string, value: V): void {
    if (this.#current.has(key)) {
      this.#current.set(key, value);
      return;
    }
    this.#old.delete(key);
    this.#add(key, value);
  }

  /** Entries held (at most `max`). */
  get size(): number {
    return this.#current.size + this.#old.size;
  }

  #add(key: string, value: V): void {
    if (this.#current.size >= this.#half) {
      this.#old = this.#current;
      this.#current = new Map();
    }
    this.#current.set(key, value);
  }
}
