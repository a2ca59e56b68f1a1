import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryOfType } from "../../src/attributes/arbitraries.js";
import { ANY, type AttrType, pathKey, unionType, withWorkBudget } from "../../src/attributes/attr-type.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { attrTypeOfSchema, intersectType } from "../../src/attributes/schema-type.js";
import { tangledDefs } from "./tangled-defs.js";

/** A node with `n` members, each the node again. */
function tree(n: number) {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) properties[`m${i}`] = { $ref: "#/$defs/node" };
  return { $defs: { node: { type: "object", properties } }, subject: { $ref: "#/$defs/node" } };
}

function member(type: AttrType | undefined, ...path: string[]): AttrType | undefined {
  let here = type;
  for (const name of path) here = here?.properties.get(name)?.type;
  return here;
}

describe("attrTypeOfSchema: recursive definitions", () => {
  it("shares the subtrees of a definition recursive through several members (a DAG, not an exponential tree)", () => {
    const subject = attrTypeOfSchema(tree(5).subject, tree(5).$defs);
    expect(member(subject, "m0")).toBeDefined();
    // the same definition at the same depth is one type
    expect(member(subject, "m0")).toBe(member(subject, "m4"));
    expect(member(subject, "m0", "m1", "m2")).toBe(member(subject, "m4", "m3", "m0"));
  });

  it("loads a definition recursive through six members at once, typed as deep as before", () => {
    const started = performance.now();
    const { schema, diagnostics } = loadAttributeSchema(tree(6));
    expect(diagnostics).toEqual([]);
    const subject = schema?.subject?.type;
    expect(member(subject, "m0", "m5", "m3", "m1", "m2", "m4", "m0", "m1")?.types).toEqual(new Set(["object"]));
    // union and intersection of such types stay cheap too
    const both = intersectType(subject as AttrType, attrTypeOfSchema({ type: "object", properties: { m0: { type: "object" } } }, {}));
    expect(member(both, "m0", "m1", "m2")?.types).toEqual(new Set(["object"]));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("attrTypeOfSchema: unions and intersections of recursive definitions", () => {
  function tangled(count: number) {
    const $defs = tangledDefs(count, "oneOf");
    return { $defs, subject: { type: "object", properties: { id: { type: "string" }, t: { $ref: "#/$defs/d0" } }, required: ["id"] } };
  }

  it("load in bounded time (seconds before), still typed below the top", () => {
    for (const count of [2, 6]) {
      const started = performance.now();
      const { schema, diagnostics } = loadAttributeSchema(tangled(count));
      expect(diagnostics).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1500);
      const subject = schema?.subject?.type;
      expect(member(subject, "t", "a", "b", "c")?.types).toEqual(new Set(["object"]));
      expect(member(subject, "t", "a", "b", "c")?.any).toBe(false);
    }
  });

  it("widen past the work budget: a union's members become anything, never a narrower type", () => {
    const a = attrTypeOfSchema({ type: "object", properties: { m: { type: "string" } }, required: ["m"] }, {});
    const b = attrTypeOfSchema({ type: "object", properties: { m: { type: "number" }, n: { type: "null" } }, required: ["m"] }, {});
    const widened = withWorkBudget({ left: 0 }, () => unionType(a, b));
    expect(widened.types).toEqual(new Set(["object"]));
    expect(widened.properties.get("m")).toEqual({ type: ANY, required: true });
    expect(widened.properties.get("n")).toEqual({ type: ANY, required: false });
    // not remembered: with work left the union is exact
    expect(unionType(a, b).properties.get("m")?.type.types).toEqual(new Set(["string", "number"]));
    expect(withWorkBudget({ left: 0 }, () => intersectType(a, b))).toBe(a);
  });
});

describe("attrTypeOfSchema: keywords beside a `$ref`", () => {
  const defs = { hour: { type: "integer", minimum: 0, maximum: 23 }, color: { enum: ["red", "green", "blue"] } };

  it("intersects bounds: the tighter of each holds, whichever side states it", () => {
    for (const schema of [
      { $ref: "#/$defs/hour", type: "integer", maximum: 100 },
      { $ref: "#/$defs/hour", minimum: -5 },
      { allOf: [{ type: "integer", maximum: 100 }, { $ref: "#/$defs/hour" }] },
    ]) {
      const type = attrTypeOfSchema(schema, defs);
      expect([type.minimum, type.maximum, type.integer]).toEqual([0, 23, true]);
    }
    const tighter = attrTypeOfSchema({ $ref: "#/$defs/hour", exclusiveMaximum: 12, minimum: 3 }, defs);
    expect(tighter.minimum).toBe(3);
    expect(tighter.maximum).toBeLessThan(12);
    expect(tighter.maximum).toBeGreaterThan(11.9);
    const lengths = attrTypeOfSchema({ allOf: [{ type: "string", minLength: 2, maxLength: 9 }, { type: "string", minLength: 4, maxLength: 20 }] }, {});
    expect([lengths.minLength, lengths.maxLength]).toEqual([4, 9]);
  });

  it("intersects enumerated values, and keeps only those the other side's type and bounds admit", () => {
    expect(attrTypeOfSchema({ $ref: "#/$defs/color", enum: ["green", "blue", "pink"] }, defs).values).toEqual(["green", "blue"]);
    expect(attrTypeOfSchema({ $ref: "#/$defs/hour", enum: [1, 22, 23.5, 40, "x"] }, defs).values).toEqual([1, 22]);
    const none = attrTypeOfSchema({ $ref: "#/$defs/color", const: "pink" }, defs);
    expect(none.types.size).toBe(0);
  });

  it("generates only values both sides admit", () => {
    const env = attrTypeOfSchema({ type: "object", properties: { hour: { $ref: "#/$defs/hour", type: "integer", maximum: 100 } }, required: ["hour"] }, defs);
    const hours = fc.sample(arbitraryOfType(env, ["env"]), { numRuns: 500, seed: 1 }).map((e) => (e as { hour: number }).hour);
    expect(hours.every((h) => Number.isInteger(h) && h >= 0 && h <= 23)).toBe(true);
  });
});

describe("attrTypeOfSchema: exclusive bounds", () => {
  it("exclude the bound only: the next representable number inside it is still valid", () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ type: "number", exclusiveMinimum: -1 }, -0.9999999999999999],
      [{ type: "number", exclusiveMaximum: 3 }, 2.9999999999999996],
      [{ type: "number", exclusiveMinimum: 0 }, Number.MIN_VALUE],
      [{ type: "integer", exclusiveMinimum: 9007199254740990 }, 9007199254740991],
    ];
    for (const [schema, next] of cases) {
      const type = attrTypeOfSchema({ ...schema, enum: [next] }, {});
      expect(type.values).toEqual([next]);
      expect(fc.sample(arbitraryOfType(type, ["subject", "x"]), { numRuns: 20, seed: 1 })).toEqual(Array(20).fill(next));
      // and the bound itself is not
      const bound = (schema.exclusiveMinimum ?? schema.exclusiveMaximum) as number;
      expect(attrTypeOfSchema({ ...schema, enum: [bound] }, {}).types.size).toBe(0);
    }
  });
});

