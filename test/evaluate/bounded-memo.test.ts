import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedMemo } from "../../src/evaluate/bounded-memo.js";
import { matchGlobMemo } from "../../src/evaluate/partial-globs.js";
import { matchGlob } from "../../src/evaluate/patterns.js";
import { runs } from "../helpers/property-scale.js";

describe("BoundedMemo", () => {
  it("never answers a stale or wrong value, holds at most max entries, and keeps the last max/2 keys used", () => {
    const op = fc.oneof(
      fc.tuple(fc.constant("set" as const), fc.integer({ min: 0, max: 15 }), fc.option(fc.boolean(), { nil: null })),
      fc.tuple(fc.constant("get" as const), fc.integer({ min: 0, max: 15 }), fc.constant(null)),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.array(op, { maxLength: 80 }), (max, ops) => {
        const memo = new BoundedMemo<boolean | null>(max);
        // Model: every value ever set (the memo may forget, never invent), and the keys by last use.
        const model = new Map<string, boolean | null>();
        let used: string[] = [];
        for (const [kind, n, value] of ops) {
          const key = `k${n}`;
          if (kind === "set") {
            memo.set(key, value);
            model.set(key, value);
            used = [...used.filter((k) => k !== key), key];
          } else {
            const got = memo.get(key);
            if (got !== undefined) {
              expect(got).toBe(model.get(key));
              used = [...used.filter((k) => k !== key), key];
            }
          }
          expect(memo.size).toBeLessThanOrEqual(max);
          for (const recent of used.slice(-Math.floor(max / 2))) {
            // Reading keeps it recent: the model's order stays the same.
            expect(memo.get(recent)).toBe(model.get(recent));
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("keeps null apart from absent", () => {
    const memo = new BoundedMemo<string | null>(2);
    memo.set("a", null);
    expect(memo.get("a")).toBeNull();
    expect(memo.get("b")).toBeUndefined();
  });

  it("inserts into a full memo as fast as into one filling up", () => {
    // Evicting a Map's first key (`keys().next()` then `delete`) walks past every deleted
    // entry V8 has not compacted yet: ≈ 8× the cost of a filling insert at 20,000 entries,
    // ≈ 16× at 40,000 — what couldAllow paid per answer once a server had seen enough subjects.
    const size = 40_000;
    const inserts = (evicting: boolean): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 5; round++) {
        const memo = new BoundedMemo<boolean>(size);
        if (evicting) for (let i = 0; i < size; i++) memo.set(`old${i}`, true);
        const started = performance.now();
        for (let i = 0; i < size; i++) memo.set(`new${i}`, true);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    inserts(true);
    const ratio = inserts(true) / Math.max(inserts(false), 0.05);
    expect(ratio, ratio.toFixed(2)).toBeLessThan(4);
  });
});

describe("matchGlobMemo past its memo's bound", () => {
  it("keeps answering as matchGlob while evicting", () => {
    // 20,000 answers are kept: 25,000 distinct inputs evict; the answers stay exact.
    for (let i = 0; i < 25_000; i++) {
      const input = i % 3 === 0 ? `/home/u${i}/.ssh/id` : `/home/u${i}/notes`;
      const memo = matchGlobMemo(input, "**/.ssh/**");
      expect(memo).toEqual(matchGlob(input, "**/.ssh/**"));
    }
    expect(matchGlobMemo("/home/u0/.ssh/id", "**/.ssh/**")).toEqual({ ok: true, value: true });
  });
});
