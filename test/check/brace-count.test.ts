// biome-ignore-all lint/suspicious/noTemplateCurlyInString: policy text spells `${subject.PATH}` literally
import fc from "fast-check";
import { braceExpand } from "minimatch";
import { describe, expect, it } from "vitest";
import { countBraceExpansions } from "../../src/check/brace-count.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";

/** What minimatch itself makes of the pattern (the language's definition). */
const expanded = (glob: string) => braceExpand(glob, GLOB_OPTIONS).length;

describe("countBraceExpansions", () => {
  it.each([
    ["plain", 1],
    ["{a,b}", 2],
    ["x{a,b,c}y", 3],
    ["{a,b}{c,d,e}", 6],
    ["{a,{b,c}}", 3],
    ["{{a,b}}", 2],
    ["{a,b{c,d}}", 3],
    ["{1..5}", 5],
    ["{5..1}", 5],
    ["{1..10..2}", 5],
    ["{-3..3}", 7],
    ["{01..10}", 10],
    ["{a..e}", 5],
    ["{a..z..5}", 6],
    ["{a}", 1],
    ["{}", 1],
    ["{},a}", 1],
    ["\\{a,b}", 1],
    ["{a\\,b}", 1],
    ["${a,b}", 1],
    ["{a},b}", 2],
    ["{a,b", 1],
    ["a,b}", 1],
    ["{1..a}", 1],
  ])("counts %s like minimatch", (glob, count) => {
    expect(countBraceExpansions(glob)).toBe(count);
    expect(expanded(glob)).toBe(count);
  });

  it("counts thirty `{a,b}` as 2^30 without expanding them", () => {
    const started = performance.now();
    expect(countBraceExpansions("{a,b}".repeat(30))).toBe(2 ** 30);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("counts a huge sequence arithmetically", () => {
    expect(countBraceExpansions("{1..100000000}")).toBe(100_000_000);
    expect(countBraceExpansions("{1..1000}{1..1000}")).toBe(1_000_000);
  });

  it("stays fast on deeply nested and unbalanced braces", () => {
    const started = performance.now();
    countBraceExpansions(`${"{a,".repeat(300)}${"}".repeat(300)}`);
    countBraceExpansions("{".repeat(1024));
    countBraceExpansions(`{a}${"}".repeat(1000)},z}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("agrees with minimatch on random small brace patterns (never undercounts)", () => {
    const piece = fc.constantFrom("{", "}", ",", "a", "b", "..", "1", "3", "z", "$", "\\", "/", "*");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const glob = pieces.join("");
        const actual = expanded(glob);
        const counted = countBraceExpansions(glob);
        // Exact but for empty alternatives, which minimatch drops and the count keeps. An
        // empty alternative needs `,,`, `{,` or `,}` somewhere (also after a nested group,
        // as in `{{},,*}`), so only globs without any of these must count exactly.
        expect(counted).toBeGreaterThanOrEqual(actual);
        if (!braceExpand(glob, GLOB_OPTIONS).includes("") && !/,,|\{,|,\}/.test(glob)) {
          expect(counted).toBe(actual);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
