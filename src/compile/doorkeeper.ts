/**
 * Admission to the per-subject cache: a subject's plan is cached the *second* time its
 * content is seen, not the first. A server sees many one-off subjects (a token used once,
 * a subject built with a fresh timestamp); caching each would fill the cache with plans
 * that are never used again, evict the useful ones, and — since cached plans live long
 * enough to be promoted — make the garbage collector's old generation do the work.
 *
 * The "seen once" memory is a fixed table of 32-bit key hashes (TinyLFU's doorkeeper): no
 * key string is retained. A collision only admits a key on its first sight, which is
 * harmless: the cache stays exact (keyed by the full content), only its admission is
 * approximate.
 */
export class Doorkeeper {
  readonly #seen: Int32Array;
  readonly #mask: number;

  /** `slots`: a power of two (at least 4), about twice the cache's size for a useful memory. */
  constructor(slots: number) {
    this.#seen = new Int32Array(slots);
    this.#mask = slots - 1;
  }

  /** Whether `key` was offered before (and not forgotten since); remembers it. */
  admit(key: string): boolean {
    const hash = hashOf(key);
    // Four-way sets: a key competes only with the keys of its set, so a few unlucky
    // collisions do not make popular subjects wait for a third sight.
    const base = hash & this.#mask & ~3;
    const seen = this.#seen;
    for (let i = base; i < base + 4; i++) {
      if (seen[i] === hash) return true;
      if (seen[i] === 0) {
        seen[i] = hash;
        return false;
      }
    }
    // The set is full: forget one of its keys, picked by the new key's high bits.
    seen[base + (hash >>> 30)] = hash;
    return false;
  }
}

/** A table size for a cache of `capacity` subjects: a power of two, 2× the capacity, 1,024 to 2^21. */
export function doorkeeperSlots(capacity: number): number {
  let slots = 1024;
  while (slots < capacity * 2 && slots < 1 << 21) slots *= 2;
  return slots;
}

/**
 * FNV-1a over UTF-16 code units, then murmur3's finalizer so the low bits (the slot) mix
 * well; never 0, so an empty slot never matches.
 */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash === 0 ? 1 : hash;
}
