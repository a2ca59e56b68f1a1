// Test files (test-file.ts, docs/testing.md "Problems in test files"): cases a mutation run
// found unpinned.
import { describe, expect, it } from "vitest";
import { loadTestFile } from "../../src/testing/test-file.js";

const EXAMPLE = { subject: {}, resource: "r", action: "a", expect: "deny" };

describe("test names are unique in the file", () => {
  it("refuses an invariant named as an example, at the second name", () => {
    const text = JSON.stringify({ examples: [{ name: "same", ...EXAMPLE }], invariants: [{ name: "same", never: "allow" }] }, null, 2);
    const { file, diagnostics } = loadTestFile(JSON.parse(text), "t.test.json", text);
    expect(file).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([["E0901", "two tests are named `same`"]]);
    const line = text.split("\n")[(diagnostics[0]?.line ?? 1) - 1] ?? "";
    expect(line.trim()).toBe('"name": "same",');
    expect(text.split("\n").findIndex((l) => l.includes('"invariants"'))).toBeLessThan((diagnostics[0]?.line ?? 0) - 1);
  });

  it("still refuses duplicates within one list", () => {
    const { diagnostics } = loadTestFile({ invariants: [{ name: "x", never: "allow" }, { name: "x", never: "deny" }] }, "t.test.json");
    expect(diagnostics.map((d) => d.message)).toEqual(["two tests are named `x`"]);
  });
});

describe("a file that tests nothing", () => {
  it("is refused, with empty lists or none", () => {
    for (const value of [{}, { examples: [] }, { examples: [], invariants: [] }, { description: "d" }]) {
      const { file, diagnostics } = loadTestFile(value, "t.test.json");
      expect(file, JSON.stringify(value)).toBeNull();
      expect(diagnostics.map((d) => d.message)).toEqual(["the test file has no examples and no invariants: it tests nothing"]);
    }
  });
});
