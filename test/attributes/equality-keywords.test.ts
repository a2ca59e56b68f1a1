/**
 * `uniqueItems`, `const` and `enum` on canonical JSON keys
 * (src/attributes/equality-keywords.ts): the same answers as JSON equality, without the
 * quadratic cost of pairwise `uniqueItems`, and on our null-prototype request snapshots
 * (ajv's deep equality never matched them).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonical, hasNoDuplicates } from "../../src/attributes/equality-keywords.js";
import { compile } from "../../src/engine.js";
import { jsonEqual } from "../helpers/json-equal.js";

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(0, -0, 1, "1", "a", true, false, null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "c"), tie("value"), { maxKeys: 3 }),
  ),
})).value;

const engine = compile('policy p { allow subject * action * resource * }', {
  schema: { subject: { type: "object", properties: { tags: { type: "array", uniqueItems: true } } } },
  validateRequests: true,
});

describe("uniqueItems", () => {
  it("answers as pairwise JSON equality does", () => {
    fc.assert(
      fc.property(fc.array(json, { maxLength: 6 }), (items) => {
        const pairwise = items.every((x, i) => items.every((y, j) => i >= j || !jsonEqual(x, y)));
        expect(hasNoDuplicates(items)).toBe(pairwise);
      }),
      { numRuns: 2000 },
    );
  });

  it("validates requests: key order and -0 do not make items different, types do", () => {
    const dup = (tags: unknown[]) => engine.evaluate({ tags }, "r", "x").errors.map((e) => e.message);
    expect(dup([{ a: 1, b: 2 }, { b: 2, a: 1 }])).toEqual(["invalid subject.tags: must not have duplicate items"]);
    expect(dup([0, -0])).toEqual(["invalid subject.tags: must not have duplicate items"]);
    expect(dup([1, "1", [1], { 1: 1 }])).toEqual([]);
    expect(dup([{ k: 1 }, { k: 2 }])).toEqual([]);
  });

  it("costs about what validating the array without it costs (a ratio in one run)", () => {
    const plain = compile('policy p { allow subject * action * resource * }', {
      schema: { subject: { type: "object", properties: { tags: { type: "array" } } } },
      validateRequests: true,
    });
    const subject = { tags: Array.from({ length: 20_000 }, (_, i) => `t${i}`) };
    const cpu = (run: () => void) => {
      const start = process.cpuUsage();
      run();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
    engine.evaluate(subject, "r", "x");
    plain.evaluate(subject, "r", "x");
    const unique = cpu(() => {
      for (let i = 0; i < 5; i++) expect(engine.evaluate(subject, "r", "x").errors).toEqual([]);
    });
    const without = cpu(() => {
      for (let i = 0; i < 5; i++) plain.evaluate(subject, "r", "x");
    });
    // Pairwise comparison was ≈ 100× the copy-and-validate cost at this size.
    expect(unique).toBeLessThan(Math.max(without, 1) * 10);
  });
});

describe("const and enum", () => {
  const withProperty = (property: object) =>
    compile("policy p { allow subject * action * resource * }", {
      schema: { subject: { type: "object", properties: { o: property } } },
      validateRequests: true,
    });
  const errors = (property: object, o: unknown) => withProperty(property).evaluate({ o }, "r", "x").errors.map((e) => e.message);

  it("match request objects and arrays by JSON equality", () => {
    expect(errors({ const: { a: 1, b: [1, { c: 2 }] } }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
    expect(errors({ enum: [{ a: 1 }, "x", 2] }, { a: 1 })).toEqual([]);
    expect(errors({ enum: [0] }, -0)).toEqual([]);
    expect(errors({ const: { a: 1 } }, { a: 2 })).toEqual(["invalid subject.o: must be equal to constant"]);
    expect(errors({ enum: [{ a: 1 }, "x"] }, "y")).toEqual(["invalid subject.o: must be equal to one of the allowed values"]);
    expect(errors({ enum: [1] }, "1")).toEqual(["invalid subject.o: must be equal to one of the allowed values"]);
  });

  it("canonical keys are equal exactly when values are JSON-equal", () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(canonical(a) === canonical(b)).toBe(jsonEqual(a, b));
      }),
      { numRuns: 3000 },
    );
  });
});
