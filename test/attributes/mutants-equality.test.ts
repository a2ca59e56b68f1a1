// Canonical keys of const/enum/uniqueItems (equality-keywords.ts) are injective across
// JSON types: a string never equals the null, boolean or number it spells.
import { describe, expect, it } from "vitest";
import { canonical, hasNoDuplicates } from "../../src/attributes/equality-keywords.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";

const SPELLED: [unknown, unknown][] = [
  [null, "z"],
  [true, "t"],
  [false, "f"],
  [1, "n1"],
  [null, "null"],
  [true, "true"],
  [1, "1"],
  [[], "[]"],
  [{}, "{}"],
];

describe("canonical keys tell a value from the string that spells its key", () => {
  it("gives distinct keys", () => {
    for (const [value, text] of SPELLED) {
      expect(canonical(value), `${JSON.stringify(value)} vs ${JSON.stringify(text)}`).not.toBe(canonical(text));
      expect(hasNoDuplicates([value, text])).toBe(true);
    }
  });

  it("keeps const and enum from admitting such a string in a request", () => {
    const { schema } = loadAttributeSchema({
      subject: {
        type: "object",
        properties: { a: { const: null }, b: { enum: [true, 1] }, c: { type: "array", uniqueItems: true } },
      },
    });
    if (schema === null) throw new Error("schema must load");
    const validate = createRequestValidator(schema);
    const check = (subject: unknown) => validate(subject, "r", "x", undefined).map((e) => e.message);
    expect(check({ a: null, b: true, c: ["z", null, "t", true] })).toEqual([]);
    expect(check({ a: "z" })).toEqual(["invalid subject.a: must be equal to constant"]);
    expect(check({ a: "null" })).toEqual(["invalid subject.a: must be equal to constant"]);
    expect(check({ b: "t" })).toEqual(["invalid subject.b: must be equal to one of the allowed values"]);
    expect(check({ b: "n1" })).toEqual(["invalid subject.b: must be equal to one of the allowed values"]);
    expect(check({ c: ["z", "z"] })).toEqual(["invalid subject.c: must not have duplicate items"]);
  });
});
