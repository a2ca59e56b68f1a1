import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashOf, NumberListMap } from "../../src/model/number-list-map.js";
import { runs } from "../helpers/property-scale.js";

describe("NumberListMap", () => {
  it("behaves as a map keyed by the lists' contents (model: a Map keyed by the joined list)", () => {
    const list = fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(list, fc.integer())), fc.array(list), (entries, probes) => {
        const map = new NumberListMap<number>();
        const model = new Map<string, number>();
        for (const [key, value] of entries) {
          map.set([...key], value);
          model.set(key.join(","), value);
        }
        expect(map.size).toBe(model.size);
        for (const key of [...entries.map(([k]) => k), ...probes]) expect(map.get(key)).toBe(model.get(key.join(",")));
        map.clear();
        expect(map.size).toBe(0);
        for (const [key] of entries) expect(map.get(key)).toBeUndefined();
      }),
      { numRuns: runs(300) },
    );
  });

  it("keeps lists that differ only late, or only in length, apart", () => {
    const map = new NumberListMap<string>();
    const long = Array.from({ length: 20_000 }, (_, i) => i);
    const other = [...long.slice(0, -1), 20_000];
    map.set(long, "long");
    map.set(other, "other");
    map.set(long.slice(0, -1), "shorter");
    expect([map.get(long), map.get(other), map.get(long.slice(0, -1)), map.get([...long, 0])]).toEqual([
      "long",
      "other",
      "shorter",
      undefined,
    ]);
  });

  it("keeps lists of one hash apart (a collision found by search)", () => {
    const [a, b, c] = [[3, 1343], [11, 1215], [3, 1344]];
    expect(hashOf(a, 0)).toBe(hashOf(b, 0));
    const map = new NumberListMap<string>(0);
    map.set(a, "a");
    expect(map.get(b)).toBeUndefined();
    map.set(b, "b");
    map.set(c, "c");
    expect([map.get(a), map.get(b), map.get(c), map.size]).toEqual(["a", "b", "c", 3]);
    // Setting an equal key again replaces its value (in a shared hash too), no duplicate.
    map.set([11, 1215], "b2");
    map.set([3, 1344], "c2");
    expect([map.get(a), map.get(b), map.get(c), map.size]).toEqual(["a", "b2", "c2", 3]);
  });

  it("looks long lists up in time independent of how many lists of that length it holds", () => {
    // 4,000 numbers: joined, 18,889 characters — past V8's 16,383, where a string key is
    // hashed by its length alone, so every such key lands in one bucket and a lookup
    // compares it with all of them (what the joined keys this map replaced did).
    const allBut = (x: number) => Array.from({ length: 4_000 }, (_, i) => (i < x ? i : i + 1));
    const lookups = (stored: number): number => {
      const map = new NumberListMap<number>();
      // Lists that differ only near their end, so telling them apart reads them whole.
      for (let k = 0; k < stored; k++) map.set(allBut(3_999 - k), k);
      const probe = allBut(3_999);
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 5; round++) {
        const started = performance.now();
        for (let r = 0; r < 200; r++) expect(map.get(probe)).toBe(0);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    lookups(50);
    const ratio = lookups(1_600) / Math.max(lookups(200), 0.05);
    // Joined string keys: ≈ 8 (the lookup compares 8× the keys); here ≈ 1.
    expect(ratio, ratio.toFixed(2)).toBeLessThan(3);
  });
});
