// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchPattern } from "../../src/evaluate/patterns.js";
import { matchResource } from "../../src/evaluate/targets.js";
import { matches, path, patterns } from "./builders.js";
import { expectError, expectValue } from "./helpers.js";

const yes = { ok: true, value: true };
const no = { ok: true, value: false };
const HOME = "/home/${subject.id}/**";

describe("interpolation `${subject.PATH}` (spec §4.3)", () => {
  it("substitutes a subject attribute into a resource pattern", () => {
    expect(matchPattern("/home/alice/notes.txt", HOME, { id: "alice" })).toEqual(yes);
    expect(matchPattern("/home/bob/notes.txt", HOME, { id: "alice" })).toEqual(no);
  });

  it("follows nested paths", () => {
    expect(matchPattern("org:acme/doc", "org:${subject.org.id}/*", { org: { id: "acme" } })).toEqual(yes);
  });

  it("matches a value literally: `*`, `**`, `?` and classes are no wildcards", () => {
    for (const id of ["*", "**", "?", "[a-z]", "[!x]", "a*"]) {
      expect(matchPattern(`/home/${id}/f`, HOME, { id })).toEqual(yes);
      expect(matchPattern("/home/alice/f", HOME, { id })).toEqual(no);
      expect(matchPattern("/home/b/f", HOME, { id })).toEqual(no);
    }
  });

  it("matches braces and commas literally: `{alice,bob}` is no alternation", () => {
    const id = "{alice,bob}";
    expect(matchPattern("/home/{alice,bob}/f", HOME, { id })).toEqual(yes);
    expect(matchPattern("/home/alice/f", HOME, { id })).toEqual(no);
    expect(matchPattern("/home/bob/f", HOME, { id })).toEqual(no);
    expect(matchPattern("/home/a,b/f", HOME, { id: "a,b" })).toEqual(yes);
    expect(matchPattern("/home/2/f", HOME, { id: "{1..3}" })).toEqual(no);
    expect(matchPattern("/home/{1..3}/f", HOME, { id: "{1..3}" })).toEqual(yes);
  });

  it("matches a backslash literally", () => {
    expect(matchPattern("/home/a\\b/f", HOME, { id: "a\\b" })).toEqual(yes);
    expect(matchPattern("/home/ab/f", HOME, { id: "a\\b" })).toEqual(no);
    expect(matchPattern("/home/\\/f", HOME, { id: "\\" })).toEqual(yes);
    expect(matchPattern("/home/\\*/f", HOME, { id: "\\*" })).toEqual(yes);
    expect(matchPattern("/home/x/f", HOME, { id: "\\*" })).toEqual(no);
  });

  it("keeps the value atomic inside the pattern's own braces", () => {
    const pattern = "doc:{public,${subject.id}}";
    expect(matchPattern("doc:public", pattern, { id: "a,b" })).toEqual(yes);
    expect(matchPattern("doc:a,b", pattern, { id: "a,b" })).toEqual(yes);
    expect(matchPattern("doc:a", pattern, { id: "a,b" })).toEqual(no);
    expect(matchPattern("doc:b", pattern, { id: "a,b" })).toEqual(no);
    expect(matchPattern("doc:}", pattern, { id: "}" })).toEqual(yes);
  });

  it("does not let a value ending in `$` or holding a newline change the pattern's braces", () => {
    const pattern = "${subject.id}{a,b}";
    expect(matchPattern("x$a", pattern, { id: "x$" })).toEqual(yes);
    expect(matchPattern("x${a,b}", pattern, { id: "x$" })).toEqual(no);
    expect(matchPattern("{a,\nb", "{a,${subject.id}}", { id: "\nb" })).toEqual(no);
    expect(matchPattern("\nb", "{a,${subject.id}}", { id: "\nb" })).toEqual(yes);
  });

  it("keeps the value literal where minimatch takes its `*.ext` fast path", () => {
    expect(matchPattern("a-x", "*-${subject.id}", { id: "x" })).toEqual(yes);
    expect(matchPattern("a-\\x", "*-${subject.id}", { id: "\\x" })).toEqual(yes);
    expect(matchPattern("a-x", "*-${subject.id}", { id: "\\x" })).toEqual(no);
    expect(matchPattern("a-]", "*-${subject.id}", { id: "]" })).toEqual(yes);
  });

  it("keeps the value literal after a backslash in the pattern", () => {
    expect(matchPattern("a*", "a\\${subject.id}", { id: "*" })).toEqual(yes);
    expect(matchPattern("ab", "a\\${subject.id}", { id: "*" })).toEqual(no);
    expect(matchPattern("a\\*", "a\\\\${subject.id}", { id: "*" })).toEqual(yes);
    expect(matchPattern("a\\b", "a\\\\${subject.id}", { id: "*" })).toEqual(no);
  });

  it("accepts finite numbers as String(n)", () => {
    expect(matchPattern("/home/42/x", HOME, { id: 42 })).toEqual(yes);
    expect(matchPattern("/home/1.5/x", HOME, { id: 1.5 })).toEqual(yes);
    expect(matchPattern("/home/-3/x", HOME, { id: -3 })).toEqual(yes);
    expect(matchPattern("/home/0/x", HOME, { id: -0 })).toEqual(yes);
  });

  it("makes the pattern err for an empty string, a `/`, `.`, `..`, or a non-string", () => {
    const bad: unknown[] = ["", "a/b", "/", ".", "..", true, null, [], {}, ["a"], Number.NaN, Number.POSITIVE_INFINITY];
    for (const id of bad) {
      const result = matchPattern("/home/x/y", HOME, { id });
      expect(result.ok, JSON.stringify(id)).toBe(false);
    }
    expect(matchPattern("/home/x/y", HOME, {}).ok).toBe(false);
    expect(matchPattern("/home/.../y", HOME, { id: "..." })).toEqual(yes);
  });

  it("names the interpolation in the error", () => {
    const result = matchPattern("/home/x/y", HOME, { id: ".." });
    expect(result).toEqual({ ok: false, message: "cannot interpolate `${subject.id}`: it is `..`" });
  });

  it("a resource clause matches if another pattern matches, else its target errs", () => {
    const target = patterns(HOME, "/public/**");
    expect(matchResource(target, "/public/readme", { id: ".." })).toEqual(yes);
    expect(matchResource(target, "/etc/passwd", { id: ".." }).ok).toBe(false);
    expect(matchResource(target, "/etc/passwd", { id: "alice" })).toEqual(no);
  });

  it("in `matches`, a bad interpolation makes the test err", () => {
    const expr = matches(path("env.path"), HOME);
    expectValue(expr, { subject: { id: "alice" }, env: { path: "/home/alice/a" } }, true);
    expectError(expr, { subject: { id: "a/b" }, env: { path: "/home/a/b/c" } }, "contains `/`");
  });

  it("property: a value matches itself and only itself, whatever its characters", () => {
    const chars = ["a", "b", "*", "?", "[", "]", "{", "}", ",", "\\", "$", ".", "-", "!", "+", "@", "(", ")", "^", "#", "\n", "😀"];
    const valueArb = fc
      .array(fc.constantFrom(...chars), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join(""))
      .filter((text) => text !== "." && text !== "..");
    // [pattern, input built from a value, whether input(w) may match pattern(v) anyway]
    const shapes: [string, (v: string) => string, (v: string, w: string) => boolean][] = [
      ["/home/${subject.id}/**", (v) => `/home/${v}/x`, () => false],
      ["pre-${subject.id}-post", (v) => `pre-${v}-post`, () => false],
      ["${subject.id}", (v) => v, () => false],
      ["{x,${subject.id}}", (v) => v, () => false],
      ["a/${subject.id}${subject.id}/b", (v) => `a/${v}${v}/b`, () => false],
      // Segments minimatch takes a fast path for (`*.ext`, `?x`): values must stay literal there too.
      ["*-${subject.id}", (v) => `zz-${v}`, (v, w) => `zz-${w}`.endsWith(`-${v}`)],
      ["?${subject.id}", (v) => `z${v}`, () => false],
      ["${subject.id}*", (v) => `${v}zz`, (v, w) => `${w}zz`.startsWith(v)],
    ];
    fc.assert(
      fc.property(valueArb, valueArb, fc.constantFrom(...shapes), (v, w, [pattern, fill, overlap]) => {
        expect(matchPattern(fill(v), pattern, { id: v })).toEqual(yes);
        if (w !== v && !overlap(v, w)) expect(matchPattern(fill(w), pattern, { id: v })).toEqual(no);
      }),
      { numRuns: 1000 },
    );
  });
});
