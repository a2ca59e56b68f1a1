/**
 * Branches of the compiled engine's segment NFA (src/compile/segment-nfa.ts) that the
 * rest of the suite does not reach: the Thompson simulation of long patterns with stars,
 * the long star-and-literal shape, the unit-mask cache reset, and the refusals of
 * regexes outside minimatch's dialect. The oracle is minimatch itself (whole globs under
 * GLOB_OPTIONS) and, for one segment, the very RegExp the NFA stands for.
 */
import { Minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compileGlob } from "../../src/compile/glob.js";
import { compileSegmentTest } from "../../src/compile/segment-nfa.js";
import { compileLinearGlob } from "../../src/evaluate/linear-glob.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";

/** The RegExp's own answer (RegExp.prototype.test, whatever `test` minimatch put on it). */
function regexAnswer(re: RegExp, text: string): boolean {
  return RegExp.prototype.test.call(re, text);
}

/** Asserts compileGlob and the reference matcher agree with minimatch on every text. */
function expectAgreement(pattern: string, texts: readonly string[]): boolean[] {
  const mm = new Minimatch(pattern, GLOB_OPTIONS);
  const compiled = compileGlob(pattern);
  const reference = compileLinearGlob(pattern, GLOB_OPTIONS);
  expect(reference).not.toBeNull();
  return texts.map((text) => {
    const want = mm.match(text);
    expect({ pattern, text, compiled: compiled(text) }).toEqual({ pattern, text, compiled: want });
    expect({ pattern, text, reference: reference?.(text) }).toEqual({ pattern, text, reference: want });
    return want;
  });
}

/** The segment RegExps minimatch builds for `pattern` and does not give a fast path. */
function segmentRegExps(pattern: string): RegExp[] {
  const mm = new Minimatch(pattern, GLOB_OPTIONS);
  return mm.set.flat().filter((part): part is RegExp => part instanceof RegExp && !Object.hasOwn(part, "test"));
}

const C30 = "c".repeat(30);

