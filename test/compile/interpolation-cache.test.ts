import { describe, expect, it } from "vitest";
import { interpolationCacheSize } from "../../src/compile/interpolate.js";
import { compile } from "../../src/engine.js";

// Interpolated globs are compiled once per distinct text and kept (src/compile/interpolate.ts).
// The text holds a subject's values, up to 64 Ki characters: the cache is bounded in
// characters as well as in entries.
describe("the cache of interpolated globs", () => {
  it("holds at most 4 Mi characters of keys, however long the subjects' values", () => {
    const engine = compile(`policy own { allow subject * action "read" resource "doc/*/\${subject.id}/**" }`);
    const id = (i: number) => `u${i}-${"x".repeat(20_000)}`;
    for (let i = 0; i < 250; i++) {
      expect(engine.isAllowed({ id: id(i) }, `doc/a/${id(i)}/b`, "read")).toBe(true);
      expect(interpolationCacheSize().characters).toBeLessThanOrEqual(4_194_304);
    }
    // Still a cache: the same subject again finds its glob.
    const { entries } = interpolationCacheSize();
    expect(entries).toBeGreaterThan(0);
    engine.isAllowed({ id: id(249) }, "doc/a/other", "read");
    expect(interpolationCacheSize().entries).toBe(entries);
  });
});
