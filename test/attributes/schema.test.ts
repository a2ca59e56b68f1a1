import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { schemaMessages } from "../helpers/schema-messages.js";

const EXAMPLE = JSON.parse(readFileSync("policies/schema.json", "utf8"));

describe("loadAttributeSchema", () => {
  it("loads the example schema with its sections, actions and resources", () => {
    const { schema, diagnostics } = loadAttributeSchema(EXAMPLE);
    expect(diagnostics).toEqual([]);
    expect(schema?.subject?.type.properties.get("roles")?.required).toBe(true);
    expect(schema?.env?.type.properties.get("hour")?.type.integer).toBe(true);
    expect(schema?.actions).toContain("tools/call");
    const read = schema?.resources?.find((e) => e.pattern === "tool:read_file");
    expect(read?.exact).toBe(true);
    expect(read?.arguments[0]?.type.properties.get("path")?.type.types.has("string")).toBe(true);
  });

  it("accepts a schema it loaded before as is, but no look-alike", () => {
    const { schema } = loadAttributeSchema(EXAMPLE);
    expect(loadAttributeSchema(schema).schema).toBe(schema);
    expect(loadAttributeSchema({ ...schema }).schema).toBeNull();
  });

  it("accepts an empty schema (nothing declared, nothing checked)", () => {
    const { schema } = loadAttributeSchema({});
    expect(schema).toMatchObject({ subject: null, env: null, actions: null, resources: null });
  });

  it("rejects what is not an object", () => {
    expect(schemaMessages([])).toEqual(["E0750 an attribute schema must be a JSON object"]);
    expect(schemaMessages(null)).toEqual(["E0750 an attribute schema must be a JSON object"]);
  });

  it("rejects unknown keys, naming them", () => {
    expect(schemaMessages({ subjects: {} })).toEqual(["E0750 unknown key `subjects` in the attribute schema"]);
    expect(schemaMessages({ resources: [{ id: "tool:x", args: {} }] })).toEqual(["E0750 unknown key `args` in `/resources/0`"]);
  });

  it("needs exactly one of id and pattern in a resource entry", () => {
    expect(schemaMessages({ resources: [{ id: "a", pattern: "b" }] })).toEqual(["E0750 `/resources/0` needs exactly one of `id` and `pattern`"]);
    expect(schemaMessages({ resources: [{}] })).toEqual(["E0750 `/resources/0` needs exactly one of `id` and `pattern`"]);
  });

  it("compiles JSON Schemas in strict mode and says where a bad one is", () => {
    const [strict] = schemaMessages({ subject: { type: "object", propertys: {} } });
    expect(strict).toContain("E0751 invalid JSON Schema at `/subject`");
    expect(strict).toContain("propertys");
    const [meta] = schemaMessages({ env: { type: "objekt" } });
    expect(meta).toContain("E0751");
    expect(meta).toContain("/env");
  });

  it("loads the usual conditional field: `then: { required: [...] }` naming a property declared beside `if` (strictRequired is off)", () => {
    const conditional = {
      subject: {
        type: "object",
        properties: { kind: { enum: ["gov", "corp"] }, agency: { type: "string" } },
        if: { properties: { kind: { const: "gov" } } },
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword here.
        then: { required: ["agency"] },
      },
    };
    expect(schemaMessages(conditional)).toEqual([]);
  });

  it("bounds chains of definitions through `$ref` at 64 (ajv overflowed its stack at 300), whatever keyword holds the `$ref`", () => {
    const chain = (n: number, link: (next: string) => unknown) => {
      const defs: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) defs[`d${i}`] = link(`#/$defs/d${i + 1}`);
      defs[`d${n}`] = { type: "string" };
      return { $defs: defs, subject: { type: "object", properties: { a: { $ref: "#/$defs/d0" } } } };
    };
    const nested = (next: string) => ({ type: "object", properties: { n: { $ref: next } } });
    expect(schemaMessages(chain(63, nested))).toEqual([]);
    for (const n of [64, 300, 20_000]) {
      const [message] = schemaMessages(chain(n, nested));
      expect(message).toContain("E0751 definitions reach one another through `$ref` more than 64 deep");
      expect(message).toContain("#/$defs/d0 → #/$defs/d1");
    }
    expect(schemaMessages(chain(300, (next) => ({ anyOf: [{ $ref: next }, { type: "null" }] })))[0]).toContain("more than 64 deep");
    // A recursive definition (a tree) is one link, however deep the values go.
    const tree = { $defs: { node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/$defs/node" } } } } }, subject: { $ref: "#/$defs/node" } };
    expect(schemaMessages(tree)).toEqual([]);
  });

  it("says a chain of deeply nested definitions is too deep to compile, not that a stack overflowed", () => {
    const deep = (levels: number, leaf: unknown) => {
      let schema = leaf;
      for (let k = 0; k < levels; k++) schema = { type: "object", properties: { y: schema } };
      return schema;
    };
    const defs: Record<string, unknown> = {};
    for (let i = 0; i < 64; i++) defs[`d${i}`] = deep(20, i < 63 ? { $ref: `#/$defs/d${i + 1}` } : { type: "string" });
    const [message] = schemaMessages({ $defs: defs, subject: { type: "object", properties: { a: { $ref: "#/$defs/d0" } } } });
    expect(message).toContain("E0751");
    expect(message).toContain("too deeply nested for the validator to compile");
    expect(message).not.toContain("call stack");
  });

  it("names a ring of definitions along its `$ref`s", () => {
    const defs: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) defs[`r${i}`] = { type: "object", properties: { n: { $ref: `#/$defs/r${(i + 1) % 100}` } } };
    const [message] = schemaMessages({ $defs: defs, subject: { $ref: "#/$defs/r0" } });
    expect(message).toContain("#/$defs/r0 → #/$defs/r1 → #/$defs/r2 → …");
  });

  it("refuses `__proto__` as a keyword (ajv's strict check misses it) but not as an attribute name", () => {
    const asKeyword = JSON.parse('{"subject":{"type":"object","__proto__":1}}');
    expect(schemaMessages(asKeyword)).toEqual(["E0752 `/subject/__proto__`: `__proto__` is not a JSON Schema keyword"]);
    const asName = JSON.parse('{"subject":{"type":"object","properties":{"__proto__":{"type":"string"}}}}');
    expect(schemaMessages(asName)).toEqual([]);
  });

  it("resolves `#/$defs/NAME` everywhere and reports a missing definition", () => {
    expect(schemaMessages({ $defs: { id: { type: "string" } }, subject: { type: "object", properties: { id: { $ref: "#/$defs/id" } } } })).toEqual([]);
    expect(schemaMessages({ subject: { $ref: "#/$defs/nope" } })[0]).toContain("E0751");
  });

  it("refuses a `$ref` that is not `#/$defs/NAME`: the root and our own entries are out of reach", () => {
    expect(schemaMessages({ subject: { $ref: "#" } })).toEqual(["E0751 `/subject/$ref` is `#`: a `$ref` may point to `#/$defs/NAME` only"]);
    expect(schemaMessages({ env: { $ref: "#/$defs/mcpolicy:subject" } })[0]).toContain("may point to `#/$defs/NAME` only");
    // A property named `$ref` is a name, not a reference.
    expect(schemaMessages({ subject: { type: "object", properties: { $ref: { type: "string" } } } })).toEqual([]);
  });

  it("refuses `$ref` cycles that never descend into a value, with the cycle; a recursive tree is fine", () => {
    expect(schemaMessages({ $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a" } }, subject: { $ref: "#/$defs/a" } })).toEqual([
      "E0751 `$ref` cycle that never descends into a value: #/$defs/a → #/$defs/b → #/$defs/a (recursion must go through `properties`, `items` or the like)",
    ]);
    expect(schemaMessages({ $defs: { a: { allOf: [{ $ref: "#/$defs/a" }] } }, subject: { $ref: "#/$defs/a" } })[0]).toContain("cycle");
    expect(schemaMessages({ $defs: { a: { anyOf: [{ type: "integer" }, { $ref: "#/$defs/a" }] } }, subject: { $ref: "#/$defs/a" } })[0]).toContain("cycle");
    // draft-07 `dependencies` applies to the same value too
    expect(schemaMessages({ $defs: { a: { type: "object", dependencies: { x: { $ref: "#/$defs/a" } } } }, subject: { $ref: "#/$defs/a" } })[0]).toContain(
      "cycle that never descends into a value: #/$defs/a → #/$defs/a",
    );
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then` keyword
    expect(schemaMessages({ $defs: { a: { if: { dependencies: { x: { $ref: "#/$defs/b" } } }, then: {} }, b: { not: { $ref: "#/$defs/a" } } }, subject: { $ref: "#/$defs/a" } })[0]).toContain("cycle");
    // its keys are names: a member called `$ref`, or a list of names, is no reference
    expect(schemaMessages({ subject: { type: "object", dependencies: { $ref: ["y"], x: { properties: { $ref: { type: "string" } } } } } })).toEqual([]);
    const tree = { $defs: { node: { type: "object", properties: { kids: { type: "array", items: { $ref: "#/$defs/node" } } } } }, subject: { $ref: "#/$defs/node" } };
    expect(schemaMessages(tree)).toEqual([]);
  });

  it("names an unknown format at the author's pointer, with what to use instead", () => {
    const [d] = loadAttributeSchema({ subject: { type: "object", properties: { e: { type: "string", format: "email" } } } }).diagnostics;
    expect(d?.message).toBe('invalid JSON Schema at `/subject`: unknown format "email" at `/subject/properties/e`');
    expect(d?.help).toContain("use `pattern`");
  });

  it("refuses globs minimatch cannot build, as policies do (E0311)", () => {
    expect(schemaMessages({ resources: [{ pattern: ",[[:alpha:]]" }] })[0]).toMatch(/^E0753 .*not a valid glob/);
    expect(schemaMessages({ resources: [{ pattern: "tool:*", arguments: { ",[[:alpha:]]": { type: "object" } } }] })[0]).toMatch(/^E0753 .*not a valid glob/);
    expect(schemaMessages({ resources: [{ pattern: "tool:[ab]*" }] })).toEqual([]);
  });

  it("refuses remote references and asynchronous schemas", () => {
    expect(schemaMessages({ subject: { $ref: "https://example.com/s.json" } })[0]).toContain("E0751");
    expect(schemaMessages({ subject: { $async: true, type: "object" } })[0]).toContain("asynchronous");
  });

  it("bounds the document: depth, size and glob limits", () => {
    let deep: unknown = { type: "string" };
    for (let i = 0; i < 100; i++) deep = { type: "array", items: deep };
    expect(schemaMessages({ subject: deep })[0]).toMatch(/^E0752 .* nested deeper than 64$/);
    expect(schemaMessages({ resources: [{ pattern: `${"**/".repeat(9)}x` }] })[0]).toContain("E0753");
    expect(schemaMessages({ resources: [{ pattern: "{a,b}".repeat(11) }] })[0]).toContain("brace expansion");
  });

  it("reads only own data properties: a getter is not a JSON value", () => {
    const value = { subject: {} };
    Object.defineProperty(value, "env", { enumerable: true, get: () => ({ type: "object" }) });
    expect(schemaMessages(value)[0]).toContain("`/env` is not a JSON value");
    expect(schemaMessages(Object.create({ subject: {} }))).toEqual(["E0750 an attribute schema must be a JSON object"]);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ subject: fc.jsonValue(), env: fc.jsonValue(), resources: fc.jsonValue() })), (value) => {
        const result = loadAttributeSchema(value);
        expect(result.schema === null).toBe(result.diagnostics.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
