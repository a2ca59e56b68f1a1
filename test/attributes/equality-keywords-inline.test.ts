/**
 * `const` and `enum` emit their test inline (src/attributes/equality-keywords.ts): the
 * same answers as JSON equality, and ajv compiles a schema full of them about as fast as
 * with its own keywords — written as per-use function calls they made a wide union's
 * code twice as long and its compile 5-8 times slower.
 */
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { fastest } from "../helpers/fastest.js";
import { jsonEqual } from "../helpers/json-equal.js";

const primitive = fc.oneof(fc.constantFrom(0, -0, 1, 1.5, "", "0", "a", "\u2028", '"', true, false, null), fc.string({ maxLength: 3 }), fc.integer());
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    primitive,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b"), tie("value"), { maxKeys: 2 }),
  ),
})).value;

/** Whether `value` is a valid `env.v` under `schema`. */
function validates(schema: unknown, value: unknown): boolean {
  const loaded = loadAttributeSchema({ env: { type: "object", properties: { v: schema } } }).schema;
  if (loaded?.env == null) throw new Error("schema must load");
  return loaded.env.validate({ v: value }) === true;
}

describe("const and enum, inline", () => {
  it("const answers as JSON equality", () => {
    fc.assert(fc.property(json, json, (wanted, value) => validates({ const: wanted }, value) === jsonEqual(wanted, value)), { numRuns: 100 });
  });

  it("enum answers as JSON equality with one of its values, short or long, primitive or not", () => {
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 12 }), json, (allowed, value) => {
        const picked = allowed[0];
        return (
          validates({ enum: allowed }, value) === allowed.some((a) => jsonEqual(a, value)) && validates({ enum: allowed }, picked) === true
        );
      }),
      { numRuns: 100 },
    );
  });

  it("an empty enum admits nothing", () => {
    for (const value of [0, "", null, [], {}]) expect(validates({ enum: [] }, value)).toBe(false);
  });

  it("keeps the error's keyword and allowed values", () => {
    const loaded = loadAttributeSchema({ env: { type: "object", properties: { a: { const: "x" }, b: { enum: ["p", "q"] } } } }).schema;
    const validate = loaded?.env?.validate;
    if (validate == null) throw new Error("schema must load");
    expect(validate({ a: "y" })).toBe(false);
    expect(validate.errors).toMatchObject([{ keyword: "const", params: { allowedValue: "x" }, message: "must be equal to constant" }]);
    expect(validate({ b: "r" })).toBe(false);
    expect(validate.errors).toMatchObject([{ keyword: "enum", params: { allowedValues: ["p", "q"] } }]);
  });

  it("loading a wide union costs about what ajv's own compile of it does (was 12 times)", () => {
    const alternatives = Array.from({ length: 40 }, (_, i) => ({
      type: "object",
      properties: { [`m${i}`]: { anyOf: Array.from({ length: 20 }, (_, j) => ({ const: j })) }, t: { enum: [i, `${i}`] } },
      required: ["t"],
    }));
    // Measured 1.2-1.8 with inline keywords, 12.7 before (ajv's code grows with every call site).
    const schema = { type: "object", properties: { x: { anyOf: alternatives }, y: { allOf: [{ anyOf: alternatives }] } } };
    const ours = fastest(() => loadAttributeSchema({ env: schema }));
    const theirs = fastest(() => new Ajv({ strict: true, allowUnionTypes: true, ownProperties: true }).compile(schema));
    expect(ours / theirs).toBeLessThan(4);
  });
});