describe("attrTypeOfSchema: values the declared type rules out", () => {
  it("keeps only the enumerated values of the declared type (and bounds)", () => {
    expect(attrTypeOfSchema({ type: "string", enum: ["a", 1] }, {}).values).toEqual(["a"]);
    expect(attrTypeOfSchema({ type: "integer", enum: [1, 1.5, 2] }, {}).values).toEqual([1, 2]);
    expect(attrTypeOfSchema({ type: "string", maxLength: 2, enum: ["ab", "abc"] }, {}).values).toEqual(["ab"]);
    // lengths count code points, as JSON Schema does
    expect(attrTypeOfSchema({ type: "string", maxLength: 1, enum: ["😀", "ab"] }, {}).values).toEqual(["😀"]);
    const x = fc.sample(arbitraryOfType(attrTypeOfSchema({ type: "string", enum: ["a", 1] }, {}), ["subject", "x"]), { numRuns: 100, seed: 1 });
    expect(new Set(x)).toEqual(new Set(["a"]));
  });

  it("leaves a member declared `false` out: it is never present, never generated", () => {
    const type = attrTypeOfSchema({ type: "object", properties: { a: false, b: { type: "string" } }, required: ["b"] }, {});
    expect(type.properties.has("a")).toBe(false);
    const samples = fc.sample(arbitraryOfType(type, ["subject"]), { numRuns: 200, seed: 1 }) as Record<string, unknown>[];
    expect(samples.some((s) => Object.hasOwn(s, "a"))).toBe(false);
  });

  it("keeps an integer an integer, and its bounds, in a union with a string", () => {
    const type = attrTypeOfSchema({ anyOf: [{ type: "integer", minimum: 0, maximum: 3 }, { type: "string" }] }, {});
    expect([type.integer, type.minimum, type.maximum]).toEqual([true, 0, 3]);
  });
});

