/**
 * Branches of schema.ts (loading attribute schemas) the rest of the suite does not reach:
 * each bound of docs/schemas.md (200,000 values, 64 KiB strings, finite numbers, JSON
 * data only), the shape errors of `version`, `$defs`, `actions`, `resources` and their
 * entries, ajv refusing the document as a whole, and a non-Error thrown by a Proxy — every
 * one a diagnostic and a null schema, never a throw.
 */
import { describe, expect, it } from "vitest";
import { loadAttributeSchema, SCHEMA_LIMITS } from "../../src/attributes/schema.js";
import { schemaMessages } from "../helpers/schema-messages.js";

describe("bounds on the document", () => {
  it("refuses more than 200,000 values", () => {
    const big = { type: "object", enum: Array.from({ length: SCHEMA_LIMITS.maxNodes }, () => 0) };
    expect(schemaMessages({ subject: big })).toEqual([`E0752 the schema has more than ${SCHEMA_LIMITS.maxNodes} values`]);
  });

  it("refuses a string longer than 64 KiB, naming where", () => {
    const long = "x".repeat(SCHEMA_LIMITS.maxStringLength + 1);
    expect(schemaMessages({ subject: { type: "object", description: long } })).toEqual([
      `E0752 \`/subject/description\` is a string longer than ${SCHEMA_LIMITS.maxStringLength}`,
    ]);
    // At the bound: accepted.
    expect(schemaMessages({ subject: { type: "object", description: long.slice(1) } })).toEqual([]);
  });

  it("refuses numbers JSON cannot hold", () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(schemaMessages({ subject: { type: "integer", maximum: n } })).toEqual(["E0752 `/subject/maximum` is not a finite number"]);
    }
  });

  it("refuses array holes and getters in arrays", () => {
    const holed: unknown[] = ["a"];
    holed.length = 2;
    expect(schemaMessages({ actions: holed })).toEqual(["E0752 `/actions/1` is not a JSON value"]);
    const gotten = ["a"];
    Object.defineProperty(gotten, 1, { enumerable: true, get: () => "b" });
    expect(schemaMessages({ actions: gotten })).toEqual(["E0752 `/actions/1` is not a JSON value"]);
  });

  it("refuses a root whose prototype changes between two looks, and a Proxy that throws a non-Error", () => {
    let calls = 0;
    const shifty = new Proxy({}, { getPrototypeOf: () => (++calls === 1 ? Object.prototype : Array.prototype) });
    expect(schemaMessages(shifty)).toEqual(["E0752 `/` is not a JSON value"]);
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw "boom\nsecond line";
        },
      },
    );
    expect(schemaMessages(hostile)).toEqual(["E0751 invalid attribute schema: boom"]);
  });
});

describe("shape errors", () => {
  it("refuses a version other than 1, and accepts 1", () => {
    expect(schemaMessages({ version: 2 })).toEqual(["E0750 `version` must be 1"]);
    expect(schemaMessages({ version: "1" })).toEqual(["E0750 `version` must be 1"]);
    expect(schemaMessages({ version: 1 })).toEqual([]);
  });

  it("refuses `$defs` that is not an object of schemas", () => {
    expect(schemaMessages({ $defs: [] })).toEqual(["E0750 `$defs` must be an object of JSON Schemas"]);
    expect(schemaMessages({ $defs: { A: 3 } })).toEqual(["E0750 `$defs/A` must be a JSON Schema (object or boolean)"]);
    expect(schemaMessages({ $defs: { A: true, B: { type: "string" } } })).toEqual([]);
  });

  it("refuses `actions` that is not a list of distinct strings", () => {
    expect(schemaMessages({ actions: "tools/call" })).toEqual(["E0750 `actions` must be an array of strings"]);
    expect(schemaMessages({ actions: ["tools/call", 3] })).toEqual(["E0750 `actions` must be an array of strings"]);
    expect(schemaMessages({ actions: ["tools/call", "tools/call"] })).toEqual(["E0750 `actions` lists an action twice"]);
  });

  it("refuses more than 10,000 resource entries, and accepts 10,000", () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
    expect(schemaMessages({ resources: entries(SCHEMA_LIMITS.maxResources + 1) })).toEqual([
      `E0752 \`resources\` has more than ${SCHEMA_LIMITS.maxResources} entries`,
    ]);
    expect(loadAttributeSchema({ resources: entries(SCHEMA_LIMITS.maxResources) }).schema?.resources).toHaveLength(SCHEMA_LIMITS.maxResources);
  });

  it("refuses an entry's schema or arguments that are not schemas", () => {
    expect(schemaMessages({ resources: [{ id: "a", schema: 3 }] })).toEqual(["E0750 `/resources/0/schema` must be a JSON Schema"]);
    expect(schemaMessages({ resources: [{ id: "a", arguments: [] }] })).toEqual([
      "E0750 `/resources/0/arguments` must map action globs to JSON Schemas",
    ]);
    expect(schemaMessages({ resources: [{ id: "a", arguments: { "tools/call": "string" } }] })).toEqual([
      "E0750 `/resources/0/arguments/tools/call` must be a JSON Schema",
    ]);
  });
});

describe("what ajv would refuse as a whole document", () => {
  // Two sections with the same `$id`, or one taking the root's, made ajv's addSchema
  // throw; `$id` is refused before ajv sees the document (schema-refs-branches.test.ts).
  it("is refused as an `$id` first", () => {
    const refusal = (at: string) => `E0751 \`${at}/$id\`: \`$id\` is not supported in an attribute schema (a \`$ref\` names a definition of the document's \`$defs\`)`;
    expect(schemaMessages({ subject: { $id: "urn:x", type: "object" }, env: { $id: "urn:x", type: "object" } })).toEqual([refusal("/subject"), refusal("/env")]);
    expect(schemaMessages({ subject: { $id: "urn:mcpolicy:attributes", type: "object" } })).toEqual([refusal("/subject")]);
  });
});
