/**
 * The per-subject cache key (src/compile/subject-reads.ts) must be injective on what a
 * plan reads: two subjects share a cached plan exactly when their keys are equal, so
 * equal keys must mean equal snapshots. The encoder tags each value (`s`, `n`, `k`, `[`,
 * `{`, `:` …); strings made of those very tags, split differently over several
 * attributes, are where a key that drops a length or a separator collides.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { subjectReads } from "../../src/compile/subject-reads.js";
import { compile } from "../../src/engine.js";
import { runs } from "../helpers/property-scale.js";

/** The encoder's tag and separator characters, digits, and two ordinary letters. */
const ALPHABET = ["s", "k", "n", "i", "m", "z", "u", "t", "f", "x", "y", "[", "]", "{", "}", ":", ";", "0", "1", "2"];

/**
 * Attribute values whose strings use `alphabet` only, mostly such strings: a run draws
 * two characters of ALPHABET, so that among a few dozen subjects some have the same text
 * split differently over their attributes (with all twenty characters, almost never).
 */
function valueOver(alphabet: readonly string[]): { text: fc.Arbitrary<string>; value: fc.Arbitrary<unknown> } {
  const text = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 3 });
  const leaf: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 8, arbitrary: text },
    { weight: 2, arbitrary: fc.integer({ min: -2, max: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, 0.5, -1.5) },
  );
  const value = fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(text, leaf, { maxKeys: 2 }) },
  );
  return { text, value };
}

const ABSENT = Symbol("absent");

/** A subject over `names`, each attribute present (mostly a string) or absent; `o` mostly an object. */
function subjectOver(names: readonly string[], alphabet: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const { text, value } = valueOver(alphabet);
  const attribute = fc.oneof(
    { weight: 6, arbitrary: text },
    { weight: 1, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(ABSENT) },
  );
  const o = fc.oneof(
    { weight: 3, arbitrary: fc.record({ p: attribute, q: attribute }) },
    { weight: 1, arbitrary: attribute },
  );
  return fc.tuple(...names.map((name) => (name === "o" ? o : attribute))).map((values) => {
    const subject: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const v = values[i];
      if (v === ABSENT) return;
      // `o`'s members may be absent too.
      if (
        name === "o" &&
        typeof v === "object" &&
        v !== null &&
        !Array.isArray(v) &&
        Object.hasOwn(v, "p") &&
        Object.hasOwn(v, "q")
      ) {
        const { p, q } = v as { p: unknown; q: unknown };
        subject.o = { ...(p === ABSENT ? {} : { p }), ...(q === ABSENT ? {} : { q }) };
      } else subject[name] = v;
    });
    return subject;
  });
}

const SETS = {
  // Top-level reads only: the key is one part per attribute (flat).
  flat: {
    text: `policy p { allow subject user "u" or role r action * resource * when subject.a == "x" and subject.b == "x" and subject.c == "x" }`,
    names: ["a", "b", "c"],
  },
  // The same set, the target fields given values.
  targets: {
    text: `policy p { allow subject user "u" or role r action * resource * when subject.a == "x" and subject.b == "x" and subject.c == "x" }`,
    names: ["id", "roles", "a"],
  },
  // Paths below a top-level attribute: the key follows the read tree.
  nested: {
    text: `policy p { allow subject * action * resource * when subject.o.p == "x" or subject.o.q == subject.a or subject.b == 1 }`,
    names: ["o", "a", "b"],
  },
  // The whole subject is read.
  whole: {
    text: `policy p { allow subject * action * resource * when subject == env.s }`,
    names: ["a", "b", "c"],
  },
} as const;

describe("the subject cache key", () => {
  it.each(Object.entries(SETS))(
    "%s reads: equal keys only for deep-equal snapshots",
    (_shape, { text: source, names }) => {
      const reads = subjectReads(compile(source).policySet.policies);
      fc.assert(
        fc.property(
          fc
            .subarray(ALPHABET, { minLength: 2, maxLength: 2 })
            .chain((alphabet) => fc.array(subjectOver(names, alphabet), { minLength: 20, maxLength: 60 })),
          (subjects) => {
            const byKey = new Map<string, Record<string, unknown>>();
            for (const s of subjects) {
              const snapshot = reads.snapshot(s);
              const key = reads.snapshotKey(snapshot);
              expect(key, JSON.stringify(s)).not.toBeNull();
              // The key of the caller's (well-formed, JSON) object is the key of its snapshot.
              expect(reads.key(s)).toBe(key);
              const seen = byKey.get(key as string);
              if (seen === undefined) {
                byKey.set(key as string, snapshot);
                continue;
              }
              if (!isDeepStrictEqual(seen, snapshot))
                expect.fail(
                  `one key ${JSON.stringify(key)} for two snapshots: ${String(JSON.stringify({ ...seen }))} and ${String(JSON.stringify({ ...snapshot }))}`,
                );
            }
          },
        ),
        { numRuns: runs(200) },
      );
    },
  );

  it("tells apart attribute values that are the same text when joined", () => {
    const reads = subjectReads(compile(SETS.flat.text).policySet.policies);
    const pairs: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { a: "xsy", b: "z" },
        { a: "x", b: "ysz" },
      ],
      [
        { a: "s1:x", b: "y" },
        { a: "s", b: "x" },
      ],
      [{ a: "x", b: "n1;" }, { a: "xn1;" }],
      [{ a: "m" }, { b: "m" }],
      [{ a: ["xs1:y"] }, { a: ["x", "y"] }],
      [{ a: { k: "x" } }, { a: { "k1:k": "" } }],
    ];
    for (const [one, other] of pairs) {
      expect(reads.key(one), JSON.stringify([one, other])).not.toBe(reads.key(other));
      expect(reads.snapshotKey(reads.snapshot(one))).not.toBe(reads.snapshotKey(reads.snapshot(other)));
    }
  });

  // Keys are kept in the per-subject cache: every character counts against the bound,
  // not only strings' (an array of 16,000 numbers was keyed as 416,000 characters).
  it.each(Object.entries(SETS))("is never longer than 16,384 characters (%s)", (_, { text }) => {
    const reads = subjectReads(compile(text).policySet.policies);
    const values: unknown[] = [
      new Array(16_000).fill(-1.2345678901234567e300),
      new Array(16_000).fill(true),
      new Array(16_000).fill(""),
      Array.from({ length: 100 }, () => new Array(1000).fill(null)),
      Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [String(i), 0])),
      "x".repeat(16_000),
    ];
    for (const value of values) {
      for (const subject of [{ a: value, b: value, o: value }, { a: { k: value }, o: { p: value, q: value } }, value]) {
        if (typeof subject !== "object" || subject === null) continue;
        for (const key of [reads.key(subject), reads.snapshotKey(reads.snapshot(subject))]) {
          expect(key?.length ?? 0).toBeLessThanOrEqual(16_384);
        }
      }
    }
  });
});
