/**
 * entriesForId indexes a schema's resource entries (exact ids by id, globs by literal
 * prefix, each compiled once): test setup looked every generated id up against every
 * entry of the schema inferred from the policies, quadratic in the policies. A ratio
 * measured in one run, never an absolute time; and the index must give exactly what
 * testing every entry gives.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleGlob } from "../../src/attributes/glob-sample.js";
import { entriesForId, globMatches } from "../../src/attributes/resource-match.js";
import { loadAttributeSchema, type ResourceEntry } from "../../src/attributes/schema.js";
import { compile } from "../../src/engine.js";
import { requestArbitraries } from "../../src/testing/index.js";

/** The engine of `n` policies, one resource glob each. */
function engineOf(n: number) {
  return compile(Array.from({ length: n }, (_, i) => `policy p${i} { allow subject * action "tools/call" resource "tool:t${i}_*" }`).join("\n"));
}

/** ms for one `requestArbitraries` call. */
function setupTime(engine: ReturnType<typeof compile>): number {
  const started = performance.now();
  requestArbitraries(engine);
  return performance.now() - started;
}

const PATTERNS = [
  "tool:a*",
  "tool:ab*",
  "tool:a?c",
  "tool:[ab]x",
  "tool:{read,write}_*",
  "files/**",
  "files/*/x",
  "files/**/x",
  "a\\*b",
  "a\\|b*",
  "*",
  "tool:a",
  "tool:",
];

function entries(): readonly ResourceEntry[] {
  const resources = [
    ...PATTERNS.map((pattern) => ({ pattern })),
    { id: "tool:a" },
    { id: "tool:abc" },
    { id: "tool:a" },
    { id: "files/x" },
    { id: "a*b" },
  ];
  const { schema, diagnostics } = loadAttributeSchema({ resources });
  expect(diagnostics).toEqual([]);
  return schema?.resources ?? [];
}

describe("entriesForId", () => {
  it("gives what matching every entry gives, in the same order", () => {
    const list = entries();
    const naive = (id: string) => list.filter((e) => (e.exact ? e.pattern === id : globMatches(id, e.pattern)));
    const ids = [
      ...PATTERNS.flatMap((p) => sampleGlob(p)),
      ...PATTERNS,
      "tool:a",
      "tool:abc",
      "tool:",
      "files",
      "files/",
      "files/a/b/x",
      "a*b",
      "ab",
      "bd",
      "",
    ];
    for (const id of ids) expect(entriesForId(list, id), id).toEqual(naive(id));
    const alphabet = fc.constantFrom("t", "o", "l", ":", "a", "b", "c", "x", "/", "*", "|", "files", "tool:", "read_", "\\");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), (parts) => {
        const id = parts.join("");
        expect(entriesForId(list, id)).toEqual(naive(id));
      }),
      { numRuns: 2_000, seed: 3 },
    );
  });

  it("sees entries added to a list after it was indexed", () => {
    const list = [...entries()];
    expect(entriesForId(list, "zz/z")).toEqual([]);
    const { schema } = loadAttributeSchema({ resources: [{ pattern: "zz/*" }] });
    list.push(...(schema?.resources ?? []));
    expect(entriesForId(list, "zz/z").map((e) => e.pattern)).toEqual(["zz/*"]);
  });
});

describe("requestArbitraries without a schema, at scale", () => {
  it("is near linear in policies with a resource glob each", () => {
    const small = engineOf(600);
    const large = engineOf(2_400);
    setupTime(engineOf(200));
    // Best of rounds taken in turn: a busy machine slows both sizes alike, not one of them.
    let bestSmall = Number.POSITIVE_INFINITY;
    let bestLarge = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 6; round++) {
      bestSmall = Math.min(bestSmall, setupTime(small));
      bestLarge = Math.min(bestLarge, setupTime(large));
    }
    const ratio = bestLarge / Math.max(bestSmall, 1);
    // Matching every id against every inferred entry makes this ≈ 16; linear ≈ 4.
    expect(ratio, ratio.toFixed(2)).toBeLessThan(8);
  });
});
