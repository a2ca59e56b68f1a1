/**
 * Request validation is bounded (src/attributes/validation-budget.ts): a definition that
 * reaches itself through `properties` and again through an `anyOf` branch declaring the
 * same member doubles ajv's work with each level of the value — 7 s for a request nested
 * 26 deep, before the budget. Now such a value is refused (fail closed) within the
 * budget, a value the schema accepts within it is still accepted, and the budget is
 * fresh for every call. Ratios measured in one run, never an absolute time.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { fastest } from "../helpers/fastest.js";

const SCHEMA = {
  $defs: {
    node: {
      type: "object",
      properties: { child: { $ref: "#/$defs/node" }, leaf: { type: "boolean" } },
      anyOf: [{ properties: { child: { $ref: "#/$defs/node" } } }, { required: ["leaf"] }],
    },
  },
  subject: { type: "object", properties: { id: { type: "string" }, tree: { $ref: "#/$defs/node" } } },
};

const engine = compile("policy p { allow subject * action * resource * }", { schema: SCHEMA, validateRequests: true });

/** `{ child: { child: … { leaf: true } } }`, `depth` levels. */
function tree(depth: number): object {
  let node: object = { leaf: true };
  for (let i = 0; i < depth; i++) node = { child: node };
  return node;
}

describe("request validation against a schema that doubles its work per level", () => {
  it("accepts a shallow tree the schema accepts", () => {
    expect(engine.evaluate({ id: "u", tree: tree(8) }, "r", "call")).toMatchObject({ allowed: true, errors: [] });
  });

  it("refuses a deep one as too costly to validate, and stays bounded doing so", () => {
    const deep = { id: "u", tree: tree(40) };
    const decision = engine.evaluate(deep, "r", "call");
    expect(decision).toMatchObject({ allowed: false, effect: "deny", policy: null });
    expect(decision.errors[0]?.message).toContain("too costly to validate");
    // 2^40 visits unbounded; bounded, a 40-level tree costs no more than a few times a 20-level one.
    const ratio = fastest(() => engine.evaluate(deep, "r", "call")) / Math.max(fastest(() => engine.evaluate({ id: "u", tree: tree(20) }, "r", "call")), 1);
    expect(ratio, ratio.toFixed(2)).toBeLessThan(8);
  });

  it("gives every call a fresh budget: a refused deep value does not starve the next request", () => {
    engine.evaluate({ id: "u", tree: tree(40) }, "r", "call");
    expect(engine.evaluate({ id: "u", tree: tree(8) }, "r", "call").allowed).toBe(true);
    expect(engine.isAllowed({ id: "u" }, "r", "call")).toBe(true);
  });

  it("counts nothing against values of ordinary schemas: 30,000 items of one definition are accepted", () => {
    const items = compile("policy p { allow subject * action * resource * }", {
      schema: {
        $defs: { item: { type: "object", properties: { n: { type: "integer" } } } },
        subject: { type: "object", properties: { items: { type: "array", items: { $ref: "#/$defs/item" } } } },
      },
      validateRequests: true,
    });
    const subject = { items: Array.from({ length: 30_000 }, (_, n) => ({ n })) };
    expect(items.evaluate(subject, "r", "call")).toMatchObject({ allowed: true, errors: [] });
  });
});
