/**
 * Branches of check-set.ts the other tests leave out: a source list that throws while
 * being read (an Error or any other value), and the trust placed in a file `parse` or
 * `sourceFileFromJson` marked well formed — it must not be changeable afterwards.
 */
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { createEngine } from "../../src/engine.js";
import type { SourceFile } from "../../src/model/ast.js";
import { sourceFileFromJson } from "../../src/schema/ast-json.js";
import { printSourceFile } from "../../src/syntax/print-api.js";
import { parse } from "../../src/syntax/parse.js";

const SOURCE = "policy block { deny subject * action * resource * when subject.a == 1 }\npolicy open { allow subject * action * resource * }";

/** An array whose elements cannot be read: `Array.isArray` holds, iterating throws `thrown`. */
function throwingList(thrown: unknown): SourceFile[] {
  return new Proxy([] as SourceFile[], {
    get(target, key) {
      if (key === Symbol.iterator) throw thrown;
      return Reflect.get(target, key);
    },
  });
}

describe("checkPolicySet on a list that throws", () => {
  it("an Error becomes one E0010 diagnostic naming its message, and an empty set", () => {
    const { set, diagnostics } = checkPolicySet(throwingList(new RangeError("boom")));
    expect(set.policies).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "E0010", severity: "error", line: 1, column: 1 });
    expect(diagnostics[0]?.message).toBe("checkPolicySet could not read a source file (boom); read hand-built ASTs with sourceFileFromJson");
  });

  it("a thrown non-Error is named by its string form", () => {
    const { set, diagnostics } = checkPolicySet(throwingList("plain string"));
    expect(set.policies).toEqual([]);
    expect(diagnostics.map((d) => d.message)).toEqual(["checkPolicySet could not read a source file (plain string); read hand-built ASTs with sourceFileFromJson"]);
  });
});

describe("a well-formed source file cannot be changed after it was checked", () => {
  const mutations: [string, (d: Record<string, unknown>) => void][] = [
    ["the effect", (d) => { d.effect = "Deny"; }],
    ["a condition's mode", (d) => { Object.assign((d.conditions as object[])[0] as object, { mode: "whenever" }); }],
    ["an expression's kind", (d) => { Object.assign(((d.conditions as Record<string, unknown>[])[0] as Record<string, unknown>).expr as object, { kind: "Weird" }); }],
    ["the condition list", (d) => { (d.conditions as unknown[]).length = 0; }],
    ["the declaration list", () => {}],
  ];

  for (const [what, mutate] of mutations) {
    it(`parse: changing ${what} throws, and the deny still holds`, () => {
      const { ast, diagnostics } = parse(SOURCE, "s.mcpolicy");
      expect(diagnostics).toEqual([]);
      const target = ast.declarations[0] as unknown as Record<string, unknown>;
      if (what === "the declaration list") expect(() => (ast.declarations as unknown[]).pop()).toThrow(TypeError);
      else expect(() => mutate(target)).toThrow(TypeError);
      const checked = checkPolicySet([ast]);
      expect(checked.diagnostics).toEqual([]);
      const decision = createEngine(checked.set).evaluate({ a: 1 }, "r", "x");
      expect(decision).toMatchObject({ allowed: false, effect: "deny", policy: "block" });
      expect(printSourceFile(ast)).toContain("  deny\n");
    });
  }

  it("sourceFileFromJson: the file it returns is frozen too", () => {
    const json = JSON.parse(JSON.stringify(parse(SOURCE).ast));
    const { ast } = sourceFileFromJson(json);
    expect(ast).not.toBeNull();
    const target = (ast as SourceFile).declarations[0] as unknown as Record<string, unknown>;
    expect(() => { target.effect = "allow"; }).toThrow(TypeError);
    expect(createEngine(checkPolicySet([ast as SourceFile]).set).evaluate({ a: 1 }, "r", "x")).toMatchObject({ allowed: false, policy: "block" });
  });

  it("the caller's own JSON value is not frozen (only the validated copy is)", () => {
    const json = JSON.parse(JSON.stringify(parse(SOURCE).ast));
    sourceFileFromJson(json);
    expect(Object.isFrozen(json)).toBe(false);
    expect(Object.isFrozen(json.declarations[0])).toBe(false);
  });
});
