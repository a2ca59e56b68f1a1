/**
 * Branches of validate-request.ts and resource-match.ts the rest of the suite does not
 * reach: array indices in the member path, validators that fail without (usable) errors,
 * `env` under `argumentsUnknown` (couldAllow) that is no plain object or is a hostile
 * Proxy, the bounded glob cache, and globs that cannot be compiled (a request is then
 * refused, never accepted for want of a matcher, and nothing throws).
 */
import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { entriesForId, globMatches } from "../../src/attributes/resource-match.js";
import { type AttributeSchema, loadAttributeSchema, type ResourceEntry } from "../../src/attributes/schema.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";

function load(document: unknown): AttributeSchema {
  const { schema, diagnostics } = loadAttributeSchema(document);
  expect(diagnostics).toEqual([]);
  if (schema === null) throw new Error("schema must load");
  return schema;
}

const SCHEMA = load({
  subject: {
    type: "object",
    properties: { id: { type: "string" }, roles: { type: "array", items: { type: "string" } }, "a/b": { type: "array", items: { type: "integer" } } },
    required: ["id"],
  },
  env: { type: "object", properties: { hour: { type: "integer", maximum: 23 } }, required: ["hour"] },
  actions: ["tools/call"],
  resources: [{ id: "tool:x", arguments: { "tools/call": { type: "object", required: ["path"] } } }],
});

function messages(schema: AttributeSchema, subject: unknown, resource: unknown, action: unknown, env: unknown, argumentsUnknown = false): string[] {
  return createRequestValidator(schema)(subject, resource, action, env, argumentsUnknown).map((e) => {
    expect(e.policy).toBeNull();
    return e.message;
  });
}

describe("member paths", () => {
  it("names an array element by its index, and unescapes / in a name", () => {
    expect(messages(SCHEMA, { id: "a", roles: ["x", 3] }, "tool:x", "tools/call", { hour: 1, arguments: { path: "p" } })).toEqual([
      "invalid subject.roles[1]: must be string",
    ]);
    expect(messages(SCHEMA, { id: "a", "a/b": [1, 2.5] }, "tool:x", "tools/call", { hour: 1, arguments: { path: "p" } })).toEqual([
      "invalid subject.a/b[1]: must be integer",
    ]);
  });
});

describe("a validator that fails without a usable error", () => {
  /** The schema with its subject validator replaced: ajv always sets errors, a stand-in may not. */
  function withSubjectValidator(validate: (value: unknown) => boolean, errors: unknown): AttributeSchema {
    const fake = Object.assign(validate, { errors }) as unknown as ValidateFunction;
    return { ...SCHEMA, subject: { ...(SCHEMA.subject as NonNullable<AttributeSchema["subject"]>), validate: fake } };
  }

  it("still refuses the request", () => {
    const env = { hour: 1, arguments: { path: "p" } };
    expect(messages(withSubjectValidator(() => false, null), { id: "a" }, "tool:x", "tools/call", env)).toEqual(["invalid subject"]);
    expect(messages(withSubjectValidator(() => false, []), { id: "a" }, "tool:x", "tools/call", env)).toEqual(["invalid subject"]);
    const noMessage = [{ keyword: "custom", instancePath: "/id", schemaPath: "#", params: {} }];
    expect(messages(withSubjectValidator(() => false, noMessage), { id: "a" }, "tool:x", "tools/call", env)).toEqual([
      "invalid subject.id: does not match the schema",
    ]);
    const throwing = withSubjectValidator(() => {
      throw new Error("boom");
    }, null);
    expect(messages(throwing, { id: "a" }, "tool:x", "tools/call", env)).toEqual(["invalid subject: cannot be validated"]);
  });
});

