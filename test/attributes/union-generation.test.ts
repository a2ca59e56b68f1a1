/**
 * Generation from unions (an audit found most such requests refused): `anyOf`/`oneOf`
 * alternatives are generated one at a time — at the top, in members, in array items,
 * after `$ref` siblings and resource/arguments intersections — a member with
 * `dependencies` comes with what it depends on, and `if`/`then`/`else` cases are kept
 * apart. The merged type the checker uses is unchanged.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectHints } from "../../src/analysis/hints.js";
import { requestArbitrary } from "../../src/attributes/arbitraries.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { attrTypeOfSchema } from "../../src/attributes/schema-type.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";
import { compile } from "../../src/engine.js";
import { generationHints } from "../../src/testing/runner.js";
import { fastest } from "../helpers/fastest.js";

/** Share of 1,000 generated requests the schema's own validators accept. */
function accepted(document: Record<string, unknown>, policies = "policy p { allow subject * action * resource * when true }"): number {
  const { validate, generate } = generator(document, policies);
  const requests = generate();
  return requests.filter((r) => validate(r.subject, r.resource, r.action, r.env).length === 0).length / requests.length;
}

/** The schema loaded once (ajv's compile of a wide union is the slow part), and 1,000 requests drawn from it. */
function generator(document: Record<string, unknown>, policies = "policy p { allow subject * action * resource * when true }") {
  const schema = loadAttributeSchema(document).schema;
  if (schema === null) throw new Error("schema must load");
  const engine = compile(policies, { schema });
  const hints = collectHints(engine.policySet);
  const validate = createRequestValidator(schema);
  const generate = () => {
    const arb = requestArbitrary(schema, generationHints(hints), { actionPatterns: hints.actionPatterns, resourcePatterns: hints.resourcePatterns });
    return fc.sample(arb, { numRuns: 1000, seed: 1 });
  };
  return { validate, generate };
}

const circle = { type: "object", properties: { kind: { const: "circle" }, r: { type: "number" } }, required: ["kind", "r"], additionalProperties: false };
const square = { type: "object", properties: { kind: { const: "square" }, side: { type: "number" } }, required: ["kind", "side"], additionalProperties: false };
const REQ = { actions: ["tools/call"], resources: [{ id: "tool:draw" }] };

