/**
 * The workload's random numbers and hashes (WORKLOAD.md "Generator" and "Fingerprints").
 * Bit-exact: every other implementation of the workload must draw the same numbers.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a-32 over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
export function fnv1a32(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The seed of one generator stage: FNV-1a-32 of `"<seed>:<label>"`. */
export function subSeed(seed: number, label: string): number {
  return fnv1a32(`${seed}:${label}`);
}

/** `digest(x)`: FNV-1a-32 of `JSON.stringify(x)` as 8 lowercase hex digits. */
export function digest(value: unknown): string {
  return fnv1a32(JSON.stringify(value)).toString(16).padStart(8, "0");
}

/** A seeded stream of floats in [0, 1) with the `int` and `pick` helpers of the spec. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** `floor(next() * n)`. */
  int(n: number): number;
  /** `arr[int(arr.length)]`; the array must not be empty. */
  pick<T>(arr: readonly T[]): T;
}

/** mulberry32, exactly as WORKLOAD.md writes it. */
export function mulberry32(seed32: number): Random {
  let a = seed32 >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(arr: readonly T[]): T => {
    const value = arr[int(arr.length)];
    if (value === undefined) throw new Error("pick from an empty array");
    return value;
  };
  return { next, int, pick };
}
