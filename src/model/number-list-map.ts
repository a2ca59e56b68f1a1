/**
 * A map keyed by lists of integers (policy ranks, bucket ids), compared exactly. Not by
 * the list joined into a string: V8 hashes a string longer than 16,383 characters by its
 * length alone, so keys of thousands of numbers all collide and every lookup compares
 * long strings (an id matching 10,000 policies made classifying 4,096 ids take 106 s).
 * Keyed by a 32-bit hash of the list, with the lists of one hash kept side by side; the
 * hash is seeded per map, so lists that collide cannot be prepared in advance (the lists
 * follow from client-chosen ids).
 */
export class NumberListMap<V> {
  readonly #byHash = new Map<number, Entry<V> | Entry<V>[]>();
  readonly #seed: number;
  #size = 0;

  /** `seed`: for tests; a random one by default. */
  constructor(seed: number = (Math.random() * 0x1_0000_0000) >>> 0) {
    this.#seed = seed;
  }

  get size(): number {
    return this.#size;
  }

  get(key: readonly number[]): V | undefined {
    const found = this.#byHash.get(hashOf(key, this.#seed));
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) return sameList(found.key, key) ? found.value : undefined;
    for (const entry of found) if (sameList(entry.key, key)) return entry.value;
    return undefined;
  }

  /** Sets the value of `key` (replacing an equal key's). The map keeps `key`: do not change it. */
  set(key: readonly number[], value: V): void {
    const hash = hashOf(key, this.#seed);
    const entry: Entry<V> = { key, value };
    const found = this.#byHash.get(hash);
    if (found === undefined) this.#byHash.set(hash, entry);
    else if (Array.isArray(found)) {
      const at = found.findIndex((e) => sameList(e.key, key));
      if (at !== -1) {
        found[at] = entry;
        return;
      }
      found.push(entry);
    } else if (sameList(found.key, key)) {
      this.#byHash.set(hash, entry);
      return;
    } else this.#byHash.set(hash, [found, entry]);
    this.#size++;
  }

  clear(): void {
    this.#byHash.clear();
    this.#size = 0;
  }
}

interface Entry<V> {
  readonly key: readonly number[];
  readonly value: V;
}

/** A 32-bit hash of a list of integers (each mixed in turn, as MurmurHash3 mixes words). Exported for tests. */
export function hashOf(list: readonly number[], seed: number): number {
  let h = (list.length ^ seed) | 0;
  for (let i = 0; i < list.length; i++) {
    let k = Math.imul(list[i] as number, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
