/**
 * Branches of the reference interpreter's linear segment test (src/evaluate/linear-glob.ts)
 * that the rest of the suite does not reach. Under GLOB_OPTIONS minimatch never writes
 * some of the shapes handled there (the `(?!\.)` guard is for `dot: false`, `[^/]+?`
 * only comes with a fast path of its own, segments never hold a `/`), so those are
 * checked with other minimatch options or on the RegExp directly, always against the
 * answer of minimatch or of the RegExp itself.
 */
import { Minimatch, type MinimatchOptions, minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compileLinearGlob, segmentTester } from "../../src/evaluate/linear-glob.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";

const TEXTS = [
  "",
  "a",
  ".a",
  ".",
  "..",
  "ab",
  "a.b",
  "a/b",
  ".a/b",
  "a/.b",
  "x/a/b",
  "x/.a/b",
  "a/b/",
  "b",
  "😀",
  ".😀b",
  "abc",
  "a/b/c",
];

function expectLikeMinimatch(pattern: string, options: MinimatchOptions): void {
  const matcher = compileLinearGlob(pattern, options);
  expect(matcher).not.toBeNull();
  for (const text of TEXTS) {
    expect({ pattern, text, got: matcher?.(text) }).toEqual({ pattern, text, got: minimatch(text, pattern, options) });
  }
}

describe("compileLinearGlob under other minimatch options", () => {
  // `dot: false` makes minimatch guard a segment's start with `(?!\.)`.
  it.each(["*b", "?*", "[.a]*", "a*\\|*b", "*\\|x", "[ab]?\\|[!x]", "**/[ab]*", "*😀*"])(
    "dot: false, %s: the `(?!\\.)` guard as minimatch applies it",
    (pattern) => expectLikeMinimatch(pattern, { ...GLOB_OPTIONS, dot: false }),
  );

  it("dot: false, `**`: no dot-file segment is crossed, as in minimatch's own walk", () => {
    const options = { ...GLOB_OPTIONS, dot: false };
    const matcher = compileLinearGlob("**/[ab]*", options);
    const texts = ["x/a", ".x/a", "x/.y/a", "x/y/b", ".a"];
    const want = texts.map((text) => minimatch(text, "**/[ab]*", options));
    expect(want).toEqual([true, false, false, true, false]);
    expect(texts.map((text) => matcher?.(text))).toEqual(want);
  });

  it.each(["a/**/b", "**/a*", "a/**", "*/**/?"])("default optimization level, %s: minimatch's answers", (pattern) => {
    expectLikeMinimatch(pattern, { dot: true });
    expectLikeMinimatch(pattern, { ...GLOB_OPTIONS, optimizationLevel: 2 });
  });

  it("is null (the caller errs) for a segment RegExp with a flag other than `u`", () => {
    // `nocase` makes minimatch add the `i` flag, which the linear test does not model.
    expect(compileLinearGlob("a*[b]c", { ...GLOB_OPTIONS, nocase: true })).toBeNull();
  });
});

/** A segment RegExp built as minimatch builds one: `^SRC$` with `_src` = SRC. */
function segment(src: string, flags = ""): RegExp {
  return Object.assign(new RegExp(`^${src}$`, flags), { _src: src });
}

/** A RegExp whose `_src` no valid RegExp could have: only `_src` and `flags` are read. */
function bogus(src: string): RegExp {
  return Object.assign(/x/, { _src: src });
}

describe("segmentTester on its own: the same answers as the RegExp", () => {
  const texts = ["", "a", "b", "ab", "ba", "abb", "a/b", "a/", "/b", "x/y", ".", "..", ".a", "😀", "a😀b", "c", "ac"];

  it.each([
    ["[^/]+?", ""],
    ["a[^/]+?", ""],
    ["(?!\\.)[^/]+?b", ""],
    ["a[^/]*?b", ""],
    ["a[^/]*?b|[^/]*?c", ""],
    ["[ab][^/]*?|b", ""],
    ["a[^/]b", ""],
    ["ab", ""],
    ["([a]|[b])c", ""],
    ["([a]|[😀])[^/]*?", "u"],
  ])("/^%s$/%s, `/` included", (src, flags) => {
    const re = segment(src, flags);
    const test = segmentTester(re);
    expect(test).not.toBeNull();
    for (const text of texts)
      expect({ text, got: test?.(text) }).toEqual({ text, got: RegExp.prototype.test.call(re, text) });
  });

  it("is null without minimatch's `_src`, or with a flag other than `u`", () => {
    expect(segmentTester(/^a[^/]*?$/)).toBeNull();
    expect(segmentTester(segment("a[^/]*?", "i"))).toBeNull();
    expect(segmentTester(segment("a[^/]*?", "u"))).not.toBeNull();
  });

  it.each([
    "a\\", // a lone trailing backslash
    "a(b)", // a group that is not two classes
    "([a]b)",
    "([a]|b)",
    "[ab", // an unterminated class
    "([a]|[b]", // an unterminated group
    "[\\", // a class cut after its escape
    "[b-a]", // a class the RegExp engine rejects
    "a.b",
    "a+",
    "a?",
    "a{2}",
    "a)",
    "a^",
    "]",
  ])("is null for a source outside minimatch's dialect: %s", (src) => {
    expect(segmentTester(bogus(src))).toBeNull();
  });
});

describe("every segment RegExp minimatch writes under GLOB_OPTIONS is supported", () => {
  it.each(["a\\|b*", "[a-c]\\|", "*\\|*", "[[[:graph:]]x*", "x\\$y*", "[!a]*\\|", "\\|*", "a[]b*", "[\u2028]*"])(
    "%s",
    (pattern) => {
      const parts = new Minimatch(pattern, GLOB_OPTIONS).set.flat();
      const regexps = parts.filter((part): part is RegExp => part instanceof RegExp && !Object.hasOwn(part, "test"));
      expect(regexps.length).toBeGreaterThan(0);
      for (const re of regexps) expect(segmentTester(re)).not.toBeNull();
    },
  );
});