describe("env when the arguments are unknown (couldAllow)", () => {
  const subject = { id: "a" };

  it("refuses an env that is not an object", () => {
    for (const env of [null, "env", 7, ["hour"]]) {
      expect(messages(SCHEMA, subject, "tool:x", "tools/call", env, true)).toEqual(["malformed env: expected an object"]);
    }
  });

  it("refuses an env that is not a plain object, without reading it", () => {
    class Env {
      hour = 1;
    }
    expect(messages(SCHEMA, subject, "tool:x", "tools/call", new Env(), true)).toEqual(["malformed env: env is not a plain object"]);
    expect(messages(SCHEMA, subject, "tool:x", "tools/call", new Map([["hour", 1]]), true)).toEqual(["malformed env: env is not a plain object"]);
  });

  it("ignores only `arguments`, and accepts an env of null prototype", () => {
    const env = Object.assign(Object.create(null), { hour: 1, arguments: "not an object" });
    expect(messages(SCHEMA, subject, "tool:x", "tools/call", env, true)).toEqual([]);
    expect(messages(SCHEMA, subject, "tool:x", "tools/call", { hour: Number.NaN, arguments: {} }, true)).toEqual([
      "malformed env: env.hour is not a finite number",
    ]);
  });

  it("treats a Proxy whose prototype cannot be read as malformed, never throwing", () => {
    const hostile = new Proxy(
      { hour: 1 },
      {
        getPrototypeOf: () => {
          throw new Error("boom");
        },
      },
    );
    expect(messages(SCHEMA, subject, "tool:x", "tools/call", hostile, true)).toEqual(["malformed env: env cannot be read"]);
  });

  it("skips a key a Proxy lists but does not have, and runs no getter", () => {
    let read = false;
    const target: Record<string, unknown> = { hour: 1 };
    Object.defineProperty(target, "late", {
      enumerable: true,
      get: () => {
        read = true;
        return 1;
      },
    });
    const phantom = new Proxy(target, { ownKeys: () => ["hour", "late", "ghost", "arguments"] });
    expect(messages(SCHEMA, subject, "tool:x", "tools/call", phantom, true)).toEqual([]);
    expect(read).toBe(false);
  });
});

describe("globMatches", () => {
  it("keeps matching correctly after its cache of compiled globs fills and is cleared", () => {
    for (let i = 0; i < 4200; i++) {
      expect(globMatches(`t${i}x`, `t${i}*`)).toBe(true);
      expect(globMatches(`u${i}x`, `t${i}*`)).toBe(false);
    }
    expect(globMatches("t0x", "t0*")).toBe(true);
    expect(globMatches("t4199", "t4199*")).toBe(true);
  });

  it("matches nothing (fails closed) for a glob minimatch refuses to compile", () => {
    const huge = `${"a".repeat(70_000)}*`;
    expect(globMatches("a".repeat(70_001), huge)).toBe(false);
    expect(globMatches("a".repeat(70_001), huge)).toBe(false); // from the cache
  });
});

describe("entriesForId with an entry list built by the caller", () => {
  it("does not select an entry whose glob cannot be compiled, and still finds the others", () => {
    const entry = (pattern: string, exact: boolean): ResourceEntry => ({ pattern, exact, type: null, validate: null, arguments: [], pointer: "/x" });
    const bad = entry(`${"a".repeat(70_000)}*`, false);
    const good = entry("a*", false);
    const list = [bad, good];
    expect(entriesForId(list, "a".repeat(70_001))).toEqual([good]);
    expect(entriesForId([bad], "a".repeat(70_001))).toEqual([]);
  });

  it("refuses a request whose only matching entry cannot be compiled: an unknown resource", () => {
    const base = load({ resources: [{ pattern: "a*" }] });
    const bad: ResourceEntry = { pattern: `${"a".repeat(70_000)}*`, exact: false, type: null, validate: null, arguments: [], pointer: "/resources/0" };
    const schema: AttributeSchema = { ...base, resources: [bad] };
    const id = "a".repeat(70_001);
    expect(messages(schema, { id: "s" }, id, "tools/call", {})).toEqual([`unknown resource \`${id}\``]);
  });
});