describe("attrTypeOfSchema: members declared by applicators", () => {
  it("knows members declared in `then`/`else`, optional unless every case requires them", () => {
    const type = attrTypeOfSchema(
      {
        type: "object",
        properties: { kind: { enum: ["employee", "contractor"] } },
        required: ["kind"],
        if: { properties: { kind: { const: "contractor" } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then` keyword
        then: { properties: { agency: { type: "string" } }, required: ["agency"] },
        else: { properties: { badge: { type: "integer" } } },
      },
      {},
    );
    expect(type.types).toEqual(new Set(["object"]));
    expect(type.properties.get("kind")?.required).toBe(true);
    expect(type.properties.get("agency")).toMatchObject({ required: false });
    // each is declared in one case only: in the other, nothing forbids it, so it may be anything
    expect(type.properties.get("agency")?.type.any).toBe(true);
    expect(type.properties.get("badge")?.type.any).toBe(true);
  });

  it("types a member one alternative does not declare as what that alternative's additionalProperties admits", () => {
    const alternatives = (key: string, open: unknown, extra: Record<string, unknown> = {}) =>
      attrTypeOfSchema({ type: "object", [key]: [{ type: "object", properties: { n: { type: "string" } }, ...extra }, { type: "object", properties: { b: open } }] }, {});
    for (const key of ["anyOf", "oneOf"]) {
      // `{"b": 1}` is valid for the first alternative: b may be anything
      expect(alternatives(key, { type: "string" }).properties.get("b")?.type.any).toBe(true);
      // also where the other alternative admits no b at all (a type no value fits)
      expect(alternatives(key, { type: "string", const: true }).properties.get("b")?.type.any).toBe(true);
      // forbidden there: the other alternative's type decides
      expect(alternatives(key, { type: "string" }, { additionalProperties: false }).properties.get("b")?.type.types).toEqual(new Set(["string"]));
      expect(alternatives(key, { type: "string" }, { additionalProperties: { type: "number" } }).properties.get("b")?.type.types).toEqual(new Set(["string", "number"]));
      // declared `false` in both: never present
      const none = attrTypeOfSchema({ type: "object", [key]: [{ properties: { b: false } }, { properties: { b: false, c: { type: "string" } } }] }, {});
      expect(none.properties.has("b")).toBe(false);
    }
    const ifElse = attrTypeOfSchema(
      {
        type: "object",
        properties: { kind: { type: "string" } },
        if: { properties: { kind: { const: "a" } }, required: ["kind"] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then` keyword
        then: { type: "object", properties: { b: { type: "null" } } },
        else: { type: "object", properties: { c: { type: "string" } } },
      },
      {},
    );
    expect(ifElse.properties.get("b")?.type.any).toBe(true);
    // a member no alternative declares is still unknown (object schemas are closed for type checks)
    expect(ifElse.properties.has("zzz")).toBe(false);
    expect(ifElse.additional).toBe(null);
  });

  it("generates, in such a union, the values the policies compare a member with that one alternative leaves open", () => {
    const type = attrTypeOfSchema({ type: "object", anyOf: [{ type: "object", properties: { n: { type: "string" } } }, { type: "object", properties: { b: { type: "string" } } }] }, {});
    const hints = { values: new Map([[pathKey("subject", ["x", "b"]), [1, "a"]]]), elements: new Map(), globs: new Map(), strings: [], numbers: [] };
    const bs = fc.sample(arbitraryOfType(type, ["subject", "x"], hints), { numRuns: 300, seed: 1 }).map((x) => (x as { b?: unknown }).b);
    expect(bs).toContain(1);
    expect(bs).toContain("a");
  });

  it("knows members declared in an `anyOf`/`oneOf` beside `properties`, and in `dependencies`", () => {
    const type = attrTypeOfSchema(
      {
        type: "object",
        properties: { a: { type: "string" } },
        anyOf: [{ properties: { b: { type: "string" } } }, { properties: { c: { type: "number" } } }],
        oneOf: [{ required: ["a"] }, { properties: { d: { type: "boolean" } } }],
        dependencies: { a: { properties: { e: { type: "string" } } }, b: ["a"] },
      },
      {},
    );
    expect([...type.properties.keys()].sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(type.types).toEqual(new Set(["object"]));
  });

  it("does not let a subschema's object keywords rule out the other types the schema declares", () => {
    const type = attrTypeOfSchema({ type: ["object", "null"], allOf: [{ properties: { a: { type: "string" } } }] }, {});
    expect(type.types).toEqual(new Set(["object", "null"]));
    expect(type.properties.has("a")).toBe(true);
    const either = attrTypeOfSchema({ anyOf: [{ properties: { a: { type: "string" } } }, { type: "string" }] }, {});
    expect(either.types).toEqual(new Set(["object", "string"]));
  });
});
