// biome-ignore-all lint/suspicious/noThenProperty: JSON Schema's `if`/`then` keyword, written as schema data.
/**
 * Uncovered branches of schema-type.ts and attr-type.ts, each checked against the oracle
 * that matters: every value ajv accepts at a path is admitted by the path's type (a type
 * narrower than validation is a false type error, and generated requests that miss
 * valid ones), and where the type rules values out, ajv refuses them too. Generation
 * reads the cases of a union (`casesOf`): every valid value must fall in one of them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryOfType } from "../../src/attributes/arbitraries.js";
import { typecheckPolicySet } from "../../src/analysis/typecheck.js";
import {
  ANY,
  type AttrType,
  casesOf,
  describeType,
  intersectType,
  isNever,
  lazily,
  NEVER,
  onlyOf,
  STRING,
  unionType,
  withWorkBudget,
} from "../../src/attributes/attr-type.js";
import { type AttributeSchema, loadAttributeSchema } from "../../src/attributes/schema.js";
import { attrTypeOfSchema } from "../../src/attributes/schema-type.js";
import { admits, isObject } from "./type-admits.js";
import { compile } from "../../src/engine.js";
import { tangledDefs } from "./tangled-defs.js";

function load(doc: Record<string, unknown>): AttributeSchema {
  const loaded = loadAttributeSchema(doc);
  if (loaded.schema === null) throw new Error(`schema does not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  return loaded.schema;
}

/** The subject section's type and validator. */
function subjectOf(subject: unknown, $defs?: Record<string, unknown>) {
  const schema = load({ subject, ...($defs !== undefined ? { $defs } : {}) });
  const section = schema.subject;
  if (section === null) throw new Error("no subject");
  return { schema, type: section.type, validate: (v: unknown) => section.validate(v) === true };
}

/**
 * The oracle on sample values: each one ajv accepts is admitted by the type (and by one of
 * its generation cases, when it has some); `exact`: each one ajv refuses is not admitted.
 */
function expectAgrees(subject: unknown, samples: readonly unknown[], options: { exact?: boolean; $defs?: Record<string, unknown> } = {}) {
  const { type, validate } = subjectOf(subject, options.$defs);
  const cases = casesOf(type);
  const accepted: unknown[] = [];
  for (const value of samples) {
    const valid = validate(value);
    if (valid) {
      accepted.push(value);
      expect(admits(type, value), `type admits valid ${JSON.stringify(value)}`).toBe(true);
      if (cases !== undefined) expect(cases.some((c) => admits(c, value)), `a case admits valid ${JSON.stringify(value)}`).toBe(true);
    } else if (options.exact === true) {
      expect(admits(type, value), `type refuses invalid ${JSON.stringify(value)}`).toBe(false);
    }
  }
  // every sample list holds valid values: the oracle must not pass vacuously
  expect(accepted.length).toBeGreaterThan(0);
  return { type, cases, accepted };
}

/** The diagnostics codes `typecheckPolicySet` reports for `when CONDITION` under the schema. */
function codesOf(schema: AttributeSchema, condition: string): string[] {
  const set = compile(`policy p { allow subject * action * resource * when ${condition} }`).policySet;
  return typecheckPolicySet(set, schema).map((d) => d.code);
}

