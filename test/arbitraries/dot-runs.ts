/**
 * Texts and `prefix*` patterns whose segments are runs of dots of every length: `.` and
 * `..` are the segments a `*` must not match under GLOB_OPTIONS (`dot: true`), while
 * `...` and `....` are ordinary names it must match. The other glob generators build
 * texts from `.` and `..` pieces, where a whole segment of three or more dots is rare.
 */
import fc from "fast-check";

/** A run of 0–5 dots. */
export const dotRun: fc.Arbitrary<string> = fc.integer({ min: 0, max: 5 }).map((n) => ".".repeat(n));

/** A segment: a dot run, often alone, sometimes beside a letter. */
const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: dotRun },
  { weight: 1, arbitrary: fc.tuple(dotRun, fc.constantFrom("a", "b"), dotRun).map((parts) => parts.join("")) },
);

/** Texts of 1–3 such segments, maybe led and trailed by `/`. */
export const dottyText: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([lead, segments, trail]) => `${lead ? "/" : ""}${segments.join("/")}${trail ? "/" : ""}`);

/**
 * `prefix*` patterns (the `prefix*` fast path of src/compile/glob.ts) whose last literal
 * segment is empty, a dot run, or a dot run after a letter.
 */
export const prefixStarPattern: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("", "a/", "/", "a/b/", "//"), fc.oneof(dotRun, dotRun.map((d) => `a${d}`)))
  .map(([head, last]) => `${head}${last}*`);