describe("generation from unions", () => {
  it("generates one oneOf alternative at a time, through $ref, in members and array items (was 1% accepted)", () => {
    const doc = {
      $defs: { shape: { oneOf: [circle, square] } },
      env: {
        type: "object",
        properties: { a: { $ref: "#/$defs/shape" }, b: { $ref: "#/$defs/shape" }, list: { type: "array", minItems: 1, items: { $ref: "#/$defs/shape" } } },
        required: ["a", "b", "list"],
      },
      ...REQ,
    };
    expect(accepted(doc, 'policy p { allow subject * action "tools/call" resource "tool:draw" when env.a.kind == "circle" and env.a.r > 50 }')).toBe(1);
  });

  it("keeps the merged type for a oneOf of overlapping scalars (one alternative at a time drew values both admit)", () => {
    const doc = {
      $defs: { n: { oneOf: [{ type: "integer" }, { type: "number" }] } },
      env: { type: "object", properties: { a: { $ref: "#/$defs/n" }, b: { $ref: "#/$defs/n" } }, required: ["a", "b"] },
      ...REQ,
    };
    // A review found 48% refused per member (≈ 2% of requests decided): the merged type draws mostly non-integers.
    expect(accepted(doc)).toBeGreaterThan(0.8);
  });

  it("generates anyOf alternatives of open objects and of whole subjects apart", () => {
    const { additionalProperties: _a, ...openCircle } = circle;
    const { additionalProperties: _b, ...openSquare } = square;
    expect(accepted({ subject: { anyOf: [openCircle, openSquare] }, ...REQ })).toBe(1);
    expect(accepted({ subject: { oneOf: [circle, square] }, ...REQ })).toBe(1);
  });

  it("keeps alternatives through keywords beside a $ref and intersections of resource entries", () => {
    const doc = {
      $defs: { shape: { oneOf: [circle, square] } },
      env: { type: "object", properties: { a: { $ref: "#/$defs/shape", type: "object", required: ["kind"] } }, required: ["a"] },
      actions: ["tools/call"],
      resources: [
        { id: "tool:draw", schema: { type: "object", properties: { id: { type: "string" } }, oneOf: [{ properties: { mode: { const: "x" }, x: { type: "integer" } }, required: ["mode", "x"] }, { properties: { mode: { const: "y" }, y: { type: "integer" } }, required: ["mode", "y"] }] } },
        { pattern: "tool:*", schema: { type: "object", properties: { id: { type: "string" }, owner: { type: "string" } }, required: ["owner"] } },
      ],
    };
    expect(accepted(doc)).toBe(1);
  });

  it("generates the cases of env.arguments beside an env section with alternatives", () => {
    const doc = {
      env: { type: "object", oneOf: [{ properties: { mode: { const: "a" }, x: { type: "integer" } }, required: ["mode", "x"] }, { properties: { mode: { const: "b" }, y: { type: "integer" } }, required: ["mode", "y"] }] },
      actions: ["tools/call"],
      resources: [{ id: "tool:q", arguments: { "tools/call": { type: "object", anyOf: [{ properties: { sql: { type: "string" } }, required: ["sql"], additionalProperties: false }, { properties: { table: { type: "string" } }, required: ["table"], additionalProperties: false }] } } }],
    };
    expect(accepted(doc)).toBe(1);
  });

  it("generates a member with its dependencies, listed or by schema (was 70-75% accepted)", () => {
    expect(accepted({ env: { type: "object", properties: { a: { type: "string" }, b: { type: "integer" } }, dependencies: { a: ["b"] } } })).toBe(1);
    expect(
      accepted({ env: { type: "object", properties: { a: { type: "string" } }, dependencies: { a: { properties: { b: { type: "integer", minimum: 3 } }, required: ["b"] } } } }),
    ).toBe(1);
  });

  it("keeps if/then/else cases apart when the condition tests one member's values (was 36% accepted)", () => {
    const doc = {
      env: {
        type: "object",
        properties: { tier: { type: "string", enum: ["free", "pro"] }, limit: { type: "integer" } },
        required: ["tier", "limit"],
        if: { properties: { tier: { const: "free" } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then` keyword
        then: { properties: { limit: { type: "integer", maximum: 10 } } },
        else: { properties: { limit: { type: "integer", minimum: 100 } } },
      },
    };
    expect(accepted(doc)).toBe(1);
  });

  it("gives nested objects past the generation depth their required members, through alternatives", () => {
    const defs = {
      a: { type: "object", properties: { k: { type: "string", enum: ["a"] }, b: { $ref: "#/$defs/b" } }, required: ["k"] },
      b: { type: "object", oneOf: [{ properties: { a: { $ref: "#/$defs/a" } }, required: ["a"] }, { properties: { n: { type: "integer" } }, required: ["n"] }] },
    };
    expect(accepted({ $defs: defs, subject: { type: "object", properties: { root: { $ref: "#/$defs/a" } }, required: ["root"] } })).toBeGreaterThan(0.95);
  });

  it("stays bounded on wide and nested unions (no blow-up of alternatives)", () => {
    // `y` is an allOf of a 40-way anyOf and a 10-way oneOf: generated as their 400
    // combinations, it would cost hundreds of times the 4-way one; one at a time, alike.
    const unions = (width: number, values: number) => {
      const alternatives = Array.from({ length: width }, (_, i) => ({ type: "object", properties: { [`m${i}`]: { anyOf: Array.from({ length: values }, (_, j) => ({ const: j })) }, t: { const: i } }, required: ["t"] }));
      return { env: { type: "object", properties: { x: { anyOf: alternatives }, y: { allOf: [{ anyOf: alternatives }, { oneOf: alternatives.slice(0, width / 4) }] } } } };
    };
    const narrow = generator(unions(4, 2));
    const wide = generator(unions(40, 20));
    // Generation only (the schema's loading, ajv's work, is outside): a ratio in one run.
    const ratio = fastest(wide.generate) / fastest(narrow.generate);
    expect(ratio).toBeLessThan(50);
    const requests = wide.generate();
    const valid = requests.filter((r) => wide.validate(r.subject, r.resource, r.action, r.env).length === 0).length;
    expect(valid / requests.length).toBeGreaterThan(0.5);
  });

  it("does not change the merged type the checker reads", () => {
    const type = attrTypeOfSchema({ oneOf: [circle, square] }, {});
    expect([...type.properties.keys()].sort()).toEqual(["kind", "r", "side"]);
    expect(type.properties.get("kind")?.required).toBe(true);
    expect(type.properties.get("r")?.required).toBe(false);
    expect(type.properties.get("kind")?.type.values).toEqual(["circle", "square"]);
  });
});