describe("schema-type: elseCase (the `else` case of if/then/else for generation)", () => {
  const kinds = { type: "object", properties: { kind: { enum: ["a", "b", "c"] }, x: { type: "string" } } };
  const objects = [{}, { kind: "a" }, { kind: "b" }, { kind: "c" }, { kind: "a", x: "s" }, { kind: "b", x: "s" }, { x: "s" }, { kind: "d" }];

  it("an `if` that requires the member fails when it is absent: that value is in the else case too", () => {
    const subject = { ...kinds, if: { properties: { kind: { const: "a" } }, required: ["kind"] }, then: { required: ["x"] }, else: {} };
    // generated subjects include ones without `kind` (valid: they meet `else`)
    const generated = fc.sample(arbitraryOfType(subjectOf(subject).type, ["subject"]), { numRuns: 200, seed: 20261129 });
    expect(generated.some((v) => isObject(v) && !Object.hasOwn(v, "kind"))).toBe(true);
    expectAgrees(subject, objects);
    // and an `if` that requires another member: `{kind: "a"}` without `other` meets `else`
    const other = { ...kinds, properties: { ...kinds.properties, other: { type: "number" } } };
    const subject2 = { ...other, if: { properties: { kind: { const: "a" } }, required: ["other"] }, then: { required: ["x"] }, else: {} };
    expectAgrees(subject2, [...objects, { kind: "a", other: 1, x: "s" }, { kind: "c", other: 1 }]);
  });

  it("rules out the `if` member's values in the else case (const and enum), and needs it present", () => {
    for (const test of [{ const: "a" }, { enum: ["a"] }]) {
      const subject = { ...kinds, if: { properties: { kind: test } }, then: { required: ["x"] }, else: {} };
      const { cases } = expectAgrees(subject, objects);
      const elseCase = cases?.find((c) => c.properties.get("kind")?.required === true && !c.properties.get("kind")?.type.values?.includes("a"));
      expect(elseCase?.properties.get("kind")?.type.values).toEqual(["b", "c"]);
    }
  });

  it("has no else case when the `if` rules out every value of the member (every object meets `if`)", () => {
    const subject = { type: "object", properties: { kind: { enum: ["a", "b"] }, x: { type: "string" } }, if: { properties: { kind: { enum: ["a", "b"] } } }, then: { required: ["x"] }, else: { required: ["y"] } };
    const { type, cases } = expectAgrees(subject, [{ x: "s" }, { kind: "a", x: "s" }, { kind: "b" }, { y: 1 }]);
    // `else` is never taken: ajv refuses an object without `x` whatever `y`
    expect(subjectOf(subject).validate({ y: 1 })).toBe(false);
    // the then case only
    expect(cases?.length).toBe(1);
    expect(cases?.[0]?.properties.get("x")?.required).toBe(true);
    expect(type.properties.get("x")?.required).toBe(false);
  });

  it("keeps `else` as written when the `if` is not one member's const/enum", () => {
    const conditions: unknown[] = [
      true,
      { type: "object", properties: { kind: { const: "a" } } },
      { properties: { kind: { const: "a" }, x: { const: "s" } } },
      { properties: { kind: true } },
      { properties: { kind: { type: "string", const: "a" } } },
      { properties: { kind: { not: { const: "a" } } } },
      { properties: { x: { const: "s" } } },
    ];
    for (const condition of conditions) {
      const subject = { ...kinds, if: condition, then: { required: ["x"] }, else: { properties: { y: { type: "number" } } } };
      const { cases } = expectAgrees(subject, [...objects, { kind: "b", y: 2 }, { y: 3 }, { x: "t", y: "u" }]);
      expect(cases?.length).toBe(2);
      // the else case is `else` intersected with the rest: `y` a number, `kind` optional
      const elseCase = cases?.[1];
      expect(elseCase?.properties.get("y")?.type.types).toEqual(new Set(["number"]));
      expect(elseCase?.properties.get("kind")?.required).toBe(false);
    }
  });

  it("an `if` with `else` and no `then`: the then case is anything the rest admits", () => {
    const subject = { ...kinds, if: { properties: { kind: { const: "a" } } }, else: { properties: { x: { const: "only" } } } };
    const { type } = expectAgrees(subject, [...objects, { kind: "a", x: "free" }, { kind: "b", x: "only" }, { kind: "b", x: "free" }]);
    expect(subjectOf(subject).validate({ kind: "b", x: "free" })).toBe(false);
    expect(type.properties.get("x")?.type.values).toBeUndefined();
    // `x` may be any string with kind "a": no always-false comparison (only W0710, unguarded optional member)
    expect(codesOf(subjectOf(subject).schema, 'subject.x == "free"')).toEqual(["W0710"]);
    expect(codesOf(subjectOf(subject).schema, 'subject has x and subject.x == "free"')).toEqual([]);
  });
});