describe("long patterns with stars (more than 30 tokens: the sparse simulation)", () => {
  it("a class among stars and 30 literals: matches where minimatch does", () => {
    const pattern = `*[ab]${C30}*`;
    // Not a star-and-literal pattern (the class), so the general simulation runs.
    expect(segmentRegExps(pattern)).toHaveLength(1);
    const answers = expectAgreement(pattern, [
      `a${C30}`,
      `xa${C30}y`,
      `xxb${C30}${C30}`,
      `a${"c".repeat(29)}`,
      `c${C30}`,
      `aa${"c".repeat(29)}a${C30}`,
      ".",
      "..",
      `.a${C30}`,
      `dir/a${C30}`,
      `a${C30}/`,
    ]);
    expect(answers).toEqual([true, true, true, false, false, true, false, false, true, false, true]);
  });

  it("several stars and classes: every way of splitting the text is tried", () => {
    const pattern = `*[ab]*${"c*".repeat(14)}[!c]`;
    const texts = [
      `a${"c".repeat(14)}d`,
      `zzazzc${"c".repeat(13)}zzd`,
      `a${"c".repeat(13)}d`,
      `a${"c".repeat(14)}c`,
      `${"c".repeat(14)}ad`,
      `b${"xc".repeat(14)}x`,
    ];
    expect(expectAgreement(pattern, texts)).toEqual([true, true, false, false, false, true]);
  });

  it("code points under the `u` flag: a surrogate pair is one character for `?` and classes", () => {
    const pattern = `*[[:alpha:]]?${C30}*`;
    const [re] = segmentRegExps(pattern);
    expect(re?.flags).toContain("u");
    const answers = expectAgreement(pattern, [
      `é😀${C30}`,
      `😀é😀${C30}😀`,
      `é\ud83d${C30}`,
      `é\ud83d\ude00\ude00${C30}`,
      `😀😀${C30}`,
      `é${C30}`,
    ]);
    expect(answers).toEqual([true, true, true, false, false, false]);
  });

  it("a raw `|` (glob `\\|`): unanchored alternatives search the segment", () => {
    // The middle alternative, unanchored at both ends, starts with a star after the search run.
    const pattern = `x*[ab]\\|*${C30}*[ab]\\|z`;
    const answers = expectAgreement(pattern, [
      "xa",
      "xqqb",
      "ya",
      `q${C30}b-tail`,
      `${"c".repeat(29)}b`,
      "anything-z",
      "z",
      "zq",
    ]);
    expect(answers).toEqual([true, true, false, true, false, true, true, false]);
  });

  it("stays fast where backtracking does not (`*c*c*…*[!c]` against a long run of c)", () => {
    const pattern = `*${"c*".repeat(20)}[!c]`;
    const text = "c".repeat(5_000);
    const compiled = compileGlob(pattern);
    const started = performance.now();
    expect(compiled(text)).toBe(false);
    expect(compiled(`${text}d`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("long star-and-literal patterns", () => {
  it("over 30 tokens, matched run by run as minimatch does", () => {
    const pattern = `a*${C30}*${"d".repeat(5)}`;
    expect(segmentRegExps(pattern)).toHaveLength(1);
    const answers = expectAgreement(pattern, [
      `a${C30}ddddd`,
      `axx${C30}yyddddd`,
      `a${"c".repeat(29)}ddddd`,
      `a${C30}dddd`,
      `a${C30}ddddd/`,
      `a/${C30}ddddd`,
      `b${C30}ddddd`,
    ]);
    expect(answers).toEqual([true, true, false, false, true, false, false]);
  });
});

describe("the per-unit mask cache of the bit-parallel simulation", () => {
  it("answers the same after more than 256 distinct characters reset the cache", () => {
    const pattern = "*[!x]?*q";
    const distinct = Array.from({ length: 400 }, (_, k) => String.fromCharCode(0x100 + k)).join("");
    const answers = expectAgreement(pattern, [
      `${distinct}q`,
      `${distinct}xq`,
      `${distinct}${distinct}`,
      `xx${distinct}`,
      `${distinct}q${distinct}q`,
      "xq",
      "yzq",
    ]);
    expect(answers).toEqual([true, true, false, false, true, false, true]);
  });
});

/** A RegExp built the way minimatch builds a segment's: `^SOURCE$`. */
function anchored(source: string, flags = ""): RegExp {
  return new RegExp(`^${source}$`, flags);
}

describe("compileSegmentTest on its own: the same answers as the RegExp", () => {
  const texts = [
    "",
    "a",
    "b",
    "ab",
    "aab",
    "abb",
    "a/b",
    "a/",
    "/b",
    "x/y",
    "ba",
    ".",
    "..",
    "😀",
    "a😀b",
    "\ud83d",
    "c",
    "abc",
    `a/${"b".repeat(30)}`,
    `ax${"b".repeat(30)}`,
  ];

  it.each([
    // Stars across a `/`: `[^/]*?` never crosses one, an unanchored alternative does.
    ["a[^/]*?b", ""],
    ["a|b[^/]*?", ""],
    ["[ab][^/]*?|[^/]*?b", ""],
    [`[ab][^/]*?${"b".repeat(30)}|a`, ""],
    [`a[^/]*?${"b".repeat(30)}|a`, ""],
    [`a[^/]*?${"b".repeat(30)}`, ""],
    // Star forms minimatch writes only with a fast path attached (`***`), or not at all.
    ["[^/]+?", ""],
    ["a[^/]+", ""],
    ["a[^/]*", ""],
    // No star: every token a literal.
    ["ab", ""],
    // An assertion after the start (not minimatch's leading guard), or a `^` inside.
    ["a(?!b)[^/]*?", ""],
    ["a|^b", ""],
    ["a^b", ""],
    // A group of one-character alternatives: escapes and code points.
    ["(\\.|a)[^/]*?", ""],
    ["(😀|a)b", "u"],
    ["[^/]*?(😀|\\.)", "u"],
    // Escapes that are one character class, tested as such.
    ["\\d[^/]*?", ""],
    ["(\\w|\\.)b", ""],
  ])("/^%s$/%s", (source, flags) => {
    const re = anchored(source, flags);
    const test = compileSegmentTest(re);
    for (const text of texts) expect({ text, got: test(text) }).toEqual({ text, got: regexAnswer(re, text) });
  });

  it("keeps a RegExp's own `test` (minimatch's fast paths) and refuses a non-function one", () => {
    const [fast] = new Minimatch("*.md", GLOB_OPTIONS).set[0] ?? [];
    expect(fast instanceof RegExp && Object.hasOwn(fast, "test")).toBe(true);
    const test = compileSegmentTest(fast as RegExp);
    expect([test("a.md"), test(".md"), test("a.mdx")]).toEqual([true, true, false]);
    const odd = anchored("a");
    Reflect.defineProperty(odd, "test", { value: "not a function" });
    expect(() => compileSegmentTest(odd)).toThrow("unsupported segment test");
  });

  it.each([
    "a+",
    "a{2}",
    "[ab]*",
    "(ab)",
    "(?:a)",
    "()",
    "(\\k|a)",
    "(.|a)",
    "\\b",
    "\\x41",
    "\\p{L}",
    "\\1",
    "a?",
    "(?!a*)b",
    "(?=a+)b",
  ])("refuses /^%s$/ (outside minimatch's dialect: it could backtrack)", (source) => {
    expect(() => compileSegmentTest(anchored(source))).toThrow("unsupported segment regex");
  });

  // Sources no RegExp can have, read from a stand-in `source`: the tokenizer still ends.
  it.each(["a\\", "^a)$", "^[ab$", "^(?!a$", "^(a|[b)$", "^a|[b$"])("refuses the source %s", (source) => {
    const re = /a/;
    Reflect.defineProperty(re, "source", { value: source });
    expect(() => compileSegmentTest(re)).toThrow("unsupported segment regex");
  });
});
