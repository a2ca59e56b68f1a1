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

  it("counts sequences past 2^53 as brace-expansion runs them (a step that cannot move `i`)", () => {
    // `i += 1` leaves 2^53 unchanged: brace-expansion loops to its cap of 100,000 strings.
    for (const glob of ["{9007199254740992..9007199254740992}", "{9999999999999999..10000000000000000}", "{9007199254740993..9007199254760993}"]) {
      expect(expanded(glob)).toBe(100_000);
      expect(countBraceExpansions(glob)).toBeGreaterThanOrEqual(100_000);
    }
    // Exact below it, however large the numbers.
    expect(countBraceExpansions("{9007199254740000..9007199254740990}")).toBe(expanded("{9007199254740000..9007199254740990}"));
  });

  it("never undercounts numeric sequences around 2^53", () => {
    const near = fc.bigInt({ min: 2n ** 53n - 20n, max: 2n ** 53n + 20n }).map(String);
    fc.assert(
      fc.property(near, near, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), (a, b, step) => {
        const glob = `{${a}..${b}${step === undefined ? "" : `..${step}`}}`;
        expect(countBraceExpansions(glob)).toBeGreaterThanOrEqual(expanded(glob));
      }),
      { numRuns: 200 },
    );
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