describe("schema-type: dependencies (generation cases)", () => {
  const values = [{}, { a: 1 }, { a: 1, b: 2 }, { b: 2 }, { a: 1, z: 3 }, { a: 1, b: 2, z: "s" }, { z: 1 }];

  it("a dependency on a required member has only the present case", () => {
    const subject = { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a"], dependencies: { a: ["b"] } };
    const { cases } = expectAgrees(subject, values);
    expect(cases?.length).toBe(1); // a single case: the merged type
    expect(subjectOf(subject).type.properties.get("b")?.required).toBe(false);
  });

  it("requires an undeclared member listed by a dependency with the undeclared members' type", () => {
    const subject = { type: "object", properties: { a: { type: "number" } }, additionalProperties: { type: "number" }, dependencies: { a: ["z"] } };
    const { cases } = expectAgrees(subject, values);
    const present = cases?.find((c) => c.properties.get("a")?.required === true);
    expect(present?.properties.get("z")).toEqual({ type: expect.objectContaining({ types: new Set(["number"]) }), required: true });
  });

  it("an undeclared member of a free object is required as anything", () => {
    const subject = { type: "object", properties: { a: { type: "number" } }, dependencies: { a: ["z"] } };
    const { cases } = expectAgrees(subject, values);
    const present = cases?.find((c) => c.properties.get("a")?.required === true);
    expect(present?.properties.get("z")?.type.any).toBe(true);
  });

  it("a dependency on a member that is never present leaves only the case without the member", () => {
    for (const subject of [
      { type: "object", properties: { a: { type: "number" } }, additionalProperties: false, dependencies: { a: ["z"] } },
      { type: "object", properties: { a: { type: "number" }, z: false }, dependencies: { a: ["z"] } },
      { type: "object", properties: { a: { type: "number" }, z: { type: "string", enum: [1] } }, dependencies: { a: ["z"] } },
    ]) {
      const { cases, type } = expectAgrees(subject, values);
      // ajv: `a` can never be present
      expect(subjectOf(subject).validate({ a: 1 })).toBe(false);
      // one case: the member absent
      expect(cases?.length).toBe(1);
      expect(cases?.[0]?.absent?.has("a")).toBe(true);
      // the merged type still declares `a` (optional): widening, never an error for a valid value
      expect(type.properties.get("a")?.required).toBe(false);
    }
  });

  it("more than MAX_CASES combinations: no cases (the merged type is generated), still admitting every valid value", () => {
    const properties: Record<string, unknown> = {};
    const dependencies: Record<string, unknown> = {};
    for (const n of ["a", "b", "c", "d", "e"]) {
      properties[n] = { type: "number" };
      dependencies[n] = { properties: { [`${n}2`]: { type: "string" } }, required: [`${n}2`] };
    }
    const subject = { type: "object", properties, dependencies };
    const { cases } = expectAgrees(subject, [{}, { a: 1, a2: "s" }, { a: 1, a2: "s", e: 2, e2: "t" }, { a: 1 }, { b2: 1 }]);
    expect(cases).toBeUndefined();
    // four dependencies: 16 cases, generated one at a time
    const four = { type: "object", properties, dependencies: { a: dependencies.a, b: dependencies.b, c: dependencies.c, d: dependencies.d } };
    expect(expectAgrees(four, [{}, { a: 1, a2: "s" }, { d: 1, d2: "x", c: 2, c2: "y" }]).cases?.length).toBe(16);
  });
});

describe("schema-type: own keywords", () => {
  it("an `enum` with an array and an object (no `type`): those JSON types, no enumerated primitives", () => {
    const subject = { type: "object", properties: { v: { enum: [[1, 2], "a", { k: 1 }] } }, required: ["v"] };
    const samples = [{ v: [1, 2] }, { v: "a" }, { v: { k: 1 } }, { v: 1 }, { v: "b" }, { v: [2, 1] }, { v: null }, { v: {} }];
    const { type } = expectAgrees(subject, samples);
    const v = type.properties.get("v")?.type;
    expect(v?.types).toEqual(new Set(["array", "string", "object"]));
    expect(v?.values).toBeUndefined();
    const { schema } = subjectOf(subject);
    // a number is never valid there; a string is
    expect(codesOf(schema, "subject.v == 1")).toEqual(["E0705"]);
    expect(codesOf(schema, 'subject.v == "a"')).toEqual([]);
    expect(codesOf(schema, "2 in subject.v")).toEqual([]);
  });

  it("`patternProperties` without `additionalProperties`: an undeclared member may be anything", () => {
    const subject = { type: "object", properties: { a: { type: "string" } }, patternProperties: { "^x": { type: "number" } } };
    const { type, accepted } = expectAgrees(subject, [{}, { a: "s" }, { x1: 1 }, { y: "s" }, { y: [1] }, { x1: "s" }]);
    expect(accepted).toEqual([{}, { a: "s" }, { x1: 1 }, { y: "s" }, { y: [1] }]);
    expect(type.additional?.any).toBe(true);
    expect(codesOf(subjectOf(subject).schema, 'subject.y == "s"')).toEqual(["W0710"]);
  });

  it("`patternProperties` beside an `additionalProperties` schema: an undeclared member is of either", () => {
    const subject = { type: "object", properties: { a: { type: "string" } }, patternProperties: { "^x": { type: "number" } }, additionalProperties: { type: "boolean" } };
    const { type, accepted } = expectAgrees(subject, [{}, { x1: 1 }, { y: true }, { y: "s" }, { x1: true }, { y: 1 }, { a: "s", x2: 2, z: false }]);
    expect(accepted).toEqual([{}, { x1: 1 }, { y: true }, { a: "s", x2: 2, z: false }]);
    expect(type.additional?.types).toEqual(new Set(["number", "boolean"]));
    // no undeclared member is ever a string (ajv refuses `{y: "s"}`): always false
    expect(codesOf(subjectOf(subject).schema, 'subject has y and subject.y == "s"')).toEqual(["E0705"]);
    expect(codesOf(subjectOf(subject).schema, "subject has y and subject.y == true")).toEqual([]);
  });

  it("a required member declared in `properties` beside `additionalProperties` keeps its declared type", () => {
    const subject = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: true };
    const { type } = expectAgrees(subject, [{ a: "s" }, { a: "s", b: 1 }, {}, { a: 1 }], { exact: true });
    expect(type.properties.get("a")).toEqual({ type: expect.objectContaining({ types: new Set(["string"]) }), required: true });
  });

  it("a required member neither declared nor allowed (`additionalProperties: false`): no object is valid", () => {
    const m = { type: ["object", "null"], properties: { a: { type: "string" } }, required: ["x"], additionalProperties: false };
    const subject = { type: "object", properties: { m } };
    const { type } = expectAgrees(subject, [{}, { m: null }, { m: {} }, { m: { x: 1 } }, { m: { a: "s" } }], { exact: true });
    expect(type.properties.get("m")?.type.types).toEqual(new Set(["null"]));
  });

  it("a required member undeclared in a closed-by-convention object: required, unknown to the checker, still valid", () => {
    const m = { type: ["object", "null"], properties: { a: { type: "string" } }, required: ["x"] };
    const subject = { type: "object", properties: { m } };
    const { type } = expectAgrees(subject, [{}, { m: null }, { m: {} }, { m: { x: 1 } }, { m: { x: "s", a: "s" } }]);
    expect(type.properties.get("m")?.type.types).toEqual(new Set(["object", "null"]));
  });
});

