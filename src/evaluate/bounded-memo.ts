/**
 * A memo of at most `max` entries, string-keyed, evicting the least recently used in
 * O(1) (lru-cache). Not a Map evicting its first key: V8 leaves a deleted Map entry as
 * a hole until the table is rebuilt, and `keys().next()` walks past every hole at the
 * front, so evicting that way from a full 20,000-entry Map cost ≈ 8 µs per insert — the
 * bulk of `couldAllow` for every new subject, whose answers are all new entries.
 *
 * Values may be null (lru-cache stores neither null nor undefined: null is kept as a
 * marker). Callers bound their keys' length themselves.
 */
import { LRUCache } from "lru-cache";

const NULL: unique symbol = Symbol("null");

export class BoundedMemo<V extends NonNullable<unknown> | null> {
  readonly #cache: LRUCache<string, Exclude<V, null> | typeof NULL>;

  constructor(max: number) {
    this.#cache = new LRUCache({ max });
  }

  /** The value remembered for `key`, or undefined. */
  get(key: string): V | undefined {
    const value = this.#cache.get(key);
    return value === NULL ? (null as V) : value;
  }

  /** Remembers `value` for `key` (the least recently used entry goes when full). */
  set(key: string, value: V): void {
    this.#cache.set(key, value === null ? NULL : (value as Exclude<V, null>));
  }

  get size(): number {
    return this.#cache.size;
  }
}
