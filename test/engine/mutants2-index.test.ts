// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * The index and shared conditions, from mutation testing the compiled engine (second
 * round): each test failed with one surviving mutant of src/compile/policy-index.ts or
 * shared-tests.ts.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

describe("engine.resourceClass and interpolated patterns", () => {
  it("has no class for an id that is the whole literal prefix of an interpolated pattern", () => {
    // `a{/${subject.id},}` matches `a` itself (its empty alternative): its prefix is `a`.
    const engine = compile(`policy mine { allow subject * action "r" resource "a{/\${subject.id},}" }`);
    expect(engine.evaluate({ id: "u" }, "a", "r").allowed).toBe(true);
    expect(engine.evaluate({ id: "u" }, "b", "r").allowed).toBe(false);
    expectSameAsReference(engine, { id: "u" }, "a", "r");
    expect(engine.resourceClass("a")).toBeNull();
    expect(engine.resourceClass("a/u")).toBeNull();
    expect(engine.resourceClass("b")).not.toBeNull();
  });
});

describe("conditions shared between policies", () => {
  it("`when X` and `unless X` are not one test", () => {
    const engine = compile(`
policy yes { allow subject * action "a" resource * when env.f == true }
policy no { allow subject * action "b" resource * unless env.f == true }
`);
    for (const f of [true, false]) {
      expect(engine.evaluate({}, "r", "a", { f }).allowed).toBe(f);
      expect(engine.evaluate({}, "r", "b", { f }).allowed).toBe(!f);
    }
  });

  it("`has x` and `has y` are not one test", () => {
    const engine = compile(`
policy x { allow subject * action "x" resource * when env.o has x }
policy y { allow subject * action "y" resource * when env.o has y }
`);
    expect(engine.evaluate({}, "r", "x", { o: { x: 1 } }).allowed).toBe(true);
    expect(engine.evaluate({}, "r", "y", { o: { x: 1 } }).allowed).toBe(false);
    expect(engine.evaluate({}, "r", "y", { o: { y: 1 } }).allowed).toBe(true);
  });
});

describe("a literal action matches itself plus one trailing `/`", () => {
  it("with only literal actions in the set, on never-seen ids", () => {
    const engine = compile(`policy read { allow subject * action "read" resource "doc:*" }`);
    expect(engine.evaluate({}, "doc:1", "read/").allowed).toBe(true);
    expect(engine.evaluate({}, "doc:2", "read//").allowed).toBe(false);
    expect(engine.evaluate({}, "doc:3", "read").allowed).toBe(true);
    expectSameAsReference(engine, {}, "doc:4", "read/");
  });
});