describe("schema-type: conversion without a loader's checks (attrTypeOfSchema)", () => {
  it("a `$ref` that names no definition widens to what the rest says (the loader refuses it: E0751)", () => {
    expect(loadAttributeSchema({ subject: { type: "object", $ref: "#/$defs/missing" } }).diagnostics.map((d) => d.code)).toEqual(["E0751"]);
    const type = attrTypeOfSchema({ type: "string", $ref: "#/$defs/missing" }, {});
    expect(type.types).toEqual(new Set(["string"]));
    expect(type.any).toBe(false);
    expect(attrTypeOfSchema({ $ref: "https://example.com/s" }, {}).any).toBe(true);
  });

  it("`items` with no `type` at the top is read as an array (ajv's strictTypes refuses it in a document)", () => {
    expect(loadAttributeSchema({ subject: { type: "object", properties: { t: { items: { type: "string" } } } } }).diagnostics.map((d) => d.code)).toEqual(["E0751"]);
    const type = attrTypeOfSchema({ items: { type: "string" } }, {});
    expect(type.types).toEqual(new Set(["array"]));
    expect(type.items?.types).toEqual(new Set(["string"]));
  });

  it("type names ajv does not know are skipped (the loader refuses them)", () => {
    expect(loadAttributeSchema({ subject: { type: ["object", "date"] } }).diagnostics.map((d) => d.code)).toEqual(["E0751"]);
    expect(attrTypeOfSchema({ type: ["string", "date", 3] }, {}).types).toEqual(new Set(["string"]));
  });
});

