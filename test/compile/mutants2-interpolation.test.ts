// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Interpolated patterns (spec §4.3), from mutation testing the compiled engine (second
 * round): each test failed with one surviving mutant of src/compile/interpolate.ts.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

describe("an interpolated value beside glob syntax matches only itself", () => {
  // `*` around the value sends it through the glob matcher (not the plain-string path).
  const engine = compile(`
policy star { allow subject * action "r" resource "x:\${subject.id}*" }
policy matching { allow subject * action "m" resource * when env.s matches "\${subject.id}*" }
`);
  it.each([
    ["a?c", ["x:abc", "x:a?c", "x:a?cd", "x:azc"]],
    ["a*c", ["x:abc", "x:a*c", "x:a*cz"]],
    ["[ab]", ["x:a", "x:[ab]", "x:[ab]z"]],
    ["a\\b", ["x:a\\b", "x:ab", "x:a\\bz"]],
    ["{a,b}", ["x:a", "x:{a,b}", "x:{a,b}z"]],
  ])("value %j", (id, resources) => {
    for (const resource of resources) {
      const literal = resource.startsWith(`x:${id}`);
      expect(engine.evaluate({ id }, resource, "r").allowed, `${resource}`).toBe(literal);
      expect(engine.evaluate({ id }, "any", "m", { s: resource.slice(2) }).allowed, `${resource}`).toBe(literal);
      expectSameAsReference(engine, { id }, resource, "r");
      expectSameAsReference(engine, { id }, "any", "m", { s: resource.slice(2) });
    }
  });
});

describe("a value that is `.` or `..` makes the pattern err, also where no glob syntax surrounds it", () => {
  const engine = compile(`
policy own { allow subject * action "r" resource "files/\${subject.id}/x" }
policy globbed { allow subject * action "g" resource "files/\${subject.id}/*" }
policy guard { deny subject * action "d" resource "files/\${subject.id}/x" }
`);
  it.each([".", ".."])("id %j", (id) => {
    for (const [action, resource] of [
      ["r", `files/${id}/x`],
      ["g", `files/${id}/x`],
      ["d", `files/${id}/x`],
      ["d", "files/alice/x"],
    ] as const) {
      expectSameAsReference(engine, { id }, resource, action);
    }
    const allow = engine.evaluate({ id }, `files/${id}/x`, "r");
    expect(allow.effect).toBe("notapplicable");
    expect(allow.errors).not.toEqual([]);
    // The erring target counts toward deny (fail closed).
    expect(engine.evaluate({ id }, "files/alice/x", "d").effect).toBe("deny");
  });

  it("a value with three dots is an ordinary name", () => {
    expect(engine.evaluate({ id: "..." }, "files/.../x", "r").allowed).toBe(true);
  });
});

describe("compiled interpolated patterns are remembered by their exact alternatives", () => {
  it("`{v,b*}` with v = a (alternatives `a`, `b*`) is not `w*` with w = ab (the one glob `ab*`)", () => {
    const engine = compile(`
policy braces { allow subject * action "first" resource * when env.s matches "{\${subject.v},b*}" }
policy star { allow subject * action "second" resource * when env.s matches "\${subject.w}*" }
`);
    const subject = { v: "a", w: "ab" };
    // The first pattern is compiled (and remembered) first.
    expect(engine.evaluate(subject, "r", "first", { s: "zz" }).allowed).toBe(false);
    expect(engine.evaluate(subject, "r", "first", { s: "a" }).allowed).toBe(true);
    expect(engine.evaluate(subject, "r", "second", { s: "abc" }).allowed).toBe(true);
    expect(engine.evaluate(subject, "r", "second", { s: "a" }).allowed).toBe(false);
    expect(engine.evaluate(subject, "r", "second", { s: "bz" }).allowed).toBe(false);
  });
});

describe("a number value is its decimal text", () => {
  const engine = compile(`
policy level { allow subject * action "r" resource "doc:\${subject.level}*" }
policy exact { allow subject * action "e" resource "doc/\${subject.level}" }
`);
  it.each([1.5, -2, 0, -0, 1e21, 0.1])("%d", (level) => {
    for (const [action, resource] of [
      ["r", `doc:${String(level)}`],
      ["r", `doc:${String(level)}z`],
      ["e", `doc/${String(level)}`],
      ["e", "doc/x"],
    ] as const) {
      expectSameAsReference(engine, { level }, resource, action);
      expect(engine.evaluate({ level }, resource, action).allowed).toBe(!resource.endsWith("x"));
    }
  });
});

describe("a `\\` right before `${…}` escapes nothing more: the value is literal and the backslash goes", () => {
  // Pattern text: x:a\${subject.id}* (a backslash, then the interpolation, then a star).
  const engine = compile(`policy after { allow subject * action "r" resource "x:a\\\\\${subject.id}*" }`);
  it.each([
    ["*", ["x:a*", "x:a*z", "x:ab", "x:a\\*", "x:a"]],
    ["b", ["x:ab", "x:abz", "x:a\\b", "x:a"]],
    ["?", ["x:a?", "x:ab", "x:a\\?"]],
    ["[", ["x:a[", "x:a\\["]],
  ])("value %j", (id, resources) => {
    for (const resource of resources) {
      expect(engine.evaluate({ id }, resource, "r").allowed, resource).toBe(resource.startsWith(`x:a${id}`));
      expectSameAsReference(engine, { id }, resource, "r");
    }
  });
});
