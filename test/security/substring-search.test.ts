// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written literally.
/**
 * `contains` and the literal runs of globs search substrings in linear time: V8's own
 * search shifts by at most 250 code units, so a long needle (a subject id in
 * `contains subject.id` or `matches "*${subject.id}*"`) against a crafted request text
 * cost O(n·m). Same answers as `indexOf`; timing as a ratio to a plain text of the same
 * size, measured in the same run, with a wide margin.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { findOccurrence, includesLinear, indexOfLinear } from "../../src/model/find-substring.js";

/** Strings over a tiny alphabet, long enough (> 200) for the linear search to be used. */
const longOver = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet.split("")), { minLength: min, maxLength: max }).map((chars) => chars.join(""));

describe("indexOfLinear", () => {
  it("gives indexOf's answer, from every start, for needles past the native cut-off", () => {
    fc.assert(
      fc.property(longOver("ab", 201, 260), fc.array(longOver("ab", 0, 40), { maxLength: 6 }), fc.nat(), (needle, pieces, start) => {
        // Texts that hold the needle, near misses of it, or neither.
        const text = pieces.map((p, i) => (i % 2 === 0 ? p + needle : p + needle.slice(1))).join("");
        const from = text.length === 0 ? 0 : start % (text.length + 1);
        expect(indexOfLinear(text, needle, from)).toBe(text.indexOf(needle, from));
        expect(includesLinear(text, needle)).toBe(text.includes(needle));
      }),
      { numRuns: 300 },
    );
  });

  it("gives indexOf's answer for short needles and edge cases", () => {
    for (const [text, needle, from] of [
      ["", "", 0],
      ["abc", "", 2],
      ["abc", "c", 0],
      ["a".repeat(300), "a".repeat(250), 40],
      ["a".repeat(300), "a".repeat(250), 60],
      ["a".repeat(300), "a".repeat(301), 0],
      ["x😀".repeat(200), "😀x".repeat(150), 1],
    ] as const) {
      expect(indexOfLinear(text, needle, from), `${text.length}/${needle.length}/${from}`).toBe(text.indexOf(needle, from));
    }
  });
});

describe("findOccurrence", () => {
  /** Every start of needle in text, by brute force. */
  const starts = (text: string, needle: string) =>
    Array.from({ length: Math.max(text.length - needle.length + 1, 0) }, (_, i) => i).filter((i) => text.startsWith(needle, i));

  it("gives the first start in [from, to] that is accepted, overlapping ones included, short and long needles", () => {
    // Periodic needles over `ab`: occurrences overlap, so refusing one must not skip the next.
    const needle = fc.oneof(longOver("ab", 1, 6), longOver("ab", 1, 3).map((unit) => unit.repeat(Math.ceil(201 / unit.length))));
    fc.assert(
      fc.property(
        needle,
        fc.array(longOver("ab", 0, 40), { maxLength: 6 }),
        fc.nat(),
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        (n, pieces, a, b, accepted) => {
          const text = pieces.map((p, i) => (i % 2 === 0 ? p + n + n.slice(0, 7) : p + n.slice(1))).join("");
          // Bounds often right on an occurrence.
          const all = starts(text, n);
          const bound = (k: number) => (k % 2 === 0 && all.length > 0 ? (all[(k >> 1) % all.length] as number) : k % (text.length + 1));
          const from = bound(a);
          const to = bound(b);
          const accept = (at: number) => accepted[at % accepted.length] as boolean;
          const want = all.find((at) => at >= from && at <= to && accept(at)) ?? -1;
          expect(findOccurrence(text, n, from, to, accept)).toBe(want);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** Median milliseconds of `run` over a few rounds. */
function median(run: () => void, rounds = 5): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)] as number;
}

describe("the engine's substring searches stay linear for a long needle", () => {
  // A 1,024-character id, `a`s around one `b`: against `a`×n every alignment nearly matches.
  const id = `${"a".repeat(511)}b${"a".repeat(512)}`;
  const subject = { id, roles: [] };
  const around = (body: string, prefix: string, suffix: string) => prefix + body + suffix;
  const crafted = "a".repeat(400_000);
  const plain = "xyz".repeat(133_334).slice(0, 400_000);

  for (const [what, condition, prefix, suffix] of [
    ["contains", "env.text contains subject.id", "", ""],
    ["matches with an interpolated run", 'env.text matches "report-*${subject.id}*.pdf"', "report-", ".pdf"],
  ] as const) {
    it(`${what}: a crafted text costs no more than ~10× a plain one (both evaluators)`, () => {
      const engine = compile(`policy p { allow subject * action * resource * when ${condition} }`);
      for (const decide of [
        (text: string) => engine.evaluate(subject, "r", "a", { text }),
        (text: string) => engine.explain(subject, "r", "a", { text }).decision,
      ]) {
        const bad = around(crafted, prefix, suffix);
        const good = around(plain, prefix, suffix);
        expect(decide(bad).allowed).toBe(false);
        const ratio = median(() => decide(bad)) / Math.max(median(() => decide(good)), 0.05);
        // Quadratic search: hundreds of times slower; linear: a few times at most.
        expect(ratio).toBeLessThan(10);
      }
    });
  }
});