describe("schema-type: the work budget shared by a document's sections", () => {

  it("a second section skips the depth whose budget the first spent, and is typed at the next", () => {
    const $defs = tangledDefs(6, "anyOf");
    const section = { type: "object", properties: { id: { type: "string" }, t: { $ref: "#/$defs/d0" } }, required: ["id"] };
    const started = performance.now();
    const schema = load({ $defs, subject: section, env: { ...section } });
    expect(performance.now() - started).toBeLessThan(2500);
    let deep: unknown = {};
    // (8 levels: ajv validates each `a` once per applicator that declares it, 3^depth work)
    for (let i = 0; i < 8; i++) deep = { a: deep };
    const values = [{ id: "x", t: { a: { b: { c: { a: {} } } } } }, { id: "x", t: deep }];
    for (const part of [schema.subject, schema.env]) {
      for (const value of values) {
        expect(part?.validate(value)).toBe(true);
        expect(admits(part?.type as AttrType, value)).toBe(true);
      }
      expect(part?.type.properties.get("t")?.type.types).toEqual(new Set(["object"]));
    }
  });
});

describe("attr-type: unions and intersections", () => {
  it("a union past the work budget (shallow) admits every value either side admits", () => {
    // fresh types: a union computed once is remembered, and then never widened
    const fresh = () => ({
      str: attrTypeOfSchema({ type: "string", maxLength: 2 }, {}),
      closed: attrTypeOfSchema({ type: "object", properties: { a: { type: "number" }, z: false }, required: ["a"], additionalProperties: false }, {}),
      open: attrTypeOfSchema({ type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "boolean" } }, {}),
      list: attrTypeOfSchema({ type: "array", items: { type: "number" } }, {}),
    });
    {
      const { str, closed, open, list } = fresh();
      const samples = ["ab", { a: 1 }, { a: "s", b: true }, {}, [1, 2], { a: 1, z: 2 }, "abc"];
      for (const [a, b] of [[str, closed], [closed, str], [closed, open], [str, list], [list, open]] as const) {
        const shallow = withWorkBudget({ left: 0 }, () => unionType(a, b));
        const exact = unionType(a, b);
        expect(exact).not.toBe(shallow);
        for (const value of samples) {
          if (admits(a, value) || admits(b, value)) {
            expect(admits(exact, value), `exact union admits ${JSON.stringify(value)}`).toBe(true);
            expect(admits(shallow, value), `shallow union admits ${JSON.stringify(value)}`).toBe(true);
          }
        }
      }
    }
    const { str, closed, open, list } = fresh();
    // a member one side forbids (`z: false`) is known, optional, of any type, in the shallow union
    const shallow = withWorkBudget({ left: 0 }, () => unionType(str, closed));
    expect(shallow.properties.get("z")).toEqual({ type: ANY, required: false });
    expect(shallow.properties.get("a")).toEqual({ type: ANY, required: true });
    expect(shallow.additional).toBeNull();
    expect(shallow.items).toBeNull();
    const withOpen = withWorkBudget({ left: 0 }, () => unionType(closed, open));
    expect(withOpen.additional).toBe(ANY);
    expect(withOpen.properties.get("a")?.required).toBe(false);
    expect(withWorkBudget({ left: 0 }, () => unionType(str, list)).items).toBe(ANY);
    // a member one side declares and the other forbids: declared wins (optional, anything)
    const declaresZ = attrTypeOfSchema({ type: "object", properties: { z: { type: "string" } }, required: ["z"] }, {});
    const both = withWorkBudget({ left: 0 }, () => unionType(declaresZ, closed));
    expect(both.properties.get("z")).toEqual({ type: ANY, required: false });
    for (const value of [{ z: "s" }, { a: 1 }]) expect(admits(both, value)).toBe(true);
  });

  it("a union with an empty side is the other side", () => {
    expect(unionType(STRING, NEVER)).toBe(STRING);
    expect(unionType(NEVER, STRING)).toBe(STRING);
    // an `anyOf` alternative no value fits adds nothing, and is no generation case
    const { type, cases } = expectAgrees({ type: "object", properties: { v: { anyOf: [{ type: "string" }, false, { type: "null" }] } } }, [{ v: "s" }, { v: null }, { v: 1 }], {
      exact: true,
    });
    expect(type.properties.get("v")?.type.types).toEqual(new Set(["string", "null"]));
    expect(cases).toBeUndefined();
    expect(casesOf(type.properties.get("v")?.type as AttrType)?.length).toBe(2);
  });

  it("the union of a sealed object and one with an `additionalProperties` schema: undeclared members are the latter's", () => {
    const subject = {
      type: "object",
      properties: {
        m: {
          anyOf: [
            { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
            { type: "object", additionalProperties: { type: "number" } },
          ],
        },
      },
    };
    const samples = [{ m: {} }, { m: { a: "s" } }, { m: { y: 1 } }, { m: { y: "s" } }, { m: { a: 1 } }, { m: { a: "s", y: 1 } }];
    const { type, accepted } = expectAgrees(subject, samples);
    expect(accepted).toEqual([{ m: {} }, { m: { a: "s" } }, { m: { y: 1 } }, { m: { a: 1 } }]);
    const m = type.properties.get("m")?.type;
    expect(m?.additional?.types).toEqual(new Set(["number"]));
    expect(m?.properties.get("a")?.type.types).toEqual(new Set(["string", "number"]));
    const { schema } = subjectOf(subject);
    expect(codesOf(schema, 'subject.m.y == "s"')).toContain("E0705");
    expect(codesOf(schema, "subject.m.a == 1")).not.toContain("E0705");
  });

  it("an intersection with a type no value has is that type", () => {
    const none = attrTypeOfSchema({ type: "string", enum: [1] }, {});
    expect(isNever(none)).toBe(true);
    expect(intersectType(none, STRING)).toBe(none);
    expect(intersectType(STRING, none)).toBe(none);
    // through a schema: `allOf: [false]` beside a type, and an impossible type beside `allOf`
    const { type } = expectAgrees(
      { type: "object", properties: { p: { type: "string", allOf: [false] }, q: { type: "string", enum: [1], allOf: [{ type: "string" }] }, r: { type: "number" } } },
      [{}, { p: "s" }, { q: "s" }, { q: 1 }, { r: 1 }],
      { exact: true },
    );
    expect(type.absent).toEqual(new Set(["p", "q"]));
  });

  it("a member whose `allOf` sides never meet is never present; required, no object is valid", () => {
    for (const required of [[], ["a"]]) {
      const m = { type: ["object", "null"], properties: { a: { type: "string" } }, required, allOf: [{ properties: { a: { type: "number" } } }] };
      const samples = [{}, { m: null }, { m: {} }, { m: { a: "s" } }, { m: { a: 1 } }, { m: { b: 1 } }];
      const { type, accepted } = expectAgrees({ type: "object", properties: { m } }, samples);
      expect(accepted).toEqual(required.length > 0 ? [{}, { m: null }] : [{}, { m: null }, { m: {} }, { m: { b: 1 } }]);
      const mType = type.properties.get("m")?.type;
      expect(mType?.types).toEqual(new Set(required.length > 0 ? ["null"] : ["object", "null"]));
      expect(mType?.properties.has("a")).toBe(false);
    }
  });

  it("an intersection keeps the members the second side forbids", () => {
    const subject = { type: "object", properties: { a: { type: "string" } }, allOf: [{ properties: { z: false } }] };
    const { type } = expectAgrees(subject, [{}, { a: "s" }, { z: 1 }, { z: null }], { exact: true });
    expect(type.absent).toEqual(new Set(["z"]));
    expect(codesOf(subjectOf(subject).schema, "subject.z == 1")).toContain("E0701");
  });

  it("`enum` values shorter than `minLength` are not values of the attribute", () => {
    const subject = { type: "object", properties: { v: { type: "string", minLength: 3, enum: ["ab", "abcd", "😀😀😀"] } } };
    const { type } = expectAgrees(subject, [{ v: "ab" }, { v: "abcd" }, { v: "😀😀😀" }, { v: "abc" }, {}], { exact: true });
    expect(type.properties.get("v")?.type.values).toEqual(["abcd", "😀😀😀"]);
    // "ab" is not one of the values (W0711), "abcd" is
    expect(codesOf(subjectOf(subject).schema, 'subject has v and subject.v == "ab"')).toEqual(["W0711"]);
    expect(codesOf(subjectOf(subject).schema, 'subject has v and subject.v == "abcd"')).toEqual([]);
  });

  it("intersection cases past MAX_CASES: none (the merged type is generated)", () => {
    const alternatives = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ type: "object", properties: { [`${tag}${i}`]: { type: "number" } }, required: [`${tag}${i}`] }));
    const $defs = { A: { type: "object", anyOf: alternatives(5, "a") }, B: { type: "object", anyOf: alternatives(4, "b") }, C: { type: "object", anyOf: alternatives(3, "b") } };
    const samples = [{ a0: 1, b0: 1 }, { a4: 2, b3: 2 }, { a0: 1 }, { b0: 1 }, {}];
    const wide = expectAgrees({ type: "object", properties: { m: { type: "object", allOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }] } } }, samples.map((m) => ({ m })), { $defs });
    expect(casesOf(wide.type.properties.get("m")?.type as AttrType)).toBeUndefined();
    const narrow = expectAgrees({ type: "object", properties: { m: { type: "object", allOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/C" }] } } }, samples.map((m) => ({ m })), { $defs });
    expect(casesOf(narrow.type.properties.get("m")?.type as AttrType)?.length).toBe(15);
  });

  it("lazily computes once", () => {
    let calls = 0;
    const get = lazily(() => ++calls);
    expect([get(), get(), get()]).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
  });
});

