import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashOf, NumberListMap } from "../../src/compile/number-list-map.js";
import { runs } from "../helpers/property-scale.js";

describe("NumberListMap", () => {
  it("behaves as a map keyed by the lists' contents (model: a Map keyed by the joined list)", () => {
    const list = fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(list, fc.integer())), fc.array(list), (entries, probes) => {
        const map = new NumberListMap<number>();
        const model = new Map<string, number>();
        for (const [key, value] of entries) {
          if (map.get(key) === undefined) map.add([...key], value);
          if (!model.has(key.join(","))) model.set(key.join(","), value);
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
    map.add(long, "long");
    map.add(other, "other");
    map.add(long.slice(0, -1), "shorter");
    expect([map.get(long), map.get(other), map.get(long.slice(0, -1)), map.get([...long, 0])]).toEqual([
      "long",
      "other",
      "shorter",
      undefined,
    ]);
  });

  it("keeps lists of one hash apart (a collision found by search)", () => {
    const [a, b, c] = [[3, 1343], [11, 1215], [3, 1344]];
    expect(hashOf(a)).toBe(hashOf(b));
    const map = new NumberListMap<string>();
    map.add(a, "a");
    expect(map.get(b)).toBeUndefined();
    map.add(b, "b");
    map.add(c, "c");
    expect([map.get(a), map.get(b), map.get(c), map.size]).toEqual(["a", "b", "c", 3]);
  });
});
