/**
 * Branches of schema-refs.ts ($ref checks of attribute schemas) the rest of the suite
 * does not reach, and `$id`: docs/schemas.md says a `$ref` points to `#/$defs/NAME`, a
 * definition of the document, and that a definition reaching itself for the same value
 * is E0751. A subschema's `$id` changed the base ajv resolves `#/$defs/NAME` against (its
 * own nested `$defs`), while the type checker, the arbitraries and the cycle check read
 * the document's: the types disagreed with validation, and a same-value cycle loaded,
 * then overflowed ajv's stack on every request that reached it.
 */
import { describe, expect, it } from "vitest";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { schemaMessages } from "../helpers/schema-messages.js";

describe("$id", () => {
  it("is refused: it would make `#/$defs/NAME` name a definition other than the document's", () => {
    const shadowed = {
      $defs: { A: { type: "number" } },
      subject: { $id: "https://example.com/s", type: "object", $defs: { A: { type: "string" } }, properties: { a: { $ref: "#/$defs/A" } } },
    };
    expect(schemaMessages(shadowed)).toEqual([
      "E0751 `/subject/$id`: `$id` is not supported in an attribute schema (a `$ref` names a definition of the document's `$defs`)",
    ]);
  });

  it("is refused where it would hide a same-value cycle from the cycle check", () => {
    const cycle = {
      $defs: { A: { type: "object" } },
      subject: { $id: "https://example.com/s", type: "object", $defs: { A: { allOf: [{ $ref: "#/$defs/A" }] } }, properties: { a: { $ref: "#/$defs/A" } } },
    };
    expect(schemaMessages(cycle)).toEqual([
      "E0751 `/subject/$id`: `$id` is not supported in an attribute schema (a `$ref` names a definition of the document's `$defs`)",
    ]);
  });

  it("is refused in a definition, an entry's schema and an arguments schema, anchors included", () => {
    const refusal = (at: string) => `E0751 \`${at}/$id\`: \`$id\` is not supported in an attribute schema (a \`$ref\` names a definition of the document's \`$defs\`)`;
    expect(schemaMessages({ $defs: { A: { $id: "https://example.com/a", type: "string" } } })).toEqual([refusal("/$defs/A")]);
    expect(schemaMessages({ resources: [{ id: "r", schema: { type: "object", properties: { x: { $id: "#x" } } } }] })).toEqual([
      refusal("/resources/0/schema/properties/x"),
    ]);
    expect(schemaMessages({ resources: [{ id: "r", arguments: { "tools/call": { $id: "urn:a:b", type: "object" } } }] })).toEqual([
      refusal("/resources/0/arguments/tools/call"),
    ]);
  });

  it("stays an ordinary name as an attribute, and ordinary data in `const`", () => {
    const { schema, diagnostics } = loadAttributeSchema({
      subject: { type: "object", properties: { $id: { type: "string" } }, required: ["$id"] },
      env: { type: "object", properties: { x: { const: { $id: "https://example.com" } } } },
    });
    expect(diagnostics).toEqual([]);
    expect(schema?.subject?.validate({ $id: "u" })).toBe(true);
    expect(schema?.subject?.validate({})).toBe(false);
  });
});

describe("$ref checks", () => {
  it("refuses a `$ref` that is not a string", () => {
    expect(schemaMessages({ subject: { $ref: 3 } })).toEqual(["E0751 `/subject/$ref` must be a string"]);
  });

  it("refuses a definition referring to something other than `#/$defs/NAME`, cycle check or not", () => {
    expect(schemaMessages({ $defs: { A: { allOf: [{ $ref: "#" }] }, B: { $ref: "#/definitions/A" } } })).toEqual([
      "E0751 `/$defs/A/allOf/0/$ref` is `#`: a `$ref` may point to `#/$defs/NAME` only",
      "E0751 `/$defs/B/$ref` is `#/definitions/A`: a `$ref` may point to `#/$defs/NAME` only",
    ]);
  });

  it("leaves keywords of the wrong shape to ajv", () => {
    expect(schemaMessages({ subject: { type: "object", properties: [] } })[0]).toMatch(/^E0751 invalid JSON Schema at `\/subject`: properties value must be/);
    expect(schemaMessages({ $defs: { A: { type: "object", dependencies: [] } } })).toEqual([]); // an unused definition is not compiled
    expect(schemaMessages({ $defs: { A: { type: "object", dependencies: [] } }, subject: { $ref: "#/$defs/A" } })[0]).toMatch(/^E0751 invalid JSON Schema at `\/subject`/);
  });

  it("accepts definitions that share a target (a diamond, a cross edge) and boolean ones", () => {
    const { schema, diagnostics } = loadAttributeSchema({
      $defs: {
        A: { allOf: [{ $ref: "#/$defs/B" }, { $ref: "#/$defs/C" }] },
        B: { allOf: [{ $ref: "#/$defs/C" }], not: false },
        C: { type: "object", dependencies: { x: ["y"], z: { $ref: "#/$defs/T" } } },
        D: { anyOf: [{ $ref: "#/$defs/B" }] },
        T: true,
      },
      subject: { $ref: "#/$defs/A" },
    });
    expect(diagnostics).toEqual([]);
    expect(schema?.subject?.validate({ x: 1, y: 2 })).toBe(true);
    expect(schema?.subject?.validate({ x: 1 })).toBe(false);
  });

  it("still names a same-value cycle reached after finished definitions", () => {
    expect(
      schemaMessages({
        $defs: { A: { allOf: [{ $ref: "#/$defs/B" }] }, B: { type: "object" }, C: { anyOf: [{ $ref: "#/$defs/B" }, { $ref: "#/$defs/D" }] }, D: { not: { $ref: "#/$defs/C" } } },
      }),
    ).toEqual([
      "E0751 `$ref` cycle that never descends into a value: #/$defs/C → #/$defs/D → #/$defs/C (recursion must go through `properties`, `items` or the like)",
    ]);
  });
});