describe("attr-type: onlyOf and describeType", () => {
  it("onlyOf: never for anything, false when a type is outside the names", () => {
    expect(onlyOf(ANY, "object")).toBe(false);
    const either = attrTypeOfSchema({ type: ["string", "null"] }, {});
    expect(onlyOf(either, "string")).toBe(false);
    expect(onlyOf(either, "string", "null")).toBe(true);
    expect(onlyOf(NEVER, "object")).toBe(true);
  });

  it("describeType names nothing, one type, and several", () => {
    expect(describeType(NEVER)).toBe("nothing");
    expect(describeType(ANY)).toBe("anything");
    expect(describeType(attrTypeOfSchema({ type: "integer" }, {}))).toBe("integer");
    expect(describeType(attrTypeOfSchema({ type: ["null", "integer", "string"] }, {}))).toBe("string, integer or null");
  });
});

describe("property: the type admits every value ajv accepts (small generated schemas)", () => {
  const KEYS = ["a", "b", "c"];
  const scalar = fc.constantFrom<unknown>(null, true, false, 0, 1, -1, 2.5, "", "a", "ab", "abc");
  const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { maxDepth: 3, depthSize: "small" },
      scalar,
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...KEYS, "cx", "d"), tie("v"), { maxKeys: 3 }),
    ),
  })).v;

  const leaf = fc.oneof(
    fc.constantFrom<unknown>(true, false),
    fc.constantFrom("string", "number", "integer", "boolean", "null", "object", "array").map((type) => ({ type })),
    fc.subarray(["string", "number", "null", "object"], { minLength: 1 }).map((type) => ({ type })),
    fc.array(scalar, { minLength: 1, maxLength: 3 }).map((values) => ({ enum: [...new Set(values)] })),
    scalar.map((v) => ({ const: v })),
    fc.record({ type: fc.constant("string"), minLength: fc.integer({ min: 0, max: 2 }), maxLength: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: ["type"] }),
    fc.record(
      { type: fc.constantFrom("number", "integer"), minimum: fc.constantFrom(-1, 0, 1.5), exclusiveMaximum: fc.constantFrom(0, 1, 2.5), maximum: fc.constantFrom(1, 2) },
      { requiredKeys: ["type"] },
    ),
  );

  const schema: fc.Arbitrary<unknown> = fc.letrec<{ s: unknown }>((tie) => {
    const sub = tie("s");
    const members = fc.dictionary(fc.constantFrom(...KEYS), sub, { maxKeys: 2 });
    const object = fc.record(
      {
        type: fc.constantFrom<unknown>("object", ["object", "null"]),
        properties: members,
        required: fc.subarray(KEYS),
        additionalProperties: fc.oneof(fc.constantFrom<unknown>(true, false), sub),
        patternProperties: sub.map((s) => ({ "^c": s })),
        dependencies: fc.oneof(fc.constant<unknown>({ a: ["b"] }), sub.map((s) => ({ b: s }))),
      },
      { requiredKeys: ["type"] },
    );
    const applied = fc.record(
      {
        type: fc.constantFrom<unknown>("object", ["object", "string"]),
        properties: members,
        anyOf: fc.array(sub, { minLength: 1, maxLength: 3 }),
        oneOf: fc.array(sub, { minLength: 1, maxLength: 3 }),
        allOf: fc.array(sub, { minLength: 1, maxLength: 2 }),
        if: fc.oneof(sub, fc.record({ properties: fc.dictionary(fc.constantFrom(...KEYS), leaf, { minKeys: 1, maxKeys: 1 }), required: fc.subarray(KEYS) }, { requiredKeys: ["properties"] })),
        then: sub,
        else: sub,
      },
      { requiredKeys: [] },
    );
    const array = fc.record(
      { type: fc.constant("array"), items: sub, minItems: fc.integer({ min: 0, max: 2 }), maxItems: fc.integer({ min: 0, max: 3 }) },
      { requiredKeys: ["type"] },
    );
    // the conditional field idiom: an enumerated member, an `if` on one of its values
    const conditional = fc.record({
      type: fc.constant("object"),
      properties: fc.record({ a: fc.constantFrom({ enum: ["a", "ab", 1] }, { enum: ["a", "ab"] }), b: sub }),
      if: fc.record(
        { properties: fc.constantFrom({ a: { const: "a" } }, { a: { enum: ["a", 1] } }, { a: { enum: ["a", "ab", 1] } }), required: fc.subarray(KEYS) },
        { requiredKeys: ["properties"] },
      ),
      then: fc.oneof(sub, fc.constant({ required: ["b"] })),
      else: fc.oneof(sub, fc.constant({ required: ["c"] })),
    }).map((x) => ({ ...x, required: [] }));
    return { s: fc.oneof({ maxDepth: 3, depthSize: "small", withCrossShrink: true }, leaf, object, applied, array, conditional) };
  }).s;

  it("holds for the type and for the generation cases", () => {
    let loaded = 0;
    let checked = 0;
    fc.assert(
      fc.property(schema, fc.array(value, { minLength: 10, maxLength: 25 }), (subject, values) => {
        const result = loadAttributeSchema({ subject: { type: "object", properties: { v: subject } } });
        if (result.schema === null) return;
        loaded++;
        const section = result.schema.subject;
        if (section === null) throw new Error("no subject");
        const type = section.type.properties.get("v")?.type ?? (section.type.absent?.has("v") ? NEVER : ANY);
        const cases = casesOf(type);
        const generated = fc.sample(arbitraryOfType(type, ["subject", "v"]), { numRuns: 10, seed: loaded });
        for (const v of [...values, ...generated]) {
          if (section.validate({ v }) !== true) continue;
          checked++;
          if (!admits(type, v)) throw new Error(`type refuses valid ${JSON.stringify(v)}`);
          if (cases !== undefined && !cases.some((c) => admits(c, v))) throw new Error(`no case admits valid ${JSON.stringify(v)}`);
        }
      }),
      { numRuns: 150, seed: 20261129 },
    );
    // the generator must produce loadable schemas and valid values, or the property says nothing
    expect(loaded).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(500);
  });
});
